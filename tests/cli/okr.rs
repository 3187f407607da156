//! `pm okr`: scoring, check-ins, closing and the review document.

use insta::assert_snapshot;

use crate::TestEnv;

/// A cycle whose numbers are known by construction.
fn scored() -> TestEnv {
    let env = TestEnv::product();
    env.write(
        "product/okrs/2027-Q1.yaml",
        r#"# Q1 OKRs
- id: OBJ-1
  title: Grow
  type: aspirational
  status: active
  key_results:
    - {id: KR-1, title: Rising, baseline: 40, target: 60, current: 50}
    - {id: KR-2, title: Falling, baseline: 10, target: 5, current: 7}
- id: OBJ-2
  title: Weighted
  type: committed
  status: active
  key_results:
    - {id: KR-3, title: Overshot, baseline: 100, target: 200, current: 250, weight: 0.25}
    - {id: KR-4, title: Barely moved, baseline: 0, target: 10, current: 2, weight: 0.75}
- id: OBJ-3
  title: Ship it
  parent: OBJ-1
  status: active
  key_results:
    - {id: KR-5, title: Launch, kind: milestone, steps_done: 1, steps_total: 4}
"#,
    );
    env
}

fn show_json(env: &TestEnv, today: &str) -> serde_json::Value {
    let mut cmd = env.pm_cmd(&["okr", "show", "--format", "json"]);
    cmd.env("PM_TODAY", today);
    let run = env.run(cmd);
    run.success();
    serde_json::from_str(&run.stdout).unwrap()
}

