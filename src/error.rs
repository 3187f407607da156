//! The library's error type. Each variant knows whether it is a refusal (the
//! product data or the request is wrong: exit 1) or a failure to run (exit 2);
//! the CLI edge adds colour and source snippets.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in a file something went wrong: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no product found in `{}` or any directory above it", start.display())]
    NoProduct { start: PathBuf },

    #[error("no {noun} {id}")]
    NotFound { noun: &'static str, id: String, suggestions: Vec<String> },

    /// A file that cannot be read as the artifact it should be.
    #[error("{}{}: {message}", path.display(), position.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default())]
    Parse { path: PathBuf, position: Option<Position>, message: String },

    /// Values that would make an artifact invalid; nothing was written.
    #[error("{}", invalid_message(subject, problems))]
    Invalid { subject: String, problems: Vec<String> },

    /// The operation is not allowed in the product's current state.
    #[error("{message}")]
    Refused { message: String, hint: Option<String> },

    /// The request itself is malformed.
    #[error("{message}")]
    Usage { message: String, hint: Option<String> },

    #[error("{action} `{}`: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },

    #[error("git: {message}")]
    Git { message: String, hint: Option<String> },
}

fn invalid_message(subject: &str, problems: &[String]) -> String {
    match problems {
        [one] => format!("{subject}: {one}"),
        many => format!("{subject} has {} problems:\n  - {}", many.len(), many.join("\n  - ")),
    }
}

impl Error {
    pub fn refused(message: impl Into<String>) -> Error {
        Error::Refused { message: message.into(), hint: None }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage { message: message.into(), hint: None }
    }

    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { action, path: path.into(), source }
    }

    /// Adds a hint to the variants that carry one.
    pub fn with_hint(mut self, text: impl Into<String>) -> Error {
        if let Error::Refused { hint, .. } | Error::Usage { hint, .. } | Error::Git { hint, .. } = &mut self {
            *hint = Some(text.into());
        }
        self
    }

    /// Whether this is a refusal (exit 1) rather than a failure to run (exit 2).
    pub fn is_refusal(&self) -> bool {
        matches!(self, Error::NotFound { .. } | Error::Parse { .. } | Error::Invalid { .. } | Error::Refused { .. })
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NoProduct { .. } => {
                Some("run `pm init` to create a product here, or `pm -C DIR` to use one elsewhere".to_string())
            }
            Error::NotFound { suggestions, .. } if !suggestions.is_empty() => {
                Some(format!("did you mean {}?", suggestions.join(", ")))
            }
            Error::Parse { .. } => Some("fix the file by hand, then run `pm check`".to_string()),
            Error::Refused { hint, .. } | Error::Usage { hint, .. } | Error::Git { hint, .. } => hint.clone(),
            _ => None,
        }
    }
}
