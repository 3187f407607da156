//! Lossless, minimal edits of hand-written YAML files: backlog items, the roadmap, OKRs.
//!
//! `pm` keeps its data as YAML that people edit by hand, so a CLI change must not reformat the
//! file: [`apply`] rewrites only the bytes of the values it edits and keeps comments, key order,
//! quoting and blank lines. Every edit is checked by re-parsing the result and comparing it with
//! the old value with the edit applied, and an edit that cannot be made in place is refused with
//! an [`EditError`] rather than rewriting the file.
//!
//! # Paths
//!
//! An [`Edit`] addresses a value by a path of segments. A segment is a key when the value at that
//! point is a mapping (`["rice", "reach"]`), and a decimal element index when it is a list
//! (`["initiatives", "1", "horizon"]`, `["milestones", "0", "status"]` for a flow mapping
//! element `- {id: MS-1, ...}`). The same segment on a mapping is just a key: `["0"]` means the
//! key `"0"`. The top level of the document is a mapping, or a list (an OKR file is a list of
//! objectives: `["0", "key_results", "1", "current"]`); a path into a top-level list starts with
//! an index, and `Append`/`Remove` with an empty path work on the top-level list itself.
//! An index past the end of its list is an error ([`EditError::NoElement`]): `Set` replaces
//! existing elements only, `Append` adds them.
//!
//! # Layout of new values
//!
//! New keys and list elements follow their siblings: the same indentation, flow (`{...}`,
//! `[...]`) inside flow collections, block lines inside block collections. A
//! [`NewValue::Map`] appended to a block list becomes a block mapping element (`- id: RM-3`
//! with the other keys aligned under `id`), or a flow mapping `- {id: MS-2, ...}` when the
//! sibling elements are flow mappings; a block list created from nothing (a missing or null key,
//! or `key: []` in block context) is indented two spaces under its key. Removing a block list
//! element takes its lines (and the blank lines that separated it from its neighbour) and leaves
//! the comment lines around it.
//!
//! # Refused edits
//!
//! [`EditError::Unsupported`]: a document that is not a single mapping or list (a scalar, empty,
//! several documents, bare CR line breaks); anchors, aliases and tags on the nodes edited or
//! walked through, and merge keys; `Set`/`Unset` with an empty path, or a path into a top-level
//! list that does not start with an index; paths into a single-pair mapping inside a flow list
//! (`[a: b]`); removing lines of an entry or element that shares its line with other content
//! (`? key`, compact nested lists `- - a`; the first key of a mapping element, `- id: RM-1`, is
//! handled); multi-line values inside flow collections; raw values that are not one line of a
//! scalar or flow collection; a `Map` with a repeated key.
//!
//! # Code layout
//!
//! This file holds the public types, [`apply`] and the operations; `tree` parses the text into
//! nodes with byte positions, `path` resolves an edit's path in them, `render` writes new values,
//! `surgery` splices them into the text (with the byte-level helpers of `scan`), and `logical`
//! applies the same edit to the parsed value for verification.

mod logical;
mod path;
mod render;
mod scan;
mod surgery;
mod tree;

#[cfg(test)]
mod tests;

pub(crate) use render::{render_inline, render_scalar};

use saphyr_parser::Event;
use yaml_serde::Value;

use crate::store::spans::Events;

use logical::{Step, logical_slot, logical_value};
use path::{Holder, Resolved, Slot, Target, has_props, is_null, resolve, scalar_value};
use render::{Block, INDENT_STEP, Piece, Rendered, block_rendered, element_lines, render_replacement};
use scan::{blank_line_between, col, line_start};
use surgery::{delete_block_entry, insert_entry, remove_flow_item, remove_item, replace_value, replace_with_nested};
use tree::{Item, Kind, Node, build, document_count, parse_value};

