use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::Item;
use crate::model::config::Severity;
use crate::model::kind::{Kind, Role};
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "filename-mismatch",
    severity: Severity::Error,
    summary: "an artifact's file name is not its id",
    explanation: "\
An artifact that is a file of its own — a backlog item, a metric, an
experiment, a PRD — is named after its id (`backlog/BL-42.yaml` holds
`id: BL-42`, `metrics/nps.yaml` holds `id: nps`), so that ids can be allocated
from file names alone and an artifact can be found without reading every
file. The kinds that follow this rule are those of pm's kind table whose id is
their file name.

Example: `backlog/BL-42.yaml` containing `id: BL-24`.

Fix: rename the file (`git mv`) or correct the id.",
    scope: Scope::Workspace { all: check, item: Some(check_item) },
};

/// The file stem of a product path (`backlog/BL-42.yaml` → `BL-42`).
fn stem(path: &str) -> &str {
    path.rsplit('/').next().and_then(|n| n.strip_suffix(".yaml")).unwrap_or("")
}

fn finding(path: &str, id: &str) -> Option<Finding> {
    let stem = stem(path);
    (stem != id).then(|| {
        Finding::new(RULE.name, path, "/id", format!("the file is named {stem}.yaml but holds {id}"))
            .label("does not match the file name")
            .help(format!("rename the file to {id}.yaml, or set `id: {stem}`"))
    })
}

fn check_item(_: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    out.extend(finding(&doc.path, &doc.value.id));
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let ws = cx.ws;
    // Every kind whose file is the artifact itself and that has an id.
    let named = |kind: Kind| kind.role("id") == Some(Role::Id);
    let mut files: Vec<(&str, &str)> = Vec::new();
    if named(Kind::Backlog) {
        files.extend(ws.items.iter().map(|d| (d.path.as_str(), d.value.id.as_str())));
    }
    if named(Kind::Metric) {
        files.extend(ws.metrics.iter().map(|d| (d.path.as_str(), d.value.id.as_str())));
    }
    if named(Kind::Experiment) {
        files.extend(ws.experiments.iter().map(|d| (d.path.as_str(), d.value.id.as_str())));
    }
    if named(Kind::Prd) {
        files.extend(ws.prds.iter().map(|d| (d.path.as_str(), d.value.id.as_str())));
    }
    if named(Kind::Feedback) {
        files.extend(ws.feedback.iter().map(|d| (d.path.as_str(), d.value.id.as_str())));
    }
    out.extend(files.into_iter().filter_map(|(path, id)| finding(path, id)));
}
