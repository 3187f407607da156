use insta::assert_snapshot;

use crate::TestEnv;

#[test]
fn add_prints_the_new_id_and_writes_a_valid_file() {
    let env = TestEnv::acme();
    env.declare_fields(&["customer"]);
    let run = env.pm(&[
        "backlog",
        "add",
        "Remember the shopper's last wallet",
        "--type",
        "story",
        "--priority",
        "P1",
        "--estimate",
        "3",
        "--owner",
        "mei",
        "--label",
        "wallets",
        "--label",
        "ux",
        "--parent",
        "bl-2",
        "--blocked-by",
        "BL-24",
        "--ac",
        "The wallet used last is preselected",
        "--ac",
        "Shoppers can switch: it is one tap away",
        "--rice",
        "1200,1,0.8,1",
        "--kano",
        "attractive",
        "--set",
        "customer=Lumen Books",
    ]);
    assert_snapshot!(run.snapshot());
    assert_snapshot!("add_file", env.read("product/backlog/BL-49.yaml"));
}

#[test]
fn add_allocates_past_ids_on_other_branches() {
    let env = TestEnv::acme();
    env.git(&["checkout", "-qb", "feature"]);
    env.pm(&["backlog", "add", "On a branch"]).success();
    env.pm(&["backlog", "add", "Another"]).success();
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "two items"]);
    env.git(&["checkout", "-q", "main"]);
    // BL-49 and BL-50 exist only on `feature`; main must not reuse them.
    assert_eq!(env.pm(&["backlog", "add", "On main"]).stdout, "BL-51\n");
    // Staged but uncommitted files count too.
    env.write("product/backlog/BL-70.yaml", "id: BL-70\ntitle: Staged\n");
    env.git(&["add", "product/backlog/BL-70.yaml"]);
    std::fs::remove_file(env.path("product/backlog/BL-70.yaml")).unwrap();
    assert_eq!(env.pm(&["backlog", "add", "After staged"]).stdout, "BL-71\n");
}

#[test]
fn add_refuses_bad_values_and_writes_nothing() {
    let env = TestEnv::acme();
    let before = env.tree("product");
    let unknown_parent = env.pm(&["backlog", "add", "Orphan", "--type", "story", "--parent", "BL-999"]);
    assert_eq!(unknown_parent.code, 1);
    assert_snapshot!("add_unknown_parent", unknown_parent.snapshot());
    let wrong_parent = env.pm(&["backlog", "add", "Feature under a story", "--type", "feature", "--parent", "BL-24"]);
    assert_eq!(wrong_parent.code, 1);
    assert_snapshot!("add_wrong_parent_type", wrong_parent.snapshot());
    let bad_values = env.pm(&["backlog", "add", "Bad", "--priority", "urgent"]);
    assert_eq!(bad_values.code, 2);
    assert_snapshot!("add_bad_priority", bad_values.snapshot());
    let bad_rice = env.pm(&["backlog", "add", "Bad", "--rice", "100,4,0.8,0"]);
    assert_eq!(bad_rice.code, 1);
    assert_snapshot!("add_bad_rice", bad_rice.snapshot());
    assert_eq!(env.tree("product"), before);
}

#[test]
fn concurrent_adds_get_distinct_ids() {
    let env = TestEnv::acme();
    let children: Vec<_> = (0..20)
        .map(|n| {
            let mut cmd = env.pm_cmd(&["backlog", "add", &format!("Parallel item {n}")]);
            cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        })
        .collect();
    ids.sort_by_key(|id| id[3..].parse::<u32>().unwrap());
    let expected: Vec<String> = (49..69).map(|n| format!("BL-{n}")).collect();
    assert_eq!(ids, expected);
    for id in &ids {
        let text = env.read(&format!("product/backlog/{id}.yaml"));
        assert!(text.contains(&format!("\nid: {id}\ntitle: Parallel item ")), "{text}");
    }
    // All 68 items load.
    let list = env.pm(&["backlog", "list", "--format", "csv"]);
    list.success();
    assert_eq!(list.stdout.lines().count(), 69);
}

