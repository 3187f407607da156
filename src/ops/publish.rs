//! `pm publish`: the product as a static HTML site. Gathers the views the
//! terminal commands show (roadmap, scored OKRs, metric summaries, board,
//! PRDs with coverage) and the semantic log for the changelog, for
//! `crate::render::site` to draw, and writes the pages it drew with
//! [`crate::store::output`].

use std::path::Path;

use crate::error::{Mistake, Result};
use crate::model::{Cycle, Date, Item, Prd, ProductInfo};
use crate::store::{Doc, Product, Source, Workspace, output};

use super::history::LogEntry;
use super::metric::Summary;
use super::okr::ObjectiveView;
use super::prd::Coverage;
use super::roadmap::View;

use super::backlog::{self, GroupBy};
use super::progress::Progress;
use super::{history, metric, okr, prd, roadmap};

/// Everything the site shows, computed by the operations the terminal views use.
pub(crate) struct Input<'a> {
    /// The product's name (product.yaml, else pm.yaml, else "Product").
    pub name: String,
    pub info: Option<&'a ProductInfo>,
    /// The date the views are computed for.
    pub today: Date,
    /// Which revision was read, when not the working tree (`--at v1.2`, `--staged`).
    pub source: Option<String>,
    pub roadmap: View<'a>,
    /// Every objective of every cycle, scored.
    pub objectives: Vec<ObjectiveView<'a>>,
    /// The cycle `pm okr show` shows by default.
    pub current_cycle: Option<Cycle>,
    pub metrics: Vec<Summary<'a>>,
    /// Board columns by status, in workflow order.
    pub board: Vec<(String, Vec<&'a Doc<Item>>)>,
    pub prds: Vec<(&'a Prd, Coverage<'a>)>,
    /// Release notes of every milestone, latest date first (undated first).
    pub releases: Vec<crate::ops::release::Notes>,
    /// The stakeholder update of the last 14 days, or why there is none.
    pub update: Result<crate::ops::update::Update, String>,
    pub history: History,
    /// Customer evidence, as the evidence page shows it.
    pub evidence: crate::ops::feedback::Overview<'a>,
    /// Published for readers outside the team: no customer names, quotes or revenue.
    pub external: bool,
}

/// The changelog's source.
pub(crate) enum History {
    /// Product changes per commit, newest first.
    Log(Vec<LogEntry>),
    /// Why there is no history (not a git repository).
    Unavailable(String),
}

/// The product's name: product.yaml, else pm.yaml, else "Product".
pub(crate) fn product_name(ws: &Workspace) -> String {
    ws.product
        .as_ref()
        .map(|p| p.value.name.clone())
        .filter(|n| !n.trim().is_empty())
        .or_else(|| ws.config.value.name.clone())
        .unwrap_or_else(|| "Product".into())
}

/// Everything the site shows, read from `ws` (loaded from `source`) and,
/// for the changelog, from the history up to the same revision.
pub(crate) fn gather<'a>(
    product: &Product,
    ws: &'a Workspace,
    today: Date,
    external: bool,
    progress: &dyn Progress,
) -> Result<Input<'a>> {
    let update = match (&product.repo, &ws.source) {
        (None, _) => Err("there is no git history".to_string()),
        (Some(_), source) => {
            // As of the revision read, ending on its day; else HEAD, today.
            let until = match source {
                Source::Rev(rev) => super::update::revision_date(product, rev).map(|d| (rev.as_str(), d)),
                Source::WorkTree | Source::Index => Ok(("HEAD", today)),
            };
            until
                .and_then(|(at, until)| super::update::update_at(product, at, until.add_days(-14), until))
                .map_err(|e| e.to_string())
        }
    };
    let history = match product.repo {
        None => History::Unavailable(format!(
            "`{}` is not inside a git repository, so there is no history yet",
            product.display_dir.display()
        )),
        Some(_) => {
            let range = match &ws.source {
                Source::Rev(rev) => Some(rev.as_str()),
                Source::WorkTree | Source::Index => None,
            };
            let mut entries = history::log(product, range, None, None, today, progress)?;
            if external {
                // Feedback, customers and competitors name customers, quote them and give their revenue.
                use crate::diff::ArtifactKind;
                for e in &mut entries {
                    e.changes.retain(|c| {
                        !matches!(c.kind, ArtifactKind::Feedback | ArtifactKind::Customer | ArtifactKind::Competitor)
                    });
                }
                entries.retain(|e| !e.changes.is_empty() || !e.unreadable.is_empty());
            }
            History::Log(entries)
        }
    };
    let source = match &ws.source {
        Source::WorkTree => None,
        Source::Index => Some("the git index (staged changes)".to_string()),
        Source::Rev(rev) => Some(format!("revision {rev}")),
    };
    Ok(Input {
        name: product_name(ws),
        info: ws.product.as_ref().map(|d| &d.value),
        today,
        source,
        roadmap: roadmap::view(ws, today, external),
        objectives: okr::cycle_view(ws, None, today),
        current_cycle: okr::default_cycle(ws, today),
        metrics: metric::list(ws, today),
        board: backlog::board(ws, GroupBy::Status),
        prds: ws.prds.iter().map(|d| (&d.value, prd::coverage(ws, &d.value))).collect(),
        releases: releases(ws)?,
        update,
        history,
        evidence: super::feedback::overview(ws, external),
        external,
    })
}

/// The release notes of every milestone, latest date first (undated ones,
/// still to be scheduled, before them).
pub(crate) fn releases(ws: &Workspace) -> Result<Vec<super::release::Notes>> {
    let mut ms: Vec<_> = ws.milestones().iter().collect();
    ms.sort_by_key(|m| std::cmp::Reverse((m.date.is_none(), m.date)));
    Ok(ms.into_iter().map(|m| super::release::of_milestone(ws, m)).collect())
}

/// Refuses an output folder in the product folder: pages there would mix
/// with product files (and `pm check` would read them).
pub(crate) fn check_target(product: &Product, out: &Path, shown: &Path) -> Result<()> {
    if product.would_hold(out) {
        return Err(Mistake::PublishInProduct {
            out: shown.display().to_string(),
            product: product.display_dir.display().to_string(),
        }
        .into());
    }
    Ok(())
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Published {
    /// HTML pages.
    pub pages: usize,
    /// Every file, the stylesheet included.
    pub files: usize,
    /// Product files the changelog could not read at some commit.
    pub unreadable: Vec<crate::diff::Unreadable>,
}

/// Writes the drawn site's `files` (path below `out`, bytes) into `out`
/// (`shown` as the user typed it); `input` is what they were drawn from.
pub(crate) fn write(out: &Path, shown: &Path, input: &Input, files: Vec<(String, Vec<u8>)>) -> Result<Published> {
    let unreadable = match &input.history {
        History::Log(entries) => entries.iter().flat_map(|e| e.unreadable.iter().cloned()).collect(),
        _ => Vec::new(),
    };
    output::write_files(out, shown, &files)?;
    Ok(Published { pages: files.iter().filter(|(p, _)| p.ends_with(".html")).count(), files: files.len(), unreadable })
}
