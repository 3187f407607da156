use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "duplicate-requirement-id",
    severity: Severity::Error,
    summary: "a requirement or user-story id repeats within a PRD",
    explanation: "\
Requirement and user-story ids (`FR-n`, `NFR-n`, `US-n`) must be unique within
their PRD, so that a reference such as `PRD-3#FR-2` names exactly one of them.
(That a PRD's file name is its id is checked by `filename-mismatch`; before
0.2 both were the rule `prd-file-name`, a name pm.yaml may still use.)

Example: two functional requirements with `id: FR-2`.

Fix: give the repeated requirement the next free id.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.prds {
        let p = &doc.value;
        let parts = p
            .functional_requirements
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("/functional_requirements/{i}/id"), r.id.as_str()))
            .chain(
                p.non_functional_requirements
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("/non_functional_requirements/{i}/id"), r.id.as_str())),
            )
            .chain(p.user_stories.iter().enumerate().map(|(i, r)| (format!("/user_stories/{i}/id"), r.id.as_str())));
        let mut seen = Vec::new();
        for (at, id) in parts {
            if seen.contains(&id) {
                out.push(
                    Finding::new(RULE.name, &doc.path, at, format!("{id} is used twice in {}", p.id))
                        .label("repeated id"),
                );
            }
            seen.push(id);
        }
    }
}
