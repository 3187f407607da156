//! The home page: what the product is for (vision, strategy, personas,
//! stakeholders) and a way into every other page.

use std::fmt::Write as _;

use super::html::{esc, line, prose};
use super::{Input, heading};

pub(super) fn body(input: &Input) -> String {
    let mut out = String::new();
    let stage = input.info.and_then(|i| i.stage).map(|s| format!("Life-cycle stage: {}", s.as_str()));
    out.push_str(&heading(&input.name, stage.as_deref().map(esc).as_deref()));
    match input.info {
        None => out.push_str(
            "<p>This product has no <code>product.yaml</code> yet: its vision and strategy appear here once \
             it does (<code>pm product edit</code>).</p>\n",
        ),
        Some(info) => {
            if let Some(v) = info.vision.as_deref().filter(|v| !v.trim().is_empty()) {
                let _ = write!(
                    out,
                    "<section aria-labelledby=\"vision\">\n<h2 id=\"vision\">Vision</h2>\n{}</section>\n",
                    prose(v)
                );
            }
            if let Some(s) = info.strategy.as_deref().filter(|s| !s.trim().is_empty()) {
                let _ = write!(
                    out,
                    "<section aria-labelledby=\"strategy\">\n<h2 id=\"strategy\">Strategy</h2>\n{}</section>\n",
                    prose(s)
                );
            }
            if !info.personas.is_empty() {
                out.push_str(
                    "<section aria-labelledby=\"personas\">\n<h2 id=\"personas\">Personas</h2>\n<ul class=\"cards\">\n",
                );
                for p in &info.personas {
                    let _ = write!(out, "<li class=\"card\">\n<h3>{}</h3>\n", line(&p.name));
                    if let Some(d) = &p.description {
                        out.push_str(&prose(d));
                    }
                    if !p.goals.is_empty() {
                        let _ = writeln!(
                            out,
                            "<p>Goals: {}</p>",
                            p.goals.iter().map(|g| line(g)).collect::<Vec<_>>().join("; ")
                        );
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n</section>\n");
            }
            if !info.stakeholders.is_empty() {
                out.push_str(
                    "<section aria-labelledby=\"stakeholders\">\n<h2 id=\"stakeholders\">Stakeholders</h2>\n<ul>\n",
                );
                for s in &info.stakeholders {
                    let role = s.role.as_deref().map(|r| format!(" — {}", line(r))).unwrap_or_default();
                    let _ = writeln!(out, "<li>{}{role}</li>", line(&s.name));
                }
                out.push_str("</ul>\n</section>\n");
            }
        }
    }
    out.push_str(&contents(input));
    out
}

/// One card per page, with what it holds in numbers.
fn contents(input: &Input) -> String {
    let open = input.roadmap.initiatives.iter().filter(|r| r.initiative.status().is_open()).count();
    let now = input
        .roadmap
        .initiatives
        .iter()
        .filter(|r| r.initiative.status().is_open() && r.horizon_shown == Some(crate::model::roadmap::Horizon::Now))
        .count();
    let current: Vec<_> = input
        .objectives
        .iter()
        .filter(|o| input.current_cycle.is_some() && o.cycle_shown == input.current_cycle)
        .collect();
    let okrs = match input.current_cycle {
        Some(c) => format!("{} objectives in {c}", current.len()),
        None => "No objectives yet".to_string(),
    };
    let items: usize = input.board.iter().map(|(_, items)| items.len()).sum();
    let changes = match &input.history {
        super::History::Log(entries) => format!("{} commits with product changes", entries.len()),
        super::History::Unavailable(_) => "No history".to_string(),
    };
    let cards = [
        ("roadmap.html", "Roadmap", format!("{open} open initiatives, {now} now")),
        ("okrs.html", "OKRs", okrs),
        ("metrics.html", "Metrics", format!("{} KPIs with their series", input.metrics.len())),
        ("backlog.html", "Backlog", format!("{items} items on the board")),
        ("prds/index.html", "PRDs", format!("{} requirements documents", input.prds.len())),
        ("changelog.html", "Changelog", changes),
    ];
    let mut out = String::from(
        "<section aria-labelledby=\"contents\">\n<h2 id=\"contents\">In this site</h2>\n<ul class=\"cards\">\n",
    );
    for (href, label, text) in cards {
        let _ = writeln!(out, "<li class=\"card\"><h3><a href=\"{href}\">{label}</a></h3><p>{}</p></li>", esc(&text));
    }
    out.push_str("</ul>\n</section>\n");
    out
}
