//! The roadmap (`product/roadmap.yaml`): themes, initiatives (`RM-n`) and
//! milestones (`MS-n`), and the progress of initiatives computed from the
//! backlog.

use serde::{Deserialize, Deserializer, Serialize};

use super::cycle::Cycle;
use super::date::Date;

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Roadmap {
    /// Strategic themes initiatives are grouped by.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Theme>>")]
    pub themes: Vec<Theme>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Initiative>>")]
    pub initiatives: Vec<Initiative>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Milestone>>")]
    pub milestones: Vec<Milestone>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A theme: a name, or a name with a description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Theme {
    Name(String),
    Described {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
}

impl Theme {
    pub fn name(&self) -> &str {
        match self {
            Theme::Name(n) | Theme::Described { name: n, .. } => n,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Initiative {
    /// `RM-<n>`.
    #[schemars(regex(pattern = r"^RM-[1-9][0-9]*$"))]
    pub id: String,
    pub title: String,
    /// The outcome this initiative is for, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// now, next or later; required unless dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<Horizon>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// A quarter instead of start/end: `2027-Q1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarter: Option<Cycle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<InitiativeStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Objectives (`OBJ-n`) this initiative serves.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub objectives: Vec<String>,
    /// Key results (`KR-n`) this initiative moves.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub key_results: Vec<String>,
    /// Milestones (`MS-n`) of this initiative.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub milestones: Vec<String>,
    /// internal (default) or external: `--external` shows only external ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The health the team states, overriding the computed one, with why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<HealthNote>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    Now,
    Next,
    Later,
}

impl Horizon {
    pub const ALL: [Horizon; 3] = [Horizon::Now, Horizon::Next, Horizon::Later];

    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::Now => "now",
            Horizon::Next => "next",
            Horizon::Later => "later",
        }
    }

    pub fn parse(s: &str) -> Option<Horizon> {
        Horizon::ALL.into_iter().find(|h| h.as_str() == s)
    }
}

/// How an initiative is doing, as a stakeholder update says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::OnTrack => "on track",
            Health::AtRisk => "at risk",
            Health::OffTrack => "off track",
        }
    }
}

/// A health stated by the team, with the reason (`health: {status: at_risk, reason: ...}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HealthNote {
    pub status: Health,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeStatus {
    Proposed,
    Planned,
    InProgress,
    Done,
    Cancelled,
}

impl InitiativeStatus {
    pub const ALL: [InitiativeStatus; 5] = [
        InitiativeStatus::Proposed,
        InitiativeStatus::Planned,
        InitiativeStatus::InProgress,
        InitiativeStatus::Done,
        InitiativeStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeStatus::Proposed => "proposed",
            InitiativeStatus::Planned => "planned",
            InitiativeStatus::InProgress => "in_progress",
            InitiativeStatus::Done => "done",
            InitiativeStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<InitiativeStatus> {
        InitiativeStatus::ALL.into_iter().find(|h| h.as_str() == s)
    }

    /// Still to be delivered.
    pub fn is_open(self) -> bool {
        matches!(self, InitiativeStatus::Proposed | InitiativeStatus::Planned | InitiativeStatus::InProgress)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Internal,
    External,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Milestone {
    /// `MS-<n>`.
    #[schemars(regex(pattern = r"^MS-[1-9][0-9]*$"))]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MilestoneKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MilestoneStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Each time the date moved: from, to, when, and why (`pm milestone slip`).
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Slip>>")]
    pub slips: Vec<Slip>,
    /// For a launch: its checklist, rollout and rollback plans (`pm milestone checklist`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch: Option<Launch>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// What a launch needs besides its date: the checklist that must be done
/// before it ships, how it rolls out and how it is rolled back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Launch {
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<ChecklistItem>>")]
    pub checklist: Vec<ChecklistItem>,
    /// How the launch reaches users (stages, percentages, regions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollout: Option<String>,
    /// How it is undone if it goes wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback: Option<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One thing to do before a launch ships.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChecklistItem {
    pub item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default)]
    pub done: bool,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Launch {
    /// The checklist items not done yet.
    pub fn open(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.checklist.iter().filter(|c| !c.done)
    }
}

/// A milestone's date moving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Slip {
    /// The date it had.
    pub from: Date,
    /// The date it got.
    pub to: Date,
    /// When the slip was recorded.
    pub on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    Release,
    Launch,
    Milestone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Planned,
    Shipped,
    Missed,
}

impl Initiative {
    pub fn status(&self) -> InitiativeStatus {
        self.status.unwrap_or(InitiativeStatus::Proposed)
    }

