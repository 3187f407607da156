use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::id::{self, Kind};

pub(super) static RULE: Rule = Rule {
    name: "experiment-dangling-reference",
    severity: Severity::Error,
    summary: "an experiment links to a metric, item or key result that does not exist",
    explanation: "\
An experiment's `metric` names a file in metrics/ (checked once the product
has metrics), `links.backlog` lists backlog items and `links.key_results`
key results in okrs/. A link to something missing usually means it was
removed, renamed or renumbered on another branch, and the experiment no
longer says what it measures or what it informs.

Example: `metric: checkout_conversation` when metrics/ holds
`checkout_conversion.yaml`, or `links: {backlog: [BL-999]}`.

Fix: point the link at the right artifact, or remove it.",
    scope: Scope::Workspace { all: check, item: None },
};

/// Whether a file below `dir` failed to load: links into it cannot be judged.
fn broken(cx: &Cx, dir: &str) -> bool {
    cx.ws.problems.iter().any(|p| p.is_fatal() && p.path.starts_with(dir))
}

fn finding(path: &str, at: String, what: String, close: Vec<String>, otherwise: &str) -> Finding {
    let f = Finding::new(RULE.name, path, at, what).label("not found");
    if close.is_empty() { f.help(otherwise) } else { f.help(format!("did you mean {}?", close.join(", "))) }
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let ws = cx.ws;
    let judge_metrics = !ws.metrics.is_empty();
    let judge_krs = !broken(cx, "okrs/");
    for doc in &ws.experiments {
        let e = &doc.value;
        if let Some(metric) = &e.metric
            && judge_metrics
            && ws.metric(metric).is_none()
            && !broken(cx, &format!("metrics/{metric}.yaml"))
        {
            let close = id::closest(metric, ws.metrics.iter().map(|m| m.value.id.as_str()));
            out.push(finding(
                &doc.path,
                "/metric".into(),
                format!("no metric {metric} in metrics/"),
                close,
                "metrics are defined in metrics/<id>.yaml",
            ));
        }
        for (i, target) in e.backlog_links().iter().enumerate() {
            if !ws.has_item(target) {
                let close = id::closest(target, ws.items.iter().map(|d| d.value.id.as_str()));
                out.push(finding(
                    &doc.path,
                    format!("/links/backlog/{i}"),
                    format!("no backlog item {target}"),
                    close,
                    "link an existing item, or remove the link",
                ));
            }
        }
        for (i, target) in e.key_result_links().iter().enumerate() {
            if judge_krs && ws.exists(Kind::KeyResult, target) == Some(false) {
                let close = id::closest(target, ws.key_results().map(|(_, k)| k.id.as_str()));
                out.push(finding(
                    &doc.path,
                    format!("/links/key_results/{i}"),
                    format!("no key result {target}"),
                    close,
                    "key results are defined in okrs/<cycle>.yaml",
                ));
            }
        }
    }
}
