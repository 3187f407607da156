//! A launch's checklist in the terminal, and the launch report as Markdown.

use std::fmt::Write as _;

use crate::model::roadmap::{Launch, Milestone};
use crate::model::score::{format_number, format_percent};
use crate::ops::launch::{Point, Report};

use super::metric::{delta, value};
use super::table::Grid;
use super::text::{md_cell, terminal};

/// `MS-1 Wallets GA (2026-12-10): 2 of 6 done`, then one numbered line per item.
pub(crate) fn checklist(m: &Milestone, l: &Launch) -> String {
    let done = l.checklist.iter().filter(|c| c.done).count();
    let date = m.date.map(|d| format!(" ({d})")).unwrap_or_default();
    let mut out = format!("{} {}{date}: {done} of {} done\n", m.id, terminal(&m.name), l.checklist.len());
    if l.checklist.is_empty() {
        let _ = writeln!(out, "The checklist is empty: pm milestone checklist {} init, or add \"...\"", m.id);
    }
    for (n, c) in l.checklist.iter().enumerate() {
        let owner = c.owner.as_deref().map(|o| format!(" ({})", terminal(o))).unwrap_or_default();
        let _ = writeln!(out, "{:>3}. [{}] {}{owner}", n + 1, if c.done { "x" } else { " " }, terminal(&c.item));
    }
    for (label, text) in [("Rollout", &l.rollout), ("Rollback", &l.rollback)] {
        if let Some(t) = text {
            let _ = writeln!(out, "{label}: {}", terminal(t));
        }
    }
    out
}

fn point(p: &Option<Point>, unit: Option<&str>) -> String {
    p.as_ref().map_or("—".to_string(), |p| format!("{} ({})", value(p.value, unit), p.period))
}

pub(crate) fn markdown(r: &Report) -> String {
    let mut out = format!("# Launch report: {} {}\n\n", md_cell(&r.id), md_cell(&r.name));
    let when = match (r.date, r.shipped) {
        (Some(d), true) => format!("Shipped, dated {d}."),
        (Some(d), false) => format!("Planned for {d}; not shipped yet."),
        (None, true) => "Shipped.".to_string(),
        (None, false) => "Not dated; not shipped yet.".to_string(),
    };
    let _ = writeln!(out, "{when}");

    out.push_str("\n## Scope\n\n");
    if r.scope.is_empty() {
        out.push_str("No backlog items are planned for this milestone.\n");
    } else {
        let _ = writeln!(
            out,
            "Shipped {} of {} planned items ({} of {} points).\n",
            r.items_shipped,
            r.items_planned,
            format_number(r.points_shipped),
            format_number(r.points_planned)
        );
        let mut grid = Grid::new(["Item", "Type", "Status", "Points"]);
        for s in &r.scope {
            let mark = if s.shipped {
                "✅ "
            } else if s.dropped {
                "✖️ "
            } else {
                "⏳ "
            };
            grid.row([
                format!("{} {}", s.id, s.title),
                s.kind.clone().unwrap_or_else(|| "—".to_string()),
                format!("{mark}{}", s.status),
                s.points.map_or("—".to_string(), format_number),
            ]);
        }
        out.push_str(&grid.markdown());
    }

    if !r.checklist.is_empty() || r.rollout.is_some() || r.rollback.is_some() {
        let done = r.checklist.iter().filter(|c| c.done).count();
        let _ = writeln!(out, "\n## Checklist ({done} of {} done)\n", r.checklist.len());
        for c in &r.checklist {
            let owner = c.owner.as_deref().map(|o| format!(" ({})", md_cell(o))).unwrap_or_default();
            let _ = writeln!(out, "- [{}] {}{owner}", if c.done { "x" } else { " " }, md_cell(&c.item));
        }
        for (label, text) in [("Rollout", &r.rollout), ("Rollback", &r.rollback)] {
            if let Some(t) = text {
                let _ = writeln!(out, "\n**{label}:** {}", md_cell(t));
            }
        }
    }

    if let Some(date) = r.date {
        let _ = writeln!(out, "\n## Metrics before and after {date}\n");
        if r.metrics.is_empty() {
            out.push_str("No metric is linked (through the key results of its initiatives and items).\n");
        } else {
            let mut grid = Grid::new(["Metric", "Before", "Launch period", "After", "Change"]);
            for m in &r.metrics {
                let unit = m.unit.as_deref();
                let after: Vec<String> =
                    m.after.iter().map(|p| format!("{} ({})", value(p.value, unit), p.period)).collect();
                grid.row([
                    m.name.clone(),
                    point(&m.before, unit),
                    point(&m.during, unit),
                    if after.is_empty() { "—".to_string() } else { after.join(", ") },
                    m.change.map_or("—".to_string(), |d| delta(d, unit)),
                ]);
            }
            out.push_str(&grid.markdown());
        }
    }

    out.push_str("\n## Key results\n\n");
    if r.key_results.is_empty() {
        out.push_str("No key result is linked.\n");
    } else {
        let mut grid = Grid::new(["Key result", "Progress"]);
        for k in &r.key_results {
            grid.row([format!("{} {}", k.id, k.title), k.progress.map_or("—".to_string(), format_percent)]);
        }
        out.push_str(&grid.markdown());
    }

    let since = r.date.map(|d| format!(" since {d}")).unwrap_or_default();
    let _ = writeln!(out, "\n## Experiments{since}\n");
    if r.experiments.is_empty() {
        out.push_str("None linked.\n");
    }
    for e in &r.experiments {
        let result: Vec<&str> =
            [e.status.as_deref(), e.verdict.as_deref(), e.decision.as_deref()].into_iter().flatten().collect();
        let _ = writeln!(out, "- **{}** {}: {}", md_cell(&e.id), md_cell(&e.title), md_cell(&result.join(", ")));
    }

    let _ = writeln!(out, "\n## Customer feedback{since}\n");
    if r.feedback.is_empty() {
        out.push_str("None about this launch.\n");
    }
    for f in &r.feedback {
        let who: Vec<String> = [
            f.date.map(|d| d.to_string()),
            Some(f.customer.clone().unwrap_or_else(|| "anonymous".into())),
            f.sentiment.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let _ = writeln!(
            out,
            "- **{}** {} ({}) → {}",
            md_cell(&f.id),
            md_cell(&f.summary),
            md_cell(&who.join(", ")),
            md_cell(&f.about.join(", "))
        );
    }
    out
}
