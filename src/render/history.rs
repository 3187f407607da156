//! Views of history: an artifact's life, the semantic log, and flow metrics.

use std::fmt::Write as _;

use crate::diff::Action;
use crate::model::Date;
use crate::model::score::format_number;
use crate::ops::history::{Flow, History, LogEntry, Stats};

use super::diff::{describe, oneline};
use super::table::{Cell, Grid};
use super::text::{md_cell, terminal};

fn action(a: &Action) -> String {
    match a {
        Action::Added => "created".to_string(),
        Action::Removed => "removed".to_string(),
        Action::Renumbered { from } => format!("renumbered from {from}"),
        Action::Changed => String::new(),
    }
}

fn changes(e: &crate::ops::history::Event) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let a = action(&e.action);
    if !a.is_empty() {
        lines.push(a);
    }
    lines.extend(e.fields.iter().map(|f| format!("{} {}", f.field, describe(f))));
    lines
}

/// `pm history ID`.
pub(crate) fn table(h: &History, width: Option<usize>) -> String {
    let mut grid = Grid::new(["DATE", "AUTHOR", "COMMIT", "CHANGES"]).flexible(3);
    for e in &h.events {
        grid.row_lines([
            e.commit.date.map(|d| d.to_string()).unwrap_or_default(),
            e.commit.author.clone(),
            e.commit.short.clone(),
            changes(e).join("\n"),
        ]);
    }
    let mut out = grid.render(width);
    if h.cut {
        out.push_str("(history is cut here: this is a shallow clone; `git fetch --unshallow` shows the rest)\n");
    }
    out
}

pub(crate) fn markdown(h: &History) -> String {
    let mut out = format!("# History of {}\n\n", md_cell(&h.id));
    let mut grid = Grid::new(["Date", "Author", "Commit", "Changes"]);
    for e in &h.events {
        grid.row_cells([
            Cell::text(e.commit.date.map(|d| d.to_string()).unwrap_or_default()),
            Cell::text(&e.commit.author),
            Cell::Code(e.commit.short.clone()),
            // One line per change (a line break inside a change shows as a space).
            Cell::Lines(changes(e).iter().map(|c| c.replace('\n', " ")).collect::<Vec<_>>().join("\n")),
        ]);
    }
    out.push_str(&grid.markdown());
    if h.cut {
        out.push_str("\n_History is cut here: shallow clone._\n");
    }
    out
}

/// `pm log`.
pub(crate) fn log_human(entries: &[LogEntry], color: bool) -> String {
    if entries.is_empty() {
        return "No product changes.\n".to_string();
    }
    let mut out = String::new();
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let head = format!(
            "{} {} {}",
            e.commit.short,
            e.commit.date.map(|d| d.to_string()).unwrap_or_default(),
            terminal(&e.commit.author)
        );
        let head = if color { format!("\x1b[33m{head}\x1b[0m") } else { head };
        let _ = writeln!(out, "{head}  {}", terminal(&e.commit.summary));
        for c in &e.changes {
            let _ = writeln!(out, "    {}", terminal(&oneline(c)));
        }
    }
    out
}

pub(crate) fn log_markdown(entries: &[LogEntry]) -> String {
    let mut out = String::new();
    for e in entries {
        let _ = writeln!(
            out,
            "- `{}` {} {} — {}",
            e.commit.short,
            e.commit.date.map(|d| d.to_string()).unwrap_or_default(),
            md_cell(&e.commit.author),
            md_cell(&e.commit.summary)
        );
        for c in &e.changes {
            let _ = writeln!(out, "  - {}", md_cell(&oneline(c)));
        }
    }
    if out.is_empty() {
        out.push_str("_No product changes._\n");
    }
    out
}

fn days(s: &Stats) -> [String; 3] {
    let d = |v: Option<f64>| v.map(|v| format!("{}d", format_number(v))).unwrap_or_else(|| "—".into());
    [d(s.median), d(s.p85), d(s.max)]
}

/// `pm report flow`.
pub(crate) fn flow_table(flows: &[Flow], since: Date, today: Date, width: Option<usize>) -> String {
    let mut out = format!("Flow from {since} to {today}\n\n");
    let mut grid =
        Grid::new(["GROUP", "DONE", "CYCLE P50", "P85", "MAX", "LEAD P50", "P85", "MAX", "WIP", "OLDEST WIP"]);
    for f in flows {
        let done: usize = f.throughput.iter().map(|(_, n)| n).sum();
        let [c50, c85, cmax] = days(&f.cycle_time);
        let [l50, l85, lmax] = days(&f.lead_time);
        let oldest = f.aging.first().map(|(id, d)| format!("{id} ({d}d)")).unwrap_or_default();
        grid.row([f.group.clone(), done.to_string(), c50, c85, cmax, l50, l85, lmax, f.wip.to_string(), oldest]);
    }
    out.push_str(&grid.render(width));
    if let Some(all) = flows.first().filter(|_| flows.len() == 1) {
        out.push_str("\nThroughput per week\n");
        let max = all.throughput.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        for (week, n) in &all.throughput {
            let _ = writeln!(out, "  {week}  {:<20} {n}", "█".repeat(n * 20 / max));
        }
        if !all.aging.is_empty() {
            out.push_str("\nWork in progress, by age\n");
            for (id, d) in &all.aging {
                let _ = writeln!(out, "  {:<8} {d} days", terminal(id));
            }
        }
    }
    out
}

pub(crate) fn flow_markdown(flows: &[Flow], since: Date, today: Date) -> String {
    let mut grid = Grid::new(["Group", "Done", "Cycle time p50", "p85", "max", "Lead time p50", "p85", "max", "WIP"]);
    for f in flows {
        let done: usize = f.throughput.iter().map(|(_, n)| n).sum();
        let [c50, c85, cmax] = days(&f.cycle_time);
        let [l50, l85, lmax] = days(&f.lead_time);
        grid.row([f.group.clone(), done.to_string(), c50, c85, cmax, l50, l85, lmax, f.wip.to_string()]);
    }
    format!("# Flow from {since} to {today}\n\n{}", grid.markdown())
}
