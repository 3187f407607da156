//! Experiment rules: dates, results and links.

use super::Rule;
use crate::model::Experiment;
use crate::store::Doc;

mod dangling_reference;
mod dates;
mod filename_mismatch;
mod overdue;
mod result_missing;

/// The rules of this folder, in the order `--list-rules` shows them.
pub static RULES: &[&Rule] =
    &[&filename_mismatch::RULE, &dangling_reference::RULE, &dates::RULE, &result_missing::RULE, &overdue::RULE];

/// The stem of an experiment's file name (`EXP-3` for `experiments/EXP-3.yaml`).
fn stem(doc: &Doc<Experiment>) -> &str {
    doc.path.rsplit('/').next().and_then(|n| n.strip_suffix(".yaml")).unwrap_or("")
}