#[derive(Debug, Clone, PartialEq)]
pub enum NewValue {
    /// A string: rendered as a plain scalar when that round-trips as the same string, otherwise
    /// double-quoted (escaped properly). When it replaces an existing quoted scalar, that
    /// scalar's quote style (single or double) is kept if it can represent the value.
    Str(String),
    /// Already-rendered YAML for a scalar or flow collection, inserted verbatim: `5`, `0.8`,
    /// `true`, `2025-07-01`, `[a, b]`, `{reach: 800, impact: 2}`.
    Raw(String),
    /// A mapping with its keys in the given order (keys must be distinct); values are `Str`,
    /// `Raw` (lists inside are given as Raw flow sequences, `[MS-1]`) or nested `Map`s. Written
    /// as a block mapping in block context (nested `Map`s as nested blocks, two more spaces per
    /// level), e.g. `- id: RM-3\n    title: X` in a block list or `key:\n  a: 1` under a key,
    /// and as a flow mapping `{id: MS-2, name: v2.2}` in flow context, where the sibling
    /// elements are flow mappings, or where it replaces a flow collection. An empty `Map` is `{}`.
    Map(Vec<(String, NewValue)>),
    /// A list: written as a block list (`- item: a`) where its elements are
    /// mappings in block context, else as a flow sequence `[a, b]`.
    Seq(Vec<NewValue>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set the value at a path (see the module docs: keys for mappings, element indexes for
    /// lists). Existing key or element: replace only the value node's bytes (a block scalar or
    /// block collection is replaced whole, the lines it spans). Missing key: append
    /// `key: value` as a new line at the end of its mapping (same indentation as sibling keys;
    /// a missing or null parent mapping is created as a nested block, e.g. `rice:\n  reach: 800`,
    /// or inline inside a flow mapping); a `Map` value under a missing key becomes a nested block
    /// mapping. Missing element (index past the end): [`EditError::NoElement`].
    Set { path: Vec<String>, value: NewValue },
    /// Remove the key and its value entirely (whole lines of a block entry; for a flow mapping,
    /// the entry and one adjacent comma), or, for a path ending in an index, that list element:
    /// its lines in a block list (all lines of a multi-line element, with its own trailing
    /// comment and the blank lines that separated it from its neighbour), the element and one
    /// comma in a flow list. A list losing its last element becomes `[]`, a mapping losing its
    /// last key `{}`. Comments on other lines stay. Missing key: no-op; index past the end of
    /// its list: [`EditError::NoElement`].
    Unset { path: Vec<String> },
    /// Append an element to the list at path (an empty path: the top-level list). Block list: a
    /// new `- value` line after the last element, same indentation (a `Map` becomes a block
    /// mapping element aligned like its block mapping siblings, or `- {...}` when they are flow
    /// mappings). Flow list: `[a, b]` -> `[a, b, value]`, `[]` -> `[value]`. Key missing or null
    /// (`labels:` / `labels: ~`): set it to `[value]`, or for a `Map` in block context to a block
    /// list indented two spaces under the key (`key:\n  - id: X\n    title: Y`; also replacing
    /// `key: []`).
    Append { path: Vec<String>, value: NewValue },
    /// Remove every element of the list at path (an empty path: the top-level list) whose scalar
    /// value equals `value` (parsed values are compared, so `"x"` and `x` match). Block: the
    /// element's lines go, as for `Unset` of its index. Flow: the element and one comma.
    /// Removing the last element leaves `[]` (comment lines above it stay). No match: `NotFound`.
    Remove { path: Vec<String>, value: String },
}

impl Edit {
    fn path(&self) -> &[String] {
        match self {
            Edit::Set { path, .. } | Edit::Unset { path } | Edit::Append { path, .. } | Edit::Remove { path, .. } => {
                path
            }
        }
    }
}

/// Why an edit was refused. `path` is the edit's path joined with dots (`rice.reach`,
/// `initiatives.1.horizon`); messages call the empty path "the top level".
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The input text itself does not parse.
    #[error("not valid YAML: {0}")]
    Parse(String),
    /// A path segment goes through a value that is not a mapping (e.g. `rice.reach` when
    /// `rice` is a scalar, or a segment that is not an index on a list); `path` is the offending
    /// prefix.
    #[error("{} is not a mapping", shown(.path))]
    NotAMapping { path: String },
    #[error("{} is not a list", shown(.path))]
    NotASequence { path: String },
    #[error("{} has no element `{value}`", shown(.path))]
    NotFound { path: String, value: String },
    /// An index segment is past the end of its list; `path` is the list's path.
    #[error("{} has no element at index {index}", shown(.path))]
    NoElement { path: String, index: usize },
    /// The edit cannot be made without rewriting more than the value: anchors, aliases, tags,
    /// merge keys, several documents, a top level that is neither a mapping nor a list, ...
    #[error("cannot edit {} in place: {reason}", shown(.path))]
    Unsupported { path: String, reason: String },
    /// The edited text did not parse back to the expected value; nothing was changed.
    #[error("edit of {} did not produce the intended value; file left unchanged", shown(.path))]
    Verify { path: String },
}

fn shown(path: &str) -> String {
    if path.is_empty() { "the top level".to_owned() } else { format!("`{path}`") }
}

/// Apply edits in order to `text` (a single YAML document whose root is a mapping or a list; it
/// may start with comments, e.g. a `# yaml-language-server: $schema=...` line, and may or may not
/// end with a newline; CRLF line endings are preserved if the file uses them).
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut current = text.to_owned();
    for edit in edits {
        current = apply_one(&current, edit)?;
    }
    Ok(current)
}

