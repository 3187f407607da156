//! Text surgery shared by the operations: replacing a value's bytes, inserting and deleting
//! entries and list elements (whole lines in block context, one item and a comma in flow context),
//! always leaving the comments and blank lines around them as they were.

use super::path::{Holder, Slot, has_props};
use super::render::{Piece, Rendered, block_rendered, entry_lines, nest, render_str};
use super::scan::{
    block_header_end, col, find_indicator, is_blank_line, line_content_end, line_start, next_line_start,
    only_indent_before, only_spaces_before, skip_inline_ws, skip_ws_comments, tail_comment,
};
use super::tree::{Entry, Item, Kind, Node, block_header, strip_point};
use super::{Doc, EditError};
/// Replace the value held in `slot` with `new`.
pub(super) fn replace_value(doc: &Doc, slot: Slot, new: &Rendered) -> Result<String, EditError> {
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
pub(super) fn replace_with_nested(doc: &Doc, slot: Slot, keys: &[String], value: Piece) -> Result<String, EditError> {
    if has_props(slot.node) {
        return Err(doc.unsupported("the value has an anchor, alias or tag"));
    }
    let nested = nest(keys, value);
    let rendered =
        if slot.in_flow() { Rendered::inline(&nested.flow) } else { block_rendered(doc, slot, &nested.block)? };
    replace_value(doc, slot, &rendered)
}

/// Add `keys[0]: ...` (nesting the remaining keys) as the last entry of `map`.
pub(super) fn insert_entry(doc: &Doc, map: &Node, keys: &[String], value: &Piece) -> Result<String, EditError> {
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
pub(super) fn delete_block_entry(doc: &Doc, entries: &[Entry], index: usize) -> Result<String, EditError> {
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
pub(super) fn remove_item(doc: &Doc, slot: Slot, index: usize) -> Result<String, EditError> {
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
pub(super) fn remove_flow_item(doc: &Doc, ranges: &[(usize, usize)], index: usize) -> Result<String, EditError> {
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

impl Doc<'_> {
    pub(super) fn splice(&self, start: usize, end: usize, with: &str) -> Result<String, EditError> {
        match (self.text.get(..start), self.text.get(end..)) {
            (Some(head), Some(tail)) if start <= end => Ok(format!("{head}{with}{tail}")),
            _ => Err(self.unsupported("internal error: edit position is not a character boundary")),
        }
    }

    /// Insert whole lines after the line containing `pos`, keeping a missing final newline
    /// missing. `before` is the node those lines follow: a block scalar that ends the file
    /// has its header made to strip the line break the new lines put after it
    /// ([`strip_point`]), so that its value stays as it was.
    pub(super) fn insert_lines_after(&self, pos: usize, lines: &[String], before: &Node) -> Result<String, EditError> {
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
    pub(super) fn require_aligned(&self, pos: usize) -> Result<(), EditError> {
        if only_indent_before(self.text, pos) {
            Ok(())
        } else {
            Err(self.unsupported("the entry shares its line with other content"))
        }
    }
}
