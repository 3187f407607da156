use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::score::format_number;

pub(super) static RULE: Rule = Rule {
    name: "must-capacity",
    severity: Severity::Warning,
    summary: "Must items take more than 60% of a milestone's or an iteration's estimate",
    explanation: "\
DSDM's MoSCoW guideline: Must-haves are at most 60% of the effort of a
timebox or release, so that the Shoulds and Coulds leave room to absorb
surprises. pm adds the estimates of the items planned for a milestone (their
`milestone` field) and of those planned into an iteration (their `iteration`
field, an iteration being a timebox); items in `wont_do` and items without
an estimate do not count. It warns when those with priority `must` take more
than `capacity.must_share` of pm.yaml (default 0.6) of the total.

Example: MS-2 plans 20 points, 14 of them Must: 70%.

Fix: move some Musts to Should or to a later milestone, or add capacity.",
    scope: Scope::Workspace { all: check, item: None },
};

/// The Must points and the total points planned for each milestone, in
/// roadmap order.
fn planned<'a>(cx: &'a Cx) -> Vec<(usize, &'a str, f64, f64)> {
    let mut out = Vec::new();
    for (i, milestone) in cx.ws.milestones().iter().enumerate() {
        let (mut must, mut total) = (0.0, 0.0);
        for doc in &cx.ws.items {
            let item = &doc.value;
            if item.milestone.as_deref() != Some(milestone.id.as_str()) || item.status() == "wont_do" {
                continue;
            }
            let Some(points) = item.estimate.as_ref().and_then(|e| e.points(cx.config)) else { continue };
            total += points;
            if item.priority.as_deref() == Some("must") {
                must += points;
            }
        }
        out.push((i, milestone.id.as_str(), must, total));
    }
    out
}

