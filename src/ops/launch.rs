//! Launches: the checklist a milestone of kind `launch` must get done before
//! it ships (`pm milestone checklist`), and the launch report (`pm report
//! launch`): scope shipped against planned, the linked metrics before and
//! after the launch date, the linked key results, and the experiments and
//! customer feedback since.

use serde::Serialize;

use crate::error::{Error, Refusal, Result};
use crate::model::Date;
use crate::model::roadmap::{ChecklistItem, Launch, Milestone, MilestoneKind};
use crate::store::edit::{Edit, NewValue};
use crate::store::templates::{self, TemplateKind};
use crate::store::{Product, Workspace};

use super::roadmap::{change, milestone};

/// A milestone that is a launch, with its index in the roadmap's list.
fn launch<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Milestone)> {
    let (index, m) = milestone(ws, input)?;
    if m.kind != Some(MilestoneKind::Launch) {
        return Err(Refusal::NotALaunch { id: m.id.clone() }.into());
    }
    Ok((index, m))
}

fn path(index: usize, rest: &[&str]) -> Vec<String> {
    ["milestones".to_string(), index.to_string()].into_iter().chain(rest.iter().map(|s| s.to_string())).collect()
}

fn entry(item: &str, owner: Option<&str>) -> NewValue {
    let mut fields = vec![("item".to_string(), NewValue::Str(item.to_string()))];
    if let Some(o) = owner {
        fields.push(("owner".to_string(), NewValue::Str(o.to_string())));
    }
    fields.push(("done".to_string(), NewValue::Raw("false".into())));
    NewValue::Map(fields)
}

fn template(product: &Product, name: &str) -> Result<Launch> {
    let t = templates::get(product, TemplateKind::Launch, name)?;
    yaml_serde::from_str(&t.text)
        .map_err(|e| Error::refused(format!("the launch template `{}` ({}) is not valid: {e}", t.name, t.source)))
}

/// A whole `launch` value from a template: its rollout, rollback and
/// checklist (written as a block where the milestone is one).
fn launch_value(t: &Launch) -> NewValue {
    let mut fields = Vec::new();
    for (field, value) in [("rollout", &t.rollout), ("rollback", &t.rollback)] {
        if let Some(v) = value {
            fields.push((field.to_string(), NewValue::Str(v.clone())));
        }
    }
    let items: Vec<NewValue> = t.checklist.iter().map(|c| entry(&c.item, c.owner.as_deref())).collect();
    fields.push(("checklist".to_string(), NewValue::Seq(items)));
    NewValue::Map(fields)
}

/// Fills an empty checklist from a launch template (`checklist` unless named),
/// and the rollout and rollback plans where there are none. Returns the
/// milestone's id and how many items it now has.
pub(crate) fn init(product: &Product, ws: &Workspace, input: &str, name: &str) -> Result<(String, usize)> {
    let (index, m) = launch(ws, input)?;
    if m.launch.as_ref().is_some_and(|l| !l.checklist.is_empty()) {
        return Err(Refusal::HasChecklist { id: m.id.clone() }.into());
    }
    let t = template(product, name)?;
    let edits = match &m.launch {
        None => vec![Edit::Set { path: path(index, &["launch"]), value: launch_value(&t) }],
        Some(current) => {
            let mut edits = Vec::new();
            for (field, now, value) in
                [("rollout", &current.rollout, &t.rollout), ("rollback", &current.rollback, &t.rollback)]
            {
                if let (None, Some(v)) = (now, value) {
                    edits.push(Edit::Set { path: path(index, &["launch", field]), value: NewValue::Str(v.clone()) });
                }
            }
            for c in &t.checklist {
                edits.push(Edit::Append {
                    path: path(index, &["launch", "checklist"]),
                    value: entry(&c.item, c.owner.as_deref()),
                });
            }
            edits
        }
    };
    change(product, ws, &edits)?;
    Ok((m.id.clone(), t.checklist.len()))
}

/// The `launch` value a new launch milestone starts with: the team's or the
/// built-in `checklist` template.
pub(crate) fn seed(product: &Product) -> Result<NewValue> {
    Ok(launch_value(&template(product, "checklist")?))
}

