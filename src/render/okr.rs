//! Views of OKRs: the scored cycle, the alignment tree, and the quarterly
//! review document.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::model::score::format_number;
use crate::ops::okr::{KrView, ObjectiveView};

use super::table::{Cell, Grid};
use super::text::{md_block, md_cell, terminal, terminal_block};

fn score(s: Option<f64>) -> String {
    s.map_or("—".to_string(), |s| crate::model::score::format_fixed(s, 2))
}

fn pct(s: Option<f64>) -> String {
    s.map_or("—".to_string(), crate::model::score::format_percent)
}

fn bar(p: Option<f64>) -> String {
    match p {
        None => "—".into(),
        Some(p) => {
            let filled = ((p * 10.0).round() as usize).min(10);
            format!("{}{} {}", "█".repeat(filled), "░".repeat(10 - filled), crate::model::score::format_percent(p))
        }
    }
}

pub(super) fn kind(v: &ObjectiveView) -> &'static str {
    match v.objective.kind {
        Some(crate::model::okr::ObjectiveType::Committed) => "committed",
        Some(crate::model::okr::ObjectiveType::Aspirational) => "aspirational",
        None => "",
    }
}

pub(super) fn kr_numbers(k: &KrView) -> String {
    if k.kr.is_milestone() {
        return match (k.kr.steps_done, k.kr.steps_total, k.kr.done) {
            (_, _, Some(true)) => "done".into(),
            (Some(d), Some(t), _) => format!("{} of {} steps", format_number(d), format_number(t)),
            _ => "not done".into(),
        };
    }
    // Money is written with its symbol on every value; other units once, at the end.
    let money = k.kr.unit.as_deref().and_then(|u| u.strip_prefix("currency:"));
    let n = |v: Option<f64>| match (v, money) {
        (Some(v), Some(code)) => super::metric::money(v, code),
        (Some(v), None) => format_number(v),
        (None, _) => "?".into(),
    };
    let unit = match (k.kr.unit.as_deref(), money) {
        (_, Some(_)) | (None, _) => String::new(),
        (Some("%" | "percent"), _) => "%".to_string(),
        (Some(u), _) => format!(" {u}"),
    };
    // Which source won, where a key result has two: the newest of the
    // metric's observation and the last check-in.
    let from = match (k.value_from, k.kr.metric.is_some()) {
        ("metric", _) => " (metric)",
        ("check_in", true) => " (check-in)",
        _ => "",
    };
    format!("{} → {}{from} → {}{unit}", n(k.kr.baseline), n(k.value), n(k.kr.target))
}

fn headline(v: &ObjectiveView) -> String {
    let mut parts = vec![];
    if let Some(c) = v.cycle_shown {
        parts.push(c.to_string());
    }
    let k = kind(v);
    if !k.is_empty() {
        parts.push(k.to_string());
    }
    if let Some(l) = v.objective.level {
        parts.push(format!("{l:?}").to_lowercase());
    }
    if let Some(o) = &v.objective.owner {
        parts.push(o.clone());
    }
    if let Some(s) = v.objective.status {
        parts.push(format!("{s:?}").to_lowercase());
    }
    let band = v.band.map(|b| b.as_str()).unwrap_or("");
    let track = match (v.on_track, v.expected) {
        (Some(true), Some(e)) => format!("  on track (expected {})", score(Some(e))),
        (Some(false), Some(e)) => format!("  behind (expected {})", score(Some(e))),
        _ => String::new(),
    };
    format!(
        "{}  {}  [{}]  score {} {band}{track}",
        v.objective.id,
        terminal(&v.objective.title),
        parts.join(", "),
        score(v.score_now)
    )
}

/// `pm okr show`: each objective with its score, then its key results.
pub(crate) fn show(views: &[ObjectiveView], width: Option<usize>) -> String {
    terminal_block(&show_lines(views, width))
}

