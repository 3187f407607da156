//! `pm diff`, `pm review`, `pm history`, `pm log` and `pm report flow`, on
//! real repositories built with the git command line.

use insta::assert_snapshot;

use crate::TestEnv;

/// Commit ids depend on the example's exact bytes; snapshots show a placeholder.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({filters => vec![(r"\b[0-9a-f]{7}\b", "[commit]")]}, {
            assert_snapshot!($name, $value);
        })
    };
}

/// Commits everything with the given date as author and committer date.
fn commit_at(env: &TestEnv, date: &str, message: &str) {
    let run = env.sh(&format!(
        "git add -A && GIT_AUTHOR_DATE='{date}T12:00:00Z' GIT_COMMITTER_DATE='{date}T12:00:00Z' git commit -q -m '{message}'"
    ));
    assert_eq!(run.code, 0, "{}", run.snapshot());
}

fn ok(env: &TestEnv, args: &[&str]) -> String {
    let run = env.pm(args);
    run.success();
    run.stdout
}

/// Ten kinds of change across the product, as a pull request would make them.
fn ten_changes(env: &TestEnv) {
    ok(env, &["backlog", "edit", "BL-12", "--set", "priority=p0"]);
    ok(env, &["backlog", "move", "BL-24", "done", "--force"]);
    ok(env, &["backlog", "rank", "BL-30", "--before", "BL-43"]);
    ok(env, &["backlog", "add", "Remember the last wallet", "--type", "story", "--parent", "BL-2"]);
    ok(env, &["roadmap", "move", "RM-5", "now"]);
    ok(env, &["roadmap", "edit", "RM-1", "--set", "end=2027-02-28"]);
    ok(env, &["okr", "checkin", "KR-7", "3", "--date", "2026-11-27"]);
    ok(env, &["prd", "approve", "PRD-2", "--as", "Priya"]);
    ok(env, &["metric", "record", "nps", "43", "--period", "2026-11", "--segment", "enterprise"]);
    ok(
        env,
        &["experiment", "conclude", "EXP-3", "--observed", "96.2", "--verdict", "validated", "--decision", "persevere"],
    );
}

#[test]
fn diff_shows_product_changes_by_artifact() {
    let env = TestEnv::acme();
    ten_changes(&env);
    snapshot!("diff_human", ok(&env, &["diff"]));
    snapshot!("diff_md", ok(&env, &["diff", "--format", "md"]));
    let json: serde_json::Value = serde_json::from_str(&ok(&env, &["diff", "--format", "json"])).unwrap();
    assert_eq!(json["base"], "HEAD");
    assert_eq!(json["head"], "the working tree");
    assert_eq!(json["summary"]["items_added"], 1);
    assert_eq!(json["summary"]["items_closed"], 1);
    let change = |id: &str| json["changes"].as_array().unwrap().iter().find(|c| c["id"] == id).cloned().unwrap();
    assert_eq!(change("BL-12")["fields"][0], serde_json::json!({"field": "priority", "old": "p1", "new": "p0"}));
    assert_eq!(change("BL-30")["fields"][0]["note"], "moved above BL-43");
    assert_eq!(change("RM-1")["fields"][0]["note"], "slipped 28 days");
    assert_eq!(change("PRD-2")["fields"][0]["note"], "approved by Priya");
}

#[test]
fn diff_between_revisions_staged_and_merge_base() {
    let env = TestEnv::acme();
    env.git(&["checkout", "-qb", "feature"]);
    ok(&env, &["backlog", "edit", "BL-12", "--set", "priority=p0"]);
    commit_at(&env, "2026-11-20", "raise BL-12");
    env.git(&["checkout", "-q", "main"]);
    ok(&env, &["backlog", "edit", "BL-13", "--set", "owner=lee"]);
    commit_at(&env, "2026-11-21", "BL-13 to lee");
    // Three dots: what the feature branch changes since it left main.
    let three = ok(&env, &["diff", "main...feature"]);
    assert!(three.contains("BL-12") && !three.contains("BL-13"), "{three}");
    // Two dots: everything that differs between the two tips.
    let two = ok(&env, &["diff", "main..feature"]);
    assert!(two.contains("BL-12") && two.contains("BL-13"), "{two}");
    assert_eq!(ok(&env, &["diff", "HEAD~1", "HEAD", "--format", "md"]).matches("**BL-13**").count(), 1);
    // --staged compares HEAD with the index only.
    ok(&env, &["backlog", "edit", "BL-14", "--set", "owner=mei"]);
    env.git(&["add", "product/backlog/BL-14.yaml"]);
    ok(&env, &["backlog", "edit", "BL-15", "--set", "owner=mei"]);
    let staged = ok(&env, &["diff", "--staged"]);
    assert!(staged.contains("BL-14") && !staged.contains("BL-15"), "{staged}");
    assert!(ok(&env, &["diff"]).contains("BL-15"));
    assert_eq!(ok(&env, &["diff", "HEAD", "HEAD"]), "No product changes.\n");
}

