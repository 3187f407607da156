//! Iterations (`product/iterations.yaml`, DOMAIN.md §10): adding them,
//! planning items into them, closing them (carrying unfinished work to the
//! next one), and the views of them with committed points against capacity
//! and velocity from history. Edits and removals of an iteration's own
//! fields go through the generic [`super::record`] over the kind table.

use serde::Serialize;

use crate::error::{Error, Mistake, Refusal, Result};
use crate::model::iteration::{self as model, Finished, Iteration, PREFIX};
use crate::model::kind::Kind;
use crate::model::{Date, Item, id};
use crate::store::edit::{Edit, NewValue};
use crate::store::ids::IdLock;
use crate::store::{Doc, ITERATIONS_FILE, Product, Workspace};

use super::backlog::{self as backlog_ops, Filter, Planned};
use super::fields::FieldOp;
use super::progress::Progress;
use super::write::{self, Change};

/// The iteration named `input` (`IT-3`, `it-3`), with its position in the file.
pub(crate) fn find<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Iteration)> {
    let list = ws.iterations();
    let Some(wanted) = id::normalize(input, PREFIX) else {
        return Err(Mistake::NotAnIterationId { input: input.trim().to_string() }.into());
    };
    if let Some(found) = list.iter().enumerate().find(|(_, it)| it.id == wanted) {
        return Ok(found);
    }
    if ws.iterations.is_none() {
        return Err(Refusal::NoFile { kind: Kind::Iteration, file: "iterations.yaml" }.into());
    }
    Err(Error::NotFound {
        noun: "iteration",
        suggestions: id::closest(&wanted, list.iter().map(|it| it.id.as_str())),
        id: wanted,
    })
}

/// The id an `--iteration` value names: an iteration id, or `current` for
/// the iteration whose days include `today`.
pub(crate) fn resolve(ws: &Workspace, input: &str, today: Date) -> Result<String> {
    if input.trim().eq_ignore_ascii_case("current") {
        return model::current(ws.iterations(), today)
            .map(|it| it.id.clone())
            .ok_or_else(|| Refusal::NoIterationToday { today: today.to_string() }.into());
    }
    find(ws, input).map(|(_, it)| it.id.clone())
}

/// Replaces `iteration=current` in a filter by the current iteration's id,
/// and checks that a named iteration exists.
pub(crate) fn resolve_filter(ws: &Workspace, filter: &mut Filter, today: Date) -> Result<()> {
    if let Some(wanted) = filter.iteration.take() {
        filter.iteration = Some(resolve(ws, &wanted, today)?);
    }
    Ok(())
}

/// A date typed for `flag`.
fn date(flag: &str, raw: &str) -> Result<Date> {
    raw.trim().parse::<Date>().map_err(|_| {
        Error::usage(format!("{flag}: `{}` is not a date", raw.trim())).with_hint("dates are written YYYY-MM-DD")
    })
}

/// Refuses an iteration whose end is before its start, or whose days
/// overlap another iteration's (`other` than the one at `skip`).
fn check_span(ws: &Workspace, name: &str, start: Date, end: Date, skip: Option<usize>) -> Result<()> {
    if end < start {
        return Err(Error::usage(format!("{name} would end on {end}, before it starts on {start}"))
            .with_hint("give an --end on or after --start"));
    }
    let probe = Iteration {
        id: String::new(),
        name: name.to_string(),
        start,
        end,
        goal: None,
        capacity: None,
        closed: false,
        extra: Default::default(),
    };
    for (i, other) in ws.iterations().iter().enumerate() {
        if Some(i) != skip && probe.overlaps(other) {
            return Err(Error::refused(format!(
                "{name} ({start} to {end}) overlaps {} {} ({} to {})",
                other.id, other.name, other.start, other.end
            ))
            .with_hint(format!(
                "iterations do not share days: start after {} or end before {}",
                other.end, other.start
            )));
        }
    }
    Ok(())
}

/// A new iteration, as typed.
#[derive(Debug, Default, Clone)]
pub(crate) struct NewIteration {
    pub name: String,
    pub start: String,
    pub end: String,
    pub capacity: Option<String>,
    pub goal: Option<String>,
}

