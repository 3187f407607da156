//! `pm metric`: add (with presets), record, import, show and list, and the
//! metric rules of `pm check` as they guard writes.

use insta::assert_snapshot;
use serde_json::{Value, json};

use crate::TestEnv;
use crate::env::Run;

/// Runs each command and joins `$ pm ...` with its snapshot.
fn transcript(env: &TestEnv, cases: &[&[&str]]) -> String {
    let mut out = String::new();
    for args in cases {
        let run = env.pm(args);
        out.push_str(&format!("$ pm {}\n{}\n", args.join(" "), run.snapshot()));
    }
    out
}

#[track_caller]
fn json_of(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.snapshot());
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.snapshot()))
}

fn json_of_any(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.snapshot()))
}

/// The `period: ...` values of a metric file, in file order.
fn periods(env: &TestEnv, id: &str) -> Vec<String> {
    let v = json_of(&env.pm(&["metric", "show", id, "--format", "json"]));
    v["observations"].as_array().unwrap().iter().map(|o| o["period"].as_str().unwrap().to_string()).collect()
}

/// A product with one metric written by hand, comments included.
fn with_metric(text: &str) -> TestEnv {
    let env = TestEnv::product();
    let id = text.lines().find_map(|l| l.strip_prefix("id: ")).unwrap();
    env.write(&format!("product/metrics/{id}.yaml"), text);
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "metric"]);
    env
}

const CHURN: &str = "\
# Merchant churn, from the finance warehouse.
id: churn_rate
name: Merchant churn
unit: percent
direction: down
grain: month
thresholds: {green: 2.5, yellow: 3.5}
observations:
  # Before the pricing change.
  - {period: 2026-09, value: 2.4}
  - {period: 2026-10, value: 2.2}  # re-run on 3 Nov
";

// ---------------------------------------------------------------- add

#[test]
fn add_with_a_preset_prints_the_id_and_writes_a_valid_file() {
    let env = TestEnv::product();
    let run = env.pm(&[
        "metric",
        "add",
        "nps",
        "--preset",
        "nps",
        "--owner",
        "lee",
        "--target",
        "45",
        "--by",
        "2027-06-30",
        "--green",
        "40",
        "--yellow",
        "30",
        "--source",
        "delighted:survey",
    ]);
    assert_snapshot!("add_preset_run", run.snapshot());
    assert_snapshot!("add_preset_file", env.read("product/metrics/nps.yaml"));
    assert!(
        env.read("product/metrics/nps.yaml")
            .starts_with("# yaml-language-server: $schema=../schemas/metric.schema.json\n")
    );
    env.pm(&["check"]).success();
}

#[test]
fn add_without_a_preset() {
    let env = TestEnv::product();
    let run = env.pm(&[
        "metric",
        "add",
        "time_to_first_payment",
        "--name",
        "Time to first payment",
        "--unit",
        "seconds",
        "--direction",
        "down",
        "--grain",
        "week",
        "--category",
        "activation",
        "--formula",
        "median of first_payment_at - signed_up_at",
        "--north-star",
    ]);
    run.success();
    assert_eq!(run.stdout, "time_to_first_payment\n");
    assert_eq!(run.stderr, "Created product/metrics/time_to_first_payment.yaml\n");
    assert_eq!(
        env.read("product/metrics/time_to_first_payment.yaml"),
        "# yaml-language-server: $schema=../schemas/metric.schema.json\n\
         id: time_to_first_payment\n\
         name: Time to first payment\n\
         formula: median of first_payment_at - signed_up_at\n\
         unit: seconds\n\
         direction: down\n\
         grain: week\n\
         category: activation\n\
         north_star: true\n\
         observations: []\n"
    );
}