fn apply_one(text: &str, edit: &Edit) -> Result<String, EditError> {
    let path = edit.path();
    let dotted = path.join(".");
    if path.is_empty() && matches!(edit, Edit::Set { .. } | Edit::Unset { .. }) {
        return Err(unsupported(&dotted, "the key path is empty"));
    }
    let (new_text, expected) = match edit {
        Edit::Set { value, .. } => set(&Doc::parse(text, &dotted)?, path, value)?,
        Edit::Unset { .. } => unset(&Doc::parse(text, &dotted)?, path)?,
        Edit::Append { value, .. } => append(&Doc::parse(text, &dotted)?, path, value)?,
        // Removal re-parses between elements, so it manages its own documents.
        Edit::Remove { value, .. } => remove(text, path, value, &dotted)?,
    };
    verify(new_text, &expected, &dotted)
}

fn unsupported(path: &str, reason: impl Into<String>) -> EditError {
    EditError::Unsupported { path: path.to_owned(), reason: reason.into() }
}

/// The safety net: the new text must parse to exactly the old value with the edit applied.
fn verify(text: String, expected: &Value, dotted: &str) -> Result<String, EditError> {
    match parse_value(&text) {
        Ok(actual) if actual == *expected => Ok(text),
        _ => Err(EditError::Verify { path: dotted.to_owned() }),
    }
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

fn set(doc: &Doc, path: &[String], value: &NewValue) -> Result<(String, Value), EditError> {
    let new = logical_value(value, &doc.dotted)?;
    let piece = Piece::of(value, &doc.dotted)?;
    let resolved = resolve(&doc.root, path, &doc.dotted)?;
    let text = match resolved.target {
        Target::Found => {
            let slot = resolved.last();
            if has_props(slot.node) {
                return Err(doc.unsupported("the value has an anchor, alias or tag"));
            }
            let rendered = render_replacement(doc, value, &piece, slot)?;
            replace_value(doc, slot, &rendered)?
        }
        Target::Missing { map, depth } => insert_entry(doc, map, &path[depth..], &piece)?,
        Target::UnderNull { depth } => replace_with_nested(doc, resolved.last(), &path[depth + 1..], piece)?,
    };
    let mut expected = doc.value.clone();
    *logical_slot(&mut expected, &resolved.steps_for(path)).ok_or_else(|| doc.verify_error())? = new;
    Ok((text, expected))
}

fn unset(doc: &Doc, path: &[String]) -> Result<(String, Value), EditError> {
    let resolved = resolve(&doc.root, path, &doc.dotted)?;
    if !matches!(resolved.target, Target::Found) {
        return Ok((doc.text.to_owned(), doc.value.clone()));
    }
    let slot = resolved.last();
    let parent = resolved.parent().ok_or_else(|| doc.verify_error())?;
    let text = match slot.holder {
        Holder::Entry { map, entry, index } => {
            if has_props(&entry.key) || has_props(&entry.value) {
                return Err(doc.unsupported("the entry has an anchor, alias or tag"));
            }
            let entries = map.entries();
            if map.is_flow() {
                let ranges: Vec<_> = entries.iter().map(|e| (e.key.start, e.value.end)).collect();
                remove_flow_item(doc, &ranges, index)?
            } else if entries.len() > 1 {
                delete_block_entry(doc, entries, index)?
            } else {
                // An emptied block mapping would read back as null, so it becomes `{}`.
                replace_value(doc, parent, &Rendered::inline("{}"))?
            }
        }
        Holder::Item { index, .. } => {
            if has_props(slot.node) {
                return Err(doc.unsupported("the element has an anchor, alias or tag"));
            }
            remove_item(doc, parent, index)?
        }
        Holder::Root => return Err(doc.verify_error()),
    };

    let mut expected = doc.value.clone();
    let (last, parent_steps) = resolved.steps.split_last().ok_or_else(|| doc.verify_error())?;
    let parent = logical_slot(&mut expected, parent_steps).ok_or_else(|| doc.verify_error())?;
    match (last, parent) {
        (Step::Entry(index), Value::Mapping(map)) => {
            let key = map.iter().nth(*index).map(|(k, _)| k.clone()).ok_or_else(|| doc.verify_error())?;
            map.shift_remove(&key);
        }
        (Step::Element(index), Value::Sequence(seq)) if *index < seq.len() => {
            seq.remove(*index);
        }
        _ => return Err(doc.verify_error()),
    }
    Ok((text, expected))
}

fn append(doc: &Doc, path: &[String], value: &NewValue) -> Result<(String, Value), EditError> {
    let new = logical_value(value, &doc.dotted)?;
    let element = Piece::of(value, &doc.dotted)?;
    let resolved = resolve(&doc.root, path, &doc.dotted)?;
    let text = match resolved.target {
        Target::Found => {
            let slot = resolved.last();
            let seq = slot.node;
            let block_map = matches!(element.block, Block::Map(_));
            match &seq.kind {
                Kind::Seq { .. } if seq.props => {
                    return Err(doc.unsupported("the list has an anchor or tag"));
                }
                // `key: []` in block context: a mapping element starts a block list.
                Kind::Seq { flow: true, items }
                    if items.is_empty()
                        && block_map
                        && !slot.in_flow()
                        && !matches!(slot.holder, Holder::Item { .. }) =>
                {
                    let rendered = block_rendered(doc, slot, &element.list().block)?;
                    replace_value(doc, slot, &rendered)?
                }
                Kind::Seq { flow: true, items } => match items.last() {
                    None => doc.splice(seq.start + 1, seq.start + 1, &element.flow)?,
                    Some(last) => {
                        let at = last.node.end;
                        doc.splice(at, at, &format!(", {}", element.flow))?
                    }
                },
                Kind::Seq { flow: false, items } => append_block_element(doc, items, &element)?,
                _ if is_null(seq) => {
                    let list = element.list();
                    let rendered = if slot.in_flow() {
                        Rendered::inline(&list.flow)
                    } else {
                        block_rendered(doc, slot, &list.block)?
                    };
                    replace_value(doc, slot, &rendered)?
                }
                _ => {
                    return Err(EditError::NotASequence { path: doc.dotted.clone() });
                }
            }
        }
        Target::Missing { map, depth } => insert_entry(doc, map, &path[depth..], &element.list())?,
        Target::UnderNull { depth } => replace_with_nested(doc, resolved.last(), &path[depth + 1..], element.list())?,
    };

    let mut expected = doc.value.clone();
    let slot = logical_slot(&mut expected, &resolved.steps_for(path)).ok_or_else(|| doc.verify_error())?;
    if slot.is_null() {
        *slot = Value::Sequence(Vec::new());
    }
    slot.as_sequence_mut().ok_or_else(|| doc.verify_error())?.push(new);
    Ok((text, expected))
}

/// A new last element of a block list, in the style of the elements already there.
fn append_block_element(doc: &Doc, items: &[Item], element: &Piece) -> Result<String, EditError> {
    let text = doc.text;
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return Err(doc.unsupported("the list has no elements to align with"));
    };
    let dash = first.dash.ok_or_else(|| doc.verify_error())?;
    doc.require_aligned(dash)?;
    let dash_col = col(text, dash);
    let lines = match &element.block {
        Block::Inline(value) => vec![format!("{}- {value}", " ".repeat(dash_col))],
        Block::Map(_) | Block::Seq(_) => {
            let sibling = items.iter().rev().find(|i| matches!(i.node.kind, Kind::Map { .. }));
            let mut lines = match sibling {
                // A record holding records of its own (`launch: {checklist: ...}`) is
                // written as a block even among one-line siblings: on one line it
                // would be unreadable.
                Some(sibling) if sibling.node.is_flow() && !element.nests() => {
                    vec![format!("{}- {}", " ".repeat(dash_col), element.flow)]
                }
                _ => {
                    // Keys aligned like the sibling's (`-   id:` keeps its wider gap).
                    let gap = sibling
                        .and_then(|s| Some((s.dash?, s.node.start)))
                        .filter(|&(d, start)| line_start(text, d) == line_start(text, start))
                        .map_or(INDENT_STEP, |(d, start)| col(text, start) - col(text, d))
                        .max(INDENT_STEP);
                    element_lines(element, dash_col, gap)
                }
            };
            if let [.., before, last] = items
                && before.node.end < last.node.start
                && blank_line_between(text, before.node.end, line_start(text, last.dash.unwrap_or(last.node.start)))
            {
                // The elements are separated by blank lines: so is the new one.
                lines.insert(0, String::new());
            }
            lines
        }
    };
    doc.insert_lines_after(last.node.end, &lines, &last.node)
}