#[test]
fn review_reports_changes_and_new_problems() {
    let env = TestEnv::acme();
    env.git(&["checkout", "-qb", "feature"]);
    ten_changes(&env);
    commit_at(&env, "2026-11-27", "product changes");
    let clean = env.pm(&["review", "--base", "main"]);
    assert_eq!(clean.code, 0, "{}", clean.snapshot());
    snapshot!("review_clean", clean.stdout);
    // The backlog rows of the summary add up to the items in the backlog section.
    let counted: usize = clean
        .stdout
        .lines()
        .filter(|l| l.starts_with("| Backlog items "))
        .map(|l| l.trim_end_matches(" |").rsplit("| ").next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, 4, "{}", clean.stdout);
    assert!(clean.stdout.contains("<b>Backlog</b> (4)"), "{}", clean.stdout);
    // A committed mistake is a new problem: exit 1.
    env.write("product/backlog/BL-50.yaml", "id: BL-50\ntitle: Broken\npriority: urgent\n");
    commit_at(&env, "2026-11-28", "broken item");
    let broken = env.pm(&["review", "--base", "main"]);
    assert_eq!(broken.code, 1);
    assert!(broken.stdout.contains("❌ This branch introduces 1 error"), "{}", broken.stdout);
    assert!(broken.stdout.contains("`product/backlog/BL-50.yaml:3` invalid-enum"), "{}", broken.stdout);
}

