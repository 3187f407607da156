//! Tests of the lossless editor: example-based tests by operation, the roadmap and OKR shapes
//! (lists of mappings), checks against an independent model of each edit, robustness against
//! mutated input, and proptest properties.

use super::*;
use yaml_serde::Mapping;

const STORY: &str = r#"# Checkout redesign story
id: BL-12
title: "Pay with saved card"   # quoted on purpose
status: ready

priority: p1
labels: [checkout, payments]
blocked_by:
  - BL-9   # waiting on vault
  - BL-10
rice: {reach: 800, impact: 2, confidence: 0.8, effort: 3}
wsjf:
  user_business_value: 8
  job_size: 5
description: |
  Customers want to reuse
  their card.
customer_quote: 'I hate typing my card number'
created: 2025-07-01
"#;

fn path(dotted: &str) -> Vec<String> {
    dotted.split('.').map(str::to_owned).collect()
}

fn set(dotted: &str, value: NewValue) -> Edit {
    Edit::Set { path: path(dotted), value }
}

fn set_str(dotted: &str, value: &str) -> Edit {
    set(dotted, NewValue::Str(value.to_owned()))
}

fn set_raw(dotted: &str, value: &str) -> Edit {
    set(dotted, NewValue::Raw(value.to_owned()))
}

fn unset(dotted: &str) -> Edit {
    Edit::Unset { path: path(dotted) }
}

fn append(dotted: &str, value: &str) -> Edit {
    Edit::Append { path: path(dotted), value: NewValue::Str(value.to_owned()) }
}

fn remove(dotted: &str, value: &str) -> Edit {
    Edit::Remove { path: path(dotted), value: value.to_owned() }
}

/// Apply one edit that must succeed.
fn ok(text: &str, edit: Edit) -> String {
    apply(text, std::slice::from_ref(&edit)).unwrap_or_else(|e| panic!("{edit:?} failed: {e}"))
}

fn err(text: &str, edit: Edit) -> EditError {
    match apply(text, std::slice::from_ref(&edit)) {
        Ok(out) => panic!("{edit:?} unexpectedly succeeded:\n{out}"),
        Err(e) => e,
    }
}

/// STORY with `old` (which must occur exactly once) replaced by `new`.
fn story_with(old: &str, new: &str) -> String {
    assert_eq!(STORY.matches(old).count(), 1, "`{old}` must be unique");
    STORY.replacen(old, new, 1)
}

fn is_unsupported(e: &EditError) -> bool {
    matches!(e, EditError::Unsupported { .. })
}

mod lists;
mod model;
mod operations;
mod properties;
mod robustness;

// ----- lists of mappings: the roadmap and OKR files -----------------------------------------

const ROADMAP: &str = r#"# Roadmap, reviewed monthly with leadership.
themes: [conversion, trust, expansion]
initiatives:
  # Q4 bets
  - id: RM-1
    title: One-page checkout   # flagship
    theme: conversion
    horizon: now
    milestones: [MS-1]

  - id: RM-2
    title: "Fraud screening: phase 2"
    horizon: next
    objectives:
      - OBJ-1

  # Later: needs the payments team
  - id: RM-3
    title: Marketplace sellers
    horizon: later
    blocked_by:
      - RM-1
      - RM-2   # after fraud screening
milestones:
  - {id: MS-1, name: "v2.1", kind: release, date: 2026-12-15, status: planned}
  - {id: MS-2, name: "v2.2", kind: release, date: 2027-02-01}
"#;

const OKRS: &str = "\
# yaml-language-server: $schema=../../schemas/okrs.schema.json
# 2027-Q1 objectives, owned by the product trio.
- id: OBJ-1
  objective: Make checkout effortless
  owner: dana
  key_results:
    - id: KR-1
      title: Checkout conversion
      baseline: 0.42
      target: 0.5
      current: 0.44
      check_ins:
        - {date: 2026-11-01, value: 0.43, confidence: 0.7}
        - {date: 2026-11-15, value: 0.44, confidence: 0.6}   # after the outage
    - id: KR-2
      title: Median checkout time (s)
      baseline: 95
      target: 60
      current: 88   # p50 from the dashboard
      check_ins: []

# Trust work
- id: OBJ-2
  objective: Stop fraud without friction
  key_results:
    - id: KR-3
      title: Chargeback rate (%)
      target: 0.3
      current: 0.5
";

/// `text` with `old` (which must occur exactly once) replaced by `new`.
fn with(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "`{old}` must be unique");
    text.replacen(old, new, 1)
}

fn segments(segments: &[&str]) -> Vec<String> {
    segments.iter().map(|s| (*s).to_owned()).collect()
}

fn raw(s: &str) -> NewValue {
    NewValue::Raw(s.to_owned())
}

fn string(s: &str) -> NewValue {
    NewValue::Str(s.to_owned())
}

fn map(entries: &[(&str, NewValue)]) -> NewValue {
    NewValue::Map(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
}

fn set_at(path: &[&str], value: NewValue) -> Edit {
    Edit::Set { path: segments(path), value }
}

fn unset_at(path: &[&str]) -> Edit {
    Edit::Unset { path: segments(path) }
}

fn append_at(path: &[&str], value: NewValue) -> Edit {
    Edit::Append { path: segments(path), value }
}

fn check_in() -> NewValue {
    map(&[("date", raw("2026-12-01")), ("value", raw("7")), ("confidence", raw("0.6"))])
}

/// A fixed pseudo-random sequence from `seed` (a linear congruential generator): each call
/// gives a number below `n`.
fn pseudo_random(seed: u64) -> impl FnMut(usize) -> usize {
    let mut seed = seed;
    move |n| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap() % n
    }
}
