//! One test per rule, in-process: each folder of `tests/fixtures/check/`
//! (a product that fails one rule only) is loaded and checked as `pm check`
//! does, without spawning the binary, and its diagnostics are compared with a
//! snapshot in `snapshots/`. `cargo test --lib check::rules::tests::RULE`
//! runs one (the rule's name with `_` for `-`). The end-to-end tests in
//! `tests/cli/check.rs` keep what only the command shows: exit codes,
//! formats, and which stream says what.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::check::{self, Diagnostic, Options, Report};
use crate::model::Date;
use crate::model::config::Severity;
use crate::ops;
use crate::store::{Product, Source, Workspace};

/// The date the fixtures are written for, as the CLI tests set `PM_TODAY`.
const TODAY: &str = "2026-11-28";

fn today() -> Date {
    TODAY.parse().expect("a date")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// Copies a folder with everything below it (fixtures hold folders where
/// files belong, so the copy goes by what each entry is).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs a fixture's `history.sh`, which builds the git history a rule reads
/// (its author and dates included), in the folder holding `product/`, with
/// git configured by nothing but it.
fn build_history(root: &Path) {
    let out = Command::new("bash")
        .arg("product/history.sh")
        .current_dir(root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "history.sh failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// What `pm check` finds in the fixture of `rule`: the folder is copied out of
/// this repository (so that no history but its own is read), and checked by
/// the operation the command runs, without the parse cache.
fn check_fixture(rule: &str) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    copy_dir(&fixtures().join(rule), &root.join("product"));
    if root.join("product/history.sh").exists() {
        build_history(&root);
    }
    let mut product = Product::open(root.join("product"), &root).unwrap();
    product.use_cache = false;
    let request =
        ops::check::Request { source: &Source::WorkTree, only: Vec::new(), strict: false, base: None, today: today() };
    ops::check::run(&product, &request).unwrap_or_else(|e| panic!("{rule}: the check failed: {e}"))
}

/// The text of a diagnostic's span, shown in the snapshot so that a wrong
/// column cannot hide behind a right-looking number.
fn spanned<'a>(report: &'a Report, d: &Diagnostic) -> Option<&'a str> {
    let text = report.texts.get(&d.path)?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let span = d.span?;
    body.get(span.offset..span.offset + span.len)
}

/// Every diagnostic of a report, one block each: severity, rule, place and
/// message, then the spanned text, label and help when there are any.
fn render(report: &Report) -> String {
    let mut out = format!("files checked: {}\n", report.files_checked);
    for d in &report.diagnostics {
        let place = match (d.line, d.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", d.path),
            _ => d.path.clone(),
        };
        writeln!(out, "\n{}[{}] {place}: {}", d.severity.as_str(), d.rule, d.message).unwrap();
        if let Some(text) = spanned(report, d) {
            writeln!(out, "  at: {text:?}").unwrap();
        }
        if let Some(label) = &d.label {
            writeln!(out, "  label: {label}").unwrap();
        }
        if let Some(help) = &d.help {
            writeln!(out, "  help: {help}").unwrap();
        }
    }
    out
}

/// The fixture of `rule` fails it, and no other rule above a note; its
/// diagnostics are as the snapshot shows.
fn assert_fixture(rule: &str) {
    let report = check_fixture(rule);
    let found = &report.diagnostics;
    assert!(found.iter().any(|d| d.rule == rule), "{rule}: the fixture does not fail it\n{}", render(&report));
    for d in found.iter().filter(|d| d.severity != Severity::Info) {
        assert_eq!(d.rule, rule, "{rule}: the fixture also fails another rule\n{}", render(&report));
    }
    insta::assert_snapshot!(rule, render(&report));
}

/// One test per rule with a fixture, named after the rule (`-` as `_`).
macro_rules! fixtures {
    ($($rule:ident),* $(,)?) => {
        /// The rules the tests below cover, by name.
        fn covered() -> Vec<String> {
            vec![$(stringify!($rule).replace('_', "-")),*]
        }
        $(
            #[test]
            fn $rule() {
                assert_fixture(&stringify!($rule).replace('_', "-"));
            }
        )*
    };
}

