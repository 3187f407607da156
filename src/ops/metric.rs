//! Product metrics (KPIs): definitions, observations and targets. `add`
//! writes a new `metrics/<id>.yaml` (optionally from a standard KPI preset),
//! `record` and `import` append observations losslessly, and [`summary`]
//! computes what `show` and `list` display: latest value, target gap,
//! threshold status and trend.

use std::collections::HashMap;

use serde::Serialize;

use crate::check::schema::SchemaKind;
use crate::error::{Error, Refusal, Result};
use crate::model::metric::{self, Bounds, Direction, Metric, Observation, Period, Scale, Status, Survey, Trend};
use crate::model::{Date, id};
use crate::store::edit::{Edit, NewValue, render_scalar};
use crate::store::{Doc, Product, Workspace};

use super::csv_read::{self, Dialect, Row};
use super::fields::{self, Schema, Target};
use super::write;

/// The folder of metric files, below the product folder.
pub(crate) const METRICS_DIR: &str = "metrics";

/// Units pm knows (`currency:` takes an ISO 4217 code: `currency:EUR`).
pub(crate) const UNITS: [&str; 5] = ["percent", "count", "ratio", "seconds", "score"];

/// The path of a metric's file below the product folder.
pub(crate) fn path_of(id: &str) -> String {
    format!("{METRICS_DIR}/{id}.yaml")
}

/// The metric with this id, or a not-found error that suggests close ids.
pub(crate) fn find<'a>(ws: &'a Workspace, input: &str) -> Result<&'a Doc<Metric>> {
    let wanted = input.trim();
    if let Some(doc) = ws.metric(wanted) {
        return Ok(doc);
    }
    if !metric::is_id(wanted) {
        return Err(Error::usage(format!("`{input}` is not a metric id"))
            .with_hint("metric ids are snake_case, like activation_rate"));
    }
    // Metric ids are words: besides near misses (`nsp`), suggest ids that contain what was typed (`churn`).
    let ids = || ws.metrics.iter().map(|d| d.value.id.as_str());
    let mut suggestions = id::closest(wanted, ids());
    for known in ids().filter(|k| k.contains(wanted) || wanted.contains(*k)) {
        if suggestions.len() < 3 && !suggestions.iter().any(|s| s == known) {
            suggestions.push(known.to_string());
        }
    }
    Err(Error::NotFound { noun: "metric", id: wanted.to_string(), suggestions })
}

// ---------------------------------------------------------------- add

/// What `pm metric add` was given. Text fields are as typed; they are checked by [`add`].
#[derive(Debug, Clone, Default)]
pub(crate) struct NewMetric {
    pub id: String,
    pub name: Option<String>,
    pub preset: Option<String>,
    pub description: Option<String>,
    pub formula: Option<String>,
    pub unit: Option<String>,
    pub direction: Option<String>,
    pub grain: Option<String>,
    pub source: Option<String>,
    pub owner: Option<String>,
    pub category: Option<String>,
    pub north_star: bool,
    pub target: Option<String>,
    pub by: Option<String>,
    pub green: Option<String>,
    pub yellow: Option<String>,
}

/// A number typed by a user, written back in its shortest form (`45`, `0.5`).
fn number(field: &str, raw: &str) -> Result<f64> {
    let checked = fields::number(field, raw)?;
    let value: yaml_serde::Value =
        yaml_serde::from_str(&checked).map_err(|_| Error::usage(format!("{field}: `{raw}` is not a number")))?;
    value.as_f64().ok_or_else(|| Error::usage(format!("{field}: `{raw}` is not a number")))
}

/// A number as pm writes it to a file.
pub(crate) fn yaml_number(value: f64) -> String {
    if value == 0.0 { "0".to_string() } else { format!("{value}") }
}

