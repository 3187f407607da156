//! Rendering new values as YAML text: scalars quoted only when needed (keeping the style of the
//! scalar they replace), raw values checked, and mappings and lists laid out as block lines or
//! flow text to match their siblings.

use saphyr_parser::ScalarStyle;
use yaml_serde::Value;

use super::path::{Holder, Slot};
use super::scan::{col, line_content_end, line_start, next_line_start};
use super::tree::{Kind, Node, parse_value};
use super::{Doc, EditError, NewValue, unsupported};

/// A value ready to be written after `key:` or `-`; `lines` (already indented) follow on new
/// lines.
pub(super) struct Rendered {
    pub(super) inline: String,
    pub(super) lines: Vec<String>,
}

impl Rendered {
    pub(super) fn inline(text: &str) -> Self {
        Rendered { inline: text.to_owned(), lines: Vec::new() }
    }

    /// Block lines whose first line moves up onto the `-` (or starts the document).
    fn pulled_up(mut lines: Vec<String>) -> Self {
        let inline = if lines.is_empty() { String::new() } else { lines.remove(0).trim_start().to_owned() };
        Rendered { inline, lines }
    }
}

/// A new value rendered for both contexts, since quoting rules differ inside `[...]`/`{...}` and
/// mappings are laid out differently.
#[derive(Clone)]
pub(super) struct Piece {
    /// One line, for flow context.
    pub(super) flow: String,
    pub(super) block: Block,
}

/// A new value's block-context form.
#[derive(Clone)]
pub(super) enum Block {
    /// Fits after `key: ` or `- `.
    Inline(String),
    /// A non-empty block mapping, laid out when its indentation is known.
    Map(Vec<(String, Piece)>),
    /// A non-empty block list.
    Seq(Vec<Piece>),
}

impl Piece {
    /// A mapping with a non-empty mapping or list among its values.
    pub(super) fn nests(&self) -> bool {
        match &self.block {
            Block::Map(fields) => fields.iter().any(|(_, p)| !matches!(p.block, Block::Inline(_))),
            _ => false,
        }
    }

    pub(super) fn of(value: &NewValue, dotted: &str) -> Result<Self, EditError> {
        Ok(match value {
            NewValue::Str(s) => {
                Piece { flow: render_str(s, true, None), block: Block::Inline(render_str(s, false, None)) }
            }
            NewValue::Raw(raw) => {
                let (text, _) = check_raw(raw, dotted)?;
                Piece { flow: text.to_owned(), block: Block::Inline(text.to_owned()) }
            }
            NewValue::Map(entries) => Piece::map(
                entries
                    .iter()
                    .map(|(key, value)| Ok((key.clone(), Piece::of(value, dotted)?)))
                    .collect::<Result<_, EditError>>()?,
            ),
            NewValue::Seq(items) => {
                let pieces: Vec<Piece> = items.iter().map(|v| Piece::of(v, dotted)).collect::<Result<_, _>>()?;
                let flow = format!("[{}]", pieces.iter().map(|p| p.flow.as_str()).collect::<Vec<_>>().join(", "));
                let block = if pieces.iter().any(|p| !matches!(p.block, Block::Inline(_))) {
                    Block::Seq(pieces)
                } else {
                    Block::Inline(flow.clone())
                };
                Piece { flow, block }
            }
        })
    }

    pub(super) fn map(entries: Vec<(String, Piece)>) -> Self {
        let flow: Vec<String> =
            entries.iter().map(|(key, value)| format!("{}: {}", render_str(key, true, None), value.flow)).collect();
        let flow = format!("{{{}}}", flow.join(", "));
        let block = if entries.is_empty() { Block::Inline("{}".to_owned()) } else { Block::Map(entries) };
        Piece { flow, block }
    }

    /// A one-element list holding this value.
    pub(super) fn list(self) -> Self {
        let flow = format!("[{}]", self.flow);
        let block = match self.block {
            Block::Inline(_) => Block::Inline(flow.clone()),
            _ => Block::Seq(vec![self]),
        };
        Piece { flow, block }
    }
}

/// `value` under the chain of new keys `keys` (`[a, b]` -> `{a: {b: value}}`).
pub(super) fn nest(keys: &[String], value: Piece) -> Piece {
    keys.iter().rev().fold(value, |inner, key| Piece::map(vec![(key.clone(), inner)]))
}

pub(super) const INDENT_STEP: usize = 2;

