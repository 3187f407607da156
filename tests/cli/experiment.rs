//! `pm experiment`: listing and showing experiments with their implied
//! targets, proposing, starting, concluding and aborting them, and the
//! experiment rules of `pm check`.

use insta::assert_snapshot;
use serde_json::{Value, json};

use crate::TestEnv;
use crate::env::Run;

#[track_caller]
fn assert_exit(run: &Run, code: i32) {
    assert_eq!(run.code, code, "{}", run.snapshot());
}

fn json_of(run: &Run) -> Value {
    assert_exit(run, 0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.snapshot()))
}

const MODELINE: &str = "# yaml-language-server: $schema=../schemas/experiment.schema.json\n";

/// A product whose targets are known by construction, with a metric that has observations.
fn small() -> TestEnv {
    let env = TestEnv::product();
    env.write(
        "product/metrics/churn_rate.yaml",
        "id: churn_rate\nname: Customer churn\nunit: percent\ndirection: down\nobservations:\n  \
         - {period: 2026-09, value: 4.1}\n  - {period: 2026-10, value: 3.6}\n  - {period: 2026-10, value: 2.2, segment: enterprise}\n",
    );
    env.write(
        "product/metrics/payment_success_rate.yaml",
        "id: payment_success_rate\nname: Payment success rate\nunit: percent\ndirection: up\n",
    );
    let experiments = [
        // DOMAIN's example: 4.1 − 1.0 = 3.1.
        "id: EXP-1\ntitle: Win-back email\nhypothesis: We believe a win-back email will cut churn.\nmetric: churn_rate\n\
         baseline: 4.1\nexpected: {change: -1.0, type: absolute}\nstart: 2026-08-01\nend: 2026-08-21\nstatus: concluded\n\
         result: {observed: 3.4, verdict: inconclusive}\ndecision: persevere\n",
        // Relative: 97.1 × (1 + 0.005) = 97.5855.
        "id: EXP-2\nhypothesis: We believe retrying soft declines will lift payment success.\nmetric: payment_success_rate\n\
         baseline: 97.1\nexpected: {change: 0.005, type: relative}\nstart: 2026-11-02\nend: 2026-11-20\nstatus: running\n",
        // Relative decrease: 20 × (1 − 0.25) = 15; no type means absolute elsewhere.
        "id: EXP-3\nhypothesis: We believe a cancellation survey will cut churn by a quarter.\nmetric: churn_rate\n\
         segment: enterprise\nbaseline: 20\nexpected: {change: -0.25, type: relative}\nstatus: proposed\n",
        // No baseline: no target.
        "id: EXP-10\nhypothesis: We believe nobody wants a fax receipt.\nmetric: churn_rate\nexpected: {change: 2}\n\
         method: fake_door\nstatus: aborted\n",
    ];
    for text in experiments {
        let id = text.lines().next().unwrap().trim_start_matches("id: ");
        env.write(&format!("product/experiments/{id}.yaml"), &format!("{MODELINE}{text}"));
    }
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "experiments"]);
    env
}

