use crate::check::Finding;
use crate::check::rules::{Cx, Rule, Scope};
use crate::model::config::Severity;
use crate::model::metric::Period;

pub(super) static RULE: Rule = Rule {
    name: "malformed-period",
    severity: Severity::Error,
    summary: "an observation's period is malformed or not of the metric's grain",
    explanation: "\
Every observation names the period it measures, written for the metric's
`grain`: `2026-11-28` (day), `2026-W48` (an ISO 8601 week: Monday to Sunday,
week 1 holds the year's first Thursday), `2026-11` (month) or `2026-Q4`
(quarter). A period pm cannot read cannot be ordered, charted or compared with
a target, and a weekly number in a monthly series makes the trend meaningless.

Example: `period: 2026-11-31`, `period: Nov 2026`, or `period: 2026-W48` in a
metric with `grain: month`.

Fix: write the period in the metric's grain (`pm metric record` does it for you).",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.metrics {
        let metric = &doc.value;
        for (i, o) in metric.observations.iter().enumerate() {
            let pointer = format!("/observations/{i}/period");
            match o.period.parse::<Period>() {
                Err(_) => out.push(
                    Finding::new(RULE.name, &doc.path, pointer, format!("`{}` is not a period", o.period))
                        .label("not a period")
                        .help(match metric.grain {
                            Some(g) => format!("this metric's grain is {}: write {}", g.as_str(), g.example()),
                            None => "write YYYY-MM-DD, YYYY-Www (ISO week), YYYY-MM or YYYY-Qn".to_string(),
                        }),
                ),
                Ok(p) => {
                    if let Some(grain) = metric.grain
                        && p.grain() != Some(grain)
                    {
                        let kind = p.grain().map_or("year", |g| g.as_str());
                        out.push(
                            Finding::new(
                                RULE.name,
                                &doc.path,
                                pointer,
                                format!("{p} is a {kind}, but {} is measured by {}", metric.id, grain.as_str()),
                            )
                            .label(format!("not a {}", grain.as_str()))
                            .help(format!("write {}, or change the metric's `grain`", grain.example())),
                        );
                    }
                }
            }
        }
    }
}
