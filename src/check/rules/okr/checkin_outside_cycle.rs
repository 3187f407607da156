use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "checkin-outside-cycle",
    severity: Severity::Error,
    summary: "a check-in is dated outside its objective's cycle",
    explanation: "\
Check-ins record progress during the cycle. One dated before the cycle starts
or after it ends usually has the wrong year or belongs to another cycle's key
result.

Fix: correct the date, or record it on the right key result.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (doc, i, o) in super::objectives(cx.ws) {
        let Some(cycle) = o.cycle_in(&doc.path) else { continue };
        for (k, kr) in o.key_results.iter().enumerate() {
            for (c, checkin) in kr.check_ins.iter().enumerate() {
                if checkin.date < cycle.start() || checkin.date > cycle.end() {
                    out.push(
                        Finding::new(
                            RULE.name,
                            &doc.path,
                            format!("/{i}/key_results/{k}/check_ins/{c}/date"),
                            format!(
                                "{} check-in on {} is outside {cycle} ({} to {})",
                                kr.id,
                                checkin.date,
                                cycle.start(),
                                cycle.end()
                            ),
                        )
                        .label("outside the cycle"),
                    );
                }
            }
        }
    }
}
