//! Roadmap operations: views with progress computed from the backlog, and
//! lossless edits of `roadmap.yaml` and `product.yaml`.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::config::Category;
use crate::model::roadmap::{self, Horizon, InitiativeStatus, MilestoneStatus, Progress, Work};
use crate::model::{Date, Initiative, Milestone};
use crate::store::Workspace;

/// One initiative as the views show it.
#[derive(Debug, Clone, Serialize)]
pub struct Row<'a> {
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
}

/// The roadmap with everything computed.
#[derive(Debug, Clone, Serialize)]
pub struct View<'a> {
    pub today: Date,
    pub initiatives: Vec<Row<'a>>,
    pub milestones: Vec<&'a Milestone>,
}

/// The progress of one initiative: leaf items under the epics linked to it,
/// won't-do items left out.
pub fn progress(ws: &Workspace, initiative: &str) -> (Progress, Vec<String>) {
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

pub fn view(ws: &Workspace, today: Date, external_only: bool) -> View<'_> {
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
            }
        })
        .collect();
    View { today, initiatives: rows, milestones: ws.milestones().iter().collect() }
}

/// How `pm roadmap show` groups initiatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    Horizon,
    Theme,
    Status,
    Objective,
}

/// Groups in display order; an initiative with several objectives appears under each.
pub fn group<'v, 'a>(view: &'v View<'a>, by: Grouping) -> Vec<(String, Vec<&'v Row<'a>>)> {
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
pub fn initiative<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Initiative)> {
    let wanted = input.trim().to_ascii_uppercase();
    ws.initiatives().iter().enumerate().find(|(_, i)| i.id == wanted).ok_or_else(|| Error::NotFound {
        noun: "initiative",
        suggestions: crate::model::id::closest(&wanted, ws.initiatives().iter().map(|i| i.id.as_str())),
        id: wanted,
    })
}

pub fn milestone<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Milestone)> {
    let wanted = input.trim().to_ascii_uppercase();
    ws.milestones().iter().enumerate().find(|(_, m)| m.id == wanted).ok_or_else(|| Error::NotFound {
        noun: "milestone",
        suggestions: crate::model::id::closest(&wanted, ws.milestones().iter().map(|m| m.id.as_str())),
        id: wanted,
    })
}