#[test]
fn implied_targets_match_hand_computed_values() {
    let env = small();
    let rows = json_of(&env.pm(&["experiment", "list", "--format", "json"]));
    let targets: Vec<(&str, &Value)> =
        rows.as_array().unwrap().iter().map(|r| (r["id"].as_str().unwrap(), &r["computed"]["target"])).collect();
    // Listed in id order (EXP-10 after EXP-3), with the targets worked out by hand above.
    assert_eq!(
        targets,
        [("EXP-1", &json!(3.1)), ("EXP-2", &json!(97.5855)), ("EXP-3", &json!(15)), ("EXP-10", &Value::Null)]
    );
    // EXP-1: observed 3.4 against 4.1 → 3.1: −0.7, −17.07%, the target not reached (lower is better).
    let one = json_of(&env.pm(&["experiment", "show", "EXP-1", "--format", "json"]));
    assert_eq!(one["computed"]["outcome"]["change"], json!(-0.7));
    assert_eq!(one["computed"]["outcome"]["relative_change"], json!(-0.170731707));
    assert_eq!(one["computed"]["outcome"]["reached"], json!(false));
    // The latest observation over all segments (not the enterprise one).
    assert_eq!(
        one["computed"]["metric"],
        json!({"id": "churn_rate", "name": "Customer churn", "unit": "percent", "direction": "down",
               "latest": {"period": "2026-10", "value": 3.6, "segment": null}})
    );
    // An experiment on a segment shows that segment's latest observation.
    let three = json_of(&env.pm(&["experiment", "show", "EXP-3", "--format", "json"]));
    assert_eq!(
        three["computed"]["metric"]["latest"],
        json!({"period": "2026-10", "value": 2.2, "segment": "enterprise"})
    );
    let two = json_of(&env.pm(&["experiment", "show", "exp-2", "--format", "json"]));
    assert_eq!(two["computed"]["target"], json!(97.5855));
    // EXP-2 ended on 2026-11-20 and still runs on 2026-11-28.
    assert_eq!(two["computed"]["overdue"], json!(true));
    assert_eq!(two["computed"]["outcome"], Value::Null);
}

#[test]
fn the_small_product_in_every_view() {
    let env = small();
    let mut out = String::new();
    for args in [
        &["experiment", "list"][..],
        &["experiment", "list", "--status", "running,proposed"],
        &["experiment", "list", "--status", "aborted", "--status", "concluded"],
        &["experiment", "show", "EXP-1"],
        &["experiment", "show", "EXP-2"],
        &["experiment", "show", "EXP-10"],
        &["experiment", "show", "EXP-1", "--format", "md"],
    ] {
        let run = env.pm(args);
        out.push_str(&format!("$ pm {}\n{}\n", args.join(" "), run.snapshot()));
    }
    assert_snapshot!(out);
    // The overdue experiment is a warning: check passes.
    let check = env.pm(&["check"]);
    assert_exit(&check, 0);
    assert_snapshot!("small_check", check.snapshot());
}

#[test]
fn the_acme_experiments() {
    let env = TestEnv::acme();
    assert_snapshot!("acme_list", env.pm(&["experiment", "list"]).snapshot());
    for format in ["json", "yaml", "csv", "md"] {
        let run = env.pm(&["experiment", "list", "--format", format]);
        assert_exit(&run, 0);
        assert_snapshot!(format!("acme_list_{format}"), run.stdout);
    }
    for id in ["EXP-1", "EXP-2", "EXP-3"] {
        assert_snapshot!(format!("acme_show_{id}"), env.pm(&["experiment", "show", id]).snapshot());
    }
    assert_snapshot!("acme_show_md", env.pm(&["experiment", "show", "EXP-2", "--format", "md"]).stdout);
    assert_snapshot!("acme_show_yaml", env.pm(&["experiment", "show", "EXP-3", "--format", "yaml"]).stdout);
    // Hand-computed: 65.8 + 1.5; 62 × 1.03; 95.6 × 1.005.
    let rows = json_of(&env.pm(&["experiment", "list", "--format", "json"]));
    let targets: Vec<&Value> = rows.as_array().unwrap().iter().map(|r| &r["computed"]["target"]).collect();
    assert_eq!(targets, [&json!(67.3), &json!(63.86), &json!(96.078)]);
    // Reading a revision works like everywhere else.
    assert_eq!(env.pm(&["--at", "HEAD", "experiment", "list"]).stdout, env.pm(&["experiment", "list"]).stdout);
}

