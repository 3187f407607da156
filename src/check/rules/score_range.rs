use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::Item;
use crate::model::config::Severity;
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "score-range",
    severity: Severity::Error,
    summary: "a prioritisation input is outside its range",
    explanation: "\
Score inputs must make the formula meaningful: RICE effort is more than 0
person-months, reach is not negative and confidence lies between 0 and 100%;
each ICE component is a whole number from 1 to 10; WSJF job size is more than
0 and the value components are not negative. A zero effort or job size would
divide by zero.

Example: `rice: {reach: 500, impact: 1, confidence: 0.8, effort: 0}`.

Fix: correct the input shown.",
    scope: Scope::Item(check),
};

fn check(_: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let item = &doc.value;
    let mut bad = |at: &str, message: String| {
        out.push(Finding::new(RULE.name, &doc.path, at, message).label("out of range"));
    };
    if let Some(r) = &item.rice {
        if r.effort <= 0.0 {
            bad("/rice/effort", format!("RICE effort must be more than 0 person-months, not {}", r.effort));
        }
        if let crate::model::score::Reach::Number(reach) = r.reach
            && reach < 0.0
        {
            bad("/rice/reach", format!("RICE reach cannot be negative ({reach})"));
        }
        let c = r.confidence_fraction();
        if !(c > 0.0 && c <= 1.0) {
            bad("/rice/confidence", format!("RICE confidence must be between 0 and 100%, not {}", r.confidence));
        }
    }
    if let Some(i) = &item.ice {
        for (name, v) in [("impact", i.impact), ("confidence", i.confidence), ("ease", i.ease)] {
            if !(1.0..=10.0).contains(&v) || v.fract() != 0.0 {
                bad(&format!("/ice/{name}"), format!("ICE {name} must be a whole number from 1 to 10, not {v}"));
            }
        }
    }
    if let Some(w) = &item.wsjf {
        if w.job_size <= 0.0 {
            bad("/wsjf/job_size", format!("WSJF job size must be more than 0, not {}", w.job_size));
        }
        let parts = [
            ("user_business_value", w.user_business_value),
            ("time_criticality", w.time_criticality),
            ("risk_reduction_opportunity_enablement", w.risk_reduction_opportunity_enablement),
        ];
        for (name, v) in parts {
            if v < 0.0 {
                bad(&format!("/wsjf/{name}"), format!("WSJF {name} cannot be negative ({v})"));
            }
        }
    }
}
