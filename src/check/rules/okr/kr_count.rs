use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "kr-count",
    severity: Severity::Warning,
    summary: "an objective has no key results, or more than five",
    explanation: "\
An objective without key results cannot be scored; one with more than five
has lost focus. Google's guidance is three to five.

Fix: add measurable key results, or split the objective.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (doc, i, o) in super::objectives(cx.ws) {
        let n = o.key_results.len();
        if n == 0 || n > 5 {
            let message =
                if n == 0 { format!("{} has no key results", o.id) } else { format!("{} has {n} key results", o.id) };
            out.push(
                Finding::new(RULE.name, &doc.path, format!("/{i}/id"), message)
                    .label("this objective")
                    .help("three to five key results work best"),
            );
        }
    }
}
