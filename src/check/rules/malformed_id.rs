use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::{Item, id};
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "malformed-id",
    severity: Severity::Error,
    summary: "an item's id is not <PREFIX>-<n>",
    explanation: "\
Backlog ids are the prefix from pm.yaml, a dash and a positive number without
leading zeros: `BL-42`. Other shapes (`bl-42`, `BL-042`, `BL42`, `BL-4a`)
break id allocation, references and sorting.

Fix: give the item a well-formed id and rename the file to match, or use
`pm backlog renumber`.",
    scope: Scope::Item(check),
};

fn check(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let prefix = &cx.config.id_prefix;
    // A well-formed id with too large a number is `id-out-of-range`'s.
    if id::number(&doc.value.id, prefix).is_none() && !id::out_of_range(&doc.value.id, prefix) {
        out.push(
            Finding::new(RULE.name, &doc.path, "/id", format!("`{}` is not a backlog id", doc.value.id))
                .label(format!("expected {prefix}-<n>"))
                .help(format!("backlog ids look like {prefix}-42 (prefix from pm.yaml)")),
        );
    }
}