#[test]
fn every_preset_fills_formula_unit_direction_and_bounds() {
    let env = TestEnv::product();
    let presets =
        ["nps", "dau_mau", "retention_d30", "churn", "activation", "conversion", "arpu", "csat", "ltv", "cac"];
    let mut files = String::new();
    for preset in presets {
        let id = format!("kpi_{preset}");
        env.pm(&["metric", "add", &id, "--preset", preset]).success();
        files.push_str(&format!("--- {id}.yaml\n{}", env.read(&format!("product/metrics/{id}.yaml"))));
    }
    assert_snapshot!(files);
    let list = json_of(&env.pm(&["metric", "list", "--format", "json"]));
    let by_id = |id: &str| list.as_array().unwrap().iter().find(|m| m["id"] == id).unwrap().clone();
    // DOMAIN.md §5: NPS is −100…+100; percents are 0–100; churn and CAC should go down.
    assert_eq!(by_id("kpi_nps")["bounds"], json!({"min": -100, "max": 100}));
    assert_eq!(by_id("kpi_nps")["unit"], "score");
    for id in ["kpi_dau_mau", "kpi_retention_d30", "kpi_churn", "kpi_activation", "kpi_conversion", "kpi_csat"] {
        assert_eq!(
            (by_id(id)["unit"].clone(), by_id(id)["bounds"].clone()),
            (json!("percent"), json!({"min": 0, "max": 100})),
            "{id}"
        );
    }
    for (id, direction) in [("kpi_churn", "down"), ("kpi_cac", "down"), ("kpi_ltv", "up"), ("kpi_nps", "up")] {
        assert_eq!(by_id(id)["direction"], direction, "{id}");
    }
    for id in ["kpi_arpu", "kpi_ltv", "kpi_cac"] {
        assert_eq!(by_id(id)["bounds"], json!({"min": 0}), "{id}");
    }
    // Explicit flags win over the preset.
    env.pm(&[
        "metric",
        "add",
        "arpa",
        "--preset",
        "arpu",
        "--name",
        "ARPA",
        "--unit",
        "currency:eur",
        "--category",
        "retention",
    ])
    .success();
    let arpa = env.read("product/metrics/arpa.yaml");
    assert!(
        arpa.contains("name: ARPA\n")
            && arpa.contains("unit: currency:EUR\n")
            && arpa.contains("category: retention\n"),
        "{arpa}"
    );
    assert!(arpa.contains("formula: revenue in the period / average active users in the period\n"), "{arpa}");
    env.pm(&["check"]).success();
}

#[test]
fn add_refusals_change_nothing() {
    let env = with_metric(CHURN);
    let before = env.tree("product");
    let cases: &[&[&str]] = &[
        &["metric", "add", "Churn-Rate", "--name", "Churn"],
        &["metric", "add", "churn_rate", "--name", "Churn again"],
        &["metric", "add", "signups"],
        &["metric", "add", "signups", "--name", "Sign-ups", "--preset", "mrr"],
        &["metric", "add", "signups", "--name", "Sign-ups", "--unit", "people"],
        &["metric", "add", "signups", "--name", "Sign-ups", "--direction", "sideways"],
        &["metric", "add", "signups", "--name", "Sign-ups", "--grain", "year"],
        &["metric", "add", "signups", "--name", "Sign-ups", "--by", "2027-01-01"],
        &["metric", "add", "signups", "--name", "Sign-ups", "--target", "lots"],
        &["metric", "add", "signups", "--name", "Sign-ups", "--target", "10", "--by", "2027-02-30"],
        &["metric", "add", "signups", "--name", "Sign-ups", "--green", "10"],
        // Checked like `pm check` before writing: thresholds backwards for a down metric, a percent target of 120.
        &["metric", "add", "refunds", "--preset", "churn", "--green", "5", "--yellow", "3"],
        &["metric", "add", "csat", "--preset", "csat", "--target", "120"],
    ];
    let out = transcript(&env, cases);
    assert_snapshot!(out);
    for (args, block) in cases.iter().zip(out.split("$ pm ").skip(1)) {
        assert!(!block.contains("exit: 0"), "{args:?} succeeded:\n{block}");
    }
    assert_eq!(env.tree("product"), before);
}

// ---------------------------------------------------------------- record

