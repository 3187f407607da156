use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "unknown-tier",
    severity: Severity::Info,
    summary: "a customer's tier is not one of tier_weights",
    explanation: "\
A customer whose tier is not listed in `tier_weights` weighs 1 in demand
(DOMAIN.md §9). That is what a team means for a tier it chose not to
weigh, but usually it is a typo (`Enterprise` for `enterprise`) that makes
the customer count a third of what they should.

Example: `tier_weights: {enterprise: 3}` and `- {id: acme, tier: Enterprise}`.

Fix: use a listed tier, or add the tier to tier_weights.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(doc) = &cx.ws.customers else { return };
    let weights = &doc.value.tier_weights;
    if weights.is_empty() {
        return;
    }
    for (i, c) in doc.value.customers.iter().enumerate() {
        let Some(tier) = &c.tier else { continue };
        if weights.contains_key(tier) {
            continue;
        }
        let listed: Vec<&str> = weights.keys().map(String::as_str).collect();
        let close = crate::model::id::closest(tier, listed.iter().copied());
        let help = match close.first() {
            Some(t) => format!("did you mean {t}? Listed tiers: {}", listed.join(", ")),
            None => format!("listed tiers: {}; add {tier} to tier_weights to weigh it", listed.join(", ")),
        };
        out.push(
            Finding::new(
                RULE.name,
                &doc.path,
                format!("/customers/{i}/tier"),
                format!("{}'s tier {tier} is not in tier_weights: it weighs 1", c.id),
            )
            .label("not a listed tier")
            .help(help),
        );
    }
}
