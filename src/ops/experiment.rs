//! Lean experiments: proposing a hypothesis, starting it, recording the
//! result and the decision (persevere, pivot or stop), and the views of them
//! with the implied target and the linked backlog items and key results.
//! Files are created and edited only through [`super::write`]: checked as
//! `pm check` would check them, lossless and atomic.

use serde::Serialize;

use crate::error::{Error, Refusal, Result};
use crate::model::experiment::{ChangeType, Decision, ExperimentStatus, Method, Verdict};
use crate::model::id::{self, Kind};
use crate::model::metric::Observation;
use crate::model::{Date, Experiment, Item, KeyResult, Metric, Objective};
use crate::store::edit::{Edit, NewValue, render_scalar};
use crate::store::ids::{self, IdLock};
use crate::store::{Doc, Product, Workspace};

use super::write;

/// The folder of experiment files, below the product folder.
pub(crate) const DIR: &str = "experiments";
const PREFIX: &str = "EXP";

// ---------------------------------------------------------------- parsing input

/// The experiment with this id (typed by a user: `exp-3` works), or a
/// not-found error that suggests the closest ids.
pub(crate) fn find<'a>(ws: &'a Workspace, input: &str) -> Result<&'a Doc<Experiment>> {
    let upper = input.trim().to_ascii_uppercase();
    let Some(n) = id::number(&upper, PREFIX) else {
        return Err(
            Error::usage(format!("`{input}` is not an experiment id")).with_hint("experiment ids look like EXP-3")
        );
    };
    let wanted = format!("{PREFIX}-{n}");
    ws.experiment(&wanted).ok_or_else(|| Error::NotFound {
        noun: "experiment",
        suggestions: id::closest(&wanted, ws.experiments.iter().map(|d| d.value.id.as_str())),
        id: wanted,
    })
}

fn one_of<T: Copy>(field: &str, raw: &str, parse: fn(&str) -> Option<T>, names: Vec<&str>) -> Result<T> {
    let v = raw.trim().to_ascii_lowercase().replace('-', "_");
    parse(&v).ok_or_else(|| Error::usage(format!("{field}: `{raw}` is not one of {}", names.join(", "))))
}

pub(crate) fn parse_method(raw: &str) -> Result<Method> {
    one_of("method", raw, Method::parse, Method::names())
}

pub(crate) fn parse_verdict(raw: &str) -> Result<Verdict> {
    one_of("verdict", raw, Verdict::parse, Verdict::names())
}

pub(crate) fn parse_decision(raw: &str) -> Result<Decision> {
    one_of("decision", raw, Decision::parse, Decision::names())
}

pub(crate) fn parse_status(raw: &str) -> Result<ExperimentStatus> {
    one_of("status", raw, ExperimentStatus::parse, ExperimentStatus::names())
}

pub(crate) fn parse_date(field: &str, raw: &str) -> Result<Date> {
    raw.trim().parse::<Date>().map_err(|e| Error::usage(format!("{field}: {e}")))
}

/// A finite number as typed (`1.5`, `-0.02`, `+3`).
pub(crate) fn parse_number(field: &str, raw: &str) -> Result<f64> {
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(Error::usage(format!("{field}: `{raw}` is not a number"))),
    }
}

/// `CHANGE[,absolute|relative]`: `1.5`, `-1,absolute`, `0.05,relative` (+5%).
pub(crate) fn parse_expected(raw: &str) -> Result<(f64, ChangeType)> {
    let (change, kind) = match raw.split_once(',') {
        Some((c, k)) => (c, one_of("expected", k, ChangeType::parse, ChangeType::names())?),
        None => (raw, ChangeType::Absolute),
    };
    let change = parse_number("expected", change).map_err(|e| {
        e.with_hint("give the change and optionally its type: --expected 1.5 or --expected 0.05,relative")
    })?;
    Ok((change, kind))
}

/// A number as pm writes it: the shortest text that reads back the same (`62.7`, `3`).
fn number_text(v: f64) -> String {
    format!("{v}")
}

fn is_metric_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub(crate) fn parse_metric(raw: &str) -> Result<String> {
    let v = raw.trim();
    if is_metric_id(v) {
        Ok(v.to_string())
    } else {
        Err(Error::usage(format!("metric: `{raw}` is not a metric id"))
            .with_hint("metric ids are snake_case file names in metrics/, like checkout_conversion"))
    }
}

fn backlog_ref(ws: &Workspace, raw: &str) -> Result<String> {
    id::normalize(raw, ws.prefix())
        .ok_or_else(|| Error::usage(format!("backlog: `{raw}` is not a backlog id (like {}-12)", ws.prefix())))
}

fn kr_ref(raw: &str) -> Result<String> {
    let upper = raw.trim().to_ascii_uppercase();
    if id::is_reference(&upper, Kind::KeyResult, "") {
        Ok(upper)
    } else {
        Err(Error::usage(format!("kr: `{raw}` is not a key result id (like KR-3)")))
    }
}

