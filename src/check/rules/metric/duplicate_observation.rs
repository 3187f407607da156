use crate::check::Finding;
use crate::check::rules::{Cx, Rule, Scope};
use crate::model::config::Severity;
use crate::model::metric::Period;

pub(super) static RULE: Rule = Rule {
    name: "duplicate-observation",
    severity: Severity::Error,
    summary: "a metric has two observations for the same period and segment",
    explanation: "\
A metric holds at most one value per period and segment (no segment means
`all`). Two values for the same period usually come from a number recorded
twice, or from two branches that both recorded the month, merged together;
charts, trends and key-result scores would silently pick one.

Example: two observations with `period: 2026-10` and no segment.

Fix: keep the right value and delete the other observation.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.metrics {
        let keys: Vec<(String, &str)> = doc
            .value
            .observations
            .iter()
            .map(|o| {
                // `2026-11` and `"2026-11"` are one period; compare the parsed form when there is one.
                let period = o.period.parse::<Period>().map_or_else(|_| o.period.clone(), |p| p.to_string());
                (period, o.segment_key())
            })
            .collect();
        // The first observation of each key, so that a metric with tens of
        // thousands of observations is checked in one pass.
        let mut first_of: std::collections::HashMap<&(String, &str), usize> = std::collections::HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            let first = *first_of.entry(key).or_insert(i);
            if first != i {
                let (period, segment) = key;
                let what = if *segment == "all" { String::new() } else { format!(" (segment {segment})") };
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/observations/{i}/period"),
                        format!("{} has two observations for {period}{what}", doc.value.id),
                    )
                    .label(format!("also observation {}", first + 1))
                    .help("keep one value per period and segment"),
                );
            }
        }
    }
}
