//! `pm export`: each artifact kind as a spreadsheet (CSV, RFC 4180 with a
//! header row, cells guarded against formula injection), as JSON (the same
//! structures as the list commands' `--format json`), or as a Markdown
//! document for people who do not read YAML.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::model::backlog::FIELDS;
use crate::model::score::format_number;
use crate::model::{Config, Item, Prd};
use crate::ops::metric::Summary;
use crate::ops::okr::ObjectiveView;
use crate::ops::prd::Coverage;
use crate::ops::roadmap::{Grouping, View};
use crate::store::{Doc, Workspace};

use super::Format;
use super::backlog::{item_json, to_json};
use super::table::Grid;
use super::text::{md_cell, md_prose};

/// CSV text: the header as given (custom fields keep their names) and one line per row.
fn csv<S: AsRef<str>>(header: &[&str], rows: impl IntoIterator<Item = Vec<S>>) -> String {
    let mut grid = Grid::new(header.iter().copied()).csv_header_as_given();
    for row in rows {
        grid.row(row);
    }
    grid.csv()
}

/// A serde enum as the word it is written with (`in_progress`).
fn word<T: Serialize>(v: &Option<T>) -> String {
    match v.as_ref().map(serde_json::to_value) {
        Some(Ok(Value::String(s))) => s,
        _ => String::new(),
    }
}

fn num(v: Option<f64>) -> String {
    v.map(format_number).unwrap_or_default()
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// A value of a field pm does not know, for one cell.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map(format_number).unwrap_or_else(|| n.to_string()),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
            items.iter().map(cell).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    }
}

/// `in_progress` → `In progress`.
fn heading(status: &str) -> String {
    if status == "wont_do" {
        return "Won't do".to_string();
    }
    let words = status.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "(no status)".to_string(),
    }
}

// ---------------------------------------------------------------- backlog

/// A backlog export's column for a field of [`FIELDS`]: the scoring inputs
/// (`rice`, `ice`, `wsjf`) are exported as the scores they give.
fn backlog_column(field: &str) -> String {
    match field {
        "rice" | "ice" | "wsjf" => format!("{field}_score"),
        other => other.to_string(),
    }
}

/// One field of an item, as its cell.
fn backlog_cell(config: &Config, i: &Item, field: &str) -> String {
    match field {
        "id" => i.id.clone(),
        "title" => i.title.clone(),
        "type" => word(&i.kind),
        "status" => i.status().to_string(),
        "priority" => opt(&i.priority),
        "estimate" => i.estimate.as_ref().map(|e| e.to_string()).unwrap_or_default(),
        "owner" => opt(&i.owner),
        "labels" => i.labels.join(";"),
        "parent" => opt(&i.parent),
        "origin" => word(&i.origin),
        "blocked_by" => i.blocked_by.join(";"),
        "description" => opt(&i.description).trim_end().to_string(),
        "acceptance_criteria" => i.acceptance_criteria.join("\n"),
        "prd" => opt(&i.prd),
        "key_results" => i.key_results.join(";"),
        "initiative" => opt(&i.initiative),
        "milestone" => opt(&i.milestone),
        "iteration" => opt(&i.iteration),
        "rice" => num(i.rice_score()),
        "ice" => num(i.ice_score(config)),
        "wsjf" => num(i.wsjf_score()),
        "kano" => word(&i.kano),
        "rank" => opt(&i.rank),
        "created" => i.created.map(|d| d.to_string()).unwrap_or_default(),
        "updated" => i.updated.map(|d| d.to_string()).unwrap_or_default(),
        // A field pm does not know (custom fields among them).
        other => i.extra.get(other).map(cell).unwrap_or_default(),
    }
}

fn backlog_row(config: &Config, i: &Item, extra: &[String]) -> Vec<String> {
    FIELDS.iter().copied().chain(extra.iter().map(String::as_str)).map(|f| backlog_cell(config, i, f)).collect()
}

/// The backlog: `items` in rank order; `path` shows a product path as the user sees it.
pub(crate) fn backlog(
    ws: &Workspace,
    items: &[&Doc<Item>],
    format: Format,
    title: &str,
    path: impl Fn(&str) -> String,
) -> String {
    let config = &ws.config.value;
    match format {
        Format::Json | Format::Yaml => {
            let values: Vec<Value> = items.iter().map(|d| item_json(ws, &path(&d.path), &d.value)).collect();
            to_json(&values)
        }
        Format::Csv => {
            // Custom and unknown fields get a column each, in the order they first appear.
            let mut extra: Vec<String> = Vec::new();
            for d in items {
                for key in d.value.extra.keys() {
                    if !extra.contains(key) && !FIELDS.contains(&key.as_str()) {
                        extra.push(key.clone());
                    }
                }
            }
            let mut header: Vec<String> = FIELDS.iter().map(|f| backlog_column(f)).collect();
            header.extend(extra.iter().cloned());
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            csv(&header, items.iter().map(|d| backlog_row(config, &d.value, &extra)))
        }
        Format::Md | Format::Table => backlog_markdown(ws, items, title),
    }
}

