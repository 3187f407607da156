//! Parsing: a node tree with byte positions (values, keys, `:` and `-` indicators, scalar
//! styles), built from saphyr-parser events, that the operations edit in place.

use saphyr_parser::{Event, ScalarStyle};
use yaml_serde::Value;

use crate::store::spans::{Spanned, guarded, quoted_end, skip_properties};

use super::scan::{block_scalar_end, col, find_colon, find_indicator, line_content_end, skip_ws_comments};

#[derive(Debug)]
pub(super) struct Node {
    pub(super) kind: Kind,
    /// Byte offset where the node's own text starts (the quote, `[`, `|`, first `-` or key).
    pub(super) start: usize,
    /// Byte offset just past the node's own text; for block scalars and block collections, the
    /// end of the last line that belongs to them (trailing comments and blank lines excluded).
    pub(super) end: usize,
    /// Has an anchor or a tag.
    pub(super) props: bool,
}

#[derive(Debug)]
pub(super) enum Kind {
    Scalar { value: String, style: ScalarStyle },
    Alias,
    Seq { flow: bool, items: Vec<Item> },
    Map { flow: bool, entries: Vec<Entry> },
}

#[derive(Debug)]
pub(super) struct Item {
    /// Position of the `-` for block sequence elements.
    pub(super) dash: Option<usize>,
    pub(super) node: Node,
}

#[derive(Debug)]
pub(super) struct Entry {
    pub(super) key: Node,
    /// Position of the `:` when it is on the key's line (always, except for `?` keys).
    pub(super) colon: Option<usize>,
    pub(super) value: Node,
}

/// The indicators of a block scalar's header (`2-` of `|2-`), if `node` is one.
pub(super) fn block_header<'a>(text: &'a str, node: &Node) -> Option<&'a str> {
    if !node.is_block_scalar() {
        return None;
    }
    let after = text.get(node.start + 1..)?;
    let len = after.find(|c: char| !(c.is_ascii_digit() || c == '+' || c == '-')).unwrap_or(after.len());
    Some(&after[..len])
}

/// Where to write `-` into the header of `node` before lines are added after it: a block
/// scalar with clip chomping (`|`, `>`) that ends a file without a final newline. Its value
/// lacks a final line break only because the file ends there; once lines follow, the break
/// would belong to the value unless the header strips it.
pub(super) fn strip_point(text: &str, node: &Node) -> Option<usize> {
    let header = block_header(text, node)?;
    let at_end = text.get(node.end..).is_some_and(|rest| rest.trim_end_matches([' ', '\t']).is_empty());
    (at_end && !text.ends_with('\n') && !header.contains(['-', '+'])).then_some(node.start + 1)
}

impl Node {
    pub(super) fn is_flow(&self) -> bool {
        matches!(self.kind, Kind::Seq { flow: true, .. } | Kind::Map { flow: true, .. })
    }

    pub(super) fn is_block_scalar(&self) -> bool {
        matches!(self.kind, Kind::Scalar { style: ScalarStyle::Literal | ScalarStyle::Folded, .. })
    }

    pub(super) fn is_empty_plain(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, style: ScalarStyle::Plain } if value.is_empty())
    }

    /// Whether the value is written within its own bytes on the key's line (possibly wrapping).
    pub(super) fn is_inline(&self) -> bool {
        match &self.kind {
            Kind::Alias => true,
            Kind::Scalar { .. } => !self.is_block_scalar() && !self.is_empty_plain(),
            Kind::Seq { flow, .. } | Kind::Map { flow, .. } => *flow,
        }
    }

    pub(super) fn entries(&self) -> &[Entry] {
        match &self.kind {
            Kind::Map { entries, .. } => entries,
            _ => &[],
        }
    }
}

/// Parses `text` with yaml_serde, the reader that pm loads files with.
pub(super) fn parse_value(text: &str) -> Result<Value, String> {
    guarded(|| yaml_serde::from_str::<Value>(text).map_err(|e| e.to_string()))
}

pub(super) fn document_count(events: &[Spanned]) -> usize {
    events.iter().filter(|e| matches!(e.event, Event::DocumentStart(_))).count()
}

/// The node tree of the document whose `DocumentStart` event is `events[doc_start]`.
pub(super) fn build(text: &str, events: &[Spanned], doc_start: usize) -> Result<Node, String> {
    let mut builder = Builder { text, events, next: doc_start + 1 };
    // A top-level block list's first `-` is looked for after the `---` marker, if any.
    builder.node(events[doc_start].end, 0, 0)
}

struct Builder<'t, 'e> {
    text: &'t str,
    events: &'e [Spanned<'t>],
    next: usize,
}

const MAX_DEPTH: usize = 256;

