//! OKR rules: key results, weights, check-ins and objectives.

use super::Rule;

/// The rules of this folder, in the order `--list-rules` shows them.
pub static RULES: &[&Rule] = &[];