/// The lines of a block mapping or list whose keys or dashes sit at column `indent`.
fn layout(block: &Block, indent: usize) -> Vec<String> {
    match block {
        Block::Inline(value) => vec![format!("{}{value}", " ".repeat(indent))],
        Block::Map(entries) => entries.iter().flat_map(|(key, value)| entry_lines(key, value, indent)).collect(),
        Block::Seq(items) => items.iter().flat_map(|item| element_lines(item, indent, INDENT_STEP)).collect(),
    }
}

/// `key: value` at column `indent`, or `key:` followed by the nested block.
pub(super) fn entry_lines(key: &str, value: &Piece, indent: usize) -> Vec<String> {
    let line = format!("{}{}:", " ".repeat(indent), render_str(key, false, None));
    match &value.block {
        Block::Inline(inline) => vec![format!("{line} {inline}")],
        block => std::iter::once(line).chain(layout(block, indent + INDENT_STEP)).collect(),
    }
}

/// `- value` with the dash at `dash_col`; a block value starts on the dash line, `gap` columns
/// after the dash, and its other lines are aligned with that start.
pub(super) fn element_lines(value: &Piece, dash_col: usize, gap: usize) -> Vec<String> {
    let pad = " ".repeat(dash_col);
    match &value.block {
        Block::Inline(inline) => vec![format!("{pad}- {inline}")],
        block => {
            let mut lines = layout(block, dash_col + gap);
            if let Some(first) = lines.first_mut() {
                *first = format!("{pad}-{}{}", " ".repeat(gap.max(1) - 1), first.trim_start());
            }
            lines
        }
    }
}

/// `block` laid out as the new value of `slot` in block context.
pub(super) fn block_rendered(doc: &Doc, slot: Slot, block: &Block) -> Result<Rendered, EditError> {
    if let Block::Inline(inline) = block {
        return Ok(Rendered::inline(inline));
    }
    let text = doc.text;
    match slot.holder {
        Holder::Entry { entry, .. } => {
            doc.require_aligned(entry.key.start)?;
            Ok(Rendered { inline: String::new(), lines: layout(block, col(text, entry.key.start) + INDENT_STEP) })
        }
        Holder::Item { item, .. } => {
            let dash = item.dash.ok_or_else(|| doc.unsupported("a block value cannot go inside a flow list"))?;
            doc.require_aligned(dash)?;
            let old = slot.node;
            // Keep the gap after the `-` of a block collection that starts on the dash line.
            let indent = if !old.is_inline()
                && !old.is_empty_plain()
                && !old.is_block_scalar()
                && line_start(text, old.start) == line_start(text, dash)
                && old.start > dash + 1
            {
                col(text, old.start)
            } else {
                col(text, dash) + INDENT_STEP
            };
            Ok(Rendered::pulled_up(layout(block, indent)))
        }
        Holder::Root => Ok(Rendered::pulled_up(layout(block, col(text, slot.node.start)))),
    }
}

/// A raw value must stay on one line and be a scalar or flow collection: anything else would
/// change the line structure around it.
pub(super) fn check_raw<'r>(raw: &'r str, dotted: &str) -> Result<(&'r str, Value), EditError> {
    let text = raw.trim();
    let bad = |why: &str| unsupported(dotted, format!("raw value `{raw}` {why}"));
    if text.is_empty() {
        return Err(bad("is empty"));
    }
    if text.contains(['\n', '\r']) {
        return Err(bad("must be a single line"));
    }
    let value = parse_value(text).map_err(|e| bad(&format!("is not valid YAML ({e})")))?;
    let flow_collection = text.starts_with(['[', '{']);
    if matches!(value, Value::Mapping(_) | Value::Sequence(_)) && !flow_collection || text.starts_with(['|', '>']) {
        return Err(bad("must be a scalar or a flow collection"));
    }
    Ok((text, value))
}

/// Render a value that replaces the one in `slot`, honouring its style.
pub(super) fn render_replacement(
    doc: &Doc,
    value: &NewValue,
    piece: &Piece,
    slot: Slot,
) -> Result<Rendered, EditError> {
    let flow = slot.in_flow();
    let s = match value {
        NewValue::Raw(raw) => return Ok(Rendered::inline(check_raw(raw, &doc.dotted)?.0)),
        // A mapping replacing a flow collection stays flow; otherwise it becomes a block.
        NewValue::Map(_) | NewValue::Seq(_) if flow || slot.node.is_flow() => return Ok(Rendered::inline(&piece.flow)),
        NewValue::Map(_) | NewValue::Seq(_) => return block_rendered(doc, slot, &piece.block),
        NewValue::Str(s) => s,
    };
    let old = slot.node;
    let keep = match &old.kind {
        Kind::Scalar { style, .. } => Some(*style),
        _ => None,
    };
    if !flow
        && keep == Some(ScalarStyle::Literal)
        && let Some(rendered) = render_literal(doc, s, slot)
    {
        return Ok(rendered);
    }
    Ok(Rendered::inline(&render_str(s, flow, keep)))
}

