use super::{Cx, Rule, Scope, pointer};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::id::{self, Kind};
use crate::model::{Item, ItemType};
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "wrong-kind-reference",
    severity: Severity::Error,
    summary: "a reference points to the wrong kind of artifact",
    explanation: "\
Links point from work toward goals, and each field takes one kind of id:
`parent` a backlog item of an allowed type (a feature's parent is an epic; a
story, bug, chore or spike belongs to an epic or a feature; epics have no
parent), `blocked_by` backlog items, `prd` a PRD (`PRD-3`) or one of its
requirements (`PRD-3#FR-2`), `key_results` key results (`KR-n`), `initiative`
an initiative (`RM-n`, and only on epics), `milestone` a milestone (`MS-n`).

Example: a story with `parent: BL-24` where BL-24 is another story, or
`milestone: RM-2`.

Fix: link the item to the right artifact.",
    scope: Scope::Item(check),
};

fn check(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let prefix = &cx.config.id_prefix;
    let item = &doc.value;
    let mut bad = |at: String, message: String, label: &str, help: Option<String>| {
        let mut f = Finding::new(RULE.name, &doc.path, at, message).label(label);
        if let Some(h) = help {
            f = f.help(h);
        }
        out.push(f);
    };
    if let Some(parent) = &item.parent {
        if id::number(parent, prefix).is_none() {
            bad(pointer("parent"), format!("`{parent}` is not a backlog id"), "expected a backlog item", None);
        } else if let (Some(kind), Some(p)) = (item.kind, cx.ws.get(parent))
            && let Some(parent_kind) = p.value.kind
            && !kind.allowed_parents().contains(&parent_kind)
        {
            let allowed = match kind.allowed_parents() {
                [] => "epics have no parent".to_string(),
                a => format!(
                    "a {}'s parent is {}",
                    kind.as_str(),
                    a.iter().map(|t| article(t.as_str())).collect::<Vec<_>>().join(" or ")
                ),
            };
            bad(
                pointer("parent"),
                format!("a {} cannot have a {} ({parent}) as its parent", kind.as_str(), parent_kind.as_str()),
                &format!("{parent} is a {}", parent_kind.as_str()),
                Some(allowed),
            );
        }
    }
    for (i, b) in item.blocked_by.iter().enumerate() {
        if id::number(b, prefix).is_none() {
            bad(format!("/blocked_by/{i}"), format!("`{b}` is not a backlog id"), "expected a backlog item", None);
        }
    }
    let singles = [
        ("prd", &item.prd, Kind::Prd),
        ("initiative", &item.initiative, Kind::Initiative),
        ("milestone", &item.milestone, Kind::Milestone),
    ];
    for (field, value, kind) in singles {
        if let Some(v) = value
            && !id::is_reference(v, kind, prefix)
        {
            bad(
                pointer(field),
                format!("`{v}` is not a {} id", kind.noun()),
                &format!("expected a {}", kind.noun()),
                None,
            );
        }
    }
    for (i, kr) in item.key_results.iter().enumerate() {
        if !id::is_reference(kr, Kind::KeyResult, prefix) {
            bad(format!("/key_results/{i}"), format!("`{kr}` is not a key result id"), "expected KR-<n>", None);
        }
    }
    if item.initiative.is_some() && item.kind.is_some_and(|k| k != ItemType::Epic) {
        bad(
            pointer("initiative").to_string(),
            "only epics link to an initiative".to_string(),
            "not an epic",
            Some("link the item's epic to the initiative instead".to_string()),
        );
    }
}

fn article(noun: &str) -> String {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { format!("an {noun}") } else { format!("a {noun}") }
}
