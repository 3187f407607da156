//! Lean experiments: hypotheses, results and decisions.
