use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::okr::ObjectiveStatus;

pub(super) static RULE: Rule = Rule {
    name: "active-under-closed-parent",
    severity: Severity::Warning,
    summary: "an active objective supports a closed or cancelled one",
    explanation: "\
An objective's `parent` is the goal it contributes to. When that goal is
closed or cancelled, the child is aligned to nothing.

Fix: point it at a current objective, or close it too.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (doc, i, o) in super::objectives(cx.ws) {
        if o.status != Some(ObjectiveStatus::Active) {
            continue;
        }
        if let Some(parent) = o.parent.as_deref().and_then(|p| cx.ws.objective(p))
            && matches!(parent.status, Some(ObjectiveStatus::Closed | ObjectiveStatus::Cancelled))
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    format!("/{i}/parent"),
                    format!("{} is active but its parent {} is not", o.id, parent.id),
                )
                .label("closed or cancelled"),
            );
        }
    }
}
