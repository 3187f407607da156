use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "end-before-start",
    severity: Severity::Error,
    summary: "a period ends before it starts",
    explanation: "\
An initiative's `end` must not be earlier than its `start` (or than the
start of its `quarter`), nor an iteration's `end` than its `start`. Usually
one of the dates is a typo.

Example: `start: 2027-03-01` with `end: 2027-01-31`.

Fix: correct the dates.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    if let Some(doc) = &cx.ws.iterations {
        for (i, it) in doc.value.iter().enumerate() {
            if it.end < it.start {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/{i}/end"),
                        format!("{} ends on {}, before it starts on {}", it.id, it.end, it.start),
                    )
                    .label("before the start"),
                );
            }
        }
    }
    let Some(roadmap) = &cx.ws.roadmap else { return };
    for (i, initiative) in roadmap.value.initiatives.iter().enumerate() {
        let (start, end) = initiative.span();
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &roadmap.path,
                    format!("/initiatives/{i}/end"),
                    format!("{} ends on {end}, before it starts on {start}", initiative.id),
                )
                .label("before the start"),
            );
        }
    }
}
