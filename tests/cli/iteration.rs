//! `pm iteration`: iterations.yaml as written, planning and closing in one
//! transaction, refusals that write nothing, and velocity against a
//! hand-built git history whose answers are worked out by hand.

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

/// A run that must fail with `code` and leave the product folder as it was.
#[track_caller]
fn refused(env: &TestEnv, args: &[&str], code: i32, message: &str) {
    let before = env.tree("product");
    let run = env.pm(args);
    assert_eq!(run.code, code, "{}", run.snapshot());
    assert!(run.stderr.contains(message), "{message:?} not in\n{}", run.snapshot());
    assert_eq!(env.tree("product"), before, "{args:?} changed files");
}

/// A product with two iterations (today, 2026-11-28, is in IT-2).
fn two_iterations() -> TestEnv {
    let env = TestEnv::product();
    ok(&env, &["iteration", "add", "Sprint 1", "--start", "2026-11-09", "--end", "2026-11-20", "--capacity", "10"]);
    ok(&env, &["iteration", "add", "Sprint 2", "--start", "2026-11-23", "--end", "2026-12-04", "--goal", "Wallets"]);
    env
}

#[test]
fn add_writes_iterations_yaml_and_list_shows_them() {
    let env = two_iterations();
    assert_eq!(
        env.read("product/iterations.yaml"),
        "# yaml-language-server: $schema=schemas/iterations.schema.json\n\
         # Iterations (sprints): their days, capacity in points and goal. Items join one with\n\
         # `iteration: IT-n` (`pm iteration plan`).\n\
         - id: IT-1\n  name: Sprint 1\n  start: 2026-11-09\n  end: 2026-11-20\n  capacity: 10\n\
         - id: IT-2\n  name: Sprint 2\n  start: 2026-11-23\n  end: 2026-12-04\n  goal: Wallets\n"
    );
    let run = env.pm(&["iteration", "add", "Sprint 3", "--start", "2026-12-07", "--end", "2026-12-18"]);
    run.success();
    assert_eq!(run.stdout, "IT-3\n");
    assert_eq!(run.stderr, "Added IT-3 to product/iterations.yaml\n");
    // No commits yet: velocity is not known.
    assert_eq!(
        ok(&env, &["iteration", "list"]),
        "ID    START       END         STATE    ITEMS  COMMITTED  CAPACITY  DONE  VELOCITY  NAME\n\
         IT-1  2026-11-09  2026-11-20  past     0      0          10        0     -         Sprint 1\n\
         IT-2  2026-11-23  2026-12-04  current  0      0          -         0     -         Sprint 2\n\
         IT-3  2026-12-07  2026-12-18  planned  0      0          -         0     -         Sprint 3\n"
    );
    assert_eq!(
        ok(&env, &["iteration", "list", "--format", "csv"]).lines().nth(1),
        Some("IT-1,2026-11-09,2026-11-20,past,0,0,10,0,,Sprint 1")
    );
    let md = ok(&env, &["iteration", "list", "--format", "md"]);
    assert!(md.starts_with("| ID | START | END | STATE |"), "{md}");
    assert_eq!(ok(&env, &["check"]), "");
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let env = two_iterations();
    refused(
        &env,
        &["iteration", "add", "Overlap", "--start", "2026-11-20", "--end", "2026-11-27"],
        1,
        "Overlap (2026-11-20 to 2026-11-27) overlaps IT-1 Sprint 1 (2026-11-09 to 2026-11-20)",
    );
    refused(
        &env,
        &["iteration", "add", "Backwards", "--start", "2026-12-18", "--end", "2026-12-07"],
        2,
        "Backwards would end on 2026-12-07, before it starts on 2026-12-18",
    );
    refused(
        &env,
        &["iteration", "add", "Bad", "--start", "2026-12-07", "--end", "2026-12-32"],
        2,
        "--end: `2026-12-32` is not a date",
    );
    refused(
        &env,
        &["iteration", "add", "Bad", "--start", "next monday", "--end", "2026-12-18"],
        2,
        "--start: `next monday` is not a date",
    );
    refused(
        &env,
        &["iteration", "add", "Bad", "--start", "2026-12-07", "--end", "2026-12-18", "--capacity", "lots"],
        2,
        "--capacity: `lots` is not a number of points",
    );
    ok(&env, &["backlog", "add", "Apple Pay", "-e", "3"]);
    refused(&env, &["iteration", "plan", "IT-9", "BL-1"], 1, "no iteration IT-9");
    refused(&env, &["iteration", "plan", "sprint", "BL-1"], 2, "`sprint` is not an iteration id");
    refused(&env, &["backlog", "add", "Google Pay", "--iteration", "IT-7"], 1, "no iteration IT-7");
    // Editing an iteration into another's days is refused by the check of the write.
    refused(&env, &["iteration", "edit", "IT-2", "--set", "start=2026-11-16"], 1, "iteration-overlap");
    refused(&env, &["iteration", "edit", "IT-2", "--set", "end=2026-11-01"], 1, "end-before-start");
    // A closed iteration takes no more items, by any path.
    ok(&env, &["iteration", "close", "IT-1"]);
    refused(&env, &["iteration", "plan", "IT-1", "BL-1"], 1, "IT-1 Sprint 1 is closed: it takes no more items");
    refused(&env, &["backlog", "edit", "BL-1", "--iteration", "IT-1"], 1, "IT-1 Sprint 1 is closed");
    refused(&env, &["backlog", "edit", "BL-1", "--set", "iteration=IT-1"], 1, "closed-iteration");
    refused(&env, &["iteration", "close", "IT-1"], 1, "IT-1 is closed already");
    refused(&env, &["iteration", "edit", "IT-2", "--set", "closed=true"], 1, "use `pm iteration close ID`");
}

