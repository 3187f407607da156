use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::okr::file_cycle;

pub(super) static RULE: Rule = Rule {
    name: "okr-cycle-mismatch",
    severity: Severity::Error,
    summary: "an OKR file is not named after a cycle, or an objective names another cycle",
    explanation: "\
Each file in okrs/ holds one cycle and is named after it: `okrs/2027-Q1.yaml`
(a quarter) or `okrs/2027.yaml` (a year). An objective's `cycle:` field, when
present, must be that cycle, so that scores, expected progress and check-in
dates are measured against the right period.

Fix: move the objective to the file of its cycle, or correct `cycle:`.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.okrs {
        let Some(cycle) = file_cycle(&doc.path) else {
            out.push(
                Finding::new(RULE.name, &doc.path, "", "the file name is not a cycle (YYYY-Qn.yaml or YYYY.yaml)")
                    .help("rename it after its cycle, for example okrs/2027-Q1.yaml"),
            );
            continue;
        };
        for (i, o) in doc.value.iter().enumerate() {
            if let Some(c) = o.cycle
                && c != cycle
            {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/{i}/cycle"),
                        format!("{} says cycle {c} but is in the file of {cycle}", o.id),
                    )
                    .label("another cycle"),
                );
            }
        }
    }
}
