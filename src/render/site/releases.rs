//! Releases: for each milestone, newest date first, the items it delivered
//! as features, improvements and fixes — what `pm release notes` prints.

use std::fmt::Write as _;

use crate::ops::release::Group;

use super::html::{anchor, esc, line};
use super::{Input, heading};

pub(super) fn body(input: &Input) -> String {
    let mut out = heading(
        "Releases",
        Some("What each milestone delivered: its done items, as <code>pm release notes</code> prints them."),
    );
    if input.releases.is_empty() {
        out.push_str("<p>The roadmap has no milestones yet.</p>\n");
        return out;
    }
    for n in &input.releases {
        let id = n.milestone.as_deref().unwrap_or_default();
        let date = n.date.map(|d| format!(" <time datetime=\"{d}\">{d}</time>")).unwrap_or_default();
        let _ = writeln!(
            out,
            "<section aria-labelledby=\"{a}\">\n<h2 id=\"{a}\">{}{date}</h2>",
            esc(&n.release),
            a = anchor(id)
        );
        if n.notes.is_empty() {
            out.push_str("<p class=\"muted\">Nothing delivered yet.</p>\n");
        }
        for g in Group::ALL {
            let mut notes = n.group(g).peekable();
            if notes.peek().is_none() {
                continue;
            }
            let _ = writeln!(out, "<h3>{}</h3>\n<ul>", g.heading());
            for note in notes {
                let prd = note.prd.as_deref().map(|p| format!(" · {}", esc(p))).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<li>{} <span class=\"muted\">({}{prd})</span></li>",
                    line(&note.title),
                    esc(&note.id)
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    out
}
