use super::{Cx, Rule, Scope, pointer};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::{Item, id};
use crate::store::Doc;

pub static RULE: Rule = Rule {
    name: "dangling-reference",
    severity: Severity::Error,
    summary: "a reference points to an item that does not exist",
    explanation: "\
`parent` and `blocked_by` must name existing backlog items. A reference to a
missing item usually means it was removed or renumbered on another branch.

Example: `parent: BL-999` when there is no `backlog/BL-999.yaml`.

Fix: point the reference at the right item, or remove it.",
    scope: Scope::Item(check),
};

fn check(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let prefix = &cx.config.id_prefix;
    let item = &doc.value;
    let refs = item
        .parent
        .iter()
        .map(|p| (pointer("parent"), p))
        .chain(item.blocked_by.iter().enumerate().map(|(i, b)| (format!("/blocked_by/{i}"), b)));
    for (at, target) in refs {
        if id::number(target, prefix).is_none() || cx.ws.has_item(target) {
            continue;
        }
        let mut finding =
            Finding::new(RULE.name, &doc.path, at, format!("no backlog item {target}")).label("not found");
        let close = id::closest(target, cx.ws.items.iter().map(|d| d.value.id.as_str()));
        if !close.is_empty() {
            finding = finding.help(format!("did you mean {}?", close.join(", ")));
        }
        out.push(finding);
    }
}
