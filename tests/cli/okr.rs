//! `pm okr`.
