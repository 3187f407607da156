use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "illegal-transition",
    severity: Severity::Error,
    summary: "a status changed in a way the workflow does not allow",
    explanation: "\
With `--base REV`, each item's status is compared with its status at REV; a
change the workflow in pm.yaml does not allow is an error. This catches hand
edits that skip review steps (`new` straight to `done`) in pull requests.

Example: `pm check --base origin/main` on a branch that changed BL-7 from
`ready` to `done`.

Fix: move the item through the allowed statuses, or change the workflow.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(base) = cx.base else { return };
    for doc in &cx.ws.items {
        let Some(before) = base.get(&doc.value.id) else { continue };
        let (from, to) = (before.value.status(), doc.value.status());
        if from == to || from.is_empty() || to.is_empty() || cx.config.allows(from, to) {
            continue;
        }
        let next = cx.config.step(from).map(|s| s.next.join(", ")).unwrap_or_default();
        out.push(
            Finding::new(
                RULE.name,
                &doc.path,
                "/status",
                format!("{} moved from {from} to {to}, which the workflow does not allow", doc.value.id),
            )
            .label(format!("was {from}"))
            .help(if next.is_empty() {
                format!("`{from}` is not in the workflow")
            } else {
                format!("from {from} an item can move to: {next}")
            }),
        );
    }
}
