//! Rules of iterations (`iterations.yaml`): their days, and items planned
//! into one that is closed.

use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static OVERLAP: Rule = Rule {
    name: "iteration-overlap",
    severity: Severity::Error,
    summary: "two iterations share days",
    explanation: "\
Iterations are consecutive timeboxes: each day belongs to at most one, so
that `--iteration current` names one iteration and velocity counts each
finished item once.

Example: IT-3 from 2027-01-04 to 2027-01-15 and IT-4 from 2027-01-15 to
2027-01-29.

Fix: move the start of the later one past the end of the earlier one.",
    scope: Scope::Workspace { all: overlap, item: None },
};

pub(super) static CLOSED: Rule = Rule {
    name: "closed-iteration",
    severity: Severity::Error,
    summary: "an open item is planned into a closed iteration",
    explanation: "\
A closed iteration takes no more items: `pm iteration close` moves its
unfinished items to the next iteration or out of any. An item that is not
done and names a closed iteration was planned into it afterwards, or
reopened.

Example: `iteration: IT-2` on an item in `ready` while IT-2 has `closed: true`.

Fix: plan the item into an open iteration (`pm iteration plan IT-n BL-n`), or
remove its `iteration`.",
    scope: Scope::Workspace { all: closed, item: None },
};

fn overlap(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(doc) = &cx.ws.iterations else { return };
    let list = &doc.value;
    // Each iteration that overlaps an earlier one (by position) is reported once.
    for (j, b) in list.iter().enumerate() {
        if let Some(a) = list[..j].iter().find(|a| a.overlaps(b) && a.start <= a.end && b.start <= b.end) {
            out.push(
                Finding::new(
                    OVERLAP.name,
                    &doc.path,
                    format!("/{j}/start"),
                    format!("{} ({} to {}) overlaps {} ({} to {})", b.id, b.start, b.end, a.id, a.start, a.end),
                )
                .label(format!("within {}", a.id))
                .help("iterations do not share days: move one of them"),
            );
        }
    }
}

fn closed(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.items {
        let item = &doc.value;
        let Some(id) = item.iteration.as_deref() else { continue };
        let Some(it) = cx.ws.iteration(id) else { continue };
        if it.closed && !cx.config.is_closed(item.status()) {
            out.push(
                Finding::new(
                    CLOSED.name,
                    &doc.path,
                    "/iteration".to_string(),
                    format!("{} is {} but planned into {id}, which is closed", item.id, item.status()),
                )
                .label("closed iteration")
                .help("plan it into an open iteration: pm iteration plan IT-n ID"),
            );
        }
    }
}
