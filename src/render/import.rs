//! The report of `pm import csv|backlog-md`: a summary line, the items
//! created, updated and left alone, what was mapped to what, and what was
//! not imported. Lists and sentences wrap at the terminal's width by display
//! columns (textwrap), so CJK text and emoji take the room they take.

use std::fmt::Write as _;

use textwrap::core::{Fragment, display_width};
use textwrap::wrap_algorithms::wrap_first_fit;

use crate::ops::import::{Outcome, Parsed, Report, SourceKind, Tally};
use crate::render::table::Grid;
use crate::render::text::terminal;

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn tally(t: &Tally) -> Vec<String> {
    t.0.iter().map(|(from, to, n)| format!("{} → {to} ({n})", terminal(from))).collect()
}

fn outcomes(out: &mut String, title: &str, list: &[Outcome], width: usize, changes: bool) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({})", list.len());
    let mut grid = if changes {
        Grid::new(["ID", "KEY", "CHANGED", "TITLE"]).flexible(3)
    } else {
        Grid::new(["ID", "KEY", "TYPE", "STATUS", "TITLE"]).flexible(4)
    };
    for o in list {
        let kind = o.kind.map(|k| k.as_str()).unwrap_or("");
        if changes {
            grid.row([o.id.as_str(), &o.key, &o.changed.join(", "), &o.title]);
        } else {
            grid.row([o.id.as_str(), &o.key, kind, &o.status, &o.title]);
        }
    }
    for line in grid.render(Some(width.saturating_sub(2))).lines() {
        let _ = writeln!(out, "  {line}");
    }
}

/// The report: a summary line, the items, then the mappings and what was left out.
pub(crate) fn report(parsed: &Parsed, r: &Report, width: Option<usize>) -> String {
    let width = width.unwrap_or(100).max(40);
    let verb = |done: &str, would: &str| if r.dry_run { would.to_string() } else { done.to_string() };
    let mut out = format!(
        "{} {} ({}): {}: {} {}, {} {}, {} unchanged\n",
        if r.dry_run { "Dry run of" } else { "Imported" },
        terminal(&r.shown),
        r.kind.name(),
        count(r.records, if r.kind == SourceKind::BacklogMd { "task" } else { "issue" }),
        r.created.len(),
        verb("created", "to create"),
        r.updated.len(),
        verb("updated", "to update"),
        r.unchanged.len(),
    );
    if r.dry_run {
        out.push_str("Nothing was written.\n");
    }
    outcomes(&mut out, &verb("Created", "Would create"), &r.created, width, false);
    outcomes(&mut out, &verb("Updated", "Would update"), &r.updated, width, true);
    if !r.unchanged.is_empty() {
        let ids: Vec<String> = r.unchanged.iter().map(|o| format!("{} ({})", o.id, terminal(&o.key))).collect();
        let _ = writeln!(out, "\nUnchanged ({})\n  {}", ids.len(), list(&ids, 2, width));
    }

    let mut rows: Vec<(&str, Vec<String>)> = Vec::new();
    let columns: Vec<String> = parsed.columns.iter().map(|(c, f)| format!("{} → {f}", terminal(c))).collect();
    rows.push(("columns", columns));
    rows.push(("type", tally(&r.types)));
    rows.push(("status", tally(&r.statuses)));
    rows.push(("priority", tally(&r.priorities)));
    out.push_str("\nMapped\n");
    for (label, items) in rows.iter().filter(|(_, items)| !items.is_empty()) {
        let _ = writeln!(out, "  {label:<9} {}", list(items, 12, width));
    }
    // One note a line, under the label.
    for (label, notes) in [("estimate", &r.rounded), ("sub-task", &r.subtasks)] {
        if !notes.is_empty() {
            let notes: Vec<String> = notes.iter().map(|s| terminal(s)).collect();
            let _ = writeln!(out, "  {label:<9} {}", notes.join("\n            "));
        }
    }
    if !r.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "\nConflicts ({}): changed here and in {} since the last import",
            r.conflicts.len(),
            r.kind.name()
        );
        for c in &r.conflicts {
            let here = c.local.as_deref().map(terminal).unwrap_or_else(|| "(none)".into());
            let kept = if c.taken {
                format!("took {}", terminal(&c.source))
            } else {
                format!("kept {here} (--prefer source takes the source's)")
            };
            let line = format!(
                "{} ({}): {}: here {here}, in the source {}; {kept}",
                c.id,
                terminal(&c.key),
                c.field,
                terminal(&c.source)
            );
            let _ = writeln!(out, "  {}", sentence(&line, width));
        }
    }

    let mut missing: Vec<String> = r.not_mapped.iter().map(|s| terminal(s)).collect();
    if !r.unused.is_empty() {
        let names: Vec<String> = r.unused.iter().map(|c| terminal(c)).collect();
        let what = if r.kind == SourceKind::BacklogMd { "fields" } else { "columns" };
        let hint = if r.kind == SourceKind::BacklogMd { "" } else { " (keep one with --map \"COLUMN=FIELD\")" };
        missing.push(format!("{what} not imported: {}{hint}", names.join(", ")));
    }
    if !missing.is_empty() {
        out.push_str("\nNot mapped\n");
        for m in missing {
            let _ = writeln!(out, "  {}", sentence(&m, width));
        }
    }
    out
}

