//! The backlog board: one column per status in workflow order, items in
//! rank order, as `pm backlog board` groups them.

use std::fmt::Write as _;

use crate::model::Item;

use super::html::{anchor, esc, line};
use super::{Input, heading};

pub(super) fn body(input: &Input) -> String {
    let total: usize = input.board.iter().map(|(_, items)| items.len()).sum();
    let mut out = heading("Backlog", Some(&format!("{total} items, one column per status, in rank order.")));
    if total == 0 {
        out.push_str("<p>The backlog is empty.</p>\n");
        return out;
    }
    let board = super::prds::board_ids(input);
    let on_board = |id: &str| board.contains(id);
    out.push_str("<div class=\"columns board\">\n");
    for (status, items) in &input.board {
        let key = anchor(status);
        let _ = write!(
            out,
            "<section class=\"column\" aria-labelledby=\"s-{key}\">\n<h2 id=\"s-{key}\">{} <span class=\"count\">({})</span></h2>\n",
            line(&status.replace('_', " ")),
            items.len()
        );
        if items.is_empty() {
            out.push_str("<p class=\"muted\">Nothing here.</p>\n");
        } else {
            out.push_str("<ol class=\"cards\">\n");
            for d in items {
                out.push_str(&card(&d.value, &on_board));
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n");
    out
}

/// One item; `on_board` says whether an id has a card to link to.
fn card(i: &Item, on_board: &dyn Fn(&str) -> bool) -> String {
    let mut facts = Vec::new();
    if let Some(k) = i.kind {
        facts.push(esc(k.as_str()));
    }
    if let Some(p) = &i.priority {
        facts.push(line(p));
    }
    if let Some(e) = &i.estimate {
        facts.push(format!("estimate {}", line(&e.to_string())));
    }
    if let Some(o) = &i.owner {
        facts.push(line(o));
    }
    if let Some(p) = &i.parent {
        if on_board(p) {
            facts.push(format!("in <a href=\"#{}\">{}</a>", anchor(p), esc(p)));
        } else {
            facts.push(format!("in {}", esc(p)));
        }
    }
    let facts =
        if facts.is_empty() { String::new() } else { format!("\n<p class=\"facts\">{}</p>", facts.join(" · ")) };
    format!(
        "<li class=\"card\" id=\"{}\">\n<h3><span class=\"id\">{}</span> {}</h3>{facts}\n</li>\n",
        anchor(&i.id),
        esc(&i.id),
        line(&i.title)
    )
}
