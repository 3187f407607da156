//! Git hooks and the pre-commit framework, driven by real `git commit`.

use insta::assert_snapshot;

use crate::TestEnv;

const BROKEN: &str = "id: BL-49\ntitle: Broken on purpose\npriority: urgent\n";
const FIXED: &str = "id: BL-49\ntitle: Fixed\npriority: p2\n";

fn commit(env: &TestEnv, message: &str) -> crate::env::Run {
    env.git_run(&["commit", "-q", "-m", message])
}

#[test]
fn install_writes_an_executable_hook() {
    let env = TestEnv::acme();
    let run = env.pm(&["hook", "install"]);
    assert_snapshot!(run.snapshot());
    let hook = env.read(".git/hooks/pre-commit");
    assert!(hook.starts_with("#!/bin/sh\n"));
    // The pm on PATH first, else the one that installed the hook.
    assert!(hook.contains("\npm=$(command -v pm) || pm='/"), "{hook}");
    assert!(hook.ends_with("/pm'\nexec \"$pm\" check --hook\n"), "{hook}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(env.path(".git/hooks/pre-commit")).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0o111);
    // Installing again replaces pm's own hook without complaint.
    env.pm(&["hook", "install"]).success();
}

#[test]
fn the_hook_blocks_invalid_commits_and_lets_valid_ones_through() {
    let env = TestEnv::acme();
    env.pm(&["hook", "install"]).success();

    env.write("product/backlog/BL-49.yaml", BROKEN);
    env.git(&["add", "product/backlog/BL-49.yaml"]);
    let refused = commit(&env, "broken item");
    assert_ne!(refused.code, 0, "{}", refused.snapshot());
    assert!(refused.stderr.contains("invalid-enum: `urgent` is not a priority"), "{}", refused.stderr);
    assert!(refused.stderr.contains("product/backlog/BL-49.yaml:3:11"), "{}", refused.stderr);
    assert_eq!(env.git(&["log", "--oneline"]).lines().count(), 1);

    env.write("product/backlog/BL-49.yaml", FIXED);
    env.git(&["add", "product/backlog/BL-49.yaml"]);
    commit(&env, "fixed item").success();
    assert_eq!(env.git(&["log", "--oneline"]).lines().count(), 2);
}

#[test]
fn the_hook_checks_what_is_staged_not_the_working_tree() {
    let env = TestEnv::acme();
    env.pm(&["hook", "install"]).success();
    // A valid change is staged ...
    env.write("product/backlog/BL-49.yaml", FIXED);
    env.git(&["add", "product/backlog/BL-49.yaml"]);
    // ... and then broken in the working tree only (as with `git add -p`).
    env.write("product/backlog/BL-49.yaml", BROKEN);
    env.write("product/backlog/BL-50.yaml", "id: BL-50\ntitle: [\n");
    commit(&env, "valid staged change").success();
    let committed = env.git(&["show", "HEAD:product/backlog/BL-49.yaml"]);
    assert_eq!(committed, FIXED);
}

#[test]
fn foreign_hooks_are_kept_unless_forced() {
    let env = TestEnv::acme();
    env.write(".git/hooks/pre-commit", "#!/bin/sh\necho team hook\n");
    let refused = env.pm(&["hook", "install"]);
    assert_eq!(refused.code, 1);
    assert_snapshot!("install_refused", refused.snapshot());
    assert_eq!(env.read(".git/hooks/pre-commit"), "#!/bin/sh\necho team hook\n");
    let not_ours = env.pm(&["hook", "uninstall"]);
    assert_eq!(not_ours.code, 1);
    assert_eq!(env.read(".git/hooks/pre-commit"), "#!/bin/sh\necho team hook\n");

    env.pm(&["hook", "install", "--force"]).success();
    assert!(env.read(".git/hooks/pre-commit").contains("check --hook"));
    let removed = env.pm(&["hook", "uninstall"]);
    assert_snapshot!("uninstalled", removed.snapshot());
    assert!(!env.exists(".git/hooks/pre-commit"));
    assert_eq!(env.pm(&["hook", "uninstall"]).stderr, "No pre-commit hook installed\n");
}

#[test]
fn hooks_need_a_repository() {
    let env = TestEnv::new();
    env.pm(&["init"]).success();
    let run = env.pm(&["hook", "install"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.snapshot());
}

/// The pre-commit framework (pip install pre-commit) with a local hook that
/// runs this build of pm. CI installs the framework; elsewhere the test is
/// skipped when it is missing.
#[test]
fn pre_commit_framework_runs_pm_check() {
    let env = TestEnv::acme();
    let found = env.sh("command -v pre-commit >/dev/null");
    if found.code != 0 {
        assert!(std::env::var_os("CI").is_none(), "CI must install the pre-commit framework (pip install pre-commit)");
        eprintln!("skipped: the pre-commit framework is not installed");
        return;
    }
    let config = format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: pm-check\n        name: pm check\n        \
         entry: {} check --hook\n        language: system\n        pass_filenames: false\n        files: ^product/\n",
        env!("CARGO_BIN_EXE_pm")
    );
    env.write(".pre-commit-config.yaml", &config);
    env.git(&["add", ".pre-commit-config.yaml"]);
    env.sh("pre-commit install").success();

    env.write("product/backlog/BL-49.yaml", BROKEN);
    env.git(&["add", "product/backlog/BL-49.yaml"]);
    let refused = commit(&env, "broken item");
    assert_ne!(refused.code, 0, "{}", refused.snapshot());
    let output = format!("{}{}", refused.stdout, refused.stderr);
    assert!(output.contains("pm check"), "{output}");
    assert!(output.contains("invalid-enum: `urgent` is not a priority"), "{output}");

    env.write("product/backlog/BL-49.yaml", FIXED);
    env.git(&["add", "product/backlog/BL-49.yaml"]);
    commit(&env, "fixed item").success();
}

#[test]
fn the_hook_checks_status_changes_against_head() {
    let env = TestEnv::acme();
    env.pm(&["hook", "install"]).success();
    // new → done by hand skips the workflow (new → ready → in_progress → in_review → done).
    let item = env.read("product/backlog/BL-48.yaml");
    env.write("product/backlog/BL-48.yaml", &item.replace("status: new", "status: done"));
    env.git(&["add", "product/backlog/BL-48.yaml"]);
    let refused = commit(&env, "close by hand");
    assert_ne!(refused.code, 0, "{}", refused.snapshot());
    assert!(refused.stderr.contains("illegal-transition"), "{}", refused.stderr);
    assert_eq!(env.git(&["log", "--oneline"]).lines().count(), 1);
}

#[test]
fn the_hook_shows_only_new_findings_and_counts_the_old_ones() {
    let env = TestEnv::acme();
    // HEAD already has a warning (a field that is no field).
    let item = env.read("product/backlog/BL-3.yaml");
    env.write("product/backlog/BL-3.yaml", &format!("{item}priorty: p1\n"));
    env.git(&["commit", "-qam", "a typo"]);
    env.pm(&["hook", "install"]).success();
    env.pm(&["backlog", "edit", "BL-48", "--set", "owner=lee"]).success();
    env.git(&["add", "product"]);
    let run = commit(&env, "an owner");
    run.success();
    assert!(!run.stderr.contains("priorty"), "{}", run.stderr);
    assert!(run.stderr.contains("1 finding that HEAD already had not shown (`pm check` lists them)"), "{}", run.stderr);
    // A commit that changes nothing of the product is not checked at all.
    env.write("README.md", "# Acme\n");
    env.git(&["add", "README.md"]);
    let run = commit(&env, "readme");
    run.success();
    assert_eq!(run.stderr, "");
}

#[test]
fn a_product_not_in_git_yet_does_not_block_other_commits() {
    let env = TestEnv::new();
    env.git(&["init", "-q", "-b", "main"]);
    env.pm(&["init"]).success();
    env.pm(&["hook", "install"]).success();
    env.write("README.md", "# Shop\n");
    env.git(&["add", "README.md"]);
    commit(&env, "readme only").success();
    // Once staged, the product is checked like any other commit.
    env.git(&["add", "product"]);
    commit(&env, "the product").success();
    env.write("product/backlog/BL-1.yaml", BROKEN.replace("BL-49", "BL-1").as_str());
    env.git(&["add", "product"]);
    assert_ne!(commit(&env, "broken").code, 0);
}

#[test]
fn the_hook_prefers_the_pm_on_path() {
    let env = TestEnv::acme();
    env.pm(&["hook", "install"]).success();
    env.write("bin/pm", "#!/bin/sh\necho \"pm on PATH: $*\" > \"$(dirname \"$0\")/ran\"\n");
    env.sh("chmod +x bin/pm").success();
    env.write("product/backlog/BL-49.yaml", BROKEN);
    env.git(&["add", "product/backlog/BL-49.yaml"]);
    // With ./bin first on PATH, the hook runs that pm (which passes everything).
    let run = env.sh("PATH=\"$PWD/bin:$PATH\" git commit -q -m 'via PATH'");
    run.success();
    assert_eq!(env.read("bin/ran"), "pm on PATH: check --hook\n");
}