/// Adds an iteration to iterations.yaml (creating the file when there is
/// none); returns its id. Refused for bad dates, an end before the start,
/// or days another iteration already has.
pub(crate) fn add(product: &Product, ws: &Workspace, new: &NewIteration) -> Result<String> {
    write::require_work_tree(ws)?;
    let name = new.name.trim();
    if name.is_empty() {
        return Err(Error::usage("the name is empty"));
    }
    let (start, end) = (date("--start", &new.start)?, date("--end", &new.end)?);
    let capacity = match &new.capacity {
        Some(raw) => match raw.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Some(crate::model::score::format_number(v)),
            _ => return Err(Error::usage(format!("--capacity: `{}` is not a number of points", raw.trim()))),
        },
        None => None,
    };
    let lock = IdLock::acquire(product)?;
    let ws = &crate::store::ids::reread(product, ws, &lock)?;
    check_span(ws, name, start, end, None)?;
    let id = id::next_after(PREFIX, ws.iterations().iter().filter_map(|it| id::number(&it.id, PREFIX)))
        .map_err(Error::refused)?;
    let mut fields: Vec<(String, NewValue)> = vec![
        ("id".into(), NewValue::Str(id.clone())),
        ("name".into(), NewValue::Str(name.to_string())),
        ("start".into(), NewValue::Raw(start.to_string())),
        ("end".into(), NewValue::Raw(end.to_string())),
    ];
    if let Some(goal) = new.goal.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
        fields.push(("goal".into(), NewValue::Str(goal.to_string())));
    }
    if let Some(c) = capacity {
        fields.push(("capacity".into(), NewValue::Raw(c)));
    }
    let mut head = crate::check::schema::SchemaKind::Iterations.modeline(ITERATIONS_FILE);
    head.push_str("# Iterations (sprints): their days, capacity in points and goal. Items join one with\n");
    head.push_str("# `iteration: IT-n` (`pm iteration plan`).\n");
    let current = ws.iterations.as_ref().map(|d| (d.path.as_str(), d.text.as_str()));
    write::add_record(product, ws, ITERATIONS_FILE, current, "", &head, fields)?;
    Ok(id)
}

/// Refuses planning into an iteration that is closed.
fn open_iteration<'a>(ws: &'a Workspace, input: &str) -> Result<&'a Iteration> {
    let (_, it) = find(ws, input)?;
    if it.closed {
        return Err(Refusal::IterationClosed { id: it.id.clone(), name: it.name.clone() }.into());
    }
    Ok(it)
}

/// Checks an `--iteration` value given to `backlog add`/`edit`: an existing
/// iteration that is not closed. Returns its id.
pub(crate) fn plannable(ws: &Workspace, input: &str, today: Date) -> Result<String> {
    let id = resolve(ws, input, today)?;
    open_iteration(ws, &id).map(|it| it.id.clone())
}

/// Plans the items named by `ids` and those matching `filter` into an
/// iteration (sets their `iteration`), as one transaction. Returns one plan
/// per item that changed; items already in it are left alone.
pub(crate) fn plan(
    product: &Product,
    ws: &Workspace,
    input: &str,
    ids: &[String],
    filter: Option<&Filter>,
    today: Date,
    dry_run: bool,
) -> Result<(String, Vec<Planned>)> {
    write::require_work_tree(ws)?;
    let it = open_iteration(ws, input)?;
    let docs = backlog_ops::select(ws, ids, filter)?;
    let op = [FieldOp::Set("iteration".into(), it.id.clone())];
    let mut plans = Vec::new();
    for doc in docs {
        if doc.value.iteration.as_deref() == Some(it.id.as_str()) {
            continue;
        }
        plans.extend(backlog_ops::plan_edit(product, ws, doc, &op, today)?);
    }
    backlog_ops::apply_plans(product, ws, &plans, dry_run)?;
    Ok((it.id.clone(), plans))
}

/// What closing an iteration did.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Closed {
    pub id: String,
    /// Unfinished items moved to `carried_to`, or unplanned when it is `None`.
    pub moved: Vec<String>,
    pub carried_to: Option<String>,
}

