use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "prd-incomplete",
    severity: Severity::Error,
    summary: "a PRD in review or later lacks a problem, goals or requirements",
    explanation: "\
A PRD sent for review must say what problem it solves, what success looks
like and what is required: `problem`, `goals` and `functional_requirements`
cannot be empty from `in_review` on. A problem that still reads as the
template's placeholder counts as empty.

Fix: fill in the section, or move the PRD back to draft.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.prds {
        let p = &doc.value;
        if !p.status().is_reviewable() {
            continue;
        }
        for field in p.missing_sections() {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    format!("/{field}"),
                    format!("{} is {} but `{field}` is empty", p.id, p.status().as_str()),
                )
                .label("empty")
                .help(format!("fill it in, or move the PRD back: pm prd status {} draft", p.id)),
            );
        }
    }
}
