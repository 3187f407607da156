use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "experiment-overdue",
    severity: Severity::Warning,
    summary: "an experiment is still running after its end date",
    explanation: "\
An experiment runs for the period it was planned for; one still `running`
after its `end` either has a result nobody recorded or was extended without
saying so. Running longer than planned also weakens an A/B test: peeking
until the numbers look good inflates false positives.

Example: `status: running` with `end: 2026-11-01` on 2026-11-28.

Fix: record the result with `pm experiment conclude`, stop it with
`pm experiment abort`, or move its end date.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.experiments {
        let e = &doc.value;
        if let Some(end) = e.end
            && e.is_overdue(cx.today)
        {
            out.push(
                Finding::new(RULE.name, &doc.path, "/end", format!("{} was planned to end on {end} and is still running", e.id))
                    .label("past")
                    .help(format!(
                        "record the result (pm experiment conclude {id}), stop it (pm experiment abort {id}), or move the end date",
                        id = e.id
                    )),
            );
        }
    }
}
