use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub static RULE: Rule = Rule {
    name: "experiment-filename-mismatch",
    severity: Severity::Error,
    summary: "an experiment's file name is not its id",
    explanation: "\
An experiment's file is named after its id (`experiments/EXP-3.yaml` holds
`id: EXP-3`): new ids are allocated from file names, and two files claiming
one id would otherwise go unnoticed.

Example: `experiments/EXP-3.yaml` containing `id: EXP-2`.

Fix: rename the file (`git mv`) or correct the id.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.experiments {
        let stem = super::stem(doc);
        if stem != doc.value.id {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/id",
                    format!("the file is named {stem}.yaml but holds {}", doc.value.id),
                )
                .label("does not match the file name")
                .help(format!("rename the file to {}.yaml, or set `id: {stem}`", doc.value.id)),
            );
        }
    }
}
