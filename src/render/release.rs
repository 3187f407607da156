//! Release notes as Markdown, ready for a GitHub release.

use std::fmt::Write as _;

use crate::ops::release::{Group, Notes};

use super::text::md_cell;

pub(crate) fn markdown(n: &Notes) -> String {
    let date = n.date.map(|d| format!(" ({d})")).unwrap_or_default();
    let mut out = format!("# Release notes: {}{date}\n", md_cell(&n.release));
    if n.notes.is_empty() {
        out.push_str("\nNothing delivered yet.\n");
    }
    for g in Group::ALL {
        let mut notes = n.group(g).peekable();
        if notes.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "\n## {}\n", g.heading());
        for note in notes {
            let about: Vec<&str> = std::iter::once(note.id.as_str()).chain(note.prd.as_deref()).collect();
            let _ = writeln!(out, "- {} ({})", md_cell(&note.title), md_cell(&about.join(" · ")));
        }
    }
    if !n.tell.is_empty() {
        out.push_str("\n## Customers to tell\n\n");
        for t in &n.tell {
            let who = match &t.name {
                Some(name) => format!("{} ({})", md_cell(name), md_cell(&t.customer)),
                None => md_cell(&t.customer),
            };
            let _ = writeln!(out, "- {who}: {}", md_cell(&t.items.join(", ")));
        }
    }
    if !n.left_out.is_empty() {
        let _ = writeln!(out, "\nNot listed (closed as won't do, or spikes): {}.", md_cell(&n.left_out.join(", ")));
    }
    out
}
