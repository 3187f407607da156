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

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use yaml_serde::{Mapping, Value};

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

// ---------------------------------------------------------------------------------------------
// Text surgery shared by the operations
// ---------------------------------------------------------------------------------------------

/// A value ready to be written after `key:` or `-`; `lines` (already indented) follow on new
/// lines.
struct Rendered {
    inline: String,
    lines: Vec<String>,
}

impl Rendered {
    fn inline(text: &str) -> Self {
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
struct Piece {
    /// One line, for flow context.
    flow: String,
    block: Block,
}

/// A new value's block-context form.
#[derive(Clone)]
enum Block {
    /// Fits after `key: ` or `- `.
    Inline(String),
    /// A non-empty block mapping, laid out when its indentation is known.
    Map(Vec<(String, Piece)>),
    /// A non-empty block list.
    Seq(Vec<Piece>),
}

impl Piece {
    /// A mapping with a non-empty mapping or list among its values.
    fn nests(&self) -> bool {
        match &self.block {
            Block::Map(fields) => fields.iter().any(|(_, p)| !matches!(p.block, Block::Inline(_))),
            _ => false,
        }
    }

    fn of(value: &NewValue, dotted: &str) -> Result<Self, EditError> {
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

    fn map(entries: Vec<(String, Piece)>) -> Self {
        let flow: Vec<String> =
            entries.iter().map(|(key, value)| format!("{}: {}", render_str(key, true, None), value.flow)).collect();
        let flow = format!("{{{}}}", flow.join(", "));
        let block = if entries.is_empty() { Block::Inline("{}".to_owned()) } else { Block::Map(entries) };
        Piece { flow, block }
    }

    /// A one-element list holding this value.
    fn list(self) -> Self {
        let flow = format!("[{}]", self.flow);
        let block = match self.block {
            Block::Inline(_) => Block::Inline(flow.clone()),
            _ => Block::Seq(vec![self]),
        };
        Piece { flow, block }
    }
}

/// `value` under the chain of new keys `keys` (`[a, b]` -> `{a: {b: value}}`).
fn nest(keys: &[String], value: Piece) -> Piece {
    keys.iter().rev().fold(value, |inner, key| Piece::map(vec![(key.clone(), inner)]))
}

const INDENT_STEP: usize = 2;

/// The lines of a block mapping or list whose keys or dashes sit at column `indent`.
fn layout(block: &Block, indent: usize) -> Vec<String> {
    match block {
        Block::Inline(value) => vec![format!("{}{value}", " ".repeat(indent))],
        Block::Map(entries) => entries.iter().flat_map(|(key, value)| entry_lines(key, value, indent)).collect(),
        Block::Seq(items) => items.iter().flat_map(|item| element_lines(item, indent, INDENT_STEP)).collect(),
    }
}

/// `key: value` at column `indent`, or `key:` followed by the nested block.
fn entry_lines(key: &str, value: &Piece, indent: usize) -> Vec<String> {
    let line = format!("{}{}:", " ".repeat(indent), render_str(key, false, None));
    match &value.block {
        Block::Inline(inline) => vec![format!("{line} {inline}")],
        block => std::iter::once(line).chain(layout(block, indent + INDENT_STEP)).collect(),
    }
}

/// `- value` with the dash at `dash_col`; a block value starts on the dash line, `gap` columns
/// after the dash, and its other lines are aligned with that start.
fn element_lines(value: &Piece, dash_col: usize, gap: usize) -> Vec<String> {
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
fn block_rendered(doc: &Doc, slot: Slot, block: &Block) -> Result<Rendered, EditError> {
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

/// Replace the value held in `slot` with `new`.
fn replace_value(doc: &Doc, slot: Slot, new: &Rendered) -> Result<String, EditError> {
    let text = doc.text;
    let old = slot.node;
    if let Holder::Root = slot.holder {
        return replace_root(doc, old, new);
    }
    if slot.in_flow() {
        if !new.lines.is_empty() {
            return Err(doc.unsupported("a multi-line value cannot go inside a flow collection"));
        }
        if old.is_empty_plain() {
            let colon = match slot.holder {
                Holder::Entry { entry, .. } => entry.colon.ok_or_else(|| doc.unsupported("the key has no `:`"))?,
                _ => return Err(doc.unsupported("the list element is empty")),
            };
            return doc.splice(colon + 1, colon + 1, &format!(" {}", new.inline));
        }
        return doc.splice(old.start, old.end, &new.inline);
    }

    let inline_old = old.is_inline();
    if inline_old && new.lines.is_empty() {
        return doc.splice(old.start, old.end, &new.inline);
    }

    // The old or the new value spans lines: rewrite everything from the colon (or dash) to the
    // end of the old value's last line, carrying over a comment that sat on the key (or header)
    // line.
    let after = match slot.holder {
        Holder::Entry { entry, .. } => {
            entry.colon.ok_or_else(|| doc.unsupported("explicit `?` keys are not supported"))? + 1
        }
        Holder::Item { item, .. } => item.dash.ok_or_else(|| doc.verify_error())? + 1,
        Holder::Root => return Err(doc.verify_error()),
    };
    let (region_end, comment_from) = if old.is_empty_plain() {
        (line_content_end(text, after), after)
    } else if inline_old {
        (line_content_end(text, old.end), old.end)
    } else if old.is_block_scalar() {
        (old.end, block_header_end(text, old.start))
    } else {
        (line_content_end(text, old.end), after)
    };
    doc.splice(after, region_end, &with_comment(doc, new, comment_from, true))
}

/// ` inline  # comment` + the new lines: the text written after a `:` or `-` (without the
/// leading space for the document's root).
fn with_comment(doc: &Doc, new: &Rendered, comment_from: usize, lead_space: bool) -> String {
    let text = doc.text;
    let comment =
        tail_comment(text, comment_from).and_then(|start| text.get(start..line_content_end(text, start))).unwrap_or("");
    let mut out = String::new();
    if !new.inline.is_empty() {
        if lead_space {
            out.push(' ');
        }
        out.push_str(&new.inline);
    }
    if !comment.is_empty() && !comment.starts_with([' ', '\t']) {
        // A `#` glued to the preceding token would not be a comment any more.
        out.push(' ');
    }
    out.push_str(comment);
    for line in &new.lines {
        out.push_str(doc.eol);
        out.push_str(line);
    }
    out
}

/// Replace the whole document's root collection (comments before and after it stay).
fn replace_root(doc: &Doc, old: &Node, new: &Rendered) -> Result<String, EditError> {
    let text = doc.text;
    if old.is_inline() {
        if new.lines.is_empty() {
            return doc.splice(old.start, old.end, &new.inline);
        }
        let end = line_content_end(text, old.end);
        return doc.splice(old.start, end, &with_comment(doc, new, old.end, false));
    }
    if !new.lines.is_empty() {
        return Err(doc.unsupported("the top-level collection cannot be replaced by a block"));
    }
    doc.splice(line_start(text, old.start), line_content_end(text, old.end), &new.inline)
}

/// Turn the null value in `slot` into a mapping holding `keys` (nested) set to `value`.
fn replace_with_nested(doc: &Doc, slot: Slot, keys: &[String], value: Piece) -> Result<String, EditError> {
    if has_props(slot.node) {
        return Err(doc.unsupported("the value has an anchor, alias or tag"));
    }
    let nested = nest(keys, value);
    let rendered =
        if slot.in_flow() { Rendered::inline(&nested.flow) } else { block_rendered(doc, slot, &nested.block)? };
    replace_value(doc, slot, &rendered)
}

/// Add `keys[0]: ...` (nesting the remaining keys) as the last entry of `map`.
fn insert_entry(doc: &Doc, map: &Node, keys: &[String], value: &Piece) -> Result<String, EditError> {
    let (Some(key), rest) = (keys.first(), keys.get(1..).unwrap_or(&[])) else {
        return Err(doc.verify_error());
    };
    let value = nest(rest, value.clone());
    let entries = map.entries();
    if map.is_flow() {
        let entry_text = format!("{}: {}", render_str(key, true, None), value.flow);
        return match entries.last() {
            None => doc.splice(map.start + 1, map.start + 1, &entry_text),
            Some(last) => {
                let at = last.value.end;
                doc.splice(at, at, &format!(", {entry_text}"))
            }
        };
    }
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return Err(doc.unsupported("the mapping has no entries to align with"));
    };
    doc.require_aligned(first.key.start)?;
    let lines = entry_lines(key, &value, col(doc.text, first.key.start));
    doc.insert_lines_after(last.value.end, &lines, &last.value)
}

/// Remove entry `index` (not the only one) of a block mapping.
fn delete_block_entry(doc: &Doc, entries: &[Entry], index: usize) -> Result<String, EditError> {
    let text = doc.text;
    let entry = entries.get(index).ok_or_else(|| doc.verify_error())?;
    if only_spaces_before(text, entry.key.start) {
        let before = index.checked_sub(1).and_then(|i| entries.get(i)).map(|e| &e.value);
        return doc.delete_lines(entry.key.start, entry.value.end, before);
    }
    // The first key of a list element shares the `-` line: `- id: RM-1\n  title: X`.
    let next = entries.get(index + 1).filter(|_| index == 0 && only_indent_before(text, entry.key.start));
    let Some(next) = next else {
        return Err(doc.unsupported("the entry shares its line with other content"));
    };
    let gap = next_line_start(text, entry.value.end);
    let next_line = line_start(text, next.key.start);
    if only_spaces_before(text, next.key.start)
        && gap <= next_line
        && text.get(gap..next_line).is_some_and(|between| between.trim().is_empty())
    {
        // The next key moves up onto the dash line: `- title: X`.
        return doc.splice(entry.key.start, next.key.start, "");
    }
    // Comment lines before the next key stay where they are; the dash keeps a line of its own.
    let after_dash = text[..entry.key.start].trim_end_matches(' ').len();
    doc.splice(after_dash, line_content_end(text, entry.value.end), "")
}

/// Remove element `index` of the list held in `slot`.
fn remove_item(doc: &Doc, slot: Slot, index: usize) -> Result<String, EditError> {
    let text = doc.text;
    let seq = slot.node;
    let Kind::Seq { flow, items } = &seq.kind else {
        return Err(doc.verify_error());
    };
    let item = items.get(index).ok_or_else(|| doc.verify_error())?;
    if *flow {
        if items.len() == 1 {
            return doc.splice(seq.start, seq.end, "[]");
        }
        let ranges: Vec<_> = items.iter().map(|i| (i.node.start, i.node.end)).collect();
        return remove_flow_item(doc, &ranges, index);
    }
    let dash = item.dash.ok_or_else(|| doc.verify_error())?;
    if items.len() > 1 {
        doc.require_line_start(dash)?;
        return delete_block_item(doc, items, index);
    }
    // The last element: the list becomes `[]` right after its `:` (or `-`), while comment lines
    // between that and the element stay.
    let lead = match slot.holder {
        Holder::Entry { entry, .. } => entry.colon.map(|c| c + 1),
        Holder::Item { item: outer, .. } => outer.dash.map(|d| d + 1),
        Holder::Root => None,
    };
    match lead {
        Some(lead) if only_spaces_before(text, dash) && line_start(text, dash) > lead => {
            let (start, end) = doc.line_span(line_start(text, dash), next_line_start(text, item.node.end));
            doc.splice_many(&[(lead, lead, " []"), (start, end, "")])
        }
        _ => replace_value(doc, slot, &Rendered::inline("[]")),
    }
}

/// Delete the lines of element `index` (not the only one) of a block list, with the blank lines
/// that separate it from the next element (or, for the last element, from the previous one).
fn delete_block_item(doc: &Doc, items: &[Item], index: usize) -> Result<String, EditError> {
    let text = doc.text;
    let item = items.get(index).ok_or_else(|| doc.verify_error())?;
    let dash = item.dash.ok_or_else(|| doc.verify_error())?;
    let mut start = line_start(text, dash);
    let mut end = next_line_start(text, item.node.end);
    if let Some(next) = items.get(index + 1) {
        let limit = line_start(text, next.dash.ok_or_else(|| doc.verify_error())?);
        while end < limit && is_blank_line(text, end) {
            end = next_line_start(text, end);
        }
    } else if let Some(previous) = index.checked_sub(1).and_then(|i| items.get(i)) {
        let floor = next_line_start(text, previous.node.end);
        while start > floor && is_blank_line(text, line_start(text, start - 1)) {
            start = line_start(text, start - 1);
        }
    }
    let (start, end) = doc.line_span(start, end);
    doc.splice(start, end, "")
}

/// Remove item `index` of a flow collection together with one adjacent comma.
fn remove_flow_item(doc: &Doc, ranges: &[(usize, usize)], index: usize) -> Result<String, EditError> {
    let text = doc.text;
    let bytes = text.as_bytes();
    let &(start, end) = ranges.get(index).ok_or_else(|| doc.verify_error())?;
    let no_comma = || doc.unsupported("could not find the `,` between flow elements");
    if index + 1 < ranges.len() {
        let comma = find_indicator(text, end, b',').ok_or_else(no_comma)?;
        let after = skip_inline_ws(text, comma + 1);
        match bytes.get(after) {
            None | Some(b'\n' | b'\r') if only_spaces_before(text, start) => {
                // The element had its own line: drop the line rather than leave it blank.
                doc.splice(line_start(text, start), next_line_start(text, comma), "")
            }
            None | Some(b'\n' | b'\r' | b'#') => doc.splice(start, comma + 1, ""),
            Some(_) => doc.splice(start, after, ""),
        }
    } else if let Some(&(_, prev_end)) = index.checked_sub(1).and_then(|i| ranges.get(i)) {
        let comma = find_indicator(text, prev_end, b',').ok_or_else(no_comma)?;
        doc.splice(comma, end, "")
    } else {
        // The only element; a trailing comma (`[a,]`) would be left dangling after the bracket.
        let next = skip_ws_comments(text, end);
        let cut = if bytes.get(next) == Some(&b',') { next + 1 } else { end };
        doc.splice(start, cut, "")
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering values
// ---------------------------------------------------------------------------------------------

fn logical_value(value: &NewValue, dotted: &str) -> Result<Value, EditError> {
    match value {
        NewValue::Str(s) => Ok(Value::String(s.clone())),
        NewValue::Raw(raw) => check_raw(raw, dotted).map(|(_, v)| v),
        NewValue::Map(entries) => {
            let mut map = Mapping::new();
            for (key, value) in entries {
                let value = logical_value(value, dotted)?;
                if map.insert(Value::String(key.clone()), value).is_some() {
                    return Err(unsupported(dotted, format!("the new mapping has the key `{key}` twice")));
                }
            }
            Ok(Value::Mapping(map))
        }
        NewValue::Seq(items) => {
            Ok(Value::Sequence(items.iter().map(|v| logical_value(v, dotted)).collect::<Result<_, _>>()?))
        }
    }
}

/// A raw value must stay on one line and be a scalar or flow collection: anything else would
/// change the line structure around it.
fn check_raw<'r>(raw: &'r str, dotted: &str) -> Result<(&'r str, Value), EditError> {
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
fn render_replacement(doc: &Doc, value: &NewValue, piece: &Piece, slot: Slot) -> Result<Rendered, EditError> {
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
pub fn render_inline(value: &NewValue) -> Result<String, EditError> {
    Piece::of(value, "").map(|p| p.flow)
}

/// `s` as a YAML scalar: plain when that reads back as the same string, double-quoted
/// otherwise. `flow` is for elements of a flow collection (`[a, "b, c"]`).
pub fn render_scalar(s: &str, flow: bool) -> String {
    render_str(s, flow, None)
}

fn render_str(s: &str, flow: bool, keep: Option<ScalarStyle>) -> String {
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

// ---------------------------------------------------------------------------------------------
// Logical model: the same edit applied to the parsed value, for verification
// ---------------------------------------------------------------------------------------------

/// One step of a path in the parsed value: an existing mapping entry by position (positions
/// match the text because the parser keeps mapping order), a list element by index, or a key to
/// create.
#[derive(Debug, Clone)]
enum Step {
    Entry(usize),
    Element(usize),
    New(String),
}

fn logical_slot<'v>(root: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    let mut current = root;
    for step in steps {
        current = match step {
            Step::Entry(i) => current.as_mapping_mut()?.iter_mut().nth(*i).map(|(_, v)| v)?,
            Step::Element(i) => current.as_sequence_mut()?.get_mut(*i)?,
            Step::New(key) => {
                if current.is_null() {
                    *current = Value::Mapping(Mapping::new());
                }
                current.as_mapping_mut()?.entry(Value::String(key.clone())).or_insert(Value::Null)
            }
        };
    }
    Some(current)
}

// ---------------------------------------------------------------------------------------------
// Path resolution
// ---------------------------------------------------------------------------------------------

/// Where a value lives in the text.
#[derive(Clone, Copy)]
enum Holder<'n> {
    /// The document's root collection.
    Root,
    /// The value of `entry`, entry `index` of mapping `map`.
    Entry { map: &'n Node, entry: &'n Entry, index: usize },
    /// `item`, element `index` of list `seq`.
    Item { seq: &'n Node, item: &'n Item, index: usize },
}

/// A value together with where it lives.
#[derive(Clone, Copy)]
struct Slot<'n> {
    holder: Holder<'n>,
    node: &'n Node,
}

impl Slot<'_> {
    /// Whether the value sits inside a flow collection.
    fn in_flow(&self) -> bool {
        match self.holder {
            Holder::Root => false,
            Holder::Entry { map, .. } => map.is_flow(),
            Holder::Item { seq, .. } => seq.is_flow(),
        }
    }

    /// The key or `-` that block content of this value is indented from.
    fn anchor(&self) -> Option<usize> {
        match self.holder {
            Holder::Root => None,
            Holder::Entry { entry, .. } => Some(entry.key.start),
            Holder::Item { item, .. } => item.dash,
        }
    }
}

struct Resolved<'n> {
    steps: Vec<Step>,
    /// The root, then the slot of each path segment that exists, outermost first.
    chain: Vec<Slot<'n>>,
    target: Target<'n>,
}

enum Target<'n> {
    /// The whole path exists; `chain.last()` holds it.
    Found,
    /// `path[depth]` is missing from `map`.
    Missing { map: &'n Node, depth: usize },
    /// `path[..=depth]` is null (`chain.last()`), so the rest of the path is missing.
    UnderNull { depth: usize },
}

impl<'n> Resolved<'n> {
    fn last(&self) -> Slot<'n> {
        // The chain always starts with the root.
        self.chain[self.chain.len() - 1]
    }

    /// The collection holding the last slot.
    fn parent(&self) -> Option<Slot<'n>> {
        self.chain.len().checked_sub(2).map(|i| self.chain[i])
    }

    fn steps_for(&self, path: &[String]) -> Vec<Step> {
        let mut steps = self.steps.clone();
        steps.extend(path[steps.len().min(path.len())..].iter().cloned().map(Step::New));
        steps
    }
}

/// A path segment read as a list index: decimal digits only (an index too large for `usize`
/// is past the end of any list).
fn parse_index(segment: &str) -> Option<usize> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(segment.parse().unwrap_or(usize::MAX))
}

