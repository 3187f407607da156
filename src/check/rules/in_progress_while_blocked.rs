use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::Item;
use crate::model::config::{Category, Severity};
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "in-progress-while-blocked",
    severity: Severity::Warning,
    summary: "an item is in progress while an item it waits for is open",
    explanation: "\
Work that is in progress (any status in the workflow's `in_progress` category
other than `blocked`) while something in its `blocked_by` list is still open
is either not really blocked, or not really in progress.

Example: BL-26 `status: in_progress` with `blocked_by: [BL-24]` and BL-24 in
review.

Fix: move the item to `blocked`, or drop the finished dependency.",
    scope: Scope::Item(check),
};

fn check(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let item = &doc.value;
    if cx.config.category(item.status()) != Category::InProgress || item.status() == "blocked" {
        return;
    }
    for (i, b) in item.blocked_by.iter().enumerate() {
        if let Some(blocker) = cx.ws.get(b).filter(|d| !cx.config.is_closed(d.value.status())) {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    format!("/blocked_by/{i}"),
                    format!("{} is {} but waits for {b}, which is {}", item.id, item.status(), blocker.value.status()),
                )
                .label("still open")
                .help(format!("move {} to blocked, or remove {b} from blocked_by", item.id)),
            );
        }
    }
}