// ---------------------------------------------------------------- add

/// What a new experiment starts with. Values are as typed on the command line.
#[derive(Debug, Default, Clone)]
pub(crate) struct NewExperiment {
    pub hypothesis: String,
    pub metric: String,
    pub segment: Option<String>,
    pub title: Option<String>,
    pub method: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub baseline: Option<String>,
    /// `CHANGE[,absolute|relative]`.
    pub expected: Option<String>,
    pub success_criterion: Option<String>,
    pub owner: Option<String>,
    pub backlog: Vec<String>,
    pub key_results: Vec<String>,
}

/// The next experiment id. Hold `lock` until the file is written.
fn next_id(product: &Product, lock: &IdLock) -> Result<String> {
    ids::next_in(product, DIR, PREFIX, lock)
}

/// Adds an experiment: `proposed`, or `running` when it starts today or
/// earlier. Every value is checked before the id is taken; the file is
/// checked as `pm check` would before it is written.
pub(crate) fn add(product: &Product, ws: &Workspace, new: &NewExperiment, today: Date) -> Result<Doc<Experiment>> {
    if new.hypothesis.trim().is_empty() {
        return Err(Error::usage("the hypothesis is empty")
            .with_hint("We believe <change> for <persona> will <outcome>; we'll know when <metric> moves X→Y"));
    }
    let mut lines: Vec<(&str, String)> = Vec::new();
    let text = |s: &str| render_scalar(s, false);
    if let Some(title) = new.title.as_deref().filter(|t| !t.trim().is_empty()) {
        lines.push(("title", text(title)));
    }
    lines.push(("hypothesis", text(&new.hypothesis)));
    lines.push(("metric", parse_metric(&new.metric)?));
    if let Some(s) = new.segment.as_deref().filter(|s| !s.trim().is_empty()) {
        lines.push(("segment", text(s)));
    }
    if let Some(b) = &new.baseline {
        lines.push(("baseline", number_text(parse_number("baseline", b)?)));
    }
    if let Some(e) = &new.expected {
        let (change, kind) = parse_expected(e)?;
        lines.push(("expected", format!("{{change: {}, type: {}}}", number_text(change), kind.as_str())));
    }
    if let Some(s) = new.success_criterion.as_deref().filter(|s| !s.trim().is_empty()) {
        lines.push(("success_criterion", text(s)));
    }
    if let Some(m) = &new.method {
        lines.push(("method", parse_method(m)?.as_str().to_string()));
    }
    if let Some(o) = new.owner.as_deref().filter(|o| !o.trim().is_empty()) {
        lines.push(("owner", text(o)));
    }
    let start = new.start.as_deref().map(|s| parse_date("start", s)).transpose()?;
    let end = new.end.as_deref().map(|s| parse_date("end", s)).transpose()?;
    if let Some(s) = start {
        lines.push(("start", s.to_string()));
    }
    if let Some(e) = end {
        lines.push(("end", e.to_string()));
    }
    let status = if start.is_some_and(|s| s <= today) { ExperimentStatus::Running } else { ExperimentStatus::Proposed };
    lines.push(("status", status.as_str().to_string()));
    let backlog = new.backlog.iter().map(|b| backlog_ref(ws, b)).collect::<Result<Vec<_>>>()?;
    let krs = new.key_results.iter().map(|k| kr_ref(k)).collect::<Result<Vec<_>>>()?;
    let mut links = Vec::new();
    if !backlog.is_empty() {
        links.push(format!("backlog: [{}]", backlog.join(", ")));
    }
    if !krs.is_empty() {
        links.push(format!("key_results: [{}]", krs.join(", ")));
    }
    if !links.is_empty() {
        lines.push(("links", format!("{{{}}}", links.join(", "))));
    }

    let lock = IdLock::acquire(product)?;
    let id = next_id(product, &lock)?;
    let rel = format!("{DIR}/{id}.yaml");
    let mut out = crate::check::schema::SchemaKind::Experiment.modeline(&rel);
    out.push_str(&format!("id: {id}\n"));
    for (key, value) in &lines {
        out.push_str(&format!("{key}: {value}\n"));
    }
    // `create` refuses a file that does not read back as an experiment, so this only fails with it.
    let value = crate::store::yaml::parse(&out).ok().and_then(|v| serde_json::from_value::<Experiment>(v).ok());
    write::create(product, ws, &rel, &out)?;
    drop(lock);
    let value = value.ok_or_else(|| Error::refused(format!("{rel} cannot be read as an experiment")))?;
    Ok(Doc { path: rel, text: out, value })
}

// ---------------------------------------------------------------- transitions