/// Adds an item to a launch's checklist; returns its position (1-based).
pub(crate) fn add(product: &Product, ws: &Workspace, input: &str, item: &str, owner: Option<&str>) -> Result<usize> {
    let (index, m) = launch(ws, input)?;
    let item = item.trim();
    if item.is_empty() {
        return Err(Error::usage("the checklist item is empty"));
    }
    let list = m.launch.as_ref().map(|l| l.checklist.as_slice()).unwrap_or_default();
    if list.iter().any(|c| c.item.eq_ignore_ascii_case(item)) {
        return Err(Error::refused(format!("{}'s checklist already has \"{item}\"", m.id)));
    }
    let mut edits = Vec::new();
    if m.launch.is_none() {
        edits.push(Edit::Set { path: path(index, &["launch"]), value: NewValue::Map(Vec::new()) });
    }
    edits.push(Edit::Append { path: path(index, &["launch", "checklist"]), value: entry(item, owner) });
    change(product, ws, &edits)?;
    Ok(list.len() + 1)
}

/// The position (0-based) of the checklist item `which` names: its number
/// (1-based, as `pm milestone checklist MS-n` shows) or its text (any case).
fn find(m: &Milestone, which: &str) -> Result<usize> {
    let list = m.launch.as_ref().map(|l| l.checklist.as_slice()).unwrap_or_default();
    let which = which.trim();
    let found = match which.parse::<usize>() {
        Ok(n) => n.checked_sub(1).filter(|&i| i < list.len()),
        Err(_) => list.iter().position(|c| c.item.eq_ignore_ascii_case(which)),
    };
    found.ok_or_else(|| Refusal::NoChecklistItem { id: m.id.clone(), which: which.to_string(), len: list.len() }.into())
}

/// Marks a checklist item done (or, with `done` false, open again); returns its text.
pub(crate) fn set_done(product: &Product, ws: &Workspace, input: &str, which: &str, done: bool) -> Result<String> {
    let (index, m) = launch(ws, input)?;
    let i = find(m, which)?;
    let item = m.launch.as_ref().map(|l| l.checklist[i].item.clone()).unwrap_or_default();
    let edit = Edit::Set {
        path: path(index, &["launch", "checklist", &i.to_string(), "done"]),
        value: NewValue::Raw(done.to_string()),
    };
    change(product, ws, &[edit])?;
    Ok(item)
}

/// Removes a checklist item; returns its text.
pub(crate) fn remove(product: &Product, ws: &Workspace, input: &str, which: &str) -> Result<String> {
    let (index, m) = launch(ws, input)?;
    let i = find(m, which)?;
    let item = m.launch.as_ref().map(|l| l.checklist[i].item.clone()).unwrap_or_default();
    change(product, ws, &[Edit::Unset { path: path(index, &["launch", "checklist", &i.to_string()]) }])?;
    Ok(item)
}

/// A launch's checklist, rollout and rollback.
pub(crate) fn checklist<'a>(ws: &'a Workspace, input: &str) -> Result<(&'a Milestone, Launch)> {
    let (_, m) = launch(ws, input)?;
    Ok((m, m.launch.clone().unwrap_or_default()))
}

/// Refuses to ship a launch whose checklist has open items (unless forced).
pub(crate) fn ship_guard(m: &Milestone, force: bool) -> Result<()> {
    let open: Vec<&ChecklistItem> = m.launch.iter().flat_map(|l| l.open()).collect();
    if force || m.kind != Some(MilestoneKind::Launch) || open.is_empty() {
        return Ok(());
    }
    Err(Refusal::OpenChecklist { id: m.id.clone(), open: open.iter().map(|c| c.item.clone()).collect() }.into())
}

// ---------------------------------------------------------------- report

/// A planned item and whether it shipped.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScopeItem {
    pub id: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: String,
    pub points: Option<f64>,
    /// In a done status other than `wont_do`.
    pub shipped: bool,
    /// Closed as `wont_do`: dropped from the launch.
    pub dropped: bool,
}

/// One observation of a metric.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Point {
    pub period: String,
    pub value: f64,
}

/// A linked metric around the launch date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MetricAround {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    /// The last observation whose period ended before the launch date.
    pub before: Option<Point>,
    /// The observation whose period holds the launch date (part before, part after).
    pub during: Option<Point>,
    /// Every observation whose period starts on or after the launch date.
    pub after: Vec<Point>,
    /// The latest value after minus the value before.
    pub change: Option<f64>,
}

