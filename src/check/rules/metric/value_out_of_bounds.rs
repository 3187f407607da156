use crate::check::Finding;
use crate::check::rules::{Cx, Rule, Scope};
use crate::model::config::Severity;
use crate::model::metric::BoundsSource;
use crate::model::score::format_number;

pub(super) static RULE: Rule = Rule {
    name: "value-out-of-bounds",
    severity: Severity::Error,
    summary: "a metric value lies outside the range the metric can take",
    explanation: "\
Some metrics can only take values in a range, and a value outside it is a
typo (164 for 64) or a unit mix-up (a count where a percent belongs):

- `unit: percent`: 0 to 100.
- an NPS (a metric whose id has the word `nps`: `nps`, `merchant_nps`):
  -100 to +100 (% promoters - % detractors).
- any metric with `bounds: {min: A, max: B}` (either end optional): A to B.
  `pm metric add --preset` writes the bounds of the standard KPIs, and
  explicit bounds take precedence over the two rules above.

Observations, the target and the thresholds are checked; so are the bounds
themselves (min must not exceed max).

Example: `unit: percent` with an observation `value: 164`.

Fix: correct the value (64?), or the unit or bounds if the metric really can
go there.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.metrics {
        let metric = &doc.value;
        let Some((bounds, source)) = metric.effective_bounds() else { continue };
        if let (Some(min), Some(max)) = (bounds.min, bounds.max)
            && min > max
        {
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/bounds/min",
                    format!(
                        "the bounds of {} are empty: min {} is above max {}",
                        metric.id,
                        format_number(min),
                        format_number(max)
                    ),
                )
                .label("above max")
                .help("swap min and max"),
            );
            continue;
        }
        let why = match source {
            BoundsSource::Explicit => format!("its bounds are {bounds}"),
            BoundsSource::Percent => "a percent lies between 0 and 100".to_string(),
            BoundsSource::Nps => "an NPS lies between -100 and +100".to_string(),
        };
        let mut report = |pointer: String, what: String| {
            out.push(
                Finding::new(RULE.name, &doc.path, pointer, format!("{what}, but {why}"))
                    .label(format!("outside {bounds}"))
                    .help("correct the value, or the metric's unit or bounds"),
            );
        };
        let id = &metric.id;
        let n = |v: f64| format_number(v);
        for (i, o) in metric.observations.iter().enumerate().filter(|(_, o)| !bounds.contains(o.value)) {
            report(format!("/observations/{i}/value"), format!("{id} has {} for {}", n(o.value), o.period));
        }
        if let Some(t) = metric.target.as_ref().filter(|t| !bounds.contains(t.value)) {
            report("/target/value".into(), format!("the target of {id} is {}", n(t.value)));
        }
        if let Some(t) = &metric.thresholds {
            for (band, value) in [("green", t.green), ("yellow", t.yellow)] {
                if !bounds.contains(value) {
                    report(format!("/thresholds/{band}"), format!("the {band} threshold of {id} is {}", n(value)));
                }
            }
        }
    }
}
