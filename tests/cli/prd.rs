//! `pm prd`, `pm template` and `pm backlog add --template`.

use insta::assert_snapshot;

use crate::TestEnv;

/// Runs pm and asserts success; returns stdout.
fn ok(env: &TestEnv, args: &[&str]) -> String {
    let run = env.pm(args);
    run.success();
    run.stdout
}

#[test]
fn a_prd_goes_from_template_to_shipped_with_commands_alone() {
    let env = TestEnv::acme();
    assert_eq!(
        ok(
            &env,
            &[
                "prd",
                "new",
                "Refund notifications",
                "--template",
                "lean",
                "--owner",
                "tomas",
                "--initiative",
                "rm-5",
                "--milestone",
                "MS-3"
            ]
        ),
        "PRD-4\n"
    );
    let path = "product/prds/PRD-4.yaml";
    let created = env.read(path);
    assert!(created.starts_with("# yaml-language-server: $schema=../schemas/prd.schema.json\n"));
    // Every step below changes only what it names: the template's comment lines stay.
    ok(
        &env,
        &[
            "prd",
            "edit",
            "PRD-4",
            "--set",
            "problem=Shoppers call support to ask whether a refund was issued.",
            "--add",
            "goals=Refund calls down by 80%",
            "--add",
            "stakeholders=Dana:Head of Product",
            "--add",
            "stakeholders=Ines:Support lead",
            "--add",
            "non_goals=SMS notifications",
        ],
    );
    assert_eq!(
        ok(&env, &["prd", "req", "add", "PRD-4", "Email the shopper when a refund is issued", "--priority", "must"]),
        "FR-1\n"
    );
    assert_eq!(
        ok(&env, &["prd", "req", "add", "PRD-4", "Emails go out within a minute", "--nfr", "performance"]),
        "NFR-1\n"
    );
    ok(&env, &["prd", "link", "PRD-4#FR-1", "BL-48"]);
    ok(&env, &["prd", "status", "PRD-4", "in_review"]);
    let early = env.pm(&["prd", "status", "PRD-4", "approved"]);
    assert_eq!(early.code, 1);
    assert_snapshot!("approve_too_early", early.snapshot());
    ok(&env, &["prd", "approve", "PRD-4", "--as", "dana"]);
    ok(&env, &["prd", "approve", "PRD-4", "--as", "Ines", "--note", "wording reviewed with support"]);
    ok(&env, &["prd", "status", "PRD-4", "approved"]);
    ok(&env, &["milestone", "ship", "MS-3"]);
    ok(&env, &["prd", "status", "PRD-4", "shipped"]);
    let text = env.read(path);
    for line in created.lines().filter(|l| l.starts_with('#')) {
        assert!(text.contains(line), "lost: {line}");
    }
    assert_snapshot!("lifecycle_file", text);
    assert_snapshot!("lifecycle_md", ok(&env, &["prd", "show", "PRD-4", "--format", "md"]));
    let check = env.pm(&["check", "product/prds"]);
    assert_eq!(check.code, 0, "{}", check.snapshot());
}

#[test]
fn going_back_to_draft_clears_approvals() {
    let env = TestEnv::acme();
    let run = env.pm(&["prd", "status", "PRD-1", "draft"]);
    assert_snapshot!(run.snapshot());
    let text = env.read("product/prds/PRD-1.yaml");
    assert!(text.contains("  - {name: Dana, role: Head of Product, approval: pending}\n"), "{text}");
    assert!(
        text.contains(
            "  - {name: Marco, role: Compliance officer, approval: pending, note: tokens only; no PAN storage}\n"
        ),
        "{text}"
    );
    assert!(text.contains("status: draft\n"));
}

