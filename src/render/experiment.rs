//! Views of lean experiments: the list in every format, and one experiment
//! in full (hypothesis, metric and implied target, result against the
//! expectation, decision, learnings, linked work and key results).

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::model::experiment::{ChangeType, Expected};
use crate::model::metric::Direction;
use crate::model::{Date, Experiment};
use crate::ops::experiment::{Details, Outcome, Row};

use super::Format;
use super::table::Grid;
use super::text::{md_block, md_cell, terminal, terminal_block};

/// A value for people: at most four decimals, without trailing zeros (`62.7`, `97.5855`).
pub(crate) fn num(v: f64) -> String {
    let mut s = format!("{:.4}", (v * 10_000.0).round() / 10_000.0);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".into() } else { s }
}

/// A change with its sign: `+1.5`, `-1`.
pub(crate) fn signed(v: f64) -> String {
    let s = num(v);
    if s.starts_with('-') || s == "0" { s } else { format!("+{s}") }
}

/// The expected change as written: `+1.5`, or `+0.5% (relative)`.
pub(crate) fn expected_text(x: &Expected) -> String {
    match x.kind() {
        ChangeType::Absolute => signed(x.change),
        ChangeType::Relative => format!("{}% (relative)", signed(x.change * 100.0)),
    }
}

/// `61.2 → 62.7`, or what is known of it.
fn baseline_to_target(e: &Experiment) -> String {
    match (e.baseline, e.target()) {
        (Some(b), Some(t)) => format!("{} → {}", num(b), num(t)),
        (Some(b), None) => num(b),
        _ => String::new(),
    }
}

/// A JSON number rounded past float noise, whole numbers as integers.
fn number(v: f64) -> Value {
    let r = (v * 1e9).round() / 1e9;
    if r.fract() == 0.0 && r.abs() < 1e15 { json!(r as i64) } else { json!(r) }
}

/// An enum value as written in files (`active`).
fn word<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn opt_number(v: Option<f64>) -> Value {
    v.map_or(Value::Null, number)
}

/// Numbers as in the file: whole numbers without a fraction (`58`, not `58.0`).
fn tidy(v: Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Number(n), number),
        Value::Array(items) => Value::Array(items.into_iter().map(tidy).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, tidy(v))).collect()),
        other => other,
    }
}

