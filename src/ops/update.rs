//! `pm report update`: a stakeholder update over a window, built from git
//! history: what shipped, how the roadmap moved, OKR scores, metrics
//! against their targets, experiments concluded, and each open initiative's
//! health.

use serde::Serialize;

use crate::diff::{self, Action, ArtifactKind, Change};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::model::roadmap::{Health, InitiativeStatus};
use crate::store::{Product, Source, Workspace};

/// An item that moved into a done status in the window.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Shipped {
    pub id: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub prd: Option<String>,
}

/// A change to an artifact, in words (`slipped 14 days: end 2027-01-31 → 2027-02-14`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Moved {
    pub id: String,
    pub title: String,
    pub what: String,
}

/// A number at the start and at the end of the window.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Number {
    pub id: String,
    pub title: String,
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// For a metric: its unit, target and how far the latest value is from it.
    pub unit: Option<String>,
    pub target: Option<f64>,
    pub target_met: Option<bool>,
}

/// An open initiative's health: stated by the team (with a reason) or computed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InitiativeHealth {
    pub id: String,
    pub title: String,
    pub health: Health,
    pub reasons: Vec<String>,
    /// Whether the team stated it (`health:` on the initiative).
    pub stated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Update {
    pub since: Date,
    pub until: Date,
    /// The last commit before the window (its state is the starting point).
    pub base: String,
    /// The revision the window ends at (`HEAD`).
    pub head: String,
    pub shipped: Vec<Shipped>,
    pub milestones_shipped: Vec<Moved>,
    pub roadmap: Vec<Moved>,
    pub objectives: Vec<Number>,
    pub metrics: Vec<Number>,
    pub experiments: Vec<Moved>,
    pub health: Vec<InitiativeHealth>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<diff::Unreadable>,
}

/// The last commit on HEAD's history made before `since` (the state the
/// window starts from).
fn base_commit(product: &Product, head: &str, since: Date) -> Result<String> {
    let repo = product.repo()?;
    if !repo.has_commits() {
        return Err(Error::Git { message: "the repository has no commits yet".into(), hint: None });
    }
    for (c, date) in super::history::dated_commits(product, head)? {
        if date.is_some_and(|d| d < since) {
            return Ok(c);
        }
    }
    Err(Error::refused(format!("the history starts on or after {since}: there is no state before the window"))
        .with_hint("use a later --since"))
}

fn field<'a>(c: &'a Change, name: &str) -> Option<&'a diff::FieldChange> {
    c.fields.iter().find(|f| f.field == name)
}