#[test]
fn review_finds_its_base_or_says_which_branches_there_are() {
    let env = TestEnv::acme();
    env.git(&["checkout", "-qb", "feature"]);
    ok(&env, &["backlog", "edit", "BL-12", "--set", "priority=p0"]);
    commit_at(&env, "2026-11-27", "raise BL-12");
    // No upstream and no remote: the local main is the base.
    let run = env.pm(&["review"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stdout.contains("of `main`; generated by pm."), "{}", run.stdout);
    // An unknown base names the branches there are.
    let run = env.pm(&["review", "--base", "origin/main"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.split_whitespace().collect::<Vec<_>>().join(" "),
        "× unknown base `origin/main` help: name the branch the pull request targets: pm review --base main (local branches: main)"
    );
    // With no branch to compare with at all, it says so, not "unknown origin/main".
    env.git(&["branch", "-qm", "main", "trunk"]);
    env.git(&["checkout", "-q", "trunk"]);
    env.git(&["branch", "-qD", "feature"]);
    let run = env.pm(&["review"]);
    assert_eq!(run.code, 2);
    let flat = run.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("no base to compare with: this branch has no upstream"), "{flat}");
    assert!(flat.contains("pm review --base REV"), "{flat}");
}

#[test]
fn history_follows_an_item_through_edits_and_renumbering() {
    let env = TestEnv::acme();
    ok(&env, &["backlog", "add", "Wallet picker", "--type", "story", "--parent", "BL-2", "--priority", "p2"]);
    commit_at(&env, "2026-11-02", "add BL-49");
    ok(&env, &["backlog", "move", "BL-49", "ready"]);
    ok(&env, &["backlog", "edit", "BL-49", "--set", "priority=p1", "--add", "label=wallets"]);
    commit_at(&env, "2026-11-05", "refine BL-49");
    ok(&env, &["backlog", "renumber", "BL-49", "--to", "BL-60"]);
    commit_at(&env, "2026-11-06", "renumber");
    ok(&env, &["backlog", "move", "BL-60", "in_progress"]);
    commit_at(&env, "2026-11-09", "start BL-60");
    snapshot!("history_table", ok(&env, &["history", "BL-60"]));
    let json: serde_json::Value = serde_json::from_str(&ok(&env, &["history", "BL-60", "--format", "json"])).unwrap();
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(events[1]["action"], serde_json::json!({"type": "renumbered", "from": "BL-49"}));
    assert_eq!(events[3]["action"]["type"], "added");
    assert_eq!(events[3]["id"], "BL-49");
    snapshot!("history_md", ok(&env, &["history", "bl-60", "--format", "md"]));
}

#[test]
fn history_of_shared_files_and_other_kinds() {
    let env = TestEnv::acme();
    ok(&env, &["roadmap", "move", "RM-5", "now"]);
    commit_at(&env, "2026-11-10", "RM-5 now");
    ok(&env, &["roadmap", "move", "RM-6", "now"]);
    commit_at(&env, "2026-11-11", "RM-6 now");
    ok(&env, &["okr", "checkin", "KR-8", "43", "--date", "2026-11-20"]);
    commit_at(&env, "2026-11-20", "KR-8 check-in");
    let rm5 = ok(&env, &["history", "RM-5", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&rm5).unwrap();
    // RM-5 changed once since the first commit; the commit that moved RM-6 is not in its history.
    assert_eq!(v["events"][0]["fields"][0], serde_json::json!({"field": "horizon", "old": "next", "new": "now"}));
    assert_eq!(v["events"].as_array().unwrap().len(), 2);
    let kr = ok(&env, &["history", "KR-8"]);
    assert!(kr.contains("check-in 2026-11-20: 43"), "{kr}");
    for id in ["PRD-1", "EXP-1", "nps", "OBJ-3", "MS-1"] {
        ok(&env, &["history", id]);
    }
    let unknown = env.pm(&["history", "BL-999"]);
    assert_eq!(unknown.code, 1);
}

#[test]
fn log_lists_product_changes_per_commit() {
    let env = TestEnv::acme();
    ok(&env, &["backlog", "edit", "BL-12", "--set", "priority=p0"]);
    commit_at(&env, "2026-11-10", "raise BL-12");
    env.write("README.txt", "not product\n");
    commit_at(&env, "2026-11-11", "docs only");
    ok(&env, &["roadmap", "move", "RM-5", "now"]);
    ok(&env, &["prd", "approve", "PRD-2", "--as", "Priya"]);
    commit_at(&env, "2026-11-12", "roadmap and PRD");
    snapshot!("log_since", ok(&env, &["log", "--since", "2026-11-10"]));
    assert_eq!(ok(&env, &["log", "HEAD~1..HEAD", "--format", "md"]).matches("\n- `").count() + 1, 1);
}

/// The lines of `pm log` output without commit ids.
fn log_lines(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.get(8..).filter(|_| !l.starts_with(' ')).unwrap_or(l).to_string())
        .collect()
}

#[test]
fn log_narrows_by_count_artifact_kind_author_and_text() {
    let env = TestEnv::acme();
    ok(&env, &["backlog", "edit", "BL-12", "--set", "priority=p0"]);
    commit_at(&env, "2026-11-02", "raise BL-12");
    ok(&env, &["roadmap", "move", "RM-5", "now"]);
    let run = env.sh(
        "git add -A && GIT_AUTHOR_NAME=Lee GIT_AUTHOR_EMAIL=lee@acme.example GIT_AUTHOR_DATE=2026-11-03T12:00:00Z \
         GIT_COMMITTER_DATE=2026-11-03T12:00:00Z git commit -qm 'refunds now'",
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    ok(&env, &["backlog", "move", "BL-24", "done", "--force"]);
    ok(&env, &["backlog", "edit", "BL-12", "--set", "owner=lee"]);
    commit_at(&env, "2026-11-04", "wave");

    assert_eq!(
        log_lines(&ok(&env, &["log", "-n", "1"])),
        ["2026-11-04 Dana Product  wave", "    BL-12: owner aisha → lee", "    BL-24: status in_review → done"]
    );
    assert_eq!(
        log_lines(&ok(&env, &["log", "--item", "bl-12"])),
        [
            "2026-11-04 Dana Product  wave",
            "    BL-12: owner aisha → lee",
            "2026-11-02 Dana Product  raise BL-12",
            "    BL-12: priority p1 → p0",
            "2026-11-01 Dana Product  acme",
            "    BL-12 added: Fraud screening before authorization",
        ]
    );
    let initiatives = log_lines(&ok(&env, &["log", "--kind", "initiative", "--since", "2026-11-02"]));
    assert_eq!(initiatives, ["2026-11-03 Lee  refunds now", "    RM-5: horizon next → now"]);
    assert_eq!(log_lines(&ok(&env, &["log", "--author", "LEE@acme"])), initiatives);
    // The summary does not match: only the change whose title does is shown.
    assert_eq!(
        log_lines(&ok(&env, &["log", "--grep", "saved CARD", "--since", "2026-11-02"])),
        ["2026-11-04 Dana Product  wave", "    BL-24: status in_review → done"]
    );
    assert_eq!(ok(&env, &["log", "--grep", "no such text"]), "No product changes.\n");
    assert_eq!(ok(&env, &["log", "-n", "0", "--format", "md"]), "_No product changes._\n");
    let json: serde_json::Value = serde_json::from_str(&ok(&env, &["log", "-n", "2", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    // A metric by its id; an item followed back through its renumbering.
    ok(&env, &["metric", "edit", "checkout_conversion", "--set", "owner=zed"]);
    ok(&env, &["backlog", "renumber", "BL-12", "--to", "BL-70"]);
    commit_at(&env, "2026-11-05", "renumber");
    assert_eq!(log_lines(&ok(&env, &["log", "--item", "checkout_conversion"]))[0], "2026-11-05 Dana Product  renumber");
    let followed = log_lines(&ok(&env, &["log", "--item", "BL-70"]));
    assert_eq!(followed.len(), 8, "{followed:?}");
    assert_eq!(followed[0], "2026-11-05 Dana Product  renumber");
    assert_eq!(followed[2], "2026-11-04 Dana Product  wave");
    assert_eq!(followed[3], "    BL-12: owner aisha → lee");
    // A closed pipe ends the walk quietly.
    let run = env.sh("$PM log | head -1; echo \"${PIPESTATUS[0]}\"");
    assert_eq!(run.stdout.lines().nth(1), Some("0"), "{}", run.snapshot());
    assert_eq!(run.stderr, "");
}

#[test]
fn flow_metrics_match_the_history() {
    let env = TestEnv::product();
    commit_at(&env, "2026-09-01", "init");
    let item = |n: u32, status: &str| {
        format!("id: BL-{n}\ntitle: Item {n}\ntype: story\nstatus: {status}\ncreated: 2026-09-0{n}\n")
    };
    for n in 1..=3 {
        env.write(&format!("product/backlog/BL-{n}.yaml"), &item(n, "new"));
    }
    commit_at(&env, "2026-09-03", "three items");
    // BL-1: started 09-07, done 09-17 → cycle 10 days, lead 16 days (created 09-01).
    // BL-2: started 09-10, done 09-30 → cycle 20 days, lead 28 days (created 09-02).
    // BL-3: started 09-21, still in progress on 10-01.
    env.write("product/backlog/BL-1.yaml", &item(1, "in_progress"));
    commit_at(&env, "2026-09-07", "start 1");
    env.write("product/backlog/BL-2.yaml", &item(2, "in_progress"));
    commit_at(&env, "2026-09-10", "start 2");
    env.write("product/backlog/BL-1.yaml", &item(1, "done"));
    commit_at(&env, "2026-09-17", "finish 1");
    env.write("product/backlog/BL-3.yaml", &item(3, "in_progress"));
    commit_at(&env, "2026-09-21", "start 3");
    env.write("product/backlog/BL-2.yaml", &item(2, "done"));
    commit_at(&env, "2026-09-30", "finish 2");
    let mut cmd = env.pm_cmd(&["report", "flow", "--since", "2026-09-01", "--format", "json"]);
    cmd.env("PM_TODAY", "2026-10-01");
    let run = env.run(cmd);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let all = &v["groups"][0];
    assert_eq!(all["cycle_time"], serde_json::json!({"count": 2, "median": 10.0, "p85": 20.0, "max": 20.0}));
    assert_eq!(all["lead_time"], serde_json::json!({"count": 2, "median": 16.0, "p85": 28.0, "max": 28.0}));
    assert_eq!(all["wip"], 1);
    assert_eq!(all["aging"], serde_json::json!([["BL-3", 10]]));
    let weeks: Vec<(String, u64)> = all["throughput"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w[0].as_str().unwrap().to_string(), w[1].as_u64().unwrap()))
        .collect();
    assert!(weeks.contains(&("2026-W38".to_string(), 1)), "{weeks:?}");
    assert!(weeks.contains(&("2026-W40".to_string(), 1)), "{weeks:?}");
    let mut cmd = env.pm_cmd(&["report", "flow", "--since", "30d"]);
    cmd.env("PM_TODAY", "2026-10-01");
    snapshot!("flow_table", env.run(cmd).stdout);
}

#[test]
fn git_edge_cases() {
    // A repository without commits.
    let env = TestEnv::new();
    env.git(&["init", "-q", "-b", "main"]);
    env.pm(&["init"]).success();
    let run = env.pm(&["diff"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no commits"), "{}", run.stderr);
    assert_eq!(ok(&env, &["log"]), "No product changes.\n");

    // A detached HEAD, a merge whose sides changed the same item, a file deleted and re-added.
    let env = TestEnv::acme();
    env.git(&["checkout", "-qb", "left"]);
    ok(&env, &["backlog", "edit", "BL-12", "--set", "title=Fraud screening before authorization v2"]);
    commit_at(&env, "2026-11-10", "left: title");
    env.git(&["checkout", "-q", "main"]);
    ok(&env, &["backlog", "edit", "BL-12", "--set", "owner=lee"]);
    commit_at(&env, "2026-11-11", "main: owner");
    let merged = env
        .sh("GIT_AUTHOR_DATE=2026-11-12T12:00:00Z GIT_COMMITTER_DATE=2026-11-12T12:00:00Z git merge -q --no-edit left");
    assert_eq!(merged.code, 0, "{}", merged.snapshot());
    let h = ok(&env, &["history", "BL-12"]);
    assert!(h.contains("owner") && h.contains("title"), "{h}");
    std::fs::remove_file(env.path("product/backlog/BL-48.yaml")).unwrap();
    commit_at(&env, "2026-11-13", "remove BL-48");
    env.git(&["checkout", "-q", "HEAD~1", "--", "product/backlog/BL-48.yaml"]);
    commit_at(&env, "2026-11-14", "restore BL-48");
    let h = ok(&env, &["history", "BL-48", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&h).unwrap();
    let actions: Vec<&str> =
        v["events"].as_array().unwrap().iter().map(|e| e["action"]["type"].as_str().unwrap()).collect();
    assert_eq!(actions, ["added", "removed", "added"]);
    env.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    ok(&env, &["log", "--since", "2026-11-10"]);

    // A rebased branch: history reads the rewritten commits.
    env.git(&["checkout", "-q", "main"]);
    env.git(&["checkout", "-qb", "topic"]);
    ok(&env, &["backlog", "edit", "BL-20", "--set", "owner=ravi"]);
    commit_at(&env, "2026-11-15", "topic: BL-20 to ravi");
    env.git(&["checkout", "-q", "main"]);
    ok(&env, &["backlog", "edit", "BL-21", "--set", "owner=ravi"]);
    commit_at(&env, "2026-11-16", "main: BL-21 to ravi");
    env.git(&["checkout", "-q", "topic"]);
    let rebased = env.sh("GIT_COMMITTER_DATE=2026-11-17T12:00:00Z git rebase -q main");
    assert_eq!(rebased.code, 0, "{}", rebased.snapshot());
    let log = ok(&env, &["log", "main..topic"]);
    assert!(log.contains("BL-20: owner") && !log.contains("BL-21"), "{log}");
    let h20 = ok(&env, &["history", "BL-20", "--format", "json"]);
    assert!(h20.contains("\"new\": \"ravi\""), "{h20}");

    // A shallow clone says where history is cut.
    let clone = env.sh("git clone -q --depth 2 file://$PWD shallow && cd shallow && \"$PM\" history BL-12");
    assert_eq!(clone.code, 0, "{}", clone.snapshot());
    assert!(clone.stdout.contains("shallow clone"), "{}", clone.stdout);
}

/// A diff reads only the files whose blobs differ: an unrelated broken file
/// committed earlier is never parsed (a full load would warn about it).
#[test]
fn diff_parses_only_what_changed() {
    let env = TestEnv::acme();
    env.write("product/backlog/BL-3.yaml", "id: BL-3\ntitle: [unclosed\n");
    commit_at(&env, "2026-11-10", "a broken file, committed");
    // The edit works (and warns about the broken file; a write that happened exits 0).
    let edit = env.pm(&["backlog", "edit", "BL-12", "--set", "owner=lee"]);
    assert_eq!(edit.code, 0, "{}", edit.snapshot());
    assert!(edit.stderr.contains("product/backlog/BL-3.yaml:3:1: skipped"), "{}", edit.stderr);
    commit_at(&env, "2026-11-11", "BL-12 to lee");
    let run = env.pm(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.stderr, "");
    assert!(run.stdout.contains("BL-12") && run.stdout.contains("→ lee"), "{}", run.stdout);
    // The full listing does read every file, and says so.
    let list = env.pm(&["backlog", "list"]);
    assert!(list.stderr.contains("BL-3.yaml"), "{}", list.stderr);
}

/// A file that cannot be read at a revision is reported as such, never as
/// the removal of what it holds.
#[test]
fn unreadable_files_are_not_removals() {
    let env = TestEnv::acme();
    env.git(&["checkout", "-qb", "broken"]);
    let text = env.read("product/backlog/BL-5.yaml");
    env.sh("printf '<<<<<<< HEAD\\n' >> product/backlog/BL-5.yaml");
    commit_at(&env, "2026-11-27", "conflict markers committed");
    for args in [
        &["diff", "HEAD~1", "HEAD"][..],
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
        &["diff", "HEAD~1", "HEAD", "--format", "md"],
        &["log", "HEAD~1..HEAD"],
        &["history", "BL-5"],
        &["review", "--base", "main"],
    ] {
        let run = env.pm(args);
        assert_eq!(run.code, 1, "pm {args:?}\n{}", run.snapshot());
        let removal = run.stdout.lines().any(|l| l.contains("removed") && !l.contains("items_removed"));
        assert!(!removal, "pm {args:?}\n{}", run.stdout);
        assert!(
            run.stderr.contains("warning: product/backlog/BL-5.yaml cannot be read at "),
            "pm {args:?}\n{}",
            run.stderr
        );
    }
    let review = env.pm(&["review", "--base", "main"]).stdout;
    assert!(review.contains("⚠️ Files that could not be read, whose changes are not shown:"), "{review}");
    let history = env.pm(&["history", "BL-5"]).stdout;
    assert!(!history.contains("created") || history.matches("created").count() == 1, "{history}");
    // The file mended: its history goes on, with no "removed" and no second "created".
    env.write("product/backlog/BL-5.yaml", &text.replace("status: ", "owner: lee\nstatus: "));
    commit_at(&env, "2026-11-28", "mended");
    let history = env.pm(&["history", "BL-5"]);
    assert_eq!(history.stdout.matches("created").count(), 1, "{}", history.stdout);
    assert!(!history.stdout.contains("removed"), "{}", history.stdout);
    // A file over the size limit at a revision is unreadable there too.
    let config = env.read("product/pm.yaml").replace("max_file_bytes: 1048576", "max_file_bytes: 300");
    env.write("product/pm.yaml", &config);
    commit_at(&env, "2026-11-28", "lower the limit");
    env.sh("printf '# a note\\n' >> product/backlog/BL-6.yaml");
    commit_at(&env, "2026-11-28", "grow BL-6 past the limit");
    let run = env.pm(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(!run.stdout.contains("(removed)"), "{}", run.stdout);
    assert!(run.stderr.contains("warning: product/backlog/BL-6.yaml cannot be read at HEAD: "), "{}", run.stderr);
}

#[test]
fn check_staged_reports_unmerged_files() {
    let env = TestEnv::acme();
    env.git(&["checkout", "-qb", "other"]);
    env.pm(&["backlog", "edit", "BL-5", "--set", "owner=lee"]).success();
    commit_at(&env, "2026-11-20", "lee");
    env.git(&["checkout", "-q", "main"]);
    env.pm(&["backlog", "edit", "BL-5", "--set", "owner=mei"]).success();
    commit_at(&env, "2026-11-21", "mei");
    let merge = env.git_run(&["merge", "-q", "other"]);
    assert_ne!(merge.code, 0, "the merge should conflict");
    let run = env.pm(&["check", "--staged"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stdout.contains("merge-conflict: unmerged in the git index"), "{}", run.snapshot());
    assert!(run.stdout.contains("product/backlog/BL-5.yaml"), "{}", run.snapshot());
}

#[test]
fn a_stakeholder_update_from_history() {
    let env = TestEnv::acme();
    // Before the window: a change that must not appear.
    ok(&env, &["backlog", "edit", "BL-13", "--set", "owner=lee"]);
    commit_at(&env, "2026-11-05", "before the window");
    // In the window (since 2026-11-14).
    ok(&env, &["backlog", "move", "BL-24", "done", "--force"]);
    ok(&env, &["roadmap", "edit", "RM-1", "--set", "end=2027-02-28"]);
    ok(&env, &["roadmap", "move", "RM-5", "now"]);
    ok(&env, &["metric", "record", "checkout_conversion", "68.5", "--period", "2026-11", "--replace"]);
    ok(
        &env,
        &["experiment", "conclude", "EXP-3", "--observed", "96.2", "--verdict", "validated", "--decision", "persevere"],
    );
    ok(
        &env,
        &[
            "roadmap",
            "edit",
            "RM-2",
            "--set",
            "health.status=at_risk",
            "--set",
            "health.reason=Google Pay review pending",
        ],
    );
    commit_at(&env, "2026-11-20", "the work of the window");
    // Health is computed on HEAD as of today: RM-4 ended with work open.
    ok(&env, &["roadmap", "edit", "RM-4", "--set", "end=2026-11-25"]);
    commit_at(&env, "2026-11-25", "RM-4 due");
    let run = env.pm(&["report", "update", "--since", "14d"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    snapshot!("stakeholder_update", run.stdout);
    let md = &run.stdout;
    assert!(md.starts_with("# Product update, 2026-11-14 to 2026-11-28\n"), "{md}");
    assert!(md.contains("- **BL-24** Pay with a saved card (story, PRD-1#FR-2)"), "{md}");
    assert!(!md.contains("BL-13"), "{md}");
    assert!(md.contains("- **RM-1** One-page hosted checkout: end: 2027-01-31 → 2027-02-28 (slipped 28 days)"), "{md}");
    assert!(md.contains("horizon next → now"), "{md}");
    assert!(
        md.contains("| RM-2 Wallets everywhere | 🟡 at risk | Google Pay review pending (stated by the team) |"),
        "{md}"
    );
    assert!(
        md.contains("| RM-4 PCI DSS 4.0.1 certification | 🔴 off track | ended 2026-11-25 with work open |"),
        "{md}"
    );
    // OBJ-3 by hand: KR-4 (weight 0.6) 66.4 → 67.9 of 70 was 1.5/3.6 = 0.4167, now 68.5 is 2.1/3.6 = 0.5833;
    // KR-5 (0.4) stays 0.5. 0.6 × 0.4167 + 0.2 = 0.45 → 0.6 × 0.5833 + 0.2 = 0.55.
    assert!(md.contains("| OBJ-3 Win returning shoppers | 0.45 | 0.55 |"), "{md}");
    assert!(md.contains("- **Checkout conversion**: 67.9% → 68.5% (target 70%: 1.5 pts to go)"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&env, &["report", "update", "--since", "2026-11-14", "--format", "json"])).unwrap();
    assert_eq!(json["shipped"][0]["id"], "BL-24");
    assert_eq!(json["experiments"][0]["what"], "validated; persevere");
    // A window that starts before the history does is refused.
    let run = env.pm(&["report", "update", "--since", "2026-10-01"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("the history starts on or after 2026-10-01"), "{}", run.stderr);
}