fn show_lines(views: &[ObjectiveView], width: Option<usize>) -> String {
    if views.is_empty() {
        return "No objectives. Add one with `pm okr add TITLE --cycle 2027-Q1`.\n".to_string();
    }
    let mut out = String::new();
    for (n, v) in views.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&headline(v));
        out.push('\n');
        if v.key_results_scored.is_empty() {
            out.push_str("  (no key results)\n");
            continue;
        }
        let mut grid =
            Grid::new(["", "KR", "PROGRESS", "BASELINE → NOW → TARGET", "WEIGHT", "CONF", "TITLE"]).flexible(6);
        for k in &v.key_results_scored {
            grid.row([
                "",
                &k.kr.id,
                &bar(k.progress),
                &kr_numbers(k),
                &k.kr.weight.map(format_number).unwrap_or_default(),
                &k.confidence.map(format_number).unwrap_or_default(),
                &k.kr.title,
            ]);
        }
        out.push_str(&grid.render(width));
    }
    out
}

/// `pm okr show --tree`: objectives under their parents, with the initiatives serving them.
pub(crate) fn tree(views: &[ObjectiveView]) -> String {
    terminal_block(&tree_lines(views))
}

fn tree_lines(views: &[ObjectiveView]) -> String {
    let ids: Vec<&str> = views.iter().map(|v| v.objective.id.as_str()).collect();
    let mut children: HashMap<&str, Vec<&ObjectiveView>> = HashMap::new();
    let mut roots = Vec::new();
    for v in views {
        match v.objective.parent.as_deref().filter(|p| ids.contains(p)) {
            Some(p) => children.entry(p).or_default().push(v),
            None => roots.push(v),
        }
    }
    fn walk(
        out: &mut String,
        v: &ObjectiveView,
        depth: usize,
        children: &HashMap<&str, Vec<&ObjectiveView>>,
        seen: &mut Vec<String>,
    ) {
        if seen.contains(&v.objective.id) {
            return;
        }
        seen.push(v.objective.id.clone());
        let pad = "  ".repeat(depth);
        let _ = writeln!(
            out,
            "{pad}{} {}  {} {}",
            v.objective.id,
            terminal(&v.objective.title),
            score(v.score_now),
            v.band.map(|b| b.as_str()).unwrap_or("")
        );
        for k in &v.key_results_scored {
            let _ = writeln!(out, "{pad}  · {} {}  {}", k.kr.id, terminal(&k.kr.title), pct(k.progress));
        }
        if !v.initiatives.is_empty() {
            let _ = writeln!(out, "{pad}  ↳ initiatives: {}", v.initiatives.join(", "));
        }
        if !v.items.is_empty() {
            let _ = writeln!(out, "{pad}  ↳ backlog: {}", v.items.join(", "));
        }
        for c in children.get(v.objective.id.as_str()).into_iter().flatten() {
            walk(out, c, depth + 1, children, seen);
        }
    }
    let mut out = String::new();
    let mut seen = Vec::new();
    for r in roots {
        walk(&mut out, r, 0, &children, &mut seen);
    }
    if out.is_empty() {
        out.push_str("No objectives.\n");
    }
    out
}

/// The table of objectives with their scores.
fn summary_table(views: &[ObjectiveView]) -> String {
    let mut grid = Grid::new(["Objective", "Type", "Owner", "Score", "Band", "Expected", "On track"]);
    for v in views {
        grid.row_cells([
            Cell::lead(&v.objective.id, &v.objective.title),
            Cell::text(kind(v)),
            Cell::text(v.objective.owner.as_deref().unwrap_or("")),
            Cell::text(score(v.score_now)),
            Cell::text(v.band.map(|b| b.as_str()).unwrap_or("")),
            Cell::text(score(v.expected)),
            Cell::text(match v.on_track {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            }),
        ]);
    }
    format!("\n{}", grid.markdown())
}

