use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "experiment-dates",
    severity: Severity::Error,
    summary: "an experiment ends before it starts",
    explanation: "\
An experiment's `end` must not be earlier than its `start`. Usually one of the
dates is a typo, and the result cannot be matched with the metric's
observations over the period.

Example: `start: 2026-10-05` with `end: 2026-09-05`.

Fix: correct the dates.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.experiments {
        let e = &doc.value;
        if let (Some(start), Some(end)) = (e.start, e.end)
            && end < start
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/end",
                    format!("{} ends on {end}, before it starts on {start}", e.id),
                )
                .label("before the start")
                .help("correct the start or the end date"),
            );
        }
    }
}