/// Closes an iteration: `closed: true`, and its unfinished items carried to
/// `carry_to` (which must be open) or taken out of any iteration — all in
/// one transaction, so history records the close and the moves together.
pub(crate) fn close(
    product: &Product,
    ws: &Workspace,
    input: &str,
    carry_to: Option<&str>,
    today: Date,
) -> Result<Closed> {
    write::require_work_tree(ws)?;
    let (index, it) = find(ws, input)?;
    if it.closed {
        return Err(Error::refused(format!("{} is closed already", it.id)));
    }
    let target = match carry_to {
        Some(t) => {
            let to = open_iteration(ws, t)?;
            if to.id == it.id {
                return Err(Error::usage(format!("{} cannot carry its items to itself", it.id))
                    .with_hint("name the next iteration with --carry-to, or leave it out to unplan them"));
            }
            Some(to.id.clone())
        }
        None => None,
    };
    let doc = ws.iterations.as_ref().ok_or_else(|| Error::refused("iterations.yaml vanished"))?;
    let text = write::apply(
        product,
        &doc.path,
        &doc.text,
        &[Edit::Set { path: vec![index.to_string(), "closed".into()], value: NewValue::Raw("true".into()) }],
    )?;
    let mut changes = vec![Change::replace(&doc.path, doc.text.clone(), text)];
    let op = match &target {
        Some(to) => FieldOp::Set("iteration".into(), to.clone()),
        None => FieldOp::Unset("iteration".into()),
    };
    let config = &ws.config.value;
    let mut moved = Vec::new();
    for d in ws.items.iter().filter(|d| d.value.iteration.as_deref() == Some(it.id.as_str())) {
        if config.is_closed(d.value.status()) {
            continue;
        }
        if let Some(p) = backlog_ops::plan_edit(product, ws, d, std::slice::from_ref(&op), today)? {
            moved.push(p.id);
            changes.push(p.change);
        }
    }
    write::commit(product, ws, changes)?;
    Ok(Closed { id: it.id.clone(), moved, carried_to: target })
}

// ---------------------------------------------------------------- views

/// Where an iteration stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum State {
    Planned,
    Current,
    Past,
    Closed,
}

impl State {
    pub(crate) fn of(it: &Iteration, today: Date) -> State {
        if it.closed {
            State::Closed
        } else if it.contains(today) {
            State::Current
        } else if it.end < today {
            State::Past
        } else {
            State::Planned
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Planned => "planned",
            State::Current => "current",
            State::Past => "past",
            State::Closed => "closed",
        }
    }
}

/// One iteration with its numbers.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row<'a> {
    #[serde(flatten)]
    pub iteration: &'a Iteration,
    pub state: State,
    /// Items planned into it (`iteration: IT-n`); `item_count` in JSON, where `show` lists the items.
    #[serde(rename = "item_count")]
    pub items: usize,
    /// Points of its items, `wont_do` left out.
    #[serde(serialize_with = "crate::model::score::serialize_number")]
    pub committed: f64,
    /// Points of its items that are done (not `wont_do`).
    #[serde(serialize_with = "crate::model::score::serialize_number")]
    pub done: f64,
    /// Points finished between its start and end, from history (`None`
    /// without git history); so far, for an iteration still running.
    #[serde(serialize_with = "crate::model::score::serialize_opt_number")]
    pub velocity: Option<f64>,
}

/// The list of iterations, with the average velocity of the last three past
/// (or closed) iterations.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Listing<'a> {
    pub iterations: Vec<Row<'a>>,
    #[serde(serialize_with = "crate::model::score::serialize_opt_number")]
    pub average_velocity: Option<f64>,
}

/// Points of an item (t-shirt sizes through pm.yaml's map); `None` without an estimate.
fn points(ws: &Workspace, item: &Item) -> Option<f64> {
    item.estimate.as_ref().and_then(|e| e.points(&ws.config.value))
}

/// The items planned into an iteration, in rank order.
pub(crate) fn items_of<'a>(ws: &'a Workspace, id: &str) -> Vec<&'a Doc<Item>> {
    let mut items: Vec<&Doc<Item>> = ws.items.iter().filter(|d| d.value.iteration.as_deref() == Some(id)).collect();
    backlog_ops::sort_items(ws, &mut items, backlog_ops::SortKey::Rank);
    items
}

