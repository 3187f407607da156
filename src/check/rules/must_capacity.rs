use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::score::format_number;

pub static RULE: Rule = Rule {
    name: "must-capacity",
    severity: Severity::Warning,
    summary: "Must items take more than 60% of a milestone's or an iteration's estimate",
    explanation: "\
DSDM's MoSCoW guideline: Must-haves are at most 60% of the effort of a
timebox or release, so that the Shoulds and Coulds leave room to absorb
surprises. pm adds the estimates of the items planned for a milestone (their
`milestone` field) and of those planned into an iteration (their `iteration`
field, an iteration being a timebox); items in `wont_do` and items without
an estimate do not count. It warns when those with priority `must` take more
than `capacity.must_share` of pm.yaml (default 0.6) of the total.

Example: MS-2 plans 20 points, 14 of them Must: 70%.

Fix: move some Musts to Should or to a later milestone, or add capacity.",
    scope: Scope::Workspace { all: check, item: None },
};

/// The Must points and the total points planned for each milestone, in
/// roadmap order.
fn planned<'a>(cx: &'a Cx) -> Vec<(usize, &'a str, f64, f64)> {
    let mut out = Vec::new();
    for (i, milestone) in cx.ws.milestones().iter().enumerate() {
        let (mut must, mut total) = (0.0, 0.0);
        for doc in &cx.ws.items {
            let item = &doc.value;
            if item.milestone.as_deref() != Some(milestone.id.as_str()) || item.status() == "wont_do" {
                continue;
            }
            let Some(points) = item.estimate.as_ref().and_then(|e| e.points(cx.config)) else { continue };
            total += points;
            if item.priority.as_deref() == Some("must") {
                must += points;
            }
        }
        out.push((i, milestone.id.as_str(), must, total));
    }
    out
}

/// The Must points and the total points of the items planned into each
/// iteration, in file order.
fn committed<'a>(cx: &'a Cx) -> Vec<(usize, &'a str, f64, f64)> {
    let mut out = Vec::new();
    for (i, it) in cx.ws.iterations().iter().enumerate() {
        let (mut must, mut total) = (0.0, 0.0);
        for doc in &cx.ws.items {
            let item = &doc.value;
            if item.iteration.as_deref() != Some(it.id.as_str()) || item.status() == "wont_do" {
                continue;
            }
            let Some(points) = item.estimate.as_ref().and_then(|e| e.points(cx.config)) else { continue };
            total += points;
            if item.priority.as_deref() == Some("must") {
                must += points;
            }
        }
        out.push((i, it.id.as_str(), must, total));
    }
    out
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let limit = cx.config.capacity.must_share;
    let share = |must: f64, total: f64| -> Option<String> {
        (total > 0.0 && must / total > limit + 1e-9).then(|| {
            format!(
                "{}% of its estimate ({} of {} points), above {}%",
                format_number((must / total * 100.0).round()),
                format_number(must),
                format_number(total),
                format_number((limit * 100.0).round())
            )
        })
    };
    if let Some(doc) = &cx.ws.iterations {
        for (i, id, must, total) in committed(cx) {
            if let Some(over) = share(must, total) {
                out.push(
                    Finding::new(RULE.name, &doc.path, format!("/{i}"), format!("Must items of {id} are {over}"))
                        .at_key()
                        .label("over capacity")
                        .help("move some Musts to Should or to a later iteration"),
                );
            }
        }
    }
    let Some(roadmap) = &cx.ws.roadmap else { return };
    for (i, id, must, total) in planned(cx) {
        if total <= 0.0 || must / total <= limit + 1e-9 {
            continue;
        }
        out.push(
            Finding::new(
                RULE.name,
                &roadmap.path,
                format!("/milestones/{i}"),
                format!(
                    "Must items are {}% of {id}'s estimate ({} of {} points), above {}%",
                    format_number((must / total * 100.0).round()),
                    format_number(must),
                    format_number(total),
                    format_number((limit * 100.0).round())
                ),
            )
            .at_key()
            .label("over capacity")
            .help("move some Musts to Should or to a later milestone"),
        );
    }
}