/// A unit pm knows, normalised (`Percent` → `percent`, `currency:eur` → `currency:EUR`).
pub(crate) fn unit(raw: &str) -> Result<String> {
    let v = raw.trim();
    let lower = v.to_ascii_lowercase();
    if UNITS.contains(&lower.as_str()) {
        return Ok(lower);
    }
    if let Some(code) = lower.strip_prefix("currency:") {
        let code = code.to_ascii_uppercase();
        if iso_currency::Currency::from_code(&code).is_none() {
            return Err(Error::usage(format!("unit: `{code}` is not an ISO 4217 currency code"))
                .with_hint("for example --unit currency:EUR, currency:USD or currency:GBP"));
        }
        return Ok(format!("currency:{code}"));
    }
    Err(Error::usage(format!("unit: `{raw}` is not one of {}, currency:<ISO code>", UNITS.join(", ")))
        .with_hint("for example --unit percent or --unit currency:EUR"))
}

/// One of the values the metric schema allows for `field`, as written.
fn enum_value(field: &str, raw: &str) -> Result<String> {
    let config = crate::model::Config::default();
    let empty = serde_json::Value::Object(Default::default());
    let target = Target { kind: crate::model::kind::Kind::Metric, base: Vec::new(), value: &empty, config: &config };
    match Schema::of(target.kind, &config).new_value(&target, field, raw)?.1 {
        NewValue::Str(s) => Ok(s),
        _ => Ok(raw.trim().to_string()),
    }
}

fn bounds_yaml(b: &Bounds) -> String {
    let mut parts = Vec::new();
    if let Some(min) = b.min {
        parts.push(format!("min: {}", yaml_number(min)));
    }
    if let Some(max) = b.max {
        parts.push(format!("max: {}", yaml_number(max)));
    }
    format!("{{{}}}", parts.join(", "))
}

/// The text of a new metric file, every value checked.
pub(crate) fn new_file(new: &NewMetric) -> Result<(String, String)> {
    let id = new.id.trim();
    if !metric::is_id(id) {
        return Err(Error::usage(format!("`{}` is not a metric id", new.id))
            .with_hint("metric ids are snake_case: a lowercase letter, then lowercase letters, digits and _"));
    }
    let preset = match new.preset.as_deref() {
        Some(key) => Some(metric::preset(key).ok_or_else(|| {
            Error::usage(format!(
                "`{key}` is not a preset: use one of {}",
                metric::PRESETS.iter().map(|p| p.key).collect::<Vec<_>>().join(", ")
            ))
        })?),
        None => None,
    };
    let name = match (new.name.as_deref().map(str::trim), preset) {
        (Some(n), _) if !n.is_empty() => n.to_string(),
        (Some(_), _) => return Err(Error::usage("the name is empty")),
        (None, Some(p)) => p.name.to_string(),
        (None, None) => {
            return Err(Error::usage("a metric needs a name").with_hint("add --name NAME, or start from a --preset"));
        }
    };
    let formula = new.formula.clone().or_else(|| preset.map(|p| p.formula.to_string()));
    let unit = match (&new.unit, preset) {
        (Some(u), _) => Some(unit(u)?),
        (None, Some(p)) => Some(p.unit.to_string()),
        (None, None) => None,
    };
    let direction = match (&new.direction, preset) {
        (Some(d), _) => Some(enum_value("direction", d)?),
        (None, Some(p)) => Some(p.direction.as_str().to_string()),
        (None, None) => None,
    };
    let grain = enum_value("grain", new.grain.as_deref().unwrap_or("month"))?;
    let category = match (&new.category, preset.and_then(|p| p.category)) {
        (Some(c), _) => Some(enum_value("category", c)?),
        (None, Some(c)) => Some(c.as_str().to_string()),
        (None, None) => None,
    };
    let target = match (&new.target, &new.by) {
        (Some(t), by) => {
            let value = yaml_number(number("target", t)?);
            match by {
                Some(by) => {
                    let date: Date = by.trim().parse().map_err(|e| Error::usage(format!("by: {e}")))?;
                    Some(format!("{{value: {value}, by: {date}}}"))
                }
                None => Some(format!("{{value: {value}}}")),
            }
        }
        (None, Some(_)) => return Err(Error::usage("--by needs --target: the date is when the target is due")),
        (None, None) => None,
    };
    let thresholds = match (&new.green, &new.yellow) {
        (Some(g), Some(y)) => Some(format!(
            "{{green: {}, yellow: {}}}",
            yaml_number(number("green", g)?),
            yaml_number(number("yellow", y)?)
        )),
        (None, None) => None,
        _ => {
            return Err(Error::usage("thresholds need both --green and --yellow")
                .with_hint("up metrics: green above yellow; down metrics: green below yellow"));
        }
    };

    let rel = path_of(id);
    let text_field = |v: &Option<String>| v.as_deref().map(|s| render_scalar(s, false));
    let mut lines: Vec<(&str, String)> = vec![("id", id.to_string()), ("name", render_scalar(&name, false))];
    let mut push = |key: &'static str, value: Option<String>| {
        if let Some(v) = value {
            lines.push((key, v));
        }
    };
    push("description", text_field(&new.description));
    push("formula", formula.as_deref().map(|f| render_scalar(f, false)));
    push("unit", unit);
    push("direction", direction);
    push("bounds", preset.map(|p| bounds_yaml(&p.bounds)));
    push("grain", Some(grain));
    push("source", text_field(&new.source));
    push("owner", text_field(&new.owner));
    push("category", category);
    push("north_star", new.north_star.then(|| "true".to_string()));
    push("target", target);
    push("thresholds", thresholds);
    push("observations", Some("[]".to_string()));
    let mut text = SchemaKind::Metric.modeline(&rel);
    for (key, value) in lines {
        text.push_str(&format!("{key}: {value}\n"));
    }
    Ok((rel, text))
}

