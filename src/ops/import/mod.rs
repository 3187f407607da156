//! Importing backlog items from other tools: Jira, Linear and generic CSV
//! exports, GitHub issues (`gh issue list --json ...`) and Backlog.md folders.
//!
//! A source is first read into [`Record`]s (one per issue, with where it came
//! from), then mapped onto the product: statuses onto the workflow, priorities
//! onto the priority scheme, estimates onto the estimate scale (rounded to the
//! nearest allowed value), parents and "blocks" links onto the ids of the items
//! imported with them. Each item keeps its source's key in `source_id`
//! (`jira:PAY-12`), so a second run updates the items it created — changing
//! only the values that differ, and only ever adding to lists — instead of
//! duplicating them. Every file is checked as `pm check` would, in the context
//! of the whole import, before anything is written; one bad item refuses all.
//!
//! The stages, one module each: `sources` reads each format into records
//! (one file per format), `mapping` maps their values onto the product,
//! `planning` decides what to create, update or leave alone (pure: no I/O),
//! and [`import`] checks the plan and writes it through the one write path.

mod mapping;
mod planning;
pub(crate) mod sources;

use crate::error::{Error, Result};
use crate::model::{Date, ItemType, id};
use crate::store::ids::{self, IdLock};
use crate::store::{Product, Workspace};

use super::progress::Progress;
use super::write;
use planning::Change;

pub(crate) use mapping::{date_for, text_value};
pub(crate) use planning::Conflict;
pub(crate) use sources::{Parsed, SourceKind, parse, parse_backlog_md};

/// How many issues went from one source value to one pm value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally(pub Vec<(String, String, usize)>);

impl Tally {
    fn add(&mut self, from: &str, to: &str) {
        match self.0.iter_mut().find(|(f, t, _)| f == from && t == to) {
            Some(e) => e.2 += 1,
            None => self.0.push((from.to_string(), to.to_string(), 1)),
        }
    }
}

/// One item the import created, updated or left alone.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub id: String,
    /// The source's key (`PAY-12`).
    pub key: String,
    pub title: String,
    pub kind: Option<ItemType>,
    pub status: String,
    /// For updates: the fields changed.
    pub changed: Vec<String>,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub kind: SourceKind,
    pub shown: String,
    pub dry_run: bool,
    pub records: usize,
    pub created: Vec<Outcome>,
    pub updated: Vec<Outcome>,
    pub unchanged: Vec<Outcome>,
    pub statuses: Tally,
    pub types: Tally,
    pub priorities: Tally,
    /// Estimates moved onto the scale: `PAY-4: 4 → 5 (nearest on the fibonacci scale)`.
    pub rounded: Vec<String>,
    /// What could not be mapped, one sentence each.
    pub not_mapped: Vec<String>,
    pub unused: Vec<String>,
    /// Fields changed both here and in the source since the last import.
    pub conflicts: Vec<Conflict>,
    /// Sub-tasks placed under their parent's epic or feature: `BL-7 (PAY-107) …`.
    pub subtasks: Vec<String>,
}

/// How an import treats what it finds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    pub dry_run: bool,
    /// Take the source's value of a field changed on both sides.
    pub prefer_source: bool,
    /// The type Jira sub-tasks become (chore by default, or story).
    pub subtask_type: ItemType,
}

impl Default for Options {
    fn default() -> Self {
        Options { dry_run: false, prefer_source: false, subtask_type: ItemType::Chore }
    }
}
fn invalid(shown: &str, problems: Vec<String>) -> Error {
    Error::Invalid { subject: format!("{shown} (nothing written)"), problems }
}

/// Imports `parsed` into the product. With `dry_run`, writes nothing and
/// reports what would be done; otherwise every file is checked first and
/// then written, or nothing is.
pub(crate) fn import(
    product: &Product,
    ws: &Workspace,
    parsed: &Parsed,
    options: Options,
    today: Date,
    progress: &dyn Progress,
) -> Result<Report> {
    write::require_work_tree(ws)?;
    let dry_run = options.dry_run;
    let prefix = parsed.kind.prefix();
    let existing = planning::already_imported(ws)?;
    let bases = crate::store::imports::load(product, prefix);

    // New ids are allocated under the id lock, held until the files are written.
    let new_count = planning::new_count(parsed, &existing);
    let lock =
        if new_count > 0 && (!dry_run || product.repo.is_some()) { Some(IdLock::acquire(product)?) } else { None };
    let first_number = match &lock {
        Some(lock) => id::number(&ids::next_id(product, ws.prefix(), lock)?, ws.prefix()).unwrap_or(1),
        None => {
            let names: Vec<String> = ws.backlog_stems.iter().map(|s| format!("{s}.yaml")).collect();
            let max = ids::max_number(names.iter().map(String::as_str), ws.prefix());
            id::next_number(max).ok_or_else(|| Error::refused(id::exhausted(ws.prefix(), max)))?
        }
    };
    let plan = planning::plan(ws, parsed, &existing, &bases, first_number, options, today)?;

    // Check the product as it will be after the import, then write every
    // file or none.
    let changes: Vec<write::Change> = plan
        .items
        .iter()
        .filter_map(|p| match &p.change {
            Change::Create { text } => Some(write::Change::create(&p.rel, text.clone())),
            Change::Update { text, old, .. } => Some(write::Change::replace(&p.rel, old.clone(), text.clone())),
            Change::Unchanged => None,
        })
        .collect();
    progress.start("Checking items", plan.items.len() as u64);
    write::validate(product, ws, &changes).map_err(|e| match e {
        Error::Invalid { problems, .. } => {
            // Each problem named by the item and the source record it came from.
            let named = problems
                .into_iter()
                .map(|e| {
                    plan.items
                        .iter()
                        .find_map(|p| {
                            let rest = e.strip_prefix(&format!("{}: ", p.rel))?;
                            Some(format!("{} ({}): {rest}", p.id, p.record.key))
                        })
                        .unwrap_or(e)
                })
                .collect();
            invalid(&parsed.shown, named)
        }
        other => other,
    })?;
    progress.advance(plan.items.len() as u64);
    if !dry_run {
        progress.start("Writing items", plan.items.len() as u64);
        write::commit(product, ws, changes)?;
        crate::store::imports::save(product, prefix, &plan.next_bases(bases))?;
    }
    drop(lock);
    progress.finish();
    Ok(plan.into_report(&ws.config.value))
}