fn resolve<'n>(root: &'n Node, path: &[String], dotted: &str) -> Result<Resolved<'n>, EditError> {
    let mut steps = Vec::new();
    let mut chain = vec![Slot { holder: Holder::Root, node: root }];
    if path.is_empty() && !matches!(root.kind, Kind::Seq { .. }) {
        return Err(unsupported(dotted, "the key path is empty"));
    }
    let mut node = root;
    let mut in_flow = false;
    for (depth, segment) in path.iter().enumerate() {
        let here = if depth == 0 { "the top level".to_owned() } else { format!("`{}`", path[..depth].join(".")) };
        if node.props {
            return Err(unsupported(dotted, format!("{here} has an anchor or tag")));
        }
        let slot = match &node.kind {
            Kind::Map { flow, entries } => {
                if in_flow && !flow {
                    return Err(unsupported(dotted, format!("{here} is a single-pair mapping inside a flow list")));
                }
                if entries.iter().any(|e| is_merge_key(&e.key)) {
                    return Err(unsupported(dotted, format!("{here} uses a merge key (`<<`)")));
                }
                let Some(index) = entries.iter().position(|e| scalar_value(&e.key) == Some(segment.as_str())) else {
                    return Ok(Resolved { steps, chain, target: Target::Missing { map: node, depth } });
                };
                let entry = &entries[index];
                if entry.key.props {
                    return Err(unsupported(dotted, "the key has an anchor or tag"));
                }
                steps.push(Step::Entry(index));
                Slot { holder: Holder::Entry { map: node, entry, index }, node: &entry.value }
            }
            Kind::Seq { items, .. } => {
                let Some(index) = parse_index(segment) else {
                    if depth == 0 {
                        return Err(unsupported(dotted, "the top level is a list: the path must start with an index"));
                    }
                    return Err(EditError::NotAMapping { path: path[..depth].join(".") });
                };
                let Some(item) = items.get(index) else {
                    return Err(EditError::NoElement { path: path[..depth].join("."), index });
                };
                steps.push(Step::Element(index));
                Slot { holder: Holder::Item { seq: node, item, index }, node: &item.node }
            }
            _ => return Err(EditError::NotAMapping { path: path[..depth].join(".") }),
        };
        in_flow |= node.is_flow();
        chain.push(slot);
        if depth + 1 == path.len() {
            return Ok(Resolved { steps, chain, target: Target::Found });
        }
        match &slot.node.kind {
            Kind::Map { .. } | Kind::Seq { .. } => node = slot.node,
            Kind::Alias => {
                let here = path[..=depth].join(".");
                return Err(unsupported(dotted, format!("`{here}` is an alias")));
            }
            _ if is_null(slot.node) => {
                return Ok(Resolved { steps, chain, target: Target::UnderNull { depth } });
            }
            _ => {
                return Err(EditError::NotAMapping { path: path[..=depth].join(".") });
            }
        }
    }
    // Only an empty path gets here: the top-level list itself.
    Ok(Resolved { steps, chain, target: Target::Found })
}

fn scalar_value(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Scalar { value, .. } => Some(value),
        _ => None,
    }
}

fn is_merge_key(node: &Node) -> bool {
    matches!(&node.kind, Kind::Scalar { value, style: ScalarStyle::Plain } if value == "<<")
}

fn is_null(node: &Node) -> bool {
    !node.props
        && matches!(&node.kind, Kind::Scalar { value, style: ScalarStyle::Plain }
            if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
}

/// Anchors, aliases and tags tie a node to other parts of the document (or give it a meaning
/// beyond its text), so nodes carrying them are never rewritten.
fn has_props(node: &Node) -> bool {
    node.props
        || match &node.kind {
            Kind::Alias => true,
            Kind::Scalar { .. } => false,
            Kind::Seq { items, .. } => items.iter().any(|i| has_props(&i.node)),
            Kind::Map { entries, .. } => entries.iter().any(|e| has_props(&e.key) || has_props(&e.value)),
        }
}

// ---------------------------------------------------------------------------------------------
// Parsing: a node tree with byte positions, built from saphyr-parser events
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Node {
    kind: Kind,
    /// Byte offset where the node's own text starts (the quote, `[`, `|`, first `-` or key).
    start: usize,
    /// Byte offset just past the node's own text; for block scalars and block collections, the
    /// end of the last line that belongs to them (trailing comments and blank lines excluded).
    end: usize,
    /// Has an anchor or a tag.
    props: bool,
}

#[derive(Debug)]
enum Kind {
    Scalar { value: String, style: ScalarStyle },
    Alias,
    Seq { flow: bool, items: Vec<Item> },
    Map { flow: bool, entries: Vec<Entry> },
}

#[derive(Debug)]
struct Item {
    /// Position of the `-` for block sequence elements.
    dash: Option<usize>,
    node: Node,
}

#[derive(Debug)]
struct Entry {
    key: Node,
    /// Position of the `:` when it is on the key's line (always, except for `?` keys).
    colon: Option<usize>,
    value: Node,
}

/// The indicators of a block scalar's header (`2-` of `|2-`), if `node` is one.
fn block_header<'a>(text: &'a str, node: &Node) -> Option<&'a str> {
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
fn strip_point(text: &str, node: &Node) -> Option<usize> {
    let header = block_header(text, node)?;
    let at_end = text.get(node.end..).is_some_and(|rest| rest.trim_end_matches([' ', '\t']).is_empty());
    (at_end && !text.ends_with('\n') && !header.contains(['-', '+'])).then_some(node.start + 1)
}

impl Node {
    fn is_flow(&self) -> bool {
        matches!(self.kind, Kind::Seq { flow: true, .. } | Kind::Map { flow: true, .. })
    }

    fn is_block_scalar(&self) -> bool {
        matches!(self.kind, Kind::Scalar { style: ScalarStyle::Literal | ScalarStyle::Folded, .. })
    }

    fn is_empty_plain(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, style: ScalarStyle::Plain } if value.is_empty())
    }

    /// Whether the value is written within its own bytes on the key's line (possibly wrapping).
    fn is_inline(&self) -> bool {
        match &self.kind {
            Kind::Alias => true,
            Kind::Scalar { .. } => !self.is_block_scalar() && !self.is_empty_plain(),
            Kind::Seq { flow, .. } | Kind::Map { flow, .. } => *flow,
        }
    }

    fn entries(&self) -> &[Entry] {
        match &self.kind {
            Kind::Map { entries, .. } => entries,
            _ => &[],
        }
    }
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
                if parse_events(text).is_ok_and(|events| document_count(&events) > 1) {
                    return Err(unsupported(dotted, MULTI_DOCUMENT));
                }
                return Err(EditError::Parse(err));
            }
        };
        if text.as_bytes().windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n') || text.ends_with('\r') {
            // YAML reads a lone CR as a line break; line-based edits only know LF and CRLF.
            return Err(unsupported(dotted, "the file uses bare CR line breaks"));
        }
        let events = parse_events(text).map_err(EditError::Parse)?;
        if document_count(&events) > 1 {
            return Err(unsupported(dotted, MULTI_DOCUMENT));
        }
        let Some(doc_start) = events.iter().position(|(e, _)| matches!(e, Event::DocumentStart(_))) else {
            return Err(unsupported(dotted, "the file is empty"));
        };
        if !matches!(events.get(doc_start + 1), Some((Event::MappingStart(..) | Event::SequenceStart(..), _))) {
            return Err(unsupported(dotted, "the top level of the document is neither a mapping nor a list"));
        }
        let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        offsets.push(text.len());
        let mut builder = Builder { text, events: &events, next: doc_start + 1, offsets };
        // A top-level block list's first `-` is looked for after the `---` marker, if any.
        let lead = builder.byte(events[doc_start].1.end.index()).map_err(|reason| unsupported(dotted, reason))?;
        let root = builder.node(lead, 0, 0).map_err(|reason| unsupported(dotted, reason))?;
        Ok(Doc { text, value, root, eol: if text.contains("\r\n") { "\r\n" } else { "\n" }, dotted: dotted.to_owned() })
    }

    fn unsupported(&self, reason: &str) -> EditError {
        unsupported(&self.dotted, reason)
    }

    fn verify_error(&self) -> EditError {
        EditError::Verify { path: self.dotted.clone() }
    }

    fn splice(&self, start: usize, end: usize, with: &str) -> Result<String, EditError> {
        match (self.text.get(..start), self.text.get(end..)) {
            (Some(head), Some(tail)) if start <= end => Ok(format!("{head}{with}{tail}")),
            _ => Err(self.unsupported("internal error: edit position is not a character boundary")),
        }
    }

    /// Insert whole lines after the line containing `pos`, keeping a missing final newline
    /// missing. `before` is the node those lines follow: a block scalar that ends the file
    /// has its header made to strip the line break the new lines put after it
    /// ([`strip_point`]), so that its value stays as it was.
    fn insert_lines_after(&self, pos: usize, lines: &[String], before: &Node) -> Result<String, EditError> {
        let at = next_line_start(self.text, pos);
        let body = lines.join(self.eol);
        let with = if at == self.text.len() && !self.text.ends_with('\n') {
            format!("{}{body}", self.eol)
        } else {
            format!("{body}{}", self.eol)
        };
        match strip_point(self.text, before) {
            Some(p) => self.splice_many(&[(p, p, "-"), (at, at, &with)]),
            None => self.splice(at, at, &with),
        }
    }

    /// Delete the lines from the one containing `first` through the one containing `last`.
    /// `after` is the node before them: when the lines end a file that has no final newline
    /// and `after` is a block scalar right above them keeping its final line break, the break
    /// before the deleted lines stays (the file then ends with one), or the value would lose it.
    fn delete_lines(&self, first: usize, last: usize, after: Option<&Node>) -> Result<String, EditError> {
        let (start, end) = (line_start(self.text, first), next_line_start(self.text, last));
        let keeps_break = after.is_some_and(|n| {
            next_line_start(self.text, n.end) == start && block_header(self.text, n).is_some_and(|h| !h.contains('-'))
        });
        let (start, end) = if keeps_break { (start, end) } else { self.line_span(start, end) };
        self.splice(start, end, "")
    }

    /// The range to cut to delete the whole lines `start..end` (`start` at a line start, `end`
    /// just past a line break or at the end of the text).
    fn line_span(&self, start: usize, end: usize) -> (usize, usize) {
        let mut start = start;
        if end == self.text.len() && !self.text.ends_with('\n') && start > 0 {
            // The last line goes: drop the break before it so the file still ends without one.
            start -= 1;
            if start > 0 && self.text.as_bytes()[start - 1] == b'\r' {
                start -= 1;
            }
        }
        (start, end)
    }

    /// Several splices at once; the ranges must not overlap.
    fn splice_many(&self, edits: &[(usize, usize, &str)]) -> Result<String, EditError> {
        let mut edits = edits.to_vec();
        edits.sort_by_key(|&(start, end, _)| std::cmp::Reverse((start, end)));
        let mut out = self.text.to_owned();
        let mut bound = out.len();
        for (start, end, with) in edits {
            if start > end || end > bound || !out.is_char_boundary(start) || !out.is_char_boundary(end) {
                return Err(self.unsupported("internal error: edit position is not a character boundary"));
            }
            out.replace_range(start..end, with);
            bound = start;
        }
        Ok(out)
    }

    /// Line-based edits assume the node begins its line (after indentation).
    fn require_line_start(&self, pos: usize) -> Result<(), EditError> {
        if only_spaces_before(self.text, pos) {
            Ok(())
        } else {
            Err(self.unsupported("the entry shares its line with other content"))
        }
    }

    /// New lines are aligned with the node at `pos`, which must begin its line after
    /// indentation and any `- ` list indicators (`  - id: RM-1` aligns keys at `id`).
    fn require_aligned(&self, pos: usize) -> Result<(), EditError> {
        if only_indent_before(self.text, pos) {
            Ok(())
        } else {
            Err(self.unsupported("the entry shares its line with other content"))
        }
    }
}

type Events<'t> = Vec<(Event<'t>, Span)>;

fn parse_value(text: &str) -> Result<Value, String> {
    // Same reasoning as for events: a parser bug must surface as an error, not a crash.
    std::panic::catch_unwind(|| yaml_serde::from_str::<Value>(text).map_err(|e| e.to_string()))
        .unwrap_or_else(|_| Err("the YAML parser failed on this input".to_owned()))
}

fn parse_events(text: &str) -> Result<Events<'_>, String> {
    // The parser asserts internally; a panic must become an error, never take the CLI down.
    std::panic::catch_unwind(|| Parser::new_from_str(text).collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string()))
        .unwrap_or_else(|_| Err("the YAML parser failed on this input".to_owned()))
}

fn document_count(events: &Events) -> usize {
    events.iter().filter(|(e, _)| matches!(e, Event::DocumentStart(_))).count()
}

struct Builder<'t, 'e> {
    text: &'t str,
    events: &'e [(Event<'t>, Span)],
    next: usize,
    /// Byte offset of every char index (saphyr markers count chars), plus the text length.
    offsets: Vec<usize>,
}

const MAX_DEPTH: usize = 256;

