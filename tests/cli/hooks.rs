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
    assert!(hook.ends_with("/pm' check --staged\n"), "{hook}");
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
    assert!(env.read(".git/hooks/pre-commit").contains("check --staged"));
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
         entry: {} check --staged\n        language: system\n        pass_filenames: false\n        files: ^product/\n",
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
