//! Views of product metrics (KPIs): `pm metric show` (definition, latest
//! value, target gap, threshold status, trend and a sparkline) and
//! `pm metric list`, as terminal text, Markdown, JSON, YAML and CSV.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::model::metric::{BoundsSource, Direction, Metric, Status};
use crate::model::score::format_number;
use crate::ops::metric::{Computed, Summary, direction_text};

use super::Format;
use super::table::{Cell, Grid};
use super::text::{md_cell, terminal, terminal_block};

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// How many observations the sparkline and the observation table of `show` cover.
pub(crate) const SHOWN: usize = 24;

/// A sparkline: each value scaled between the series' minimum (▁) and
/// maximum (█), `round((v − min) / (max − min) × 7)`; a flat series is all ▄.
pub(crate) fn sparkline(values: &[f64]) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|v| {
            if max - min <= f64::EPSILON * max.abs().max(1.0) {
                BARS[3]
            } else {
                let level = ((v - min) / (max - min) * 7.0).round() as usize;
                BARS[level.min(7)]
            }
        })
        .collect()
}

/// A value with its unit: `63.8%`, `€205.60`, `£131,800.00`, `¥1,200`,
/// `1.2 s`, `42`.
pub(crate) fn value(v: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        Some("percent") => format!("{}%", format_number(v)),
        Some("seconds") => format!("{} s", format_number(v)),
        Some(u) if u.starts_with("currency:") => money(v, &u["currency:".len()..]),
        _ => format_number(v),
    }
}

/// A unit for people: a currency by its code and symbol (`GBP (£)`).
pub(crate) fn unit_text(unit: &str) -> String {
    match unit.strip_prefix("currency:") {
        Some(code) => match iso_currency::Currency::from_code(code).map(|c| c.symbol().symbol) {
            Some(symbol) if symbol != "¤" && symbol != code => format!("{code} ({symbol})"),
            _ => code.to_string(),
        },
        None => unit.to_string(),
    }
}

/// An amount of money as people write it: the currency's symbol (from the
/// ISO 4217 data of the `iso_currency` crate) before the amount, its number
/// of minor digits, and thousands separators: `£131,800.00`, `-€4.50`,
/// `¥1,200`. A currency without a symbol of its own is written after the
/// amount by its code: `12.50 XYZ`.
pub(crate) fn money(v: f64, code: &str) -> String {
    let currency = iso_currency::Currency::from_code(code);
    let decimals = currency.and_then(|c| c.exponent()).unwrap_or(2);
    let fixed = crate::model::score::format_fixed(v, u32::from(decimals));
    let (sign, digits) = match fixed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", fixed.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, format!(".{f}")),
        None => (digits, String::new()),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let symbol = currency.map(|c| c.symbol().symbol).filter(|s| s != "¤" && !s.chars().all(|c| c.is_alphabetic()));
    match symbol {
        Some(symbol) => format!("{sign}{symbol}{grouped}{fraction}"),
        None => format!("{sign}{grouped}{fraction} {code}"),
    }
}

/// A difference with its unit, signed: `+0.7 pts` (percentage points), `-€4.50`.
pub(crate) fn delta(d: f64, unit: Option<&str>) -> String {
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{}", magnitude(d.abs(), unit))
}

/// A distance with its unit, unsigned.
fn magnitude(d: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        Some("percent") => format!("{} pts", format_number(d)),
        _ => value(d, unit),
    }
}

fn unit(m: &Metric) -> Option<&str> {
    m.unit.as_deref()
}

/// `70% by 2027-03-31`.
pub(super) fn target_text(m: &Metric) -> Option<String> {
    m.target.as_ref().map(|t| match t.by {
        Some(by) => format!("{} by {by}", value(t.value, unit(m))),
        None => value(t.value, unit(m)),
    })
}

