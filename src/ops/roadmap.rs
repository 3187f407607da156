//! Roadmap operations: views with progress computed from the backlog, and
//! lossless edits of `roadmap.yaml` and `product.yaml`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Refusal, Result};
use crate::model::config::Category;
use crate::model::forecast::MilestoneForecast;
use crate::model::roadmap::{self, Horizon, InitiativeStatus, MilestoneStatus, Progress, Work};
use crate::model::{Date, Initiative, Milestone};
use crate::store::Workspace;

/// One initiative as the views show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row<'a> {
    #[serde(flatten)]
    pub initiative: &'a Initiative,
    /// The horizon as written or derived from the dates.
    pub horizon_shown: Option<Horizon>,
    pub start_shown: Option<Date>,
    pub end_shown: Option<Date>,
    pub progress: Progress,
    /// The epics linked to it.
    pub epics: Vec<String>,
    /// Why it is at risk: its end passed with open work, or a milestone slipped.
    pub at_risk: Vec<String>,
    /// On the now horizon with nothing started.
    pub stale: bool,
    /// The demand of the customer evidence behind it: feedback linking it or its epics (with their children).
    pub demand: crate::model::feedback::Demand,
}

fn no_forecasts(f: &Option<BTreeMap<String, MilestoneForecast>>) -> bool {
    f.as_ref().is_none_or(BTreeMap::is_empty)
}

/// The roadmap with everything computed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct View<'a> {
    pub today: Date,
    pub initiatives: Vec<Row<'a>>,
    pub milestones: Vec<&'a Milestone>,
    /// The Monte Carlo forecast of each milestone that has one, when the
    /// caller asked for them (`roadmap show`); a milestone missing from the
    /// map has none (no history, or nothing left to do).
    #[serde(skip_serializing_if = "no_forecasts")]
    pub forecasts: Option<BTreeMap<String, MilestoneForecast>>,
}

/// The progress of one initiative: leaf items under the epics linked to it,
/// won't-do items left out.
pub(crate) fn progress(ws: &Workspace, initiative: &str) -> (Progress, Vec<String>) {
    let config = &ws.config.value;
    let epics: Vec<_> = ws.linked_to_initiative(initiative).collect();
    let work: Vec<Work> = ws
        .leaves_under(&epics)
        .into_iter()
        .filter(|d| d.value.status() != "wont_do")
        .map(|d| Work {
            points: d.value.estimate.as_ref().and_then(|e| e.points(config)),
            done: config.is_closed(d.value.status()),
            started: config.category(d.value.status()) == Category::InProgress,
        })
        .collect();
    (roadmap::progress(&work), epics.iter().map(|d| d.value.id.clone()).collect())
}

/// The demand behind an initiative: feedback linking it, and the evidence
/// of the epics linked to it (with their descendants), each customer once.
pub(crate) fn demand(
    ws: &Workspace,
    index: &super::feedback::Index,
    initiative: &str,
) -> crate::model::feedback::Demand {
    let mut evidence = index.direct(initiative).to_vec();
    for epic in ws.linked_to_initiative(initiative) {
        evidence.extend(index.item_evidence(&epic.value.id));
    }
    crate::model::feedback::demand(evidence, ws.customer_list())
}

pub(crate) fn view(ws: &Workspace, today: Date, external_only: bool) -> View<'_> {
    let index = super::feedback::Index::new(ws);
    let rows = ws
        .initiatives()
        .iter()
        .filter(|i| !external_only || i.is_external())
        .map(|i| {
            let (progress, epics) = progress(ws, &i.id);
            let (start, end) = i.span();
            let open_work = progress.ratio().is_some_and(|r| r < 1.0);
            let mut at_risk = Vec::new();
            if let Some(end) = end
                && end < today
                && i.status().is_open()
                && (open_work || progress.items == 0)
            {
                at_risk.push(format!("ended {end} with work open"));
            }
            for m in i.milestones.iter().filter_map(|m| ws.milestone(m)) {
                if let Some(date) = m.date
                    && date < today
                    && m.status.unwrap_or(MilestoneStatus::Planned) != MilestoneStatus::Shipped
                {
                    at_risk.push(format!("{} was due {date}", m.id));
                }
            }
            // A finished initiative keeps the horizon written on it; dates say nothing about "now" any more.
            let horizon = if i.status().is_open() { i.horizon_at(today) } else { i.horizon };
            let stale = horizon == Some(Horizon::Now) && i.status().is_open() && progress.started == 0;
            Row {
                initiative: i,
                horizon_shown: horizon,
                start_shown: start,
                end_shown: end,
                progress,
                epics,
                at_risk,
                stale,
                demand: {
                    let mut d = demand(ws, &index, &i.id);
                    // Revenue is confidential: an external view leaves it out.
                    if external_only {
                        d.arr.clear();
                    }
                    d
                },
            }
        })
        .collect();
    View { today, initiatives: rows, milestones: ws.milestones().iter().collect(), forecasts: None }
}

