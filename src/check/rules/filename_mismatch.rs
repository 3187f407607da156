use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::Item;
use crate::model::config::Severity;
use crate::store::Doc;

pub static RULE: Rule = Rule {
    name: "filename-mismatch",
    severity: Severity::Error,
    summary: "an item's file name is not its id",
    explanation: "\
The file of a backlog item is named after its id (`backlog/BL-42.yaml` holds
`id: BL-42`), so that ids can be allocated from file names alone and an item
can be found without reading every file.

Example: `backlog/BL-42.yaml` containing `id: BL-24`.

Fix: rename the file (`git mv`) or correct the id.",
    scope: Scope::Item(check),
};

fn check(_: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let stem = doc.path.rsplit('/').next().and_then(|n| n.strip_suffix(".yaml")).unwrap_or("");
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
