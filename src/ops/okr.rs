//! OKRs: scoring each cycle from the files (and metrics), and lossless edits
//! of `okrs/<cycle>.yaml`: adding objectives and key results, check-ins,
//! closing objectives.

use serde::Serialize;

use crate::error::{Error, Refusal, Result};
use crate::model::okr::{self, Band, ObjectiveStatus, ObjectiveType};
use crate::model::{Cycle, Date, KeyResult, Objective, id};
use crate::store::edit::{Edit, NewValue, render_scalar};
use crate::store::ids::IdLock;
use crate::store::{Doc, Product, Workspace};

use super::write;

/// A key result with its numbers worked out.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct KrView<'a> {
    #[serde(flatten)]
    pub kr: &'a KeyResult,
    /// The value progress is computed from: the metric's latest observation
    /// when the key result names a metric that has one, else `current`, else
    /// the last check-in.
    pub value: Option<f64>,
    /// Where `value` came from: `metric`, `current`, `check_in`, or `none`.
    pub value_from: &'static str,
    pub progress: Option<f64>,
    /// Confidence of the last check-in.
    pub confidence: Option<f64>,
}

/// An objective with its score.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ObjectiveView<'a> {
    #[serde(flatten)]
    pub objective: &'a Objective,
    pub cycle_shown: Option<Cycle>,
    pub key_results_scored: Vec<KrView<'a>>,
    /// Weighted score 0.0–1.0 (the recorded score once closed).
    pub score_now: Option<f64>,
    pub band: Option<Band>,
    /// Share of the cycle elapsed: where progress should be by now.
    pub expected: Option<f64>,
    pub on_track: Option<bool>,
    /// Initiatives that serve it.
    pub initiatives: Vec<String>,
    /// Backlog items linked to its key results.
    pub items: Vec<String>,
}

/// A key result's numbers; `as_of` (the end of a finished cycle) reads the
/// metric as it stood then rather than today.
pub(crate) fn kr_view<'a>(ws: &'a Workspace, kr: &'a KeyResult, as_of: Option<Date>) -> KrView<'a> {
    let (value, value_from) = ws.kr_value(kr, as_of);
    KrView {
        kr,
        value,
        value_from,
        progress: kr.progress(value),
        confidence: kr.check_ins.iter().max_by_key(|c| c.date).and_then(|c| c.confidence),
    }
}

/// The cycle of an objective: its own field, else its file's name.
pub(crate) fn cycle_of(doc: &Doc<Vec<Objective>>, objective: &Objective) -> Option<Cycle> {
    objective.cycle_in(&doc.path)
}

pub(crate) fn objective_view<'a>(
    ws: &'a Workspace,
    doc: &'a Doc<Vec<Objective>>,
    o: &'a Objective,
    today: Date,
) -> ObjectiveView<'a> {
    let cycle = cycle_of(doc, o);
    let as_of = cycle.map(Cycle::end).filter(|end| *end < today);
    let krs: Vec<KrView> = o.key_results.iter().map(|k| kr_view(ws, k, as_of)).collect();
    let computed = okr::objective_score(&krs.iter().map(|k| (k.progress, k.kr.weight)).collect::<Vec<_>>());
    let closed = o.status == Some(ObjectiveStatus::Closed);
    let score = if closed { o.score.or(computed) } else { computed };
    let expected = cycle.map(|c| okr::elapsed(c.start(), c.end(), today));
    let kr_ids: Vec<&str> = o.key_results.iter().map(|k| k.id.as_str()).collect();
    ObjectiveView {
        objective: o,
        cycle_shown: cycle,
        score_now: score,
        band: score.map(Band::of),
        on_track: match (score, expected) {
            (Some(s), Some(e)) if !closed => Some(okr::on_track(s, e)),
            _ => None,
        },
        expected,
        initiatives: ws.initiatives().iter().filter(|i| i.objectives.contains(&o.id)).map(|i| i.id.clone()).collect(),
        items: ws
            .items
            .iter()
            .filter(|d| d.value.key_results.iter().any(|k| kr_ids.contains(&k.as_str())))
            .map(|d| d.value.id.clone())
            .collect(),
        key_results_scored: krs,
    }
}

/// The cycle `pm okr show` shows by default: the one containing today, else the latest.
pub(crate) fn default_cycle(ws: &Workspace, today: Date) -> Option<Cycle> {
    let cycles: Vec<Cycle> = ws.objectives().filter_map(|(d, _, o)| cycle_of(d, o)).collect();
    cycles.iter().copied().find(|c| c.start() <= today && today <= c.end()).or_else(|| cycles.iter().copied().max())
}

