use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::{Item, id};
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "id-out-of-range",
    severity: Severity::Error,
    summary: "an id's number is too large for pm to count past it",
    explanation: "\
Ids are numbered: a new id is one past the highest in use. pm counts up to
18446744073709551614 (one below the largest 64-bit number), so that the id
after any id it accepts is still a number. An id with a larger number
(`BL-18446744073709551615`, or more digits than 64 bits hold) would make the
next id wrap to 0 or fail to parse: every `add` after it would be refused.

Fix: give the artifact a lower, free id (`pm backlog renumber BL-… --to
BL-<n>` for a backlog item; for other kinds edit the id, and rename the file
where the id is the file name).",
    scope: Scope::Workspace { all: check_all, item: Some(check_item) },
};

fn finding(path: &str, at: impl Into<String>, id: &str) -> Finding {
    Finding::new(RULE.name, path, at, format!("the number of `{id}` is too large"))
        .label(format!("at most {}", id::MAX_NUMBER))
        .help("give it a lower, free id: pm counts ids up to 18446744073709551614")
}

fn check_item(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    if id::out_of_range(&doc.value.id, &cx.config.id_prefix) {
        out.push(finding(&doc.path, "/id", &doc.value.id));
    }
}

fn check_all(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.items {
        check_item(cx, doc, out);
    }
    let mut check = |path: &str, at: String, value: &str, prefix: &str| {
        if id::out_of_range(value, prefix) {
            out.push(finding(path, at, value));
        }
    };
    for doc in &cx.ws.prds {
        let prd = &doc.value;
        check(&doc.path, "/id".into(), &prd.id, "PRD");
        for (i, s) in prd.user_stories.iter().enumerate() {
            check(&doc.path, format!("/user_stories/{i}/id"), &s.id, "US");
        }
        for (i, r) in prd.functional_requirements.iter().enumerate() {
            check(&doc.path, format!("/functional_requirements/{i}/id"), &r.id, "FR");
        }
        for (i, r) in prd.non_functional_requirements.iter().enumerate() {
            check(&doc.path, format!("/non_functional_requirements/{i}/id"), &r.id, "NFR");
        }
    }
    for doc in &cx.ws.experiments {
        check(&doc.path, "/id".into(), &doc.value.id, "EXP");
    }
    for doc in &cx.ws.feedback {
        check(&doc.path, "/id".into(), &doc.value.id, "FB");
    }
    if let Some(doc) = &cx.ws.iterations {
        for (i, it) in doc.value.iter().enumerate() {
            check(&doc.path, format!("/{i}/id"), &it.id, "IT");
        }
    }
    for (doc, i, o) in cx.ws.objectives() {
        check(&doc.path, format!("/{i}/id"), &o.id, "OBJ");
        for (k, kr) in o.key_results.iter().enumerate() {
            check(&doc.path, format!("/{i}/key_results/{k}/id"), &kr.id, "KR");
        }
    }
    if let Some(roadmap) = &cx.ws.roadmap {
        for (i, x) in roadmap.value.initiatives.iter().enumerate() {
            check(&roadmap.path, format!("/initiatives/{i}/id"), &x.id, "RM");
        }
        for (i, m) in roadmap.value.milestones.iter().enumerate() {
            check(&roadmap.path, format!("/milestones/{i}/id"), &m.id, "MS");
        }
    }
}