/// Creates `metrics/<id>.yaml`; returns its path below the product folder.
pub(crate) fn add(product: &Product, ws: &Workspace, new: &NewMetric) -> Result<String> {
    let (rel, text) = new_file(new)?;
    let id = new.id.trim();
    if ws.metric(id).is_some() || ws.has_path(&rel) || product.dir.join(&rel).exists() {
        return Err(
            Refusal::MetricExists { id: id.to_string(), file: product.display(&rel).display().to_string() }.into()
        );
    }
    write::create(product, ws, &rel, &text)?;
    Ok(rel)
}

// ---------------------------------------------------------------- record and import

/// One observation to append, as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewObservation {
    pub value: String,
    pub period: Option<String>,
    pub segment: Option<String>,
    pub note: Option<String>,
}

/// An observation checked and ready to write.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Checked {
    pub period: Period,
    pub value: f64,
    pub segment: Option<String>,
    pub note: Option<String>,
}

impl Checked {
    fn segment_key(&self) -> &str {
        self.segment.as_deref().unwrap_or(metric::ALL_SEGMENTS)
    }

    fn edit(&self) -> Edit {
        let mut entries = vec![
            ("period".to_string(), NewValue::Raw(self.period.to_string())),
            ("value".to_string(), NewValue::Raw(yaml_number(self.value))),
        ];
        if let Some(s) = &self.segment {
            entries.push(("segment".to_string(), NewValue::Str(s.clone())));
        }
        if let Some(n) = &self.note {
            entries.push(("note".to_string(), NewValue::Str(n.clone())));
        }
        Edit::Append { path: vec!["observations".into()], value: NewValue::Map(entries) }
    }
}

/// Why an observation cannot be written. `usage` problems are bad input (exit 2);
/// the others are refusals (exit 1).
struct Problem {
    message: String,
    usage: bool,
}

fn problem(message: String, usage: bool) -> Problem {
    Problem { message, usage }
}

