use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::okr::{ObjectiveStatus, ObjectiveType};

pub(super) static RULE: Rule = Rule {
    name: "committed-below-target",
    severity: Severity::Warning,
    summary: "a closed committed objective scored below 1.0",
    explanation: "\
Committed OKRs are promises: they are expected to score 1.0, and a miss calls
for a postmortem of what happened and what changes (aspirational OKRs are
expected to land around 0.7 instead).

Fix: write the postmortem and link it from the objective (a `postmortem:`
field is kept as written), then turn this warning off for it if you like.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (doc, i, o) in super::objectives(cx.ws) {
        if o.status == Some(ObjectiveStatus::Closed)
            && o.kind == Some(ObjectiveType::Committed)
            && o.score.is_some_and(|s| s < 1.0)
            && !o.extra.contains_key("postmortem")
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    format!("/{i}/score"),
                    format!(
                        "{} is committed and closed at {}",
                        o.id,
                        crate::model::score::format_fixed(o.score.unwrap_or_default(), 2)
                    ),
                )
                .label("below 1.0")
                .help("write a postmortem and link it with `postmortem: <url or path>`"),
            );
        }
    }
}
