use crate::check::Finding;
use crate::check::rules::{Cx, Rule, Scope};
use crate::model::config::Severity;
use crate::model::metric::Direction;
use crate::model::score::format_number;

pub(super) static RULE: Rule = Rule {
    name: "threshold-order",
    severity: Severity::Error,
    summary: "a metric's thresholds are not ordered for its direction",
    explanation: "\
`thresholds: {green: G, yellow: Y}` are read according to `direction`. For
a metric that should go up (the default), a value at or above G is green, at
or above Y yellow, and below Y red, so G must be greater than Y. For a metric
that should go down it is the other way round: at or below G green, at or
below Y yellow, above Y red, so G must be less than Y. Otherwise no value can
be yellow, and the status shown is wrong.

Example: `direction: down` (churn) with `thresholds: {green: 5, yellow: 3}`.

Fix: swap the two values, or set the `direction` the metric really has.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.metrics {
        let metric = &doc.value;
        let Some(t) = &metric.thresholds else { continue };
        let direction = metric.direction();
        if t.ordered(direction) {
            continue;
        }
        let (g, y) = (format_number(t.green), format_number(t.yellow));
        let (message, help) = match direction {
            Direction::Up => (
                format!("{} should go up, so green ({g}) must be above yellow ({y})", metric.id),
                if metric.direction.is_none() {
                    "swap green and yellow, or set `direction: down` if lower is better".to_string()
                } else {
                    "swap green and yellow".to_string()
                },
            ),
            Direction::Down => (
                format!("{} should go down, so green ({g}) must be below yellow ({y})", metric.id),
                "swap green and yellow".to_string(),
            ),
        };
        out.push(
            Finding::new(RULE.name, &doc.path, "/thresholds/green", message)
                .label(format!("not {} yellow", if direction == Direction::Up { "above" } else { "below" }))
                .help(help),
        );
    }
}