#[test]
fn record_defaults_to_the_current_period_of_each_grain() {
    let env = TestEnv::product();
    for grain in ["day", "week", "month", "quarter"] {
        env.pm(&["metric", "add", &format!("by_{grain}"), "--name", grain, "--grain", grain]).success();
        let run = env.pm(&["metric", "record", &format!("by_{grain}"), "7"]);
        run.success();
        assert_eq!(run.stdout, "");
    }
    assert_eq!(periods(&env, "by_day"), ["2026-11-28"]);
    assert_eq!(periods(&env, "by_week"), ["2026-W48"]);
    assert_eq!(periods(&env, "by_month"), ["2026-11"]);
    assert_eq!(periods(&env, "by_quarter"), ["2026-Q4"]);
    // Without a grain in the file: the month by default, any well-formed period when given.
    env.write("product/metrics/no_grain.yaml", "id: no_grain\nname: No grain\n");
    env.pm(&["metric", "record", "no_grain", "1"]).success();
    env.pm(&["metric", "record", "no_grain", "2", "--period", "2026-Q3"]).success();
    assert_eq!(periods(&env, "no_grain"), ["2026-11", "2026-Q3"]);
    // ISO weeks across the new year: Friday 1 January 2027 is in week 53 of 2026,
    // Monday 4 January starts week 1 of 2027.
    for (today, expected) in [("2027-01-01", "2026-W53"), ("2027-01-04", "2027-W01")] {
        let mut cmd = env.pm_cmd(&["metric", "record", "by_week", "8"]);
        cmd.env("PM_TODAY", today);
        let run = env.run(cmd);
        assert_eq!(run.code, 0, "{}", run.snapshot());
        assert_eq!(run.stderr, format!("Recorded 8 for {expected} in product/metrics/by_week.yaml\n"));
    }
    assert_eq!(periods(&env, "by_week"), ["2026-W48", "2026-W53", "2027-W01"]);
    // On 2026-11-28 the weeks recorded "in January" have not started yet.
    let check = env.pm(&["check", "--format", "json"]);
    let rules: Vec<String> = json_of_any(&check).as_array().unwrap().iter().map(|f| f["rule"].to_string()).collect();
    assert_eq!(rules, ["\"future-observation\"", "\"future-observation\""]);
    let mut cmd = env.pm_cmd(&["check"]);
    cmd.env("PM_TODAY", "2027-01-04");
    env.run(cmd).success();
}

#[test]
fn record_appends_losslessly() {
    let env = with_metric(CHURN);
    let runs = [
        env.pm(&["metric", "record", "churn_rate", "2.1"]),
        env.pm(&["metric", "record", "churn_rate", "1.9", "--segment", "eu", "--note", "first month, SEPA only"]),
        env.pm(&["metric", "record", "churn_rate", "2.05", "--period", "2026-08"]),
    ];
    let out: Vec<String> = runs.iter().map(Run::snapshot).collect();
    assert_snapshot!("record_runs", out.join("\n"));
    let after = env.read("product/metrics/churn_rate.yaml");
    for line in CHURN.lines().filter(|l| l.contains('#')) {
        assert!(after.contains(line), "lost: {line}\n{after}");
    }
    assert_snapshot!("record_diff", env.git(&["diff", "-U0", "--no-color", "product/metrics/churn_rate.yaml"]));
    env.pm(&["check"]).success();
    // A first observation in a file without any starts the list.
    env.pm(&["metric", "add", "nps", "--preset", "nps"]).success();
    env.pm(&["metric", "record", "nps", "-12", "--period", "2026-10"]).success();
    assert!(env.read("product/metrics/nps.yaml").ends_with("observations:\n  - period: 2026-10\n    value: -12\n"));
}

#[test]
fn record_refusals_change_nothing() {
    let env = with_metric(CHURN);
    env.write(
        "product/metrics/weekly_signups.yaml",
        "id: weekly_signups\nname: Sign-ups\nunit: count\ngrain: week\nobservations: []\n",
    );
    let before = env.tree("product");
    let cases: &[&[&str]] = &[
        // The same period and segment again (no segment is `all`).
        &["metric", "record", "churn_rate", "2.3", "--period", "2026-10"],
        &["metric", "record", "churn_rate", "2.3", "--period", "2026-10", "--segment", "all"],
        // Periods that have not started on 2026-11-28.
        &["metric", "record", "churn_rate", "2.3", "--period", "2026-12"],
        &["metric", "record", "weekly_signups", "40", "--period", "2026-W49"],
        // Not a period, or not of the metric's grain.
        &["metric", "record", "churn_rate", "2.3", "--period", "2026-13"],
        &["metric", "record", "churn_rate", "2.3", "--period", "2026-W40"],
        &["metric", "record", "weekly_signups", "40", "--period", "2026-11"],
        &["metric", "record", "churn_rate", "two"],
        // A percent above 100, caught by the check rules before writing.
        &["metric", "record", "churn_rate", "230", "--period", "2026-08"],
        &["metric", "record", "churn", "2.3"],
        &["metric", "record", "Churn Rate", "2.3"],
    ];
    let out = transcript(&env, cases);
    assert_snapshot!(out);
    for (args, block) in cases.iter().zip(out.split("$ pm ").skip(1)) {
        assert!(!block.contains("exit: 0"), "{args:?} succeeded:\n{block}");
    }
    assert_eq!(env.tree("product"), before);
    // The current week is fine; so is the same period in another segment.
    env.pm(&["metric", "record", "weekly_signups", "40", "--period", "2026-W48"]).success();
    env.pm(&["metric", "record", "churn_rate", "2.0", "--period", "2026-10", "--segment", "eu"]).success();
}

