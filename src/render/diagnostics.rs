//! `pm check` output: human (miette, with the source line and a label on the
//! exact key or value), JSON, and GitHub workflow annotations.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use serde_json::json;

use crate::check::{Diagnostic, Report};
use crate::model::config::Severity;

/// A file's text for miette, reporting columns in characters (miette counts bytes),
/// so that the `file:line:column` header agrees with `--format json`.
struct Source {
    name: String,
    text: String,
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let start = inner.span().offset().min(self.text.len());
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = self.text.get(line_start..start).map_or(inner.column(), |s| s.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// The text with every unsafe character (escape sequences, a lone carriage
/// return) shown as `\u{..}`, as [`super::text::terminal`] shows it, and
/// a span moved to the same bytes in the new text. Line breaks and tabs stay.
fn neutralise(text: &str, span: Option<crate::check::Span>) -> (String, Option<crate::check::Span>) {
    let mut out = String::with_capacity(text.len());
    // (offset in `text`, bytes added before it)
    let mut shifts: Vec<(usize, usize)> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let keep = matches!(c, '\n' | '\t') || (c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n'));
        if super::text::is_unsafe(c) && !keep {
            let shown = format!("\\u{{{:x}}}", c as u32);
            let added = shifts.last().map_or(0, |s| s.1) + shown.len() - c.len_utf8();
            out.push_str(&shown);
            shifts.push((i + c.len_utf8(), added));
        } else {
            out.push(c);
        }
    }
    let moved = |offset: usize| offset + shifts.iter().take_while(|(at, _)| *at <= offset).last().map_or(0, |s| s.1);
    let span = span.map(|s| {
        let start = moved(s.offset);
        crate::check::Span { offset: start, len: moved(s.offset + s.len) - start }
    });
    (out, span)
}

struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<Source>,
    /// `d.span` in the neutralised source text.
    span: Option<crate::check::Span>,
}

impl std::fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.d.rule, super::text::terminal(&self.d.message))
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            _ => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.d.help.as_ref().map(|h| Box::new(super::text::terminal(h)) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        self.source.as_ref()?;
        let label = self.d.label.as_ref().map(|l| super::text::terminal(l));
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(label, SourceSpan::from((span.offset, span.len))))))
    }
}

/// Every diagnostic drawn with its source line, then a summary line.
pub fn human(report: &Report, display: impl Fn(&str) -> String, color: bool, width: usize) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width).with_context_lines(1);
    let mut out = String::new();
    for d in &report.diagnostics {
        let shown_path = super::text::terminal(&display(&d.path));
        let mut span = d.span;
        let source = report.texts.get(&d.path).map(|t| {
            // Spans are counted without a byte-order mark.
            let (text, moved) = neutralise(t.strip_prefix('\u{feff}').unwrap_or(t), d.span);
            span = moved;
            Source { name: shown_path.clone(), text }
        });
        let has_source = source.is_some() && d.span.is_some();
        let shown = Shown { d, source, span };
        if !has_source {
            let at = match (d.line, d.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                _ => String::new(),
            };
            out.push_str(&format!("{shown_path}{at}\n"));
        }
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{}: {}\n", d.rule, super::text::terminal(&d.message)));
        }
        out.push('\n');
    }
    out
}

/// `3 errors, 1 warning in 2 files`, or what was checked when all is well.
pub fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let infos = report.count(Severity::Info);
    if errors + warnings + infos == 0 {
        let n = report.files_checked;
        return format!("No problems in {n} file{}\n", if n == 1 { "" } else { "s" });
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if infos > 0 {
        parts.push(plural(infos, "note"));
    }
    format!("{} in {}\n", parts.join(", "), plural(report.files_with_findings(), "file"))
}

/// The stable JSON form: an array of findings.
pub fn json(report: &Report, display: impl Fn(&str) -> String) -> String {
    let rows: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "path": display(&d.path),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    super::backlog::to_json(&rows)
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: one `::error file=...,line=...::message` per finding.
pub fn github(report: &Report, display: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        let mut props = vec![format!("file={}", super::text::terminal(&escape_property(&display(&d.path))))];
        if let Some(l) = d.line {
            props.push(format!("line={l}"));
        }
        if let Some(c) = d.column {
            props.push(format!("col={c}"));
        }
        props.push(format!("title={}", escape_property(&format!("pm check: {}", d.rule))));
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str(&format!("\n{h}"));
        }
        // Line breaks are escaped for the runner; other control characters are shown, not sent.
        out.push_str(&format!("::{level} {}::{}\n", props.join(","), super::text::terminal(&escape_data(&message))));
    }
    out
}
