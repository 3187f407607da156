//! Customer evidence rules: feedback links and customers, importance,
//! feedback nobody acted on, and competitor reviews gone stale.

use super::Rule;

mod competitor_stale;
mod dangling_reference;
mod importance;
mod tier_weight;
mod unknown_tier;
mod unlinked;

/// The rules of this folder, in the order `--list-rules` shows them.
pub(crate) static RULES: &[&Rule] = &[
    &dangling_reference::RULE,
    &importance::RULE,
    &tier_weight::RULE,
    &unknown_tier::RULE,
    &unlinked::RULE,
    &competitor_stale::RULE,
];