/// Every objective of a cycle (all cycles when `None`), scored.
pub(crate) fn cycle_view(ws: &Workspace, cycle: Option<Cycle>, today: Date) -> Vec<ObjectiveView<'_>> {
    ws.objectives()
        .filter(|(d, _, o)| cycle.is_none() || cycle_of(d, o) == cycle)
        .map(|(d, _, o)| objective_view(ws, d, o, today))
        .collect()
}

/// Finds an objective: its file, its index in the file, the objective.
pub(crate) fn find_objective<'a>(
    ws: &'a Workspace,
    input: &str,
) -> Result<(&'a Doc<Vec<Objective>>, usize, &'a Objective)> {
    let wanted = input.trim().to_ascii_uppercase();
    ws.objectives().find(|(_, _, o)| o.id == wanted).ok_or_else(|| Error::NotFound {
        noun: "objective",
        suggestions: id::closest(&wanted, ws.objectives().map(|(_, _, o)| o.id.as_str())),
        id: wanted,
    })
}

/// Finds a key result: its file, the index of its objective, its own index, and it.
pub(crate) fn find_kr<'a>(
    ws: &'a Workspace,
    input: &str,
) -> Result<(&'a Doc<Vec<Objective>>, usize, usize, &'a KeyResult)> {
    let wanted = input.trim().to_ascii_uppercase();
    for (doc, oi, o) in ws.objectives() {
        if let Some(ki) = o.key_results.iter().position(|k| k.id == wanted) {
            return Ok((doc, oi, ki, &o.key_results[ki]));
        }
    }
    Err(Error::NotFound {
        noun: "key result",
        suggestions: id::closest(&wanted, ws.key_results().map(|(_, k)| k.id.as_str())),
        id: wanted,
    })
}

fn next(prefix: &str, ids: impl Iterator<Item = String>) -> Result<String> {
    id::next_after(prefix, ids.filter_map(|i| id::number(&i, prefix)))
        .map_err(|m| Error::refused(m).with_hint(format!("give the {prefix} with the highest id a lower one")))
}

/// What a new objective starts with.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewObjective {
    pub title: String,
    pub cycle: String,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub owner: Option<String>,
    pub parent: Option<String>,
}

fn choice(field: &str, value: &str, allowed: &[&str]) -> Result<String> {
    let v = value.trim().to_ascii_lowercase();
    if allowed.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(Error::usage(format!("{field}: `{value}` is not one of {}", allowed.join(", "))))
    }
}

/// Adds an objective to its cycle's file (creating the file); returns its id.
pub(crate) fn add_objective(product: &Product, ws: &Workspace, new: &NewObjective) -> Result<String> {
    if new.title.trim().is_empty() {
        return Err(Error::usage("the title is empty"));
    }
    let cycle: Cycle =
        new.cycle.trim().parse().map_err(|e: crate::model::cycle::CycleError| Error::usage(e.to_string()))?;
    let mut entries: Vec<(String, NewValue)> = Vec::new();
    let lock = IdLock::acquire(product)?;
    let ws = &crate::store::ids::reread(product, ws, &lock)?;
    let oid = next("OBJ", ws.objectives().map(|(_, _, o)| o.id.clone()))?;
    entries.push(("id".into(), NewValue::Str(oid.clone())));
    entries.push(("title".into(), NewValue::Str(new.title.clone())));
    if let Some(l) = &new.level {
        entries.push(("level".into(), NewValue::Str(choice("level", l, &["company", "team", "individual"])?)));
    }
    if let Some(k) = &new.kind {
        entries.push(("type".into(), NewValue::Str(choice("type", k, &["committed", "aspirational"])?)));
    }
    if let Some(o) = &new.owner {
        entries.push(("owner".into(), NewValue::Str(o.clone())));
    }
    if let Some(p) = &new.parent {
        let p = p.trim().to_ascii_uppercase();
        if id::number(&p, "OBJ").is_none() {
            return Err(Error::usage(format!("parent: `{p}` is not an objective id (OBJ-n)")));
        }
        entries.push(("parent".into(), NewValue::Str(p)));
    }
    entries.push(("status".into(), NewValue::Str("active".into())));
    let rel = format!("okrs/{cycle}.yaml");
    match ws.okrs.iter().find(|d| d.path == rel) {
        Some(doc) => {
            write::change(
                product,
                ws,
                &rel,
                &doc.text,
                &[Edit::Append { path: vec![], value: NewValue::Map(entries) }],
            )?;
        }
        None => {
            let mut text = crate::check::schema::SchemaKind::Okr.modeline(&rel);
            text.push_str(&format!("# OKRs for {cycle}.\n"));
            for (n, (key, value)) in entries.iter().enumerate() {
                let v = match value {
                    NewValue::Str(s) => render_scalar(s, false),
                    NewValue::Raw(r) => r.clone(),
                    NewValue::Map(_) | NewValue::Seq(_) => String::new(),
                };
                text.push_str(&format!("{}{key}: {v}\n", if n == 0 { "- " } else { "  " }));
            }
            write::create(product, ws, &rel, &text)?;
        }
    }
    Ok(oid)
}