/// The experiment's fields under their file names, unknown ones included.
fn fields(e: &Experiment) -> Map<String, Value> {
    match serde_json::to_value(e).map(tidy) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The JSON form of one listed experiment: its fields as in the file, plus `computed`.
pub(crate) fn row_json(row: &Row, path: &str) -> Value {
    let mut object = fields(&row.doc.value);
    object.insert("computed".into(), json!({"path": path, "target": opt_number(row.target), "overdue": row.overdue}));
    Value::Object(object)
}

const CSV_COLUMNS: [&str; 19] = [
    "id",
    "title",
    "hypothesis",
    "status",
    "method",
    "metric",
    "segment",
    "baseline",
    "expected_change",
    "expected_type",
    "target",
    "start",
    "end",
    "observed",
    "verdict",
    "decision",
    "owner",
    "backlog",
    "key_results",
];

fn csv_row(row: &Row) -> Vec<String> {
    let e = &row.doc.value;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let n = |v: Option<f64>| v.map(num).unwrap_or_default();
    vec![
        e.id.clone(),
        text(&e.title),
        e.hypothesis.clone(),
        e.status().as_str().into(),
        e.method.map(|m| m.as_str().to_string()).unwrap_or_default(),
        text(&e.metric),
        text(&e.segment),
        n(e.baseline),
        n(e.expected.as_ref().map(|x| x.change)),
        e.expected.as_ref().map(|x| x.kind().as_str().to_string()).unwrap_or_default(),
        n(row.target),
        date(e.start),
        date(e.end),
        n(e.observed()),
        e.verdict().map(|v| v.as_str().to_string()).unwrap_or_default(),
        e.decision.map(|d| d.as_str().to_string()).unwrap_or_default(),
        text(&e.owner),
        e.backlog_links().join(";"),
        e.key_result_links().join(";"),
    ]
}

/// `pm experiment list` in any format. `path` maps a file to the path shown.
pub(crate) fn list(rows: &[Row], format: Format, width: Option<usize>, path: impl Fn(&str) -> String) -> String {
    let word = |s: Option<&'static str>| s.unwrap_or("");
    match format {
        Format::Table => {
            if rows.is_empty() {
                return String::new();
            }
            let mut grid = Grid::new(["ID", "STATUS", "METRIC", "VERDICT", "DECISION", "TITLE"]).flexible(5);
            for r in rows {
                let e = &r.doc.value;
                let status = if r.overdue { "running!".to_string() } else { e.status().as_str().to_string() };
                grid.row([
                    e.id.as_str(),
                    &status,
                    e.metric.as_deref().unwrap_or(""),
                    word(e.verdict().map(|v| v.as_str())),
                    word(e.decision.map(|d| d.as_str())),
                    e.headline(),
                ]);
            }
            let mut out = grid.render(width);
            if rows.iter().any(|r| r.overdue) {
                out.push_str("\n! running past its end date\n");
            }
            out
        }
        Format::Json | Format::Yaml => {
            let values: Vec<Value> = rows.iter().map(|r| row_json(r, &path(&r.doc.path))).collect();
            if format == Format::Json {
                super::backlog::to_json(&values)
            } else {
                yaml_serde::to_string(&values).unwrap_or_default()
            }
        }
        Format::Csv => {
            let mut grid = Grid::new(CSV_COLUMNS);
            for r in rows {
                grid.row(csv_row(r));
            }
            grid.csv()
        }
        Format::Md => {
            let mut grid = Grid::new(["ID", "Status", "Metric", "Baseline → target", "Verdict", "Decision", "Title"]);
            for r in rows {
                let e = &r.doc.value;
                let mut status = e.status().as_str().to_string();
                if r.overdue {
                    status.push_str(" (overdue)");
                }
                grid.row([
                    e.id.as_str(),
                    &status,
                    e.metric.as_deref().unwrap_or(""),
                    &baseline_to_target(e),
                    word(e.verdict().map(|v| v.as_str())),
                    word(e.decision.map(|d| d.as_str())),
                    e.headline(),
                ]);
            }
            grid.markdown()
        }
    }
}

// ---------------------------------------------------------------- one experiment

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Up => "higher is better",
        Direction::Down => "lower is better",
    }
}

fn dates(e: &Experiment) -> Option<String> {
    match (e.start, e.end) {
        (Some(s), Some(t)) => Some(format!("{s} → {t}")),
        (Some(s), None) => Some(format!("from {s}")),
        (None, Some(t)) => Some(format!("until {t}")),
        (None, None) => None,
    }
}

fn status_text(d: &Details) -> String {
    let e = &d.row.doc.value;
    match e.end {
        Some(end) if d.row.overdue => format!("{} — overdue: planned to end {end}", e.status().as_str()),
        _ => e.status().as_str().to_string(),
    }
}

/// `63.1: +1.9 from the baseline (+3.1%); target 62.7 reached`.
fn outcome_text(o: &Outcome, target: Option<f64>) -> String {
    let mut s = num(o.observed);
    let mut parts = Vec::new();
    if let Some(c) = o.change {
        let mut p = format!("{} from the baseline", signed(c));
        if let Some(r) = o.relative_change {
            let _ = write!(p, " ({:+.1}%)", r * 100.0);
        }
        parts.push(p);
    }
    if let (Some(t), Some(reached)) = (target, o.reached) {
        parts.push(format!("target {} {}", num(t), if reached { "reached" } else { "not reached" }));
    }
    if !parts.is_empty() {
        let _ = write!(s, ": {}", parts.join("; "));
    }
    s
}

fn metric_text(d: &Details) -> Option<String> {
    let id = d.row.doc.value.metric.as_deref()?;
    Some(match d.metric {
        Some(m) => {
            let mut s = format!("{id} — {}", terminal(&m.value.name));
            let traits: Vec<String> = m
                .value
                .unit
                .iter()
                .map(|u| terminal(u))
                .chain(m.value.direction.map(|x| direction(x).to_string()))
                .collect();
            if !traits.is_empty() {
                let _ = write!(s, " ({})", traits.join(", "));
            }
            s
        }
        None => format!("{id} (no metrics/{id}.yaml)"),
    })
}