/// A status change that was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Changed {
    pub id: String,
    pub path: String,
    pub from: ExperimentStatus,
    pub to: ExperimentStatus,
}

fn set(field: &str, value: NewValue) -> Edit {
    Edit::Set { path: field.split('.').map(str::to_string).collect(), value }
}

fn write(
    product: &Product,
    ws: &Workspace,
    doc: &Doc<Experiment>,
    to: ExperimentStatus,
    mut edits: Vec<Edit>,
) -> Result<Changed> {
    edits.insert(0, set("status", NewValue::Str(to.as_str().to_string())));
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(Changed { id: doc.value.id.clone(), path: doc.path.clone(), from: doc.value.status(), to })
}

fn refuse_from(doc: &Doc<Experiment>, action: &'static str, allowed: &[ExperimentStatus]) -> Result<()> {
    let (e, status) = (&doc.value, doc.value.status());
    if allowed.contains(&status) {
        return Ok(());
    }
    Err(Refusal::ExperimentState {
        id: e.id.clone(),
        action,
        status: status.as_str(),
        running: status == ExperimentStatus::Running,
        since: e.start.map(|d| d.to_string()),
    }
    .into())
}

/// Starts a proposed experiment: `running`, with `start` set to `date` (today by default).
pub(crate) fn start(
    product: &Product,
    ws: &Workspace,
    input: &str,
    date: Option<Date>,
    today: Date,
) -> Result<(Changed, Date)> {
    let doc = find(ws, input)?;
    refuse_from(doc, "start", &[ExperimentStatus::Proposed])?;
    let date = date.unwrap_or(today);
    if date > today {
        return Err(Error::Refused {
            message: format!("cannot start {} on {date}: that is after today ({today})", doc.value.id),
            hint: Some("start it on the day it starts".into()),
        });
    }
    let changed =
        write(product, ws, doc, ExperimentStatus::Running, vec![set("start", NewValue::Raw(date.to_string()))])?;
    Ok((changed, date))
}

/// What was learned when an experiment ends.
#[derive(Debug, Clone)]
pub(crate) struct Conclusion {
    pub observed: f64,
    pub verdict: Verdict,
    pub decision: Decision,
    pub learnings: Option<String>,
    /// The day it ended (today by default).
    pub date: Option<Date>,
}

/// Concludes a proposed or running experiment: records `result.observed`,
/// `result.verdict`, `decision`, `learnings` (when given), `end` and status
/// `concluded`. Other keys of `result` and the rest of the file stay as written.
pub(crate) fn conclude(product: &Product, ws: &Workspace, input: &str, c: &Conclusion, today: Date) -> Result<Changed> {
    let doc = find(ws, input)?;
    refuse_from(doc, "conclude", &[ExperimentStatus::Proposed, ExperimentStatus::Running])?;
    let mut edits = vec![
        set("end", NewValue::Raw(c.date.unwrap_or(today).to_string())),
        set("result.observed", NewValue::Raw(number_text(c.observed))),
        set("result.verdict", NewValue::Str(c.verdict.as_str().into())),
        set("decision", NewValue::Str(c.decision.as_str().into())),
    ];
    if let Some(l) = c.learnings.as_deref().filter(|l| !l.trim().is_empty()) {
        edits.push(set("learnings", NewValue::Str(l.to_string())));
    }
    write(product, ws, doc, ExperimentStatus::Concluded, edits)
}

/// Aborts a proposed or running experiment. A running one gets `end` (the
/// day it stopped: `date`, or today); `learnings` records why, when given.
pub(crate) fn abort(
    product: &Product,
    ws: &Workspace,
    input: &str,
    learnings: Option<&str>,
    date: Option<Date>,
    today: Date,
) -> Result<Changed> {
    let doc = find(ws, input)?;
    refuse_from(doc, "abort", &[ExperimentStatus::Proposed, ExperimentStatus::Running])?;
    let mut edits = Vec::new();
    if doc.value.status() == ExperimentStatus::Running || date.is_some() {
        edits.push(set("end", NewValue::Raw(date.unwrap_or(today).to_string())));
    }
    if let Some(l) = learnings.filter(|l| !l.trim().is_empty()) {
        edits.push(set("learnings", NewValue::Str(l.to_string())));
    }
    write(product, ws, doc, ExperimentStatus::Aborted, edits)
}

// ---------------------------------------------------------------- views

/// One experiment as the list shows it.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    pub doc: &'a Doc<Experiment>,
    /// The implied target (baseline moved by the expected change).
    pub target: Option<f64>,
    /// Running past its end date.
    pub overdue: bool,
}

