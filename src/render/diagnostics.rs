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
    /// The lines around the diagnostic (miette reads no further).
    text: String,
    /// The number of lines in the file before `text` (0-based line of its first line).
    first_line: usize,
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
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

/// A file's text with every unsafe character (escape sequences, a lone
/// carriage return) shown as `\u{..}`, as [`super::text::terminal`] shows it,
/// and where its lines start. Line breaks and tabs stay. Made once per file,
/// however many diagnostics it has.
struct Neutral {
    text: String,
    /// (offset in the original text, bytes added before it), in offset order.
    shifts: Vec<(usize, usize)>,
    /// Byte offsets in `text` where lines start.
    lines: Vec<usize>,
}

impl Neutral {
    fn new(original: &str) -> Neutral {
        let mut text = String::with_capacity(original.len());
        let mut shifts: Vec<(usize, usize)> = Vec::new();
        let mut chars = original.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let keep = matches!(c, '\n' | '\t') || (c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n'));
            if super::text::is_unsafe(c) && !keep {
                let shown = format!("\\u{{{:x}}}", c as u32);
                let added = shifts.last().map_or(0, |s| s.1) + shown.len() - c.len_utf8();
                text.push_str(&shown);
                shifts.push((i + c.len_utf8(), added));
            } else {
                text.push(c);
            }
        }
        let lines = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Neutral { text, shifts, lines }
    }

    /// An offset in the original text, moved to the same byte here.
    fn moved(&self, offset: usize) -> usize {
        let before = self.shifts.partition_point(|(at, _)| *at <= offset);
        offset + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }

    /// The lines around `span` (one before, one after) as a [`Source`], and
    /// the span within them.
    fn window(&self, name: &str, span: crate::check::Span) -> (Source, crate::check::Span) {
        let start = self.moved(span.offset).min(self.text.len());
        let end = self.moved(span.offset + span.len).clamp(start, self.text.len());
        let line_of = |offset: usize| self.lines.partition_point(|&l| l <= offset).saturating_sub(1);
        let first = line_of(start).saturating_sub(1);
        let last = line_of(end) + 1;
        let from = self.lines[first];
        let to = self.lines.get(last + 1).copied().unwrap_or(self.text.len());
        let source = Source { name: name.to_string(), text: self.text[from..to].to_string(), first_line: first };
        (source, crate::check::Span { offset: start - from, len: end - start })
    }
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
pub(crate) fn human(report: &Report, display: impl Fn(&str) -> String, color: bool, width: usize) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width).with_context_lines(1);
    let mut out = String::new();
    let mut neutral: std::collections::HashMap<&str, Neutral> = std::collections::HashMap::new();
    for d in &report.diagnostics {
        let shown_path = super::text::terminal(&display(&d.path));
        let mut span = d.span;
        let source = match (report.texts.get(&d.path), d.span) {
            (Some(t), Some(s)) => {
                // Spans are counted without a byte-order mark.
                let n = neutral.entry(&d.path).or_insert_with(|| Neutral::new(t.strip_prefix('\u{feff}').unwrap_or(t)));
                let (source, moved) = n.window(&shown_path, s);
                span = Some(moved);
                Some(source)
            }
            _ => None,
        };
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
pub(crate) fn summary(report: &Report) -> String {
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

/// The JSON Schema of one finding of [`json`], for front ends that declare
/// what they return (the MCP tool `pm_check`).
pub(crate) fn finding_schema() -> serde_json::Value {
    let (text, opt_text, position) =
        (json!({"type": "string"}), json!({"type": ["string", "null"]}), json!({"type": ["integer", "null"]}));
    json!({"type": "object", "required": ["rule", "severity", "path", "line", "column", "message", "help"],
        "properties": {"rule": text, "severity": {"enum": ["error", "warning", "info"]}, "path": text,
            "line": position, "column": position, "message": text, "help": opt_text}})
}

/// The stable JSON form: an array of findings.
pub(crate) fn json(report: &Report, display: impl Fn(&str) -> String) -> String {
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
pub(crate) fn github(report: &Report, display: impl Fn(&str) -> String) -> String {
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

#[cfg(test)]
mod tests {
    use super::Neutral;
    use crate::check::Span;

    #[test]
    fn a_window_holds_the_lines_around_the_span_with_unsafe_characters_shown() {
        let text = "a: 1\nb: \u{1b}x\nc: 3\nd: 4\ne: 5\n";
        let n = Neutral::new(text);
        // The span of `3` (line 3) moves by the five bytes `\u{1b}` adds on line 2.
        let (source, span) = n.window("f", Span { offset: text.find('3').unwrap(), len: 1 });
        assert_eq!(source.text, "b: \\u{1b}x\nc: 3\nd: 4\n");
        assert_eq!(source.first_line, 1);
        assert_eq!(&source.text[span.offset..span.offset + span.len], "3");
        // On the first line there is no line before it.
        let (source, span) = n.window("f", Span { offset: 3, len: 1 });
        assert_eq!((source.text.as_str(), source.first_line, span.offset), ("a: 1\nb: \\u{1b}x\n", 0, 3));
        // On the last line, the window ends with the text.
        let (source, _) = n.window("f", Span { offset: text.find('5').unwrap(), len: 1 });
        assert_eq!((source.text.as_str(), source.first_line), ("d: 4\ne: 5\n", 3));
    }
}