/// Committed and done points of the items planned into an iteration.
pub(crate) fn committed(ws: &Workspace, id: &str) -> (f64, f64) {
    let config = &ws.config.value;
    let (mut committed, mut done) = (0.0, 0.0);
    for d in ws.items.iter().filter(|d| d.value.iteration.as_deref() == Some(id)) {
        if d.value.status() == "wont_do" {
            continue;
        }
        let p = points(ws, &d.value).unwrap_or(0.0);
        committed += p;
        if config.is_closed(d.value.status()) {
            done += p;
        }
    }
    (committed, done)
}

/// The finished items from history, or `None` when the product is not in a
/// git repository with commits (velocity then cannot be known).
pub(crate) fn history(product: &Product, ws: &Workspace, progress: &dyn Progress) -> Result<Option<Vec<Finished>>> {
    match product.repo() {
        Ok(repo) if repo.has_commits() => Ok(Some(super::history::finished(product, ws, None, progress)?.0)),
        _ => Ok(None),
    }
}

fn row<'a>(ws: &Workspace, it: &'a Iteration, finished: Option<&[Finished]>, today: Date) -> Row<'a> {
    let (committed, done) = committed(ws, &it.id);
    Row {
        iteration: it,
        state: State::of(it, today),
        items: ws.items.iter().filter(|d| d.value.iteration.as_deref() == Some(it.id.as_str())).count(),
        committed,
        done,
        velocity: finished.map(|f| model::velocity(f, it.start, it.end)),
    }
}

/// Every iteration in date order, with its numbers.
pub(crate) fn list<'a>(ws: &'a Workspace, finished: Option<&[Finished]>, today: Date) -> Listing<'a> {
    let mut rows: Vec<Row> = ws.iterations().iter().map(|it| row(ws, it, finished, today)).collect();
    rows.sort_by_key(|r| (r.iteration.start, r.iteration.end));
    let average_velocity = finished.and_then(|_| {
        let pairs: Vec<(&Iteration, f64)> = rows.iter().filter_map(|r| Some((r.iteration, r.velocity?))).collect();
        model::average_velocity(&pairs, today)
    });
    Listing { iterations: rows, average_velocity }
}

/// One item of an iteration, as `iteration show` lists it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlannedItem {
    pub id: String,
    pub title: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::model::score::serialize_opt_number")]
    pub points: Option<f64>,
    pub done: bool,
}

/// One iteration in full.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Detail<'a> {
    #[serde(flatten)]
    pub row: Row<'a>,
    #[serde(serialize_with = "crate::model::score::serialize_opt_number")]
    pub average_velocity: Option<f64>,
    pub items: Vec<PlannedItem>,
    /// Points finished by each day from its start to its end (or today).
    pub burn_up: Vec<Day>,
}

/// One day of the burn-up: the points finished from the start to that day.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Day {
    pub date: Date,
    #[serde(serialize_with = "crate::model::score::serialize_number")]
    pub done: f64,
}

pub(crate) fn show<'a>(
    ws: &'a Workspace,
    input: &str,
    finished: Option<&[Finished]>,
    today: Date,
) -> Result<Detail<'a>> {
    let (_, it) = find(ws, input)?;
    let listing = list(ws, finished, today);
    let row = listing
        .iterations
        .into_iter()
        .find(|r| r.iteration.id == it.id)
        .ok_or_else(|| Error::refused("iteration vanished"))?;
    let config = &ws.config.value;
    let items = items_of(ws, &it.id)
        .into_iter()
        .map(|d| PlannedItem {
            id: d.value.id.clone(),
            title: d.value.title.clone(),
            status: d.value.status().to_string(),
            points: points(ws, &d.value),
            done: config.is_closed(d.value.status()) && d.value.status() != "wont_do",
        })
        .collect();
    let burn_up = match finished {
        Some(f) if today >= it.start => {
            model::burn_up(f, it, today).into_iter().map(|(date, done)| Day { date, done }).collect()
        }
        _ => Vec::new(),
    };
    Ok(Detail { row, average_velocity: listing.average_velocity, items, burn_up })
}
