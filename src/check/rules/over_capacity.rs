use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::score::format_number;

pub(super) static RULE: Rule = Rule {
    name: "over-capacity",
    severity: Severity::Warning,
    summary: "an iteration's committed estimate exceeds its capacity",
    explanation: "\
An iteration's commitment is the sum of the estimates of the items planned
into it (`iteration: IT-n`; items in `wont_do` and items without an estimate
do not count). When it is larger than the iteration's `capacity`, the team
has taken on more than it planned to do.

Example: IT-4 with `capacity: 20` and items of 8, 8 and 5 points: 21.

Fix: move items to the next iteration (`pm iteration plan IT-5 BL-n`), or
raise the capacity if the team has more time.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(doc) = &cx.ws.iterations else { return };
    for (i, it) in doc.value.iter().enumerate() {
        let Some(capacity) = it.capacity else { continue };
        let committed: f64 = cx
            .ws
            .items
            .iter()
            .map(|d| &d.value)
            .filter(|item| item.iteration.as_deref() == Some(it.id.as_str()) && item.status() != "wont_do")
            .filter_map(|item| item.estimate.as_ref().and_then(|e| e.points(cx.config)))
            .sum();
        if committed > capacity + 1e-9 {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    format!("/{i}/capacity"),
                    format!(
                        "{} commits {} points, over its capacity of {}",
                        it.id,
                        format_number(committed),
                        format_number(capacity)
                    ),
                )
                .label(format!("{} over", format_number(committed - capacity)))
                .help(format!(
                    "move items out (`pm iteration plan IT-n ID` into another), or raise {}'s capacity",
                    it.id
                )),
            );
        }
    }
}