/// A piece of text kept whole on one line, one space from the next.
#[derive(Debug)]
struct Piece<'a>(&'a str);

impl Fragment for Piece<'_> {
    fn width(&self) -> f64 {
        display_width(self.0) as f64
    }
    fn whitespace_width(&self) -> f64 {
        1.0
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// `pieces` one space apart, as many a line as fit in `first` columns on the
/// first line and `rest` on the others (first fit: never more than one
/// piece on a line that overflows), continuation lines indented by `indent`.
fn wrap_pieces(pieces: &[&str], first: usize, rest: usize, indent: usize) -> String {
    let pieces: Vec<Piece> = pieces.iter().map(|p| Piece(p)).collect();
    let lines = wrap_first_fit(&pieces, &[first as f64, rest as f64]);
    let lines: Vec<String> = lines.iter().map(|line| line.iter().map(|p| p.0).collect::<Vec<_>>().join(" ")).collect();
    lines.join(&format!("\n{}", " ".repeat(indent)))
}

/// `a, b, c` wrapped at `width` under a label column of `indent` columns;
/// an item is never split.
fn list(items: &[String], indent: usize, width: usize) -> String {
    let last = items.len().saturating_sub(1);
    let pieces: Vec<String> =
        items.iter().enumerate().map(|(i, item)| if i < last { format!("{item},") } else { item.clone() }).collect();
    let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
    let room = width.saturating_sub(indent);
    wrap_pieces(&pieces, room, room, indent)
}

/// A sentence after a two-column margin, wrapped at `width` between words
/// (a long word stays whole), continuation lines indented by four.
fn sentence(text: &str, width: usize) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    wrap_pieces(&words, width.saturating_sub(2), width.saturating_sub(4), 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_wrap_by_display_width_and_keep_items_whole() {
        let items: Vec<String> = ["BL-1 (A-1)", "BL-2 (A-2)", "BL-3 (A-3)"].map(String::from).to_vec();
        assert_eq!(list(&items, 2, 26), "BL-1 (A-1), BL-2 (A-2),\n  BL-3 (A-3)");
        // A CJK character takes two columns: the three items take 40, not the
        // 22 characters they are, so 28 columns hold two of them.
        let wide: Vec<String> = ["設計レビュー", "設計レビュー", "設計レビュー"].map(String::from).to_vec();
        assert_eq!(display_width("設計レビュー, 設計レビュー, 設計レビュー"), 40);
        assert_eq!(list(&wide, 2, 30), "設計レビュー, 設計レビュー,\n  設計レビュー");
        assert_eq!(list(&wide, 2, 42), "設計レビュー, 設計レビュー, 設計レビュー");
    }

    #[test]
    fn sentences_wrap_between_words_and_indent_what_follows() {
        assert_eq!(sentence("one two three four", 14), "one two\n    three four");
        assert_eq!(sentence("averyveryverylongword x", 10), "averyveryverylongword\n    x");
        assert_eq!(sentence("名前が 長い 項目です", 14), "名前が 長い\n    項目です");
    }
}
