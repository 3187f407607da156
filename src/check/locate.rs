//! Source positions for JSON pointers, from a second, position-aware parse
//! with saphyr. It runs only for files that have findings, so the common
//! path parses each file once.

use std::collections::HashMap;

use saphyr_parser::{Event, ScalarStyle};

use super::diagnostic::Span;
pub(crate) use crate::store::spans::line_column;
use crate::store::spans::{Events, Spanned, quoted_end, skip_properties};

/// Where each node of a document is.
#[derive(Debug, Default)]
pub(crate) struct Locations {
    /// Pointer → the node's value.
    pub values: HashMap<String, Span>,
    /// Pointer → the key of the mapping entry holding the node.
    pub keys: HashMap<String, Span>,
    /// Keys that appear a second time in their mapping: (pointer of the entry, span of the repeated key).
    pub duplicates: Vec<(String, Span)>,
}

enum Frame {
    Map { pointer: String, key: Option<String>, seen: Vec<String> },
    Seq { pointer: String, index: usize },
}

/// Escapes one pointer segment (RFC 6901).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Locates every node of `text`. Parsing stops quietly at the first syntax
/// error: what was located up to there is kept.
pub(crate) fn locate(text: &str) -> Locations {
    let line_end = |offset: usize| text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);

    let mut out = Locations::default();
    let mut stack: Vec<Frame> = Vec::new();
    for Spanned { event, start, end, .. } in Events::new(text) {
        let end = end.max(start);
        let node = match &event {
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) | Event::Alias(..) => true,
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                false
            }
            _ => false,
        };
        if !node {
            continue;
        }
        // A node is either a key of the enclosing mapping or a value somewhere.
        let pointer = match stack.last_mut() {
            Some(Frame::Map { pointer, key, seen }) if key.is_none() => {
                let name = match &event {
                    Event::Scalar(value, ..) => value.to_string(),
                    _ => String::from("?"),
                };
                let entry = format!("{pointer}/{}", escape(&name));
                let key_span = Span { offset: start, len: end.saturating_sub(start).max(1) };
                if seen.contains(&name) {
                    out.duplicates.push((entry.clone(), key_span));
                } else {
                    seen.push(name.clone());
                    out.keys.insert(entry, key_span);
                }
                *key = Some(name);
                continue;
            }
            Some(Frame::Map { pointer, key, .. }) => format!("{pointer}/{}", escape(&key.take().unwrap_or_default())),
            Some(Frame::Seq { pointer, index }) => {
                *index += 1;
                format!("{pointer}/{}", *index - 1)
            }
            None => String::new(),
        };
        // Collections are labelled on their first line only; scalars up to where they end on that line.
        let stop = match &event {
            Event::Scalar(_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, ..) => {
                // An anchor or tag comes before the quote.
                quoted_end(text, skip_properties(text, start)).unwrap_or(end).min(line_end(start))
            }
            Event::Scalar(..) => end.min(line_end(start)),
            _ => line_end(start),
        };
        let len = text[start..stop].trim_end().len().max(1);
        out.values.entry(pointer.clone()).or_insert(Span { offset: start, len });
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { pointer, key: None, seen: Vec::new() }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { pointer, index: 0 }),
            _ => {}
        }
    }
    out
}

/// The byte offset of a 1-based line and column.
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col: usize = l.chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
            return offset + col;
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "id: BL-1\ntitle: \"Pay\"   # c\nrice: {reach: 800, effort: 0}\nlabels:\n  - a\n  - b\nid: BL-2\n";

    fn at(span: Span) -> (usize, usize, &'static str) {
        let (l, c) = line_column(TEXT, span.offset);
        (l, c, &TEXT[span.offset..span.offset + span.len])
    }

    #[test]
    fn finds_keys_and_values() {
        let loc = locate(TEXT);
        assert_eq!(at(loc.values["/title"]), (2, 8, "\"Pay\""));
        assert_eq!(at(loc.keys["/title"]), (2, 1, "title"));
        assert_eq!(at(loc.values["/rice/effort"]), (3, 28, "0"));
        assert_eq!(at(loc.values["/labels/1"]), (6, 5, "b"));
        assert_eq!(at(loc.values[""]).0, 1);
    }

    #[test]
    fn finds_duplicate_keys() {
        let loc = locate(TEXT);
        assert_eq!(loc.duplicates.len(), 1);
        assert_eq!(loc.duplicates[0].0, "/id");
        assert_eq!(at(loc.duplicates[0].1), (7, 1, "id"));
    }

    #[test]
    fn quoted_values_with_an_anchor_or_tag_end_at_their_quote() {
        let text = "a: &x \"foo\"   # c\nb: !!str 'it''s' # tagged!\n";
        let loc = locate(text);
        let shown = |span: Span| &text[span.offset..span.offset + span.len];
        assert_eq!(shown(loc.values["/a"]), "&x \"foo\"");
        assert_eq!(shown(loc.values["/b"]), "!!str 'it''s'");
    }

    #[test]
    fn offsets_and_positions_agree() {
        for (line, column) in [(1, 1), (2, 8), (6, 5)] {
            assert_eq!(line_column(TEXT, offset_of(TEXT, line, column)), (line, column));
        }
    }
}