/// How `pm roadmap show` groups initiatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Grouping {
    #[default]
    Horizon,
    Theme,
    Status,
    Objective,
}

/// Groups in display order; an initiative with several objectives appears under each.
pub(crate) fn group<'v, 'a>(view: &'v View<'a>, by: Grouping) -> Vec<(String, Vec<&'v Row<'a>>)> {
    let mut groups: Vec<(String, Vec<&Row>)> = match by {
        Grouping::Horizon => Horizon::ALL.iter().map(|h| (h.as_str().to_string(), Vec::new())).collect(),
        Grouping::Status => InitiativeStatus::ALL.iter().map(|s| (s.as_str().to_string(), Vec::new())).collect(),
        Grouping::Theme | Grouping::Objective => Vec::new(),
    };
    let mut push = |key: String, row| match groups.iter_mut().find(|(k, _)| *k == key) {
        Some((_, rows)) => rows.push(row),
        None => groups.push((key, vec![row])),
    };
    for row in &view.initiatives {
        let i = row.initiative;
        match by {
            Grouping::Horizon => {
                // Finished initiatives are history, not a horizon.
                if i.status().is_open() {
                    push(row.horizon_shown.map_or("unscheduled", Horizon::as_str).to_string(), row);
                }
            }
            Grouping::Theme => push(i.theme.clone().unwrap_or_else(|| "(no theme)".into()), row),
            Grouping::Status => push(i.status().as_str().to_string(), row),
            Grouping::Objective => {
                if i.objectives.is_empty() {
                    push("(no objective)".into(), row);
                }
                for o in &i.objectives {
                    push(o.clone(), row);
                }
            }
        }
    }
    if by == Grouping::Theme {
        groups.sort_by(|a, b| (a.0.starts_with('(')).cmp(&b.0.starts_with('(')).then(a.0.cmp(&b.0)));
    }
    groups
}

/// The initiative with this id (case-insensitive), or a not-found error with suggestions.
pub(crate) fn initiative<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Initiative)> {
    let wanted = input.trim().to_ascii_uppercase();
    ws.initiatives().iter().enumerate().find(|(_, i)| i.id == wanted).ok_or_else(|| Error::NotFound {
        noun: "initiative",
        suggestions: crate::model::id::closest(&wanted, ws.initiatives().iter().map(|i| i.id.as_str())),
        id: wanted,
    })
}

pub(crate) fn milestone<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Milestone)> {
    let wanted = input.trim().to_ascii_uppercase();
    ws.milestones().iter().enumerate().find(|(_, m)| m.id == wanted).ok_or_else(|| Error::NotFound {
        noun: "milestone",
        suggestions: crate::model::id::closest(&wanted, ws.milestones().iter().map(|m| m.id.as_str())),
        id: wanted,
    })
}

// ---------------------------------------------------------------- writes

use crate::check::schema::SchemaKind;
use crate::model::id;
use crate::model::kind::Kind;
use crate::store::edit::{Edit, NewValue};
use crate::store::ids::IdLock;
use crate::store::{Product, ROADMAP_FILE};

use super::fields::{FieldOp, Schema, Target};
use super::write::{self, Change};

fn roadmap_template() -> String {
    format!(
        "{}# The roadmap: themes, initiatives (RM-n) and milestones (MS-n).\nthemes: []\ninitiatives: []\nmilestones: []\n",
        SchemaKind::Roadmap.modeline(ROADMAP_FILE)
    )
}

/// The text of roadmap.yaml pm edits: the file, or a new one.
fn current(ws: &Workspace) -> (Option<String>, String) {
    let before = ws.roadmap.as_ref().map(|d| d.text.clone());
    let base = before.clone().unwrap_or_else(roadmap_template);
    (before, base)
}

