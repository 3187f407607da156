use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::id::{self, Kind};
use crate::model::kind::Role;
use crate::model::{Item, id as ids};
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "dangling-reference",
    severity: Severity::Error,
    summary: "a reference points to an artifact that does not exist",
    explanation: "\
References must name existing artifacts: an item's `parent` and `blocked_by`
(backlog items), `initiative` and `milestone` (in roadmap.yaml), `prd` (a file
in prds/) and `key_results`; an initiative's `milestones`, `objectives` and
`key_results`; an objective's `parent`; a key result's `metric` (a file in
metrics/). A reference to something
missing usually means it was removed or renumbered on another branch.

Example: `parent: BL-999` when there is no `backlog/BL-999.yaml`, or
`milestone: MS-9` when roadmap.yaml has no MS-9.

Fix: point the reference at the right artifact, or remove it.",
    scope: Scope::Workspace { all: check_all, item: Some(check_item) },
};

fn missing(cx: &Cx, kind: Kind, target: &str) -> bool {
    let well_formed = id::is_reference(target, kind, &cx.config.id_prefix);
    well_formed && cx.ws.exists(kind, target) == Some(false)
}

fn finding(cx: &Cx, path: &str, at: String, kind: Kind, target: &str, own: &str) -> Finding {
    let mut f = Finding::new(RULE.name, path, at, format!("no {} {target}", kind.noun())).label("not found");
    let known: Vec<&str> = match kind {
        Kind::Backlog => cx.ws.items.iter().map(|d| d.value.id.as_str()).collect(),
        Kind::Initiative => cx.ws.initiatives().iter().map(|i| i.id.as_str()).collect(),
        Kind::Milestone => cx.ws.milestones().iter().map(|m| m.id.as_str()).collect(),
        Kind::Objective => cx.ws.objectives().map(|(_, _, o)| o.id.as_str()).collect(),
        Kind::KeyResult => cx.ws.key_results().map(|(_, k)| k.id.as_str()).collect(),
        _ => Vec::new(),
    };
    let close = ids::closest(target, known.into_iter().filter(|k| *k != own));
    if !close.is_empty() {
        f = f.help(format!("did you mean {}?", close.join(", ")));
    }
    f
}

fn check_item(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let item = &doc.value;
    for (field, index, target) in item.references() {
        // The kind table says what each reference field points at.
        let kind = match Kind::Backlog.role(field) {
            Some(Role::Ref(kind) | Role::Refs(kind)) => kind,
            _ => continue,
        };
        if missing(cx, kind, target) {
            let at = match index {
                Some(i) => format!("/{field}/{i}"),
                None => format!("/{field}"),
            };
            out.push(finding(cx, &doc.path, at, kind, target, &item.id));
        }
    }
}

fn check_all(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.items {
        check_item(cx, doc, out);
    }
    for doc in &cx.ws.prds {
        let p = &doc.value;
        let mut refs: Vec<(String, Kind, &str)> = Vec::new();
        if let Some(v) = &p.initiative {
            refs.push(("/initiative".into(), Kind::Initiative, v));
        }
        if let Some(v) = &p.milestone {
            refs.push(("/milestone".into(), Kind::Milestone, v));
        }
        for (i, g) in p.goals.iter().enumerate() {
            if let Some(kr) = &g.key_result {
                refs.push((format!("/goals/{i}/key_result"), Kind::KeyResult, kr));
            }
        }
        for (i, r) in p.release_plan.iter().enumerate() {
            if let Some(m) = &r.milestone {
                refs.push((format!("/release_plan/{i}/milestone"), Kind::Milestone, m));
            }
        }
        for (at, kind, target) in refs {
            if missing(cx, kind, target) {
                out.push(finding(cx, &doc.path, at, kind, target, &p.id));
            }
        }
        for (i, g) in p.goals.iter().enumerate() {
            if let Some(m) = &g.metric
                && cx.ws.metric(m).is_none()
            {
                out.push(
                    Finding::new(RULE.name, &doc.path, format!("/goals/{i}/metric"), format!("no metric {m}"))
                        .label("not in metrics/"),
                );
            }
        }
    }
    for (doc, i, o) in cx.ws.objectives() {
        if let Some(parent) = &o.parent
            && missing(cx, Kind::Objective, parent)
        {
            out.push(finding(cx, &doc.path, format!("/{i}/parent"), Kind::Objective, parent, &o.id));
        }
        for (k, kr) in o.key_results.iter().enumerate() {
            if let Some(metric) = &kr.metric
                && cx.ws.metric(metric).is_none()
            {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/{i}/key_results/{k}/metric"),
                        format!("no metric {metric}"),
                    )
                    .label("not in metrics/")
                    .help(format!("add it with `pm metric add {metric} --name ...`, or fix the id")),
                );
            }
        }
    }
    let Some(roadmap) = &cx.ws.roadmap else { return };
    for (i, initiative) in roadmap.value.initiatives.iter().enumerate() {
        let lists = [
            ("milestones", Kind::Milestone, &initiative.milestones),
            ("objectives", Kind::Objective, &initiative.objectives),
            ("key_results", Kind::KeyResult, &initiative.key_results),
        ];
        for (field, kind, values) in lists {
            for (j, target) in values.iter().enumerate() {
                if missing(cx, kind, target) {
                    out.push(finding(
                        cx,
                        &roadmap.path,
                        format!("/initiatives/{i}/{field}/{j}"),
                        kind,
                        target,
                        &initiative.id,
                    ));
                }
            }
        }
    }
}
