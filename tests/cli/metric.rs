//! `pm metric`.
