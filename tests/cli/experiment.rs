//! `pm experiment`.
