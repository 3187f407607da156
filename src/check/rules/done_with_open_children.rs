use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::Item;
use crate::model::config::Severity;
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "done-with-open-children",
    severity: Severity::Error,
    summary: "an item is done while its children or blockers are open",
    explanation: "\
An epic or feature is not done while work under it is still open, and an item
cannot be done before the items it is blocked by. Open means any status
outside the workflow's `done` category (`done`, `wont_do` by default).
`wont_do` items are exempt: abandoning an epic does not finish its children.

Example: BL-1 `status: done` while its child BL-7 is `in_progress`.

Fix: finish or close the open items first, or reopen this one.",
    scope: Scope::Item(check),
};

fn check(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let item = &doc.value;
    let status = item.status();
    if !cx.config.is_closed(status) || status == "wont_do" {
        return;
    }
    let open = |d: &Doc<Item>| !cx.config.is_closed(d.value.status());
    let children: Vec<String> = cx
        .ws
        .children(&item.id)
        .filter(|d| open(d))
        .map(|d| format!("{} ({})", d.value.id, d.value.status()))
        .collect();
    let blockers: Vec<String> = item
        .blocked_by
        .iter()
        .filter_map(|b| cx.ws.get(b))
        .filter(|d| open(d))
        .map(|d| format!("{} ({})", d.value.id, d.value.status()))
        .collect();
    if !children.is_empty() {
        out.push(
            Finding::new(
                RULE.name,
                &doc.path,
                "/status",
                format!("{} is {status} but has open children: {}", item.id, children.join(", ")),
            )
            .label("open work below")
            .help("close the children first, or reopen this item"),
        );
    }
    if !blockers.is_empty() {
        out.push(
            Finding::new(
                RULE.name,
                &doc.path,
                "/status",
                format!("{} is {status} but is blocked by open items: {}", item.id, blockers.join(", ")),
            )
            .label("still blocked")
            .help("close the blockers first, or remove them from blocked_by"),
        );
    }
}
