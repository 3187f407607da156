//! Experiment rules: dates, results and links.

use super::Rule;

/// The rules of this folder, in the order `--list-rules` shows them.
pub static RULES: &[&Rule] = &[];