/// `pm okr show --format md`: a table per objective.
pub(crate) fn markdown(views: &[ObjectiveView], title: &str) -> String {
    let mut out = format!("# {}\n", md_cell(title));
    out.push_str(&summary_table(views));
    for v in views {
        let _ = write!(out, "\n## {} {}\n\n", md_cell(&v.objective.id), md_cell(&v.objective.title));
        if v.key_results_scored.is_empty() {
            out.push_str("_No key results._\n");
            continue;
        }
        let mut grid = Grid::new(["Key result", "Progress", "Baseline → now → target", "Weight", "Confidence"]);
        for k in &v.key_results_scored {
            grid.row_cells([
                Cell::lead(&k.kr.id, &k.kr.title),
                Cell::text(pct(k.progress)),
                Cell::text(kr_numbers(k)),
                Cell::text(k.kr.weight.map(format_number).unwrap_or_default()),
                Cell::text(k.confidence.map(format_number).unwrap_or_default()),
            ]);
        }
        out.push_str(&grid.markdown());
    }
    out
}

/// `pm okr report`: the quarterly review document.
pub(crate) fn report(
    views: &[ObjectiveView],
    cycle: &str,
    roadmap: &dyn Fn(&str) -> Option<(String, String)>,
    items: &dyn Fn(&str) -> Option<(String, String)>,
) -> String {
    let mut out = format!("# OKR review — {}\n", md_cell(cycle));
    let scored: Vec<f64> = views.iter().filter_map(|v| v.score_now).collect();
    if !scored.is_empty() {
        let avg = scored.iter().sum::<f64>() / scored.len() as f64;
        let _ = write!(
            out,
            "\nAverage score **{}** over {} objectives.\n",
            crate::model::score::format_fixed(avg, 2),
            scored.len()
        );
    }
    out.push_str("\n## Scores\n");
    out.push_str(&summary_table(views));
    for v in views {
        let _ = write!(out, "\n## {} {}\n\n", md_cell(&v.objective.id), md_cell(&v.objective.title));
        let _ = writeln!(
            out,
            "Score **{}** ({}){}.",
            score(v.score_now),
            v.band.map(|b| b.as_str()).unwrap_or("unscored"),
            match v.objective.kind {
                Some(crate::model::okr::ObjectiveType::Committed)
                    if v.objective.status == Some(crate::model::okr::ObjectiveStatus::Closed)
                        && v.score_now.is_some_and(|s| s < 1.0) =>
                {
                    " — committed and below 1.0: write a postmortem"
                }
                _ => "",
            }
        );
        if !v.key_results_scored.is_empty() {
            let mut grid = Grid::new(["Key result", "Progress", "Baseline → now → target", "Check-ins"]);
            for k in &v.key_results_scored {
                let mut checkins: Vec<_> = k.kr.check_ins.iter().collect();
                checkins.sort_by_key(|c| c.date);
                let values: Vec<f64> = checkins.iter().map(|c| c.value).collect();
                let trend = if values.is_empty() {
                    String::new()
                } else {
                    format!(
                        "{} ({})",
                        super::metric::sparkline(&values),
                        values.iter().map(|v| format_number(*v)).collect::<Vec<_>>().join(" → ")
                    )
                };
                grid.row_cells([
                    Cell::lead(&k.kr.id, &k.kr.title),
                    Cell::text(pct(k.progress)),
                    Cell::text(kr_numbers(k)),
                    Cell::text(trend),
                ]);
            }
            out.push('\n');
            out.push_str(&grid.markdown());
        }
        if !v.initiatives.is_empty() {
            out.push_str("\n**Initiatives:**\n");
            for i in &v.initiatives {
                if let Some((title, progress)) = roadmap(i) {
                    let _ = writeln!(out, "- {} {} — {}", md_block(i), md_cell(&title), md_cell(&progress));
                }
            }
        }
        if !v.items.is_empty() {
            out.push_str("\n**Backlog:**\n");
            for i in &v.items {
                if let Some((title, status)) = items(i) {
                    let _ =
                        writeln!(out, "- {} {} — {}", md_block(i), md_cell(&title), md_cell(&status.replace('_', " ")));
                }
            }
        }
    }
    out
}
