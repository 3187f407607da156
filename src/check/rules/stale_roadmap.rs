use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::roadmap::MilestoneStatus;

pub(super) static RULE: Rule = Rule {
    name: "stale-roadmap",
    severity: Severity::Warning,
    summary: "an initiative or milestone is past its date but still open",
    explanation: "\
A roadmap people trust is current. An initiative whose `end` has passed while
its status is still proposed, planned or in progress, or a milestone whose
`date` has passed while it is still `planned`, tells stakeholders something
that is no longer true.

Example: `end: 2026-09-30` with `status: in_progress` in November.

Fix: mark it done (or the milestone shipped or missed), or move the date.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(roadmap) = &cx.ws.roadmap else { return };
    for (i, initiative) in roadmap.value.initiatives.iter().enumerate() {
        if let (_, Some(end)) = initiative.span()
            && end < cx.today
            && initiative.status().is_open()
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &roadmap.path,
                    format!("/initiatives/{i}/status"),
                    format!("{} ended on {end} but is still {}", initiative.id, initiative.status().as_str()),
                )
                .label("stale")
                .help(format!("pm roadmap status {} done, or move its end date", initiative.id)),
            );
        }
    }
    for (i, milestone) in roadmap.value.milestones.iter().enumerate() {
        if let Some(date) = milestone.date
            && date < cx.today
            && milestone.status.unwrap_or(MilestoneStatus::Planned) == MilestoneStatus::Planned
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &roadmap.path,
                    format!("/milestones/{i}/date"),
                    format!("{} was due on {date} and is still planned", milestone.id),
                )
                .label("past")
                .help(format!("pm milestone ship {}, or mark it missed, or move the date", milestone.id)),
            );
        }
    }
}