/// What a new key result starts with.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewKr {
    pub title: String,
    pub metric: Option<String>,
    pub milestone: bool,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub weight: Option<f64>,
    pub owner: Option<String>,
    /// What happens to the weights of the objective's other key results.
    pub others: OtherWeights,
}

/// The other key results' weights when one is added with a weight.
#[derive(Debug, Clone, Default)]
pub(crate) enum OtherWeights {
    /// Unchanged (the new weight must fit as they are).
    #[default]
    Keep,
    /// Scaled to make room for the new weight.
    Rebalance,
    /// Set to these values (`KR-1`, `0.3`), checked with the new one.
    Given(Vec<(String, String)>),
}

fn num(v: f64) -> NewValue {
    NewValue::Raw(crate::model::score::format_number_exact(v))
}

/// Adds a key result to an objective; returns its id.
pub(crate) fn add_kr(product: &Product, ws: &Workspace, objective: &str, new: &NewKr) -> Result<String> {
    if new.title.trim().is_empty() {
        return Err(Error::usage("the title is empty"));
    }
    let lock = IdLock::acquire(product)?;
    let ws = &crate::store::ids::reread(product, ws, &lock)?;
    let (doc, oi, obj) = find_objective(ws, objective)?;
    let kid = next("KR", ws.key_results().map(|(_, k)| k.id.clone()))?;
    let mut entries =
        vec![("id".to_string(), NewValue::Str(kid.clone())), ("title".to_string(), NewValue::Str(new.title.clone()))];
    if new.milestone {
        if new.metric.is_some() {
            return Err(Error::usage("a key result is either --metric or --milestone"));
        }
        entries.push(("kind".into(), NewValue::Str("milestone".into())));
    } else {
        let metric = new.metric.as_deref().map(|m| m.trim().to_string());
        let latest = metric.as_deref().and_then(|m| ws.metric(m)).and_then(|m| m.value.latest(None)).map(|o| o.value);
        let unit = new
            .unit
            .clone()
            .or_else(|| metric.as_deref().and_then(|m| ws.metric(m)).and_then(|m| m.value.unit.clone()));
        let baseline = new
            .baseline
            .or(latest)
            .ok_or_else(|| Error::usage("a metric key result needs --baseline (or a --metric with observations)"))?;
        let target = new.target.ok_or_else(|| Error::usage("a metric key result needs --target"))?;
        entries.push(("kind".into(), NewValue::Str("metric".into())));
        if let Some(m) = metric {
            entries.push(("metric".into(), NewValue::Str(m)));
        }
        if let Some(u) = unit {
            entries.push(("unit".into(), NewValue::Str(u)));
        }
        entries.push(("baseline".into(), num(baseline)));
        entries.push(("target".into(), num(target)));
        entries.push(("current".into(), num(latest.unwrap_or(baseline))));
    }
    if let Some(w) = new.weight {
        entries.push(("weight".into(), num(w)));
    }
    if let Some(o) = &new.owner {
        entries.push(("owner".into(), NewValue::Str(o.clone())));
    }
    let path = vec![oi.to_string(), "key_results".to_string()];
    let mut edits = vec![Edit::Append { path, value: NewValue::Map(entries) }];
    let weight_of = |ki: usize, value: NewValue| Edit::Set {
        path: vec![oi.to_string(), "key_results".into(), ki.to_string(), "weight".into()],
        value,
    };
    match &new.others {
        OtherWeights::Keep => {
            if let Some(w) = new.weight
                && !obj.key_results.is_empty()
            {
                let hint = format!(
                    "add --rebalance to scale the others to make room, or give theirs in the same command: --set-weight {}=W",
                    obj.key_results[0].id
                );
                if obj.key_results.iter().any(|k| k.weight.is_none()) {
                    return Err(Error::refused(format!(
                        "{}'s other key results have no weight, so --weight {} would not count",
                        obj.id,
                        crate::model::score::format_number(w)
                    ))
                    .with_hint(hint));
                }
                let sum: f64 = obj.key_results.iter().filter_map(|k| k.weight).sum::<f64>() + w;
                if (sum - 1.0).abs() > 0.001 && (sum - 100.0).abs() > 0.1 {
                    return Err(Error::refused(format!(
                        "the weights of {}'s key results would add up to {}",
                        obj.id,
                        crate::model::score::format_number(sum)
                    ))
                    .with_hint(hint));
                }
            }
        }
        OtherWeights::Rebalance => {
            let w = new.weight.ok_or_else(|| Error::usage("--rebalance makes room for a --weight"))?;
            let others: Vec<Option<f64>> = obj.key_results.iter().map(|k| k.weight).collect();
            let weights = crate::model::okr::rebalance(&others, w).map_err(Error::usage)?;
            edits.extend(weights.into_iter().enumerate().map(|(ki, w)| weight_of(ki, num(w))));
        }
        OtherWeights::Given(pairs) => {
            if new.weight.is_none() {
                return Err(Error::usage("--set-weight goes with a --weight for the new key result"));
            }
            for (kr, weight) in pairs {
                let wanted = kr.trim().to_ascii_uppercase();
                let ki = obj.key_results.iter().position(|k| k.id == wanted).ok_or_else(|| {
                    Error::usage(format!("{wanted} is not a key result of {}", obj.id)).with_hint(format!(
                        "{}'s key results: {}",
                        obj.id,
                        join_ids(&obj.key_results)
                    ))
                })?;
                let w: f64 = weight
                    .trim()
                    .parse()
                    .ok()
                    .filter(|w: &f64| w.is_finite() && *w >= 0.0)
                    .ok_or_else(|| Error::usage(format!("{wanted}: `{weight}` is not a weight")))?;
                edits.push(weight_of(ki, num(w)));
            }
        }
    }
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(kid)
}