/// Checks one observation against the metric: the period's form and grain,
/// not in the future, not already recorded (`seen`: period and segment keys
/// of observations already there, with where they are).
fn check_observation(
    m: &Metric,
    new: &NewObservation,
    today: Date,
    seen: &HashMap<(String, String), String>,
) -> std::result::Result<Checked, Problem> {
    let value = number("value", &new.value).map_err(|e| problem(e.to_string(), true))?;
    let grain = m.grain();
    let period = match new.period.as_deref().map(str::trim) {
        None | Some("") => Period::of(grain, today),
        Some(raw) => {
            let p: Period = raw.parse().map_err(|e: metric::PeriodError| problem(e.to_string(), true))?;
            // Without a `grain` in the file any well-formed period is accepted, as `pm check` does.
            if m.grain.is_some() && p.grain() != Some(grain) {
                let kind = p.grain().map_or("year", |g| g.as_str());
                return Err(problem(
                    format!(
                        "{p} is a {kind}, but {} is measured by {}: write {}",
                        m.id,
                        grain.as_str(),
                        grain.example()
                    ),
                    true,
                ));
            }
            p
        }
    };
    if period.start() > today {
        return Err(problem(
            format!("{period} has not started yet (it starts on {}; today is {today})", period.start()),
            false,
        ));
    }
    if let Some((bounds, source)) = m.effective_bounds()
        && !bounds.contains(value)
    {
        let why = match source {
            metric::BoundsSource::Explicit => format!("the bounds of {} are {bounds}", m.id),
            metric::BoundsSource::Percent => "a percent lies between 0 and 100".to_string(),
            metric::BoundsSource::Nps => "an NPS lies between -100 and +100".to_string(),
        };
        return Err(problem(format!("{} is out of range: {why}", yaml_number(value)), false));
    }
    let segment = new.segment.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let note = new.note.as_deref().filter(|s| !s.trim().is_empty()).map(str::to_string);
    let checked = Checked { period, value, segment, note };
    if let Some(place) = seen.get(&(period.to_string(), checked.segment_key().to_string())) {
        let what = match checked.segment_key() {
            metric::ALL_SEGMENTS => String::new(),
            s => format!(" (segment {s})"),
        };
        return Err(problem(format!("{period}{what} is already recorded {place}"), false));
    }
    Ok(checked)
}

/// Period and segment of every observation of the metric, with its value.
fn existing(m: &Metric) -> HashMap<(String, String), String> {
    m.observations
        .iter()
        .map(|o| {
            let period = o.parsed_period().map_or_else(|| o.period.clone(), |p| p.to_string());
            ((period, o.segment_key().to_string()), format!("(value {})", yaml_number(o.value)))
        })
        .collect()
}

/// The index of the observation of `period` for `segment_key`, if recorded.
fn observation_index(m: &Metric, period: &str, segment_key: &str) -> Option<usize> {
    m.observations.iter().position(|o| {
        let p = o.parsed_period().map_or_else(|| o.period.clone(), |p| p.to_string());
        p == period && o.segment_key() == segment_key
    })
}

/// What `record` did.
pub(crate) enum Recorded {
    Added(Checked),
    /// With `replace`: the observation of that period and segment, and the value it had.
    Replaced(Checked, f64),
}

/// Appends one observation; returns it. With `replace`, an observation of the
/// same period and segment is corrected in place (its value and note)
/// instead of being refused.
pub(crate) fn record(
    product: &Product,
    ws: &Workspace,
    input: &str,
    new: &NewObservation,
    today: Date,
    replace: bool,
) -> Result<Recorded> {
    let doc = find(ws, input)?;
    let mut seen = existing(&doc.value);
    if replace {
        // The period's own observation is what gets replaced, not a duplicate of it.
        if let Ok(p) = new.period.as_deref().map_or(Ok(None), |raw| raw.trim().parse::<Period>().map(Some)) {
            let grain = doc.value.grain();
            let period = p.unwrap_or_else(|| Period::of(grain, today)).to_string();
            let segment =
                new.segment.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(metric::ALL_SEGMENTS);
            seen.remove(&(period, segment.to_string()));
        }
    }
    let checked = check_observation(&doc.value, new, today, &seen).map_err(|p| {
        if p.usage {
            Error::usage(p.message)
        } else if p.message.contains("already recorded") {
            Refusal::Recorded { id: doc.value.id.clone(), value: new.value.trim().to_string(), problem: p.message }
                .into()
        } else {
            Error::refused(format!("cannot record {} for {}: {}", new.value.trim(), doc.value.id, p.message))
        }
    })?;
    let index = observation_index(&doc.value, &checked.period.to_string(), checked.segment_key());
    match index.filter(|_| replace) {
        Some(i) => {
            let at = |field: &str| vec!["observations".to_string(), i.to_string(), field.to_string()];
            let mut edits = vec![Edit::Set { path: at("value"), value: NewValue::Raw(yaml_number(checked.value)) }];
            if let Some(n) = &checked.note {
                edits.push(Edit::Set { path: at("note"), value: NewValue::Str(n.clone()) });
            }
            write::change(product, ws, &doc.path, &doc.text, &edits)?;
            let was = doc.value.observations[i].value;
            Ok(Recorded::Replaced(checked, was))
        }
        None => {
            write::change(product, ws, &doc.path, &doc.text, &[checked.edit()])?;
            Ok(Recorded::Added(checked))
        }
    }
}

