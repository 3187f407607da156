use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "tier-weight",
    severity: Severity::Error,
    summary: "a tier weight is not a number above 0",
    explanation: "\
Demand multiplies each customer's highest importance by the weight of the
customer's tier (`tier_weights` in customers.yaml). A weight of 0 or below
would make a customer's asking count for nothing, or against the work it
asks for, and reorder every demand ranking without a word.

Example: `tier_weights: {enterprise: 3, mid_market: -2}`.

Fix: give every tier a weight above 0 (`pm customer weights mid_market=2`);
leave a tier out to weigh it 1.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(doc) = &cx.ws.customers else { return };
    for (tier, w) in &doc.value.tier_weights {
        if !(w.is_finite() && *w > 0.0) {
            out.push(
                Finding::new(RULE.name, &doc.path, format!("/tier_weights/{tier}"), format!("tier {tier} weighs {w}"))
                    .label("not above 0")
                    .help(format!("give it a weight above 0: `pm customer weights {tier}=1`")),
            );
        }
    }
}