#[test]
fn plan_sets_the_iteration_in_one_write_keeping_comments_and_key_order() {
    let env = two_iterations();
    ok(&env, &["backlog", "add", "Apple Pay", "-e", "3", "--label", "wallets"]);
    ok(&env, &["backlog", "add", "Google Pay", "-e", "5", "--label", "wallets"]);
    ok(&env, &["backlog", "add", "Docs", "-e", "2"]);
    env.write(
        "product/backlog/BL-1.yaml",
        "# The first wallet.\nid: BL-1\ntitle: Apple Pay   # keep me\nestimate: 3\nstatus: new\nlabels: [wallets]\n",
    );
    // One unknown item: nothing is planned.
    refused(&env, &["iteration", "plan", "IT-2", "BL-1", "BL-9"], 1, "BL-9");
    let run = env.pm(&["iteration", "plan", "current", "BL-1", "--where", "label=wallets"]);
    run.success();
    assert_eq!(run.stderr, "Planned BL-1 into IT-2\nPlanned BL-2 into IT-2\n");
    assert_eq!(
        env.read("product/backlog/BL-1.yaml"),
        "# The first wallet.\nid: BL-1\ntitle: Apple Pay   # keep me\nestimate: 3\nstatus: new\nlabels: [wallets]\n\
         iteration: IT-2\nupdated: 2026-11-28\n"
    );
    assert!(env.read("product/backlog/BL-2.yaml").contains("iteration: IT-2\n"));
    assert!(!env.read("product/backlog/BL-3.yaml").contains("iteration"));
    // Planning again changes nothing.
    let again = env.pm(&["iteration", "plan", "IT-2", "BL-1"]);
    again.success();
    assert_eq!(again.stderr, "Nothing changed: the items are in IT-2 already\n");
    let list = ok(&env, &["backlog", "list", "--iteration", "current", "--sort", "id", "--format", "csv"]);
    let ids: Vec<&str> = list.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids, ["BL-1", "BL-2"]);
    assert_eq!(ok(&env, &["backlog", "list", "--iteration", "it-1", "--format", "csv"]).lines().count(), 1);
    // --where iteration=... selects too, `current` included.
    let run = env.pm(&["backlog", "edit", "--where", "iteration=current", "--set", "owner=dana"]);
    run.success();
    // In rank order: BL-1 lost its rank when it was written by hand above.
    assert_eq!(run.stderr, "Updated BL-2 (owner=dana)\nUpdated BL-1 (owner=dana)\n");
    ok(&env, &["backlog", "add", "Samsung Pay", "-e", "8", "--iteration", "IT-2"]);
    assert!(env.read("product/backlog/BL-4.yaml").contains("iteration: IT-2\n"));
}

