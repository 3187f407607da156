//! `pm review`: the product changes of a branch and the check findings it
//! introduces, as a Markdown comment for a pull request.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::check::{self, Options};
use crate::diff::{self, ArtifactKind, Change};
use crate::error::Result;
use crate::model::Date;
use crate::model::config::Severity;
use crate::render::diff::items_markdown_with;
use crate::render::text::md_cell;
use crate::store::{Product, Source, Workspace};

pub struct Review {
    pub markdown: String,
    pub new_errors: usize,
    /// Files that could not be read at the merge base or at HEAD.
    pub unreadable: Vec<crate::diff::Unreadable>,
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

/// Open backlog items and initiatives whose demand differs between `before`
/// and `after`: id, title (as after), demand before and after; in id order.
type Move = (String, String, crate::model::feedback::Demand, crate::model::feedback::Demand);

pub fn demand_moves(before: &Workspace, after: &Workspace) -> Vec<Move> {
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
pub fn review(product: &Product, base: &str, today: Date) -> Result<Review> {
    let repo = product.repo()?;
    let head = repo.commit_id("HEAD")?;
    let merge_base = repo.merge_base(&repo.commit_id(base)?, &head)?;
    let diff::Between { changes, head: head_ws, unreadable } =
        diff::between(product, &Source::Rev(merge_base.clone()), &Source::Rev(head.clone()), today)?;
    let summary = diff::summary(&changes, &head_ws);

    let findings = |rev: &str| -> Result<Vec<check::Diagnostic>> {
        let ws = Workspace::load_for_check(product, Source::Rev(rev.to_string()))?;
        Ok(check::check(&ws, &Options { today: Some(today), ..Options::default() }).diagnostics)
    };
    let before: HashSet<(String, String, String)> =
        findings(&merge_base)?.into_iter().map(|d| (d.rule.to_string(), d.path, d.message)).collect();
    let introduced: Vec<check::Diagnostic> = findings(&head)?
        .into_iter()
        .filter(|d| !before.contains(&(d.rule.to_string(), d.path.clone(), d.message.clone())))
        .collect();
    let new_errors = introduced.iter().filter(|d| d.severity == Severity::Error).count();

    let mut out = String::from("## Product changes\n\n");
    if changes.is_empty() {
        out.push_str("This branch changes nothing in the product.\n");
    } else {
        out.push_str("| | |\n|---|---|\n");
        let rows = [
            ("Backlog items added", summary.items_added),
            ("Backlog items closed", summary.items_closed),
            ("Backlog items reprioritised", summary.items_reprioritised),
            ("Backlog items changed", summary.items_changed),
            ("Backlog items removed", summary.items_removed),
            ("Roadmap changes", summary.roadmap),
            ("OKR changes", summary.okrs),
            ("PRD changes", summary.prds),
            ("Metric changes", summary.metrics),
            ("Experiment changes", summary.experiments),
            ("Customer evidence changes", summary.evidence),
            ("Iteration changes", summary.iterations),
        ];
        for (label, n) in rows.into_iter().filter(|(_, n)| *n > 0) {
            let _ = writeln!(out, "| {label} | {n} |");
        }
        let mut kinds: Vec<ArtifactKind> = changes.iter().map(|c| c.kind).collect();
        kinds.dedup();
        for kind in kinds {
            let of_kind: Vec<Change> = changes.iter().filter(|c| c.kind == kind).cloned().collect();
            let body = items_markdown_with(&of_kind, |c| added_details(&head_ws, c));
            let _ = write!(
                out,
                "\n<details><summary><b>{}</b> ({})</summary>\n\n{}\n</details>\n",
                kind.heading(),
                of_kind.len(),
                body.trim_end()
            );
        }
    }
    if summary.evidence > 0 {
        // Demand needs every item and piece of feedback, not only the changed files.
        let (full_base, full_head, _) =
            crate::store::load_pair(product, &Source::Rev(merge_base.clone()), &Source::Rev(head.clone()))?;
        let moves = demand_moves(&full_base, &full_head);
        if !moves.is_empty() {
            out.push_str(
                "\n**Demand** (customer evidence, DOMAIN.md §9):\n\n| | Demand | Customers |\n|---|---|---|\n",
            );
            for (id, title, before, after) in &moves {
                let _ = writeln!(
                    out,
                    "| **{}** {} | {} → {} | {} → {} |",
                    md_cell(id),
                    md_cell(title),
                    crate::model::score::format_number(before.score),
                    crate::model::score::format_number(after.score),
                    before.customers + before.anonymous,
                    after.customers + after.anonymous
                );
            }
        }
    }
    if !unreadable.is_empty() {
        out.push_str("\n⚠️ Files that could not be read, whose changes are not shown:\n\n");
        for u in &unreadable {
            let _ = writeln!(out, "- `{}` at `{}`: {}", md_cell(&u.path), md_cell(&u.at), md_cell(&u.message));
        }
    }
    out.push_str("\n## pm check\n\n");
    if introduced.is_empty() {
        out.push_str("✅ This branch introduces no new problems.\n");
    } else {
        let warnings = introduced.len() - new_errors;
        let _ = writeln!(
            out,
            "{} This branch introduces {new_errors} error{} and {warnings} warning{}:\n",
            if new_errors > 0 { "❌" } else { "⚠️" },
            if new_errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
        let root = product.repo_path.clone().unwrap_or_default();
        for d in &introduced {
            let path = if root.is_empty() { d.path.clone() } else { format!("{root}/{}", d.path) };
            let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}** `{}{at}` {}: {}",
                d.severity.as_str(),
                md_cell(&path),
                md_cell(d.rule),
                md_cell(&d.message)
            );
        }
    }
    let _ = write!(
        out,
        "\n<sub>Compared with the merge base `{}` of `{}`; generated by pm.</sub>\n",
        &merge_base[..7],
        md_cell(base)
    );
    Ok(Review { markdown: out, new_errors, unreadable })
}