/// The Must points and the total points of the items planned into each
/// iteration, in file order.
fn committed<'a>(cx: &'a Cx) -> Vec<(usize, &'a str, f64, f64)> {
    let mut out = Vec::new();
    for (i, it) in cx.ws.iterations().iter().enumerate() {
        let (mut must, mut total) = (0.0, 0.0);
        for doc in &cx.ws.items {
            let item = &doc.value;
            if item.iteration.as_deref() != Some(it.id.as_str()) || item.status() == "wont_do" {
                continue;
            }
            let Some(points) = item.estimate.as_ref().and_then(|e| e.points(cx.config)) else { continue };
            total += points;
            if item.priority.as_deref() == Some("must") {
                must += points;
            }
        }
        out.push((i, it.id.as_str(), must, total));
    }
    out
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let limit = cx.config.capacity.must_share;
    let share = |must: f64, total: f64| -> Option<String> {
        (total > 0.0 && must / total > limit + 1e-9).then(|| {
            format!(
                "{}% of its estimate ({} of {} points), above {}%",
                format_number((must / total * 100.0).round()),
                format_number(must),
                format_number(total),
                format_number((limit * 100.0).round())
            )
        })
    };
    if let Some(doc) = &cx.ws.iterations {
        for (i, id, must, total) in committed(cx) {
            if let Some(over) = share(must, total) {
                out.push(
                    Finding::new(RULE.name, &doc.path, format!("/{i}"), format!("Must items of {id} are {over}"))
                        .at_key()
                        .label("over capacity")
                        .help("move some Musts to Should or to a later iteration"),
                );
            }
        }
    }
    let Some(roadmap) = &cx.ws.roadmap else { return };
    for (i, id, must, total) in planned(cx) {
        if total <= 0.0 || must / total <= limit + 1e-9 {
            continue;
        }
        out.push(
            Finding::new(
                RULE.name,
                &roadmap.path,
                format!("/milestones/{i}"),
                format!(
                    "Must items are {}% of {id}'s estimate ({} of {} points), above {}%",
                    format_number((must / total * 100.0).round()),
                    format_number(must),
                    format_number(total),
                    format_number((limit * 100.0).round())
                ),
            )
            .at_key()
            .label("over capacity")
            .help("move some Musts to Should or to a later milestone"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{self, Options};
    use crate::store::{Parses, Workspace};

    const ROADMAP: &str = "milestones:\n  \
        - {id: MS-1, name: Wallets GA, kind: launch, date: 2027-03-15, status: planned}\n  \
        - {id: MS-2, name: Later, kind: launch, date: 2027-06-30, status: planned}\n";

    /// pm.yaml with MoSCoW priorities and this Must share.
    fn config(share: &str) -> String {
        format!("version: 1\nname: T\nid_prefix: BL\npriority_scheme: moscow\ncapacity: {{must_share: {share}}}\n")
    }

    /// An item file: id, then `key: value` lines.
    fn item(id: &str, fields: &str) -> (String, String) {
        (format!("backlog/{id}.yaml"), format!("id: {id}\ntitle: {id}\n{fields}"))
    }

    /// The messages of must-capacity for these files (pm.yaml and the roadmap added).
    fn musts(share: &str, items: &[(String, String)]) -> Vec<String> {
        let config = config(share);
        let mut files = vec![("pm.yaml", config.as_str()), ("roadmap.yaml", ROADMAP)];
        files.extend(items.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        let ws = Workspace::in_memory(&files);
        let today = Some("2026-11-28".parse().unwrap());
        let report = check::check(&ws, &Parses::default(), &Options { today, ..Options::default() });
        report.diagnostics.into_iter().filter(|d| d.rule == "must-capacity").map(|d| d.message).collect()
    }

    /// Against shares worked out by hand.
    #[test]
    fn the_must_share_of_a_milestones_estimate() {
        let mut items = vec![
            item("BL-1", "priority: must\nestimate: 3\nmilestone: MS-1\n"),
            item("BL-2", "priority: should\nestimate: 2\nmilestone: MS-1\n"),
        ];
        // 3 Must of 5: 60% is at the limit, not above it.
        assert_eq!(musts("0.6", &items), Vec::<String>::new());
        // 3 + 5 Must of 10 = 80%. An item without an estimate counts for nothing.
        items.push(item("BL-3", "priority: must\nestimate: 5\nmilestone: MS-1\n"));
        items.push(item("BL-4", "priority: must\nmilestone: MS-1\n"));
        assert_eq!(musts("0.6", &items), ["Must items are 80% of MS-1's estimate (8 of 10 points), above 60%"]);
        // Dropped work does not count: 3 Must of 5 again.
        items[2] = item("BL-3", "priority: must\nestimate: 5\nmilestone: MS-1\nstatus: wont_do\n");
        assert_eq!(musts("0.6", &items), Vec::<String>::new());
        // The threshold is the team's: at 0.5, 60% is over.
        assert_eq!(musts("0.5", &items), ["Must items are 60% of MS-1's estimate (3 of 5 points), above 50%"]);
        // A milestone with no estimates at all has no share to judge.
        items.push(item("BL-5", "priority: must\nmilestone: MS-2\n"));
        assert_eq!(musts("0.5", &items).len(), 1);
    }

    #[test]
    fn the_must_share_of_an_iterations_commitment() {
        let iterations = (
            "iterations.yaml".to_string(),
            "- id: IT-1\n  name: Sprint 1\n  start: 2026-11-23\n  end: 2026-12-04\n".to_string(),
        );
        let items = [
            iterations,
            item("BL-1", "priority: must\nestimate: 5\niteration: IT-1\n"),
            item("BL-2", "priority: could\nestimate: 3\niteration: IT-1\n"),
        ];
        assert_eq!(musts("0.6", &items), ["Must items of IT-1 are 63% of its estimate (5 of 8 points), above 60%"]);
    }

    /// A share outside (0, 1] makes pm.yaml unusable: the check of pm.yaml
    /// says so (the schema may say it too), about that value only.
    #[test]
    fn a_share_outside_0_to_1_is_a_config_error() {
        for share in ["1.5", "0"] {
            let report = check::check_config_text("pm.yaml", &config(share));
            let found = &report.diagnostics;
            let message = format!("capacity: must_share is a share above 0 and at most 1, not {share}");
            assert!(found.iter().any(|d| d.rule == "config" && d.message == message), "{found:#?}");
            assert!(found.iter().all(|d| d.pointer == "/capacity/must_share"), "{found:#?}");
        }
    }
}