#[test]
fn close_carries_unfinished_items_or_unplans_them_in_one_write() {
    let env = two_iterations();
    ok(&env, &["iteration", "add", "Sprint 3", "--start", "2026-12-07", "--end", "2026-12-18"]);
    for (title, it) in [("Apple Pay", "IT-1"), ("Google Pay", "IT-1"), ("Docs", "IT-1"), ("Later", "IT-2")] {
        ok(&env, &["backlog", "add", title, "-e", "3", "--iteration", it]);
    }
    ok(&env, &["backlog", "move", "BL-1", "done", "--force"]);
    refused(&env, &["iteration", "close", "IT-1", "--carry-to", "IT-1"], 2, "IT-1 cannot carry its items to itself");
    refused(&env, &["iteration", "close", "IT-1", "--carry-to", "IT-8"], 1, "no iteration IT-8");
    let run = env.pm(&["iteration", "close", "IT-1", "--carry-to", "IT-2"]);
    run.success();
    assert_eq!(run.stderr, "Closed IT-1\nCarried to IT-2: BL-2, BL-3\n");
    let text = env.read("product/iterations.yaml");
    assert!(text.contains("  capacity: 10\n  closed: true\n- id: IT-2\n"), "{text}");
    assert!(env.read("product/backlog/BL-1.yaml").contains("iteration: IT-1\n"), "a done item stays");
    for id in ["BL-2", "BL-3", "BL-4"] {
        assert!(env.read(&format!("product/backlog/{id}.yaml")).contains("iteration: IT-2\n"), "{id}");
    }
    // Without --carry-to the unfinished items leave the iteration.
    let run = env.pm(&["iteration", "close", "IT-2"]);
    run.success();
    assert_eq!(run.stderr, "Closed IT-2\nUnplanned: BL-2, BL-3, BL-4\n");
    for id in ["BL-2", "BL-3", "BL-4"] {
        assert!(!env.read(&format!("product/backlog/{id}.yaml")).contains("iteration"), "{id}");
    }
    assert_eq!(ok(&env, &["check"]), "");
}

#[test]
fn rm_is_refused_while_items_are_planned_into_it() {
    let env = two_iterations();
    ok(&env, &["backlog", "add", "Apple Pay", "--iteration", "IT-2"]);
    refused(&env, &["iteration", "rm", "IT-2"], 1, "IT-2 referenced by product/backlog/BL-1.yaml (iteration)");
    let run = env.pm(&["iteration", "rm", "IT-2", "--force"]);
    run.success();
    assert_eq!(run.stderr, "Removed IT-2\nproduct/backlog/BL-1.yaml: reference removed: iteration\n");
    assert!(!env.read("product/iterations.yaml").contains("IT-2"));
    assert!(!env.read("product/backlog/BL-1.yaml").contains("iteration"));
    ok(&env, &["iteration", "rm", "IT-1"]);
    assert_eq!(
        ok(&env, &["iteration", "list", "--format", "json"]),
        "{\n  \"iterations\": [],\n  \"average_velocity\": null\n}\n"
    );
}

/// Three iterations, and a history worked out by hand: in IT-1 (10-05 to
/// 10-16) BL-1 (3) and BL-2 (5) are done, BL-5 (no estimate) is done,
/// BL-4 (2) goes to wont_do; BL-3 (8) is done on 10-17, after IT-1 ended and
/// before IT-2 began. IT-2 finishes nothing; IT-3 is running.
fn velocity_history() -> TestEnv {
    let env = TestEnv::product();
    ok(&env, &["iteration", "add", "Sprint 1", "--start", "2026-10-05", "--end", "2026-10-16", "--capacity", "10"]);
    ok(&env, &["iteration", "add", "Sprint 2", "--start", "2026-10-19", "--end", "2026-10-30"]);
    ok(&env, &["iteration", "add", "Sprint 3", "--start", "2026-11-23", "--end", "2026-12-04", "--capacity", "20"]);
    for (title, estimate) in [
        ("Apple Pay", Some("3")),
        ("Google Pay", Some("5")),
        ("Settings", Some("8")),
        ("Samsung Pay", Some("2")),
        ("Docs", None),
    ] {
        let mut args = vec!["backlog", "add", title, "--iteration", "IT-1"];
        if let Some(e) = estimate {
            args.extend(["-e", e]);
        }
        ok(&env, &args);
    }
    commit_at(&env, "2026-10-01", "plan");
    ok(&env, &["backlog", "move", "BL-1", "done", "--force"]);
    ok(&env, &["backlog", "move", "BL-4", "wont_do"]);
    commit_at(&env, "2026-10-07", "BL-1 done, BL-4 dropped");
    ok(&env, &["backlog", "move", "BL-2", "done", "--force"]);
    ok(&env, &["backlog", "move", "BL-5", "done", "--force"]);
    commit_at(&env, "2026-10-14", "BL-2 and BL-5 done");
    ok(&env, &["backlog", "move", "BL-3", "done", "--force"]);
    commit_at(&env, "2026-10-17", "BL-3 done");
    env
}

