use insta::assert_snapshot;

use crate::TestEnv;

#[test]
fn init_creates_a_commented_config_and_the_layout() {
    let env = TestEnv::new();
    let run = env.pm(&["init", "--name", "Acme Checkout", "--prefix", "ACME"]);
    assert_snapshot!(run.snapshot());
    let config = env.read("product/pm.yaml");
    assert!(config.contains("name: Acme Checkout\n"));
    assert!(config.contains("id_prefix: ACME\n"));
    for folder in ["backlog", "okrs", "prds", "metrics", "experiments", "templates"] {
        assert!(env.exists(&format!("product/{folder}/.gitkeep")), "{folder}");
    }
    // Every setting carries a comment above it.
    for key in ["id_prefix:", "workflow:", "priority_scheme:", "estimate_scale:", "custom_fields:", "rules:"] {
        let line = config.lines().position(|l| l.starts_with(key)).unwrap();
        assert!(config.lines().nth(line - 1).unwrap().starts_with('#'), "{key} has no comment");
    }
    // The new product is immediately usable, outside a git repository too.
    env.pm(&["backlog", "add", "First"]).success();
    assert!(env.read("product/backlog/ACME-1.yaml").contains("\nid: ACME-1\ntitle: First\n"));
}

#[test]
fn init_refuses_an_existing_product() {
    let env = TestEnv::product();
    let before = env.tree("product");
    let run = env.pm(&["init"]);
    assert_eq!(run.code, 1);
    assert_snapshot!(run.snapshot());
    assert_eq!(env.tree("product"), before);
}

#[test]
fn init_with_another_folder_and_bad_prefix() {
    let env = TestEnv::new();
    let bad = env.pm(&["init", "--prefix", "kr"]);
    assert_eq!(bad.code, 2);
    assert_snapshot!("init_bad_prefix", bad.snapshot());
    assert!(!env.exists("product"));
    env.pm(&["init", "--dir", "docs/pm"]).success();
    assert!(env.exists("docs/pm/pm.yaml"));
    env.pm(&["-C", "docs/pm", "backlog", "add", "Found it"]).success();
    assert!(env.exists("docs/pm/backlog/BL-1.yaml"));
}

#[test]
fn outside_a_product_suggests_init() {
    let env = TestEnv::new();
    let run = env.pm(&["backlog", "list"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.snapshot());
}

#[test]
fn finds_the_product_from_a_subdirectory_and_with_dash_c() {
    let env = TestEnv::acme();
    let mut cmd = env.pm_cmd(&["backlog", "show", "BL-1", "--format", "json"]);
    cmd.current_dir(env.path("product/backlog"));
    let run = env.run(cmd);
    run.success();
    assert!(run.stdout.contains("\"path\": \"../backlog/BL-1.yaml\""), "{}", run.stdout);
    // `-C DIR` reads the same product as running in DIR.
    let from_outside = env.pm(&["-C", "product", "backlog", "list", "--limit", "1"]);
    from_outside.success();
    let mut cmd = env.pm_cmd(&["backlog", "list", "--limit", "1"]);
    cmd.current_dir(env.path("product"));
    let inside = env.run(cmd);
    assert_eq!(from_outside.stdout, inside.success().stdout);
    // The item ranked first in the example, and only it.
    assert!(
        from_outside.stdout.starts_with("ID ") && from_outside.stdout.contains("\nBL-47 "),
        "{}",
        from_outside.stdout
    );
    assert_eq!(from_outside.stdout.matches("\nBL-").count(), 1, "{}", from_outside.stdout);
}