/// Applies edits to roadmap.yaml (or a new one) and writes it through the
/// one write path. Returns the new text.
pub(crate) fn change(product: &Product, ws: &Workspace, edits: &[Edit]) -> Result<String> {
    write::require_work_tree(ws)?;
    let (before, base) = current(ws);
    let text = write::apply(product, ROADMAP_FILE, &base, edits)?;
    let change = match before {
        Some(before) => Change::replace(ROADMAP_FILE, before, text.clone()),
        None => Change::create(ROADMAP_FILE, text.clone()),
    };
    write::commit(product, ws, vec![change])?;
    Ok(text)
}

fn next_id(prefix: &str, existing: impl Iterator<Item = String>) -> Result<String> {
    id::next_after(prefix, existing.filter_map(|i| id::number(&i, prefix)))
        .map_err(|m| Error::refused(m).with_hint(format!("give the {prefix} with the highest id a lower one")))
}

/// A new record of `kind` from values typed on the command line, each typed
/// by the kind's schema, in the schema's field order.
fn record(ws: &Workspace, kind: Kind, id: &str, first: (&str, &str), fields: &[(String, String)]) -> Result<NewValue> {
    let config = &ws.config.value;
    let schema = Schema::of(kind, config);
    let empty = serde_json::Value::Object(Default::default());
    let target = Target { kind, base: Vec::new(), value: &empty, config };
    let mut typed = Vec::new();
    for (field, raw) in fields {
        typed.push(schema.new_value(&target, field, raw)?);
    }
    let mut entries = vec![
        ("id".to_string(), NewValue::Str(id.to_string())),
        (first.0.to_string(), NewValue::Str(first.1.to_string())),
    ];
    for name in schema.field_names() {
        if let Some((_, value)) = typed.iter().find(|(f, _)| f == name) {
            entries.push((name.to_string(), value.clone()));
        }
    }
    Ok(NewValue::Map(entries))
}

/// Adds an initiative; returns its id.
pub(crate) fn add_initiative(
    product: &Product,
    ws: &Workspace,
    title: &str,
    fields: &[(String, String)],
) -> Result<String> {
    if title.trim().is_empty() {
        return Err(Error::usage("the title is empty"));
    }
    let mut fields = fields.to_vec();
    if !fields.iter().any(|(f, _)| f == "status") {
        fields.push(("status".into(), "proposed".into()));
    }
    let dated = fields.iter().any(|(f, _)| matches!(f.as_str(), "horizon" | "start" | "end" | "quarter"));
    if !dated {
        fields.push(("horizon".into(), "later".into()));
    }
    let lock = IdLock::acquire(product)?;
    let ws = &crate::store::ids::reread(product, ws, &lock)?;
    let id = next_id("RM", ws.initiatives().iter().map(|i| i.id.clone()))?;
    let value = record(ws, Kind::Initiative, &id, ("title", title), &fields)?;
    change(product, ws, &[Edit::Append { path: vec!["initiatives".into()], value }])?;
    Ok(id)
}

/// Changes fields of an initiative. Returns false if nothing changed.
pub(crate) fn edit_initiative(
    product: &Product,
    ws: &Workspace,
    input: &str,
    ops: &[FieldOp],
    today: Date,
) -> Result<bool> {
    let changed = super::record::edit(product, ws, Kind::Initiative, &[input.to_string()], ops, today, false)?;
    Ok(!changed.is_empty())
}

/// Adds a milestone; returns its id.
pub(crate) fn add_milestone(
    product: &Product,
    ws: &Workspace,
    name: &str,
    fields: &[(String, String)],
) -> Result<String> {
    if name.trim().is_empty() {
        return Err(Error::usage("the name is empty"));
    }
    let mut fields = fields.to_vec();
    if !fields.iter().any(|(f, _)| f == "status") {
        fields.push(("status".into(), "planned".into()));
    }
    let lock = IdLock::acquire(product)?;
    let ws = &crate::store::ids::reread(product, ws, &lock)?;
    let id = next_id("MS", ws.milestones().iter().map(|m| m.id.clone()))?;
    let mut value = record(ws, Kind::Milestone, &id, ("name", name), &fields)?;
    // A launch starts with the team's (or the built-in) launch checklist.
    if fields.iter().any(|(f, v)| f == "kind" && v.trim().eq_ignore_ascii_case("launch"))
        && let NewValue::Map(entries) = &mut value
    {
        entries.push(("launch".to_string(), super::launch::seed(product)?));
    }
    let edits = vec![Edit::Append { path: vec!["milestones".into()], value }];
    change(product, ws, &edits)?;
    Ok(id)
}

