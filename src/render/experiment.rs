//! Views of lean experiments.
