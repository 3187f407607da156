//! The changelog: product changes per commit, newest first, grouped by
//! month — what `pm log` prints, as a page.

use std::fmt::Write as _;

use crate::render::diff::oneline;

use super::html::{esc, line};
use super::{History, Input, heading};

pub(super) fn body(input: &Input) -> String {
    let mut out = heading("Changelog", Some("Product changes per commit, newest first, read from git history."));
    let entries = match &input.history {
        History::Unavailable(why) => {
            let _ = writeln!(out, "<p>There is no history to show: {}.</p>", esc(why));
            return out;
        }
        History::Log(entries) => entries,
    };
    if entries.is_empty() {
        out.push_str("<p>No product changes have been committed yet.</p>\n");
        return out;
    }
    let mut month: Option<String> = None;
    for e in entries {
        let this =
            e.commit.date.map(|d| format!("{:04}-{:02}", d.year(), d.month())).unwrap_or_else(|| "Undated".into());
        if month.as_deref() != Some(this.as_str()) {
            if month.is_some() {
                out.push_str("</ol>\n</section>\n");
            }
            let _ = write!(
                out,
                "<section aria-labelledby=\"m-{this}\">\n<h2 id=\"m-{this}\">{this}</h2>\n<ol class=\"log\">\n"
            );
            month = Some(this);
        }
        let date = e.commit.date.map(|d| format!("<time datetime=\"{d}\">{d}</time> ")).unwrap_or_default();
        let _ = write!(
            out,
            "<li>\n<p>{date}<code>{}</code> {} <span class=\"muted\">by {}</span></p>\n<ul>\n",
            esc(&e.commit.short),
            line(&e.commit.summary),
            line(&e.commit.author)
        );
        for c in &e.changes {
            let _ = writeln!(out, "<li>{}</li>", line(&oneline(c)));
        }
        out.push_str("</ul>\n</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
    out
}