impl<'t> Builder<'t, '_> {
    fn bump(&mut self) -> Result<(&Event<'t>, usize, usize), String> {
        let e = self.events.get(self.next).ok_or_else(|| "unexpected end of the document".to_owned())?;
        self.next += 1;
        Ok((&e.event, e.start, e.end))
    }

    /// Consume the closing event if it comes next, returning the start of its span.
    fn close(&mut self, closing: fn(&Event) -> bool) -> Result<Option<usize>, String> {
        match self.events.get(self.next) {
            Some(e) if closing(&e.event) => {
                self.next += 1;
                Ok(Some(e.start))
            }
            _ => Ok(None),
        }
    }

    /// Whether a collection whose start event covers `start..span_end` is a flow collection, and
    /// where its opening bracket is. Block collections have empty spans, except that anchors and
    /// tags are included (with the blanks after them); flow spans may also run on over blanks.
    fn flow_open(&self, start: usize, span_end: usize, open: u8) -> Option<usize> {
        let at = skip_ws_comments(self.text, skip_properties(self.text, start));
        (at < span_end && self.text.as_bytes().get(at) == Some(&open)).then_some(at)
    }

    /// Position just past the closing bracket, searched from the end event's span, which may
    /// start at a trailing comma instead of the bracket.
    fn flow_close(&self, from: usize, close: u8) -> Result<usize, String> {
        let bytes = self.text.as_bytes();
        let mut p = skip_ws_comments(self.text, from);
        if bytes.get(p) == Some(&b',') {
            p = skip_ws_comments(self.text, p + 1);
        }
        if bytes.get(p) == Some(&close) {
            Ok(p + 1)
        } else {
            Err("could not find the end of a flow collection".to_owned())
        }
    }

    /// Build the next node. `lead` is where the node's own text may begin (just past the parent's
    /// `:` or `-`), `indent` is the parent's indentation (bounds block scalars).
    pub(super) fn node(&mut self, lead: usize, indent: usize, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err("the document is nested too deeply".to_owned());
        }
        let text = self.text;
        let (event, start, span_end) = self.bump()?;
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let props = *anchor != 0 || tag.is_some();
                let content = if props { skip_properties(text, start) } else { start };
                let (start, end) = match style {
                    ScalarStyle::Plain if value.is_empty() => {
                        let at = if props { content } else { lead };
                        (at, at)
                    }
                    ScalarStyle::Plain => (start, span_end),
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        let end = quoted_end(text, content)
                            .ok_or_else(|| "could not find the end of a quoted scalar".to_owned())?;
                        (content, end)
                    }
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        // The header may sit on the line after the key.
                        let header = skip_ws_comments(text, if props { content } else { lead });
                        if !matches!(text.as_bytes().get(header), Some(b'|' | b'>')) {
                            return Err("could not find a block scalar's `|` or `>`".to_owned());
                        }
                        let end = block_scalar_end(text, header, indent);
                        if end > span_end.max(line_content_end(text, header)) {
                            return Err("could not find the end of a block scalar".to_owned());
                        }
                        (header, end)
                    }
                };
                Ok(Node { kind: Kind::Scalar { value: value.to_string(), style: *style }, start, end, props })
            }
            Event::Alias(_) => Ok(Node { kind: Kind::Alias, start, end: span_end, props: false }),
            Event::SequenceStart(anchor, tag) => {
                let props = *anchor != 0 || tag.is_some();
                let open = self.flow_open(start, span_end, b'[');
                let flow = open.is_some();
                let mut cursor = match open {
                    Some(open) => open + 1,
                    None if props => skip_properties(text, start),
                    None => lead,
                };
                let mut items = Vec::new();
                let end = loop {
                    if let Some(close) = self.close(|e| matches!(e, Event::SequenceEnd))? {
                        break if flow { self.flow_close(close.max(cursor), b']')? } else { cursor };
                    }
                    let item = if flow {
                        Item { dash: None, node: self.node(cursor, indent, depth + 1)? }
                    } else {
                        let dash = find_indicator(text, cursor, b'-')
                            .ok_or_else(|| "could not find a list element's `-`".to_owned())?;
                        let node = self.node(dash + 1, col(text, dash), depth + 1)?;
                        Item { dash: Some(dash), node }
                    };
                    cursor = item.node.end;
                    items.push(item);
                };
                let start = match (open, items.first()) {
                    (Some(open), _) => open,
                    (None, Some(Item { dash: Some(d), .. })) => *d,
                    _ => start,
                };
                Ok(Node { kind: Kind::Seq { flow, items }, start, end, props })
            }
            Event::MappingStart(anchor, tag) => {
                let props = *anchor != 0 || tag.is_some();
                let open = self.flow_open(start, span_end, b'{');
                let flow = open.is_some();
                let mut cursor = open.map_or(start, |open| open + 1);
                let mut entries: Vec<Entry> = Vec::new();
                let end = loop {
                    if let Some(close) = self.close(|e| matches!(e, Event::MappingEnd))? {
                        break if flow { self.flow_close(close.max(cursor), b'}')? } else { cursor };
                    }
                    if matches!(
                        self.events.get(self.next).map(|e| &e.event),
                        Some(Event::SequenceStart(..) | Event::MappingStart(..))
                    ) {
                        return Err("lists or mappings used as keys are not supported".to_owned());
                    }
                    let key = self.node(cursor, indent, depth + 1)?;
                    let colon = find_colon(text, key.end);
                    let key_col = col(text, key.start);
                    let value_lead = colon.map_or(key.end, |c| c + 1);
                    let value = self.node(value_lead, key_col, depth + 1)?;
                    cursor = value.end;
                    entries.push(Entry { key, colon, value });
                };
                let start = match (open, entries.first()) {
                    (Some(open), _) => open,
                    (None, Some(first)) => first.key.start,
                    (None, None) => start,
                };
                Ok(Node { kind: Kind::Map { flow, entries }, start, end, props })
            }
            _ => Err("unexpected parser event".to_owned()),
        }
    }
}
