//! `pm import`: Jira, Linear, GitHub, generic CSV and Backlog.md sources
//! (realistic exports in tests/fixtures/import), idempotent re-runs,
//! dry runs and refusals.

use std::path::Path;

use insta::assert_snapshot;

use crate::TestEnv;

fn fixture(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(rel)
}

/// Copies a fixture file or folder into the test's working directory.
fn copy_fixture(env: &TestEnv, rel: &str) {
    fn copy(from: &Path, to: &Path) {
        if from.is_dir() {
            std::fs::create_dir_all(to).unwrap();
            for e in std::fs::read_dir(from).unwrap() {
                let e = e.unwrap();
                copy(&e.path(), &to.join(e.file_name()));
            }
        } else {
            std::fs::copy(from, to).unwrap();
        }
    }
    copy(&fixture(rel), &env.path(rel));
}

/// Every backlog file, in id order, for one snapshot.
fn backlog_files(env: &TestEnv) -> String {
    let mut files: Vec<(u64, String)> = std::fs::read_dir(env.path("product/backlog"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| (n.trim_start_matches("BL-").trim_end_matches(".yaml").parse().unwrap_or(0), n))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|(_, n)| format!("--- {n}\n{}", env.read(&format!("product/backlog/{n}"))))
        .collect::<Vec<_>>()
        .join("\n")
}

fn count_items(env: &TestEnv) -> usize {
    std::fs::read_dir(env.path("product/backlog"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".yaml"))
        .count()
}

#[test]
fn jira_csv_creates_items_with_mapped_values() {
    let env = TestEnv::product();
    copy_fixture(&env, "jira.csv");
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_snapshot!("jira_report", run.snapshot());
    assert_snapshot!("jira_files", backlog_files(&env));
    env.pm(&["check"]).success();
}

#[test]
fn a_second_run_updates_instead_of_duplicating() {
    let env = TestEnv::product();
    env.declare_fields(&["customer"]);
    copy_fixture(&env, "jira.csv");
    env.pm(&["import", "csv", "jira.csv", "--from", "jira"]).success();
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "import"]);
    assert_eq!(count_items(&env), 9);

    // The same file again: nothing changes.
    let again = env.pm(&["import", "csv", "jira.csv", "--from", "jira"]);
    again.success();
    assert!(again.stdout.starts_with("Imported jira.csv (Jira CSV): 9 issues: 0 created, 0 updated, 9 unchanged\n"));
    assert_eq!(env.git(&["status", "--porcelain"]), "");

    // Someone works in pm; meanwhile Jira moves PAY-104, re-estimates it and adds a label.
    env.pm(&["backlog", "edit", "BL-4", "--add", "label=wallets", "--set", "customer=Lumen Books"]).success();
    let text = env.read("jira.csv");
    let text = text
        .replace(
            "Remove a saved card,PAY-104,10104,Story,To Do,PAY,Payments,Medium,,,Dana Scully,03/Sep/26 10:07 AM,03/Sep/26 10:07 AM,saved-cards,,,,4,",
            "Remove a saved card,PAY-104,10104,Story,In Progress,PAY,Payments,Medium,,Mei Tanaka,Dana Scully,03/Sep/26 10:07 AM,27/Nov/26 10:07 AM,saved-cards,mobile,,,3,",
        )
        .replace("offer it next time.", "offer it at the next checkout.");
    env.write("jira.csv", &text);
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira"]);
    run.success();
    assert_snapshot!("jira_rerun_report", run.snapshot());
    assert_snapshot!("jira_rerun_diff", env.git(&["diff", "--no-color", "product"]));
    assert_eq!(count_items(&env), 9);
    env.pm(&["check"]).success();
}

#[test]
fn dry_run_writes_nothing() {
    let env = TestEnv::product();
    copy_fixture(&env, "jira.csv");
    let before = env.tree("product");
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira", "--dry-run"]);
    run.success();
    assert_snapshot!("jira_dry_run", run.stdout.lines().take(16).collect::<Vec<_>>().join("\n"));
    assert_eq!(env.tree("product"), before);
    // It reports what the real run then does.
    let real = env.pm(&["import", "csv", "jira.csv", "--from", "jira"]);
    assert_eq!(
        run.stdout.lines().skip(4).take(10).collect::<Vec<_>>(),
        real.stdout.lines().skip(3).take(10).collect::<Vec<_>>()
    );
}

