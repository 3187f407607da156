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

/// A top-level key of a PRD file and the indented lines under it.
fn section(text: &str, key: &str) -> String {
    let start = text.find(&format!("\n{key}:\n")).unwrap_or_else(|| panic!("no {key} in {text}")) + 1;
    let mut lines = text[start..].split_inclusive('\n');
    let mut out = lines.next().unwrap().to_string();
    out.extend(lines.take_while(|l| l.starts_with(' ')));
    out
}

#[test]
fn every_part_of_a_prd_is_added_changed_and_removed_with_commands() {
    let env = TestEnv::acme();
    let prd = "product/prds/PRD-2.yaml";
    // Goals, measured by a metric or a key result; a numeric target stays a number.
    assert_eq!(
        ok(
            &env,
            &[
                "prd",
                "goal",
                "add",
                "PRD-2",
                "Fewer wallet errors",
                "--metric",
                "payment_success_rate",
                "--target",
                "97.5"
            ]
        ),
        "PRD-2#G-2\n"
    );
    ok(&env, &["prd", "goal", "edit", "prd-2#g-2", "--target", "98", "--kr", "KR-1"]);
    // Stories get the next US id; acceptance criteria may hold commas.
    assert_eq!(
        ok(
            &env,
            &[
                "prd",
                "story",
                "add",
                "PRD-2",
                "--as-a",
                "shopper",
                "--i-want",
                "to pay with Google Pay",
                "--ac",
                "One tap, no form"
            ]
        ),
        "PRD-2#US-1\n"
    );
    ok(&env, &["prd", "story", "edit", "PRD-2#US-1", "--set", "so_that=I check out faster"]);
    // Risks and questions by their place in the list.
    assert_eq!(ok(&env, &["prd", "risk", "add", "PRD-2", "Wallet outage", "--impact", "high"]), "PRD-2#R-1\n");
    ok(&env, &["prd", "risk", "edit", "PRD-2#R-1", "--set", "mitigation=fall back to cards"]);
    assert_eq!(ok(&env, &["prd", "question", "add", "PRD-2", "Which regions?", "--owner", "ravi"]), "PRD-2#Q-2\n");
    ok(&env, &["prd", "question", "answer", "PRD-2#Q-2", "EU first"]);
    ok(&env, &["prd", "question", "edit", "PRD-2#Q-1", "--set", "owner=dana"]);
    ok(&env, &["prd", "req", "edit", "PRD-2#FR-3", "--set", "priority=could"]);
    let text = env.read(prd);
    assert_eq!(
        section(&text, "goals"),
        "goals:\n  - {text: A third of Android payments through Google Pay, target: 33%}\n  - {text: Fewer wallet errors, metric: payment_success_rate, target: 98, key_result: KR-1}\n"
    );
    assert_eq!(
        section(&text, "user_stories"),
        "user_stories:\n  - id: US-1\n    as_a: shopper\n    i_want: to pay with Google Pay\n    acceptance_criteria: [\"One tap, no form\"]\n    so_that: I check out faster\n"
    );
    assert_eq!(
        section(&text, "open_questions"),
        "open_questions:\n  - {q: Do we need a separate merchant onboarding step?, owner: dana, status: open}\n  - {q: Which regions?, status: answered, owner: ravi, answer: EU first}\n"
    );
    assert!(text.contains("  - {id: FR-3, text: Wallet SDKs load after the first paint, priority: could}\n"), "{text}");
    assert!(text.contains("\nupdated: 2026-11-28\n"), "{text}");
    env.pm(&["check"]).success();

    // Removal: a requirement a backlog item links to is refused, with the link named.
    let before = env.tree("product");
    let run = env.pm(&["prd", "req", "rm", "PRD-2#FR-2"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("PRD-2#FR-2 referenced by product/backlog/BL-31.yaml (prd)"), "{}", run.stderr);
    assert_eq!(env.tree("product"), before);
    // --force removes the link in the same write.
    let run = env.pm(&["prd", "req", "rm", "PRD-2#FR-2", "--force"]);
    run.success();
    assert_eq!(run.stderr, "Removed PRD-2#FR-2\nproduct/backlog/BL-31.yaml: reference removed: prd\n");
    assert!(!env.read("product/backlog/BL-31.yaml").contains("prd:"));
    // An in-review PRD keeps at least one goal: removing both is refused.
    let run = env.pm(&["prd", "goal", "rm", "PRD-2#G-1", "PRD-2#G-2"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("PRD-2 is in_review but `goals` is"), "{}", run.stderr);
    ok(&env, &["prd", "goal", "rm", "PRD-2#G-1"]);
    ok(&env, &["prd", "risk", "rm", "PRD-2#R-1"]);
    ok(&env, &["prd", "story", "rm", "PRD-2#US-1"]);
    ok(&env, &["prd", "question", "rm", "PRD-2#Q-1"]);
    let v: serde_json::Value = yaml_serde::from_str(&env.read(prd)).unwrap();
    assert_eq!(v["goals"].as_array().unwrap().len(), 1);
    assert_eq!(v["goals"][0]["text"], "Fewer wallet errors");
    assert_eq!(v["open_questions"].as_array().unwrap().len(), 1);
    assert_eq!(v["open_questions"][0]["q"], "Which regions?");
    let ids: Vec<&str> =
        v["functional_requirements"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["FR-1", "FR-3"]);
}

#[test]
fn part_addresses_that_name_nothing_are_refused() {
    let env = TestEnv::acme();
    let before = env.tree("product");
    let cases: [(&[&str], i32, &str); 6] = [
        (&["prd", "goal", "edit", "PRD-2#G-9", "--target", "1"], 1, "no goal PRD-2#G-9"),
        (&["prd", "req", "rm", "PRD-2#FR-7"], 1, "no requirement PRD-2#FR-7"),
        (&["prd", "story", "edit", "PRD-2#FR-1", "--set", "as_a=x"], 2, "`PRD-2#FR-1` does not name a user story"),
        (&["prd", "risk", "rm", "PRD-2"], 2, "`PRD-2` does not name a risk"),
        (&["prd", "edit", "PRD-2#FR-1", "--set", "text=x"], 2, "`PRD-2#FR-1` names a part of PRD-2"),
        (&["prd", "rm", "PRD-2#FR-1"], 2, "`PRD-2#FR-1` names a part of PRD-2"),
    ];
    for (args, code, message) in cases {
        let run = env.pm(args);
        assert_eq!(run.code, code, "{}", run.snapshot());
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    let run = env.pm(&["prd", "edit", "PRD-2", "--add", "user_stories=US-4"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("use `pm prd story add PRD-n --as-a ROLE --i-want GOAL`"), "{}", run.stderr);
    assert_eq!(env.tree("product"), before);
}

#[test]
fn a_prd_is_removed_only_when_nothing_links_to_it() {
    let env = TestEnv::acme();
    let run = env.pm(&["prd", "rm", "PRD-2"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("product/backlog/BL-30.yaml (prd)"), "{}", run.stderr);
    env.pm(&["prd", "rm", "PRD-2", "--force"]).success();
    assert!(!env.exists("product/prds/PRD-2.yaml"));
    for item in ["BL-30", "BL-31", "BL-45"] {
        assert!(!env.read(&format!("product/backlog/{item}.yaml")).contains("prd:"), "{item}");
    }
    env.pm(&["check"]).success();
}

#[test]
fn review_needs_a_real_problem_goals_and_requirements() {
    let env = TestEnv::acme();
    assert_eq!(ok(&env, &["prd", "new", "Wallet limits", "--template", "lean"]), "PRD-4\n");
    let before = env.tree("product");
    let run = env.pm(&["prd", "status", "PRD-4", "in_review"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(
        run.stderr.split_whitespace().collect::<Vec<_>>().join(" "),
        "× PRD-4 cannot go to in_review: `problem`, `goals` and `functional_requirements` are empty help: fill them in first: pm prd edit PRD-4 --set problem=TEXT; pm prd goal add PRD-4 TEXT --metric METRIC; pm prd req add PRD-4 TEXT"
    );
    assert_eq!(env.tree("product"), before);
    ok(&env, &["prd", "edit", "PRD-4", "--set", "problem=Merchants hit wallet limits at peak"]);
    ok(&env, &["prd", "goal", "add", "PRD-4", "No failed peak payments", "--metric", "payment_success_rate"]);
    ok(&env, &["prd", "req", "add", "PRD-4", "Limits are raised before peak days"]);
    ok(&env, &["prd", "status", "PRD-4", "in_review"]);
    // The template's placeholder is no problem statement.
    let run = env.pm(&["prd", "edit", "PRD-4", "--set", "problem=The problem, who has it, and the evidence."]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(flat(&run.stderr).contains("prd-incomplete: PRD-4 is in_review but `problem` is empty"), "{}", run.stderr);
}

fn flat(text: &str) -> String {
    text.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ")
}
