use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "checkin-confidence",
    severity: Severity::Error,
    summary: "a check-in confidence is outside 0–1",
    explanation: "\
A check-in's `confidence` is the probability that the key result will be met:
a number from 0 to 1 (0.6, not 60).

Fix: write it as a fraction.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (doc, i, o) in super::objectives(cx.ws) {
        for (k, kr) in o.key_results.iter().enumerate() {
            for (c, checkin) in kr.check_ins.iter().enumerate() {
                if let Some(conf) = checkin.confidence
                    && !(0.0..=1.0).contains(&conf)
                {
                    out.push(
                        Finding::new(
                            RULE.name,
                            &doc.path,
                            format!("/{i}/key_results/{k}/check_ins/{c}/confidence"),
                            format!("{} check-in of {}: confidence {conf} is outside 0–1", kr.id, checkin.date),
                        )
                        .label("out of range"),
                    );
                }
            }
        }
    }
}