impl<'t> Builder<'t, '_> {
    fn byte(&self, char_index: usize) -> Result<usize, String> {
        self.offsets
            .get(char_index)
            .copied()
            .ok_or_else(|| "the parser reported a position outside the text".to_owned())
    }

    fn bump(&mut self) -> Result<(&Event<'t>, usize, usize), String> {
        let (event, span) = self.events.get(self.next).ok_or_else(|| "unexpected end of the document".to_owned())?;
        self.next += 1;
        Ok((event, self.byte(span.start.index())?, self.byte(span.end.index())?))
    }

    /// Consume the closing event if it comes next, returning the start of its span.
    fn close(&mut self, closing: fn(&Event) -> bool) -> Result<Option<usize>, String> {
        match self.events.get(self.next) {
            Some((event, span)) if closing(event) => {
                self.next += 1;
                Ok(Some(self.byte(span.start.index())?))
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
    fn node(&mut self, lead: usize, indent: usize, depth: usize) -> Result<Node, String> {
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
                        self.events.get(self.next),
                        Some((Event::SequenceStart(..) | Event::MappingStart(..), _))
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

// ---------------------------------------------------------------------------------------------
// Byte-level scanning. Every delimiter looked for is ASCII, which never occurs inside a
// multi-byte UTF-8 sequence, so positions found next to them are always char boundaries.
// ---------------------------------------------------------------------------------------------

fn line_start(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let pos = pos.min(bytes.len());
    bytes[..pos].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// End of the line containing `pos`, before its `\n` or `\r\n`.
fn line_content_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let pos = pos.min(bytes.len());
    let newline = bytes[pos..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| pos + i);
    if newline > pos && bytes[newline - 1] == b'\r' { newline - 1 } else { newline }
}

fn next_line_start(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let pos = pos.min(bytes.len());
    bytes[pos..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| pos + i + 1)
}

fn col(text: &str, pos: usize) -> usize {
    pos.saturating_sub(line_start(text, pos))
}

fn only_spaces_before(text: &str, pos: usize) -> bool {
    text.as_bytes().get(line_start(text, pos)..pos).is_some_and(|prefix| prefix.iter().all(|&b| b == b' '))
}

/// Only spaces and `- ` list indicators before `pos` on its line.
fn only_indent_before(text: &str, pos: usize) -> bool {
    text.as_bytes().get(line_start(text, pos)..pos).is_some_and(|prefix| {
        prefix.iter().enumerate().all(|(i, &b)| b == b' ' || (b == b'-' && prefix.get(i + 1) == Some(&b' ')))
    })
}

/// Whether the line starting at `pos` holds only blanks (and is not the end of the text).
fn is_blank_line(text: &str, pos: usize) -> bool {
    pos < text.len() && text.get(pos..line_content_end(text, pos)).is_some_and(|line| line.trim().is_empty())
}

/// Whether a blank line lies between the line of `from` and the line starting at `to`.
fn blank_line_between(text: &str, from: usize, to: usize) -> bool {
    let mut pos = next_line_start(text, from);
    while pos < to {
        if is_blank_line(text, pos) {
            return true;
        }
        pos = next_line_start(text, pos);
    }
    false
}

fn skip_inline_ws(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    while matches!(bytes.get(p), Some(b' ' | b'\t')) {
        p += 1;
    }
    p
}

fn skip_ws_comments(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    loop {
        match bytes.get(p) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => p += 1,
            Some(b'#') => p = line_content_end(text, p),
            _ => return p,
        }
    }
}

/// Position of `indicator` when it is the next thing after whitespace and comments.
fn find_indicator(text: &str, pos: usize, indicator: u8) -> Option<usize> {
    let p = skip_ws_comments(text, pos);
    (text.as_bytes().get(p) == Some(&indicator)).then_some(p)
}

/// The `:` of an implicit key, which must be on the key's line.
fn find_colon(text: &str, key_end: usize) -> Option<usize> {
    let p = skip_inline_ws(text, key_end);
    (text.as_bytes().get(p) == Some(&b':')).then_some(p)
}

/// Start (including leading blanks) of a comment that follows `pos` on its line.
fn tail_comment(text: &str, pos: usize) -> Option<usize> {
    let p = skip_inline_ws(text, pos);
    (text.as_bytes().get(p) == Some(&b'#')).then_some(pos)
}

/// Skip anchors and tags (and the blanks after them) to where the node's content starts.
fn skip_properties(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    while matches!(bytes.get(p), Some(b'&' | b'!')) {
        while bytes.get(p).is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
            p += 1;
        }
        p = skip_inline_ws(text, p);
    }
    p
}

fn quoted_end(text: &str, start: usize) -> Option<usize> {
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

/// End of a block scalar's header (`|`, `>-`, `|2+`, ...).
fn block_header_end(text: &str, header: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = header + 1;
    while bytes.get(p).is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-')) {
        p += 1;
    }
    p
}

/// End of the last line of a block scalar whose header is at `header` and whose parent is
/// indented by `parent_indent`. Trailing blank lines are left out unless chomping keeps them.
fn block_scalar_end(text: &str, header: usize, parent_indent: usize) -> usize {
    let bytes = text.as_bytes();
    let indicators = bytes.get(header + 1..block_header_end(text, header)).unwrap_or(&[]);
    let keep = indicators.contains(&b'+');
    let mut content_indent =
        indicators.iter().find(|b| b.is_ascii_digit()).map(|d| parent_indent + usize::from(d - b'0'));
    let mut end = line_content_end(text, header);
    let mut pos = next_line_start(text, header);
    while pos < bytes.len() {
        let line_end = line_content_end(text, pos);
        let line = &bytes[pos..line_end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if line[indent..].iter().all(|&b| b == b' ' || b == b'\t') {
            if keep {
                end = line_end;
            }
        } else {
            let needed = *content_indent.get_or_insert(indent);
            if indent <= parent_indent || indent < needed {
                break;
            }
            end = line_end;
        }
        pos = next_line_start(text, pos);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = r#"# Checkout redesign story
id: BL-12
title: "Pay with saved card"   # quoted on purpose
status: ready

priority: p1
labels: [checkout, payments]
blocked_by:
  - BL-9   # waiting on vault
  - BL-10
rice: {reach: 800, impact: 2, confidence: 0.8, effort: 3}
wsjf:
  user_business_value: 8
  job_size: 5
description: |
  Customers want to reuse
  their card.
customer_quote: 'I hate typing my card number'
created: 2025-07-01
"#;

    fn path(dotted: &str) -> Vec<String> {
        dotted.split('.').map(str::to_owned).collect()
    }

    fn set(dotted: &str, value: NewValue) -> Edit {
        Edit::Set { path: path(dotted), value }
    }

    fn set_str(dotted: &str, value: &str) -> Edit {
        set(dotted, NewValue::Str(value.to_owned()))
    }

    fn set_raw(dotted: &str, value: &str) -> Edit {
        set(dotted, NewValue::Raw(value.to_owned()))
    }

    fn unset(dotted: &str) -> Edit {
        Edit::Unset { path: path(dotted) }
    }

    fn append(dotted: &str, value: &str) -> Edit {
        Edit::Append { path: path(dotted), value: NewValue::Str(value.to_owned()) }
    }

    fn remove(dotted: &str, value: &str) -> Edit {
        Edit::Remove { path: path(dotted), value: value.to_owned() }
    }

    /// Apply one edit that must succeed.
    fn ok(text: &str, edit: Edit) -> String {
        apply(text, std::slice::from_ref(&edit)).unwrap_or_else(|e| panic!("{edit:?} failed: {e}"))
    }

    fn err(text: &str, edit: Edit) -> EditError {
        match apply(text, std::slice::from_ref(&edit)) {
            Ok(out) => panic!("{edit:?} unexpectedly succeeded:\n{out}"),
            Err(e) => e,
        }
    }

    /// STORY with `old` (which must occur exactly once) replaced by `new`.
    fn story_with(old: &str, new: &str) -> String {
        assert_eq!(STORY.matches(old).count(), 1, "`{old}` must be unique");
        STORY.replacen(old, new, 1)
    }

    fn is_unsupported(e: &EditError) -> bool {
        matches!(e, EditError::Unsupported { .. })
    }

    // ----- set -----------------------------------------------------------------------------

    #[test]
    fn set_existing_plain_scalar_changes_only_that_value() {
        assert_eq!(ok(STORY, set_str("status", "in progress")), story_with("status: ready\n", "status: in progress\n"));
    }

    #[test]
    fn set_plain_scalar_keeps_trailing_comment() {
        let text = "id: BL-1\npriority: p1   # from triage\nstatus: ready\n";
        assert_eq!(ok(text, set_str("priority", "p0")), "id: BL-1\npriority: p0   # from triage\nstatus: ready\n");
    }

    #[test]
    fn set_double_quoted_scalar_keeps_quotes_and_comment() {
        assert_eq!(
            ok(STORY, set_str("title", "Pay with a \"saved\" card")),
            story_with(
                "title: \"Pay with saved card\"   # quoted on purpose",
                "title: \"Pay with a \\\"saved\\\" card\"   # quoted on purpose"
            )
        );
        // Even a value that could be plain keeps the author's quotes.
        assert_eq!(ok(STORY, set_str("title", "Pay")), story_with("\"Pay with saved card\"", "\"Pay\""));
    }

    #[test]
    fn set_single_quoted_scalar_keeps_single_quotes() {
        assert_eq!(
            ok(STORY, set_str("customer_quote", "It's too slow")),
            story_with("'I hate typing my card number'", "'It''s too slow'")
        );
    }

    #[test]
    fn set_single_quoted_falls_back_to_double_quotes_for_newlines() {
        assert_eq!(
            ok(STORY, set_str("customer_quote", "one\ntwo")),
            story_with("'I hate typing my card number'", "\"one\\ntwo\"")
        );
    }

    #[test]
    fn set_new_key_appends_at_end_of_mapping() {
        assert_eq!(ok(STORY, set_str("owner", "dana")), format!("{STORY}owner: dana\n"));
    }

    #[test]
    fn a_block_scalar_ending_a_file_without_a_final_newline_keeps_its_value() {
        // Its value has no final line break only because the file ends there: a key added
        // after it makes its header strip the break the new line puts after it.
        assert_eq!(ok("id: X\nnotes: |\n  first", set_raw("estimate", "3")), "id: X\nnotes: |-\n  first\nestimate: 3");
        assert_eq!(ok("notes: >2\n  first", set_raw("estimate", "3")), "notes: >-2\n  first\nestimate: 3");
        // Already stripping, or keeping: nothing to change in the header.
        assert_eq!(ok("notes: |-\n  first", set_raw("estimate", "3")), "notes: |-\n  first\nestimate: 3");
        // Removing the key after it keeps the line break its value holds.
        assert_eq!(ok("notes: |\n  first\nestimate: 3", unset("estimate")), "notes: |\n  first\n");
        assert_eq!(ok("notes: |-\n  first\nestimate: 3", unset("estimate")), "notes: |-\n  first");
        // The same in a list.
        assert_eq!(ok("labels:\n  - |\n    a", append("labels", "b")), "labels:\n  - |-\n    a\n  - b");
    }

    #[test]
    fn set_new_key_after_trailing_block_scalar_goes_before_blank_lines() {
        let text = "id: X\nnotes: |\n  first\n  second\n\n# end of file\n";
        assert_eq!(
            ok(text, set_raw("estimate", "3")),
            "id: X\nnotes: |\n  first\n  second\nestimate: 3\n\n# end of file\n"
        );
    }

    #[test]
    fn set_nested_in_flow_mapping() {
        assert_eq!(ok(STORY, set_raw("rice.reach", "1200")), story_with("{reach: 800,", "{reach: 1200,"));
        assert_eq!(ok(STORY, set_raw("rice.effort", "5")), story_with("effort: 3}", "effort: 5}"));
    }

    #[test]
    fn set_new_key_in_flow_mapping() {
        assert_eq!(
            ok(STORY, set_str("rice.note", "rough guess")),
            story_with("effort: 3}", "effort: 3, note: rough guess}")
        );
        // Flow context needs quotes for commas.
        assert_eq!(ok(STORY, set_str("rice.note", "a, b")), story_with("effort: 3}", "effort: 3, note: \"a, b\"}"));
        assert_eq!(ok("id: X\nrice: {}\n", set_raw("rice.reach", "10")), "id: X\nrice: {reach: 10}\n");
    }

    #[test]
    fn set_nested_in_block_mapping() {
        assert_eq!(ok(STORY, set_raw("wsjf.job_size", "13")), story_with("  job_size: 5\n", "  job_size: 13\n"));
    }

    #[test]
    fn set_new_key_in_nested_block_mapping() {
        assert_eq!(
            ok(STORY, set_raw("wsjf.time_criticality", "3")),
            story_with("  job_size: 5\n", "  job_size: 5\n  time_criticality: 3\n")
        );
    }

    #[test]
    fn set_creates_missing_nested_mapping() {
        assert_eq!(ok(STORY, set_raw("kano.category", "delighter")), format!("{STORY}kano:\n  category: delighter\n"));
        assert_eq!(ok(STORY, set_raw("a.b.c", "1")), format!("{STORY}a:\n  b:\n    c: 1\n"));
        assert_eq!(
            ok(STORY, set_raw("wsjf.risk.level", "2")),
            story_with("  job_size: 5\n", "  job_size: 5\n  risk:\n    level: 2\n")
        );
        assert_eq!(ok(STORY, set_raw("rice.extra.x", "1")), story_with("effort: 3}", "effort: 3, extra: {x: 1}}"));
    }

    #[test]
    fn set_below_null_value_turns_it_into_a_mapping() {
        assert_eq!(
            ok("id: X\nrice:\nstatus: ready\n", set_raw("rice.reach", "800")),
            "id: X\nrice:\n  reach: 800\nstatus: ready\n"
        );
        assert_eq!(
            ok("id: X\nrice: ~   # todo\nstatus: ready\n", set_raw("rice.reach", "800")),
            "id: X\nrice:   # todo\n  reach: 800\nstatus: ready\n"
        );
    }

    #[test]
    fn set_below_scalar_is_not_a_mapping() {
        let e = err(STORY, set_raw("status.since", "2025-07-02"));
        assert!(matches!(&e, EditError::NotAMapping { path } if path == "status"), "{e:?}");
        assert_eq!(e.to_string(), "`status` is not a mapping");
        let e = err(STORY, set_raw("labels.x", "1"));
        assert!(matches!(&e, EditError::NotAMapping { path } if path == "labels"), "{e:?}");
    }

    #[test]
    fn set_replaces_block_scalar_with_one_line() {
        assert_eq!(
            ok(STORY, set_str("description", "Reuse saved cards")),
            story_with(
                "description: |\n  Customers want to reuse\n  their card.\n",
                "description: Reuse saved cards\n"
            )
        );
    }

    #[test]
    fn set_replaces_block_scalar_with_multi_line_keeping_literal_style() {
        assert_eq!(
            ok(STORY, set_str("description", "Customers want\nto reuse cards.\n")),
            story_with("  Customers want to reuse\n  their card.\n", "  Customers want\n  to reuse cards.\n")
        );
        // No final newline: strip chomping; blank lines inside stay empty.
        assert_eq!(
            ok(STORY, set_str("description", "para one\n\npara two")),
            story_with(
                "description: |\n  Customers want to reuse\n  their card.\n",
                "description: |-\n  para one\n\n  para two\n"
            )
        );
    }

    #[test]
    fn set_block_scalar_keeps_header_comment_and_indentation() {
        let text = "description: |   # markdown\n    Old text\n    here.\nnext: 1\n";
        assert_eq!(
            ok(text, set_str("description", "New\ntext\n")),
            "description: |   # markdown\n    New\n    text\nnext: 1\n"
        );
        assert_eq!(ok(text, set_str("description", "short")), "description: short   # markdown\nnext: 1\n");
    }

    #[test]
    fn set_multi_line_string_where_literal_is_impossible_is_double_quoted() {
        assert_eq!(
            ok(STORY, set_str("status", "blocked\nsee BL-9")),
            story_with("status: ready\n", "status: \"blocked\\nsee BL-9\"\n")
        );
        // Leading spaces on the first line would need an indentation indicator.
        assert_eq!(
            ok(STORY, set_str("description", "  indented\ntext")),
            story_with(
                "description: |\n  Customers want to reuse\n  their card.\n",
                "description: \"  indented\\ntext\"\n"
            )
        );
    }

    #[test]
    fn set_replaces_block_collections() {
        assert_eq!(
            ok(STORY, set_raw("blocked_by", "[BL-9]")),
            story_with("blocked_by:\n  - BL-9   # waiting on vault\n  - BL-10\n", "blocked_by: [BL-9]\n")
        );
        assert_eq!(
            ok(STORY, set_raw("wsjf", "{user_business_value: 8, job_size: 3}")),
            story_with(
                "wsjf:\n  user_business_value: 8\n  job_size: 5\n",
                "wsjf: {user_business_value: 8, job_size: 3}\n"
            )
        );
    }

    #[test]
    fn set_block_collection_keeps_key_line_comment() {
        let text = "blocked_by:   # upstream work\n  - BL-9\n  - BL-10\nrice: 1\n";
        assert_eq!(ok(text, set_raw("blocked_by", "[BL-9]")), "blocked_by: [BL-9]   # upstream work\nrice: 1\n");
    }

    #[test]
    fn edits_that_would_change_other_values_fail_verification() {
        // A raw value that is one string on its own but two elements inside `[...]`.
        let e = err(STORY, Edit::Append { path: path("labels"), value: NewValue::Raw("a, b".to_owned()) });
        assert!(matches!(&e, EditError::Verify { path } if path == "labels"), "{e:?}");
        let e = err(STORY, set_raw("rice.reach", "1, 2"));
        assert!(matches!(e, EditError::Verify { .. }), "{e:?}");
        // A raw comment swallows the closing bracket.
        let e = err(STORY, set_raw("rice.reach", "1 # note"));
        assert!(matches!(e, EditError::Verify { .. } | EditError::Unsupported { .. }), "{e:?}");
    }

    #[test]
    fn set_empty_value_keeps_comment() {
        let text = "id: X\nowner:   # who picks it up\nstatus: ready\n";
        assert_eq!(ok(text, set_str("owner", "dana")), "id: X\nowner: dana   # who picks it up\nstatus: ready\n");
        assert_eq!(ok("id: X\nowner:\n", set_str("owner", "dana")), "id: X\nowner: dana\n");
    }

    #[test]
    fn set_raw_values_verbatim() {
        for raw in ["5", "0.8", "true", "2025-07-02", "[a, b]", "{reach: 800, impact: 2}", "~"] {
            assert_eq!(
                ok(STORY, set_raw("created", raw)),
                story_with("created: 2025-07-01\n", &format!("created: {raw}\n"))
            );
        }
    }

    #[test]
    fn set_rejects_raw_values_that_would_break_the_layout() {
        for raw in ["", "a: b", "- a", "|\n  x", "[unclosed", "a\nb"] {
            let e = err(STORY, set_raw("created", raw));
            assert!(is_unsupported(&e), "{raw:?}: {e:?}");
        }
    }

    #[test]
    fn set_same_value_is_identity() {
        assert_eq!(ok(STORY, set_str("status", "ready")), STORY);
    }

    // ----- strings that need quotes ----------------------------------------------------------

    #[test]
    fn strings_are_quoted_only_when_needed() {
        let cases = [
            ("plain words", "plain words"),
            ("BL-12", "BL-12"),
            ("a: b", "\"a: b\""),
            ("a #tag", "\"a #tag\""),
            ("#tag", "\"#tag\""),
            ("issue#4", "issue#4"),
            ("- item", "\"- item\""),
            ("-x", "\"-x\""),
            ("yes", "\"yes\""),
            ("No", "\"No\""),
            ("on", "\"on\""),
            ("true", "\"true\""),
            ("null", "\"null\""),
            ("~", "\"~\""),
            ("123", "\"123\""),
            ("0.5", "\"0.5\""),
            ("1e3", "\"1e3\""),
            ("12:30", "\"12:30\""),
            ("2025-07-01", "\"2025-07-01\""),
            (".inf", "\".inf\""),
            ("", "\"\""),
            (" padded", "\" padded\""),
            ("padded ", "\"padded \""),
            ("ends with colon:", "\"ends with colon:\""),
            ("[x]", "\"[x]\""),
            ("{x}", "\"{x}\""),
            ("*ref", "\"*ref\""),
            ("&anchor", "\"&anchor\""),
            ("!tag", "\"!tag\""),
            ("'quoted'", "\"'quoted'\""),
            ("say \"hi\"", "say \"hi\""),
            ("back\\slash", "back\\slash"),
            ("tab\there", "\"tab\\there\""),
            ("bell\u{7}", "\"bell\\x07\""),
            ("Größe ✓ 日本語", "Größe ✓ 日本語"),
            ("ü: x", "\"ü: x\""),
            ("https://example.com/a", "https://example.com/a"),
        ];
        for (value, rendered) in cases {
            assert_eq!(
                ok(STORY, set_str("status", value)),
                story_with("status: ready\n", &format!("status: {rendered}\n")),
                "rendering {value:?}"
            );
        }
    }

    #[test]
    fn strings_in_flow_context_quote_flow_indicators() {
        assert_eq!(
            ok(STORY, append("labels", "a,b")),
            story_with("[checkout, payments]", "[checkout, payments, \"a,b\"]")
        );
        assert_eq!(
            ok(STORY, append("labels", "x:y")),
            story_with("[checkout, payments]", "[checkout, payments, \"x:y\"]")
        );
        assert_eq!(ok(STORY, append("blocked_by", "x,y")), story_with("  - BL-10\n", "  - BL-10\n  - x,y\n"));
    }

    #[test]
    fn keys_needing_quotes_are_quoted() {
        assert_eq!(ok("id: X\n", set_raw("a: b", "1")), "id: X\n\"a: b\": 1\n");
        assert_eq!(ok("id: X\n", set_raw("123", "1")), "id: X\n\"123\": 1\n");
        // The quoted key is found again by its value.
        assert_eq!(ok("id: X\n\"123\": 1\n", set_raw("123", "2")), "id: X\n\"123\": 2\n");
        assert_eq!(ok("id: X\n123: 1\n", set_raw("123", "2")), "id: X\n123: 2\n");
    }

    // ----- unset -----------------------------------------------------------------------------

    #[test]
    fn unset_key_in_the_middle() {
        assert_eq!(ok(STORY, unset("status")), story_with("status: ready\n", ""));
        assert_eq!(ok(STORY, unset("priority")), story_with("priority: p1\n", ""));
    }

    #[test]
    fn unset_keeps_comment_lines_above() {
        let text = "id: X\n# why we track this\nrisk: high\nstatus: ready\n";
        assert_eq!(ok(text, unset("risk")), "id: X\n# why we track this\nstatus: ready\n");
    }

    #[test]
    fn unset_block_scalar_key() {
        assert_eq!(
            ok(STORY, unset("description")),
            story_with("description: |\n  Customers want to reuse\n  their card.\n", "")
        );
    }

    #[test]
    fn unset_block_sequence_key() {
        assert_eq!(
            ok(STORY, unset("blocked_by")),
            story_with("blocked_by:\n  - BL-9   # waiting on vault\n  - BL-10\n", "")
        );
    }

    #[test]
    fn unset_block_mapping_key_and_nested_keys() {
        assert_eq!(ok(STORY, unset("wsjf")), story_with("wsjf:\n  user_business_value: 8\n  job_size: 5\n", ""));
        assert_eq!(ok(STORY, unset("wsjf.job_size")), story_with("  job_size: 5\n", ""));
        // The last entry of a nested block mapping leaves an empty mapping, not null.
        assert_eq!(
            ok("wsjf:  # scoring\n  job_size: 5\nid: X\n", unset("wsjf.job_size")),
            "wsjf: {}  # scoring\nid: X\n"
        );
    }

    #[test]
    fn unset_in_flow_mapping() {
        assert_eq!(ok(STORY, unset("rice.reach")), story_with("{reach: 800, impact", "{impact"));
        assert_eq!(
            ok(STORY, unset("rice.confidence")),
            story_with("impact: 2, confidence: 0.8, effort", "impact: 2, effort")
        );
        assert_eq!(ok(STORY, unset("rice.effort")), story_with("0.8, effort: 3}", "0.8}"));
        assert_eq!(ok("rice: {reach: 1}\n", unset("rice.reach")), "rice: {}\n");
    }

    #[test]
    fn unset_missing_key_is_a_no_op_and_idempotent() {
        assert_eq!(ok(STORY, unset("nope")), STORY);
        assert_eq!(ok(STORY, unset("nope.deeper")), STORY);
        assert_eq!(ok(STORY, unset("wsjf.nope")), STORY);
        let once = ok(STORY, unset("status"));
        assert_eq!(ok(&once, unset("status")), once);
        assert_eq!(apply(STORY, &[unset("status"), unset("status")]).unwrap(), once);
    }

    #[test]
    fn unset_only_key_of_document_leaves_empty_mapping() {
        assert_eq!(ok("# header\nid: X\n", unset("id")), "# header\n{}\n");
    }

    #[test]
    fn unset_through_scalar_is_not_a_mapping() {
        assert!(matches!(err(STORY, unset("status.x")), EditError::NotAMapping { .. }));
    }

    // ----- append ------------------------------------------------------------------------------

    #[test]
    fn append_to_flow_sequence() {
        assert_eq!(
            ok(STORY, append("labels", "mobile")),
            story_with("[checkout, payments]", "[checkout, payments, mobile]")
        );
    }

    #[test]
    fn append_to_block_sequence_with_trailing_comment() {
        let text = "blocked_by:\n  - BL-9\n  - BL-10   # waiting on vault\nrice: 1\n";
        assert_eq!(
            ok(text, append("blocked_by", "BL-11")),
            "blocked_by:\n  - BL-9\n  - BL-10   # waiting on vault\n  - BL-11\nrice: 1\n"
        );
        assert_eq!(ok(STORY, append("blocked_by", "BL-11")), story_with("  - BL-10\n", "  - BL-10\n  - BL-11\n"));
    }

    #[test]
    fn append_after_multi_line_element_and_comments_between_elements() {
        let text = "\
steps:
- name: build
  run: make
# between elements
- |
  echo one
  echo two

  # still part of the block scalar
# comment after the list
next: 1
";
        let out = ok(text, append("steps", "deploy"));
        assert_eq!(
            out,
            text.replace("  # still part of the block scalar\n", "  # still part of the block scalar\n- deploy\n")
        );
    }

    #[test]
    fn append_to_empty_flow_sequence() {
        assert_eq!(ok("labels: []\n", append("labels", "a")), "labels: [a]\n");
    }

    #[test]
    fn append_to_missing_or_null_key_creates_flow_sequence() {
        assert_eq!(ok(STORY, append("tags", "q3")), format!("{STORY}tags: [q3]\n"));
        assert_eq!(
            ok("id: X\nlabels:\nstatus: ready\n", append("labels", "a b")),
            "id: X\nlabels: [a b]\nstatus: ready\n"
        );
        assert_eq!(ok("id: X\nlabels: ~  # none yet\n", append("labels", "x")), "id: X\nlabels: [x]  # none yet\n");
        assert_eq!(
            ok(STORY, append("wsjf.notes", "memo")),
            story_with("  job_size: 5\n", "  job_size: 5\n  notes: [memo]\n")
        );
        assert_eq!(ok(STORY, append("links.docs", "d")), format!("{STORY}links:\n  docs: [d]\n"));
    }

    #[test]
    fn append_to_multi_line_flow_sequence() {
        assert_eq!(ok("labels: [\n  a,\n  b,\n]\n", append("labels", "c")), "labels: [\n  a,\n  b, c,\n]\n");
    }

    #[test]
    fn append_to_non_sequence_is_an_error() {
        let e = err(STORY, append("status", "x"));
        assert!(matches!(&e, EditError::NotASequence { path } if path == "status"), "{e:?}");
        assert_eq!(e.to_string(), "`status` is not a list");
        assert!(matches!(err(STORY, append("wsjf", "x")), EditError::NotASequence { .. }));
    }

    #[test]
    fn append_raw_values() {
        let edit = Edit::Append { path: path("labels"), value: NewValue::Raw("42".to_owned()) };
        assert_eq!(ok(STORY, edit), story_with("[checkout, payments]", "[checkout, payments, 42]"));
    }

    // ----- remove ------------------------------------------------------------------------------

    #[test]
    fn remove_from_flow_sequence() {
        let text = "labels: [a, b, c]\n";
        assert_eq!(ok(text, remove("labels", "a")), "labels: [b, c]\n");
        assert_eq!(ok(text, remove("labels", "b")), "labels: [a, c]\n");
        assert_eq!(ok(text, remove("labels", "c")), "labels: [a, b]\n");
        assert_eq!(ok("labels: [a]\n", remove("labels", "a")), "labels: []\n");
        assert_eq!(ok(STORY, remove("labels", "checkout")), story_with("[checkout, payments]", "[payments]"));
    }

    #[test]
    fn remove_compares_parsed_scalar_values() {
        assert_eq!(ok("labels: [\"a\", 'b', c]\n", remove("labels", "a")), "labels: ['b', c]\n");
        assert_eq!(ok("labels: [a, 'b', c]\n", remove("labels", "b")), "labels: [a, c]\n");
        assert_eq!(ok("nums: [1, 2, 3]\n", remove("nums", "2")), "nums: [1, 3]\n");
    }

    #[test]
    fn remove_every_matching_element() {
        assert_eq!(ok("l: [a, b, a, c, a]\n", remove("l", "a")), "l: [b, c]\n");
        assert_eq!(ok("l: [a, a]\n", remove("l", "a")), "l: []\n");
        assert_eq!(ok("l:\n  - a\n  - b\n  - a\nx: 1\n", remove("l", "a")), "l:\n  - b\nx: 1\n");
    }

    #[test]
    fn remove_from_multi_line_flow_sequence() {
        let text = "labels: [\n  a,\n  b,\n  c\n]\n";
        assert_eq!(ok(text, remove("labels", "a")), "labels: [\n  b,\n  c\n]\n");
        assert_eq!(ok(text, remove("labels", "c")), "labels: [\n  a,\n  b\n]\n");
    }

    #[test]
    fn remove_from_block_sequence() {
        assert_eq!(ok(STORY, remove("blocked_by", "BL-9")), story_with("  - BL-9   # waiting on vault\n", ""));
        assert_eq!(ok(STORY, remove("blocked_by", "BL-10")), story_with("  - BL-10\n", ""));
    }

    #[test]
    fn remove_last_element_of_block_sequence_leaves_empty_flow_sequence() {
        assert_eq!(
            ok("id: X\nblocked_by:\n  - BL-9   # vault\nnext: 1\n", remove("blocked_by", "BL-9")),
            "id: X\nblocked_by: []\nnext: 1\n"
        );
        assert_eq!(
            apply(STORY, &[remove("blocked_by", "BL-9"), remove("blocked_by", "BL-10")]).unwrap(),
            story_with("blocked_by:\n  - BL-9   # waiting on vault\n  - BL-10\n", "blocked_by: []\n")
        );
    }

    #[test]
    fn remove_from_indentless_sequence() {
        let text = "labels:\n- a\n- b\nx: 1\n";
        assert_eq!(ok(text, remove("labels", "a")), "labels:\n- b\nx: 1\n");
        assert_eq!(ok(text, append("labels", "c")), "labels:\n- a\n- b\n- c\nx: 1\n");
    }

    #[test]
    fn remove_missing_element_is_not_found() {
        let e = err(STORY, remove("blocked_by", "BL-99"));
        assert!(matches!(&e, EditError::NotFound { path, value } if path == "blocked_by" && value == "BL-99"), "{e:?}");
        assert_eq!(e.to_string(), "`blocked_by` has no element `BL-99`");
        assert!(matches!(err(STORY, remove("nope", "x")), EditError::NotFound { .. }));
        assert!(matches!(err("id: X\nl:\n", remove("l", "x")), EditError::NotFound { .. }));
        assert!(matches!(err(STORY, remove("status", "ready")), EditError::NotASequence { .. }));
    }

    // ----- line endings ------------------------------------------------------------------------

    #[test]
    fn crlf_files_stay_crlf() {
        let text = STORY.replace('\n', "\r\n");
        let crlf = |s: String| s.replace('\n', "\r\n");
        assert_eq!(ok(&text, set_str("status", "done")), crlf(story_with("status: ready\n", "status: done\n")));
        assert_eq!(ok(&text, unset("status")), crlf(story_with("status: ready\n", "")));
        assert_eq!(ok(&text, append("blocked_by", "BL-11")), crlf(story_with("  - BL-10\n", "  - BL-10\n  - BL-11\n")));
        assert_eq!(
            ok(&text, set_raw("wsjf.risk.level", "1")),
            crlf(story_with("  job_size: 5\n", "  job_size: 5\n  risk:\n    level: 1\n"))
        );
        assert_eq!(
            ok(&text, set_str("description", "a\nb\n")),
            crlf(story_with("  Customers want to reuse\n  their card.\n", "  a\n  b\n"))
        );
        assert_eq!(ok(&text, remove("blocked_by", "BL-10")), crlf(story_with("  - BL-10\n", "")));
        assert_eq!(ok(&text, set_raw("x", "1")), format!("{text}x: 1\r\n"));
    }

    #[test]
    fn bare_carriage_returns_are_unsupported() {
        assert!(is_unsupported(&err("id: X\rstatus: ready\r", set_str("id", "Y"))));
    }

    #[test]
    fn file_without_trailing_newline() {
        let text = "id: X\nstatus: ready";
        assert_eq!(ok(text, set_str("status", "done")), "id: X\nstatus: done");
        assert_eq!(ok(text, set_str("owner", "dana")), "id: X\nstatus: ready\nowner: dana");
        assert_eq!(ok(text, unset("status")), "id: X");
        assert_eq!(ok("id: X\nl:\n  - a\n  - b", append("l", "c")), "id: X\nl:\n  - a\n  - b\n  - c");
        assert_eq!(ok("id: X\nl:\n  - a\n  - b", remove("l", "b")), "id: X\nl:\n  - a");
        assert_eq!(ok("id: X\r\nstatus: ready", unset("status")), "id: X");
    }

    // ----- documents that are refused --------------------------------------------------------

    #[test]
    fn anchors_aliases_and_tags_on_edited_nodes_are_unsupported() {
        let text = "base: &base {reach: 1}\nrice: *base\ntitle: !custom thing\nid: X\n";
        for edit in [
            set_raw("base", "{reach: 2}"),
            set_raw("base.reach", "2"),
            set_raw("rice", "{}"),
            set_raw("rice.reach", "2"),
            set_str("title", "x"),
            unset("base"),
            unset("title"),
        ] {
            let e = err(text, edit.clone());
            assert!(is_unsupported(&e), "{edit:?}: {e:?}");
        }
        // Untouched parts may use them freely.
        assert_eq!(
            ok(text, set_str("id", "BL-2")),
            "base: &base {reach: 1}\nrice: *base\ntitle: !custom thing\nid: BL-2\n"
        );
        let e = err("l: &l [a]\nm: *l\n", append("l", "b"));
        assert!(is_unsupported(&e), "{e:?}");
        assert!(e.to_string().starts_with("cannot edit `l` in place: "), "{e}");
    }

    #[test]
    fn merge_keys_are_unsupported() {
        let text = "base: &b {reach: 1}\nrice:\n  <<: *b\n  impact: 2\n";
        assert!(is_unsupported(&err(text, set_raw("rice.impact", "3"))));
    }

    #[test]
    fn invalid_yaml_is_a_parse_error() {
        for text in ["id: [unclosed\n", "a: b\n  c: d\n", "key: \"open\n", "a: 1\na: 2\n"] {
            let e = err(text, set_str("id", "x"));
            assert!(matches!(e, EditError::Parse(_)), "{text:?}: {e:?}");
            assert!(e.to_string().starts_with("not valid YAML: "));
        }
    }

    #[test]
    fn non_mapping_documents_are_unsupported() {
        for text in ["- a\n- b\n", "just text\n", "", "# only a comment\n", "[a, b]"] {
            let e = err(text, set_str("id", "x"));
            assert!(is_unsupported(&e), "{text:?}: {e:?}");
        }
        assert!(is_unsupported(&err("a: 1\n---\nb: 2\n", set_str("a", "x"))));
    }

    #[test]
    fn explicit_keys_are_refused_when_lines_must_move() {
        let text = "? q\n: r\nid: X\n";
        assert!(is_unsupported(&err(text, unset("q"))));
        assert_eq!(ok(text, set_str("q", "s")), "? q\n: s\nid: X\n");
    }

    #[test]
    fn collection_keys_are_unsupported() {
        let e = err("id: X\n? [a, b]\n: c\n", set_str("id", "Y"));
        assert!(is_unsupported(&e), "{e:?}");
        assert!(e.to_string().contains("used as keys"), "{e}");
    }

    #[test]
    fn empty_path_is_unsupported() {
        let e = err(STORY, Edit::Unset { path: Vec::new() });
        assert!(is_unsupported(&e), "{e:?}");
    }

    // ----- assorted --------------------------------------------------------------------------

    #[test]
    fn multiple_edits_apply_in_order() {
        let out = apply(
            STORY,
            &[
                set_str("status", "in-progress"),
                append("labels", "mobile"),
                remove("labels", "checkout"),
                set_raw("rice.reach", "1000"),
                unset("customer_quote"),
                set_str("owner", "dana"),
                set_str("owner", "lee"),
            ],
        )
        .unwrap();
        let expected = STORY
            .replace("status: ready", "status: in-progress")
            .replace("[checkout, payments]", "[payments, mobile]")
            .replace("reach: 800", "reach: 1000")
            .replace("customer_quote: 'I hate typing my card number'\n", "")
            + "owner: lee\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn failed_edit_in_a_batch_returns_the_error() {
        let e = apply(STORY, &[set_str("status", "x"), append("status", "y")]).unwrap_err();
        assert!(matches!(e, EditError::NotASequence { .. }));
    }

    #[test]
    fn schema_comment_document_markers_and_unicode_are_preserved() {
        let text = "# yaml-language-server: $schema=../schema.json\n---\ntitle: \"Größe ändern ✓\"\nnote: 日本語のテキスト  # コメント\nstatus: ready\n...\n";
        assert_eq!(ok(text, set_str("status", "größer")), text.replace("status: ready", "status: größer"));
        assert_eq!(ok(text, set_str("note", "ü")), text.replace("日本語のテキスト", "ü"));
        assert_eq!(ok(text, set_str("title", "✓✓")), text.replace("Größe ändern ✓", "✓✓"));
        assert_eq!(ok(text, unset("note")), text.replace("note: 日本語のテキスト  # コメント\n", ""));
    }

    #[test]
    fn multi_line_plain_and_quoted_values_are_replaced_whole() {
        let text = "a: this is\n  folded plain\nb: \"two\n  lines\"  # c\nz: 1\n";
        assert_eq!(ok(text, set_str("a", "x")), "a: x\nb: \"two\n  lines\"  # c\nz: 1\n");
        assert_eq!(ok(text, set_str("b", "y")), "a: this is\n  folded plain\nb: \"y\"  # c\nz: 1\n");
        assert_eq!(ok(text, unset("b")), "a: this is\n  folded plain\nz: 1\n");
    }

    #[test]
    fn error_messages_use_dotted_paths() {
        let e = err(STORY, set_raw("rice.reach.x", "1"));
        assert_eq!(e.to_string(), "`rice.reach` is not a mapping");
        let e = EditError::Verify { path: "rice.reach".to_owned() };
        assert_eq!(e.to_string(), "edit of `rice.reach` did not produce the intended value; file left unchanged");
    }

    #[test]
    fn adversarial_inputs_do_not_panic() {
        let inputs = [
            "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
            "a: \u{feff}b\n",
            "\u{feff}a: b\n",
            "a: b\r",
            "a:\t1\n",
            "a: |2\n   x\nb: 1\n",
            "a: >+\n  x\n\n\nb: 1\n",
            "a: !!binary aGVsbG8=\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 'x''\n",
            "{a: 1, b: [x, y]}\n",
            "a: {b: {c: [1, {d: e}]}}\n",
            "\"\\u00e9\": 1\n",
        ];
        let edits = [
            set_str("a", "v"),
            set_str("a.b", "v"),
            unset("a"),
            append("a", "v"),
            remove("a", "x"),
            set_str("b", "v"),
            append("a.b", "x"),
        ];
        for text in inputs {
            for edit in &edits {
                if let Ok(out) = apply(text, std::slice::from_ref(edit)) {
                    assert!(yaml_serde::from_str::<Value>(&out).is_ok(), "{text:?} {edit:?}");
                }
            }
        }
    }

    /// Applies random edits to `bases` mutated with random `pieces` (a fixed
    /// pseudo-random sequence from `seed`): no input may panic, and whatever
    /// is accepted must parse and verify.
    fn mutate_and_edit(bases: &[&str], edits: &[Edit], pieces: &[&str], seed: u64, rounds: usize) {
        let mut seed = seed;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap() % n
        };
        for _ in 0..rounds {
            let mut chars: Vec<char> = bases[next(bases.len())].chars().collect();
            for _ in 0..=next(3) {
                let at = next(chars.len() + 1);
                if next(2) == 0 && at < chars.len() {
                    chars.remove(at);
                } else {
                    let piece = pieces[next(pieces.len())];
                    chars.splice(at..at, piece.chars());
                }
            }
            let text: String = chars.into_iter().collect();
            let edit = &edits[next(edits.len())];
            match apply(&text, std::slice::from_ref(edit)) {
                Ok(out) => assert!(yaml_serde::from_str::<Value>(&out).is_ok()),
                Err(EditError::Verify { .. }) => panic!("{edit:?} failed to verify on {text:?}"),
                Err(_) => {}
            }
        }
    }

    /// Mutated files (broken quotes, stray indicators, odd line breaks) must never panic, and
    /// whatever is accepted must still verify.
    #[test]
    fn mutated_inputs_never_panic() {
        const PIECES: &[&str] = &[
            "\n", " ", ":", "- ", "#", "[", "]", "{", "}", ",", "'", "\"", "|", ">", "&a ", "*a", "!t ", "é", "\r\n",
            "\r", "\t", "? ", "---\n", "~",
        ];
        mutate_and_edit(&[STORY, MIXED], &sample_edits(), PIECES, 7, 3000);
    }

    #[test]
    fn keep_chomped_block_scalar_is_not_split() {
        let text = "a: |+\n  x\n\nb: 1\n";
        assert_eq!(ok(text, unset("b")), "a: |+\n  x\n\n");
        assert_eq!(ok("b: 1\na: |+\n  x\n\n", set_raw("c", "2")), "b: 1\na: |+\n  x\n\nc: 2\n");
    }

    #[test]
    fn flow_root_mapping_is_edited_in_place() {
        assert_eq!(ok("{a: 1, b: 2}\n", set_raw("c", "3")), "{a: 1, b: 2, c: 3}\n");
        assert_eq!(ok("{a: 1, b: 2}\n", unset("a")), "{b: 2}\n");
    }

    // ----- lists of mappings: the roadmap and OKR files -----------------------------------------

    const ROADMAP: &str = r#"# Roadmap, reviewed monthly with leadership.
themes: [conversion, trust, expansion]
initiatives:
  # Q4 bets
  - id: RM-1
    title: One-page checkout   # flagship
    theme: conversion
    horizon: now
    milestones: [MS-1]

  - id: RM-2
    title: "Fraud screening: phase 2"
    horizon: next
    objectives:
      - OBJ-1

  # Later: needs the payments team
  - id: RM-3
    title: Marketplace sellers
    horizon: later
    blocked_by:
      - RM-1
      - RM-2   # after fraud screening
milestones:
  - {id: MS-1, name: "v2.1", kind: release, date: 2026-12-15, status: planned}
  - {id: MS-2, name: "v2.2", kind: release, date: 2027-02-01}
"#;

    const OKRS: &str = "\
# yaml-language-server: $schema=../../schemas/okrs.schema.json
# 2027-Q1 objectives, owned by the product trio.
- id: OBJ-1
  objective: Make checkout effortless
  owner: dana
  key_results:
    - id: KR-1
      title: Checkout conversion
      baseline: 0.42
      target: 0.5
      current: 0.44
      check_ins:
        - {date: 2026-11-01, value: 0.43, confidence: 0.7}
        - {date: 2026-11-15, value: 0.44, confidence: 0.6}   # after the outage
    - id: KR-2
      title: Median checkout time (s)
      baseline: 95
      target: 60
      current: 88   # p50 from the dashboard
      check_ins: []

# Trust work
- id: OBJ-2
  objective: Stop fraud without friction
  key_results:
    - id: KR-3
      title: Chargeback rate (%)
      target: 0.3
      current: 0.5
";

    /// `text` with `old` (which must occur exactly once) replaced by `new`.
    fn with(text: &str, old: &str, new: &str) -> String {
        assert_eq!(text.matches(old).count(), 1, "`{old}` must be unique");
        text.replacen(old, new, 1)
    }

    fn segments(segments: &[&str]) -> Vec<String> {
        segments.iter().map(|s| (*s).to_owned()).collect()
    }

    fn raw(s: &str) -> NewValue {
        NewValue::Raw(s.to_owned())
    }

    fn string(s: &str) -> NewValue {
        NewValue::Str(s.to_owned())
    }

    fn map(entries: &[(&str, NewValue)]) -> NewValue {
        NewValue::Map(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
    }

    fn set_at(path: &[&str], value: NewValue) -> Edit {
        Edit::Set { path: segments(path), value }
    }

    fn unset_at(path: &[&str]) -> Edit {
        Edit::Unset { path: segments(path) }
    }

    fn append_at(path: &[&str], value: NewValue) -> Edit {
        Edit::Append { path: segments(path), value }
    }

    fn check_in() -> NewValue {
        map(&[("date", raw("2026-12-01")), ("value", raw("7")), ("confidence", raw("0.6"))])
    }

    const RM_1: &str = "  - id: RM-1
    title: One-page checkout   # flagship
    theme: conversion
    horizon: now
    milestones: [MS-1]
";
    const RM_2: &str = "  - id: RM-2
    title: \"Fraud screening: phase 2\"
    horizon: next
    objectives:
      - OBJ-1
";
    const RM_3: &str = "  - id: RM-3
    title: Marketplace sellers
    horizon: later
    blocked_by:
      - RM-1
      - RM-2   # after fraud screening
";

    #[test]
    fn set_through_index_segments() {
        assert_eq!(
            ok(ROADMAP, set_at(&["initiatives", "1", "horizon"], string("now"))),
            with(ROADMAP, "horizon: next", "horizon: now")
        );
        assert_eq!(
            ok(ROADMAP, set_at(&["initiatives", "0", "title"], string("Checkout v2"))),
            with(ROADMAP, "title: One-page checkout   # flagship", "title: Checkout v2   # flagship")
        );
        // The first key shares its line with the `-`.
        assert_eq!(
            ok(ROADMAP, set_at(&["initiatives", "2", "id"], string("RM-7"))),
            with(ROADMAP, "- id: RM-3", "- id: RM-7")
        );
        assert_eq!(
            ok(ROADMAP, set_at(&["initiatives", "1", "objectives", "0"], string("OBJ-2"))),
            with(ROADMAP, "      - OBJ-1", "      - OBJ-2")
        );
    }

    #[test]
    fn set_inside_a_flow_mapping_element() {
        assert_eq!(
            ok(ROADMAP, set_at(&["milestones", "0", "status"], string("shipped"))),
            with(ROADMAP, "status: planned}", "status: shipped}")
        );
        // The author's quotes stay.
        assert_eq!(
            ok(ROADMAP, set_at(&["milestones", "1", "name"], string("v2.2.1"))),
            with(ROADMAP, "name: \"v2.2\"", "name: \"v2.2.1\"")
        );
        assert_eq!(
            ok(ROADMAP, set_at(&["milestones", "1", "status"], string("planned"))),
            with(ROADMAP, "date: 2027-02-01}", "date: 2027-02-01, status: planned}")
        );
        assert_eq!(ok(ROADMAP, set_at(&["themes", "1"], string("safety"))), with(ROADMAP, "trust", "safety"));
    }

    #[test]
    fn set_deep_in_a_top_level_list() {
        assert_eq!(
            ok(OKRS, set_at(&["0", "key_results", "1", "current"], raw("80"))),
            with(OKRS, "current: 88   # p50", "current: 80   # p50")
        );
        assert_eq!(
            ok(OKRS, set_at(&["0", "key_results", "0", "check_ins", "1", "confidence"], raw("0.5"))),
            with(OKRS, "0.44, confidence: 0.6}", "0.44, confidence: 0.5}")
        );
        assert_eq!(ok(OKRS, set_at(&["1", "owner"], string("lee"))), format!("{OKRS}  owner: lee\n"));
        assert_eq!(
            ok(OKRS, set_at(&["0", "key_results", "1", "unit"], string("s"))),
            with(OKRS, "      check_ins: []\n", "      check_ins: []\n      unit: s\n")
        );
    }

    #[test]
    fn set_replaces_elements_by_index() {
        assert_eq!(ok(STORY, set_at(&["blocked_by", "1"], string("BL-11"))), story_with("  - BL-10\n", "  - BL-11\n"));
        assert_eq!(
            ok(STORY, set_at(&["blocked_by", "0"], string("BL-8"))),
            story_with("- BL-9   # waiting", "- BL-8   # waiting")
        );
        assert_eq!(
            ok(ROADMAP, set_at(&["initiatives", "2", "blocked_by", "1"], string("RM-9"))),
            with(ROADMAP, "- RM-2   # after", "- RM-9   # after")
        );
        assert_eq!(
            ok(ROADMAP, set_at(&["milestones", "1"], raw("{id: MS-2, name: v2.2, status: planned}"))),
            with(
                ROADMAP,
                "  - {id: MS-2, name: \"v2.2\", kind: release, date: 2027-02-01}",
                "  - {id: MS-2, name: v2.2, status: planned}"
            )
        );
        // A whole block mapping element is replaced by the new value's own lines.
        assert_eq!(
            ok(ROADMAP, set_at(&["initiatives", "1"], raw("{id: RM-2, horizon: later}"))),
            with(ROADMAP, RM_2, "  - {id: RM-2, horizon: later}\n")
        );
        assert_eq!(
            ok(ROADMAP, set_at(&["initiatives", "1"], map(&[("id", string("RM-2")), ("horizon", string("later"))]))),
            with(ROADMAP, RM_2, "  - id: RM-2\n    horizon: later\n")
        );
        assert_eq!(ok("l: [a, b, c]\n", set_at(&["l", "2"], string("x, y"))), "l: [a, b, \"x, y\"]\n");
        assert_eq!(ok("- a\n- b\n", set_at(&["1"], string("c"))), "- a\n- c\n");
    }

    #[test]
    fn set_map_values() {
        let rice = map(&[("reach", raw("800")), ("impact", raw("2"))]);
        // A missing key gets a nested block, aligned with the element's keys.
        assert_eq!(
            ok(ROADMAP, set_at(&["initiatives", "0", "rice"], rice.clone())),
            with(
                ROADMAP,
                "    milestones: [MS-1]\n",
                "    milestones: [MS-1]\n    rice:\n      reach: 800\n      impact: 2\n"
            )
        );
        assert_eq!(ok(STORY, set("kano", rice.clone())), format!("{STORY}kano:\n  reach: 800\n  impact: 2\n"));
        // In flow context, and where it replaces a flow collection, it is a flow mapping.
        assert_eq!(
            ok(ROADMAP, set_at(&["milestones", "0", "owner"], map(&[("team", string("payments"))]))),
            with(ROADMAP, "status: planned}", "status: planned, owner: {team: payments}}")
        );
        assert_eq!(
            ok(STORY, set("rice", rice.clone())),
            story_with("{reach: 800, impact: 2, confidence: 0.8, effort: 3}", "{reach: 800, impact: 2}")
        );
        assert_eq!(
            ok(STORY, set("wsjf", map(&[("job_size", raw("3"))]))),
            story_with("  user_business_value: 8\n  job_size: 5\n", "  job_size: 3\n")
        );
        // Nested maps nest blocks; an empty map is `{}`.
        let nested = map(&[("score", map(&[("rice", rice)])), ("notes", NewValue::Map(Vec::new()))]);
        assert_eq!(
            ok("id: X\n", set("scoring", nested)),
            "id: X\nscoring:\n  score:\n    rice:\n      reach: 800\n      impact: 2\n  notes: {}\n"
        );
        assert_eq!(
            ok("id: X\nowner:\n", set("owner.team", map(&[("name", string("a b"))]))),
            "id: X\nowner:\n  team:\n    name: a b\n"
        );
        // Keys are quoted as needed, and must be distinct.
        assert_eq!(
            ok("id: X\n", set("m", map(&[("a: b", raw("1")), ("0", raw("2"))]))),
            "id: X\nm:\n  \"a: b\": 1\n  \"0\": 2\n"
        );
        let e = err("id: X\n", set("m", map(&[("a", raw("1")), ("a", raw("2"))])));
        assert!(is_unsupported(&e), "{e:?}");
        assert!(e.to_string().contains("twice"), "{e}");
    }

    #[test]
    fn unset_an_element_in_the_middle_keeps_the_comment_above_the_next() {
        assert_eq!(ok(ROADMAP, unset_at(&["initiatives", "1"])), with(ROADMAP, &format!("{RM_2}\n"), ""));
        assert_eq!(
            ok(ROADMAP, unset_at(&["initiatives", "2", "blocked_by", "0"])),
            with(ROADMAP, "      - RM-1\n      - RM-2", "      - RM-2")
        );
    }

    #[test]
    fn unset_the_first_element() {
        assert_eq!(ok(ROADMAP, unset_at(&["initiatives", "0"])), with(ROADMAP, &format!("{RM_1}\n"), ""));
        assert_eq!(
            ok(ROADMAP, unset_at(&["milestones", "0"])),
            with(ROADMAP, "  - {id: MS-1, name: \"v2.1\", kind: release, date: 2026-12-15, status: planned}\n", "")
        );
        assert_eq!(ok(ROADMAP, unset_at(&["themes", "0"])), with(ROADMAP, "[conversion, trust", "[trust"));
    }

    #[test]
    fn unset_the_last_element() {
        // The comment above it stays; so do the element's siblings' blank lines.
        assert_eq!(ok(ROADMAP, unset_at(&["initiatives", "2"])), with(ROADMAP, RM_3, ""));
        // The blank line that separated it from the previous element goes with it.
        let two =
            "initiatives:\n  - id: RM-1\n    horizon: now\n\n  - id: RM-2\n    horizon: next   # tbd\nmilestones: []\n";
        assert_eq!(
            ok(two, unset_at(&["initiatives", "1"])),
            "initiatives:\n  - id: RM-1\n    horizon: now\nmilestones: []\n"
        );
        assert_eq!(
            ok(two, unset_at(&["initiatives", "0"])),
            "initiatives:\n  - id: RM-2\n    horizon: next   # tbd\nmilestones: []\n"
        );
        assert_eq!(
            ok(ROADMAP, unset_at(&["milestones", "1"])),
            with(ROADMAP, "  - {id: MS-2, name: \"v2.2\", kind: release, date: 2027-02-01}\n", "")
        );
        assert_eq!(ok(ROADMAP, unset_at(&["themes", "2"])), with(ROADMAP, "trust, expansion]", "trust]"));
        // No final newline: the file still ends without one.
        assert_eq!(
            ok(ROADMAP.trim_end(), unset_at(&["milestones", "1"])),
            with(ROADMAP, "\n  - {id: MS-2, name: \"v2.2\", kind: release, date: 2027-02-01}\n", "")
        );
    }

    #[test]
    fn unset_the_only_element_leaves_an_empty_list() {
        let text = "initiatives:   # bets\n  # Q4 bets\n  - id: RM-1\n    title: X   # flagship\nmilestones: [MS-1]\n";
        // The comment lines above the element stay; the key line's comment too.
        assert_eq!(
            ok(text, unset_at(&["initiatives", "0"])),
            "initiatives: []   # bets\n  # Q4 bets\nmilestones: [MS-1]\n"
        );
        assert_eq!(
            ok(text, unset_at(&["milestones", "0"])),
            "initiatives:   # bets\n  # Q4 bets\n  - id: RM-1\n    title: X   # flagship\nmilestones: []\n"
        );
        assert_eq!(ok("# OKRs\n- id: OBJ-1\n  key_results: []\n", unset_at(&["0"])), "# OKRs\n[]\n");
        assert_eq!(ok("l:\n  - a", unset_at(&["l", "0"])), "l: []");
        assert_eq!(
            apply(
                ROADMAP,
                &[unset_at(&["initiatives", "0"]), unset_at(&["initiatives", "0"]), unset_at(&["initiatives", "0"])]
            )
            .unwrap(),
            with(
                ROADMAP,
                &format!("initiatives:\n  # Q4 bets\n{RM_1}\n{RM_2}\n  # Later: needs the payments team\n{RM_3}"),
                "initiatives: []\n  # Q4 bets\n  # Later: needs the payments team\n"
            )
        );
    }

    #[test]
    fn unset_top_level_elements_of_an_okr_file() {
        let obj_1 = &OKRS[OKRS.find("- id: OBJ-1").unwrap()..OKRS.find("# Trust work").unwrap()];
        assert_eq!(ok(OKRS, unset_at(&["0"])), with(OKRS, obj_1, ""));
        let obj_2 = &OKRS[OKRS.find("- id: OBJ-2").unwrap()..];
        assert_eq!(ok(OKRS, unset_at(&["1"])), with(OKRS, obj_2, ""));
        assert_eq!(
            ok(OKRS, unset_at(&["0", "key_results", "0", "check_ins", "1"])),
            with(OKRS, "        - {date: 2026-11-15, value: 0.44, confidence: 0.6}   # after the outage\n", "")
        );
        assert_eq!(ok(OKRS, unset_at(&["1", "key_results", "0", "target"])), with(OKRS, "      target: 0.3\n", ""));
    }

    #[test]
    fn unset_the_first_key_of_an_element() {
        // The next key moves up onto the `-` line.
        assert_eq!(
            ok(ROADMAP, unset_at(&["initiatives", "1", "id"])),
            with(ROADMAP, "  - id: RM-2\n    title:", "  - title:")
        );
        // With a comment line in between, the `-` keeps a line of its own and the comment stays.
        let text = "l:\n  - id: A   # first\n    # the title\n    title: T\n";
        assert_eq!(ok(text, unset_at(&["l", "0", "id"])), "l:\n  -\n    # the title\n    title: T\n");
        // The only key: the element becomes `{}`.
        assert_eq!(ok("l:\n  - id: A\n  - id: B\n", unset_at(&["l", "1", "id"])), "l:\n  - id: A\n  - {}\n");
        assert_eq!(
            ok(ROADMAP, unset_at(&["milestones", "1", "kind"])),
            with(ROADMAP, "kind: release, date: 2027", "date: 2027")
        );
    }

    #[test]
    fn append_a_block_mapping_element_aligned_with_its_siblings() {
        let rm_4 = map(&[
            ("id", string("RM-4")),
            ("title", string("Self-serve refunds")),
            ("horizon", string("later")),
            ("milestones", raw("[MS-1]")),
        ]);
        // The elements are separated by blank lines, so the new one is too.
        assert_eq!(
            ok(ROADMAP, append_at(&["initiatives"], rm_4.clone())),
            with(
                ROADMAP,
                "      - RM-2   # after fraud screening\n",
                "      - RM-2   # after fraud screening\n\n  - id: RM-4\n    title: Self-serve refunds\n    horizon: later\n    milestones: [MS-1]\n"
            )
        );
        // The roadmap as in the product docs.
        let brief = "\
# Roadmap, reviewed monthly with leadership.
themes: [conversion, trust, expansion]
initiatives:
  # Q4 bets
  - id: RM-1
    title: One-page checkout   # flagship
    milestones: [MS-1]
  - id: RM-2
    title: \"Fraud screening: phase 2\"
    objectives:
      - OBJ-1
milestones:
  - {id: MS-1, name: \"v2.1\", kind: release, date: 2026-12-15, status: planned}
";
        assert_eq!(
            ok(
                brief,
                append_at(
                    &["initiatives"],
                    map(&[("id", string("RM-3")), ("title", string("X")), ("milestones", raw("[MS-1]"))])
                )
            ),
            with(brief, "      - OBJ-1\n", "      - OBJ-1\n  - id: RM-3\n    title: X\n    milestones: [MS-1]\n")
        );
        // A wider gap after the `-` is kept; nested maps nest under their key.
        let wide = "l:\n-   id: A\n    x: 1\n";
        assert_eq!(
            ok(wide, append_at(&["l"], map(&[("id", string("B")), ("rice", map(&[("reach", raw("1"))]))]))),
            "l:\n-   id: A\n    x: 1\n-   id: B\n    rice:\n      reach: 1\n"
        );
        // Scalar siblings: a block mapping after the usual `- `.
        assert_eq!(
            ok(STORY, append_at(&["blocked_by"], map(&[("id", string("BL-11")), ("why", string("vault: keys"))]))),
            story_with("  - BL-10\n", "  - BL-10\n  - id: BL-11\n    why: \"vault: keys\"\n")
        );
    }

    #[test]
    fn append_a_flow_mapping_where_the_siblings_are_flow_mappings() {
        let ms_3 = map(&[("id", string("MS-3")), ("name", string("v2.3")), ("kind", string("release"))]);
        assert_eq!(
            ok(ROADMAP, append_at(&["milestones"], ms_3.clone())),
            format!("{ROADMAP}  - {{id: MS-3, name: v2.3, kind: release}}\n")
        );
        assert_eq!(
            ok("l: [{a: 1}]\n", append_at(&["l"], ms_3.clone())),
            "l: [{a: 1}, {id: MS-3, name: v2.3, kind: release}]\n"
        );
        // A list of records inside a new record is a block list.
        let with_list = map(&[
            ("id", string("MS-5")),
            (
                "launch",
                map(&[("checklist", NewValue::Seq(vec![map(&[("item", string("Docs")), ("done", raw("false"))])]))]),
            ),
        ]);
        assert_eq!(
            ok(ROADMAP, append_at(&["milestones"], with_list.clone())),
            format!(
                "{ROADMAP}  - id: MS-5\n    launch:\n      checklist:\n        - item: Docs\n          done: false\n"
            )
        );
        // In flow context, and for scalars, a list is a flow sequence.
        assert_eq!(
            ok("l: [{a: 1}]\n", append_at(&["l"], with_list)),
            "l: [{a: 1}, {id: MS-5, launch: {checklist: [{item: Docs, done: false}]}}]\n"
        );
        assert_eq!(ok("a: 1\n", set_at(&["b"], NewValue::Seq(vec![string("x"), raw("2")]))), "a: 1\nb: [x, 2]\n");
        // A record holding a record is a block even among one-line siblings.
        let launch = map(&[("id", string("MS-4")), ("launch", map(&[("rollout", string("10% first"))]))]);
        assert_eq!(
            ok(ROADMAP, append_at(&["milestones"], launch)),
            format!("{ROADMAP}  - id: MS-4\n    launch:\n      rollout: 10% first\n")
        );
        assert_eq!(
            ok("l: {m: []}\n", append_at(&["l", "m"], ms_3.clone())),
            "l: {m: [{id: MS-3, name: v2.3, kind: release}]}\n"
        );
        assert_eq!(
            ok(ROADMAP, append_at(&["themes"], map(&[("name", string("a, b"))]))),
            with(ROADMAP, "expansion]", "expansion, {name: \"a, b\"}]")
        );
    }

    #[test]
    fn append_a_check_in() {
        // To a block list of flow mappings.
        assert_eq!(
            ok(OKRS, append_at(&["0", "key_results", "0", "check_ins"], check_in())),
            with(
                OKRS,
                "   # after the outage\n",
                "   # after the outage\n        - {date: 2026-12-01, value: 7, confidence: 0.6}\n"
            )
        );
        // To a missing key: a block list two spaces under the new key.
        assert_eq!(
            ok(OKRS, append_at(&["1", "key_results", "0", "check_ins"], check_in())),
            format!(
                "{OKRS}      check_ins:\n        - date: 2026-12-01\n          value: 7\n          confidence: 0.6\n"
            )
        );
        // An empty `[]` in block context becomes a block list too.
        assert_eq!(
            ok(OKRS, append_at(&["0", "key_results", "1", "check_ins"], check_in())),
            with(
                OKRS,
                "      check_ins: []\n",
                "      check_ins:\n        - date: 2026-12-01\n          value: 7\n          confidence: 0.6\n"
            )
        );
        assert_eq!(
            ok("id: X\ncheck_ins:   # weekly\nnext: 1\n", append_at(&["check_ins"], check_in())),
            "id: X\ncheck_ins:   # weekly\n  - date: 2026-12-01\n    value: 7\n    confidence: 0.6\nnext: 1\n"
        );
    }

    #[test]
    fn append_an_objective_to_a_top_level_list() {
        let obj_3 =
            map(&[("id", string("OBJ-3")), ("objective", string("Expand to Canada")), ("key_results", raw("[]"))]);
        let added = "\n- id: OBJ-3\n  objective: Expand to Canada\n  key_results: []\n";
        assert_eq!(ok(OKRS, Edit::Append { path: Vec::new(), value: obj_3.clone() }), format!("{OKRS}{added}"));
        // No final newline stays so; CRLF stays CRLF.
        assert_eq!(
            ok(OKRS.trim_end(), Edit::Append { path: Vec::new(), value: obj_3.clone() }),
            format!("{OKRS}{}", added.trim_end())
        );
        let crlf = OKRS.replace('\n', "\r\n");
        assert_eq!(
            ok(&crlf, Edit::Append { path: Vec::new(), value: obj_3.clone() }),
            format!("{OKRS}{added}").replace('\n', "\r\n")
        );
        assert_eq!(
            ok("# OKRs\n---\n- id: OBJ-1\n", Edit::Append { path: Vec::new(), value: obj_3.clone() }),
            "# OKRs\n---\n- id: OBJ-1\n- id: OBJ-3\n  objective: Expand to Canada\n  key_results: []\n"
        );
        assert_eq!(
            ok("# OKRs\n[]\n", Edit::Append { path: Vec::new(), value: obj_3.clone() }),
            "# OKRs\n- id: OBJ-3\n  objective: Expand to Canada\n  key_results: []\n"
        );
        // Scalars and removal work on the top-level list too.
        assert_eq!(ok("- a\n- b\n", Edit::Append { path: Vec::new(), value: string("c") }), "- a\n- b\n- c\n");
        assert_eq!(ok("[a, b]\n", Edit::Append { path: Vec::new(), value: string("c") }), "[a, b, c]\n");
        assert_eq!(ok("- a\n- b\n", Edit::Remove { path: Vec::new(), value: "a".to_owned() }), "- b\n");
        assert_eq!(ok("- a\n", Edit::Remove { path: Vec::new(), value: "a".to_owned() }), "[]\n");
        // On a top-level mapping an empty path stays refused.
        assert!(is_unsupported(&err(STORY, Edit::Append { path: Vec::new(), value: string("c") })));
    }

    #[test]
    fn out_of_range_indexes_are_errors() {
        let e = err(ROADMAP, set_at(&["initiatives", "3", "title"], string("x")));
        assert!(matches!(&e, EditError::NoElement { path, index: 3 } if path == "initiatives"), "{e:?}");
        assert_eq!(e.to_string(), "`initiatives` has no element at index 3");
        let e = err(ROADMAP, set_at(&["initiatives", "3"], string("x")));
        assert!(matches!(&e, EditError::NoElement { index: 3, .. }), "{e:?}");
        let e = err(ROADMAP, unset_at(&["themes", "7"]));
        assert!(matches!(&e, EditError::NoElement { path, index: 7 } if path == "themes"), "{e:?}");
        let e = err(OKRS, unset_at(&["2"]));
        assert_eq!(e.to_string(), "the top level has no element at index 2");
        let e = err(OKRS, append_at(&["0", "key_results", "5", "check_ins"], check_in()));
        assert!(matches!(&e, EditError::NoElement { path, index: 5 } if path == "0.key_results"), "{e:?}");
        let e = err(ROADMAP, set_at(&["themes", "99999999999999999999999"], string("x")));
        assert!(matches!(&e, EditError::NoElement { .. }), "{e:?}");
    }

    #[test]
    fn segments_that_are_not_indexes_on_lists() {
        let e = err(ROADMAP, set_at(&["initiatives", "first", "title"], string("x")));
        assert!(matches!(&e, EditError::NotAMapping { path } if path == "initiatives"), "{e:?}");
        let e = err(OKRS, set_at(&["id"], string("x")));
        assert!(is_unsupported(&e), "{e:?}");
        assert!(e.to_string().contains("must start with an index"), "{e}");
        let e = err(ROADMAP, append_at(&["initiatives", "0", "title"], string("x")));
        assert!(matches!(&e, EditError::NotASequence { path } if path == "initiatives.0.title"), "{e:?}");
    }

    #[test]
    fn index_segments_on_mappings_are_keys() {
        let text = "id: X\n\"0\": zero\n1: one\n";
        assert_eq!(ok(text, set("0", string("nil"))), "id: X\n\"0\": nil\n1: one\n");
        assert_eq!(ok(text, set("1", string("uno"))), "id: X\n\"0\": zero\n1: uno\n");
        assert_eq!(ok(text, set("2", string("two"))), format!("{text}\"2\": two\n"));
        assert_eq!(ok(text, unset("0")), "id: X\n1: one\n");
        // A missing or null parent is created as a mapping with the key "0".
        assert_eq!(ok("id: X\n", set("rice.0", raw("1"))), "id: X\nrice:\n  \"0\": 1\n");
        assert_eq!(ok("id: X\n", unset("nope.0")), "id: X\n");
    }

    #[test]
    fn edits_below_null_elements() {
        assert_eq!(ok("l:\n  - ~\n  - b\n", set_at(&["l", "0", "a"], raw("1"))), "l:\n  - a: 1\n  - b\n");
        assert_eq!(ok("l: [~, b]\n", set_at(&["l", "0", "a"], raw("1"))), "l: [{a: 1}, b]\n");
        assert_eq!(ok("l:\n  -   # todo\n", append_at(&["l", "0"], string("x"))), "l:\n  - [x]   # todo\n");
    }

    #[test]
    fn index_paths_through_refused_nodes() {
        assert!(is_unsupported(&err("l: &l\n  - a\nm: *l\n", set_at(&["l", "0"], string("b")))));
        assert!(is_unsupported(&err("l:\n  - &a x\n  - *a\n", set_at(&["l", "1"], string("b")))));
        assert!(is_unsupported(&err("l:\n  - &a x\n  - *a\n", unset_at(&["l", "0"]))));
        assert!(is_unsupported(&err("l: [a: b]\n", set_at(&["l", "0", "c"], string("d")))));
        // Compact nested lists cannot lose lines.
        assert!(is_unsupported(&err("l:\n  - - a\n    - b\n", unset_at(&["l", "0", "0"]))));
        assert_eq!(
            ok("l:\n  - - a\n    - b\n", append_at(&["l", "0"], string("c"))),
            "l:\n  - - a\n    - b\n    - c\n"
        );
        assert!(is_unsupported(&err("just text\n", set_at(&["0"], string("x")))));
    }

    #[test]
    fn remove_by_value_inside_an_element() {
        assert_eq!(
            ok(ROADMAP, Edit::Remove { path: segments(&["initiatives", "2", "blocked_by"]), value: "RM-1".to_owned() }),
            with(ROADMAP, "      - RM-1\n", "")
        );
        assert_eq!(
            ok(ROADMAP, Edit::Remove { path: segments(&["initiatives", "0", "milestones"]), value: "MS-1".to_owned() }),
            with(ROADMAP, "milestones: [MS-1]", "milestones: []")
        );
    }

    #[test]
    fn batch_of_roadmap_edits() {
        let out = apply(
            ROADMAP,
            &[
                set_at(&["initiatives", "1", "horizon"], string("now")),
                unset_at(&["initiatives", "0"]),
                append_at(&["initiatives", "0", "objectives"], string("OBJ-2")),
                set_at(&["milestones", "0", "status"], string("shipped")),
                append_at(&["milestones"], map(&[("id", string("MS-3")), ("name", string("v3"))])),
            ],
        )
        .unwrap();
        let expected = ROADMAP
            .replace(&format!("{RM_1}\n"), "")
            .replace("horizon: next", "horizon: now")
            .replace("      - OBJ-1\n", "      - OBJ-1\n      - OBJ-2\n")
            .replace("status: planned}", "status: shipped}")
            + "  - {id: MS-3, name: v3}\n";
        assert_eq!(out, expected);
    }

    // ----- property-style checks against an independent model ----------------------------------

    /// What the edit should do to the parsed document, computed directly on `Value`s.
    fn model(value: &Value, edit: &Edit) -> Result<Value, &'static str> {
        fn key(s: &str) -> Value {
            Value::String(s.to_owned())
        }
        fn new_value(v: &NewValue) -> Value {
            match v {
                NewValue::Str(s) => Value::String(s.clone()),
                NewValue::Raw(r) => yaml_serde::from_str(r).expect("test raw values parse"),
                NewValue::Map(entries) => Value::Mapping(entries.iter().map(|(k, v)| (key(k), new_value(v))).collect()),
                NewValue::Seq(items) => Value::Sequence(items.iter().map(new_value).collect()),
            }
        }
        fn scalar_text(v: &Value) -> Option<String> {
            match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        }
        /// A segment used on a list must be an index (the top level says so differently).
        fn index(seg: &str, depth: usize) -> Result<usize, &'static str> {
            if seg.is_empty() || !seg.bytes().all(|b| b.is_ascii_digit()) {
                return Err(if depth == 0 { "Unsupported" } else { "NotAMapping" });
            }
            Ok(seg.parse().unwrap_or(usize::MAX))
        }
        /// The value at `seg` below `cur` (a key created as null when `create`).
        fn child<'v>(
            cur: &'v mut Value,
            seg: &str,
            depth: usize,
            create: bool,
        ) -> Result<Option<&'v mut Value>, &'static str> {
            match cur {
                Value::Mapping(map) => {
                    Ok(if create { Some(map.entry(key(seg)).or_insert(Value::Null)) } else { map.get_mut(key(seg)) })
                }
                Value::Sequence(seq) => seq.get_mut(index(seg, depth)?).map(Some).ok_or("NoElement"),
                _ => Err("NotAMapping"),
            }
        }
        /// The collection holding the last path segment; `create` makes missing or null parents.
        fn parent<'v>(
            mut cur: &'v mut Value,
            path: &[String],
            create: bool,
        ) -> Result<Option<&'v mut Value>, &'static str> {
            for (depth, seg) in path[..path.len() - 1].iter().enumerate() {
                let Some(next) = child(cur, seg, depth, create)? else {
                    return Ok(None);
                };
                if next.is_null() {
                    if !create {
                        return Ok(None);
                    }
                    *next = Value::Mapping(Mapping::new());
                }
                cur = next;
            }
            if cur.is_mapping() || cur.is_sequence() { Ok(Some(cur)) } else { Err("NotAMapping") }
        }
        /// The list an `Append` or `Remove` works on (`None`: missing).
        fn list<'v>(out: &'v mut Value, path: &[String], create: bool) -> Result<Option<&'v mut Value>, &'static str> {
            if path.is_empty() {
                return if out.is_sequence() { Ok(Some(out)) } else { Err("Unsupported") };
            }
            let Some(parent) = parent(out, path, create)? else {
                return Ok(None);
            };
            child(parent, path.last().unwrap(), path.len() - 1, create)
        }

        let mut out = value.clone();
        match edit {
            Edit::Set { path, .. } | Edit::Unset { path } if path.is_empty() => return Err("Unsupported"),
            Edit::Set { path, value } => {
                let parent = parent(&mut out, path, true)?.ok_or("unreachable")?;
                *child(parent, path.last().unwrap(), path.len() - 1, true)?.ok_or("unreachable")? = new_value(value);
            }
            Edit::Unset { path } => match parent(&mut out, path, false)? {
                Some(Value::Mapping(map)) => {
                    map.shift_remove(key(path.last().unwrap()));
                }
                Some(Value::Sequence(seq)) => {
                    let i = index(path.last().unwrap(), path.len() - 1)?;
                    if i >= seq.len() {
                        return Err("NoElement");
                    }
                    seq.remove(i);
                }
                _ => {}
            },
            Edit::Append { path, value } => {
                let slot = list(&mut out, path, true)?.ok_or("unreachable")?;
                if slot.is_null() {
                    *slot = Value::Sequence(Vec::new());
                }
                slot.as_sequence_mut().ok_or("NotASequence")?.push(new_value(value));
            }
            Edit::Remove { path, value } => {
                let slot = list(&mut out, path, false)?.ok_or("NotFound")?;
                if slot.is_null() {
                    return Err("NotFound");
                }
                let seq = slot.as_sequence_mut().ok_or("NotASequence")?;
                let before = seq.len();
                seq.retain(|v| scalar_text(v).as_deref() != Some(value.as_str()));
                if seq.len() == before {
                    return Err("NotFound");
                }
            }
        }
        Ok(out)
    }

    fn kind(e: &EditError) -> &'static str {
        match e {
            EditError::Parse(_) => "Parse",
            EditError::NotAMapping { .. } => "NotAMapping",
            EditError::NotASequence { .. } => "NotASequence",
            EditError::NotFound { .. } => "NotFound",
            EditError::NoElement { .. } => "NoElement",
            EditError::Unsupported { .. } => "Unsupported",
            EditError::Verify { .. } => "Verify",
        }
    }

    const MIXED: &str = "\
# yaml-language-server: $schema=./item.schema.json
id: BL-7
labels:
- ux
- 'checkout'   # quoted
# dependencies come next
blocked_by: [
  BL-9,
  BL-10,
]
notes:
owner: ~
rice:
  reach: 800
  impact: 2

