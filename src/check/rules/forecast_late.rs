use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::roadmap::MilestoneStatus;

pub(super) static RULE: Rule = Rule {
    name: "forecast-late",
    severity: Severity::Warning,
    summary: "a milestone's date is earlier than its 50% forecast",
    explanation: "\
pm forecasts each milestone that is not shipped from git history: Monte Carlo
sampling of the weekly throughput of the last 12 full weeks (DOMAIN.md §10,
as `pm forecast milestone MS-n` does with its defaults) until the open leaf
items planned for it are done. When even the 50% answer — the date by which
half of the runs finished — is after the milestone's date, the date is more
likely missed than met.

Only `pm check` of the working tree or the index reads history for this; with
less than four full weeks of history, or no item finished in the window, the
rule says nothing.

Example: MS-2 on 2027-01-28 with 18 items open and two finished a week: the
50% forecast is 2027-04-03.

Fix: move the date (`pm milestone slip MS-n --to DATE --reason ...`), or cut
scope from the milestone.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let (Some(roadmap), Some(forecasts)) = (&cx.ws.roadmap, cx.forecasts) else { return };
    for (i, m) in roadmap.value.milestones.iter().enumerate() {
        if m.status == Some(MilestoneStatus::Shipped) {
            continue;
        }
        let (Some(date), Some(f)) = (m.date, forecasts.get(&m.id)) else { continue };
        if date < f.p50 {
            out.push(
                Finding::new(
                    RULE.name,
                    &roadmap.path,
                    format!("/milestones/{i}/date"),
                    format!(
                        "{} is planned for {date}, but half of the forecast runs finish its open items only by {} (85%: {})",
                        m.id, f.p50, f.p85
                    ),
                )
                .label("earlier than the 50% forecast")
                .help(format!("slip it (`pm milestone slip {} --to {}`) or cut scope", m.id, f.p85)),
            );
        }
    }
}