fixtures![
    active_under_closed_parent,
    byte_order_mark,
    checkin_confidence,
    checkin_outside_cycle,
    closed_iteration,
    committed_below_target,
    competitor_review_stale,
    config,
    dangling_reference,
    dependency_cycle,
    done_with_open_children,
    duplicate_id,
    duplicate_key,
    duplicate_observation,
    duplicate_rank,
    duplicate_requirement_id,
    encoding,
    end_before_start,
    experiment_dangling_reference,
    experiment_dates,
    experiment_overdue,
    experiment_result_missing,
    feedback_dangling_reference,
    feedback_importance,
    feedback_unlinked,
    file_limits,
    filename_mismatch,
    forecast_late,
    future_observation,
    id_out_of_range,
    in_progress_while_blocked,
    initiative_done_with_open_epics,
    invalid_enum,
    invalid_rank,
    iteration_overlap,
    kr_count,
    kr_target_equals_baseline,
    kr_weights,
    launch_checklist_open,
    malformed_id,
    malformed_period,
    merge_conflict,
    must_capacity,
    not_a_file,
    now_without_work,
    okr_cycle_mismatch,
    okr_score_range,
    orphan,
    over_capacity,
    prd_approval,
    prd_incomplete,
    prd_open_questions,
    prd_shipped_milestone,
    rice_confidence,
    schema,
    score_range,
    stale_roadmap,
    threshold_order,
    tier_weight,
    unknown_field,
    unknown_tier,
    updated_before_created,
    value_out_of_bounds,
    wrong_extension,
    wrong_kind_reference,
    yaml_syntax,
];

/// The rule compares two revisions, so it has no fixture folder; it has its own test below.
const WITHOUT_FIXTURE: &[&str] = &["illegal-transition"];

/// Every rule of the registry (what `--list-rules` prints) has a test above
/// or is named in [`WITHOUT_FIXTURE`], and every fixture folder is a rule's.
#[test]
fn every_rule_has_a_fixture_test() {
    let mut registry: Vec<String> =
        super::all().iter().map(|r| r.name.to_string()).filter(|n| !WITHOUT_FIXTURE.contains(&n.as_str())).collect();
    registry.sort();
    let mut tested = covered();
    tested.sort();
    assert_eq!(tested, registry, "one test per rule");
    let mut folders: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()).filter(|p| p.is_dir()))
        .filter_map(|p| Some(p.file_name()?.to_str()?.to_string()))
        .collect();
    folders.sort();
    assert_eq!(folders, registry, "one fixture folder per rule");
}

/// `illegal-transition` against a base where the item was `ready`: a status
/// change the default workflow forbids is an error, one it allows is not,
/// and without a base there is nothing to compare with.
#[test]
fn illegal_transition() {
    let base = Workspace::in_memory(&[
        ("backlog/BL-1.yaml", "id: BL-1\ntitle: Pay\nstatus: ready\n"),
        ("backlog/BL-2.yaml", "id: BL-2\ntitle: Ship\nstatus: ready\n"),
    ]);
    let (ws, parses) = base.with_files(vec![
        ("backlog/BL-1.yaml".into(), Some(b"id: BL-1\ntitle: Pay\nstatus: done\n".to_vec())),
        ("backlog/BL-2.yaml".into(), Some(b"id: BL-2\ntitle: Ship\nstatus: in_progress\n".to_vec())),
    ]);
    let options = |base| Options { base, today: Some(today()), ..Options::default() };
    let report = check::check(&ws, &parses, &options(Some(&base)));
    assert!(report.diagnostics.iter().all(|d| d.rule == "illegal-transition"), "{}", render(&report));
    insta::assert_snapshot!("illegal-transition", render(&report));
    assert_eq!(check::check(&ws, &parses, &options(None)).diagnostics, []);
}
