use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::prd::PrdStatus;
use crate::model::roadmap::MilestoneStatus;

pub(super) static RULE: Rule = Rule {
    name: "prd-shipped-milestone",
    severity: Severity::Warning,
    summary: "a shipped PRD's milestone is not shipped",
    explanation: "\
A PRD marked shipped belongs to a milestone that shipped. If the milestone is
still planned (or missed), one of the two is out of date.

Fix: `pm milestone ship MS-n`, or correct the PRD's status or milestone.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.prds {
        let p = &doc.value;
        if p.status() != PrdStatus::Shipped {
            continue;
        }
        if let Some(m) = p.milestone.as_deref().and_then(|m| cx.ws.milestone(m))
            && m.status.unwrap_or(MilestoneStatus::Planned) != MilestoneStatus::Shipped
        {
            out.push(
                Finding::new(RULE.name, &doc.path, "/milestone", format!("{} is shipped but {} is not", p.id, m.id))
                    .label("not shipped")
                    .help(format!("pm milestone ship {}", m.id)),
            );
        }
    }
}