#[test]
fn velocity_is_the_points_finished_within_an_iteration() {
    let env = velocity_history();
    let v: serde_json::Value = serde_json::from_str(&ok(&env, &["iteration", "list", "--format", "json"])).unwrap();
    let field = |key: &str| -> Vec<serde_json::Value> {
        v["iterations"].as_array().unwrap().iter().map(|r| r[key].clone()).collect()
    };
    // IT-1: 3 + 5 (BL-5 has no estimate, BL-4 is wont_do, BL-3 after the end).
    assert_eq!(field("velocity"), [8, 0, 0]);
    assert_eq!(field("committed"), [16, 0, 0]);
    assert_eq!(field("done"), [16, 0, 0]);
    // The last three past iterations are IT-1 and IT-2 (IT-3 is running).
    assert_eq!(v["average_velocity"], 4);
    assert_eq!(
        ok(&env, &["iteration", "list"]),
        "ID    START       END         STATE    ITEMS  COMMITTED  CAPACITY  DONE  VELOCITY  NAME\n\
         IT-1  2026-10-05  2026-10-16  past     5      16         10        16    8         Sprint 1\n\
         IT-2  2026-10-19  2026-10-30  past     0      0          -         0     0         Sprint 2\n\
         IT-3  2026-11-23  2026-12-04  current  0      0          20        0     0         Sprint 3\n\
         \n\
         Average velocity of the last 3 past iterations: 4 points\n"
    );
    assert_eq!(
        ok(&env, &["iteration", "show", "IT-1"]),
        "IT-1 Sprint 1  (2026-10-05 to 2026-10-16, 12 days, past)\n\
         Committed: 16 points of 10 capacity (over by 6)\n\
         Done:      16 points of its items\n\
         Velocity:  8 points finished in its days (average of the last 3 past iterations: 4)\n\
         \n\
         ID    STATUS   POINTS  TITLE\n\
         BL-1  done     3       Apple Pay\n\
         BL-2  done     5       Google Pay\n\
         BL-3  done     8       Settings\n\
         BL-4  wont_do  2       Samsung Pay\n\
         BL-5  done     -       Docs\n\
         \n\
         Burn-up: points done by day (█), committed 16 (┈), capacity 10\n\
         16 ┤┈┈┈┈┈┈┈┈┈┈┈┈\n\
         \x20  ┤\n\
         \x20  ┤\n\
         \x20  ┤         ███\n\
         \x20  ┤         ███\n\
         \x20  ┤  ██████████\n\
         \x200 └────────────\n\
         \x20   2026-10-05 2026-10-16\n"
    );
    let show: serde_json::Value =
        serde_json::from_str(&ok(&env, &["iteration", "show", "IT-1", "--format", "json"])).unwrap();
    let burn: Vec<i64> = show["burn_up"].as_array().unwrap().iter().map(|d| d["done"].as_i64().unwrap()).collect();
    assert_eq!(burn, [0, 0, 3, 3, 3, 3, 3, 3, 3, 8, 8, 8]);
    // Reopening BL-1 after the iteration takes it out of IT-1's velocity.
    ok(&env, &["backlog", "move", "BL-1", "in_progress"]);
    commit_at(&env, "2026-11-02", "BL-1 reopened");
    let v: serde_json::Value = serde_json::from_str(&ok(&env, &["iteration", "list", "--format", "json"])).unwrap();
    assert_eq!(v["iterations"][0]["velocity"], 5);
    // over-capacity warns about IT-1's 16 points (after BL-1 reopened: still 16, wont_do left out).
    let check = env.pm(&["check"]);
    assert_eq!(check.code, 0);
    assert!(
        check.stdout.contains("over-capacity: IT-1 commits 16 points, over its capacity of 10"),
        "{}",
        check.snapshot()
    );
}
