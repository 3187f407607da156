//! `pm roadmap`, `pm milestone` and `pm product`.

use insta::assert_snapshot;

use crate::TestEnv;

/// A product whose progress numbers are known by construction.
fn small() -> TestEnv {
    let env = TestEnv::product();
    let items = [
        "id: BL-1\ntitle: Checkout v2\ntype: epic\nstatus: in_progress\ninitiative: RM-1\n",
        "id: BL-2\ntitle: Saved cards\ntype: feature\nstatus: in_progress\nparent: BL-1\n",
        "id: BL-3\ntitle: Save a card\ntype: story\nstatus: done\nestimate: 5\nparent: BL-2\n",
        "id: BL-4\ntitle: Pay with a saved card\ntype: story\nstatus: in_progress\nestimate: 3\nparent: BL-2\n",
        "id: BL-5\ntitle: Dropped idea\ntype: story\nstatus: wont_do\nestimate: 2\nparent: BL-1\n",
        "id: BL-6\ntitle: Remove a card\ntype: story\nstatus: ready\nestimate: 8\nparent: BL-1\n",
        "id: BL-7\ntitle: Wallets\ntype: epic\nstatus: in_progress\ninitiative: RM-2\n",
        "id: BL-8\ntitle: Apple Pay\ntype: story\nstatus: done\nparent: BL-7\n",
        "id: BL-9\ntitle: Google Pay\ntype: story\nstatus: new\nestimate: 3\nparent: BL-7\n",
    ];
    for (n, text) in items.iter().enumerate() {
        env.write(&format!("product/backlog/BL-{}.yaml", n + 1), text);
    }
    env.write(
        "product/roadmap.yaml",
        "# Reviewed monthly.\nthemes: [conversion]\ninitiatives:\n  - id: RM-1\n    title: One-page checkout\n    theme: conversion\n    horizon: now\n    start: 2026-10-01\n    end: 2026-11-15\n    status: in_progress\n    milestones: [MS-1]\n  - id: RM-2\n    title: Wallets\n    theme: conversion\n    quarter: 2027-Q1\n    status: planned\n    visibility: external\n  - id: RM-3\n    title: Local payment methods\n    horizon: later\n    status: proposed\nmilestones:\n  - {id: MS-1, name: Checkout GA, kind: release, date: 2026-11-20, status: planned}\n",
    );
    env
}

#[test]
fn progress_is_computed_from_leaf_items_under_linked_epics() {
    let env = small();
    let run = env.pm(&["roadmap", "show", "--format", "json"]);
    run.success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = v["initiatives"].as_array().unwrap();
    // RM-1: leaves BL-3 (5, done), BL-4 (3), BL-6 (8); BL-5 is won't-do and left out: 5 / 16.
    assert_eq!(
        rows[0]["progress"],
        serde_json::json!({"done": 5.0, "total": 16.0, "basis": "estimate", "items": 3, "started": 2})
    );
    // RM-2: BL-8 has no estimate, so it counts items: 1 of 2.
    assert_eq!(
        rows[1]["progress"],
        serde_json::json!({"done": 1.0, "total": 2.0, "basis": "count", "items": 2, "started": 1})
    );
    // RM-3: nothing linked.
    assert_eq!(rows[2]["progress"]["items"], 0);
    // RM-1 ended on 2026-11-15 with work open, and its milestone slipped.
    assert_eq!(rows[0]["at_risk"], serde_json::json!(["ended 2026-11-15 with work open", "MS-1 was due 2026-11-20"]));
    // RM-2 has no horizon written: 2027-Q1 starts within a quarter of today, so it shows as now.
    assert_eq!(rows[1]["horizon_shown"], "now");
}