#[test]
fn list_default_table() {
    let env = TestEnv::acme();
    assert_snapshot!(env.pm(&["backlog", "list"]).snapshot());
}

#[test]
fn list_filters() {
    let env = TestEnv::acme();
    let cases: &[&[&str]] = &[
        &["--status", "in_progress,in_review"],
        &["--type", "bug"],
        &["--label", "refunds", "--owner", "tomas"],
        &["--parent", "BL-7"],
        &["--priority", "p0"],
        &["--text", "APPLE PAY"],
        &["--ready", "--type", "story", "--limit", "5"],
        &["--sort", "rice", "--limit", "5"],
        &["--sort", "wsjf", "--limit", "3", "--reverse"],
        &["--sort", "priority", "--limit", "4"],
        &["--sort", "created", "--limit", "3"],
        &["--sort", "id", "--limit", "3"],
    ];
    let mut out = String::new();
    for args in cases {
        let mut full = vec!["backlog", "list"];
        full.extend_from_slice(args);
        let run = env.pm(&full);
        run.success();
        out.push_str(&format!("$ pm {}\n{}\n", full.join(" "), run.stdout));
    }
    assert_snapshot!(out);
}

#[test]
fn list_formats() {
    let env = TestEnv::acme();
    for format in ["json", "yaml", "csv", "md"] {
        let run = env.pm(&["backlog", "list", "--parent", "BL-7", "--format", format]);
        run.success();
        assert_snapshot!(format!("list_format_{format}"), run.stdout);
    }
    let json: serde_json::Value =
        serde_json::from_str(&env.pm(&["backlog", "list", "--format", "json"]).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 48);
}

