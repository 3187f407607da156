use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "kr-weights",
    severity: Severity::Error,
    summary: "key result weights do not add up to 1 (or 100)",
    explanation: "\
When every key result of an objective has a `weight`, the weights must add up
to 1 (±0.001), or to 100 when written as percents; otherwise the objective's
score is not what the team thinks it is. Without weights, key results count
equally.

Example: weights 0.5, 0.3 and 0.3.

Fix: adjust the weights, or remove them all.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (doc, i, o) in super::objectives(cx.ws) {
        if o.key_results.is_empty() || !o.key_results.iter().all(|k| k.weight.is_some()) {
            continue;
        }
        let sum: f64 = o.key_results.iter().filter_map(|k| k.weight).sum();
        let ok = (sum - 1.0).abs() <= 0.001 || (sum - 100.0).abs() <= 0.1;
        if !ok {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    format!("/{i}/key_results"),
                    format!("the weights of {}'s key results add up to {sum}", o.id),
                )
                .at_key()
                .label("weights here")
                .help("make them add up to 1 (or 100), or remove them for equal weights"),
            );
        }
    }
}
