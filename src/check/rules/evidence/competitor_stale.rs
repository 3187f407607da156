use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

/// A competitor reviewed longer ago than this many days is reported.
pub(super) const DAYS: i64 = 180;

pub(super) static RULE: Rule = Rule {
    name: "competitor-review-stale",
    severity: Severity::Info,
    summary: "a competitor was last reviewed more than 180 days ago",
    explanation: "\
A competitor's features, pricing and positioning change; a comparison
older than half a year tells the team about a market that has moved on.
Each entry in competitors.yaml records when it was last looked at in
`reviewed:`.

Example: `reviewed: 2026-03-01`, checked on 2026-11-28.

Fix: review the competitor again and set `reviewed:` to the day.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(doc) = &cx.ws.competitors else { return };
    for (i, c) in doc.value.competitors.iter().enumerate() {
        if let Some(reviewed) = c.reviewed
            && reviewed.days_until(cx.today) > DAYS
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    format!("/competitors/{i}/reviewed"),
                    format!("{} was last reviewed on {reviewed}, {} days ago", c.id, reviewed.days_until(cx.today)),
                )
                .label("stale")
                .help(format!("review it again and set `reviewed: {}`", cx.today)),
            );
        }
    }
}
