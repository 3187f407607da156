//! Metric rules: observations, bounds and thresholds. They look at the whole
//! workspace's metrics, so they also run before every write of a metric file
//! (`pm metric add`, `record`, `import`).

use super::Rule;

mod duplicate_observation;
mod future_observation;
mod malformed_period;
mod threshold_order;
mod value_out_of_bounds;

/// The rules of this folder, in the order `--list-rules` shows them.
pub(crate) static RULES: &[&Rule] = &[
    &malformed_period::RULE,
    &duplicate_observation::RULE,
    &future_observation::RULE,
    &value_out_of_bounds::RULE,
    &threshold_order::RULE,
];
