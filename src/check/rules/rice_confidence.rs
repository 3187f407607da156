use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::Item;
use crate::model::config::Severity;
use crate::model::score::RICE_CONFIDENCES;
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "rice-confidence",
    severity: Severity::Warning,
    summary: "a RICE confidence is not 100%, 80% or 50%",
    explanation: "\
Intercom's RICE uses three confidence levels: 100% (high), 80% (medium) and
50% (low); anything below 50% is a moonshot. Other values suggest false
precision. Write them as fractions (0.8) or percents (80).

Example: `confidence: 0.65`.

Fix: round to the nearest level, or turn the rule off in pm.yaml
(`rules: {rice-confidence: off}`).",
    scope: Scope::Item(check),
};

fn check(_: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    if let Some(rice) = &doc.value.rice {
        let c = rice.confidence_fraction();
        if (0.0..=1.0).contains(&c) && c > 0.0 && !RICE_CONFIDENCES.iter().any(|l| (l - c).abs() < 1e-9) {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/rice/confidence",
                    format!("RICE confidence {} is not 100%, 80% or 50%", rice.confidence),
                )
                .label("unusual confidence")
                .help("use 1.0, 0.8 or 0.5"),
            );
        }
    }
}