#[test]
fn linear_csv() {
    let env = TestEnv::product();
    copy_fixture(&env, "linear.csv");
    let run = env.pm(&["import", "csv", "linear.csv", "--from", "linear"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_snapshot!("linear_report", run.snapshot());
    assert_snapshot!("linear_files", backlog_files(&env));
    env.pm(&["check"]).success();
}

#[test]
fn github_issues_json_into_an_existing_backlog() {
    let env = TestEnv::acme();
    env.declare_fields(&["release"]);
    copy_fixture(&env, "github.json");
    let run = env.pm(&["import", "csv", "github.json", "--from", "github", "--map", "milestone=release"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_snapshot!("github_report", run.snapshot());
    let created: Vec<String> = (49..=51).map(|n| env.read(&format!("product/backlog/BL-{n}.yaml"))).collect();
    assert_snapshot!("github_files", created.join("---\n"));
    assert!(!env.exists("product/backlog/BL-52.yaml"));
    env.pm(&["check"]).success();
}

#[test]
fn backlog_md_folder() {
    let env = TestEnv::product();
    copy_fixture(&env, "backlog-md");
    let run = env.pm(&["import", "backlog-md", "backlog-md/backlog"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_snapshot!("backlog_md_report", run.snapshot());
    assert_snapshot!("backlog_md_files", backlog_files(&env));
    env.pm(&["check"]).success();
    let again = env.pm(&["import", "backlog-md", "backlog-md/backlog"]);
    again.success();
    assert!(again.stdout.contains("4 tasks: 0 created, 0 updated, 4 unchanged"), "{}", again.stdout);
}

#[test]
fn generic_csv_with_column_maps() {
    let env = TestEnv::product();
    env.declare_fields(&["team"]);
    env.write(
        "roadmap-items.csv",
        "Ref,Name,Kind,State,Size,Team,Notes\n\
         R-1,Partner onboarding flow,feature,doing,L,growth,\"First draft, reviewed\"\n\
         R-2,Partner API keys,story,,3,growth,\n",
    );
    let unmapped = env.pm(&["import", "csv", "roadmap-items.csv", "--from", "generic"]);
    assert_eq!(unmapped.code, 1);
    assert_snapshot!("generic_without_maps", unmapped.snapshot());
    let run = env.pm(&[
        "import",
        "csv",
        "roadmap-items.csv",
        "--from",
        "generic",
        "--map",
        "Ref=source_id",
        "--map",
        "Name=title",
        "--map",
        "Kind=type",
        "--map",
        "State=status",
        "--map",
        "Size=estimate",
        "--map",
        "Team=team",
        "--map",
        "Notes=-",
    ]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_snapshot!("generic_report", run.snapshot());
    assert_snapshot!("generic_files", backlog_files(&env));
    let bad_map = env.pm(&["import", "csv", "roadmap-items.csv", "--from", "generic", "--map", "Sprint=sprint"]);
    assert_eq!(bad_map.code, 2);
    assert_snapshot!("generic_unknown_column", bad_map.snapshot());
}

#[test]
fn malformed_files_are_refused_with_their_line() {
    let env = TestEnv::product();
    env.write("unclosed.csv", "Issue key,Summary\nPAY-1,Fine\nPAY-2,\"Never closed\nPAY-3,Lost\n");
    env.write("ragged.csv", "ID,Title,Status\nENG-1,One,Todo\nENG-2,Two\nENG-3,Three,Done,extra\n");
    env.write("stray.csv", "id,title\nX-1,\"quoted\" then text\n");
    env.write("broken.json", "[\n  {\"number\": 1, \"title\": \"One\"},\n  {\"number\": 2 \"title\": \"Two\"}\n]\n");
    env.write("object.json", "{\"number\": 1}\n");
    env.write("twice.csv", "id,title\nX-1,One\nX-1,Again\n");
    env.write(
        "tasks/task-1 - Broken.md",
        "---\nid: task-1\ntitle: Broken\nlabels: [a, b\nstatus: To Do\n---\n\n## Description\n\nText\n",
    );
    env.write("tasks/task-2 - No front matter.md", "# Just markdown\n");
    let before = env.tree("product");
    let cases: &[&[&str]] = &[
        &["import", "csv", "unclosed.csv", "--from", "jira"],
        &["import", "csv", "ragged.csv", "--from", "linear"],
        &["import", "csv", "stray.csv", "--from", "generic"],
        &["import", "csv", "broken.json", "--from", "github"],
        &["import", "csv", "object.json", "--from", "github"],
        &["import", "csv", "twice.csv", "--from", "generic"],
        &["import", "backlog-md", "tasks"],
    ];
    let mut out = String::new();
    for args in cases {
        let run = env.pm(args);
        assert_eq!(run.code, 1, "{args:?}\n{}", run.snapshot());
        out.push_str(&format!("$ pm {}\n{}\n", args.join(" "), run.snapshot()));
    }
    assert_snapshot!("malformed", out);
    assert_eq!(env.tree("product"), before);
}

#[test]
fn an_import_that_would_break_the_product_writes_nothing() {
    let env = TestEnv::product();
    // ENG-2 and ENG-3 block each other, and ENG-1 is done with an open child.
    env.write(
        "cycle.csv",
        "id,title,type,status,parent,blocked_by\n\
         ENG-1,Epic,epic,done,,\n\
         ENG-2,One,story,todo,ENG-1,ENG-3\n\
         ENG-3,Two,story,todo,ENG-1,ENG-2\n",
    );
    let before = env.tree("product");
    let run = env.pm(&["import", "csv", "cycle.csv", "--from", "generic"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_snapshot!(run.snapshot());
    assert_eq!(env.tree("product"), before);
}

#[test]
fn import_refuses_other_revisions_and_bad_flags() {
    let env = TestEnv::product();
    copy_fixture(&env, "jira.csv");
    let at = env.pm(&["--staged", "import", "csv", "jira.csv", "--from", "jira"]);
    assert_eq!(at.code, 2);
    let no_from = env.pm(&["import", "csv", "jira.csv"]);
    assert_eq!(no_from.code, 2);
    let bad = env.pm(&["import", "csv", "jira.csv", "--from", "jira", "--map", "Sprint"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("`Sprint` is not COLUMN=FIELD"), "{}", bad.stderr);
    let id = env.pm(&["import", "csv", "jira.csv", "--from", "jira", "--map", "Issue key=id"]);
    assert_eq!(id.code, 2);
    assert!(id.stderr.contains("pm allocates ids"), "{}", id.stderr);
    let missing = env.pm(&["import", "csv", "nope.csv", "--from", "jira"]);
    assert_eq!(missing.code, 2);
}

/// A re-import is a three-way merge: the source's changes are taken, local
/// changes are kept, and a field changed on both sides is a conflict.
#[test]
fn a_reimport_keeps_local_changes_and_reports_conflicts() {
    let env = TestEnv::product();
    copy_fixture(&env, "jira.csv");
    env.pm(&["import", "csv", "jira.csv", "--from", "jira"]).success();
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "import"]);
    // PAY-104 (BL-4) is started and reprioritised here; Jira still says To Do, Medium.
    env.pm(&["backlog", "move", "BL-4", "ready"]).success();
    env.pm(&["backlog", "move", "BL-4", "in_progress"]).success();
    env.pm(&["backlog", "edit", "BL-4", "--set", "priority=p0"]).success();
    let here = env.read("product/backlog/BL-4.yaml");
    // The unchanged export changes nothing: the source did not change those fields.
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira", "--dry-run"]);
    run.success();
    assert!(
        run.stdout.starts_with("Dry run of jira.csv (Jira CSV): 9 issues: 0 to create, 0 to update, 9 unchanged\n"),
        "{}",
        run.stdout
    );
    env.pm(&["import", "csv", "jira.csv", "--from", "jira"]).success();
    assert_eq!(env.read("product/backlog/BL-4.yaml"), here);

    // Jira raises PAY-104 to High and gives it an owner: the owner is taken
    // (changed only there), the priority is a conflict kept as it is here.
    let text = env.read("jira.csv").replace(
        "Remove a saved card,PAY-104,10104,Story,To Do,PAY,Payments,Medium,,,",
        "Remove a saved card,PAY-104,10104,Story,To Do,PAY,Payments,High,,Mei Tanaka,",
    );
    env.write("jira.csv", &text);
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira"]);
    run.success();
    let out = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(out.contains("Conflicts (1): changed here and in Jira CSV since the last import"), "{out}");
    assert!(
        out.contains(
            "BL-4 (PAY-104): priority: here p0, in the source p1; kept p0 (--prefer source takes the source's)"
        ),
        "{out}"
    );
    let item: serde_json::Value = yaml_serde::from_str(&env.read("product/backlog/BL-4.yaml")).unwrap();
    assert_eq!((item["status"].as_str(), item["priority"].as_str()), (Some("in_progress"), Some("p0")));
    assert_eq!(item["owner"], "Mei Tanaka");

    // A conflict stays one until it is resolved: the same export again reports it again.
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira"]);
    assert!(run.stdout.contains("Conflicts (1)"), "{}", run.stdout);
    // Jira lowers it: with --prefer source the source's value wins.
    let text = env.read("jira.csv").replace(",PAY,Payments,High,,Mei Tanaka,", ",PAY,Payments,Low,,Mei Tanaka,");
    env.write("jira.csv", &text);
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira", "--prefer", "source"]);
    run.success();
    let out = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(out.contains("BL-4 (PAY-104): priority: here p0, in the source p3; took p3"), "{out}");
    let item: serde_json::Value = yaml_serde::from_str(&env.read("product/backlog/BL-4.yaml")).unwrap();
    assert_eq!((item["status"].as_str(), item["priority"].as_str()), (Some("in_progress"), Some("p3")));
    // Resolved: the next import has nothing to say about it.
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira"]);
    assert!(!run.stdout.contains("Conflicts"), "{}", run.stdout);
    env.pm(&["check"]).success();
}

#[test]
fn without_a_record_of_the_last_import_local_values_are_kept() {
    let env = TestEnv::product();
    copy_fixture(&env, "jira.csv");
    env.pm(&["import", "csv", "jira.csv", "--from", "jira"]).success();
    env.pm(&["backlog", "edit", "BL-4", "--set", "priority=p0"]).success();
    // Another clone: no record of what Jira said last time.
    std::fs::remove_file(env.path(".git/pm/import-jira.json")).unwrap();
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira"]);
    run.success();
    let out = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(out.contains("BL-4 (PAY-104): priority: here p0, in the source p2; kept p0"), "{out}");
    assert!(out.contains("0 updated"), "{out}");
    let item: serde_json::Value = yaml_serde::from_str(&env.read("product/backlog/BL-4.yaml")).unwrap();
    assert_eq!(item["priority"], "p0");
    // --prefer source takes the source's value.
    env.pm(&["import", "csv", "jira.csv", "--from", "jira", "--prefer", "source"]).success();
    let item: serde_json::Value = yaml_serde::from_str(&env.read("product/backlog/BL-4.yaml")).unwrap();
    assert_eq!(item["priority"], "p2");
}

#[test]
fn the_current_sprint_is_the_last_and_sub_tasks_become_child_items() {
    let env = TestEnv::product();
    env.declare_fields(&["sprint"]);
    let csv = "Summary,Issue key,Issue id,Issue Type,Status,Priority,Sprint,Sprint,Parent\n\
               Saved cards,PAY-1,101,Epic,To Do,High,,,\n\
               Pay with a saved card,PAY-2,102,Story,In Progress,High,PAY Sprint 14,PAY Sprint 15,101\n\
               Write the consent copy,PAY-3,103,Sub-task,To Do,Low,PAY Sprint 15,,102\n";
    env.write("jira.csv", csv);
    let run = env.pm(&["import", "csv", "jira.csv", "--from", "jira", "--map", "Sprint=sprint", "--subtasks", "story"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let item = |id: &str| -> serde_json::Value {
        yaml_serde::from_str(&env.read(&format!("product/backlog/{id}.yaml"))).unwrap()
    };
    // Carried over from sprint 14 into 15: the current one is the last.
    assert_eq!(item("BL-2")["sprint"], "PAY Sprint 15");
    assert_eq!(item("BL-3")["sprint"], "PAY Sprint 15");
    // The sub-task is a story under the epic of its parent story.
    assert_eq!((item("BL-3")["type"].as_str(), item("BL-3")["parent"].as_str()), (Some("story"), Some("BL-1")));
    let out = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        out.contains("sub-task BL-3 (PAY-3): sub-task of PAY-2 (BL-2): child of BL-1, the parent of BL-2"),
        "{out}"
    );
    env.pm(&["check"]).success();
}
