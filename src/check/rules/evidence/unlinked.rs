use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

/// Feedback older than this many days with no link is reported.
pub(super) const DAYS: i64 = 90;

pub(super) static RULE: Rule = Rule {
    name: "feedback-unlinked",
    severity: Severity::Info,
    summary: "feedback older than 90 days that asks for nothing in the backlog",
    explanation: "\
Evidence counts once it is linked to the work it asks for: a backlog item,
an initiative or a PRD requirement. Feedback that stays unlinked for a
quarter was read by nobody who triages, or asks for something the backlog
does not hold yet.

Example: `date: 2026-07-01` and no `links:`, checked on 2026-11-28.

Fix: link it (`links: [{to: BL-42, importance: 2}]`), add the item it asks
for, or remove it if it no longer matters.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.feedback {
        let f = &doc.value;
        if let Some(date) = f.date
            && f.links.is_empty()
            && date.days_until(cx.today) > DAYS
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/date",
                    format!("{} was given on {date}, {} days ago, and links nothing", f.id, date.days_until(cx.today)),
                )
                .label("unlinked")
                .help("link it to the work it asks for: `links: [{to: ID, importance: 1|2|3}]`"),
            );
        }
    }
}
