use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "feedback-importance",
    severity: Severity::Error,
    summary: "a feedback link's importance is not 1, 2 or 3",
    explanation: "\
Each link from feedback to the work it asks for carries an importance, as
Productboard's insights do: 1 nice to have, 2 important, 3 critical. Demand
multiplies the highest importance a customer gave by the customer's tier
weight, so an importance of 10 would let one piece of feedback outweigh
ten customers.

Example: `links: [{to: BL-42, importance: 5}]`.

Fix: use 1, 2 or 3.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.feedback {
        for (i, link) in doc.value.links.iter().enumerate() {
            if let Some(n) = link.importance
                && !(1..=3).contains(&n)
            {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/links/{i}/importance"),
                        format!("importance {n} of the link to {} is not 1, 2 or 3", link.to),
                    )
                    .label("outside 1–3")
                    .help("1 nice to have, 2 important, 3 critical"),
                );
            }
        }
    }
}