fn backlog_markdown(ws: &Workspace, items: &[&Doc<Item>], title: &str) -> String {
    let config = &ws.config.value;
    let mut groups: Vec<(String, Vec<&Doc<Item>>)> = config.statuses().map(|s| (s.to_string(), Vec::new())).collect();
    for d in items {
        let status = d.value.status().to_string();
        match groups.iter_mut().find(|(s, _)| *s == status) {
            Some((_, list)) => list.push(d),
            None => groups.push((status, vec![d])),
        }
    }
    let points = |list: &[&Doc<Item>]| -> f64 {
        list.iter().filter_map(|d| d.value.estimate.as_ref().and_then(|e| e.points(config))).sum()
    };
    let mut out = format!("# {}\n\n", md_cell(title));
    let _ = writeln!(out, "{} items.\n", items.len());
    let mut summary = Grid::new(["Status", "Items", "Points"]);
    for (status, list) in groups.iter().filter(|(_, l)| !l.is_empty()) {
        summary.row([heading(status), list.len().to_string(), format_number(points(list))]);
    }
    out.push_str(&summary.markdown());
    for (status, list) in groups.iter().filter(|(_, l)| !l.is_empty()) {
        let _ = write!(out, "\n## {} ({})\n", md_cell(&heading(status)), list.len());
        let closed = config.is_closed(status);
        for d in list {
            let i = &d.value;
            let _ = write!(out, "\n### {}: {}\n\n", md_cell(&i.id), md_cell(&i.title));
            let mut facts: Vec<String> = Vec::new();
            facts.extend(i.kind.map(|k| k.as_str().to_string()));
            facts.extend(i.priority.as_ref().map(|p| md_cell(p)));
            facts.extend(i.estimate.as_ref().map(|e| format!("estimate {}", md_cell(&e.to_string()))));
            facts.extend(i.owner.as_ref().map(|o| format!("owner {}", md_cell(o))));
            if !i.labels.is_empty() {
                facts.push(format!("labels: {}", md_cell(&i.labels.join(", "))));
            }
            facts.extend(i.parent.as_ref().map(|p| format!("parent {}", md_cell(p))));
            if !i.blocked_by.is_empty() {
                facts.push(format!("blocked by {}", md_cell(&i.blocked_by.join(", "))));
            }
            facts.extend(i.milestone.as_ref().map(|m| format!("milestone {}", md_cell(m))));
            facts.extend(i.prd.as_ref().map(|p| format!("PRD {}", md_cell(p))));
            if !facts.is_empty() {
                let _ = writeln!(out, "{}", facts.join(" · "));
            }
            if let Some(text) = i.description.as_deref().filter(|t| !t.trim().is_empty()) {
                let _ = write!(out, "\n{}\n", md_prose(text));
            }
            if !i.acceptance_criteria.is_empty() {
                out.push_str("\nAcceptance criteria:\n\n");
                let mark = if closed { "x" } else { " " };
                for c in &i.acceptance_criteria {
                    let _ = writeln!(out, "- [{mark}] {}", md_cell(c));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------- roadmap

/// The roadmap: one CSV row per initiative; JSON as `pm roadmap show`; Markdown by horizon.
pub(crate) fn roadmap(view: &View, format: Format, product: &str) -> String {
    match format {
        Format::Json | Format::Yaml => to_json(view),
        Format::Md | Format::Table => super::roadmap::markdown(view, Grouping::Horizon, product),
        Format::Csv => {
            let header = [
                "id",
                "title",
                "theme",
                "horizon",
                "status",
                "start",
                "end",
                "quarter",
                "confidence",
                "owner",
                "progress",
                "progress_basis",
                "items",
                "epics",
                "milestones",
                "objectives",
                "key_results",
                "visibility",
                "at_risk",
                "stale",
                "outcome",
            ];
            let rows = view.initiatives.iter().map(|r| {
                let i = r.initiative;
                let p = &r.progress;
                vec![
                    i.id.clone(),
                    i.title.clone(),
                    opt(&i.theme),
                    word(&r.horizon_shown),
                    word(&i.status),
                    r.start_shown.map(|d| d.to_string()).unwrap_or_default(),
                    r.end_shown.map(|d| d.to_string()).unwrap_or_default(),
                    i.quarter.map(|q| q.to_string()).unwrap_or_default(),
                    word(&i.confidence),
                    opt(&i.owner),
                    p.ratio().map(|r| format_number((r * 100.0).round())).unwrap_or_default(),
                    if p.items == 0 { String::new() } else { word(&Some(p.basis)) },
                    p.items.to_string(),
                    r.epics.join(";"),
                    i.milestones.join(";"),
                    i.objectives.join(";"),
                    i.key_results.join(";"),
                    word(&i.visibility),
                    r.at_risk.join("; "),
                    r.stale.to_string(),
                    opt(&i.outcome),
                ]
            });
            csv(&header, rows)
        }
    }
}

// ---------------------------------------------------------------- OKRs

/// Every cycle's OKRs: one CSV row per key result; JSON as `pm okr show --format json`.
pub(crate) fn okrs(views: &[ObjectiveView], format: Format) -> String {
    match format {
        Format::Json | Format::Yaml => to_json(&views),
        Format::Md | Format::Table => super::okr::markdown(views, "OKRs"),
        Format::Csv => {
            let header = [
                "cycle",
                "objective",
                "objective_title",
                "objective_status",
                "objective_score",
                "key_result",
                "title",
                "metric",
                "unit",
                "baseline",
                "target",
                "value",
                "value_from",
                "progress",
                "weight",
                "confidence",
                "owner",
            ];
            let rows = views.iter().flat_map(|v| {
                let o = v.objective;
                v.key_results_scored.iter().map(move |k| {
                    vec![
                        v.cycle_shown.map(|c| c.to_string()).unwrap_or_default(),
                        o.id.clone(),
                        o.title.clone(),
                        word(&o.status),
                        num(v.score_now),
                        k.kr.id.clone(),
                        k.kr.title.clone(),
                        opt(&k.kr.metric),
                        opt(&k.kr.unit),
                        num(k.kr.baseline),
                        num(k.kr.target),
                        num(k.value),
                        k.value_from.to_string(),
                        num(k.progress),
                        num(k.kr.weight),
                        num(k.confidence),
                        k.kr.owner.clone().or_else(|| o.owner.clone()).unwrap_or_default(),
                    ]
                })
            });
            csv(&header, rows)
        }
    }
}

// ---------------------------------------------------------------- PRDs

/// PRDs: CSV and JSON as `pm prd list`; Markdown an index and then each PRD's document.
pub(crate) fn prds(prds: &[(&Prd, Coverage)], format: Format) -> String {
    let list: Vec<&Prd> = prds.iter().map(|(p, _)| *p).collect();
    match format {
        Format::Json | Format::Yaml => to_json(&list),
        Format::Csv => super::prd::list(&list, Format::Csv, None),
        Format::Md | Format::Table => {
            let mut out = String::from("# PRDs\n\n");
            if list.is_empty() {
                out.push_str("No PRDs.\n");
                return out;
            }
            out.push_str(&super::prd::list(&list, Format::Md, None));
            for (p, coverage) in prds {
                out.push_str("\n---\n\n");
                out.push_str(&super::prd::markdown(p, coverage));
            }
            out
        }
    }
}

// ---------------------------------------------------------------- metrics

/// Metrics: CSV one row per observation (for charts); JSON as `pm metric list`;
/// Markdown the list and then each metric's page.
pub(crate) fn metrics(rows: &[Summary], format: Format) -> String {
    match format {
        Format::Json | Format::Yaml => super::metric::list(rows, Format::Json, None),
        Format::Csv => {
            let header = ["metric", "name", "unit", "period", "segment", "value", "note"];
            let lines = rows.iter().flat_map(|s| {
                let m = s.metric;
                m.observations.iter().map(move |o| {
                    vec![
                        m.id.clone(),
                        m.name.clone(),
                        opt(&m.unit),
                        o.period.clone(),
                        o.segment.clone().unwrap_or_else(|| "all".to_string()),
                        format_number(o.value),
                        opt(&o.note),
                    ]
                })
            });
            csv(&header, lines)
        }
        Format::Md | Format::Table => {
            let mut out = String::from("# Metrics\n\n");
            if rows.is_empty() {
                out.push_str("No metrics.\n");
                return out;
            }
            out.push_str(&super::metric::list(rows, Format::Md, None));
            for s in rows {
                out.push_str("\n---\n\n");
                out.push_str(&super::metric::show(s, Format::Md, None));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_rfc_4180_and_guarded() {
        let text = csv(&["a", "b"], [vec!["=SUM(A1)", "x, \"y\""], vec!["line\nbreak", "-2"]]);
        assert_eq!(text, "a,b\r\n'=SUM(A1),\"x, \"\"y\"\"\"\r\n\"line\nbreak\",-2\r\n");
    }

    #[test]
    fn headings_read_as_words() {
        assert_eq!(heading("in_progress"), "In progress");
        assert_eq!(heading("wont_do"), "Won't do");
    }
}
