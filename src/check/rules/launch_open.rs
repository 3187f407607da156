use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::roadmap::{MilestoneKind, MilestoneStatus};

pub(super) static RULE: Rule = Rule {
    name: "launch-checklist-open",
    severity: Severity::Warning,
    summary: "A shipped launch has open checklist items",
    explanation: "\
A milestone of kind `launch` carries a checklist of what must be done before
it ships (`launch.checklist`). `pm milestone ship` refuses while items are
open unless `--force`; this rule finds a launch marked shipped some other
way (an edit of `status`, a hand edit) with items still open.

Example: MS-1 is shipped, but \"Support briefed\" is not done.

Fix: mark the items done (`pm milestone checklist MS-1 done N`), or remove
the ones that no longer apply.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(roadmap) = &cx.ws.roadmap else { return };
    for (i, m) in cx.ws.milestones().iter().enumerate() {
        if m.kind != Some(MilestoneKind::Launch) || m.status != Some(MilestoneStatus::Shipped) {
            continue;
        }
        let open: Vec<String> = m.launch.iter().flat_map(|l| l.open()).map(|c| format!("\"{}\"", c.item)).collect();
        if open.is_empty() {
            continue;
        }
        out.push(
            Finding::new(
                RULE.name,
                &roadmap.path,
                format!("/milestones/{i}"),
                format!(
                    "{} is shipped with {} open checklist item{}: {}",
                    m.id,
                    open.len(),
                    if open.len() == 1 { "" } else { "s" },
                    open.join(", ")
                ),
            )
            .at_key()
            .label("open checklist items")
            .help(format!("mark them done: pm milestone checklist {} done N", m.id)),
        );
    }
}
