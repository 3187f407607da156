use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::Item;
use crate::model::config::Severity;
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "updated-before-created",
    severity: Severity::Error,
    summary: "an item was updated before it was created",
    explanation: "\
`updated` can never be earlier than `created`. It usually means one of the
dates was typed by hand, or a merge kept an old `updated`.

Example: `created: 2026-07-03` with `updated: 2026-07-01`.

Fix: correct the date; pm sets both itself on `add`, `edit` and `move`.",
    scope: Scope::Item(check),
};

fn check(_: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    if let (Some(created), Some(updated)) = (doc.value.created, doc.value.updated)
        && updated < created
    {
        out.push(
            Finding::new(RULE.name, &doc.path, "/updated", format!("updated {updated} is before created {created}"))
                .label("earlier than `created`"),
        );
    }
}
