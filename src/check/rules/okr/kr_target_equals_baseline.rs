use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "kr-target-equals-baseline",
    severity: Severity::Error,
    summary: "a metric key result's target equals its baseline",
    explanation: "\
Progress is (current − baseline) / (target − baseline): with the target equal
to the baseline there is nothing to move and no progress can be computed.

Example: `baseline: 5` and `target: 5`.

Fix: set the target the key result aims for.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (doc, i, o) in super::objectives(cx.ws) {
        for (k, kr) in o.key_results.iter().enumerate() {
            if !kr.is_milestone()
                && let (Some(b), Some(t)) = (kr.baseline, kr.target)
                && b == t
            {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/{i}/key_results/{k}/target"),
                        format!("{} has target = baseline ({t})", kr.id),
                    )
                    .label("same as the baseline"),
                );
            }
        }
    }
}