#[test]
fn coverage_matches_hand_counts() {
    let env = TestEnv::acme();
    let run = env.pm(&["prd", "coverage", "PRD-1", "--format", "json"]);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // FR-1..FR-4 each have one item (BL-23..BL-26); NFR-1 and NFR-2 have none.
    assert_eq!(v["uncovered"], serde_json::json!(["NFR-1", "NFR-2"]));
    // Musts FR-1 (BL-23 done), FR-2 (BL-24 in review), FR-3 (BL-25 ready): one of three done.
    assert_eq!((v["musts"].as_u64(), v["musts_done"].as_u64()), (Some(3), Some(1)));
    assert_snapshot!("coverage_table", ok(&env, &["prd", "coverage", "PRD-1"]));
}

#[test]
fn the_acme_prds_render() {
    let env = TestEnv::acme();
    assert_snapshot!("acme_prd_list", ok(&env, &["prd", "list"]));
    assert_snapshot!("acme_prd_1_md", ok(&env, &["prd", "show", "PRD-1", "--format", "md"]));
    assert_eq!(ok(&env, &["prd", "show", "PRD-2", "--format", "yaml"]), env.read("product/prds/PRD-2.yaml"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&env, &["prd", "list", "--status", "draft", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn prd_refusals_change_nothing() {
    let env = TestEnv::acme();
    let before = env.tree("product");
    let cases: &[&[&str]] = &[
        &["prd", "new", "x", "--template", "nope"],
        &["prd", "new", "x", "--template", "../pm"],
        &["prd", "status", "PRD-3", "shipped"],
        &["prd", "status", "PRD-3", "done"],
        &["prd", "approve", "PRD-3", "--as", "Zoe"],
        &["prd", "edit", "PRD-3", "--set", "status=approved"],
        &["prd", "req", "add", "PRD-3", "x", "--priority", "high"],
        &["prd", "link", "PRD-3#FR-9", "BL-1"],
        &["prd", "link", "PRD-9", "BL-1"],
        &["prd", "show", "PRD-99"],
    ];
    let mut out = String::new();
    for args in cases {
        let run = env.pm(args);
        assert!(run.code == 1 || run.code == 2, "{args:?}: {}", run.snapshot());
        out.push_str(&format!("$ pm {}\n{}\n", args.join(" "), run.snapshot()));
    }
    assert_snapshot!(out);
    assert_eq!(env.tree("product"), before);
}

#[test]
fn templates_built_in_and_the_teams() {
    let env = TestEnv::acme();
    env.write(
        "product/templates/prd/rfc.yaml",
        "id: {{id}}\ntitle: {{title}}\nstatus: draft\nproblem: |\n  Context and motivation.\n",
    );
    env.write("product/templates/backlog/story.yaml", "type: story\nlabels: [needs-design]\n");
    assert_snapshot!("template_list", ok(&env, &["template", "list"]));
    assert_eq!(ok(&env, &["prd", "new", "Checkout API v2", "--template", "rfc"]), "PRD-4\n");
    assert!(env.read("product/prds/PRD-4.yaml").contains("problem: |\n  Context and motivation.\n"));
    assert_eq!(ok(&env, &["backlog", "add", "Design the wallet picker", "--template", "story"]), "BL-49\n");
    assert!(env.read("product/backlog/BL-49.yaml").contains("type: story\n"));
    assert!(env.read("product/backlog/BL-49.yaml").contains("labels:\n  - needs-design\n"));
    assert_eq!(
        ok(&env, &["backlog", "add", "Checkout crashes on iOS 17", "--template", "bug", "--priority", "p0"]),
        "BL-50\n"
    );
    assert_snapshot!("bug_from_template", env.read("product/backlog/BL-50.yaml"));
}

#[test]
fn edit_without_flags_opens_the_editor() {
    let env = TestEnv::acme();
    env.write("editor.sh", "#!/bin/sh\nsed -i 's/^owner: tomas/owner: ines/' \"$1\"\n");
    let mut cmd = env.pm_cmd(&["prd", "edit", "PRD-3"]);
    cmd.env("EDITOR", format!("sh {}", env.path("editor.sh").display()));
    let run = env.run(cmd);
    run.success();
    assert!(env.read("product/prds/PRD-3.yaml").contains("owner: ines\n"));
}