fn join_ids(krs: &[crate::model::okr::KeyResult]) -> String {
    if krs.is_empty() {
        return "none yet".into();
    }
    krs.iter().map(|k| k.id.as_str()).collect::<Vec<_>>().join(", ")
}

/// A check-in to record.
#[derive(Debug, Clone)]
pub(crate) struct CheckIn {
    pub value: f64,
    pub confidence: Option<f64>,
    pub note: Option<String>,
    pub date: Date,
}

/// Appends a check-in and updates `current` (milestone key results: `done`
/// when the value reaches 1, or `steps_done` when steps are counted).
/// A check-in dated after `today`, or counting more steps than the key
/// result has, is refused.
pub(crate) fn checkin(product: &Product, ws: &Workspace, kr: &str, c: &CheckIn, today: Date) -> Result<String> {
    let (doc, oi, ki, k) = find_kr(ws, kr)?;
    if c.date > today {
        return Err(Error::refused(format!("{}: a check-in cannot be dated {}, after today ({today})", k.id, c.date))
            .with_hint("record what is known today, or leave out --date"));
    }
    if let Some(total) = k.steps_total
        && k.is_milestone()
        && (c.value > total || c.value < 0.0 || c.value.fract() != 0.0)
    {
        return Err(Error::refused(format!(
            "{}: {} is not a number of steps done: it has {total} steps",
            k.id,
            crate::model::score::format_number(c.value)
        ))
        .with_hint(format!("check in a whole number from 0 to {total}")));
    }
    let base = vec![oi.to_string(), "key_results".to_string(), ki.to_string()];
    let at = |field: &str| [base.clone(), vec![field.to_string()]].concat();
    let mut entry = vec![("date".to_string(), NewValue::Raw(c.date.to_string())), ("value".to_string(), num(c.value))];
    if let Some(conf) = c.confidence {
        entry.push(("confidence".into(), num(conf)));
    }
    if let Some(n) = &c.note {
        entry.push(("note".into(), NewValue::Str(n.clone())));
    }
    let mut edits = vec![Edit::Append { path: at("check_ins"), value: NewValue::Map(entry) }];
    if k.is_milestone() {
        if k.steps_total.is_some() {
            edits.push(Edit::Set { path: at("steps_done"), value: num(c.value) });
        } else {
            edits.push(Edit::Set { path: at("done"), value: NewValue::Raw((c.value >= 1.0).to_string()) });
        }
    } else {
        edits.push(Edit::Set { path: at("current"), value: num(c.value) });
    }
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(k.id.clone())
}

/// Closes an objective and records its final score (two decimals). Returns
/// the score and whether a committed objective missed 1.0.
pub(crate) fn close(
    product: &Product,
    ws: &Workspace,
    objective: &str,
    today: Date,
) -> Result<(String, Option<f64>, bool)> {
    let (doc, oi, o) = find_objective(ws, objective)?;
    if o.status == Some(ObjectiveStatus::Closed) {
        return Err(Refusal::AlreadyClosed { id: o.id.clone(), score: o.score }.into());
    }
    let view = objective_view(ws, doc, o, today);
    let score = view.score_now.map(|s| (s * 100.0).round() / 100.0);
    let mut edits =
        vec![Edit::Set { path: vec![oi.to_string(), "status".into()], value: NewValue::Str("closed".into()) }];
    if let Some(s) = score {
        edits.push(Edit::Set { path: vec![oi.to_string(), "score".into()], value: num(s) });
    }
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    let missed = o.kind == Some(ObjectiveType::Committed) && score.is_some_and(|s| s < 1.0);
    Ok((o.id.clone(), score, missed))
}
