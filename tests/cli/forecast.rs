//! `pm forecast`: Monte Carlo throughput sampling over a hand-built history,
//! against answers worked out by hand and a sampler written again here from
//! DOMAIN.md §10.

use crate::TestEnv;

fn ok(env: &TestEnv, args: &[&str]) -> String {
    let run = env.pm(args);
    run.success();
    run.stdout
}

fn commit_at(env: &TestEnv, date: &str, message: &str) {
    let run = env.sh(&format!(
        "git add -A && GIT_AUTHOR_DATE='{date}T12:00:00Z' GIT_COMMITTER_DATE='{date}T12:00:00Z' git commit -q -m '{message}'"
    ));
    assert_eq!(run.code, 0, "{}", run.snapshot());
}

/// The example, its first commit dated 2026-09-01, then two items finished
/// in each of the eight weeks from 2026-09-28 to 2026-11-16 (today is
/// 2026-11-28, a Saturday: its week is not full).
fn two_a_week() -> TestEnv {
    let env = TestEnv::acme();
    let run =
        env.sh("GIT_COMMITTER_DATE=2026-09-01T12:00:00Z git commit --amend -q --no-edit --date=2026-09-01T12:00:00Z");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let leaves = [
        "BL-24", "BL-27", "BL-46", "BL-47", "BL-43", "BL-28", "BL-37", "BL-25", "BL-30", "BL-45", "BL-33", "BL-35",
        "BL-36", "BL-38", "BL-39", "BL-29",
    ];
    let weeks = [
        "2026-09-29",
        "2026-10-06",
        "2026-10-13",
        "2026-10-20",
        "2026-10-27",
        "2026-11-03",
        "2026-11-10",
        "2026-11-17",
    ];
    for (w, day) in weeks.iter().enumerate() {
        for item in &leaves[2 * w..2 * w + 2] {
            ok(&env, &["backlog", "move", item, "done", "--force"]);
        }
        commit_at(&env, day, "two done");
    }
    env
}

fn json(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(env, &all)).unwrap()
}

fn answers(v: &serde_json::Value, key: &str) -> Vec<u64> {
    v["answers"].as_array().unwrap().iter().map(|a| a[key].as_u64().unwrap()).collect()
}

#[test]
fn constant_throughput_gives_the_exact_answer_at_every_percentile() {
    let env = two_a_week();
    // Two a week, six to go: three weeks, whatever the draws.
    let v = json(&env, &["forecast", "items", "6", "--weeks", "8"]);
    let sample: Vec<u64> = v["sample"].as_array().unwrap().iter().map(|w| w["done"].as_u64().unwrap()).collect();
    assert_eq!(sample, [2; 8]);
    assert_eq!(v["sample"][0]["week_of"], "2026-09-28");
    assert_eq!(answers(&v, "weeks"), [3, 3, 3]);
    let dates: Vec<&str> = v["answers"].as_array().unwrap().iter().map(|a| a["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-12-19"; 3]);
    // Seven to go: the fourth week is needed.
    assert_eq!(answers(&json(&env, &["forecast", "items", "7", "--weeks", "8"]), "weeks"), [4, 4, 4]);
    // By 2027-01-02: 35 days, 5 whole weeks, 10 items.
    let by = json(&env, &["forecast", "by", "2027-01-02", "--weeks", "8"]);
    assert_eq!(by["weeks_until"], 5);
    assert_eq!(answers(&by, "items"), [10, 10, 10]);
    // The terminal shows the same.
    let table = ok(&env, &["forecast", "items", "6", "--weeks", "8"]);
    assert!(table.starts_with("When will 6 items be done: 6 items to go\n"), "{table}");
    assert!(
        table.contains(
            "\n   50%  2026-12-19  (3 weeks)\n   85%  2026-12-19  (3 weeks)\n   95%  2026-12-19  (3 weeks)\n"
        ),
        "{table}"
    );
    assert!(table.contains("  3  ██████████████████████████████ 100%\n"), "{table}");
}

