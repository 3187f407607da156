//! One number format: every output rounds a value the same way (half away
//! from zero), never shows `-0`, writes money with its currency's symbol and
//! thousands separators, and says when a target date has been missed. Each
//! reproduction of the quarter-without-hand-edits issue is a test here.

use crate::env::TestEnv;

fn ok(env: &TestEnv, args: &[&str]) -> String {
    let run = env.pm(args);
    run.success();
    run.stdout
}

fn commit(env: &TestEnv, message: &str) {
    let run = env.sh(&format!(
        "git add -A && GIT_AUTHOR_DATE='2026-11-28T12:00:00Z' GIT_COMMITTER_DATE='2026-11-28T12:00:00Z' git commit -q -m '{message}'"
    ));
    assert_eq!(run.code, 0, "{}", run.snapshot());
}

#[test]
fn a_progress_of_five_eighths_is_63_percent_and_0_63_everywhere() {
    let env = TestEnv::acme();
    // Baseline 0, target 8: 5 is 0.625 done, exactly half-way between 62% and 63%.
    let kr = ok(&env, &["okr", "kr", "add", "OBJ-5", "Ship eight help articles", "--baseline", "0", "--target", "8"]);
    assert_eq!(kr, "KR-9\n");
    commit(&env, "add KR-9");
    ok(&env, &["okr", "checkin", "KR-9", "5", "--date", "2026-11-27"]);
    commit(&env, "check in KR-9");
    let show = ok(&env, &["okr", "show", "--cycle", "2026-Q4"]);
    let line = show.lines().find(|l| l.contains("KR-9")).unwrap();
    assert!(line.contains("██████░░░░ 63%"), "{line}");
    let csv = ok(&env, &["export", "--kind", "okrs", "--format", "csv"]);
    let row = csv.lines().find(|l| l.contains(",KR-9,")).unwrap();
    assert!(row.contains(",0,8,5,current,0.63,"), "{row}");
    let log = ok(&env, &["log", "HEAD~1..HEAD"]);
    assert!(log.contains("KR-9: current 0 → 5; progress 0 → 0.63; check_ins check-in 2026-11-27: 5"), "{log}");
    // OBJ-5's score: KR-8 at 0.4 and KR-9 at 0.625, equally weighted = 0.5125 → 0.51.
    assert!(log.contains("OBJ-5: current_score 0.2 → 0.51"), "{log}");
    env.pm(&["publish", "--out", "site"]).success();
    let page = env.read("site/okrs.html");
    assert!(
        page.contains("<progress max=\"100\" value=\"63\" aria-label=\"KR-9 progress\">63%</progress> 63%"),
        "{page}"
    );
}

#[test]
fn a_falling_metric_at_its_baseline_is_0_percent_not_minus_0() {
    let env = TestEnv::acme();
    // A metric that should go down, checked in at its baseline: 0 of the way.
    ok(&env, &["okr", "kr", "add", "OBJ-5", "Cut support tickets", "--baseline", "120", "--target", "80"]);
    ok(&env, &["okr", "checkin", "KR-9", "120", "--date", "2026-11-27"]);
    let show = ok(&env, &["okr", "show", "--cycle", "2026-Q4"]);
    let line = show.lines().find(|l| l.contains("KR-9")).unwrap();
    assert!(line.contains("░░░░░░░░░░ 0%"), "{line}");
    assert!(!show.contains("-0%"), "{show}");
}

#[test]
fn money_has_its_symbol_and_thousands_separators() {
    let env = TestEnv::acme();
    ok(
        &env,
        &["metric", "add", "gross_revenue", "--name", "Gross revenue", "--unit", "currency:gbp", "--target", "150000"],
    );
    ok(&env, &["metric", "record", "gross_revenue", "131800", "--period", "2026-10"]);
    let show = ok(&env, &["metric", "show", "gross_revenue"]);
    assert!(show.contains("£131,800.00"), "{show}");
    assert!(show.contains("£150,000.00"), "{show}");
    assert!(!show.contains("currency:GBP"), "{show}");
    assert!(show.contains("GBP (£)"), "{show}");
    // A key result on it shows money on each value.
    ok(&env, &["okr", "kr", "add", "OBJ-5", "Grow revenue", "--metric", "gross_revenue", "--target", "150000"]);
    let okrs = ok(&env, &["okr", "show", "--cycle", "2026-Q4"]);
    let line = okrs.lines().find(|l| l.contains("KR-9")).unwrap();
    assert!(line.contains("£131,800.00 → £131,800.00 (metric) → £150,000.00"), "{line}");
    // A code that is no currency is refused.
    let run = env.pm(&["metric", "add", "fake", "--name", "Fake", "--unit", "currency:ABC"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unit: `ABC` is not an ISO 4217 currency code"), "{}", run.stderr);
}

#[test]
fn a_target_whose_date_has_passed_is_missed_not_to_go() {
    let env = TestEnv::acme();
    ok(
        &env,
        &["metric", "add", "signups", "--name", "Signups", "--unit", "count", "--target", "50", "--by", "2026-10-31"],
    );
    ok(&env, &["metric", "record", "signups", "45", "--period", "2026-10"]);
    let show = ok(&env, &["metric", "show", "signups"]);
    assert!(show.contains("missed by 5"), "{show}");
    assert!(!show.contains("to go"), "{show}");
    // Before the date it is still to go.
    ok(&env, &["metric", "edit", "signups", "--set", "target.by=2026-12-31"]);
    let show = ok(&env, &["metric", "show", "signups"]);
    assert!(show.contains("5 to go"), "{show}");
}

#[test]
fn history_says_what_happened_in_words() {
    let env = TestEnv::acme();
    ok(&env, &["backlog", "rank", "BL-30", "--before", "BL-43"]);
    ok(&env, &["prd", "question", "answer", "PRD-2#Q-1", "No"]);
    ok(&env, &["okr", "checkin", "KR-4", "69", "--date", "2026-11-27"]);
    commit(&env, "changes");
    let rank = ok(&env, &["history", "BL-30"]);
    assert!(rank.contains("rank moved"), "{rank}");
    assert!(!rank.contains("rank rank"), "{rank}");
    let prd = ok(&env, &["history", "PRD-2"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        prd.contains("open_questions \"Do we need a separate merchant …\" status open → answered, answer set to No"),
        "{prd}"
    );
    assert!(!prd.contains("entries →"), "{prd}");
    // An objective's history has the score changes `pm log` shows.
    let log = ok(&env, &["log", "HEAD~1..HEAD"]);
    let score = log.lines().find(|l| l.contains("OBJ-3: current_score")).unwrap().trim().trim_start_matches("OBJ-3: ");
    let history = ok(&env, &["history", "OBJ-3"]);
    assert!(history.lines().next().is_some() && history.contains(score), "{history}\nlog: {score}");
}
