//! Launches: `pm milestone checklist`, the ship guard, and `pm report launch`.

use crate::TestEnv;

fn ok(env: &TestEnv, args: &[&str]) -> String {
    let run = env.pm(args);
    run.success();
    run.stdout
}

/// The MS-1 line of roadmap.yaml.
fn ms1(env: &TestEnv) -> String {
    env.read("product/roadmap.yaml").lines().find(|l| l.contains("id: MS-1,")).unwrap().to_string()
}

#[test]
fn a_checklist_from_the_template_is_worked_through_and_guards_shipping() {
    let env = TestEnv::acme();
    let empty = ok(&env, &["milestone", "checklist", "MS-1"]);
    assert_eq!(
        empty,
        "MS-1 Wallets GA (2026-12-10): 0 of 0 done\nThe checklist is empty: pm milestone checklist MS-1 init, or add \"...\"\n"
    );
    // The team's template overrides the built-in one.
    env.write(
        "product/templates/launch/checklist.yaml",
        "checklist:\n  - {item: Support briefed, owner: sam}\n  - item: Status page ready\nrollout: 5% then 100%\n",
    );
    let run = env.pm(&["milestone", "checklist", "ms-1", "init"]);
    run.success();
    assert_eq!(run.stderr, "MS-1: checklist of 2 items from the `checklist` template\n");
    assert_eq!(
        ms1(&env),
        "  - {id: MS-1, name: Wallets GA, kind: launch, date: 2026-12-10, status: planned, launch: {rollout: 5% then 100%, \
         checklist: [{item: Support briefed, owner: sam, done: false}, {item: Status page ready, done: false}]}}"
    );
    // A second init would overwrite: refused.
    let run = env.pm(&["milestone", "checklist", "MS-1", "init"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("MS-1 already has a checklist"), "{}", run.stderr);

    ok(&env, &["milestone", "checklist", "MS-1", "add", "Press release out", "--owner", "priya"]);
    ok(&env, &["milestone", "checklist", "MS-1", "done", "1"]);
    ok(&env, &["milestone", "checklist", "MS-1", "done", "press release OUT"]);
    ok(&env, &["milestone", "checklist", "MS-1", "undo", "3"]);
    let run = env.pm(&["milestone", "checklist", "MS-1", "add", "status page ready"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let run = env.pm(&["milestone", "checklist", "MS-1", "done", "4"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("MS-1's checklist has no item `4`"), "{}", run.stderr);
    assert!(run.stderr.contains("name an item by its number, 1 to 3, or its text"), "{}", run.stderr);
    assert_eq!(
        ok(&env, &["milestone", "checklist", "MS-1"]),
        "MS-1 Wallets GA (2026-12-10): 1 of 3 done
  1. [x] Support briefed (sam)
  2. [ ] Status page ready
  3. [ ] Press release out (priya)
Rollout: 5% then 100%
"
    );

    // Shipping with open items is refused and changes nothing.
    let before = env.read("product/roadmap.yaml");
    let run = env.pm(&["milestone", "ship", "MS-1"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("MS-1 has 2 open checklist items: \"Status page ready\", \"Press release out\""),
        "{}",
        run.stderr
    );
    assert_eq!(env.read("product/roadmap.yaml"), before);
    ok(&env, &["milestone", "checklist", "MS-1", "rm", "Press release out"]);
    ok(&env, &["milestone", "checklist", "MS-1", "done", "2"]);
    ok(&env, &["milestone", "ship", "MS-1"]);
    assert!(ms1(&env).contains("status: shipped"), "{}", ms1(&env));
    let run = env.pm(&["check"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
}

#[test]
fn a_new_launch_starts_with_the_built_in_checklist_and_force_ships_it() {
    let env = TestEnv::acme();
    assert_eq!(ok(&env, &["milestone", "add", "Refunds GA", "--date", "2027-02-15", "--kind", "launch"]), "MS-5\n");
    let shown = ok(&env, &["milestone", "checklist", "MS-5"]);
    assert!(shown.starts_with("MS-5 Refunds GA (2027-02-15): 0 of 6 done\n  1. [ ] Release notes"), "{shown}");
    assert!(shown.contains("Rollback: Turn the feature flag off"), "{shown}");
    ok(&env, &["milestone", "ship", "MS-5", "--force"]);
    // Other kinds have no checklist and ship as before.
    let run = env.pm(&["milestone", "checklist", "MS-2", "add", "x"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("MS-2 is not a launch, so it has no checklist"), "{}", run.stderr);
    assert!(run.stderr.contains("pm milestone edit MS-2 --set kind=launch"), "{}", run.stderr);
    ok(&env, &["milestone", "ship", "MS-2"]);
    assert_eq!(env.pm(&["check"]).code, 0);
}

#[test]
fn the_launch_report_compares_metrics_around_the_launch_date() {
    let env = TestEnv::acme();
    // Launched on 2026-10-15, after the September observations.
    ok(&env, &["milestone", "edit", "MS-1", "--set", "date=2026-10-15"]);
    ok(&env, &["milestone", "checklist", "MS-1", "add", "Support briefed"]);
    ok(&env, &["milestone", "checklist", "MS-1", "done", "1"]);
    // Scope, in leaf items as roadmap progress counts: BL-9's three done
    // stories (2 + 5 + 8 points; BL-9 itself is their parent), an open story
    // of 3 points, and a dropped chore that does not count.
    ok(&env, &["backlog", "add", "Apple Pay in the app", "--type", "story", "--milestone", "MS-1", "--estimate", "3"]);
    ok(
        &env,
        &["backlog", "add", "Wallet fees report", "--type", "chore", "--milestone", "MS-1", "--status", "wont_do"],
    );
    let md = ok(&env, &["report", "launch", "MS-1"]);
    assert!(md.starts_with("# Launch report: MS-1 Wallets GA\n\nPlanned for 2026-10-15; not shipped yet.\n"), "{md}");
    assert!(md.contains("Shipped 3 of 4 planned items (15 of 18 points)."), "{md}");
    assert!(!md.contains("| BL-9 "), "{md}");
    assert!(md.contains("| BL-49 Apple Pay in the app | story | ⏳ new | 3 |"), "{md}");
    assert!(md.contains("| BL-50 Wallet fees report | chore | ✖️ wont_do | — |"), "{md}");
    assert!(md.contains("## Checklist (1 of 1 done)\n\n- [x] Support briefed\n"), "{md}");
    // RM-2 plans MS-1 and serves OBJ-3, whose key results measure these metrics.
    // Before: the last month ending before 2026-10-15 (September); the launch
    // period: October, which holds the date; after: November, the first month
    // to start after it. Change: 67.9 - 66.4 = 1.5 points; 95.9 - 95.3 = 0.6.
    assert!(md.contains("| Metric | Before | Launch period | After | Change |"), "{md}");
    assert!(
        md.contains("| Checkout conversion | 66.4% (2026-09) | 67.2% (2026-10) | 67.9% (2026-11) | +1.5 pts |"),
        "{md}"
    );
    assert!(
        md.contains("| Payment success rate | 95.3% (2026-09) | 95.6% (2026-10) | 95.9% (2026-11) | +0.6 pts |"),
        "{md}"
    );
    // KR-4: (67.9 - 66.4) / (70 - 66.4) = 0.4167; KR-5: (95.9 - 95.3) / (96.5 - 95.3) = 0.5.
    assert!(md.contains("| KR-4 Raise checkout conversion from 66.4% to 70% | 42% |"), "{md}");
    assert!(md.contains("| KR-5 Lift payment success rate from 95.3% to 96.5% | 50% |"), "{md}");
    // EXP-1 ended on 2026-10-04, before the launch; EXP-3 runs after it.
    assert!(
        md.contains("## Experiments since 2026-10-15\n\n- **EXP-3** Refresh expired cards by hand: running\n"),
        "{md}"
    );
    assert!(!md.contains("EXP-1"), "{md}");

    let json: serde_json::Value =
        serde_json::from_str(&ok(&env, &["report", "launch", "MS-1", "--format", "json"])).unwrap();
    assert_eq!(json["items_shipped"], 3);
    assert_eq!(json["items_planned"], 4);
    assert_eq!(json["points_shipped"], 15.0);
    assert_eq!(json["points_planned"], 18.0);
    assert_eq!(json["metrics"][0]["during"]["period"], "2026-10");
    assert_eq!(json["metrics"][0]["before"]["value"], 66.4);
    assert!((json["metrics"][0]["change"].as_f64().unwrap() - 1.5).abs() < 1e-9);

    // A milestone with nothing planned and no date.
    let run = env.pm(&["report", "launch", "MS-9"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("no milestone MS-9"), "{}", run.stderr);
}

#[test]
fn launches_link_through_epics_and_a_shipped_launch_with_open_items_is_reported() {
    let env = TestEnv::acme();
    // RM-2 no longer names MS-1, but MS-1's items sit under epic BL-2 of RM-2.
    ok(&env, &["roadmap", "edit", "RM-2", "--remove", "milestones=MS-1"]);
    let md = ok(&env, &["report", "launch", "MS-1"]);
    assert!(md.contains("| KR-4 Raise checkout conversion from 66.4% to 70% | 42% |"), "{md}");
    // Shipping by an edit of the status passes the guard; pm check reports it.
    ok(&env, &["milestone", "checklist", "MS-1", "add", "Docs"]);
    ok(&env, &["milestone", "edit", "MS-1", "--set", "status=shipped"]);
    let run = env.pm(&["check"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stdout.contains("⚠ launch-checklist-open: MS-1 is shipped with 1 open checklist item: \"Docs\""),
        "{}",
        run.stdout
    );
}

#[test]
fn a_team_template_without_plans_still_gives_a_block_launch() {
    let env = TestEnv::acme();
    env.write("product/templates/launch/checklist.yaml", "checklist:\n  - item: Docs\n");
    ok(&env, &["milestone", "add", "T", "--date", "2027-02-01", "--kind", "launch"]);
    let roadmap = env.read("product/roadmap.yaml");
    assert!(
        roadmap.ends_with(
            "  - id: MS-5\n    name: T\n    kind: launch\n    date: 2027-02-01\n    status: planned\n    launch:\n      \
             checklist:\n        - item: Docs\n          done: false\n"
        ),
        "{roadmap}"
    );
}