/// Render `s` as a literal block scalar (`|`), the style people use for long descriptions, when
/// it can represent `s` without indentation or chomping tricks.
fn render_literal(doc: &Doc, s: &str, slot: Slot) -> Option<Rendered> {
    let body = s.strip_suffix('\n');
    let header = if body.is_some() { "|" } else { "|-" };
    let body = body.unwrap_or(s);
    let lines: Vec<&str> = body.split('\n').collect();
    let first_content = lines.iter().find(|l| !l.is_empty())?;
    let representable = body.contains('\n')
        && !body.ends_with('\n')
        && !first_content.starts_with([' ', '\t'])
        && !lines.iter().any(|l| !l.is_empty() && l.trim_matches([' ', '\t']).is_empty())
        && body.chars().all(|c| c == '\n' || c == '\t' || is_printable(c));
    if !representable {
        return None;
    }
    let base_col = col(doc.text, slot.anchor()?);
    let indent = existing_block_indent(doc.text, slot.node).filter(|&i| i > base_col).unwrap_or(base_col + INDENT_STEP);
    let pad = " ".repeat(indent);
    Some(Rendered {
        inline: header.to_owned(),
        lines: lines.iter().map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") }).collect(),
    })
}

/// Indentation of the first content line of a block scalar, to keep the author's choice.
fn existing_block_indent(text: &str, node: &Node) -> Option<usize> {
    let mut pos = next_line_start(text, node.start);
    while pos < node.end {
        let end = line_content_end(text, pos);
        let line = text.get(pos..end)?;
        let trimmed = line.trim_start_matches(' ');
        if !trimmed.trim().is_empty() {
            return Some(line.len() - trimmed.len());
        }
        pos = next_line_start(text, pos);
    }
    None
}

/// `value` on one line, as it would be written inside a flow collection
/// (`{reach: 800, impact: 2}` for a mapping).
pub(crate) fn render_inline(value: &NewValue) -> Result<String, EditError> {
    Piece::of(value, "").map(|p| p.flow)
}

/// `s` as a YAML scalar: plain when that reads back as the same string, double-quoted
/// otherwise. `flow` is for elements of a flow collection (`[a, "b, c"]`).
pub(crate) fn render_scalar(s: &str, flow: bool) -> String {
    render_str(s, flow, None)
}

pub(super) fn render_str(s: &str, flow: bool, keep: Option<ScalarStyle>) -> String {
    match keep {
        Some(ScalarStyle::SingleQuoted) if single_quotable(s) => single_quote(s),
        Some(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) => double_quote(s),
        _ if plain_ok(s, flow) => s.to_owned(),
        _ => double_quote(s),
    }
}

/// Whether `s` can be written unquoted and read back as the same string, also by YAML 1.1
/// readers (so `yes`, `on`, `1_000` or `12:30` get quotes even though YAML 1.2 would not need them).
fn plain_ok(s: &str, flow: bool) -> bool {
    const INDICATORS: &[char] =
        &['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '.', '+'];
    const SPECIAL_WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<"];
    let Some(first) = s.chars().next() else {
        return false;
    };
    let looks_numeric = first.is_ascii_digit() && s.chars().all(|c| c.is_ascii_hexdigit() || "_:.+-xXoO".contains(c));
    let starts_ok = !INDICATORS.contains(&first)
        || (matches!(first, '.' | '+') && s.chars().nth(1).is_some_and(char::is_alphabetic));
    starts_ok
        && !looks_numeric
        && s.trim() == s
        && s.chars().all(|c| c != '\t' && is_printable(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !(flow && s.contains([',', '[', ']', '{', '}', ':']))
        && !SPECIAL_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
        && parse_value(s).is_ok_and(|v| v == Value::String(s.to_owned()))
}

fn single_quotable(s: &str) -> bool {
    s.chars().all(|c| c != '\t' && is_printable(c))
}

fn single_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn double_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x100 && !is_printable(c) => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c if !is_printable(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// YAML's printable set (c-printable) minus the line breaks, which always need care; that
/// includes U+2028 and U+2029, line breaks in YAML 1.1 and to the parser.
fn is_printable(c: char) -> bool {
    matches!(c,
        '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}
