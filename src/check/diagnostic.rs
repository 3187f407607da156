//! Findings as data. A rule reports a [`Finding`] against a node of a file
//! (a JSON pointer into its YAML); the pipeline resolves it to a
//! [`Diagnostic`] with a line, a column and a severity. Renderers draw
//! diagnostics; nothing here knows how.

use serde::Serialize;

use crate::error::Position;
use crate::model::config::Severity;

/// Which part of a mapping entry a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    Key,
    Value,
}

/// What a rule found, before positions are known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub rule: &'static str,
    /// File below the product folder (`backlog/BL-1.yaml`).
    pub path: String,
    /// JSON pointer of the node (`/rice/effort`); empty for the whole file.
    pub pointer: String,
    pub at: At,
    pub message: String,
    /// A short text drawn under the source span.
    pub label: Option<String>,
    pub help: Option<String>,
    /// Known up front for problems found before YAML parsing (syntax errors, conflict markers).
    pub position: Option<Position>,
}

impl Finding {
    pub(crate) fn new(
        rule: &'static str,
        path: &str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            path: path.to_string(),
            pointer: pointer.into(),
            at: At::Value,
            message: message.into(),
            label: None,
            help: None,
            position: None,
        }
    }

    pub(crate) fn at_key(mut self) -> Finding {
        self.at = At::Key;
        self
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Finding {
        self.label = Some(label.into());
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn position(mut self, position: Option<Position>) -> Finding {
        self.position = position;
        self
    }
}

/// A byte range in a file's text (after any byte-order mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

/// A finding with its severity and place in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// File below the product folder.
    pub path: String,
    /// 1-based; `None` when the problem has no place inside the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    #[serde(skip)]
    pub span: Option<Span>,
    pub message: String,
    #[serde(skip)]
    pub label: Option<String>,
    pub help: Option<String>,
    /// JSON pointer of the node in the file (for writes that fix what they find).
    #[serde(skip)]
    pub pointer: String,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}
