use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "okr-score-range",
    severity: Severity::Error,
    summary: "a stored OKR score is outside 0.0–1.0",
    explanation: "\
OKRs are scored on Google's 0.0–1.0 scale. A recorded `score` outside it
(often a percent, 70, instead of 0.7) breaks averages and bands.

Fix: write the score as a fraction between 0 and 1.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (doc, i, o) in super::objectives(cx.ws) {
        let mut scores = vec![(format!("/{i}/score"), &o.id, o.score)];
        for (k, kr) in o.key_results.iter().enumerate() {
            scores.push((format!("/{i}/key_results/{k}/score"), &kr.id, kr.score));
        }
        for (at, id, score) in scores {
            if let Some(s) = score
                && !(0.0..=1.0).contains(&s)
            {
                out.push(
                    Finding::new(RULE.name, &doc.path, at, format!("{id} has a score of {s}, outside 0.0–1.0"))
                        .label("out of range"),
                );
            }
        }
    }
}
