//! `pm release notes`: a milestone's done items, or what was done between two
//! revisions, grouped as features, improvements and fixes.

use crate::TestEnv;

fn ok(env: &TestEnv, args: &[&str]) -> String {
    let run = env.pm(args);
    run.success();
    run.stdout
}

#[test]
fn notes_of_a_milestone_group_its_done_items_with_their_prds() {
    let env = TestEnv::acme();
    // MS-1 holds BL-9 (a done feature) and, through it, its done stories BL-17..19.
    ok(
        &env,
        &[
            "backlog",
            "add",
            "Apple Pay sheet closes on rotation",
            "--type",
            "bug",
            "--parent",
            "BL-9",
            "--status",
            "done",
        ],
    );
    ok(
        &env,
        &[
            "backlog",
            "add",
            "Apple Pay on the web: research",
            "--type",
            "spike",
            "--parent",
            "BL-9",
            "--status",
            "done",
        ],
    );
    ok(
        &env,
        &["backlog", "add", "Wallet fees report", "--type", "chore", "--milestone", "MS-1", "--status", "wont_do"],
    );
    ok(
        &env,
        &["backlog", "add", "Remember the wallet", "--type", "story", "--milestone", "MS-1", "--status", "in_progress"],
    );
    // Planned elsewhere: not in these notes although done.
    ok(&env, &["backlog", "add", "Retry webhooks", "--type", "chore", "--milestone", "MS-2", "--status", "done"]);
    ok(&env, &["backlog", "edit", "BL-9", "--set", "prd=PRD-2#FR-1"]);
    ok(&env, &["backlog", "edit", "BL-18", "--set", "prd=PRD-2#FR-2"]);
    let md = ok(&env, &["release", "notes", "--milestone", "ms-1"]);
    assert_eq!(
        md,
        "# Release notes: MS-1 Wallets GA (2026-12-10)

## Features

- Apple Pay on hosted checkout (BL-9 · PRD-2#FR-1)

## Improvements

- Register merchant domains with Apple Pay (BL-17 · PRD-2#FR-1)
- Show the Apple Pay button on supported devices (BL-18 · PRD-2#FR-2)
- Authorize payments with Apple Pay tokens (BL-19 · PRD-2#FR-1)

## Fixes

- Apple Pay sheet closes on rotation (BL-49 · PRD-2#FR-1)

Not listed (closed as won't do, or spikes): BL-50, BL-51.
"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&env, &["release", "notes", "--milestone", "MS-1", "-f", "json"])).unwrap();
    assert_eq!(json["milestone"], "MS-1");
    assert_eq!(json["date"], "2026-12-10");
    let ids: Vec<&str> = json["notes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["BL-9", "BL-17", "BL-18", "BL-19", "BL-49"]);
    assert_eq!(json["notes"][4]["group"], "fixes");
    assert_eq!(json["notes"][4]["type"], "bug");
    assert_eq!(json["left_out"], serde_json::json!(["BL-50", "BL-51"]));

    // A milestone with nothing done says so.
    let md = ok(&env, &["release", "notes", "--milestone", "MS-3"]);
    assert_eq!(md, "# Release notes: MS-3 PCI DSS QSA assessment (2027-01-22)\n\nNothing delivered yet.\n");
}

#[test]
fn notes_between_revisions_list_what_became_done() {
    let env = TestEnv::acme();
    env.git(&["tag", "v1"]);
    // Done between the tags: a story moved to done, a feature and a bug added done.
    ok(&env, &["backlog", "move", "BL-30", "done", "--force"]);
    ok(&env, &["backlog", "add", "Pay by bank transfer", "--type", "feature", "--status", "done"]);
    ok(&env, &["backlog", "add", "Double charge on retry", "--type", "bug", "--status", "done"]);
    // Reopened and closed again: it was done at v1, so it is not new.
    ok(&env, &["backlog", "move", "BL-42", "in_progress"]);
    env.git(&["commit", "-qam", "wave 1"]);
    ok(&env, &["backlog", "move", "BL-42", "in_review"]);
    ok(&env, &["backlog", "move", "BL-42", "done"]);
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "wave 2"]);
    env.git(&["tag", "v2"]);
    // After v2: not in the range.
    ok(&env, &["backlog", "move", "BL-31", "done", "--force"]);
    env.git(&["commit", "-qam", "after v2"]);

    let md = ok(&env, &["release", "notes", "--from", "v1", "--to", "v2"]);
    assert_eq!(
        md,
        "# Release notes: v1..v2

## Features

- Pay by bank transfer (BL-49)

## Improvements

- Show the Google Pay button on supported browsers (BL-30 · PRD-2#FR-1)

## Fixes

- Double charge on retry (BL-50)
"
    );
    // --to defaults to HEAD.
    let md = ok(&env, &["release", "notes", "--from", "v2"]);
    assert!(md.starts_with("# Release notes: v2..HEAD\n"), "{md}");
    assert!(md.contains("- Authorize payments with Google Pay tokens (BL-31 · PRD-2#FR-2)"), "{md}");
    assert!(!md.contains("BL-30"), "{md}");
}

#[test]
fn notes_need_a_release_that_exists() {
    let env = TestEnv::acme();
    let run = env.pm(&["release", "notes"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("say which release: --milestone MS-n, or --from REV [--to REV]"), "{}", run.stderr);
    let run = env.pm(&["release", "notes", "--milestone", "MS-9"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("no milestone MS-9"), "{}", run.stderr);
    let run = env.pm(&["release", "notes", "--from", "v0"]);
    assert_ne!(run.code, 0, "{}", run.snapshot());
    assert!(run.stderr.contains("v0"), "{}", run.stderr);
    let run = env.pm(&["release", "notes", "--milestone", "MS-1", "--from", "HEAD"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
}

#[test]
fn an_item_belongs_to_its_nearest_milestone_and_renumbered_or_revived_items_are_judged_right() {
    let env = TestEnv::acme();
    // BL-17 is planned for MS-2 although its parent BL-9 is in MS-1.
    ok(&env, &["backlog", "edit", "BL-17", "--set", "milestone=MS-2"]);
    assert!(ok(&env, &["release", "notes", "--milestone", "MS-2"]).contains("(BL-17"));
    assert!(!ok(&env, &["release", "notes", "--milestone", "MS-1"]).contains("BL-17"));
    env.git(&["commit", "-qam", "plan"]);
    env.git(&["tag", "v1"]);
    // Revived from wont_do and finished: delivered in the range.
    for status in ["new", "ready", "in_progress", "in_review", "done"] {
        ok(&env, &["backlog", "move", "BL-34", status]);
    }
    // Done at v1 and renumbered since: not new.
    ok(&env, &["backlog", "renumber", "BL-18", "--to", "BL-70"]);
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "wave"]);
    let md = ok(&env, &["release", "notes", "--from", "v1"]);
    assert!(md.contains("(BL-34"), "{md}");
    assert!(!md.contains("BL-70"), "{md}");
}
