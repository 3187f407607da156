use std::collections::HashMap;

use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "duplicate-rank",
    severity: Severity::Warning,
    summary: "siblings share a rank key",
    explanation: "\
Items under the same parent (or top-level items) should have distinct rank
keys, or their order is decided by id rather than by the product owner. Equal
keys usually come from two branches that ranked items at the same place.

Fix: re-rank one of them: `pm backlog rank ID --after OTHER`.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    // (file, id) per (parent, rank): two files may carry the same id.
    type Group<'a> = Vec<(&'a str, &'a str)>;
    let mut groups: HashMap<(Option<&str>, &str), Group> = HashMap::new();
    for doc in &cx.ws.items {
        if let Some(rank) = &doc.value.rank {
            groups
                .entry((doc.value.parent.as_deref(), rank.as_str()))
                .or_default()
                .push((doc.path.as_str(), doc.value.id.as_str()));
        }
    }
    for doc in &cx.ws.items {
        let Some(rank) = &doc.value.rank else { continue };
        let same = &groups[&(doc.value.parent.as_deref(), rank.as_str())];
        if same.len() > 1 {
            let others: Vec<&str> = same.iter().filter(|(path, _)| *path != doc.path).map(|(_, id)| *id).collect();
            out.push(
                Finding::new(
                    RULE.name,
                    &doc.path,
                    "/rank",
                    format!("rank \"{rank}\" is also used by {}", others.join(", ")),
                )
                .label("duplicate rank")
                .help(format!("re-rank one of them: pm backlog rank {} --after {}", doc.value.id, others[0])),
            );
        }
    }
}