fn latest_text(d: &Details) -> Option<String> {
    let o = d.latest?;
    let segment = o.segment.as_deref().filter(|s| *s != "all").map(|s| format!(", {s}")).unwrap_or_default();
    Some(format!("{} ({}{segment})", num(o.value), terminal(&o.period)))
}

fn expected_line(e: &Experiment) -> Option<String> {
    let x = e.expected.as_ref()?;
    Some(match e.target() {
        Some(t) => format!("{} → target {}", expected_text(x), num(t)),
        None => format!("{} (no baseline, so no target)", expected_text(x)),
    })
}

/// Greedy word wrap of one paragraph to `width` terminal columns (no limit
/// when `None`): widths as a terminal shows them (a CJK character or an emoji
/// takes two), words longer than a line kept whole.
fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else { return vec![text.to_string()] };
    let options =
        textwrap::Options::new(width.max(1)).wrap_algorithm(textwrap::WrapAlgorithm::FirstFit).break_words(false);
    let lines: Vec<String> = textwrap::wrap(text, options).into_iter().map(|l| l.into_owned()).collect();
    if lines.is_empty() { vec![String::new()] } else { lines }
}

/// Free text indented under a heading, wrapped to the width.
fn block(text: &str, indent: usize, width: Option<usize>) -> String {
    let pad = " ".repeat(indent);
    let inner = width.map(|w| w.saturating_sub(indent).max(20));
    let mut out = String::new();
    for paragraph in terminal_block(text.trim_end()).lines() {
        if paragraph.trim().is_empty() {
            out.push('\n');
            continue;
        }
        for line in wrap(paragraph, inner) {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
    out
}

/// Where values start: after an indented `success criterion` and two spaces.
const VALUE_COLUMN: usize = 21;

/// `label  value` with every value starting in one column, wrapped under
/// itself when it is too long for `width`.
fn field(out: &mut String, indent: &str, label: &str, value: &str, width: Option<usize>) {
    let hang = VALUE_COLUMN;
    let label_width = hang - 2 - indent.len();
    let lines = wrap(&terminal(value), width.map(|w| w.saturating_sub(hang).max(20)));
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "{indent}{label:<label_width$}  {line}");
        } else {
            let _ = writeln!(out, "{:hang$}{line}", "");
        }
    }
}

/// `pm experiment show` for people; every line made safe for the terminal.
pub(crate) fn details_text(d: &Details, path: &str, width: Option<usize>) -> String {
    terminal_block(&details_lines(d, path, width))
}

