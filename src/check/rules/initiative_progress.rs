use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::{Category, Severity};
use crate::model::roadmap::{Horizon, InitiativeStatus};

pub(super) static RULE: Rule = Rule {
    name: "initiative-done-with-open-epics",
    severity: Severity::Error,
    summary: "an initiative is done while epics linked to it are open",
    explanation: "\
An initiative is delivered by the epics that link to it (`initiative: RM-n`
on the epic). Marking it done while one of them is still open misreports
the roadmap.

Example: RM-2 `status: done` while BL-3 (`initiative: RM-2`) is in progress.

Fix: finish or close the epics, or reopen the initiative.",
    scope: Scope::Workspace { all: check_done, item: None },
};

pub(super) static NOW_RULE: Rule = Rule {
    name: "now-without-work",
    severity: Severity::Warning,
    summary: "a `now` initiative has no ready or in-progress epic",
    explanation: "\
The `now` horizon is what the team is working on. An initiative there with no
linked epic that is ready or in progress is either not really `now`, or its
work is not in the backlog yet.

Fix: link an epic (`initiative: RM-n` on the epic) and start it, or move the
initiative to `next`.",
    scope: Scope::Workspace { all: check_now, item: None },
};

fn check_done(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(roadmap) = &cx.ws.roadmap else { return };
    for (i, initiative) in roadmap.value.initiatives.iter().enumerate() {
        if initiative.status() != InitiativeStatus::Done {
            continue;
        }
        let open: Vec<String> = cx
            .ws
            .linked_to_initiative(&initiative.id)
            .filter(|d| !cx.config.is_closed(d.value.status()))
            .map(|d| format!("{} ({})", d.value.id, d.value.status()))
            .collect();
        if !open.is_empty() {
            out.push(
                Finding::new(
                    RULE.name,
                    &roadmap.path,
                    format!("/initiatives/{i}/status"),
                    format!("{} is done but linked epics are open: {}", initiative.id, open.join(", ")),
                )
                .label("open epics"),
            );
        }
    }
}

fn check_now(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(roadmap) = &cx.ws.roadmap else { return };
    for (i, initiative) in roadmap.value.initiatives.iter().enumerate() {
        if initiative.horizon != Some(Horizon::Now) || !initiative.status().is_open() {
            continue;
        }
        let working = cx.ws.linked_to_initiative(&initiative.id).any(|d| {
            let status = d.value.status();
            status == "ready" || cx.config.category(status) == Category::InProgress && status != "blocked"
        });
        if !working {
            out.push(
                Finding::new(
                    NOW_RULE.name,
                    &roadmap.path,
                    format!("/initiatives/{i}/horizon"),
                    format!("{} is on the now horizon but no linked epic is ready or in progress", initiative.id),
                )
                .label("nothing started")
                .help("link an epic with `initiative:` and start it, or move the initiative to next"),
            );
        }
    }
}
