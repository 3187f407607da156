use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::prd::{Approval, PrdStatus};

pub(super) static RULE: Rule = Rule {
    name: "prd-approval",
    severity: Severity::Error,
    summary: "an approved or shipped PRD lacks a stakeholder's approval",
    explanation: "\
A PRD is approved when every stakeholder listed in it has approved it.
`approved` or `shipped` with a stakeholder still pending (or who rejected it)
misstates the decision — often a hand edit of `status`.

Fix: get the approval (`pm prd approve PRD-n --as NAME`), or move the PRD
back to draft (`pm prd status PRD-n draft`).",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.prds {
        let p = &doc.value;
        if !matches!(p.status(), PrdStatus::Approved | PrdStatus::Shipped) {
            continue;
        }
        if p.stakeholders.is_empty() {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/status",
                    format!("{} is {} but has no stakeholders", p.id, p.status().as_str()),
                )
                .label("approved by nobody"),
            );
        }
        for (i, s) in p.stakeholders.iter().enumerate() {
            if s.approval() != Approval::Approved {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/stakeholders/{i}"),
                        format!(
                            "{} is {} but {} has {}",
                            p.id,
                            p.status().as_str(),
                            s.name,
                            if s.approval() == Approval::Rejected { "rejected it" } else { "not approved it" }
                        ),
                    )
                    .label("no approval")
                    .help(format!("pm prd approve {} --as {}", p.id, s.name)),
                );
            }
        }
    }
}