/// Removes the observation of `period` (for `segment`, default all);
/// returns the value it had.
pub(crate) fn remove_observation(
    product: &Product,
    ws: &Workspace,
    input: &str,
    period: &str,
    segment: Option<&str>,
) -> Result<f64> {
    let doc = find(ws, input)?;
    let wanted = period.trim().parse::<Period>().map(|p| p.to_string()).unwrap_or_else(|_| period.trim().to_string());
    let segment_key = segment.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(metric::ALL_SEGMENTS);
    let Some(i) = observation_index(&doc.value, &wanted, segment_key) else {
        let segment = (segment_key != metric::ALL_SEGMENTS).then(|| segment_key.to_string());
        return Err(Refusal::NoObservation { id: doc.value.id.clone(), period: wanted, segment }.into());
    };
    let edit = Edit::Unset { path: vec!["observations".into(), i.to_string()] };
    write::change(product, ws, &doc.path, &doc.text, &[edit])?;
    Ok(doc.value.observations[i].value)
}

/// Columns of an import file.
const COLUMNS: [&str; 4] = ["period", "value", "segment", "note"];

/// Appends every observation of a CSV file (`period,value[,segment][,note]`,
/// with a header row), or none if any row is bad. Returns what was written.
pub(crate) fn import(
    product: &Product,
    ws: &Workspace,
    input: &str,
    file: &str,
    csv: &str,
    today: Date,
) -> Result<Vec<Checked>> {
    let doc = find(ws, input)?;
    let invalid = |problems: Vec<String>| Error::Invalid { subject: format!("{file} (nothing written)"), problems };
    let rows = csv_read::rows(csv, Dialect::Handwritten).map_err(|e| invalid(vec![e]))?;
    let Some((header, body)) = rows.split_first() else {
        return Err(Error::refused(format!("{file} is empty"))
            .with_hint("the first line names the columns: period,value[,segment][,note]"));
    };
    let names: Vec<String> = header.fields.iter().map(|f| f.trim().to_ascii_lowercase()).collect();
    if !names.iter().any(|n| n == "period" || n == "value") {
        return Err(invalid(vec![format!(
            "line {}: the first line must be a header naming the columns period,value[,segment][,note]; found `{}`",
            header.line,
            header.fields.join(",")
        )]));
    }
    let mut problems = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if !COLUMNS.contains(&n.as_str()) {
            problems.push(format!("line {}: `{n}` is not a column: use period, value, segment and note", header.line));
        } else if names[..i].contains(n) {
            problems.push(format!("line {}: the column `{n}` appears twice", header.line));
        }
    }
    for required in ["period", "value"] {
        if !names.iter().any(|n| n == required) {
            problems.push(format!(
                "line {}: no `{required}` column; the header names period,value[,segment][,note]",
                header.line
            ));
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    if body.is_empty() {
        return Err(Error::refused(format!("{file} has a header but no observations")));
    }
    let column = |row: &Row, name: &str| -> Option<String> {
        names.iter().position(|n| n == name).and_then(|i| row.fields.get(i)).map(|s| s.trim().to_string())
    };
    let mut seen = existing(&doc.value);
    for place in seen.values_mut() {
        *place = format!("in {} {place}", product.display(&doc.path).display());
    }
    let mut checked = Vec::new();
    for row in body {
        if let Some(problem) = row.ragged(names.len()) {
            problems.push(problem);
            continue;
        }
        let new = NewObservation {
            value: column(row, "value").unwrap_or_default(),
            period: Some(column(row, "period").unwrap_or_default()).filter(|p| !p.is_empty()),
            segment: column(row, "segment"),
            note: column(row, "note"),
        };
        if new.period.is_none() {
            problems.push(format!("line {}: the period is empty", row.line));
            continue;
        }
        match check_observation(&doc.value, &new, today, &seen) {
            Ok(c) => {
                seen.insert((c.period.to_string(), c.segment_key().to_string()), format!("on line {}", row.line));
                checked.push(c);
            }
            Err(p) => problems.push(format!("line {}: {}", row.line, p.message)),
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let edits: Vec<Edit> = checked.iter().map(Checked::edit).collect();
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(checked)
}

// ---------------------------------------------------------------- survey responses

/// How `import-responses` reads a survey tool's export.
#[derive(Debug, Clone, Default)]
pub(crate) struct Responses {
    /// NPS or CSAT; by default from the metric's id (`nps`, `csat` as a word of it).
    pub scale: Option<Scale>,
    /// The period the observations are for.
    pub period: String,
    /// The column holding the answer (default `score`).
    pub column: Option<String>,
    /// A column whose values are segments: one more observation each.
    pub segment_column: Option<String>,
    /// Replace the period's observations (of the same segments) instead of refusing them.
    pub replace: bool,
}

/// What `import-responses` wrote.
#[derive(Debug, Clone)]
pub(crate) struct ImportedResponses {
    pub scale: Scale,
    /// Each observation written (all responses first, then per segment) with its counts.
    pub observations: Vec<(Checked, Survey)>,
    /// Lines whose answer was blank (no answer), left out.
    pub blank: Vec<usize>,
}

/// The scale of a metric by its id, when its id says.
fn scale_of(m: &Metric) -> Option<Scale> {
    if m.is_nps() {
        Some(Scale::Nps)
    } else if m.id.split('_').any(|w| w == "csat") {
        Some(Scale::Csat)
    } else {
        None
    }
}

/// Computes NPS or CSAT from a CSV of raw survey responses (one response a
/// row, with a header) and records it for the period, once over all
/// responses and once per segment, with the counts in each note — in one
/// write, or nothing when any answer is not a whole number on the scale (each
/// such line is listed).
pub(crate) fn import_responses(
    product: &Product,
    ws: &Workspace,
    input: &str,
    file: &str,
    csv: &str,
    how: &Responses,
    today: Date,
) -> Result<ImportedResponses> {
    let doc = find(ws, input)?;
    let scale = match how.scale.or_else(|| scale_of(&doc.value)) {
        Some(s) => s,
        None => {
            return Err(Error::usage(format!("{} is neither an NPS nor a CSAT metric by its id", doc.value.id))
                .with_hint("say which with --scale nps or --scale csat"));
        }
    };
    let invalid = |problems: Vec<String>| Error::Invalid { subject: format!("{file} (nothing written)"), problems };
    let rows = csv_read::rows(csv, Dialect::Handwritten).map_err(|e| invalid(vec![e]))?;
    let Some((header, body)) = rows.split_first() else {
        return Err(Error::refused(format!("{file} is empty")).with_hint("the first line names the columns"));
    };
    let names: Vec<String> = header.fields.iter().map(|f| f.trim().to_lowercase()).collect();
    let position = |wanted: &str, flag: &str| -> Result<usize> {
        names.iter().position(|n| *n == wanted.trim().to_lowercase()).ok_or_else(|| {
            invalid(vec![format!(
                "line {}: no column `{wanted}`; the columns are {} (choose one with {flag})",
                header.line,
                header.fields.iter().map(|f| format!("`{}`", f.trim())).collect::<Vec<_>>().join(", ")
            )])
        })
    };
    let answer_at = position(how.column.as_deref().unwrap_or("score"), "--column")?;
    let segment_at = how.segment_column.as_deref().map(|c| position(c, "--segment-column")).transpose()?;
    let (low, high) = scale.range();
    let mut problems = Vec::new();
    let mut blank = Vec::new();
    let mut all = Vec::new();
    let mut by_segment: std::collections::BTreeMap<String, Vec<i64>> = std::collections::BTreeMap::new();
    for row in body {
        if let Some(problem) = row.ragged(names.len()) {
            problems.push(problem);
            continue;
        }
        let raw = row.fields.get(answer_at).map(|f| f.trim()).unwrap_or("");
        if raw.is_empty() {
            blank.push(row.line);
            continue;
        }
        let answer = match raw.parse::<f64>() {
            Ok(v) if v.fract() == 0.0 && v >= low as f64 && v <= high as f64 => v as i64,
            Ok(_) => {
                problems.push(format!("line {}: `{raw}` is not a whole number from {low} to {high}", row.line));
                continue;
            }
            Err(_) => {
                problems.push(format!("line {}: `{raw}` is not a number from {low} to {high}", row.line));
                continue;
            }
        };
        all.push(answer);
        if let Some(at) = segment_at {
            let segment = row.fields.get(at).map(|f| f.trim()).unwrap_or("");
            if segment == metric::ALL_SEGMENTS {
                problems.push(format!(
                    "line {}: `{segment}` names all responses, not a segment; rename it in the file",
                    row.line
                ));
                continue;
            }
            if !segment.is_empty() {
                by_segment.entry(segment.to_string()).or_default().push(answer);
            }
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let mut series: Vec<(Option<String>, Survey)> = Vec::new();
    match Survey::of(scale, &all) {
        Some(s) => series.push((None, s)),
        None => return Err(Error::refused(format!("{file} has no answers in its `{}` column", names[answer_at]))),
    }
    for (segment, answers) in &by_segment {
        if let Some(s) = Survey::of(scale, answers) {
            series.push((Some(segment.clone()), s));
        }
    }
    let mut seen = existing(&doc.value);
    if how.replace {
        for (segment, _) in &series {
            if let Ok(p) = how.period.trim().parse::<Period>() {
                seen.remove(&(p.to_string(), segment.clone().unwrap_or_else(|| metric::ALL_SEGMENTS.to_string())));
            }
        }
    }
    let mut observations = Vec::new();
    for (segment, survey) in series {
        let new = NewObservation {
            value: yaml_number((survey.score * 10.0).round() / 10.0),
            period: Some(how.period.clone()),
            segment: segment.clone(),
            note: Some(survey.note(scale)),
        };
        match check_observation(&doc.value, &new, today, &seen) {
            Ok(c) => {
                seen.insert((c.period.to_string(), c.segment_key().to_string()), "in this import".to_string());
                observations.push((c, survey));
            }
            Err(p) if p.usage => return Err(Error::usage(p.message)),
            Err(p) => {
                let what = segment.map(|s| format!(" (segment {s})")).unwrap_or_default();
                problems.push(format!("{}{what}: {}", doc.value.id, p.message));
            }
        }
    }
    if !problems.is_empty() {
        let recorded = problems.iter().any(|p| p.contains("already recorded"));
        return Err(Error::Refused {
            message: problems.join("; "),
            hint: recorded.then(|| "to import the survey again, add --replace".to_string()),
        });
    }
    let edits: Vec<Edit> = observations
        .iter()
        .flat_map(|(c, _)| match observation_index(&doc.value, &c.period.to_string(), c.segment_key()) {
            Some(i) if how.replace => {
                let at = |field: &str| vec!["observations".to_string(), i.to_string(), field.to_string()];
                let mut edits = vec![Edit::Set { path: at("value"), value: NewValue::Raw(yaml_number(c.value)) }];
                if let Some(n) = &c.note {
                    edits.push(Edit::Set { path: at("note"), value: NewValue::Str(n.clone()) });
                }
                edits
            }
            _ => vec![c.edit()],
        })
        .collect();
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(ImportedResponses { scale, observations, blank })
}

// ---------------------------------------------------------------- views

/// One observation as the views show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Point {
    pub period: String,
    pub value: f64,
}

impl Point {
    fn of(o: &Observation) -> Point {
        Point { period: o.period.clone(), value: o.value }
    }
}

/// What pm computes about one series of a metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Computed {
    pub latest: Option<Point>,
    pub previous: Option<Point>,
    /// latest − previous.
    pub change: Option<f64>,
    pub trend: Option<Trend>,
    /// Whether the trend goes the metric's good way.
    pub improving: Option<bool>,
    /// target − latest.
    pub target_gap: Option<f64>,
    pub target_met: Option<bool>,
    /// The target's date has passed and the latest value does not meet it.
    pub target_missed: bool,
    pub status: Option<Status>,
}

/// A difference without the noise of binary floating point (67.9 − 67.2 is 0.7, not 0.7000000000000028).
fn tidy(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

impl Computed {
    pub(crate) fn of(m: &Metric, series: &[&Observation], today: Date) -> Computed {
        let latest = series.last().copied();
        let previous = series.len().checked_sub(2).map(|i| series[i]);
        let change = latest.zip(previous).map(|(l, p)| tidy(l.value - p.value));
        let trend = latest.zip(previous).map(|(l, p)| Trend::between(p.value, l.value));
        Computed {
            latest: latest.map(Point::of),
            previous: previous.map(Point::of),
            change,
            trend,
            improving: trend.and_then(|t| t.improving(m.direction())),
            target_gap: latest.and_then(|l| m.target_gap(l.value)).map(tidy),
            target_met: latest.and_then(|l| m.target_met(l.value)),
            target_missed: latest.and_then(|l| m.target_met(l.value)) == Some(false)
                && m.target.as_ref().and_then(|t| t.by).is_some_and(|by| by < today),
            status: latest.and_then(|l| m.status(l.value)),
        }
    }
}

/// The latest value of a segment other than `all`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct SegmentRow {
    pub segment: String,
    #[serde(flatten)]
    pub computed: Computed,
}

/// A metric with everything `show` and `list` display.
#[derive(Debug, Clone)]
pub(crate) struct Summary<'a> {
    pub path: String,
    pub metric: &'a Metric,
    /// The segment of the series shown (`all` by default).
    pub segment: String,
    /// That series, oldest first.
    pub series: Vec<&'a Observation>,
    pub computed: Computed,
    /// The other segments' latest values.
    pub segments: Vec<SegmentRow>,
}

/// The summary of one metric, for the series of `segment` (default `all`).
pub(crate) fn summary<'a>(doc: &'a Doc<Metric>, segment: Option<&str>, today: Date) -> Summary<'a> {
    let m = &doc.value;
    let segment = segment.unwrap_or(metric::ALL_SEGMENTS).to_string();
    let series = m.series(Some(&segment));
    let computed = Computed::of(m, &series, today);
    let segments = std::iter::once(metric::ALL_SEGMENTS)
        .chain(m.segments())
        .filter(|s| *s != segment)
        .filter_map(|s| {
            let series = m.series(Some(s));
            (!series.is_empty())
                .then(|| SegmentRow { segment: s.to_string(), computed: Computed::of(m, &series, today) })
        })
        .collect();
    Summary { path: doc.path.clone(), metric: m, segment, series, computed, segments }
}

/// The summary of one metric for a segment that must have observations.
pub(crate) fn summary_for<'a>(doc: &'a Doc<Metric>, segment: Option<&str>, today: Date) -> Result<Summary<'a>> {
    let m = &doc.value;
    if let Some(s) = segment.map(str::trim)
        && s != metric::ALL_SEGMENTS
        && !m.segments().contains(&s)
    {
        let known = m.segments();
        return Err(Error::Refused {
            message: format!("{} has no observations for segment `{s}`", m.id),
            hint: Some(if known.is_empty() {
                "it has no segments".to_string()
            } else {
                format!("its segments: {}", known.join(", "))
            }),
        });
    }
    Ok(summary(doc, segment.map(str::trim), today))
}

/// Every metric, in file order.
pub(crate) fn list(ws: &Workspace, today: Date) -> Vec<Summary<'_>> {
    ws.metrics.iter().map(|d| summary(d, None, today)).collect()
}

/// `direction` for people.
pub(crate) fn direction_text(d: Direction) -> &'static str {
    match d {
        Direction::Up => "up (higher is better)",
        Direction::Down => "down (lower is better)",
    }
}