fn close(a: &serde_json::Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn scores_match_hand_computed_values() {
    let env = scored();
    // 2027-02-15 is 45 of the 89 days from Jan 1 to Mar 31: the cycle is half elapsed.
    let v = show_json(&env, "2027-02-15");
    let o = v.as_array().unwrap();
    let expected = 45.0 / 89.0;
    // OBJ-1: rising (50-40)/(60-40) = 0.5; falling (7-10)/(5-10) = 0.6; equal weights → 0.55.
    assert!(close(&o[0]["key_results_scored"][0]["progress"], 0.5));
    assert!(close(&o[0]["key_results_scored"][1]["progress"], 0.6));
    assert!(close(&o[0]["score_now"], 0.55));
    assert_eq!(o[0]["band"], "yellow");
    assert!(close(&o[0]["expected"], expected));
    assert_eq!(o[0]["on_track"], true);
    // OBJ-2: overshoot clamps to 1.0; 2/10 = 0.2; 0.25 × 1.0 + 0.75 × 0.2 = 0.4.
    assert!(close(&o[1]["key_results_scored"][0]["progress"], 1.0));
    assert!(close(&o[1]["score_now"], 0.4));
    assert_eq!(o[1]["band"], "yellow");
    assert_eq!(o[1]["on_track"], false);
    // OBJ-3: a milestone with 1 of 4 steps done = 0.25, red.
    assert!(close(&o[2]["score_now"], 0.25));
    assert_eq!(o[2]["band"], "red");
}

#[test]
fn show_table_tree_and_markdown() {
    let env = scored();
    let mut out = String::new();
    for args in [&["okr", "show"][..], &["okr", "show", "--tree"], &["okr", "show", "--format", "md"]] {
        let mut cmd = env.pm_cmd(args);
        cmd.env("PM_TODAY", "2027-02-15");
        let run = env.run(cmd);
        run.success();
        out.push_str(&format!("$ pm {}\n{}\n", args.join(" "), run.stdout));
    }
    assert_snapshot!(out);
}

#[test]
fn a_metric_key_result_takes_the_metrics_latest_observation() {
    let env = scored();
    env.write(
        "product/metrics/conversion.yaml",
        "id: conversion\nname: Conversion\nunit: percent\ndirection: up\nobservations:\n  - {period: 2027-01, value: 44}\n  - {period: 2027-02, value: 55}\n",
    );
    let text = env
        .read("product/okrs/2027-Q1.yaml")
        .replace("{id: KR-1, title: Rising,", "{id: KR-1, title: Rising, metric: conversion,");
    env.write("product/okrs/2027-Q1.yaml", &text);
    let v = show_json(&env, "2027-02-15");
    let kr = &v[0]["key_results_scored"][0];
    assert!(close(&kr["value"], 55.0));
    assert_eq!(kr["value_from"], "metric");
    // (55 − 40) / (60 − 40) = 0.75; the file's `current: 50` stays as written.
    assert!(close(&kr["progress"], 0.75));
    assert!(env.read("product/okrs/2027-Q1.yaml").contains("current: 50}"));
}

#[test]
fn add_objective_key_result_and_checkin_keep_comments() {
    let env = scored();
    let mut cmd = env.pm_cmd(&[
        "okr",
        "add",
        "Delight merchants",
        "--cycle",
        "2027-Q1",
        "--type",
        "committed",
        "--level",
        "team",
        "--owner",
        "tomas",
        "--parent",
        "OBJ-1",
    ]);
    cmd.env("PM_TODAY", "2027-02-15");
    let added = env.run(cmd);
    assert_eq!(added.stdout, "OBJ-4\n");
    let kr = env.pm(&[
        "okr",
        "kr",
        "add",
        "OBJ-4",
        "Refund tickets down to 40 a week",
        "--baseline",
        "90",
        "--target",
        "40",
        "--unit",
        "tickets",
    ]);
    assert_eq!(kr.stdout, "KR-6\n");
    let mut cmd = env.pm_cmd(&[
        "okr",
        "checkin",
        "KR-6",
        "70",
        "--confidence",
        "0.6",
        "--note",
        "self-service refunds: beta",
        "--date",
        "2027-02-12",
    ]);
    cmd.env("PM_TODAY", "2027-02-15");
    env.run(cmd).success();
    let mut cmd = env.pm_cmd(&["okr", "checkin", "KR-5", "3", "--date", "2027-02-13"]);
    cmd.env("PM_TODAY", "2027-02-15");
    env.run(cmd).success();
    let text = env.read("product/okrs/2027-Q1.yaml");
    assert!(text.starts_with("# Q1 OKRs\n"));
    assert_snapshot!(text);
    env.pm(&["check"]).success();
}

#[test]
fn a_new_cycle_gets_its_own_file() {
    let env = TestEnv::product();
    assert_eq!(env.pm(&["okr", "add", "First objective", "--cycle", "2027-Q2"]).stdout, "OBJ-1\n");
    assert_snapshot!(env.read("product/okrs/2027-Q2.yaml"));
}

#[test]
fn refusals_change_nothing() {
    let env = scored();
    let before = env.tree("product");
    let cases: &[&[&str]] = &[
        &["okr", "add", "x", "--cycle", "2027-Q5"],
        &["okr", "add", "x", "--cycle", "2027-Q1", "--type", "stretch"],
        &["okr", "kr", "add", "OBJ-9", "x", "--baseline", "1", "--target", "2"],
        &["okr", "kr", "add", "OBJ-1", "x", "--target", "2"],
        &["okr", "kr", "add", "OBJ-1", "x", "--baseline", "2", "--target", "2"],
        &["okr", "checkin", "KR-1", "55", "--date", "2026-12-01"],
        &["okr", "checkin", "KR-1", "55", "--confidence", "60", "--date", "2027-02-01"],
        &["okr", "checkin", "KR-99", "1"],
        &["okr", "show", "--cycle", "Q1"],
    ];
    let mut out = String::new();
    for args in cases {
        // In the cycle, so that the check-ins reach the cycle's rules.
        let mut cmd = env.pm_cmd(args);
        cmd.env("PM_TODAY", "2027-03-31");
        let run = env.run(cmd);
        assert!(run.code == 1 || run.code == 2, "{args:?}: {}", run.snapshot());
        out.push_str(&format!("$ pm {}\n{}\n", args.join(" "), run.snapshot()));
    }
    assert_snapshot!(out);
    assert_eq!(env.tree("product"), before);
}

#[test]
fn close_records_the_score_and_asks_committed_misses_for_a_postmortem() {
    let env = scored();
    let mut cmd = env.pm_cmd(&["okr", "close", "OBJ-2"]);
    cmd.env("PM_TODAY", "2027-04-02");
    let run = env.run(cmd);
    assert_snapshot!(run.snapshot());
    let text = env.read("product/okrs/2027-Q1.yaml");
    assert!(text.contains("  title: Weighted\n  type: committed\n  status: closed\n"), "{text}");
    assert!(text.contains("weight: 0.75}\n  score: 0.4\n- id: OBJ-3"), "{text}");
    let check = env.pm(&["check"]);
    assert!(check.stdout.contains("committed-below-target"), "{}", check.stdout);
    assert_eq!(check.code, 0);
}

#[test]
fn the_acme_okrs_and_review() {
    let env = TestEnv::acme();
    let mut cmd = env.pm_cmd(&["okr", "show"]);
    cmd.env("COLUMNS", "120");
    assert_snapshot!("acme_okr_show", env.run(cmd).stdout);
    assert_snapshot!("acme_okr_report", env.pm(&["okr", "report", "--cycle", "2026-Q4"]).stdout);
    assert_snapshot!("acme_okr_tree", env.pm(&["okr", "show", "--tree"]).stdout);
}

#[test]
fn weighted_key_results_are_built_with_commands_alone() {
    let env = TestEnv::acme();
    let cycle = "product/okrs/2026-Q4.yaml";
    let weights = |env: &TestEnv, obj: &str| -> Vec<(String, f64)> {
        let v: serde_json::Value = yaml_serde::from_str(&env.read(cycle)).unwrap();
        let o = v.as_array().unwrap().iter().find(|o| o["id"] == obj).unwrap();
        o["key_results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| (k["id"].as_str().unwrap().to_string(), k["weight"].as_f64().unwrap_or(f64::NAN)))
            .collect()
    };
    // A weight that does not fit is refused with the way out, and changes nothing.
    let before = env.tree("product");
    let run = env.pm(&["okr", "kr", "add", "OBJ-3", "Fewer retries", "--milestone", "--weight", "0.5"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let flat = run.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("the weights of OBJ-3's key results would add up to 1.5"), "{flat}");
    assert!(flat.contains("add --rebalance to scale the others to make room"), "{flat}");
    let run = env.pm(&["okr", "kr", "add", "OBJ-4", "Chargebacks", "--milestone", "--weight", "0.5"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("OBJ-4's other key results have no weight, so --weight 0.5 would not count"));
    assert_eq!(env.tree("product"), before);

    // --rebalance: 0.6/0.4 make room for 0.5 in proportion → 0.3/0.2.
    assert_eq!(
        env.pm(&["okr", "kr", "add", "OBJ-3", "Fewer retries", "--milestone", "--weight", "0.5", "--rebalance"]).stdout,
        "KR-9\n"
    );
    assert_eq!(weights(&env, "OBJ-3"), [("KR-4".into(), 0.3), ("KR-5".into(), 0.2), ("KR-9".into(), 0.5)]);
    // Unweighted key results share the room equally: (1 − 0.4) / 2.
    env.pm(&["okr", "kr", "add", "OBJ-4", "Dispute inbox", "--milestone", "--weight", "0.4", "--rebalance"]).success();
    assert_eq!(weights(&env, "OBJ-4"), [("KR-6".into(), 0.3), ("KR-7".into(), 0.3), ("KR-10".into(), 0.4)]);
    // Or every weight given in the one command.
    env.pm(&[
        "okr",
        "kr",
        "add",
        "OBJ-4",
        "Chargeback alerts",
        "--milestone",
        "--weight",
        "0.1",
        "--set-weight",
        "KR-6=0.5",
        "--set-weight",
        "KR-7=0.2",
        "--set-weight",
        "KR-10=0.2",
    ])
    .success();
    assert_eq!(
        weights(&env, "OBJ-4"),
        [("KR-6".into(), 0.5), ("KR-7".into(), 0.2), ("KR-10".into(), 0.2), ("KR-11".into(), 0.1)]
    );
    // A key result of another objective is refused.
    let run = env.pm(&["okr", "kr", "add", "OBJ-5", "x", "--milestone", "--weight", "0.5", "--set-weight", "KR-4=0.5"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("KR-4 is not a key result of OBJ-5"), "{}", run.stderr);
    // The first key result of a new objective weighs the whole.
    env.pm(&["okr", "add", "Delight developers", "--cycle", "2026-Q4"]).success();
    let run = env.pm(&["okr", "kr", "add", "OBJ-6", "Docs NPS", "--milestone", "--weight", "0.5", "--rebalance"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("the only key result of an objective weighs 1, not 0.5"), "{}", run.stderr);
    env.pm(&["check"]).success();
}
