//! `pm review`: the product changes of a branch and the check findings it
//! introduces (`crate::render::review` writes them as a Markdown comment for
//! a pull request).

use std::collections::HashSet;

use crate::check::{self, Options};
use crate::diff::{self, ArtifactKind, Change};
use crate::error::Result;
use crate::model::Date;
use crate::model::config::Severity;
use crate::store::{Loader, Product, Source, Workspace};

pub(crate) struct Review {
    /// The product changes of the branch, and their counts.
    pub changes: Vec<Change>,
    pub summary: diff::Summary,
    /// What the review says of each added backlog item beside its title, by
    /// id: its type, priority and parent.
    pub details: std::collections::HashMap<String, String>,
    /// Open items and initiatives whose demand the branch moves (when it
    /// changes customer evidence).
    pub demand: Vec<Move>,
    /// Files that could not be read at the merge base or at HEAD.
    pub unreadable: Vec<crate::diff::Unreadable>,
    /// The check findings the branch introduces, and how many are errors.
    pub introduced: Vec<check::Diagnostic>,
    pub new_errors: usize,
    /// The product folder's path in the repository (`""` at its root).
    pub root: String,
    /// The merge base's commit id, and the base as the user named it.
    pub merge_base: String,
    pub base: String,
}

/// What a review says of an added backlog item: its type, priority and parent.
fn added_details(ws: &Workspace, c: &Change) -> Option<String> {
    if c.kind != ArtifactKind::Backlog {
        return None;
    }
    let item = &ws.get(&c.id)?.value;
    let parts: Vec<String> = [
        item.kind.map(|k| k.as_str().to_string()),
        item.priority.clone(),
        item.parent.as_ref().map(|p| format!("parent {p}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// An open backlog item or initiative whose demand differs between two
/// states of the product: id, title (as after), demand before and after.
pub(crate) type Move = (String, String, crate::model::feedback::Demand, crate::model::feedback::Demand);

/// Open backlog items and initiatives whose demand differs between `before`
/// and `after`, in id order.
pub(crate) fn demand_moves(before: &Workspace, after: &Workspace) -> Vec<Move> {
    use super::feedback::Index;
    let (a, b) = (Index::new(before), Index::new(after));
    let config = &after.config.value;
    let mut out: Vec<Move> = Vec::new();
    for d in after.items.iter().filter(|d| !config.is_closed(d.value.status())) {
        let (was, now) = (a.item(&d.value.id), b.item(&d.value.id));
        if was.score != now.score || was.customers != now.customers || was.anonymous != now.anonymous {
            out.push((d.value.id.clone(), d.value.title.clone(), was, now));
        }
    }
    for i in after.initiatives().iter().filter(|i| i.status().is_open()) {
        let (was, now) = (super::roadmap::demand(before, &a, &i.id), super::roadmap::demand(after, &b, &i.id));
        if was.score != now.score || was.customers != now.customers || was.anonymous != now.anonymous {
            out.push((i.id.clone(), i.title.clone(), was, now));
        }
    }
    out.sort_by_key(|m| crate::ops::release::id_order(&m.0));
    out
}

/// Compares HEAD with its merge base with `base`.
pub(crate) fn review(product: &Product, base: &str, today: Date) -> Result<Review> {
    let repo = product.repo()?;
    let head = repo.commit_id("HEAD")?;
    let merge_base = repo.merge_base(&repo.commit_id(base)?, &head)?;
    let super::compare::Between { changes, head: head_ws, unreadable } =
        super::compare::between(product, &Source::Rev(merge_base.clone()), &Source::Rev(head.clone()), today)?;
    let summary = diff::summary(&changes, &head_ws);

    let findings = |rev: &str| -> Result<Vec<check::Diagnostic>> {
        let (ws, loaded) = Loader::for_check(product, Source::Rev(rev.to_string()))?;
        Ok(check::check(&ws, &loaded.parses, &Options { today: Some(today), ..Options::default() }).diagnostics)
    };
    let before: HashSet<(String, String, String)> =
        findings(&merge_base)?.into_iter().map(|d| (d.rule.to_string(), d.path, d.message)).collect();
    let introduced: Vec<check::Diagnostic> = findings(&head)?
        .into_iter()
        .filter(|d| !before.contains(&(d.rule.to_string(), d.path.clone(), d.message.clone())))
        .collect();
    let new_errors = introduced.iter().filter(|d| d.severity == Severity::Error).count();

    let details = changes
        .iter()
        .filter(|c| c.action == diff::Action::Added)
        .filter_map(|c| Some((c.id.clone(), added_details(&head_ws, c)?)))
        .collect();
    let demand = if summary.evidence > 0 {
        // Demand needs every item and piece of feedback, not only the changed files.
        let (full_base, full_head, _) =
            crate::store::load_pair(product, &Source::Rev(merge_base.clone()), &Source::Rev(head.clone()))?;
        demand_moves(&full_base, &full_head)
    } else {
        Vec::new()
    };
    Ok(Review {
        changes,
        summary,
        details,
        demand,
        unreadable,
        introduced,
        new_errors,
        root: product.repo_path.clone().unwrap_or_default(),
        merge_base,
        base: base.to_string(),
    })
}