fn text(v: &Option<serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => "—".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The day the commit `rev` was made (where an update as of it ends).
pub(crate) fn revision_date(product: &Product, rev: &str) -> Result<Date> {
    let repo = product.repo()?;
    let commit = repo.commit(&repo.commit_id(rev)?)?;
    Date::from_unix(commit.time, commit.offset_minutes)
        .ok_or_else(|| Error::refused(format!("the commit {} has no date pm can read", commit.short)))
}

/// The update for `since ..= until` as of the revision `at`.
pub(crate) fn update_at(product: &Product, at: &str, since: Date, until: Date) -> Result<Update> {
    let base = base_commit(product, at, since)?;
    // Both sides in full: a score moves when a metric does, in another file.
    let (before, head, _) = crate::store::load_pair(product, &Source::Rev(base.clone()), &Source::Rev(at.to_string()))?;
    let mut unreadable = diff::unreadable(&before, &diff::source_name(&Source::Rev(base.clone())));
    unreadable.extend(diff::unreadable(&head, at));
    let changes = diff::diff(&before, &head, until);
    let head = &head;
    let config = &head.config.value;
    let mut u = Update {
        since,
        until,
        base: base.chars().take(7).collect(),
        head: at.to_string(),
        shipped: Vec::new(),
        milestones_shipped: Vec::new(),
        roadmap: Vec::new(),
        objectives: Vec::new(),
        metrics: Vec::new(),
        experiments: Vec::new(),
        health: Vec::new(),
        unreadable,
    };
    let done = |s: Option<&str>| s.is_some_and(|s| config.is_closed(s) && s != "wont_do");
    for c in &changes {
        let moved = |what: String| Moved { id: c.id.clone(), title: c.title.clone(), what };
        match c.kind {
            ArtifactKind::Backlog => {
                let status = field(c, "status");
                let now_done = match (&c.action, status) {
                    (_, Some(f)) => {
                        done(f.new.as_ref().and_then(|v| v.as_str())) && !done(f.old.as_ref().and_then(|v| v.as_str()))
                    }
                    (Action::Added, None) => head.get(&c.id).is_some_and(|d| done(Some(d.value.status()))),
                    _ => false,
                };
                if now_done && let Some(d) = head.get(&c.id) {
                    u.shipped.push(Shipped {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        kind: d.value.kind.map(|k| k.as_str().to_string()),
                        prd: d.value.prd.clone(),
                    });
                }
            }
            ArtifactKind::Initiative | ArtifactKind::Milestone => {
                let mut parts = Vec::new();
                match &c.action {
                    Action::Added => parts.push("added".to_string()),
                    Action::Removed => parts.push("dropped".to_string()),
                    _ => {}
                }
                for f in &c.fields {
                    match f.field.as_str() {
                        "start" | "end" | "date" => parts.push(format!(
                            "{}: {} → {}{}",
                            f.field,
                            text(&f.old),
                            text(&f.new),
                            f.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
                        )),
                        "horizon" | "status" | "confidence" => {
                            parts.push(format!("{} {} → {}", f.field, text(&f.old), text(&f.new)))
                        }
                        _ => {}
                    }
                }
                let shipped = c.kind == ArtifactKind::Milestone
                    && field(c, "status").is_some_and(|f| f.new.as_ref().and_then(|v| v.as_str()) == Some("shipped"));
                if shipped {
                    let date =
                        head.milestone(&c.id).and_then(|m| m.date).map(|d| format!("on {d}")).unwrap_or_default();
                    u.milestones_shipped.push(moved(date));
                } else if !parts.is_empty() {
                    u.roadmap.push(moved(parts.join("; ")));
                }
            }
            ArtifactKind::Objective => {
                if let Some(f) = field(c, "current_score") {
                    u.objectives.push(Number {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        from: f.old.as_ref().and_then(|v| v.as_f64()),
                        to: f.new.as_ref().and_then(|v| v.as_f64()),
                        unit: None,
                        target: None,
                        target_met: None,
                    });
                }
            }
            ArtifactKind::Metric => {
                let Some(m) = head.metric(&c.id) else { continue };
                let latest = |ws: &Workspace| ws.metric(&c.id).and_then(|d| d.value.latest(None)).map(|o| o.value);
                let (from, to) = (latest(&before), latest(head));
                if from != to {
                    u.metrics.push(Number {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        from,
                        to,
                        unit: m.value.unit.clone(),
                        target: m.value.target.as_ref().map(|t| t.value),
                        target_met: to.and_then(|v| m.value.target_met(v)),
                    });
                }
            }
            ArtifactKind::Experiment => {
                let concluded =
                    field(c, "status").is_some_and(|f| f.new.as_ref().and_then(|v| v.as_str()) == Some("concluded"));
                if concluded && let Some(e) = head.experiment(&c.id) {
                    let verdict = e.value.verdict().map(|v| v.as_str()).unwrap_or("no verdict");
                    let decision = e.value.decision.map(|d| d.as_str()).unwrap_or("no decision");
                    u.experiments.push(moved(format!("{verdict}; {decision}")));
                }
            }
            _ => {}
        }
    }
    // Forecasts read history up to HEAD: for an update that ends at HEAD.
    let forecasts = (at == "HEAD")
        .then(|| super::forecast::initiative_forecasts(product, head, until, &crate::ops::progress::Silent))
        .flatten();
    u.health = health(head, until, forecasts.as_ref());
    Ok(u)
}

/// Each open initiative's health: the team's statement when it made one,
/// else off track when its end passed with work open, at risk when one of
/// its milestones is overdue or the 85 % forecast of its open work (from
/// `forecasts`, by initiative id) falls after its end, on track otherwise.
pub(crate) fn health(
    ws: &Workspace,
    today: Date,
    forecasts: Option<&std::collections::BTreeMap<String, crate::model::forecast::MilestoneForecast>>,
) -> Vec<InitiativeHealth> {
    let view = super::roadmap::view(ws, today, false);
    view.initiatives
        .iter()
        .filter(|r| matches!(r.initiative.status(), InitiativeStatus::Planned | InitiativeStatus::InProgress))
        .map(|r| {
            let i = r.initiative;
            if let Some(note) = &i.health {
                return InitiativeHealth {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    health: note.status,
                    reasons: vec![note.reason.clone()],
                    stated: true,
                };
            }
            let off = r.at_risk.iter().any(|reason| reason.starts_with("ended "));
            let mut reasons = r.at_risk.clone();
            if !off
                && let (Some(end), Some(f)) = (r.end_shown, forecasts.and_then(|f| f.get(&i.id)))
                && f.p85 > end
            {
                reasons.push(format!("85% forecast {} is after its end {end}", f.p85));
            }
            let health = if off {
                Health::OffTrack
            } else if reasons.is_empty() {
                Health::OnTrack
            } else {
                Health::AtRisk
            };
            InitiativeHealth { id: i.id.clone(), title: i.title.clone(), health, reasons, stated: false }
        })
        .collect()
}
