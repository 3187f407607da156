use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::id::{self, Kind};

pub(super) static RULE: Rule = Rule {
    name: "feedback-dangling-reference",
    severity: Severity::Error,
    summary: "feedback (or a compared feature) links to work that does not exist, or names an unknown customer",
    explanation: "\
Feedback says who asked (`customer:`, an id in customers.yaml) and what
for (`links: [{to: BL-42, importance: 3}]`: a backlog item, an initiative,
a PRD or one of its requirements, `PRD-3#FR-2`). Demand is computed from
these links and weighted by the customer's tier: a link to something
missing counts for nothing, and an unknown customer weighs 1 with no ARR,
so the evidence silently stops counting.

Example: `customer: acme_crop` when customers.yaml lists `acme_corp`, or
`links: [{to: BL-999}]` after BL-999 was removed.

The same holds for a compared feature's `delivered_by` in competitors.yaml.

Fix: correct the id, add the customer to customers.yaml, or remove the link.",
    scope: Scope::Workspace { all: check, item: None },
};

/// Whether a file at or below `path` failed to load: references into it cannot be judged.
fn broken(cx: &Cx, path: &str) -> bool {
    cx.ws.problems.iter().any(|p| p.is_fatal() && p.path.starts_with(path))
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let ws = cx.ws;
    let judge_customers = !broken(cx, crate::store::CUSTOMERS_FILE);
    let judge_roadmap = !broken(cx, crate::store::ROADMAP_FILE);
    for doc in &ws.feedback {
        let f = &doc.value;
        if let Some(c) = &f.customer
            && judge_customers
            && ws.customer(c).is_none()
        {
            let known = ws.customer_list().customers.iter().map(|c| c.id.as_str());
            let close = id::closest(c, known);
            let help = if close.is_empty() {
                format!("add {c} to customers.yaml, or remove `customer:` to make the feedback anonymous")
            } else {
                format!("did you mean {}?", close.join(", "))
            };
            out.push(
                Finding::new(RULE.name, &doc.path, "/customer", format!("no customer {c} in customers.yaml"))
                    .label("unknown customer")
                    .help(help),
            );
        }
        for (i, link) in f.links.iter().enumerate() {
            let to = link.to.as_str();
            let kind = [Kind::Backlog, Kind::Initiative, Kind::Prd]
                .into_iter()
                .find(|k| id::is_reference(to, *k, ws.prefix()));
            let Some(kind) = kind else {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/links/{i}/to"),
                        format!("`{to}` is not a backlog item, initiative or PRD requirement"),
                    )
                    .label("not an id feedback can link")
                    .help(format!("link {}-42, RM-2, PRD-3 or PRD-3#FR-2", ws.prefix())),
                );
                continue;
            };
            let missing = match kind {
                Kind::Backlog => !ws.has_item(to),
                Kind::Initiative => judge_roadmap && ws.exists(kind, to) == Some(false),
                _ => ws.exists(kind, to) == Some(false),
            };
            if missing {
                let known: Vec<&str> = match kind {
                    Kind::Backlog => ws.items.iter().map(|d| d.value.id.as_str()).collect(),
                    Kind::Initiative => ws.initiatives().iter().map(|i| i.id.as_str()).collect(),
                    _ => ws.prds.iter().map(|d| d.value.id.as_str()).collect(),
                };
                let close = id::closest(to, known);
                let help = if close.is_empty() {
                    "link an existing one, or remove the link".to_string()
                } else {
                    format!("did you mean {}?", close.join(", "))
                };
                out.push(
                    Finding::new(RULE.name, &doc.path, format!("/links/{i}"), format!("no {} {to}", kind.noun()))
                        .label("not found")
                        .help(help),
                );
            }
        }
    }
    // A compared feature names the work that delivers it.
    if let Some(doc) = &ws.competitors {
        for (i, f) in doc.value.features.iter().enumerate() {
            let Some(to) = f.delivered_by.as_deref() else { continue };
            let missing = if id::is_reference(to, Kind::Backlog, ws.prefix()) {
                !ws.has_item(to)
            } else {
                judge_roadmap && ws.exists(Kind::Initiative, to) != Some(true)
            };
            if missing {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/features/{i}/delivered_by"),
                        format!("feature {}: no backlog item or initiative {to}", f.key),
                    )
                    .label("not found")
                    .help("name the backlog item or initiative that delivers it, or remove `delivered_by`"),
                );
            }
        }
    }
}
