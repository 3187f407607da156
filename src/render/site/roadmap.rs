//! The roadmap page: Now / Next / Later columns, a timeline of dated
//! initiatives and milestones, finished initiatives, and the milestones.

use std::fmt::Write as _;

use crate::model::roadmap::{Horizon, MilestoneStatus};
use crate::ops::roadmap::{Grouping, Row, group};
use crate::render::roadmap::{percent, when};

use super::html::{anchor, esc, line, linked, table};
use super::{Input, chart, heading};

pub(super) fn body(input: &Input) -> String {
    let board = super::prds::board_ids(input);
    let view = &input.roadmap;
    let mut out = heading(
        "Roadmap",
        Some(
            "Progress is computed from the backlog: done estimate over total estimate of the items under each initiative's epics.",
        ),
    );
    out.push_str("<section aria-labelledby=\"horizons\">\n<h2 id=\"horizons\">Now, Next, Later</h2>\n");
    let groups: Vec<_> =
        group(view, Grouping::Horizon).into_iter().filter(|(k, rows)| k != "unscheduled" || !rows.is_empty()).collect();
    if groups.iter().all(|(_, rows)| rows.is_empty()) {
        out.push_str("<p>The roadmap has no open initiatives.</p>\n");
    } else {
        out.push_str("<div class=\"columns\">\n");
        for (key, rows) in &groups {
            let label = match Horizon::parse(key) {
                Some(Horizon::Now) => "Now",
                Some(Horizon::Next) => "Next",
                Some(Horizon::Later) => "Later",
                None => "Unscheduled",
            };
            let _ = write!(
                out,
                "<section class=\"column\" aria-labelledby=\"h-{key}\">\n<h3 id=\"h-{key}\">{label} <span class=\"count\">({})</span></h3>\n",
                rows.len(),
                key = anchor(key)
            );
            if rows.is_empty() {
                out.push_str("<p class=\"muted\">Nothing here.</p>\n");
            } else {
                out.push_str("<ol class=\"cards\">\n");
                for row in rows {
                    out.push_str(&card(input, &board, row));
                }
                out.push_str("</ol>\n");
            }
            out.push_str("</section>\n");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");

    out.push_str("<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">Timeline</h2>\n");
    out.push_str(&chart::timeline(view));
    out.push_str("</section>\n");

    let finished: Vec<&Row> = view.initiatives.iter().filter(|r| !r.initiative.status().is_open()).collect();
    if !finished.is_empty() {
        out.push_str("<section aria-labelledby=\"finished\">\n<h2 id=\"finished\">Done and cancelled</h2>\n<ol class=\"cards\">\n");
        for row in finished {
            out.push_str(&card(input, &board, row));
        }
        out.push_str("</ol>\n</section>\n");
    }

    if !view.milestones.is_empty() {
        out.push_str("<section aria-labelledby=\"milestones\">\n<h2 id=\"milestones\">Milestones</h2>\n");
        let rows: Vec<Vec<String>> = view
            .milestones
            .iter()
            .map(|m| {
                let status = match m.status.unwrap_or(MilestoneStatus::Planned) {
                    MilestoneStatus::Planned => "planned",
                    MilestoneStatus::Shipped => "shipped",
                    MilestoneStatus::Missed => "missed",
                };
                vec![
                    format!("<span id=\"{}\">{}</span>", anchor(&m.id), esc(&m.id)),
                    line(&m.name),
                    m.kind.map(|k| format!("{k:?}").to_lowercase()).unwrap_or_default(),
                    m.date.map(|d| format!("<time datetime=\"{d}\">{d}</time>")).unwrap_or_default(),
                    status.to_string(),
                ]
            })
            .collect();
        out.push_str(&table("Milestones", &["Milestone", "Name", "Kind", "Date", "Status"], &rows));
        out.push_str("</section>\n");
    }
    out
}

/// Links to other pages for a list of ids, when the target exists there.
fn links(ids: &[String], page: &str, exists: impl Fn(&str) -> bool) -> String {
    ids.iter()
        .map(|id| if exists(id) { format!("<a href=\"{page}#{}\">{}</a>", anchor(id), esc(id)) } else { esc(id) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One initiative as a card.
fn card(input: &Input, board: &std::collections::HashSet<&str>, row: &Row) -> String {
    let i = row.initiative;
    let mut out = format!(
        "<li class=\"card\" id=\"{}\">\n<h4><span class=\"id\">{}</span> {}</h4>\n",
        anchor(&i.id),
        esc(&i.id),
        line(&i.title)
    );
    if let Some(o) = i.outcome.as_deref().filter(|o| !o.trim().is_empty()) {
        let _ = writeln!(out, "<p>{}</p>", linked(o));
    }
    let mut facts = vec![format!("Status: {}", i.status().as_str().replace('_', " "))];
    if let Some(t) = &i.theme {
        facts.push(format!("Theme: {}", line(t)));
    }
    let w = when(row);
    if !w.is_empty() {
        facts.push(format!("When: {}", esc(&w)));
    }
    if let Some(c) = i.confidence {
        facts.push(format!("Confidence: {}", format!("{c:?}").to_lowercase()));
    }
    if let Some(o) = &i.owner {
        facts.push(format!("Owner: {}", line(o)));
    }
    let _ = writeln!(out, "<p class=\"facts\">{}</p>", facts.join(" · "));
    out.push_str(&progress(&i.id, row));
    let has_item = |id: &str| board.contains(id);
    if !row.epics.is_empty() {
        let _ = writeln!(out, "<p class=\"facts\">Epics: {}</p>", links(&row.epics, "backlog.html", has_item));
    }
    if !i.objectives.is_empty() {
        let has_objective = |id: &str| input.objectives.iter().any(|o| o.objective.id == id);
        let _ =
            writeln!(out, "<p class=\"facts\">Objectives: {}</p>", links(&i.objectives, "okrs.html", has_objective));
    }
    if !i.milestones.is_empty() {
        let has_milestone = |id: &str| input.roadmap.milestones.iter().any(|m| m.id == id);
        let _ = writeln!(out, "<p class=\"facts\">Milestones: {}</p>", links(&i.milestones, "", has_milestone));
    }
    for r in &row.at_risk {
        let _ = writeln!(out, "<p class=\"warning\"><strong>At risk:</strong> {}</p>", esc(r));
    }
    if row.stale {
        out.push_str("<p class=\"warning\"><strong>Stale:</strong> on the now horizon with nothing started.</p>\n");
    }
    out.push_str("</li>\n");
    out
}

/// The progress bar with its number in words beside it.
fn progress(id: &str, row: &Row) -> String {
    match row.progress.ratio() {
        None => "<p class=\"progress\">Progress: no backlog work linked yet.</p>\n".to_string(),
        Some(r) => format!(
            "<p class=\"progress\"><progress max=\"100\" value=\"{}\" aria-label=\"{} progress\">{}</progress> {}</p>\n",
            crate::model::score::format_fixed(r * 100.0, 0),
            esc(id),
            esc(&percent(&row.progress)),
            esc(&percent(&row.progress))
        ),
    }
}