/// `2.1 pts to go`, `met`, or, once the target's date has passed,
/// `missed by 2.1 pts`.
pub(super) fn gap_text(m: &Metric, c: &Computed) -> Option<String> {
    match (c.target_met, c.target_gap) {
        (Some(true), _) => Some("met".to_string()),
        (Some(false), Some(gap)) if c.target_missed => Some(format!("missed by {}", magnitude(gap.abs(), unit(m)))),
        (Some(false), Some(gap)) => Some(format!("{} to go", magnitude(gap.abs(), unit(m)))),
        _ => None,
    }
}

/// `green ≥ 66%, yellow ≥ 62%` (≤ for metrics that should go down).
pub(super) fn bands(m: &Metric) -> Option<String> {
    m.thresholds.as_ref().map(|t| {
        let op = if m.direction() == Direction::Up { "≥" } else { "≤" };
        format!("green {op} {}, yellow {op} {}, else red", value(t.green, unit(m)), value(t.yellow, unit(m)))
    })
}

pub(super) fn status_text(s: Option<Status>) -> &'static str {
    s.map_or("", Status::as_str)
}

/// `↑ +0.7 pts since 2026-10`.
pub(super) fn trend_text(m: &Metric, c: &Computed) -> Option<String> {
    let (trend, change, previous) = (c.trend?, c.change?, c.previous.as_ref()?);
    Some(format!("{} {} since {}", trend.arrow(), delta(change, unit(m)), previous.period))
}

/// The last [`SHOWN`] values of the series as a sparkline with its span.
fn series_text(s: &Summary) -> Option<String> {
    let (first, last) = (s.series.first()?, s.series.last()?);
    let shown = &s.series[s.series.len().saturating_sub(SHOWN)..];
    let values: Vec<f64> = shown.iter().map(|o| o.value).collect();
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let u = unit(s.metric);
    let span = if shown.len() < s.series.len() {
        format!("last {} of {} observations", shown.len(), s.series.len())
    } else if shown.len() == 1 {
        first.period.clone()
    } else {
        format!("{} … {}", first.period, last.period)
    };
    Some(format!("{}  {span}, min {}, max {}", sparkline(&values), value(min, u), value(max, u)))
}

fn bounds_text(m: &Metric) -> Option<String> {
    m.effective_bounds().map(|(b, source)| match source {
        BoundsSource::Explicit => b.to_string(),
        BoundsSource::Percent => format!("{b} (percent)"),
        BoundsSource::Nps => format!("{b} (NPS)"),
    })
}

/// The definition fields in file-schema order, as label and text. The target
/// is left out when the computed facts show it with its gap.
pub(super) fn definition(m: &Metric, with_target: bool) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut push = |label: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            rows.push((label.to_string(), v));
        }
    };
    push("description", m.description.clone());
    push("formula", m.formula.clone());
    push("unit", m.unit.as_deref().map(unit_text));
    push("direction", Some(direction_text(m.direction()).to_string()));
    push("grain", Some(m.grain().as_str().to_string()));
    push("bounds", bounds_text(m));
    push("source", m.source.clone());
    push("owner", m.owner.clone());
    push("category", m.category.map(|c| c.as_str().to_string()));
    push("target", target_text(m).filter(|_| with_target));
    push("thresholds", bands(m));
    for (key, v) in &m.extra {
        let shown = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        rows.push((key.clone(), shown));
    }
    rows
}

// ---------------------------------------------------------------- show

pub(crate) fn show(s: &Summary, format: Format, width: Option<usize>) -> String {
    match format {
        Format::Json => super::backlog::to_json(&summary_json(s)),
        Format::Yaml => yaml_serde::to_string(&summary_json(s)).unwrap_or_default(),
        Format::Md => show_markdown(s),
        // Ids, periods, segments and unknown keys come from the file: every line is made safe.
        Format::Table | Format::Csv => terminal_block(&show_text(s, width)),
    }
}