fn remove(text: &str, path: &[String], target: &str, dotted: &str) -> Result<(String, Value), EditError> {
    let doc = Doc::parse(text, dotted)?;
    let resolved = resolve(&doc.root, path, dotted)?;
    let (_, items) = sequence_for_removal(&doc, &resolved, target)?;
    let matches: Vec<usize> =
        items.iter().enumerate().filter(|(_, item)| scalar_value(&item.node) == Some(target)).map(|(i, _)| i).collect();
    if matches.is_empty() {
        return Err(not_found(dotted, target));
    }

    let mut expected = doc.value.clone();
    let seq = logical_slot(&mut expected, &resolved.steps)
        .and_then(Value::as_sequence_mut)
        .ok_or_else(|| doc.verify_error())?;
    let mut index = 0;
    seq.retain(|_| {
        let keep = !matches.contains(&index);
        index += 1;
        keep
    });

    // One element per pass, re-parsing in between, so every removal works on exact positions.
    let mut current = text.to_owned();
    for _ in &matches {
        let next = {
            let doc = Doc::parse(&current, dotted)?;
            remove_first_match(&doc, path, target)?
        };
        if next == current {
            return Err(doc.verify_error());
        }
        current = next;
    }
    Ok((current, expected))
}

fn remove_first_match(doc: &Doc, path: &[String], target: &str) -> Result<String, EditError> {
    let resolved = resolve(&doc.root, path, &doc.dotted)?;
    let (slot, items) = sequence_for_removal(doc, &resolved, target)?;
    let index =
        items.iter().position(|item| scalar_value(&item.node) == Some(target)).ok_or_else(|| doc.verify_error())?;
    if has_props(&items[index].node) {
        return Err(doc.unsupported("the element has an anchor or tag"));
    }
    remove_item(doc, slot, index)
}