/// A linked key result's progress now.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct KrLine {
    pub id: String,
    pub title: String,
    pub progress: Option<f64>,
}

/// A linked experiment that ran (or is to run) on or after the launch date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ExperimentLine {
    pub id: String,
    pub title: String,
    pub status: Option<String>,
    pub verdict: Option<String>,
    pub decision: Option<String>,
}

/// Feedback about the launch's scope given on or after its date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeedbackLine {
    pub id: String,
    pub date: Option<Date>,
    pub customer: Option<String>,
    pub sentiment: Option<String>,
    pub summary: String,
    /// What of the launch it is about: planned items and linked initiatives.
    pub about: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Report {
    pub id: String,
    pub name: String,
    pub date: Option<Date>,
    pub shipped: bool,
    pub scope: Vec<ScopeItem>,
    pub items_shipped: usize,
    pub items_planned: usize,
    #[serde(serialize_with = "crate::model::score::serialize_number")]
    pub points_shipped: f64,
    #[serde(serialize_with = "crate::model::score::serialize_number")]
    pub points_planned: f64,
    pub checklist: Vec<ChecklistItem>,
    pub rollout: Option<String>,
    pub rollback: Option<String>,
    /// Initiatives that plan for this milestone or own its epics.
    pub initiatives: Vec<String>,
    pub metrics: Vec<MetricAround>,
    pub key_results: Vec<KrLine>,
    pub experiments: Vec<ExperimentLine>,
    /// Feedback on the planned items or the linked initiatives since the launch date (all of it without a date).
    pub feedback: Vec<FeedbackLine>,
}

fn push_unique(list: &mut Vec<String>, id: &str) {
    if !list.iter().any(|x| x == id) {
        list.push(id.to_string());
    }
}