#[test]
fn list_rejects_unknown_status() {
    let env = TestEnv::acme();
    let run = env.pm(&["backlog", "list", "--status", "doing"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.snapshot());
}

#[test]
fn show_every_field_scores_and_relations() {
    let env = TestEnv::acme();
    assert_snapshot!("show_feature", env.pm(&["backlog", "show", "BL-7"]).snapshot());
    assert_snapshot!("show_epic_json", env.pm(&["backlog", "show", "bl-2", "--format", "json"]).snapshot());
}

#[test]
fn unknown_id_suggests_the_closest() {
    let env = TestEnv::acme();
    let run = env.pm(&["backlog", "show", "BL-499"]);
    assert_eq!(run.code, 1);
    assert_snapshot!(run.snapshot());
    let malformed = env.pm(&["backlog", "show", "../etc/passwd"]);
    assert_eq!(malformed.code, 2);
    assert_snapshot!("show_malformed_id", malformed.snapshot());
}

#[test]
fn move_follows_the_workflow() {
    let env = TestEnv::acme();
    let ok = env.pm(&["backlog", "move", "BL-25", "in_progress"]);
    assert_snapshot!("move_allowed", ok.snapshot());
    assert!(env.read("product/backlog/BL-25.yaml").contains("status: in_progress\n"));
    assert!(env.read("product/backlog/BL-25.yaml").contains("updated: 2026-11-28\n"));

    let before = env.tree("product");
    let illegal = env.pm(&["backlog", "move", "BL-25", "done"]);
    assert_eq!(illegal.code, 1);
    assert_snapshot!("move_illegal", illegal.snapshot());
    let unknown = env.pm(&["backlog", "move", "BL-25", "shipped"]);
    assert_eq!(unknown.code, 2);
    assert_snapshot!("move_unknown_status", unknown.snapshot());
    assert_eq!(env.tree("product"), before);

    env.pm(&["backlog", "move", "BL-25", "done", "--force"]).success();
    assert!(env.read("product/backlog/BL-25.yaml").contains("status: done\n"));
}

#[test]
fn move_refuses_closing_with_open_children() {
    let env = TestEnv::acme();
    let run = env.pm(&["backlog", "move", "BL-7", "in_review"]);
    run.success();
    let run = env.pm(&["backlog", "move", "BL-7", "done"]);
    assert_eq!(run.code, 1);
    assert_snapshot!(run.snapshot());
}

#[test]
fn rank_touches_only_the_moved_item() {
    let env = TestEnv::acme();
    let first = env.pm(&["backlog", "list", "--limit", "3", "--format", "csv"]).stdout;
    let ids: Vec<&str> = first.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let run = env.pm(&["backlog", "rank", "BL-30", "--before", ids[1]]);
    assert_snapshot!("rank_before", run.snapshot());
    let status = env.git(&["status", "--porcelain"]);
    assert_eq!(status, " M product/backlog/BL-30.yaml\n");
    let now = env.pm(&["backlog", "list", "--limit", "3", "--format", "csv"]).stdout;
    let now_ids: Vec<&str> = now.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(now_ids, [ids[0], "BL-30", ids[1]]);

    env.pm(&["backlog", "rank", "BL-30", "--bottom"]).success();
    let last = env.pm(&["backlog", "list", "--reverse", "--limit", "1", "--format", "csv"]).stdout;
    assert!(last.lines().nth(1).unwrap().starts_with("BL-30,"));
    env.pm(&["backlog", "rank", "BL-30", "--after", ids[0]]).success();
    let after = env.pm(&["backlog", "list", "--limit", "2", "--format", "csv"]).stdout;
    assert!(after.lines().nth(2).unwrap().starts_with("BL-30,"));
    let itself = env.pm(&["backlog", "rank", "BL-30", "--before", "BL-30"]);
    assert_eq!(itself.code, 2);
}

#[test]
fn rm_refuses_referenced_items() {
    let env = TestEnv::acme();
    let before = env.tree("product");
    let refused = env.pm(&["backlog", "rm", "BL-7"]);
    assert_eq!(refused.code, 1);
    assert_snapshot!("rm_refused", refused.snapshot());
    assert_eq!(env.tree("product"), before);
    let forced = env.pm(&["backlog", "rm", "BL-7", "--force"]);
    assert_snapshot!("rm_forced", forced.snapshot());
    assert!(!env.exists("product/backlog/BL-7.yaml"));
    env.pm(&["backlog", "add", "Loose end"]).success();
    let free = env.pm(&["backlog", "rm", "BL-49"]);
    free.success();
    assert!(!env.exists("product/backlog/BL-49.yaml"));
}

#[test]
fn renumber_rewrites_every_reference() {
    let env = TestEnv::acme();
    let run = env.pm(&["backlog", "renumber", "BL-7"]);
    assert_snapshot!(run.snapshot());
    assert!(!env.exists("product/backlog/BL-7.yaml"));
    assert!(env.read("product/backlog/BL-49.yaml").contains("id: BL-49\n"));
    let referrers = env.pm(&["backlog", "list", "--parent", "BL-49", "--format", "csv"]);
    assert!(referrers.stdout.lines().count() > 1);
    let grep = env.sh("grep -rlw 'BL-7' product/backlog || true");
    assert_eq!(grep.stdout, "");
    let taken = env.pm(&["backlog", "renumber", "BL-49", "--to", "BL-1"]);
    assert_eq!(taken.code, 1);
    assert_snapshot!("renumber_taken", taken.snapshot());
    env.pm(&["backlog", "renumber", "BL-49", "--to", "bl-100"]).success();
    assert!(env.exists("product/backlog/BL-100.yaml"));
}

#[test]
fn board_columns_follow_the_workflow() {
    let env = TestEnv::acme();
    let mut cmd = env.pm_cmd(&["backlog", "board"]);
    cmd.env("COLUMNS", "160");
    assert_snapshot!("board_status", env.run(cmd).snapshot());
    assert_snapshot!("board_priority", env.pm(&["backlog", "board", "--group-by", "priority"]).snapshot());
}

#[test]
fn score_tables_show_inputs_and_results() {
    let env = TestEnv::acme();
    assert_snapshot!("score_rice", env.pm(&["backlog", "score"]).snapshot());
    assert_snapshot!("score_ice", env.pm(&["backlog", "score", "--by", "ice"]).snapshot());
    assert_snapshot!("score_wsjf", env.pm(&["backlog", "score", "--by", "wsjf", "--format", "json"]).snapshot());
}

#[test]
fn ice_method_comes_from_the_config() {
    let env = TestEnv::acme();
    let config = env.read("product/pm.yaml").replace("ice_method: average", "ice_method: product");
    env.write("product/pm.yaml", &config);
    let run = env.pm(&["backlog", "score", "--by", "ice", "--format", "csv"]);
    // BL-47: impact 10, confidence 9, ease 7.
    assert!(run.stdout.contains("BL-47,in_progress,10,9,7,630,"), "{}", run.stdout);
}

#[test]
fn edit_opens_the_editor_and_validates() {
    let env = TestEnv::acme();
    // An "editor" that changes the owner.
    env.write("editor-ok.sh", "#!/bin/sh\nsed -i 's/^owner: .*/owner: lee/' \"$1\"\n");
    let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-12"]);
    cmd.env("EDITOR", format!("sh {}", env.path("editor-ok.sh").display()));
    let run = env.run(cmd);
    assert_snapshot!("editor_saved", run.snapshot());
    assert!(env.read("product/backlog/BL-12.yaml").contains("owner: lee\n"));

    // An "editor" that breaks the file: the original stays untouched.
    env.write("editor-bad.sh", "#!/bin/sh\nsed -i 's/^priority: .*/priority: whenever/' \"$1\"\n");
    let before = env.read("product/backlog/BL-12.yaml");
    let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-12"]);
    cmd.env("VISUAL", format!("sh {}", env.path("editor-bad.sh").display()));
    let run = env.run(cmd);
    assert_eq!(run.code, 1);
    assert_snapshot!("editor_invalid", run.snapshot());
    assert_eq!(env.read("product/backlog/BL-12.yaml"), before);
    // What the user typed is kept, not deleted.
    let kept = env.read(".git/pm/recovery/BL-12.yaml");
    assert_eq!(kept, before.replace("priority: p1\n", "priority: whenever\n"));
}

#[test]
fn edit_set_unset_add_remove() {
    let env = TestEnv::acme();
    let run = env.pm(&[
        "backlog",
        "edit",
        "BL-24",
        "--set",
        "estimate=8",
        "--set",
        "rice.reach=5000",
        "--add",
        "label=wallet",
        "--remove",
        "acceptance_criteria=nope",
    ]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_snapshot!("edit_remove_missing", run.snapshot());
    let run = env.pm(&[
        "backlog",
        "edit",
        "BL-24",
        "--set",
        "estimate=8",
        "--set",
        "rice.reach=5000",
        "--add",
        "label=wallet",
    ]);
    assert_snapshot!("edit_ok", run.snapshot());
    let show = env.pm(&["backlog", "show", "BL-24", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(v["estimate"], 8);
    assert_eq!(v["rice"]["reach"], 5000);
    assert!(v["labels"].as_array().unwrap().contains(&serde_json::json!("wallet")));
    let refused = env.pm(&["backlog", "edit", "BL-24", "--set", "status=done"]);
    assert_eq!(refused.code, 1);
    assert_snapshot!("edit_status_refused", refused.snapshot());
}

#[test]
fn renumber_rewrites_links_in_other_artifacts_in_place() {
    let env = TestEnv::acme();
    let exp_before = env.read("product/experiments/EXP-1.yaml");
    let run = env.pm(&["backlog", "renumber", "BL-24", "--to", "BL-90"]);
    assert_snapshot!(run.snapshot());
    // The experiment's link changed, and nothing else in its file.
    assert_eq!(
        env.read("product/experiments/EXP-1.yaml"),
        exp_before.replace("backlog: [BL-23, BL-24]", "backlog: [BL-23, BL-90]")
    );
    // blocked_by keeps its order: the reference is rewritten where it stands.
    assert!(env.read("product/backlog/BL-26.yaml").contains("blocked_by: [BL-90]\n"));
    let refused = env.pm(&["backlog", "rm", "BL-23"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("product/experiments/EXP-1.yaml"), "{}", refused.stderr);
    assert!(refused.stderr.contains("(links.backlog.0)"), "{}", refused.stderr);
    env.pm(&["check"]).success();
}