/// Experiments in id order, only those with one of `statuses` when given.
pub(crate) fn list<'a>(ws: &'a Workspace, statuses: &[String], today: Date) -> Result<Vec<Row<'a>>> {
    let wanted = statuses.iter().map(|s| parse_status(s)).collect::<Result<Vec<_>>>()?;
    let mut docs: Vec<&Doc<Experiment>> =
        ws.experiments.iter().filter(|d| wanted.is_empty() || wanted.contains(&d.value.status())).collect();
    docs.sort_by_key(|d| (id::number(&d.value.id, PREFIX).unwrap_or(u64::MAX), d.path.clone()));
    Ok(docs.into_iter().map(|doc| row(doc, today)).collect())
}

fn row(doc: &Doc<Experiment>, today: Date) -> Row<'_> {
    Row { doc, target: doc.value.target(), overdue: doc.value.is_overdue(today) }
}

/// The observed result against the baseline and the expectation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Outcome {
    pub observed: f64,
    /// observed − baseline.
    pub change: Option<f64>,
    /// (observed − baseline) / baseline.
    pub relative_change: Option<f64>,
    /// Whether the implied target was reached in the expected direction.
    pub reached: Option<bool>,
}

/// A linked key result, which may not exist.
#[derive(Debug, Clone)]
pub(crate) struct KeyResultLink<'a> {
    pub id: &'a str,
    pub found: Option<(&'a Objective, &'a KeyResult)>,
    /// Progress 0.0–1.0, as `pm okr` computes it.
    pub progress: Option<f64>,
}

/// One experiment with everything related to it.
#[derive(Debug, Clone)]
pub(crate) struct Details<'a> {
    pub row: Row<'a>,
    pub metric: Option<&'a Doc<Metric>>,
    /// The metric's latest observation for the experiment's segment (or over all segments).
    pub latest: Option<&'a Observation>,
    pub outcome: Option<Outcome>,
    pub backlog: Vec<(&'a str, Option<&'a Doc<Item>>)>,
    pub key_results: Vec<KeyResultLink<'a>>,
}

/// The observed result compared with the baseline and the expected change.
pub(crate) fn outcome(e: &Experiment) -> Option<Outcome> {
    let observed = e.observed()?;
    let change = e.baseline.map(|b| observed - b);
    let relative_change = e.baseline.filter(|b| *b != 0.0).map(|b| (observed - b) / b);
    let reached = match (&e.expected, e.baseline) {
        (Some(x), Some(b)) => x.reached(b, observed),
        _ => None,
    };
    Some(Outcome { observed, change, relative_change, reached })
}

pub(crate) fn details<'a>(ws: &'a Workspace, input: &str, today: Date) -> Result<Details<'a>> {
    let doc = find(ws, input)?;
    let e = &doc.value;
    let metric = e.metric.as_deref().and_then(|m| ws.metric(m));
    let latest = metric.and_then(|m| m.value.latest(e.segment.as_deref()));
    let backlog = e.backlog_links().iter().map(|b| (b.as_str(), ws.get(b))).collect();
    let key_results = e
        .key_result_links()
        .iter()
        .map(|k| {
            let found = ws.key_results().find(|(_, kr)| kr.id == *k);
            // The same progress `pm okr` shows: from the metric's latest observation, else `current`, else the last check-in.
            let progress = found.and_then(|(_, kr)| super::okr::kr_view(ws, kr, None).progress);
            KeyResultLink { id: k.as_str(), found, progress }
        })
        .collect();
    Ok(Details { row: row(doc, today), metric, latest, outcome: outcome(e), backlog, key_results })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_changes() {
        assert_eq!(parse_expected("1.5").unwrap(), (1.5, ChangeType::Absolute));
        assert_eq!(parse_expected("-1,absolute").unwrap(), (-1.0, ChangeType::Absolute));
        assert_eq!(parse_expected("0.05, Relative").unwrap(), (0.05, ChangeType::Relative));
        assert!(parse_expected("5%").is_err());
        assert!(parse_expected("1,percent").is_err());
        assert!(parse_expected("inf").is_err());
    }

    #[test]
    fn numbers_are_written_as_they_read_back() {
        assert_eq!(number_text(62.7), "62.7");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-0.005), "-0.005");
    }

    #[test]
    fn metric_ids() {
        assert_eq!(parse_metric(" checkout_conversion ").unwrap(), "checkout_conversion");
        assert!(parse_metric("Checkout").is_err());
        assert!(parse_metric("1st").is_err());
        assert!(parse_metric("../x").is_err());
    }

    #[test]
    fn outcomes_against_the_baseline() {
        let e: Experiment = yaml_serde::from_str(
            "id: EXP-1\nhypothesis: h\nbaseline: 61.2\nexpected: {change: 1.5}\nresult: {observed: 63.1}\n",
        )
        .unwrap();
        let o = outcome(&e).unwrap();
        assert!((o.change.unwrap() - 1.9).abs() < 1e-9);
        assert!((o.relative_change.unwrap() - 1.9 / 61.2).abs() < 1e-12);
        assert_eq!(o.reached, Some(true));
    }
}
