//! Experiment rules: dates, results and links.

use super::Rule;

mod dangling_reference;
mod dates;
mod overdue;
mod result_missing;

/// The rules of this folder, in the order `--list-rules` shows them.
pub(crate) static RULES: &[&Rule] = &[&dangling_reference::RULE, &dates::RULE, &result_missing::RULE, &overdue::RULE];