// ---------------------------------------------------------------- import

#[test]
fn import_appends_every_row() {
    let env = with_metric(CHURN);
    env.write(
        "q3.csv",
        "value,period,segment,note\r\n2.9,2026-06,,\r\n2.7,2026-07,all,\"finance re-run, v2\"\r\n\r\n2.5,2026-07,eu,\"said \"\"ok\"\"\"\r\n2.6,2026-11,,month to date\r\n",
    );
    let run = env.pm(&["metric", "import", "churn_rate", "q3.csv"]);
    assert_snapshot!("import_run", run.snapshot());
    assert_snapshot!("import_diff", env.git(&["diff", "-U0", "--no-color", "product/metrics/churn_rate.yaml"]));
    let v = json_of(&env.pm(&["metric", "show", "churn_rate", "--format", "json"]));
    assert_eq!(
        v["observations"][3],
        json!({"period": "2026-07", "value": 2.7, "segment": "all", "note": "finance re-run, v2"})
    );
    assert_eq!(v["observations"][4]["note"], "said \"ok\"");
    env.pm(&["check"]).success();
}

#[test]
fn import_reports_every_bad_row_with_its_line_and_writes_nothing() {
    let env = with_metric(CHURN);
    env.write(
        "bad.csv",
        "period,value,note\n\
         2026-06,2.9,fine\n\
         2026-07,abc,not a number\n\
         2026-10,2.0,already in the file\n\
         2026-06,3.0,twice in this file\n\
         2026-12,2.0,future\n\
         2026-W30,2.0,a week\n\
         2026-08,2.0\n\
         ,2.0,no period\n\
         2026-05,120,over 100 percent\n",
    );
    env.write("noheader.csv", "2026-06,2.9\n2026-07,2.8\n");
    env.write("columns.csv", "period,value,owner,value\n2026-06,2.9,dana,3\n");
    env.write("empty.csv", "");
    env.write("header_only.csv", "period,value\n");
    env.write("unclosed.csv", "period,value,note\n2026-06,2.9,\"never closed\n");
    let before = env.tree("product");
    let out = transcript(
        &env,
        &[
            &["metric", "import", "churn_rate", "bad.csv"],
            &["metric", "import", "churn_rate", "noheader.csv"],
            &["metric", "import", "churn_rate", "columns.csv"],
            &["metric", "import", "churn_rate", "empty.csv"],
            &["metric", "import", "churn_rate", "header_only.csv"],
            &["metric", "import", "churn_rate", "unclosed.csv"],
            &["metric", "import", "churn_rate", "missing.csv"],
        ],
    );
    assert_snapshot!(out);
    assert_eq!(env.tree("product"), before);
}

// ---------------------------------------------------------------- show and list

#[test]
fn the_acme_metrics() {
    let env = TestEnv::acme();
    assert_snapshot!("acme_list", env.pm(&["metric", "list"]).stdout);
    assert_snapshot!("acme_show_checkout_conversion", env.pm(&["metric", "show", "checkout_conversion"]).stdout);
    assert_snapshot!("acme_show_refund_rate", env.pm(&["metric", "show", "refund_rate"]).stdout);
    assert_snapshot!(
        "acme_show_mobile",
        env.pm(&["metric", "show", "checkout_conversion", "--segment", "mobile"]).stdout
    );
    assert_snapshot!("acme_show_md", env.pm(&["metric", "show", "nps", "--format", "md"]).stdout);
    assert_snapshot!("acme_list_md", env.pm(&["metric", "list", "--format", "md"]).stdout);
    assert_snapshot!("acme_list_csv", env.pm(&["metric", "list", "--format", "csv"]).stdout);
    env.pm(&["check"]).success();
}