#[test]
fn every_view_renders() {
    let env = small();
    let mut out = String::new();
    for view in ["horizon", "timeline", "theme", "status", "objective"] {
        let run = env.pm(&["roadmap", "show", "--view", view]);
        run.success();
        out.push_str(&format!("$ pm roadmap show --view {view}\n{}\n", run.stdout));
    }
    let external = env.pm(&["roadmap", "show", "--external", "--view", "theme"]);
    out.push_str(&format!("$ pm roadmap show --external --view theme\n{}\n", external.stdout));
    assert_snapshot!(out);
}

#[test]
fn markdown_and_mermaid() {
    let env = small();
    assert_snapshot!("roadmap_md", env.pm(&["roadmap", "show", "--format", "md"]).stdout);
    assert_snapshot!("roadmap_mermaid", env.pm(&["roadmap", "show", "--format", "mermaid"]).stdout);
}

#[test]
fn the_acme_roadmap() {
    let env = TestEnv::acme();
    let mut cmd = env.pm_cmd(&["roadmap", "show"]);
    cmd.env("COLUMNS", "120");
    let horizon = env.run(cmd);
    assert_eq!((horizon.code, horizon.stderr.as_str()), (0, ""), "{}", horizon.snapshot());
    assert_snapshot!("acme_horizon", horizon.stdout);
    let timeline = env.pm(&["roadmap", "show", "--view", "timeline"]);
    assert_eq!((timeline.code, timeline.stderr.as_str()), (0, ""), "{}", timeline.snapshot());
    assert_snapshot!("acme_timeline", timeline.stdout);
}

#[test]
fn an_empty_roadmap_renders_every_view() {
    let env = TestEnv::product();
    let mut out = String::new();
    for view in ["horizon", "timeline", "theme", "status", "objective"] {
        for format in ["table", "md", "mermaid", "json"] {
            let run = env.pm(&["roadmap", "show", "--view", view, "--format", format]);
            run.success();
            out.push_str(&format!("$ pm roadmap show --view {view} --format {format}\n{}\n", run.stdout));
        }
    }
    assert_snapshot!(out);
}

/// The Mermaid output must be accepted by the real Mermaid parser
/// (tests/mermaid, installed with `npm ci --prefix tests/mermaid`).
#[test]
fn mermaid_output_parses_with_mermaid() {
    let parser = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mermaid");
    if !parser.join("node_modules/mermaid").exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must run `npm ci --prefix tests/mermaid`");
        eprintln!("skipped: run `npm ci --prefix tests/mermaid` to validate Mermaid output");
        return;
    }
    let mut files = Vec::new();
    for (name, env) in [("small", small()), ("acme", TestEnv::acme()), ("empty", TestEnv::product())] {
        let run = env.pm(&["roadmap", "show", "--format", "mermaid"]);
        run.success();
        let path = env.path(&format!("{name}.mmd"));
        std::fs::write(&path, &run.stdout).unwrap();
        files.push((path, env));
    }
    // Titles with characters that mean something to Mermaid.
    let tricky = small();
    let roadmap = tricky.read("product/roadmap.yaml").replace("One-page checkout", "\"Checkout: phase #2; beta\"");
    tricky.write("product/roadmap.yaml", &roadmap);
    let run = tricky.pm(&["roadmap", "show", "--format", "mermaid"]);
    let path = tricky.path("tricky.mmd");
    std::fs::write(&path, &run.stdout).unwrap();
    files.push((path, tricky));
    let out = std::process::Command::new("node")
        .arg(parser.join("parse.mjs"))
        .args(files.iter().map(|(p, _)| p))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(text.lines().filter(|l| l.starts_with("ok ")).count(), 4, "{text}");
}

