//! PRD rules: approvals, required sections, open questions, milestones and file names.

use super::Rule;

mod duplicate_requirement_id;
mod prd_approval;
mod prd_incomplete;
mod prd_open_questions;
mod prd_shipped_milestone;

/// The rules of this folder, in the order `--list-rules` shows them.
pub(crate) static RULES: &[&Rule] = &[
    &duplicate_requirement_id::RULE,
    &prd_approval::RULE,
    &prd_incomplete::RULE,
    &prd_open_questions::RULE,
    &prd_shipped_milestone::RULE,
];
