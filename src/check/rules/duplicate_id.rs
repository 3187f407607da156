use std::collections::HashMap;

use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "duplicate-id",
    severity: Severity::Error,
    summary: "two items have the same id",
    explanation: "\
An id names exactly one item, initiative or milestone. Two files with the same `id:` usually come from
two branches that created an item at the same time, merged together.

Fix: `pm backlog renumber ID` on one of them moves it to a fresh id and
rewrites every reference to it.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (doc, i, o) in cx.ws.objectives() {
        let mut ids = vec![(format!("/{i}/id"), o.id.clone())];
        ids.extend(o.key_results.iter().enumerate().map(|(k, kr)| (format!("/{i}/key_results/{k}/id"), kr.id.clone())));
        for (at, id) in ids {
            let place = format!("{} {at}", doc.path);
            match seen.get(&id) {
                Some(first) => out.push(
                    Finding::new(RULE.name, &doc.path, at, format!("{id} is used twice"))
                        .label(format!("also at {first}"))
                        .help("objective and key result ids are unique across all cycles"),
                ),
                None => {
                    seen.insert(id, place);
                }
            }
        }
    }
    if let Some(roadmap) = &cx.ws.roadmap {
        let sections = [
            ("initiatives", roadmap.value.initiatives.iter().map(|i| i.id.as_str()).collect::<Vec<_>>()),
            ("milestones", roadmap.value.milestones.iter().map(|m| m.id.as_str()).collect()),
        ];
        for (section, ids) in sections {
            for (i, id) in ids.iter().enumerate() {
                if let Some(first) = ids[..i].iter().position(|other| other == id) {
                    out.push(
                        Finding::new(
                            RULE.name,
                            &roadmap.path,
                            format!("/{section}/{i}/id"),
                            format!("{id} is used twice in {section}"),
                        )
                        .label(format!("also entry {} of {section}", first + 1)),
                    );
                }
            }
        }
    }
    let lists = [
        cx.ws
            .customers
            .as_ref()
            .map(|d| (&d.path, "customers", "/customers", d.value.customers.iter().map(|c| c.id.as_str()).collect())),
        cx.ws.competitors.as_ref().map(|d| {
            (&d.path, "competitors", "/competitors", d.value.competitors.iter().map(|c| c.id.as_str()).collect())
        }),
        // iterations.yaml is a list itself.
        cx.ws.iterations.as_ref().map(|d| (&d.path, "iterations", "", d.value.iter().map(|c| c.id.as_str()).collect())),
    ];
    for (path, section, at, ids) in lists.into_iter().flatten() {
        let ids: Vec<&str> = ids;
        for (i, id) in ids.iter().enumerate() {
            if let Some(first) = ids[..i].iter().position(|other| other == id) {
                out.push(
                    Finding::new(RULE.name, path, format!("{at}/{i}/id"), format!("{id} is used twice in {section}"))
                        .label(format!("also entry {} of {section}", first + 1)),
                );
            }
        }
    }
    let mut by_id: HashMap<&str, Vec<&str>> = HashMap::new();
    for doc in &cx.ws.items {
        by_id.entry(doc.value.id.as_str()).or_default().push(doc.path.as_str());
    }
    for doc in &cx.ws.items {
        let paths = &by_id[doc.value.id.as_str()];
        if paths.len() > 1 {
            let others: Vec<&str> = paths.iter().copied().filter(|p| *p != doc.path).collect();
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/id",
                    format!("{} is also the id of {}", doc.value.id, others.join(", ")),
                )
                .label("duplicate id")
                .help(format!("give one of them a new id: pm backlog renumber {}", doc.value.id)),
            );
        }
    }
}