fn details_lines(d: &Details, path: &str, width: Option<usize>) -> String {
    let e = &d.row.doc.value;
    let mut out = format!("{}  {}\n{path}\n\n", e.id, terminal(e.headline()));
    field(&mut out, "", "status", &status_text(d), width);
    if let Some(m) = e.method {
        field(&mut out, "", "method", m.as_str(), width);
    }
    if let Some(o) = &e.owner {
        field(&mut out, "", "owner", o, width);
    }
    if let Some(dates) = dates(e) {
        field(&mut out, "", "dates", &dates, width);
    }
    let _ = write!(out, "\nHypothesis\n{}", block(&e.hypothesis, 2, width));

    let mut measure = String::new();
    if let Some(m) = metric_text(d) {
        field(&mut measure, "  ", "metric", &m, width);
    }
    if let Some(s) = &e.segment {
        field(&mut measure, "  ", "segment", s, width);
    }
    if let Some(l) = latest_text(d) {
        field(&mut measure, "  ", "latest", &l, width);
    }
    if let Some(b) = e.baseline {
        field(&mut measure, "  ", "baseline", &num(b), width);
    }
    if let Some(x) = expected_line(e) {
        field(&mut measure, "  ", "expected", &x, width);
    }
    if let Some(s) = &e.success_criterion {
        field(&mut measure, "  ", "success criterion", s, width);
    }
    if !measure.is_empty() {
        let _ = write!(out, "\nMeasure\n{measure}");
    }

    let mut result = String::new();
    if let Some(o) = &d.outcome {
        field(&mut result, "  ", "observed", &outcome_text(o, d.row.target), width);
    }
    if let Some(v) = e.verdict() {
        field(&mut result, "  ", "verdict", v.as_str(), width);
    }
    if let Some(x) = e.decision {
        field(&mut result, "  ", "decision", x.as_str(), width);
    }
    if let Some(l) = &e.learnings {
        let _ = write!(result, "  learnings\n{}", block(l, 4, width));
    }
    if !result.is_empty() {
        let _ = write!(out, "\nResult\n{result}");
    }

    if !d.backlog.is_empty() {
        out.push_str("\nBacklog\n");
        for (id, doc) in &d.backlog {
            match doc {
                Some(doc) => {
                    let _ = writeln!(
                        out,
                        "  {:<8} {:<12} {}",
                        id,
                        terminal(doc.value.status()),
                        terminal(&doc.value.title)
                    );
                }
                None => {
                    let _ = writeln!(out, "  {id:<8} (missing)");
                }
            }
        }
    }
    if !d.key_results.is_empty() {
        out.push_str("\nKey results\n");
        for k in &d.key_results {
            match k.found {
                Some((o, kr)) => {
                    let progress = k.progress.map(crate::model::score::format_percent).unwrap_or_else(|| "—".into());
                    let status = o.status.map(|s| format!(", {}", word(&s))).unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  {:<8} {:<5} {} ({}{status})",
                        k.id,
                        progress,
                        terminal(&kr.title),
                        terminal(&o.id)
                    );
                }
                None => {
                    let _ = writeln!(out, "  {:<8} (missing)", k.id);
                }
            }
        }
    }
    out
}

/// The JSON form of `pm experiment show`.
pub(crate) fn details_json(d: &Details, path: &str) -> Value {
    let e = &d.row.doc.value;
    let mut object = fields(e);
    let metric = e.metric.as_deref().map(|id| {
        json!({
            "id": id,
            "name": d.metric.map(|m| m.value.name.clone()),
            "unit": d.metric.and_then(|m| m.value.unit.clone()),
            "direction": d.metric.and_then(|m| m.value.direction),
            "latest": d.latest.map(|o| json!({"period": o.period, "value": number(o.value), "segment": o.segment})),
        })
    });
    let outcome = d.outcome.map(|o| {
        json!({
            "observed": number(o.observed),
            "change": opt_number(o.change),
            "relative_change": opt_number(o.relative_change),
            "reached": o.reached,
        })
    });
    let backlog: Vec<Value> = d
        .backlog
        .iter()
        .map(|(id, doc)| {
            json!({"id": id, "title": doc.map(|d| d.value.title.clone()), "status": doc.map(|d| d.value.status().to_string())})
        })
        .collect();
    let key_results: Vec<Value> = d
        .key_results
        .iter()
        .map(|k| {
            json!({
                "id": k.id,
                "title": k.found.map(|(_, kr)| kr.title.clone()),
                "objective": k.found.map(|(o, _)| o.id.clone()),
                "objective_status": k.found.and_then(|(o, _)| o.status),
                "progress": opt_number(k.progress),
            })
        })
        .collect();
    object.insert(
        "computed".into(),
        json!({
            "path": path,
            "target": opt_number(d.row.target),
            "overdue": d.row.overdue,
            "metric": metric,
            "outcome": outcome,
            "backlog": backlog,
            "key_results": key_results,
        }),
    );
    Value::Object(object)
}

