//! The rules of `pm check`, one file each. A rule is a static description
//! (name, default severity, what it checks and why, an example) plus the code
//! that finds it. Rules that look at one item run for `pm check` and before
//! every write; rules that need the whole product run for `pm check`.

use crate::model::config::Severity;
use crate::model::{Config, Date, Item};
use crate::store::{Doc, Workspace};

use super::diagnostic::Finding;

mod byte_order_mark;
mod config;
mod dangling_reference;
mod dependency_cycle;
mod done_with_open_children;
mod duplicate_id;
mod duplicate_key;
mod duplicate_rank;
mod encoding;
mod end_before_start;
mod file_limits;
mod filename_mismatch;
mod forecast_late;
mod id_out_of_range;
mod illegal_transition;
mod in_progress_while_blocked;
mod initiative_progress;
mod invalid_enum;
mod invalid_rank;
mod iteration;
mod launch_open;
mod malformed_id;
mod merge_conflict;
mod must_capacity;
mod not_a_file;
mod orphan;
mod over_capacity;
mod rice_confidence;
mod schema;
mod score_range;
mod stale_roadmap;
pub(crate) mod unknown_field;
mod updated_before_created;
mod wrong_extension;
mod wrong_kind_reference;
mod yaml_syntax;

#[cfg(test)]
mod tests;

/// A check of one item.
pub(crate) type ItemCheck = fn(&Cx, &Doc<Item>, &mut Vec<Finding>);

/// What a rule looks at.
pub(crate) enum Scope {
    /// Found while reading a file (encoding, syntax, schema): reported by the pipeline itself.
    File,
    /// One item at a time.
    Item(ItemCheck),
    /// The whole workspace; the item check, when present, is what writes use.
    Workspace { all: fn(&Cx, &mut Vec<Finding>), item: Option<ItemCheck> },
}

pub(crate) struct Rule {
    pub name: &'static str,
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// What it checks, why it matters, an example and the fix (Markdown).
    pub explanation: &'static str,
    pub scope: Scope,
}

/// What rules see.
pub(crate) struct Cx<'a> {
    pub ws: &'a Workspace,
    pub config: &'a Config,
    /// The workspace at `--base`, for rules that compare (transitions).
    pub base: Option<&'a Workspace>,
    pub today: Date,
    /// Milestone forecasts from history, when there is enough of it.
    pub forecasts: Option<&'a std::collections::BTreeMap<String, crate::model::forecast::MilestoneForecast>>,
}

pub(crate) mod evidence;
pub(crate) mod experiment;
pub(crate) mod metric;
pub(crate) mod okr;
pub(crate) mod prd;

/// Every rule, in the order `--list-rules` shows them: the backlog and
/// roadmap rules here, then those of each artifact folder.
pub(crate) fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::LazyLock<Vec<&'static Rule>> = std::sync::LazyLock::new(|| {
        CORE.iter()
            .chain(prd::RULES)
            .chain(okr::RULES)
            .chain(metric::RULES)
            .chain(experiment::RULES)
            .chain(evidence::RULES)
            .copied()
            .collect()
    });
    &ALL
}

static CORE: &[&Rule] = &[
    &encoding::RULE,
    &byte_order_mark::RULE,
    &merge_conflict::RULE,
    &file_limits::RULE,
    &not_a_file::RULE,
    &wrong_extension::RULE,
    &yaml_syntax::RULE,
    &duplicate_key::RULE,
    &schema::RULE,
    &unknown_field::RULE,
    &config::RULE,
    &malformed_id::RULE,
    &id_out_of_range::RULE,
    &filename_mismatch::RULE,
    &duplicate_id::RULE,
    &dangling_reference::RULE,
    &wrong_kind_reference::RULE,
    &dependency_cycle::RULE,
    &invalid_enum::RULE,
    &rice_confidence::RULE,
    &score_range::RULE,
    &invalid_rank::RULE,
    &duplicate_rank::RULE,
    &updated_before_created::RULE,
    &done_with_open_children::RULE,
    &in_progress_while_blocked::RULE,
    &illegal_transition::RULE,
    &end_before_start::RULE,
    &stale_roadmap::RULE,
    &initiative_progress::RULE,
    &must_capacity::RULE,
    &over_capacity::RULE,
    &iteration::OVERLAP,
    &iteration::CLOSED,
    &forecast_late::RULE,
    &launch_open::RULE,
    &orphan::RULE,
    &initiative_progress::NOW_RULE,
];

pub(crate) fn find(name: &str) -> Option<&'static Rule> {
    let name = LEGACY.iter().find(|(old, _)| *old == name).map_or(name, |(_, new)| *new);
    all().iter().copied().find(|r| r.name == name)
}

/// Rule names of earlier versions that pm.yaml may still name without
/// being refused, and the rule each is now part of. Their severities are
/// not carried over: the new rules cover more than the old ones did.
pub(crate) static LEGACY: [(&str, &str); 3] = [
    ("metric-filename-mismatch", "filename-mismatch"),
    ("experiment-filename-mismatch", "filename-mismatch"),
    ("prd-file-name", "duplicate-requirement-id"),
];

/// JSON pointer of a top-level field, or of a dotted path (`rice.effort`).
pub(crate) fn pointer(field: &str) -> String {
    field.split('.').map(|p| format!("/{}", super::locate::escape(p))).collect()
}
