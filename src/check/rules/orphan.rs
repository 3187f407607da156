use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::ItemType;
use crate::model::config::Severity;
use crate::model::okr::ObjectiveStatus;
use crate::model::roadmap::InitiativeStatus;

pub(super) static RULE: Rule = Rule {
    name: "orphan",
    severity: Severity::Info,
    summary: "work or goals not linked to the strategy above them",
    explanation: "\
Each level of the plan should hang from the one above: an open epic from a
roadmap initiative (`initiative`), a planned or in-progress initiative from
an objective or key result (`objectives`, `key_results`), and a key result
of an open objective from a metric that measures it or an initiative that
moves it. An orphan is not wrong,
but it is worth a look: work nobody can trace to a goal, or a goal no work
serves.

Example: epic BL-2 without `initiative`; KR-7 with no metric and no
initiative listing it.

Fix: link it (pm backlog edit BL-2 --set initiative=RM-1; pm roadmap edit
RM-3 --add objectives=OBJ-2), or close it.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.items {
        let item = &doc.value;
        if item.kind == Some(ItemType::Epic) && item.initiative.is_none() && !cx.config.is_closed(item.status()) {
            out.push(
                Finding::new(RULE.name, &doc.path, "/id".to_string(), format!("epic {} has no initiative", item.id))
                    .help(format!("pm backlog edit {} --set initiative=RM-n", item.id)),
            );
        }
    }
    let initiatives = cx.ws.initiatives();
    if let Some(roadmap) = &cx.ws.roadmap {
        for (i, initiative) in initiatives.iter().enumerate() {
            // Only committed work: a proposal need not serve a goal yet.
            let committed = matches!(initiative.status, Some(InitiativeStatus::Planned | InitiativeStatus::InProgress));
            if committed && initiative.objectives.is_empty() && initiative.key_results.is_empty() {
                out.push(
                    Finding::new(
                        RULE.name,
                        &roadmap.path,
                        format!("/initiatives/{i}/id"),
                        format!("initiative {} serves no objective or key result", initiative.id),
                    )
                    .help(format!("pm roadmap edit {} --add objectives=OBJ-n", initiative.id)),
                );
            }
        }
    }
    for (doc, i, objective) in cx.ws.objectives() {
        if matches!(objective.status, Some(ObjectiveStatus::Closed | ObjectiveStatus::Cancelled)) {
            continue;
        }
        for (k, kr) in objective.key_results.iter().enumerate() {
            let moved = initiatives.iter().any(|init| init.key_results.contains(&kr.id));
            if kr.metric.is_none() && !moved {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/{i}/key_results/{k}/id"),
                        format!("key result {} has no metric and no initiative", kr.id),
                    )
                    .help(format!(
                        "pm okr kr edit {} --set metric=ID, or pm roadmap edit RM-n --add key_results={}",
                        kr.id, kr.id
                    )),
                );
            }
        }
    }
}