/// `pm experiment show --format md`: a short document for a review or a wiki.
pub(crate) fn details_markdown(d: &Details) -> String {
    let e = &d.row.doc.value;
    let mut out = format!("# {}: {}\n\n", md_cell(&e.id), md_cell(e.headline()));
    let mut facts = vec![format!("**Status:** {}", md_cell(&status_text(d)))];
    if let Some(m) = e.method {
        facts.push(format!("**Method:** {}", m.as_str()));
    }
    if let Some(o) = &e.owner {
        facts.push(format!("**Owner:** {}", md_cell(o)));
    }
    if let Some(dates) = dates(e) {
        facts.push(format!("**Dates:** {dates}"));
    }
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    let _ = writeln!(out, "## Hypothesis\n\n{}\n", md_block(e.hypothesis.trim()));

    out.push_str("## Measure\n\n");
    let mut measure = Grid::new(["Metric", "Baseline", "Expected change", "Target", "Latest observation"]);
    measure.row([
        metric_text(d)
            .map(|m| match &e.segment {
                Some(s) => format!("{m}; segment {s}"),
                None => m,
            })
            .unwrap_or_default(),
        e.baseline.map(num).unwrap_or_default(),
        e.expected.as_ref().map(expected_text).unwrap_or_default(),
        d.row.target.map(num).unwrap_or_default(),
        latest_text(d).unwrap_or_default(),
    ]);
    out.push_str(&measure.markdown());
    if let Some(s) = &e.success_criterion {
        let _ = writeln!(out, "\n**Success criterion:** {}", md_cell(s));
    }

    if d.outcome.is_some() || e.verdict().is_some() || e.decision.is_some() || e.learnings.is_some() {
        out.push_str("\n## Result\n\n");
        let observed = d.outcome.map(|o| num(o.observed)).unwrap_or_default();
        let against = d
            .outcome
            .map(|o| outcome_text(&o, d.row.target))
            .and_then(|t| t.split_once(": ").map(|(_, rest)| rest.to_string()))
            .unwrap_or_default();
        let mut result = Grid::new(["Observed", "Against the expectation", "Verdict", "Decision"]);
        result.row([
            observed.as_str(),
            &against,
            e.verdict().map(|v| v.as_str()).unwrap_or(""),
            e.decision.map(|x| x.as_str()).unwrap_or(""),
        ]);
        out.push_str(&result.markdown());
        if let Some(l) = &e.learnings {
            let _ = writeln!(out, "\n### Learnings\n");
            for line in l.trim_end().lines() {
                let _ = writeln!(out, "{}", md_block(line));
            }
        }
    }

    if !d.backlog.is_empty() || !d.key_results.is_empty() {
        out.push_str("\n## Linked\n\n");
        for (id, doc) in &d.backlog {
            let _ = match doc {
                Some(doc) => {
                    writeln!(out, "- {} {} ({})", md_cell(id), md_cell(&doc.value.title), md_cell(doc.value.status()))
                }
                None => writeln!(out, "- {} (missing)", md_cell(id)),
            };
        }
        for k in &d.key_results {
            let _ = match k.found {
                Some((o, kr)) => writeln!(
                    out,
                    "- {} {} ({}{})",
                    md_cell(k.id),
                    md_cell(&kr.title),
                    md_cell(&o.id),
                    k.progress.map(|p| format!(", {}", crate::model::score::format_percent(p))).unwrap_or_default()
                ),
                None => writeln!(out, "- {} (missing)", md_cell(k.id)),
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(num(61.2 + 1.5), "62.7");
        assert_eq!(num(97.5855), "97.5855");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(signed(1.5), "+1.5");
        assert_eq!(signed(-1.0), "-1");
        assert_eq!(expected_text(&Expected { change: 0.005, kind: Some(ChangeType::Relative) }), "+0.5% (relative)");
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("aa bb cc dd", Some(5)), ["aa bb", "cc dd"]);
        assert_eq!(wrap("aa bb", None), ["aa bb"]);
        assert_eq!(wrap("averyverylongword x", Some(5)), ["averyverylongword", "x"]);
        // Wide characters take two columns each (6 + 1 + 6 = 13 of 14), and CJK text
        // may break between characters, as CJK typesetting does.
        assert_eq!(wrap("决定了 验证通过 是的", Some(14)), ["决定了 验证通", "过 是的"]);
        assert_eq!(wrap("🚀🚀 ok", Some(5)), ["🚀🚀", "ok"]);
        assert_eq!(wrap("", Some(5)), [""]);
    }
}