/// Latest, gap, status and trend against values worked out by hand.
#[test]
fn computed_values_match_hand_computation() {
    let env = TestEnv::acme();
    let computed = |id: &str| json_of(&env.pm(&["metric", "show", id, "--format", "json"]))["computed"].clone();
    // Up metric: 67.9 (Nov) after 67.2 (Oct); target 70 → 2.1 to go; green ≥ 68, yellow ≥ 64 → yellow.
    let c = computed("checkout_conversion");
    assert_eq!(c["latest"], json!({"period": "2026-11", "value": 67.9}));
    assert_eq!(c["previous"], json!({"period": "2026-10", "value": 67.2}));
    assert_eq!(
        (c["change"].clone(), c["trend"].clone(), c["improving"].clone()),
        (json!(0.7), json!("up"), json!(true))
    );
    assert_eq!(
        (c["target_gap"].clone(), c["target_met"].clone(), c["status"].clone()),
        (json!(2.1), json!(false), json!("yellow"))
    );
    // The mobile segment is listed separately: 65.6 after 64.9.
    assert_eq!(c["segments"][0]["segment"], "mobile");
    assert_eq!(c["segments"][0]["latest"]["value"], 65.6);
    assert_eq!(c["segments"][0]["change"], 0.7);
    // Down metric: 2.1 after 2.2 is an improvement; target 2.0 not met (gap −0.1); green ≤ 2.5 → green.
    let c = computed("churn_rate");
    assert_eq!(
        (c["trend"].clone(), c["improving"].clone(), c["change"].clone()),
        (json!("down"), json!(true), json!(-0.1))
    );
    assert_eq!(
        (c["target_gap"].clone(), c["target_met"].clone(), c["status"].clone()),
        (json!(-0.1), json!(false), json!("green"))
    );
    // Down metric going the wrong way: 2.3 after 1.9, above yellow 2.0 → red.
    let c = computed("refund_rate");
    assert_eq!(
        (c["trend"].clone(), c["improving"].clone(), c["change"].clone()),
        (json!("up"), json!(false), json!(0.4))
    );
    assert_eq!((c["target_gap"].clone(), c["status"].clone()), (json!(-0.8), json!("red")));
    // NPS 42 ≥ green 40.
    let c = computed("nps");
    assert_eq!((c["status"].clone(), c["target_gap"].clone()), (json!("green"), json!(3)));
    // Exactly one north star.
    let list = json_of(&env.pm(&["metric", "list", "--format", "json"]));
    let stars: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["north_star"] == true)
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(stars, ["checkout_conversion"]);
    assert_eq!(list.as_array().unwrap().len(), 8);
}

#[test]
fn status_bands_and_sparkline_scaling() {
    // Values 1..8 in one series span every bar; status bands for a down metric (green ≤ 3, yellow ≤ 6).
    let mut text = "id: queue_time\nname: Support queue time\nunit: seconds\ndirection: down\ngrain: month\n\
                    thresholds: {green: 3, yellow: 6}\ntarget: {value: 2}\nobservations:\n"
        .to_string();
    for (i, v) in [1, 2, 3, 4, 5, 6, 7, 8].iter().enumerate() {
        text.push_str(&format!("  - {{period: 2026-{:02}, value: {v}}}\n", i + 1));
    }
    let env = with_metric(&text);
    let run = env.pm(&["metric", "show", "queue_time"]);
    run.success();
    assert_snapshot!(run.stdout);
    assert!(run.stdout.contains("Series  ▁▂▃▄▅▆▇█  2026-01 … 2026-08, min 1 s, max 8 s\n"), "{}", run.stdout);
    assert!(run.stdout.contains("Status  red\n"));
    assert!(run.stdout.contains("Target  2 s: 6 s to go\n"));
}

#[test]
fn show_and_list_edge_cases() {
    let env = TestEnv::product();
    let out =
        transcript(&env, &[&["metric", "list"], &["metric", "list", "--format", "json"], &["metric", "show", "nps"]]);
    env.pm(&["metric", "add", "nps", "--preset", "nps"]).success();
    env.pm(&["metric", "add", "csat", "--preset", "csat"]).success();
    env.pm(&["metric", "record", "csat", "81"]).success();
    env.pm(&["metric", "record", "nps", "12", "--segment", "enterprise"]).success();
    let more = transcript(
        &env,
        &[
            &["metric", "list"],
            &["metric", "show", "nps"],
            &["metric", "show", "csat"],
            &["metric", "show", "csat", "--segment", "eu"],
            &["metric", "show", "npss"],
            &["metric", "show", "csat", "--format", "yaml"],
        ],
    );
    assert_snapshot!(format!("{out}{more}"));
}

#[test]
fn reads_other_revisions() {
    let env = TestEnv::acme();
    env.pm(&["metric", "record", "nps", "44", "--period", "2026-11", "--segment", "enterprise"]).success();
    let now = json_of(&env.pm(&["metric", "show", "nps", "--format", "json"]));
    let head = json_of(&env.pm(&["--at", "HEAD", "metric", "show", "nps", "--format", "json"]));
    assert_eq!(now["computed"]["segments"][0]["segment"], "enterprise");
    assert_eq!(head["computed"]["segments"], json!([]));
    let refused = env.pm(&["--at", "HEAD", "metric", "record", "nps", "44"]);
    assert_eq!(refused.code, 2, "{}", refused.snapshot());
}