/// splitmix64 and the draw rule, written again from their definitions.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }
}

#[test]
fn a_seeded_forecast_matches_a_reference_sampler() {
    let env = two_a_week();
    // Eleven full weeks of history: three empty ones, then eight of two.
    let v = json(&env, &["forecast", "items", "9", "--seed", "7", "--runs", "2000"]);
    let sample: Vec<u64> = v["sample"].as_array().unwrap().iter().map(|w| w["done"].as_u64().unwrap()).collect();
    assert_eq!(sample, [0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2]);
    let mut rng = Rng(7);
    let mut runs: Vec<u64> = (0..2000)
        .map(|_| {
            let (mut done, mut weeks) = (0, 0);
            while done < 9 {
                done += sample[rng.below(sample.len())];
                weeks += 1;
            }
            weeks
        })
        .collect();
    runs.sort_unstable();
    // The smallest w that at least p % of the runs finished within.
    let at = |p: usize| runs[(2000 * p).div_ceil(100) - 1];
    assert_eq!(answers(&v, "weeks"), [at(50), at(85), at(95)]);
    assert!(at(95) > at(50), "the empty weeks spread the runs: {runs:?}");
    // The same seed gives the same answer; another seed may not.
    assert_eq!(json(&env, &["forecast", "items", "9", "--seed", "7", "--runs", "2000"])["answers"], v["answers"]);
    let hist: u64 = v["histogram"].as_array().unwrap().iter().map(|h| h[1].as_u64().unwrap()).sum();
    assert_eq!(hist, 2000);
}

#[test]
fn milestones_and_initiatives_count_their_open_leaves() {
    let env = two_a_week();
    // RM-2's epics: their open leaf items are what remains.
    let rm = json(&env, &["forecast", "initiative", "RM-2", "--weeks", "8"]);
    let left = rm["remaining"].as_u64().unwrap();
    let expected = ok(&env, &["backlog", "list", "--format", "csv"]).lines().count(); // sanity: a product with items
    assert!(expected > 0);
    assert_eq!(answers(&rm, "weeks")[0], left.div_ceil(2));
    // A milestone with nothing open is done now.
    let ms = ok(&env, &["forecast", "milestone", "MS-4", "--weeks", "8"]);
    assert!(ms.starts_with("MS-4 Checkout v2 beta: nothing is left to do\n"), "{ms}");
}