/// The list a `Remove` works on (with where it lives), or the error explaining why there is none.
fn sequence_for_removal<'n>(
    doc: &Doc,
    resolved: &Resolved<'n>,
    target: &str,
) -> Result<(Slot<'n>, &'n [Item]), EditError> {
    if !matches!(resolved.target, Target::Found) {
        return Err(not_found(&doc.dotted, target));
    }
    let slot = resolved.last();
    match &slot.node.kind {
        Kind::Seq { .. } if slot.node.props => Err(doc.unsupported("the list has an anchor or tag")),
        Kind::Seq { items, .. } => Ok((slot, items)),
        _ if is_null(slot.node) => Err(not_found(&doc.dotted, target)),
        _ => Err(EditError::NotASequence { path: doc.dotted.clone() }),
    }
}

fn not_found(dotted: &str, value: &str) -> EditError {
    EditError::NotFound { path: dotted.to_owned(), value: value.to_owned() }
}

struct Doc<'t> {
    text: &'t str,
    value: Value,
    root: Node,
    eol: &'static str,
    dotted: String,
}

const MULTI_DOCUMENT: &str = "the file holds more than one YAML document";

impl<'t> Doc<'t> {
    fn parse(text: &'t str, dotted: &str) -> Result<Self, EditError> {
        // yaml_serde goes first: it bounds nesting depth and gives the friendlier message.
        let value = match parse_value(text) {
            Ok(value) => value,
            Err(err) => {
                if Events::all(text).is_ok_and(|events| document_count(&events) > 1) {
                    return Err(unsupported(dotted, MULTI_DOCUMENT));
                }
                return Err(EditError::Parse(err));
            }
        };
        if text.as_bytes().windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n') || text.ends_with('\r') {
            // YAML reads a lone CR as a line break; line-based edits only know LF and CRLF.
            return Err(unsupported(dotted, "the file uses bare CR line breaks"));
        }
        let events = Events::all(text).map_err(EditError::Parse)?;
        if document_count(&events) > 1 {
            return Err(unsupported(dotted, MULTI_DOCUMENT));
        }
        let Some(doc_start) = events.iter().position(|e| matches!(e.event, Event::DocumentStart(_))) else {
            return Err(unsupported(dotted, "the file is empty"));
        };
        if !matches!(
            events.get(doc_start + 1).map(|e| &e.event),
            Some(Event::MappingStart(..) | Event::SequenceStart(..))
        ) {
            return Err(unsupported(dotted, "the top level of the document is neither a mapping nor a list"));
        }
        let root = build(text, &events, doc_start).map_err(|reason| unsupported(dotted, reason))?;
        Ok(Doc { text, value, root, eol: if text.contains("\r\n") { "\r\n" } else { "\n" }, dotted: dotted.to_owned() })
    }

    fn unsupported(&self, reason: &str) -> EditError {
        unsupported(&self.dotted, reason)
    }

    fn verify_error(&self) -> EditError {
        EditError::Verify { path: self.dotted.clone() }
    }
}