#[test]
fn roadmap_edits_keep_comments_and_layout() {
    let env = TestEnv::acme();
    let before = env.read("product/roadmap.yaml");
    let runs = [
        env.pm(&[
            "roadmap",
            "add",
            "Refund automation",
            "--theme",
            "merchant-tools",
            "--quarter",
            "2027-Q2",
            "--owner",
            "tomas",
            "--milestone",
            "MS-2",
        ]),
        env.pm(&["roadmap", "move", "RM-5", "now"]),
        env.pm(&["roadmap", "status", "RM-6", "planned"]),
        env.pm(&["roadmap", "edit", "RM-3", "--set", "end=2027-04-30", "--add", "milestones=MS-3"]),
        env.pm(&["roadmap", "rm", "RM-9", "--force"]),
        env.pm(&["milestone", "add", "Refunds GA", "--date", "2027-03-15", "--kind", "launch"]),
        env.pm(&["milestone", "ship", "MS-1", "--date", "2026-12-09"]),
    ];
    let transcript: String = runs.iter().map(|r| r.snapshot()).collect::<Vec<_>>().join("\n");
    assert_snapshot!("roadmap_writes", transcript);
    // Every comment line of the original survives.
    let after = env.read("product/roadmap.yaml");
    for line in before.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(after.contains(line), "lost comment: {line}");
    }
    assert_snapshot!("roadmap_diff", env.git(&["diff", "-U1", "--no-color", "product/roadmap.yaml"]));
    env.pm(&["check"]).success();
}

#[test]
fn roadmap_refusals_change_nothing() {
    let env = TestEnv::acme();
    let before = env.tree("product");
    let cases: &[&[&str]] = &[
        &["roadmap", "rm", "RM-1"],
        &["roadmap", "status", "RM-2", "done"],
        &["roadmap", "edit", "RM-4", "--set", "horizon=soon"],
        &["roadmap", "add", "Bad dates", "--start", "2027-05-01", "--end", "2027-04-01"],
        &["roadmap", "add", "Unknown milestone", "--milestone", "MS-99"],
        &["roadmap", "move", "RM-99", "now"],
        &["milestone", "ship", "MS-9"],
        &["milestone", "add", "No date", "--date", "2027-02-30"],
    ];
    let mut out = String::new();
    for args in cases {
        let run = env.pm(args);
        assert!(run.code == 1 || run.code == 2, "{args:?}: {}", run.snapshot());
        out.push_str(&format!("$ pm {}\n{}\n", args.join(" "), run.snapshot()));
    }
    assert_snapshot!(out);
    assert_eq!(env.tree("product"), before);
    // --force removes a linked initiative and the links to it, in one write.
    let forced = env.pm(&["roadmap", "rm", "RM-1", "--force"]);
    forced.success();
    assert_eq!(
        forced.stderr,
        "Removed RM-1\nproduct/backlog/BL-1.yaml: reference removed: initiative\n\
         product/feedback/FB-18.yaml: reference removed: links.1\n\
         product/prds/PRD-1.yaml: reference removed: initiative\n"
    );
    assert!(!env.read("product/backlog/BL-1.yaml").contains("initiative:"));
    env.pm(&["check"]).success();
}

#[test]
fn the_first_initiative_creates_the_roadmap() {
    let env = TestEnv::product();
    std::fs::remove_file(env.path("product/roadmap.yaml")).unwrap();
    assert_eq!(env.pm(&["roadmap", "add", "First bet", "--horizon", "now"]).stdout, "RM-1\n");
    assert_eq!(env.pm(&["milestone", "add", "Beta", "--date", "2027-01-15"]).stdout, "MS-1\n");
    assert_snapshot!(env.read("product/roadmap.yaml"));
}

#[test]
fn milestones_and_product() {
    let env = TestEnv::acme();
    assert_snapshot!("milestone_list", env.pm(&["milestone", "list"]).snapshot());
    assert_snapshot!("product_show", env.pm(&["product", "show"]).snapshot());
    let run = env.pm(&[
        "product",
        "edit",
        "--set",
        "stage=maturity",
        "--add",
        "stakeholder=Ines:Support lead",
        "--remove",
        "persona=Risk analyst",
    ]);
    run.success();
    assert_snapshot!("product_diff", env.git(&["diff", "-U0", "--no-color", "product/product.yaml"]));
    let bad = env.pm(&["product", "edit", "--set", "stage=teenage"]);
    assert_eq!(bad.code, 2);
    env.pm(&["check"]).success();
}
