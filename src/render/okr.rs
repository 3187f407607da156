//! Views of okrs.