/// The metric as written, plus its path, the series shown and what pm computes.
pub(crate) fn summary_json(s: &Summary) -> Value {
    let mut v = match serde_json::to_value(s.metric) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    v.insert("path".into(), json!(s.path));
    let mut computed = match serde_json::to_value(&s.computed) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    computed.insert("segment".into(), json!(s.segment));
    computed.insert("segments".into(), json!(s.segments));
    v.insert("computed".into(), Value::Object(computed));
    let mut v = Value::Object(v);
    whole_numbers(&mut v);
    v
}

/// Whole numbers as integers (`100`, not `100.0`), as in every JSON output of pm.
fn whole_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15) {
                *v = json!(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

fn show_text(s: &Summary, width: Option<usize>) -> String {
    let m = s.metric;
    let u = unit(m);
    let star = if m.is_north_star() { "  ★ north star" } else { "" };
    let mut out = format!("{}  {}{star}\n{}\n\n", m.id, terminal(&m.name), s.path);
    let rows = definition(m, s.computed.latest.is_none());
    let label_width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (label, text) in rows {
        if text.contains('\n') {
            let body = terminal_block(text.trim_end());
            let _ = writeln!(out, "{label}:");
            for line in body.lines() {
                let _ = writeln!(out, "    {line}");
            }
        } else {
            let _ = writeln!(out, "{label:<label_width$}  {}", terminal(&text));
        }
    }
    out.push('\n');
    let c = &s.computed;
    let segment = if s.segment == "all" { String::new() } else { format!(" (segment {})", s.segment) };
    let mut facts: Vec<(&str, String)> = Vec::new();
    match &c.latest {
        Some(latest) => facts.push(("Latest", format!("{} in {}{segment}", value(latest.value, u), latest.period))),
        None if s.segments.is_empty() => {
            let _ = writeln!(out, "No observations{segment} yet. Record one with `pm metric record {} VALUE`.", m.id);
            return out;
        }
        None => {
            let _ = writeln!(out, "No observations{segment}; the segments below have some (show one with --segment).");
        }
    }
    if let Some(t) = target_text(m) {
        let gap = gap_text(m, c).map(|g| format!(": {g}")).unwrap_or_default();
        facts.push(("Target", format!("{t}{gap}")));
    }
    if let Some(status) = c.status {
        facts.push(("Status", status.as_str().to_string()));
    }
    if let Some(t) = trend_text(m, c) {
        facts.push(("Trend", t));
    }
    if let Some(line) = series_text(s) {
        facts.push(("Series", line));
    }
    for (label, text) in facts {
        let _ = writeln!(out, "{label:<8}{text}");
    }
    if !s.segments.is_empty() {
        out.push_str("\nSegments\n");
        let mut grid = Grid::new(["  SEGMENT", "LATEST", "PERIOD", "STATUS", "TREND"]);
        for row in &s.segments {
            let c = &row.computed;
            grid.row([
                format!("  {}", row.segment),
                c.latest.as_ref().map(|l| value(l.value, u)).unwrap_or_default(),
                c.latest.as_ref().map(|l| l.period.clone()).unwrap_or_default(),
                status_text(c.status).to_string(),
                c.trend.zip(c.change).map(|(t, d)| format!("{} {}", t.arrow(), delta(d, u))).unwrap_or_default(),
            ]);
        }
        out.push_str(&grid.render(width));
    }
    if s.series.is_empty() {
        return out;
    }
    let shown = &s.series[s.series.len().saturating_sub(SHOWN)..];
    let earlier = s.series.len() - shown.len();
    out.push_str(&format!("\nObservations{segment}\n"));
    let mut grid = Grid::new(["  PERIOD", "VALUE", "STATUS", "NOTE"]).flexible(3);
    for o in shown.iter().rev() {
        grid.row([
            format!("  {}", o.period),
            value(o.value, u),
            status_text(m.status(o.value)).to_string(),
            o.note.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&grid.render(width));
    if earlier > 0 {
        let _ = writeln!(out, "  … {earlier} earlier (--format json shows them all)");
    }
    out
}

fn show_markdown(s: &Summary) -> String {
    let m = s.metric;
    let u = unit(m);
    let c = &s.computed;
    let mut out = format!("# {}\n\n`{}`", md_cell(&m.name), m.id);
    if m.is_north_star() {
        out.push_str(" · **north star**");
    }
    let _ = write!(out, " · {}\n\n", md_cell(&s.path));
    let mut rows: Vec<(String, Cell)> = Vec::new();
    if let Some(l) = &c.latest {
        rows.push(("Latest".into(), Cell::lead(value(l.value, u), format!("({})", l.period))));
    }
    if let Some(t) = target_text(m) {
        let gap = gap_text(m, c).map(|g| format!(" — {g}")).unwrap_or_default();
        rows.push(("Target".into(), Cell::text(format!("{t}{gap}"))));
    }
    if let Some(status) = c.status {
        rows.push(("Status".into(), Cell::text(status.as_str())));
    }
    if let Some(t) = trend_text(m, c) {
        rows.push(("Trend".into(), Cell::text(t)));
    }
    if let Some(line) = series_text(s) {
        rows.push(("Series".into(), Cell::text(line)));
    }
    for (label, text) in definition(m, c.latest.is_none()) {
        let mut chars = label.chars();
        let label = chars.next().map(|f| f.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default();
        rows.push((label, Cell::text(text)));
    }
    let mut grid = Grid::new(["", ""]);
    for (label, cell) in rows {
        grid.row_cells([Cell::text(label), cell]);
    }
    out.push_str(&grid.markdown());
    if !s.segments.is_empty() {
        out.push_str("\n## Segments\n\n");
        let mut grid = Grid::new(["Segment", "Latest", "Period", "Status", "Trend"]);
        for row in &s.segments {
            let c = &row.computed;
            grid.row([
                row.segment.clone(),
                c.latest.as_ref().map(|l| value(l.value, u)).unwrap_or_default(),
                c.latest.as_ref().map(|l| l.period.clone()).unwrap_or_default(),
                status_text(c.status).to_string(),
                c.trend.zip(c.change).map(|(t, d)| format!("{} {}", t.arrow(), delta(d, u))).unwrap_or_default(),
            ]);
        }
        out.push_str(&grid.markdown());
    }
    if !s.series.is_empty() {
        out.push_str("\n## Observations\n\n");
        let mut grid = Grid::new(["Period", "Value", "Status", "Note"]);
        for o in s.series.iter().rev() {
            grid.row([
                o.period.clone(),
                value(o.value, u),
                status_text(m.status(o.value)).to_string(),
                o.note.clone().unwrap_or_default(),
            ]);
        }
        out.push_str(&grid.markdown());
    }
    out
}

// ---------------------------------------------------------------- list

const LIST_HEADER: [&str; 7] = ["ID", "LATEST", "PERIOD", "TARGET", "STATUS", "TREND", "NAME"];

fn list_cells(s: &Summary) -> Vec<String> {
    let m = s.metric;
    let u = unit(m);
    let c = &s.computed;
    vec![
        m.id.clone(),
        c.latest.as_ref().map(|l| value(l.value, u)).unwrap_or_else(|| "—".into()),
        c.latest.as_ref().map(|l| l.period.clone()).unwrap_or_default(),
        m.target.as_ref().map(|t| value(t.value, u)).unwrap_or_default(),
        status_text(c.status).to_string(),
        c.trend.map(|t| t.arrow().to_string()).unwrap_or_default(),
        if m.is_north_star() { format!("★ {}", m.name) } else { m.name.clone() },
    ]
}

pub(crate) fn list(rows: &[Summary], format: Format, width: Option<usize>) -> String {
    match format {
        Format::Json => super::backlog::to_json(&rows.iter().map(summary_json).collect::<Vec<_>>()),
        Format::Yaml => yaml_serde::to_string(&rows.iter().map(summary_json).collect::<Vec<_>>()).unwrap_or_default(),
        Format::Csv => {
            let mut grid =
                Grid::new(["id", "name", "latest", "period", "unit", "target", "by", "status", "trend", "change"]);
            for s in rows {
                let m = s.metric;
                let c = &s.computed;
                grid.row([
                    m.id.clone(),
                    m.name.clone(),
                    c.latest.as_ref().map(|l| format_number(l.value)).unwrap_or_default(),
                    c.latest.as_ref().map(|l| l.period.clone()).unwrap_or_default(),
                    m.unit.clone().unwrap_or_default(),
                    m.target.as_ref().map(|t| format_number(t.value)).unwrap_or_default(),
                    m.target.as_ref().and_then(|t| t.by).map(|d| d.to_string()).unwrap_or_default(),
                    status_text(c.status).to_string(),
                    c.trend.map(|t| format!("{t:?}").to_lowercase()).unwrap_or_default(),
                    c.change.map(format_number).unwrap_or_default(),
                ]);
            }
            grid.csv()
        }
        Format::Md => {
            let mut grid = Grid::new(["ID", "Latest", "Period", "Target", "Status", "Trend", "Name"]);
            for s in rows {
                grid.row(list_cells(s));
            }
            grid.markdown()
        }
        Format::Table => {
            if rows.is_empty() {
                return "No metrics yet. Add one with `pm metric add ID --name NAME` or `--preset nps`.\n".into();
            }
            let mut grid = Grid::new(LIST_HEADER).flexible(6);
            for s in rows {
                grid.row(list_cells(s));
            }
            grid.render(width)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_between_min_and_max() {
        assert_eq!(sparkline(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]), "▁▂▃▄▅▆▇█");
        assert_eq!(sparkline(&[0.0, 10.0]), "▁█");
        // 5 of 0..10 is 3.5 eighths up: rounds to ▅; 1.4 of 0..10 is 0.98: ▂.
        assert_eq!(sparkline(&[0.0, 5.0, 10.0, 1.4]), "▁▅█▂");
        // Scaling is relative: an offset and a factor change nothing.
        assert_eq!(sparkline(&[61.0, 61.5, 62.0]), sparkline(&[0.0, 50.0, 100.0]));
        assert_eq!(sparkline(&[3.0, 3.0, 3.0]), "▄▄▄");
        assert_eq!(sparkline(&[7.0]), "▄");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[-100.0, 0.0, 100.0]), "▁▅█");
    }

    #[test]
    fn values_and_deltas_carry_their_unit() {
        assert_eq!(value(63.8, Some("percent")), "63.8%");
        assert_eq!(value(205.6, Some("currency:EUR")), "€205.60");
        assert_eq!(value(-3.0, Some("currency:USD")), "-$3.00");
        assert_eq!(value(131800.0, Some("currency:GBP")), "£131,800.00");
        assert_eq!(value(-1234567.891, Some("currency:USD")), "-$1,234,567.89");
        assert_eq!(value(999.999, Some("currency:EUR")), "€1,000.00");
        assert_eq!(value(1200.4, Some("currency:JPY")), "¥1,200");
        assert_eq!(value(-0.001, Some("currency:EUR")), "€0.00");
        assert_eq!(value(12.5, Some("currency:XYZ")), "12.50 XYZ");
        assert_eq!(value(1.25, Some("seconds")), "1.25 s");
        assert_eq!(value(42.0, Some("score")), "42");
        assert_eq!(value(0.333333, None), "0.33");
        assert_eq!(delta(0.7000000001, Some("percent")), "+0.7 pts");
        assert_eq!(delta(-4.5, Some("currency:EUR")), "-€4.50");
        assert_eq!(delta(0.0, Some("score")), "0");
    }
}
