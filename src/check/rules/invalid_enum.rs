use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::backlog::join;
use crate::model::config::{EstimateScale, FIBONACCI, Severity};
use crate::model::score::RICE_IMPACTS;
use crate::model::{Estimate, Item};
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "invalid-enum",
    severity: Severity::Error,
    summary: "a value is not one the product's configuration allows",
    explanation: "\
`status` must be a status of the workflow in pm.yaml, `priority` a value of
the configured priority scheme (p0-p3, or must/should/could/wont),
`estimate` a value on the configured scale (fibonacci points, t-shirt sizes,
or any number >= 0), and a RICE `impact` one of Intercom's steps: 3 (massive),
2 (high), 1 (medium), 0.5 (low), 0.25 (minimal).

Example: `priority: high` with the p0-p3 scheme, or `estimate: 4` on the
fibonacci scale.

Fix: use one of the values listed in the message.",
    scope: Scope::Item(check),
};

fn check(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let config = cx.config;
    let item = &doc.value;
    let mut bad = |at: &str, message: String, help: String| {
        out.push(Finding::new(RULE.name, &doc.path, at, message).label("not allowed here").help(help));
    };
    if let Some(status) = &item.status
        && config.step(status).is_none()
    {
        bad(
            "/status",
            format!("`{status}` is not a status of the workflow"),
            format!("use one of {}", join(config.statuses())),
        );
    }
    if let Some(priority) = &item.priority {
        let values = config.priority_scheme.values();
        if !values.contains(&priority.as_str()) {
            bad(
                "/priority",
                format!("`{priority}` is not a priority"),
                format!("use one of {}", join(values.iter().copied())),
            );
        }
    }
    if let Some(estimate) = &item.estimate {
        let ok = match (config.estimate_scale, estimate) {
            (EstimateScale::Fibonacci, Estimate::Points(p)) => FIBONACCI.contains(p),
            (EstimateScale::Tshirt, Estimate::Size(s)) => config.tshirt_points.contains_key(s),
            (EstimateScale::Any, Estimate::Points(p)) => *p >= 0.0,
            _ => false,
        };
        if !ok {
            let allowed = match config.estimate_scale {
                EstimateScale::Fibonacci => "use 0, 1, 2, 3, 5, 8, 13, 21 (or 20, 40, 100)".to_string(),
                EstimateScale::Tshirt => {
                    format!("use one of {}", join(config.tshirt_points.keys().map(String::as_str)))
                }
                EstimateScale::Any => "use a number of points >= 0".to_string(),
            };
            let scale = format!("{:?}", config.estimate_scale).to_lowercase();
            bad("/estimate", format!("{estimate} is not on the {scale} estimate scale"), allowed);
        }
    }
    if let Some(rice) = &item.rice
        && !RICE_IMPACTS.contains(&rice.impact)
    {
        bad(
            "/rice/impact",
            format!("{} is not a RICE impact", rice.impact),
            "use 3 (massive), 2 (high), 1 (medium), 0.5 (low) or 0.25 (minimal)".to_string(),
        );
    }
}
