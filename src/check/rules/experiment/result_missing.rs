use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::experiment::ExperimentStatus;

pub(super) static RULE: Rule = Rule {
    name: "experiment-result-missing",
    severity: Severity::Error,
    summary: "a concluded experiment has no verdict or decision",
    explanation: "\
Build–Measure–Learn ends in a decision: an experiment marked `concluded` says
whether the hypothesis held (`result.verdict`: validated, invalidated or
inconclusive) and what the team does next (`decision`: persevere, pivot or
stop). Without them the experiment taught nobody anything.

Example: `status: concluded` with no `result:` block.

Fix: record the outcome, e.g. `result: {observed: 3.4, verdict: validated}`
and `decision: persevere` (`pm experiment conclude` writes both), or set the
status back to `running`.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.experiments {
        let e = &doc.value;
        if e.status() != ExperimentStatus::Concluded {
            continue;
        }
        let mut missing = Vec::new();
        if e.verdict().is_none() {
            missing.push("a verdict");
        }
        if e.decision.is_none() {
            missing.push("a decision");
        }
        if !missing.is_empty() {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/status",
                    format!("{} is concluded without {}", e.id, missing.join(" or ")),
                )
                .label("concluded")
                .help("add `result: {observed: V, verdict: validated|invalidated|inconclusive}` and `decision: persevere|pivot|stop`"),
            );
        }
    }
}
