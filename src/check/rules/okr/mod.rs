//! OKR rules: key results, weights, check-ins and objectives.

use super::Rule;
use crate::model::Objective;
use crate::store::{Doc, Workspace};

mod active_under_closed_parent;
mod checkin_confidence;
mod checkin_outside_cycle;
mod committed_below_target;
mod kr_count;
mod kr_target_equals_baseline;
mod kr_weights;
mod okr_cycle_mismatch;
mod okr_score_range;

/// The rules of this folder, in the order `--list-rules` shows them.
pub(crate) static RULES: &[&Rule] = &[
    &okr_cycle_mismatch::RULE,
    &kr_target_equals_baseline::RULE,
    &okr_score_range::RULE,
    &checkin_confidence::RULE,
    &kr_weights::RULE,
    &kr_count::RULE,
    &committed_below_target::RULE,
    &active_under_closed_parent::RULE,
    &checkin_outside_cycle::RULE,
];

/// Every objective with its file and index, for pointers like `/2/key_results/0/target`.
fn objectives(ws: &Workspace) -> impl Iterator<Item = (&Doc<Vec<Objective>>, usize, &Objective)> {
    ws.objectives()
}