/// The launch report of any milestone (launch or not): what it planned and
/// shipped, and what its metrics, key results and experiments say.
///
/// Linked are: the initiatives listing the milestone (and those of its
/// planned epics); their key results and those of their objectives, plus
/// the key results planned items name; the metrics of those key results;
/// and the experiments on those metrics or on planned items.
pub(crate) fn report(ws: &Workspace, input: &str) -> Result<Report> {
    let (_, m) = milestone(ws, input)?;
    let config = &ws.config.value;
    let planned = super::release::planned(ws, &m.id);
    // Scope is counted in leaf items, as roadmap progress is: a feature and
    // its stories are the stories' work.
    let scope: Vec<ScopeItem> = planned
        .iter()
        .filter(|i| ws.children(&i.id).next().is_none())
        .map(|i| {
            let closed = config.is_closed(i.status());
            ScopeItem {
                id: i.id.clone(),
                title: i.title.clone(),
                kind: i.kind.map(|k| k.as_str().to_string()),
                status: i.status().to_string(),
                points: i.estimate.as_ref().and_then(|e| e.points(config)),
                shipped: closed && i.status() != "wont_do",
                dropped: i.status() == "wont_do",
            }
        })
        .collect();
    let counted: Vec<&ScopeItem> = scope.iter().filter(|s| !s.dropped).collect();
    let points = |shipped_only: bool| {
        counted.iter().filter(|s| s.shipped || !shipped_only).filter_map(|s| s.points).sum::<f64>()
    };

    let mut initiatives = Vec::new();
    for i in ws.initiatives().iter().filter(|i| i.milestones.contains(&m.id)) {
        push_unique(&mut initiatives, &i.id);
    }
    // Epics name their initiative; the items below them belong to it too.
    for i in &planned {
        let mut at = Some(*i);
        let mut steps = 0;
        while let Some(item) = at {
            if let Some(rm) = &item.initiative {
                push_unique(&mut initiatives, rm);
                break;
            }
            steps += 1;
            at = item.parent.as_deref().and_then(|p| ws.get(p)).map(|d| &d.value).filter(|_| steps < 64);
        }
    }
    let mut krs: Vec<String> = Vec::new();
    for rm in initiatives.iter().filter_map(|id| ws.initiative(id)) {
        for kr in &rm.key_results {
            push_unique(&mut krs, kr);
        }
        for obj in rm.objectives.iter().filter_map(|o| ws.objective(o)) {
            for kr in &obj.key_results {
                push_unique(&mut krs, &kr.id);
            }
        }
    }
    for i in &planned {
        for kr in &i.key_results {
            push_unique(&mut krs, kr);
        }
    }
    let key_results: Vec<&crate::model::KeyResult> =
        krs.iter().filter_map(|id| ws.key_results().find(|(_, kr)| &kr.id == id).map(|(_, kr)| kr)).collect();
    let mut metric_ids: Vec<String> = Vec::new();
    for kr in &key_results {
        if let Some(metric) = &kr.metric {
            push_unique(&mut metric_ids, metric);
        }
    }

    let metrics = match m.date {
        None => Vec::new(),
        Some(date) => metric_ids.iter().filter_map(|id| ws.metric(id)).map(|d| around(&d.value, date)).collect(),
    };
    let experiments = ws
        .experiments
        .iter()
        .map(|d| &d.value)
        .filter(|e| {
            e.metric.as_ref().is_some_and(|x| metric_ids.contains(x))
                || e.links.as_ref().is_some_and(|l| {
                    l.backlog.iter().any(|b| planned.iter().any(|i| &i.id == b))
                        || l.key_results.iter().any(|k| krs.contains(k))
                })
        })
        .filter(|e| match (m.date, e.end) {
            (Some(date), Some(end)) => end >= date,
            _ => true,
        })
        .map(|e| ExperimentLine {
            id: e.id.clone(),
            title: e.title.clone().unwrap_or_else(|| e.hypothesis.clone()),
            status: e.status.map(|s| s.as_str().to_string()),
            verdict: e.result.as_ref().and_then(|r| r.verdict).map(|v| v.as_str().to_string()),
            decision: e.decision.map(|d| d.as_str().to_string()),
        })
        .collect();
    let feedback = ws
        .feedback
        .iter()
        .map(|d| &d.value)
        .filter(|f| m.date.is_none_or(|date| f.date.is_some_and(|d| d >= date)))
        .filter_map(|f| {
            let about: Vec<String> = f
                .links
                .iter()
                .map(|l| l.to.clone())
                .filter(|to| planned.iter().any(|i| &i.id == to) || initiatives.contains(to))
                .collect();
            (!about.is_empty()).then(|| FeedbackLine {
                id: f.id.clone(),
                date: f.date,
                customer: f.customer.clone(),
                sentiment: f.sentiment.map(|s| s.as_str().to_string()),
                summary: f.summary.clone(),
                about,
            })
        })
        .collect();
    let launch = m.launch.clone().unwrap_or_default();
    Ok(Report {
        id: m.id.clone(),
        name: m.name.clone(),
        date: m.date,
        shipped: m.status == Some(crate::model::roadmap::MilestoneStatus::Shipped),
        items_shipped: counted.iter().filter(|s| s.shipped).count(),
        items_planned: counted.len(),
        points_shipped: points(true),
        points_planned: points(false),
        scope,
        checklist: launch.checklist,
        rollout: launch.rollout,
        rollback: launch.rollback,
        initiatives,
        metrics,
        key_results: key_results
            .iter()
            .map(|kr| KrLine {
                id: kr.id.clone(),
                title: kr.title.clone(),
                progress: super::okr::kr_view(ws, kr, None).progress,
            })
            .collect(),
        experiments,
        feedback,
    })
}

/// A metric's overall series around `date`.
fn around(m: &crate::model::Metric, date: Date) -> MetricAround {
    let series = m.series(None);
    let point = |o: &&crate::model::metric::Observation| Point { period: o.period.clone(), value: o.value };
    let ended_before = |o: &&&crate::model::metric::Observation| o.parsed_period().is_some_and(|p| p.end() < date);
    let before = series.iter().rev().find(ended_before).map(point);
    let during =
        series.iter().rev().find(|o| o.parsed_period().is_some_and(|p| p.start() < date && p.end() >= date)).map(point);
    let after: Vec<Point> =
        series.iter().filter(|o| o.parsed_period().is_some_and(|p| p.start() >= date)).map(point).collect();
    let change = match (&before, after.last()) {
        (Some(b), Some(a)) => Some(a.value - b.value),
        _ => None,
    };
    MetricAround { id: m.id.clone(), name: m.name.clone(), unit: m.unit.clone(), before, during, after, change }
}