/// Marks a milestone shipped; `date` (when given) becomes its date.
/// A launch with open checklist items is refused unless `force`.
pub(crate) fn ship_milestone(
    product: &Product,
    ws: &Workspace,
    input: &str,
    date: Option<Date>,
    force: bool,
) -> Result<String> {
    let (index, m) = milestone(ws, input)?;
    super::launch::ship_guard(m, force)?;
    let base = vec!["milestones".to_string(), index.to_string()];
    let mut edits = vec![Edit::Set {
        path: [base.clone(), vec!["status".into()]].concat(),
        value: NewValue::Str("shipped".into()),
    }];
    if let Some(d) = date {
        edits.push(Edit::Set { path: [base, vec!["date".into()]].concat(), value: NewValue::Raw(d.to_string()) });
    }
    change(product, ws, &edits)?;
    Ok(m.id.clone())
}

/// Moves a milestone to `to`, recording the slip (from, to, today, reason)
/// in its `slips`. Returns its id and the date it had.
pub(crate) fn slip_milestone(
    product: &Product,
    ws: &Workspace,
    input: &str,
    to: Date,
    reason: Option<&str>,
    today: Date,
) -> Result<(String, Date)> {
    let (index, m) = milestone(ws, input)?;
    let Some(from) = m.date else {
        return Err(Refusal::NoDate { id: m.id.clone() }.into());
    };
    if from == to {
        return Err(Error::refused(format!("{} is already planned for {to}", m.id)));
    }
    let base = vec!["milestones".to_string(), index.to_string()];
    let at = |field: &str| [base.clone(), vec![field.to_string()]].concat();
    let mut slip = vec![
        ("from".to_string(), NewValue::Raw(from.to_string())),
        ("to".to_string(), NewValue::Raw(to.to_string())),
        ("on".to_string(), NewValue::Raw(today.to_string())),
    ];
    if let Some(r) = reason.map(str::trim).filter(|r| !r.is_empty()) {
        slip.push(("reason".to_string(), NewValue::Str(r.to_string())));
    }
    let edits = [
        Edit::Set { path: at("date"), value: NewValue::Raw(to.to_string()) },
        Edit::Append { path: at("slips"), value: NewValue::Map(slip) },
    ];
    change(product, ws, &edits)?;
    Ok((m.id.clone(), from))
}

/// A milestone with what is planned for it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MilestoneRow<'a> {
    #[serde(flatten)]
    pub milestone: &'a Milestone,
    pub initiatives: Vec<String>,
    pub items: Vec<String>,
    /// Items planned for it that are closed.
    pub items_done: usize,
    /// The date by which 85 % of the forecast runs finish its open items
    /// (`None`: shipped, nothing left, or not enough history).
    pub forecast_85: Option<Date>,
}

/// Milestones in date order (undated last), with their 85 % forecast dates
/// from `forecasts` ([`super::forecast::milestone_forecasts`]).
pub(crate) fn milestones<'a>(
    ws: &'a Workspace,
    forecasts: Option<&BTreeMap<String, MilestoneForecast>>,
) -> Vec<MilestoneRow<'a>> {
    let config = &ws.config.value;
    let mut rows: Vec<MilestoneRow> = ws
        .milestones()
        .iter()
        .map(|m| {
            let items: Vec<_> =
                ws.items.iter().filter(|d| d.value.milestone.as_deref() == Some(m.id.as_str())).collect();
            MilestoneRow {
                milestone: m,
                initiatives: ws
                    .initiatives()
                    .iter()
                    .filter(|i| i.milestones.contains(&m.id))
                    .map(|i| i.id.clone())
                    .collect(),
                items_done: items.iter().filter(|d| config.is_closed(d.value.status())).count(),
                forecast_85: forecasts.and_then(|f| f.get(&m.id)).map(|f| f.p85),
                items: items.iter().map(|d| d.value.id.clone()).collect(),
            }
        })
        .collect();
    rows.sort_by_key(|r| (r.milestone.date.is_none(), r.milestone.date));
    rows
}