# scoring above, prose below
description: >-
  Folded
  text.
tags: []
";

    fn files() -> Vec<String> {
        vec![
            STORY.to_owned(),
            STORY.replace('\n', "\r\n"),
            STORY.trim_end().to_owned(),
            MIXED.to_owned(),
            MIXED.trim_end().replace('\n', "\r\n"),
            "id: BL-1".to_owned(),
        ]
    }

    fn sample_edits() -> Vec<Edit> {
        let paths = [
            "id",
            "status",
            "title",
            "labels",
            "blocked_by",
            "rice",
            "rice.reach",
            "rice.new",
            "wsjf.job_size",
            "wsjf.new",
            "description",
            "customer_quote",
            "created",
            "notes",
            "owner",
            "tags",
            "missing",
            "missing.deep",
            "a.b.c",
            "notes.sub",
            "labels.x",
        ];
        let values = [
            NewValue::Str("x".to_owned()),
            NewValue::Str("needs: quote # here".to_owned()),
            NewValue::Str("multi\nline\n".to_owned()),
            NewValue::Str(String::new()),
            NewValue::Str("yes".to_owned()),
            NewValue::Str("Ünïcode ✓".to_owned()),
            NewValue::Str("it's".to_owned()),
            NewValue::Raw("42".to_owned()),
            NewValue::Raw("[1, two]".to_owned()),
            NewValue::Raw("{a: 1}".to_owned()),
        ];
        let mut edits = Vec::new();
        for p in paths {
            edits.push(unset(p));
            for v in &values {
                edits.push(set(p, v.clone()));
                edits.push(Edit::Append { path: path(p), value: v.clone() });
            }
            for r in ["checkout", "BL-9", "BL-10", "ux", "x", "42", "nope"] {
                edits.push(remove(p, r));
            }
        }
        edits
    }

    fn full_line_comments(text: &str) -> Vec<&str> {
        text.lines().map(str::trim).filter(|l| l.starts_with('#')).collect()
    }

    /// Whether `edit` sets or unsets a non-empty mapping or list as a whole.
    fn replaces_collection(before: &Value, edit: &Edit) -> bool {
        let (Edit::Set { path, .. } | Edit::Unset { path }) = edit else {
            return false;
        };
        let mut value = before;
        for seg in path {
            let next = match value {
                Value::Mapping(map) => map.get(Value::String(seg.clone())),
                Value::Sequence(seq) => seg.parse::<usize>().ok().and_then(|i| seq.get(i)),
                _ => None,
            };
            let Some(next) = next else {
                return false;
            };
            value = next;
        }
        match value {
            Value::Mapping(map) => !map.is_empty(),
            Value::Sequence(seq) => !seq.is_empty(),
            _ => false,
        }
    }

    /// Check one edit against the model; returns the new text when both succeeded.
    fn check(text: &str, edit: &Edit) -> Option<String> {
        let before: Value = yaml_serde::from_str(text).unwrap();
        let expected = model(&before, edit);
        match (apply(text, std::slice::from_ref(edit)), expected) {
            (Ok(out), Ok(expected)) => {
                let after: Value = yaml_serde::from_str(&out)
                    .unwrap_or_else(|e| panic!("{edit:?} on\n{text}\ngave invalid YAML ({e}):\n{out}"));
                assert_eq!(after, expected, "{edit:?} on\n{text}\ngave\n{out}");
                // Replacing or removing a whole block collection takes the comments inside it along.
                if !replaces_collection(&before, edit) {
                    for comment in full_line_comments(text) {
                        assert!(out.contains(comment), "{edit:?} lost `{comment}`:\n{out}");
                    }
                }
                assert_eq!(text.contains("\r\n"), out.contains("\r\n"), "line endings changed by {edit:?}");
                if text.contains("\r\n") {
                    assert!(!out.replace("\r\n", "").contains('\n'), "mixed endings: {out:?}");
                }
                assert_eq!(text.ends_with('\n'), out.ends_with('\n'), "{edit:?}: final newline");
                Some(out)
            }
            (Err(e), Err(model_kind)) => {
                assert_eq!(kind(&e), model_kind, "{edit:?} on\n{text}");
                None
            }
            (got, want) => panic!("{edit:?} on\n{text}\ngot {got:?}, model says {want:?}"),
        }
    }

    #[test]
    fn property_every_single_edit_matches_the_model() {
        let mut checked = 0;
        for text in files() {
            for edit in sample_edits() {
                check(&text, &edit);
                checked += 1;
            }
        }
        assert!(checked > 3000);
    }

    #[test]
    fn property_random_edit_chains_match_the_model() {
        let edits = sample_edits();
        let mut seed: u64 = 0x5eed_1234_abcd_0001;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap() % n
        };
        for text in files() {
            for _ in 0..60 {
                let mut current = text.clone();
                for _ in 0..8 {
                    let edit = &edits[next(edits.len())];
                    if let Some(out) = check(&current, edit) {
                        current = out;
                    }
                }
            }
        }
    }

    // ----- the same checks on lists of mappings: index paths and mapping values ---------------

    fn product_files() -> Vec<String> {
        vec![
            ROADMAP.to_owned(),
            ROADMAP.replace('\n', "\r\n"),
            ROADMAP.trim_end().to_owned(),
            OKRS.to_owned(),
            OKRS.trim_end().replace('\n', "\r\n"),
            "- a\n- b".to_owned(),
        ]
    }

    fn product_edits() -> Vec<Edit> {
        let paths = [
            "",
            "0",
            "1",
            "2",
            "id",
            "0.id",
            "0.owner",
            "0.key_results",
            "0.key_results.0",
            "0.key_results.0.id",
            "0.key_results.1.current",
            "0.key_results.0.check_ins",
            "0.key_results.0.check_ins.1",
            "0.key_results.0.check_ins.0.value",
            "0.key_results.1.check_ins",
            "1.key_results.0.check_ins",
            "1.key_results.0",
            "1.key_results.x",
            "1.new.deep",
            "themes",
            "themes.0",
            "themes.2",
            "themes.5",
            "initiatives",
            "initiatives.0",
            "initiatives.1",
            "initiatives.2",
            "initiatives.3",
            "initiatives.0.id",
            "initiatives.1.id",
            "initiatives.0.title",
            "initiatives.0.milestones",
            "initiatives.0.milestones.0",
            "initiatives.1.objectives",
            "initiatives.1.objectives.0",
            "initiatives.2.blocked_by",
            "initiatives.2.blocked_by.1",
            "initiatives.1.rice",
            "initiatives.x",
            "milestones",
            "milestones.0",
            "milestones.1",
            "milestones.0.status",
            "milestones.1.status",
            "milestones.0.id",
            "missing",
            "missing.0",
        ];
        let values = [
            NewValue::Str("x".to_owned()),
            NewValue::Str("needs: quote # here".to_owned()),
            NewValue::Str("multi\nline\n".to_owned()),
            NewValue::Raw("42".to_owned()),
            NewValue::Raw("[1, two]".to_owned()),
            NewValue::Raw("{a: 1}".to_owned()),
            map(&[("id", string("N-1")), ("title", string("a: b")), ("tags", raw("[a, b]"))]),
            map(&[("rice", map(&[("reach", raw("800")), ("note", string("it's"))])), ("ok", raw("true"))]),
            NewValue::Map(Vec::new()),
        ];
        let mut edits = Vec::new();
        for p in paths {
            let p = if p.is_empty() { Vec::new() } else { path(p) };
            edits.push(Edit::Unset { path: p.clone() });
            for v in &values {
                edits.push(Edit::Set { path: p.clone(), value: v.clone() });
                edits.push(Edit::Append { path: p.clone(), value: v.clone() });
            }
            for r in ["conversion", "RM-1", "OBJ-1", "a", "x", "42"] {
                edits.push(Edit::Remove { path: p.clone(), value: r.to_owned() });
            }
        }
        edits
    }

    #[test]
    fn property_index_paths_and_maps_match_the_model() {
        let mut checked = 0;
        for text in product_files() {
            for edit in product_edits() {
                check(&text, &edit);
                checked += 1;
            }
        }
        assert!(checked > 5000);
    }

    #[test]
    fn property_random_edit_chains_on_lists_of_mappings_match_the_model() {
        let edits = product_edits();
        let mut seed: u64 = 0x0c0f_fee0_2027_0001;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap() % n
        };
        let mut succeeded = 0;
        for text in product_files() {
            for _ in 0..80 {
                let mut current = text.clone();
                for _ in 0..10 {
                    let edit = &edits[next(edits.len())];
                    if let Some(out) = check(&current, edit) {
                        current = out;
                        succeeded += 1;
                    }
                }
            }
        }
        assert!(succeeded > 1000, "{succeeded}");
    }

    /// Mutated roadmap and OKR files must never panic, and whatever is accepted must verify.
    #[test]
    fn mutated_lists_of_mappings_never_panic() {
        const PIECES: &[&str] = &[
            "\n", " ", "  ", ":", "- ", "-", "#", "[", "]", "{", "}", ",", "'", "\"", "|", ">", "&a ", "*a", "!t ",
            "é", "\r\n", "\r", "\t", "? ", "---\n", "~", "0", "\n\n",
        ];
        mutate_and_edit(&[ROADMAP, OKRS], &product_edits(), PIECES, 11, 4000);
    }

    // ----- properties ----------------------------------------------------------------------

    mod props {
        use super::*;
        use proptest::prelude::*;
        use proptest::sample::{Index, select};
        use std::ops::Range;

        fn config() -> ProptestConfig {
            ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
        }

        /// A line that is not a key: a full-line comment or a blank line.
        #[derive(Debug, Clone)]
        enum Extra {
            Comment(String),
            Blank,
        }

        /// The value of one top-level key, as text the generator controls.
        #[derive(Debug, Clone)]
        enum Part {
            /// `key: <scalar>   # comment`
            Scalar { value: String, comment: Option<String> },
            /// `key: |` and its lines.
            Literal(Vec<String>),
            /// `key:` and indented children, with full-line comments between children; or
            /// `key: {a: 1, b: x}`.
            Nested { flow: bool, children: Vec<(String, Option<String>)> },
            /// `key: [a, b]`
            FlowList(Vec<String>),
            /// `key:` and `  - item   # comment` lines.
            BlockList(Vec<(String, Option<String>)>),
        }

        #[derive(Debug, Clone)]
        struct Gen {
            entries: Vec<(Vec<Extra>, Part)>,
            trailing: Vec<Extra>,
            final_newline: bool,
        }

        /// A generated document: its text, and which lines hold each key's entry.
        #[derive(Debug)]
        struct Doc {
            text: String,
            lines: Vec<String>,
            /// Every key path with the lines of its entry (a flow mapping child: the parent's line).
            spans: Vec<(Vec<String>, Range<usize>)>,
            /// Nested mappings: parent key, header line, flow or not, number of children.
            nested: Vec<(String, usize, bool, usize)>,
            top_keys: usize,
        }

        fn comment_text() -> impl Strategy<Value = String> + Clone {
            "[ -~]{0,20}".prop_map(|c| format!("# {c}"))
        }

        fn extra() -> impl Strategy<Value = Extra> {
            prop_oneof![comment_text().prop_map(Extra::Comment), Just(Extra::Blank)]
        }

        /// A scalar as written in a block or flow context (no plain `,[]{}#:` in it).
        fn scalar_text() -> impl Strategy<Value = String> + Clone {
            prop_oneof![
                3 => "[a-z][a-z0-9 ]{0,10}[a-z0-9]",
                1 => "[0-9]{1,4}",
                1 => "\"[ -~&&[^\"\\\\]]{0,12}\"",
                1 => "'[ -~&&[^']]{0,12}'",
                1 => select(vec!["~", "true", "null", "2025-07-01", "0.8", "\"007\"", "'a: b # c'", "\"\\u00e9\\n\"", "é ü 日本"])
                    .prop_map(str::to_owned),
            ]
        }

        fn part() -> impl Strategy<Value = Part> {
            let trailing = proptest::option::of(comment_text());
            prop_oneof![
                4 => (prop_oneof![4 => scalar_text(), 1 => Just(String::new())], trailing.clone())
                    .prop_map(|(value, comment)| Part::Scalar { value, comment }),
                1 => proptest::collection::vec("[a-z][ -~]{0,15}", 1..4).prop_map(Part::Literal),
                1 => (any::<bool>(), proptest::collection::vec((scalar_text(), proptest::option::of(comment_text())), 1..4))
                    .prop_map(|(flow, children)| Part::Nested { flow, children }),
                1 => proptest::collection::vec(scalar_text(), 0..4).prop_map(Part::FlowList),
                1 => proptest::collection::vec((scalar_text(), trailing), 1..4).prop_map(Part::BlockList),
            ]
        }

        fn gen_doc() -> impl Strategy<Value = Gen> {
            (
                proptest::collection::vec((proptest::collection::vec(extra(), 0..2), part()), 1..7),
                proptest::collection::vec(extra(), 0..2),
                any::<bool>(),
            )
                .prop_map(|(entries, trailing, final_newline)| Gen { entries, trailing, final_newline })
        }

        fn key_name(i: usize) -> String {
            const NAMES: [&str; 7] = ["id", "title", "status", "rice", "labels", "owner", "notes"];
            format!("{}_{i}", NAMES[i % NAMES.len()])
        }

        fn child_name(i: usize) -> String {
            format!("c{i}")
        }

        fn render(g: &Gen) -> Doc {
            let mut lines: Vec<String> = Vec::new();
            let mut spans = Vec::new();
            let mut nested = Vec::new();
            let extras = |lines: &mut Vec<String>, extras: &[Extra], indent: &str| {
                for e in extras {
                    lines.push(match e {
                        Extra::Comment(c) => format!("{indent}{c}"),
                        Extra::Blank => String::new(),
                    });
                }
            };
            let with_comment = |line: String, comment: &Option<String>| match comment {
                Some(c) => format!("{line}   {c}"),
                None => line,
            };
            for (i, (before, part)) in g.entries.iter().enumerate() {
                extras(&mut lines, before, "");
                let key = key_name(i);
                let start = lines.len();
                match part {
                    Part::Scalar { value, comment } => {
                        let line = if value.is_empty() { format!("{key}:") } else { format!("{key}: {value}") };
                        lines.push(with_comment(line, comment));
                    }
                    Part::Literal(body) => {
                        lines.push(format!("{key}: |"));
                        lines.extend(body.iter().map(|l| format!("  {l}")));
                    }
                    Part::Nested { flow: true, children } => {
                        let inner: Vec<String> =
                            children.iter().enumerate().map(|(j, (v, _))| format!("{}: {v}", child_name(j))).collect();
                        lines.push(format!("{key}: {{{}}}", inner.join(", ")));
                        for j in 0..children.len() {
                            spans.push((vec![key.clone(), child_name(j)], start..start + 1));
                        }
                        nested.push((key.clone(), start, true, children.len()));
                    }
                    Part::Nested { flow: false, children } => {
                        lines.push(format!("{key}:"));
                        for (j, (v, comment_before)) in children.iter().enumerate() {
                            if j > 0
                                && let Some(c) = comment_before
                            {
                                lines.push(format!("  {c}"));
                            }
                            spans.push((vec![key.clone(), child_name(j)], lines.len()..lines.len() + 1));
                            lines.push(format!("  {}: {v}", child_name(j)));
                        }
                        nested.push((key.clone(), start, false, children.len()));
                    }
                    Part::FlowList(items) => lines.push(format!("{key}: [{}]", items.join(", "))),
                    Part::BlockList(items) => {
                        lines.push(format!("{key}:"));
                        for (v, comment) in items {
                            lines.push(with_comment(format!("  - {v}"), comment));
                        }
                    }
                }
                spans.push((vec![key], start..lines.len()));
            }
            extras(&mut lines, &g.trailing, "");
            let mut text = lines.join("\n");
            if g.final_newline {
                text.push('\n');
            }
            Doc { lines: lines_of(&text), text, spans, nested, top_keys: g.entries.len() }
        }

        fn lines_of(text: &str) -> Vec<String> {
            text.split('\n').map(str::to_owned).collect()
        }

        fn parse(text: &str) -> Value {
            yaml_serde::from_str(text).unwrap_or_else(|e| panic!("does not parse ({e}):\n{text}"))
        }

        fn get<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
            path.iter().try_fold(value, |v, seg| v.as_mapping()?.get(Value::String(seg.clone())))
        }

        fn mapping_at<'v>(value: &'v mut Value, path: &[String]) -> &'v mut Mapping {
            let v = path
                .iter()
                .fold(value, |v, seg| v.as_mapping_mut().unwrap().get_mut(Value::String(seg.clone())).unwrap());
            v.as_mapping_mut().unwrap()
        }

        /// Strings that YAML likes to read as something else, or that need quoting or escapes.
        fn tricky_string() -> impl Strategy<Value = String> + Clone {
            let fixed = select(vec![
                "",
                " ",
                "  ",
                " lead",
                "trail ",
                "007",
                "0",
                "-0",
                "+1",
                "-1",
                "0.5",
                "1e3",
                "0x1F",
                "0o17",
                "1_000",
                "12:30",
                ".inf",
                "-.inf",
                ".nan",
                "true",
                "False",
                "null",
                "Null",
                "~",
                "yes",
                "No",
                "on",
                "OFF",
                "y",
                "n",
                "2025-07-01",
                "a: b",
                "a:b",
                "key:",
                ":",
                "#x",
                "a #b",
                "a# b",
                "#",
                "'",
                "''",
                "\"",
                "\"q\"",
                "'q'",
                "- x",
                "-",
                "? x",
                "?",
                "[x]",
                "{x: y}",
                "a,b",
                "a, b",
                "*ref",
                "&anchor",
                "!tag",
                "!!str",
                "%x",
                "@x",
                "`x",
                "|",
                ">",
                "<<",
                "=",
                "\\",
                "\\n",
                "---",
                "...",
                "--- x",
                "\n",
                "a\nb",
                "a\n",
                "\n\nb",
                "a\n\n",
                "a\n b",
                " \na",
                "\t",
                "a\tb",
                "\r",
                "a\r\nb",
                "é",
                "日本語",
                "emoji 🎉",
                "\u{FEFF}x",
                "\u{85}",
                "\u{2028}",
                "\u{2028} ",
                "a\u{2028}b",
                "\u{2029}",
                "\u{0}",
                "\u{7f}",
                "\u{1b}[0m",
                "\u{a0}",
                "x\u{a0}",
            ])
            .prop_map(str::to_owned);
            prop_oneof![
                2 => fixed.clone(),
                2 => "[ -~]{0,12}",
                2 => "(?s).{0,12}",
                1 => (fixed.clone(), "[a-z ]{0,4}", fixed).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
            ]
        }

        /// Which key to set: an existing top-level key or nested child, a new top-level key, or a
        /// new child in a nested mapping.
        fn set_target(doc: &Doc, pick: Index, new: bool) -> (Vec<String>, Option<Range<usize>>) {
            if new {
                let choices = doc.nested.len() + 1;
                return match pick.index(choices).checked_sub(1) {
                    None => (vec!["added".to_owned()], None),
                    Some(n) => {
                        let (parent, header, flow, _) = &doc.nested[n];
                        let span = flow.then_some(*header..header + 1);
                        (vec![parent.clone(), "added".to_owned()], span)
                    }
                };
            }
            let (path, span) = pick.get(&doc.spans);
            (path.clone(), Some(span.clone()))
        }

        /// `out` is `orig` with `span` replaced by some lines; with no span, with some lines
        /// inserted in one place.
        fn only_span_changed(orig: &[String], out: &[String], span: Option<Range<usize>>) -> Result<(), TestCaseError> {
            let span = span.unwrap_or_else(|| {
                let p = orig.iter().zip(out).take_while(|(a, b)| a == b).count();
                p..p
            });
            let kept_after = orig.len() - span.end;
            prop_assert!(out.len() >= span.start + kept_after, "lines lost");
            prop_assert_eq!(&out[..span.start], &orig[..span.start]);
            prop_assert_eq!(&out[out.len() - kept_after..], &orig[span.end..]);
            Ok(())
        }

        fn any_edit() -> impl Strategy<Value = Edit> {
            let segment = prop_oneof![
                select(vec!["id_0", "title_1", "status_2", "rice_3", "c0", "c1", "0", "1", "2", "5", "added", "a", ""])
                    .prop_map(str::to_owned),
                "(?s).{0,6}",
            ];
            let path = proptest::collection::vec(segment, 0..4);
            let raw = prop_oneof![
                select(vec![
                    "5", "true", "[a, b]", "{x: 1}", "[]", "{}", "|", "- a", "a: b", "[", "&a x", "*a", "!t x"
                ])
                .prop_map(str::to_owned),
                "(?s).{0,10}",
            ];
            let value = prop_oneof![
                3 => tricky_string().prop_map(NewValue::Str),
                1 => raw.clone().prop_map(NewValue::Raw),
                1 => proptest::collection::vec(("[a-z]{1,3}", tricky_string().prop_map(NewValue::Str)), 0..3)
                    .prop_map(NewValue::Map),
            ];
            prop_oneof![
                (path.clone(), value.clone()).prop_map(|(path, value)| Edit::Set { path, value }),
                path.clone().prop_map(|path| Edit::Unset { path }),
                (path.clone(), value).prop_map(|(path, value)| Edit::Append { path, value }),
                (path, tricky_string()).prop_map(|(path, value)| Edit::Remove { path, value }),
            ]
        }

        /// Arbitrary text: random strings, generated documents, and generated documents with a
        /// few YAML-significant pieces spliced in or characters dropped.
        fn any_text() -> impl Strategy<Value = String> {
            const PIECES: &[&str] = &[
                ":",
                " ",
                "  ",
                "\n",
                "-",
                "- ",
                "#",
                "[",
                "]",
                "{",
                "}",
                ",",
                "'",
                "\"",
                "|",
                ">",
                "&a ",
                "*a",
                "!t ",
                "<<: ",
                "\t",
                "\r\n",
                "\r",
                "? ",
                "---\n",
                "...\n",
                "~",
                "é",
                "\u{FEFF}",
                "%YAML 1.2\n",
            ];
            let mutation = (any::<Index>(), any::<bool>(), select(PIECES));
            prop_oneof![
                "(?s).{0,80}",
                proptest::collection::vec(select(PIECES), 0..20).prop_map(|p| p.concat()),
                gen_doc().prop_map(|g| render(&g).text),
                (gen_doc(), proptest::collection::vec(mutation, 1..4)).prop_map(|(g, mutations)| {
                    let mut chars: Vec<char> = render(&g).text.chars().collect();
                    for (at, delete, piece) in mutations {
                        let at = at.index(chars.len() + 1);
                        if delete && at < chars.len() {
                            chars.remove(at);
                        } else {
                            chars.splice(at..at, piece.chars());
                        }
                    }
                    chars.into_iter().collect()
                }),
            ]
        }

        /// (a) and (b) for one case.
        fn check_set(g: &Gen, pick: Index, new: bool, value: String) -> Result<(), TestCaseError> {
            let doc = render(g);
            let before = parse(&doc.text);
            let (path, span) = set_target(&doc, pick, new);
            let edit = Edit::Set { path: path.clone(), value: NewValue::Str(value.clone()) };
            let out = apply(&doc.text, std::slice::from_ref(&edit))
                .map_err(|e| TestCaseError::fail(format!("{edit:?} on\n{}\nfailed: {e}", doc.text)))?;
            let after = parse(&out);
            prop_assert_eq!(get(&after, &path), Some(&Value::String(value.clone())), "{}", out);
            let mut expected = before;
            let (last, parents) = path.split_last().unwrap();
            mapping_at(&mut expected, parents).insert(Value::String(last.clone()), Value::String(value));
            prop_assert_eq!(&after, &expected, "{}", out);
            // A block scalar ending a file without a final newline gets a header that strips
            // the line break a new key after it adds, so its value stays (and nothing else changes).
            let mut orig = doc.lines.clone();
            if span.is_none()
                && path.len() == 1
                && !g.final_newline
                && g.trailing.is_empty()
                && matches!(g.entries.last(), Some((_, Part::Literal(_))))
            {
                let header = format!("{}: |", key_name(g.entries.len() - 1));
                if let Some(line) = orig.iter_mut().rev().find(|l| **l == header) {
                    line.push('-');
                }
            }
            only_span_changed(&orig, &lines_of(&out), span)?;
            prop_assert_eq!(out.ends_with('\n'), doc.text.ends_with('\n'));
            Ok(())
        }

        /// (c) for one case.
        fn check_unset(g: &Gen, pick: Index) -> Result<(), TestCaseError> {
            let doc = render(g);
            let before = parse(&doc.text);
            let (path, span) = pick.get(&doc.spans).clone();
            let edit = Edit::Unset { path: path.clone() };
            let out = apply(&doc.text, std::slice::from_ref(&edit))
                .map_err(|e| TestCaseError::fail(format!("{edit:?} on\n{}\nfailed: {e}", doc.text)))?;
            let after = parse(&out);
            let mut expected = before;
            let (last, parents) = path.split_last().unwrap();
            mapping_at(&mut expected, parents).shift_remove(Value::String(last.clone()));
            prop_assert_eq!(&after, &expected, "{}", out);

            let orig = &doc.lines;
            let mut out_lines = lines_of(&out);
            let n = g.entries.len();
            if !doc.text.ends_with('\n')
                && path.len() == 1
                && path[0] == key_name(n - 1)
                && n >= 2
                && g.entries[n - 1].0.is_empty()
                && g.trailing.is_empty()
                && matches!(g.entries[n - 2].1, Part::Literal(_))
            {
                // The last key removed right after a block scalar keeps the line break before
                // it (the scalar's value holds it): the file now ends with a newline.
                prop_assert!(out.ends_with('\n'), "{}", out);
                out_lines.pop();
            }
            let nested = doc.nested.iter().find(|n| parents.first() == Some(&n.0));
            // The lines that must go, and how many lines may take their place.
            let (gone, replaced_by) = match nested {
                Some((_, header, true, _)) => (*header..header + 1, 1),
                Some((_, header, false, 1)) => (*header..span.end, 1),
                Some(_) => (span, 0),
                None if doc.top_keys == 1 => (span, 1),
                None => (span, 0),
            };
            let kept_after = orig.len() - gone.end;
            prop_assert_eq!(out_lines.len(), gone.start + replaced_by + kept_after, "{}", out);
            prop_assert_eq!(&out_lines[..gone.start], &orig[..gone.start]);
            prop_assert_eq!(&out_lines[gone.start + replaced_by..], &orig[gone.end..]);
            Ok(())
        }

        proptest! {
            #![proptest_config(config())]

            /// (a) Setting a key (existing or new, top-level or nested) to any string reads back
            /// as exactly that string, and nothing else in the document changes value; (b) every
            /// line outside the key's entry is kept, in order, comments included (a new key's
            /// lines are inserted in one place).
            #[test]
            fn set_string_reads_back_and_keeps_other_lines(
                g in gen_doc(),
                pick in any::<Index>(),
                new in proptest::bool::weighted(0.2),
                value in tricky_string(),
            ) {
                check_set(&g, pick, new, value)?;
            }

            /// (c) Removing a key removes exactly its entry's lines: every other key keeps its
            /// value and every comment not on those lines stays, in order. (A mapping losing its
            /// last key becomes `{}` on its header line.)
            #[test]
            fn unset_removes_only_the_entry(g in gen_doc(), pick in any::<Index>()) {
                check_unset(&g, pick)?;
            }

            /// (d) `apply` never panics, whatever the text and the edit; when it succeeds the
            /// result is valid YAML.
            #[test]
            fn apply_never_panics(text in any_text(), edits in proptest::collection::vec(any_edit(), 1..3)) {
                if let Ok(out) = apply(&text, &edits) {
                    prop_assert!(yaml_serde::from_str::<Value>(&out).is_ok(), "{edits:?} on {text:?} gave {out:?}");
                }
            }
        }
    }
}