    /// Start and end, from the dates or the quarter.
    pub fn span(&self) -> (Option<Date>, Option<Date>) {
        let start = self.start.or(self.quarter.map(Cycle::start));
        let end = self.end.or(self.quarter.map(Cycle::end));
        (start, end)
    }

    /// The horizon as written, or derived from the dates: running or
    /// starting within a quarter is now, within two quarters next, else later.
    pub fn horizon_at(&self, today: Date) -> Option<Horizon> {
        if self.horizon.is_some() {
            return self.horizon;
        }
        let (start, end) = self.span();
        let start = start.or(end)?;
        Some(if start <= today.add_days(90) {
            Horizon::Now
        } else if start <= today.add_days(180) {
            Horizon::Next
        } else {
            Horizon::Later
        })
    }

    pub fn is_external(&self) -> bool {
        self.visibility == Some(Visibility::External)
    }
}

/// Progress of an initiative from the backlog items under it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Progress {
    pub done: f64,
    pub total: f64,
    /// `estimate` when every counted item has an estimate, else `count`.
    pub basis: Basis,
    /// Items counted (leaf items under the linked epics, won't-do excluded).
    pub items: usize,
    /// Items in progress or done.
    pub started: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Basis {
    Estimate,
    Count,
}

impl Progress {
    /// Done share, 0.0 to 1.0; `None` when nothing is counted.
    pub(crate) fn ratio(&self) -> Option<f64> {
        (self.total > 0.0).then(|| self.done / self.total)
    }
}

/// One counted item: its points (if estimated), and whether it is done / started.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Work {
    pub points: Option<f64>,
    pub done: bool,
    pub started: bool,
}

/// Progress over the counted items.
pub(crate) fn progress(work: &[Work]) -> Progress {
    let by_estimate = !work.is_empty() && work.iter().all(|w| w.points.is_some());
    let weight = |w: &Work| if by_estimate { w.points.unwrap_or(0.0) } else { 1.0 };
    Progress {
        // Summing from 0.0: an empty f64 sum is -0.0, which would print as "-0%".
        done: work.iter().filter(|w| w.done).map(weight).fold(0.0, |a, b| a + b),
        total: work.iter().map(weight).fold(0.0, |a, b| a + b),
        basis: if by_estimate { Basis::Estimate } else { Basis::Count },
        items: work.len(),
        started: work.iter().filter(|w| w.started || w.done).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_by_estimate_or_count() {
        let w = |points, done| Work { points, done, started: done };
        let p = progress(&[w(Some(5.0), true), w(Some(3.0), false), w(Some(2.0), true)]);
        assert_eq!((p.done, p.total, p.basis), (7.0, 10.0, Basis::Estimate));
        assert_eq!(p.ratio(), Some(0.7));
        let p = progress(&[w(Some(5.0), true), w(None, false), w(None, false), w(Some(1.0), false)]);
        assert_eq!((p.done, p.total, p.basis), (1.0, 4.0, Basis::Count));
        assert_eq!(progress(&[]).ratio(), None);
    }

    #[test]
    fn horizons_follow_dates_when_not_written() {
        let today: Date = "2026-11-28".parse().unwrap();
        let mut i: Initiative = yaml_serde::from_str("id: RM-1\ntitle: t\nquarter: 2027-Q1\n").unwrap();
        assert_eq!(i.horizon_at(today), Some(Horizon::Now));
        i.quarter = "2027-Q2".parse().ok();
        assert_eq!(i.horizon_at(today), Some(Horizon::Next));
        i.quarter = "2027-Q4".parse().ok();
        assert_eq!(i.horizon_at(today), Some(Horizon::Later));
        i.horizon = Some(Horizon::Now);
        assert_eq!(i.horizon_at(today), Some(Horizon::Now));
        assert_eq!(i.span().1.unwrap().to_string(), "2027-12-31");
    }
}
