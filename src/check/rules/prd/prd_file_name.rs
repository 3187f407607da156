use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub static RULE: Rule = Rule {
    name: "prd-file-name",
    severity: Severity::Error,
    summary: "a PRD's file name is not its id, or a requirement id repeats",
    explanation: "\
A PRD lives in `prds/<id>.yaml`, so that `PRD-3#FR-2` references can be
resolved from the file name. Requirement and user-story ids (`FR-n`, `NFR-n`,
`US-n`) must be unique within the PRD.

Fix: rename the file or correct the id; renumber the repeated requirement.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.prds {
        let stem = doc.path.rsplit('/').next().and_then(|n| n.strip_suffix(".yaml")).unwrap_or("");
        if stem != doc.value.id {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/id",
                    format!("the file is named {stem}.yaml but holds {}", doc.value.id),
                )
                .label("does not match the file name"),
            );
        }
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