#[test]
fn forecasts_refuse_what_they_cannot_answer() {
    // One commit on 2026-11-01: three full weeks before today's.
    let env = TestEnv::acme();
    let run = env.pm(&["forecast", "items", "5"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("only 3 full weeks of history (history starts 2026-11-01): a forecast needs at least 4"),
        "{}",
        run.stderr
    );
    // Old enough, but nothing finished.
    let run =
        env.sh("GIT_COMMITTER_DATE=2026-09-01T12:00:00Z git commit --amend -q --no-edit --date=2026-09-01T12:00:00Z");
    assert_eq!(run.code, 0);
    let run = env.pm(&["forecast", "items", "5"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("no item was finished in the last 11 full weeks"), "{}", run.stderr);
    let run = env.pm(&["forecast", "milestone", "MS-9"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("no milestone MS-9"), "{}", run.stderr);
    let run = env.pm(&["forecast", "by", "next week"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    let run = env.pm(&["forecast", "by", "2026-11-01"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("2026-11-01 is not after today (2026-11-28)"), "{}", run.stderr);
}

#[test]
fn milestone_list_roadmap_show_and_check_use_the_milestone_forecasts() {
    let env = two_a_week();
    // Six stories for Checkout v2 GA, brought forward to next week: at two
    // items a week it cannot make it.
    for n in 1..=6 {
        ok(&env, &["backlog", "add", &format!("Checkout story {n}"), "--type", "story", "--milestone", "MS-2"]);
    }
    ok(&env, &["milestone", "edit", "MS-2", "--set", "date=2026-12-01"]);
    let v = json(&env, &["milestone", "list"]);
    let mut late = Vec::new();
    for row in v.as_array().unwrap() {
        let id = row["id"].as_str().unwrap();
        if row["status"] == "shipped" {
            assert_eq!(row["forecast_85"], serde_json::Value::Null, "{id}");
            continue;
        }
        // The same answers as `pm forecast milestone` with its defaults.
        let f = json(&env, &["forecast", "milestone", id]);
        if f["remaining"] == 0 {
            // Nothing left to forecast.
            assert_eq!(row["forecast_85"], serde_json::Value::Null, "{id}");
            continue;
        }
        assert_eq!(row["forecast_85"], f["answers"][1]["date"], "{id}");
        let line = ok(&env, &["milestone", "list"]);
        let shown = line.lines().find(|l| l.starts_with(&format!("{id} "))).unwrap();
        assert!(shown.contains(f["answers"][1]["date"].as_str().unwrap()), "{shown}");
        let timeline = ok(&env, &["roadmap", "show", "--view", "timeline"]);
        let marker = timeline.lines().find(|l| l.starts_with(&format!("◆ {id} "))).unwrap();
        assert!(marker.ends_with(&format!("85%: {}", f["answers"][1]["date"].as_str().unwrap())), "{marker}");
        if row["date"].as_str().unwrap() < f["answers"][0]["date"].as_str().unwrap() {
            late.push(id.to_string());
        }
    }
    assert!(!late.is_empty(), "the example has a milestone planned earlier than its forecast");
    let check = env.pm(&["check", "--format", "json"]);
    let found: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
    let mut flagged: Vec<String> = found
        .iter()
        .filter(|f| f["rule"] == "forecast-late")
        .map(|f| f["message"].as_str().unwrap().split(' ').next().unwrap().to_string())
        .collect();
    flagged.sort();
    late.sort();
    assert_eq!(flagged, late);
}

#[test]
fn without_enough_history_milestones_show_a_dash_and_check_is_silent() {
    let env = TestEnv::acme();
    let list = ok(&env, &["milestone", "list"]);
    let ms1 = list.lines().find(|l| l.starts_with("MS-1 ")).unwrap();
    assert!(ms1.starts_with("MS-1  2026-12-10  -  "), "{ms1}");
    let check = env.pm(&["check", "--format", "json"]);
    assert!(!check.stdout.contains("forecast-late"), "{}", check.snapshot());
}

#[test]
fn an_initiative_whose_85_percent_forecast_passes_its_end_is_at_risk() {
    let env = two_a_week();
    ok(&env, &["roadmap", "edit", "RM-1", "--set", "end=2026-12-01"]);
    commit_at(&env, "2026-11-20", "RM-1 ends sooner");
    let forecast = json(&env, &["forecast", "initiative", "RM-1"]);
    let p85 = forecast["answers"].as_array().unwrap().iter().find(|a| a["percent"] == 85).unwrap()["date"]
        .as_str()
        .unwrap()
        .to_string();
    // Open work at two items a week ends a week or more after today (2026-11-28): after 2026-12-01.
    assert!(p85.as_str() > "2026-12-01", "{p85}");
    let update = json(&env, &["report", "update", "--since", "14d"]);
    let rm1 = update["health"].as_array().unwrap().iter().find(|h| h["id"] == "RM-1").unwrap();
    assert_eq!(rm1["health"], "at_risk");
    assert_eq!(rm1["reasons"], serde_json::json!([format!("85% forecast {p85} is after its end 2026-12-01")]));
    // Moving the end past the forecast puts it back on track.
    ok(&env, &["roadmap", "edit", "RM-1", "--set", "end=2030-01-31"]);
    commit_at(&env, "2026-11-21", "RM-1 later");
    let update = json(&env, &["report", "update", "--since", "14d"]);
    let rm1 = update["health"].as_array().unwrap().iter().find(|h| h["id"] == "RM-1").unwrap();
    assert_eq!(rm1["health"], "on_track", "{rm1}");
}
