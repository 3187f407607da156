use crate::check::Finding;
use crate::check::rules::{Cx, Rule, Scope};
use crate::model::config::Severity;

pub static RULE: Rule = Rule {
    name: "metric-filename-mismatch",
    severity: Severity::Error,
    summary: "a metric's file name is not its id",
    explanation: "\
A metric lives in `metrics/<id>.yaml`: key results, experiments and PRD goals
cite it by id, and pm finds it by its file name.

Example: `metrics/nps.yaml` containing `id: merchant_nps`.

Fix: rename the file (`git mv metrics/nps.yaml metrics/merchant_nps.yaml`) or
correct the id.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.metrics {
        let stem = doc.path.rsplit('/').next().and_then(|n| n.strip_suffix(".yaml")).unwrap_or("");
        let id = &doc.value.id;
        if stem != id {
            out.push(
                Finding::new(RULE.name, &doc.path, "/id", format!("the file is named {stem}.yaml but holds {id}"))
                    .label("does not match the file name")
                    .help(format!("rename the file to {id}.yaml, or set `id: {stem}`")),
            );
        }
    }
}
