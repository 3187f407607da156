use crate::check::Finding;
use crate::check::rules::{Cx, Rule, Scope};
use crate::model::config::Severity;
use crate::model::metric::Period;

pub(super) static RULE: Rule = Rule {
    name: "future-observation",
    severity: Severity::Error,
    summary: "an observation is for a period that has not started",
    explanation: "\
An observation records what was measured, so its period must have started:
the current period (a month still running) is fine, the next one is not. A
future period is usually a typo in the year or month, or a forecast written
where actuals belong, and it becomes the metric's \"latest\" value.

Example: `period: 2026-12` checked on 2026-11-28.

Fix: correct the period; keep forecasts in a target or a note instead.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.metrics {
        for (i, o) in doc.value.observations.iter().enumerate() {
            let Ok(period) = o.period.parse::<Period>() else { continue };
            if period.start() > cx.today {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/observations/{i}/period"),
                        format!("{period} starts on {}, after today ({})", period.start(), cx.today),
                    )
                    .label("in the future")
                    .help("record observations for periods that have started"),
                );
            }
        }
    }
}