#[test]
fn add_writes_a_valid_file_and_prints_the_id() {
    let env = TestEnv::acme();
    let run = env.pm(&[
        "experiment",
        "add",
        "--title",
        "Wallet buttons above the card form",
        "--hypothesis",
        "We believe showing wallet buttons first will lift mobile conversion; we'll know when checkout_conversion moves 63.8 → 65.1",
        "--metric",
        "checkout_conversion",
        "--segment",
        "mobile",
        "--method",
        "ab_test",
        "--start",
        "2026-12-07",
        "--end",
        "2027-01-04",
        "--baseline",
        "63.8",
        "--expected",
        "0.02,relative",
        "--success-criterion",
        "Mobile conversion up 2% relative: 65.08 or more",
        "--owner",
        "mei",
        "--backlog",
        "bl-2",
        "--backlog",
        "BL-45",
        "--kr",
        "kr-4",
    ]);
    assert_snapshot!(run.snapshot());
    assert_eq!(run.stdout, "EXP-4\n");
    assert_snapshot!("add_file", env.read("product/experiments/EXP-4.yaml"));
    // 63.8 × 1.02 = 65.076.
    let shown = json_of(&env.pm(&["experiment", "show", "EXP-4", "--format", "json"]));
    assert_eq!(shown["computed"]["target"], json!(65.076));
    assert_eq!(shown["status"], "proposed");

    // Starting today or earlier makes it running; the rest is optional.
    let running = env.pm(&[
        "experiment",
        "add",
        "--hypothesis",
        "We believe merchants want payout alerts",
        "--metric",
        "nps",
        "--start",
        "2026-11-28",
        "--expected",
        "-1",
    ]);
    assert_exit(&running, 0);
    assert_eq!(
        env.read("product/experiments/EXP-5.yaml"),
        format!(
            "{MODELINE}id: EXP-5\nhypothesis: We believe merchants want payout alerts\nmetric: nps\n\
             expected: {{change: -1, type: absolute}}\nstart: 2026-11-28\nstatus: running\n"
        )
    );
    assert_eq!(running.stderr, "Created product/experiments/EXP-5.yaml (running)\n");
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn add_allocates_past_ids_on_other_branches_and_gaps() {
    let env = TestEnv::acme();
    let new = ["experiment", "add", "--hypothesis", "h", "--metric", "checkout_conversion"];
    env.git(&["checkout", "-qb", "feature"]);
    assert_eq!(env.pm(&new).stdout, "EXP-4\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "EXP-4 on a branch"]);
    env.git(&["checkout", "-q", "main"]);
    assert!(!env.exists("product/experiments/EXP-4.yaml"));
    // EXP-4 exists only on `feature`; main must not reuse it.
    assert_eq!(env.pm(&new).stdout, "EXP-5\n");
    // One past the highest file name, gaps and all.
    env.write(
        "product/experiments/EXP-12.yaml",
        &format!("{MODELINE}id: EXP-12\nhypothesis: h\nmetric: checkout_conversion\n"),
    );
    assert_eq!(env.pm(&new).stdout, "EXP-13\n");
}

#[test]
fn start_conclude_and_abort_keep_comments_and_layout() {
    let env = TestEnv::acme();
    let before = env.read("product/experiments/EXP-3.yaml");
    let proposed = env.pm(&[
        "experiment",
        "add",
        "--hypothesis",
        "We believe a one-tap wallet sheet lifts conversion",
        "--metric",
        "checkout_conversion",
        "--start",
        "2026-12-01",
    ]);
    assert_eq!(proposed.stdout, "EXP-4\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "EXP-4"]);
    let runs = [
        env.pm(&[
            "experiment",
            "conclude",
            "EXP-3",
            "--observed",
            "96.2",
            "--verdict",
            "validated",
            "--decision",
            "persevere",
            "--learnings",
            "Refreshed cards recovered most soft declines: automate it (BL-26).",
        ]),
        env.pm(&["experiment", "start", "EXP-4", "--date", "2026-11-27"]),
        env.pm(&["experiment", "abort", "EXP-4", "--learnings", "The wallet SDK update made the sheet moot"]),
    ];
    let transcript: String = runs.iter().map(Run::snapshot).collect::<Vec<_>>().join("\n");
    assert_snapshot!("transitions", transcript);
    let after = env.read("product/experiments/EXP-3.yaml");
    for line in before.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(after.contains(line), "lost comment: {line}");
    }
    assert_snapshot!("transitions_diff", env.git(&["diff", "-U1", "--no-color", "product/experiments"]));
    let three = json_of(&env.pm(&["experiment", "show", "EXP-3", "--format", "json"]));
    assert_eq!(three["status"], "concluded");
    assert_eq!(three["end"], "2026-11-28");
    assert_eq!(three["result"], json!({"observed": 96.2, "verdict": "validated"}));
    // 96.2 against 95.6 → 96.078: reached.
    assert_eq!(three["computed"]["outcome"]["reached"], json!(true));
    let four = json_of(&env.pm(&["experiment", "show", "EXP-4", "--format", "json"]));
    assert_eq!(
        (&four["status"], &four["start"], &four["end"]),
        (&json!("aborted"), &json!("2026-11-27"), &json!("2026-11-28"))
    );
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn conclude_keeps_other_result_keys() {
    let env = TestEnv::product();
    env.write(
        "product/experiments/EXP-1.yaml",
        "id: EXP-1\nhypothesis: h # the team's words\nmetric: churn_rate\nstatus: running\n\
         result:\n  dashboard: https://example.com/exp-1   # keep\n",
    );
    let run = env.pm(&[
        "experiment",
        "conclude",
        "EXP-1",
        "--observed",
        "-0.5",
        "--verdict",
        "inconclusive",
        "--decision",
        "stop",
        "--date",
        "2026-11-20",
    ]);
    assert_exit(&run, 0);
    assert_eq!(
        env.read("product/experiments/EXP-1.yaml"),
        "id: EXP-1\nhypothesis: h # the team's words\nmetric: churn_rate\nstatus: concluded\n\
         result:\n  dashboard: https://example.com/exp-1   # keep\n  observed: -0.5\n  verdict: inconclusive\n\
         end: 2026-11-20\ndecision: stop\n"
    );
}

#[test]
fn refusals_change_nothing() {
    let env = TestEnv::acme();
    let before = env.tree("product");
    let cases: &[(&[&str], i32)] = &[
        (
            &[
                "experiment",
                "add",
                "--hypothesis",
                "h",
                "--metric",
                "checkout_conversion",
                "--start",
                "2027-01-10",
                "--end",
                "2027-01-03",
            ],
            1,
        ),
        (
            &[
                "experiment",
                "add",
                "--hypothesis",
                "h",
                "--metric",
                "checkout_conversion",
                "--backlog",
                "BL-999",
                "--kr",
                "KR-99",
            ],
            1,
        ),
        (&["experiment", "add", "--hypothesis", "h", "--metric", "checkout_conversion", "--method", "survey"], 2),
        (&["experiment", "add", "--hypothesis", " ", "--metric", "checkout_conversion"], 2),
        (&["experiment", "add", "--hypothesis", "h", "--metric", "Checkout Conversion"], 2),
        (&["experiment", "add", "--hypothesis", "h", "--metric", "checkout_conversion", "--expected", "5%"], 2),
        (
            &["experiment", "add", "--hypothesis", "h", "--metric", "checkout_conversion", "--expected", "0.1,percent"],
            2,
        ),
        (&["experiment", "add", "--hypothesis", "h", "--metric", "checkout_conversion", "--start", "2026-02-30"], 2),
        (&["experiment", "add", "--hypothesis", "h", "--metric", "checkout_conversion", "--backlog", "XX-1"], 2),
        (&["experiment", "add", "--hypothesis", "h"], 2),
        (&["experiment", "start", "EXP-3"], 1),
        (&["experiment", "start", "EXP-1"], 1),
        (&["experiment", "conclude", "EXP-2", "--observed", "1", "--verdict", "validated", "--decision", "stop"], 1),
        (
            &[
                "experiment",
                "conclude",
                "EXP-3",
                "--observed",
                "95",
                "--verdict",
                "validated",
                "--decision",
                "persevere",
                "--date",
                "2026-11-01",
            ],
            1,
        ),
        (
            &[
                "experiment",
                "conclude",
                "EXP-3",
                "--observed",
                "high",
                "--verdict",
                "validated",
                "--decision",
                "persevere",
            ],
            2,
        ),
        (&["experiment", "conclude", "EXP-3", "--observed", "95", "--verdict", "yes", "--decision", "persevere"], 2),
        (&["experiment", "abort", "EXP-1"], 1),
        (&["experiment", "show", "EXP-9"], 1),
        (&["experiment", "show", "9"], 2),
        (&["experiment", "list", "--status", "done"], 2),
        (&["--at", "HEAD", "experiment", "abort", "EXP-3"], 2),
    ];
    let mut out = String::new();
    for (args, code) in cases {
        let run = env.pm(args);
        assert_eq!(run.code, *code, "{args:?}: {}", run.snapshot());
        out.push_str(&format!("$ pm {}\n{}\n", args.join(" "), run.snapshot()));
    }
    assert_snapshot!(out);
    assert_eq!(env.tree("product"), before);
}

#[test]
fn start_refuses_a_future_date_and_keeps_the_file() {
    let env = TestEnv::acme();
    env.pm(&["experiment", "add", "--hypothesis", "h", "--metric", "nps", "--start", "2026-12-01"]).success();
    let before = env.tree("product");
    let run = env.pm(&["experiment", "start", "EXP-4", "--date", "2026-12-01"]);
    assert_exit(&run, 1);
    assert_eq!(
        run.stderr,
        "  × cannot start EXP-4 on 2026-12-01: that is after today (2026-11-28)\n  help: start it on the day it starts\n"
    );
    assert_eq!(env.tree("product"), before);
    // Without --date it starts today.
    let ok = env.pm(&["experiment", "start", "exp-4"]);
    assert_exit(&ok, 0);
    assert_eq!(ok.stderr, "EXP-4: proposed → running on 2026-11-28\n");
    assert!(env.read("product/experiments/EXP-4.yaml").contains("start: 2026-11-28\nstatus: running\n"));
}

#[test]
fn a_metric_missing_from_metrics_is_refused_once_metrics_exist() {
    let env = small();
    let before = env.tree("product");
    let run = env.pm(&["experiment", "add", "--hypothesis", "h", "--metric", "churn_rat"]);
    assert_exit(&run, 1);
    assert_snapshot!(run.snapshot());
    assert_eq!(env.tree("product"), before);
    // Without any metric files the metric cannot be judged, as for key results.
    let empty = TestEnv::product();
    assert_exit(&empty.pm(&["experiment", "add", "--hypothesis", "h", "--metric", "churn_rate"]), 0);
    assert_exit(&empty.pm(&["check"]), 0);
}

#[test]
fn an_empty_product_lists_nothing() {
    let env = TestEnv::product();
    for format in ["table", "json", "yaml", "csv", "md"] {
        let run = env.pm(&["experiment", "list", "--format", format]);
        assert_exit(&run, 0);
        assert_snapshot!(format!("empty_{format}"), run.stdout);
    }
}

#[test]
fn links_into_a_broken_okr_file_are_not_judged() {
    let env = TestEnv::acme();
    env.write("product/okrs/2026-Q4.yaml", "- id: OBJ-3\n  title: [unclosed\n");
    let run = env.pm(&["check", "--format", "json"]);
    assert_exit(&run, 1);
    let findings: Value = serde_json::from_str(&run.stdout).unwrap();
    let ours: Vec<&Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().starts_with("product/experiments/"))
        .collect();
    // KR-4 and KR-5 live in the broken file: the syntax error is the finding, not the links.
    assert_eq!(ours, Vec::<&Value>::new());
    assert!(findings.as_array().unwrap().iter().any(|f| f["rule"] == "yaml-syntax"), "{}", run.stdout);
}
