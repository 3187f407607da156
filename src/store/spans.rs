//! Source positions from the position-aware YAML parser (saphyr-parser), in one place: the
//! parser's events with byte spans, behind the one guard that turns a parser panic into an
//! error, and the text positions built on them (line and column of an offset, the end of a
//! quoted scalar). The lossless editor builds its node tree from these events, `check::locate`
//! finds the span of each node, and [`super::yaml`] counts the nodes that aliases add.

use std::panic::{AssertUnwindSafe, catch_unwind};

use saphyr_parser::{Event, Parser, Span, StrInput};

/// What a parser panic is reported as: the parsers assert internally, and a bug there must
/// become an error, never take the CLI down.
const PARSER_FAILED: &str = "the YAML parser failed on this input";

/// Runs one call into a YAML parser, turning a panic into an error.
pub(crate) fn guarded<T>(parse: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    // The caller never touches what the parser left behind after a panic (see [`Events`]).
    catch_unwind(AssertUnwindSafe(parse)).unwrap_or_else(|_| Err(PARSER_FAILED.to_owned()))
}

/// One parser event and where it is.
pub(crate) struct Spanned<'t> {
    pub(crate) event: Event<'t>,
    /// Byte offset where the event's span starts.
    pub(crate) start: usize,
    /// Byte offset where the event's span ends (never before `start`).
    pub(crate) end: usize,
    /// The parser's own span, for its line and column.
    pub(crate) span: Span,
}

/// The parser's events for a text, in order, with byte spans. Iteration stops at the first
/// syntax error (or parser failure), which [`Events::error`] then reports.
pub(crate) struct Events<'t> {
    parser: Parser<'t, StrInput<'t>>,
    bytes: CharBytes,
    error: Option<String>,
    done: bool,
}

impl<'t> Events<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Events { parser: Parser::new_from_str(text), bytes: CharBytes::new(text), error: None, done: false }
    }

    /// Every event of `text`, or the first syntax error.
    pub(crate) fn all(text: &'t str) -> Result<Vec<Spanned<'t>>, String> {
        let mut events = Events::new(text);
        let all: Vec<Spanned<'t>> = events.by_ref().collect();
        match events.error {
            Some(error) => Err(error),
            None => Ok(all),
        }
    }

    /// The error that ended the events early, if one did.
    #[cfg(test)]
    pub(crate) fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

impl<'t> Iterator for Events<'t> {
    type Item = Spanned<'t>;

    fn next(&mut self) -> Option<Spanned<'t>> {
        if self.done {
            return None;
        }
        // After a panic or an error the parser is never asked again.
        let parser = &mut self.parser;
        match guarded(|| parser.next_event().transpose().map_err(|e| e.to_string())) {
            Ok(Some((event, span))) => {
                let start = self.bytes.byte(span.start.index());
                let end = self.bytes.byte(span.end.index()).max(start);
                Some(Spanned { event, start, end, span })
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                self.error = Some(error);
                None
            }
        }
    }
}

/// The parser counts characters; spans are byte offsets.
struct CharBytes {
    /// Byte offset of every char index, plus the text length; `None` for ASCII text, where the
    /// two are the same (the common case, which then needs no table).
    table: Option<Vec<usize>>,
    len: usize,
}

impl CharBytes {
    fn new(text: &str) -> Self {
        let table = (!text.is_ascii())
            .then(|| text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect());
        CharBytes { table, len: text.len() }
    }

    /// The byte offset of a char index; a position past the end is the end.
    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.len),
            Some(table) => table.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset; an offset inside a character
/// counts as that character's start, one past the end as the end.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The end (exclusive) of the quoted scalar whose opening quote is at `start`, or `None` when
/// `start` is not a quote or the scalar is not closed.
pub(crate) fn quoted_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(start)?;
    let mut i = start + 1;
    match quote {
        b'"' => loop {
            match bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        },
        b'\'' => loop {
            match (bytes.get(i)?, bytes.get(i + 1)) {
                (b'\'', Some(b'\'')) => i += 2,
                (b'\'', _) => return Some(i + 1),
                _ => i += 1,
            }
        },
        _ => None,
    }
}

/// Skip anchors and tags (and the blanks after them) to where the node's content starts.
pub(crate) fn skip_properties(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    while matches!(bytes.get(p), Some(b'&' | b'!')) {
        while bytes.get(p).is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
            p += 1;
        }
        while matches!(bytes.get(p), Some(b' ' | b'\t')) {
            p += 1;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_byte_offsets() {
        let text = "é: [ü, x]\n";
        let events = Events::all(text).unwrap();
        let scalars: Vec<&str> =
            events.iter().filter(|e| matches!(e.event, Event::Scalar(..))).map(|e| &text[e.start..e.end]).collect();
        assert_eq!(scalars, ["é", "ü", "x"]);
    }

    #[test]
    fn events_stop_at_the_first_error() {
        let mut events = Events::new("a: [1\n");
        assert!(events.by_ref().count() > 0);
        assert!(events.error().is_some());
        assert!(Events::all("a: [1\n").is_err());
        assert!(Events::all("a: 1\n").is_ok());
    }

    #[test]
    fn a_parser_panic_is_an_error() {
        assert_eq!(guarded::<()>(|| panic!("inside the parser")), Err(PARSER_FAILED.to_owned()));
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "a: 1\nbé: x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 5), (2, 1));
        assert_eq!(line_column(text, 9), (2, 4));
        assert_eq!(line_column(text, 7), (2, 2), "inside `é`");
        assert_eq!(line_column(text, 99), (3, 1));
    }

    #[test]
    fn quoted_scalars_end_after_their_closing_quote() {
        assert_eq!(quoted_end(r#""a\"b" c"#, 0), Some(6));
        assert_eq!(quoted_end("'it''s' c", 0), Some(7));
        assert_eq!(quoted_end("'open", 0), None);
        assert_eq!(quoted_end("plain", 0), None);
    }
}
