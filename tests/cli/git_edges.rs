//! Repositories in unusual shapes: worktrees, bare and shallow clones,
//! submodules, hooks' GIT_DIR, no commits yet, a damaged object store. pm
//! answers each with its result or a clear error, never a panic.

use crate::env::{Run, TestEnv};

#[track_caller]
fn assert_exit(run: &Run, code: i32) {
    assert_eq!(run.code, code, "{}", run.snapshot());
}

#[test]
fn a_linked_worktree_is_a_working_tree_of_its_own() {
    let env = TestEnv::acme();
    assert_exit(&env.git_run(&["worktree", "add", "-q", "../wt"]), 0);
    let run = env.sh("cd ../wt && $PM check");
    assert_exit(&run, 0);
    assert_eq!(run.stderr, "No problems in 115 files\n");
    let run = env.sh("cd ../wt && $PM history BL-1");
    assert_exit(&run, 0);
    assert!(run.stdout.contains("2026-11-01  Dana Product"), "{}", run.snapshot());
    assert!(run.stdout.contains("created"), "{}", run.snapshot());

    // A write in the worktree lands there, not in the main checkout.
    let run = env.sh("cd ../wt && $PM backlog edit BL-1 --set priority=p0 && git status --porcelain");
    assert_exit(&run, 0);
    assert!(run.stdout.ends_with(" M product/backlog/BL-1.yaml\n"), "{}", run.snapshot());
    assert_eq!(env.git(&["status", "--porcelain"]), "");
}

#[test]
fn a_bare_repository_has_no_product_to_find() {
    let env = TestEnv::acme();
    assert_exit(&env.git_run(&["clone", "-q", "--bare", ".", "../bare.git"]), 0);
    let run = env.sh("cd ../bare.git && $PM check");
    assert_exit(&run, 2);
    assert!(run.stderr.contains("no product found in `[ROOT]/bare.git`"), "{}", run.snapshot());
}

#[test]
fn a_shallow_clone_says_where_history_is_cut() {
    let env = TestEnv::acme();
    env.pm(&["backlog", "edit", "BL-2", "--set", "priority=p0"]).success();
    env.git(&["commit", "-q", "-am", "BL-2 first"]);
    let run = env.sh("git clone -q --depth 2 \"file://$PWD\" ../shallow && cd ../shallow && $PM history BL-2");
    assert_exit(&run, 0);
    assert!(run.stdout.contains("priority"), "{}", run.snapshot());
    assert!(run.stdout.contains("(history is cut here: this is a shallow clone"), "{}", run.snapshot());
}

#[test]
fn git_dir_from_a_hook_is_honoured() {
    let env = TestEnv::acme();
    let run = env.sh("cd product && GIT_DIR=\"$OLDPWD/.git\" GIT_WORK_TREE=\"$OLDPWD\" $PM check --staged");
    assert_exit(&run, 0);
    assert_eq!(run.stderr, "No problems in 115 files\n");
}

#[test]
fn a_repository_without_commits() {
    let env = TestEnv::acme();
    std::fs::remove_dir_all(env.path(".git")).unwrap();
    env.git(&["init", "-q", "-b", "main"]);

    assert_exit(&env.pm(&["check"]), 0);
    let run = env.pm(&["history", "BL-1"]);
    assert_exit(&run, 2);
    assert!(run.stderr.contains("the repository has no commits yet"), "{}", run.snapshot());

    // Nothing staged: the check says so instead of judging an empty configuration.
    let run = env.pm(&["check", "--staged"]);
    assert_exit(&run, 2);
    assert!(
        run.stderr.contains("product/pm.yaml is not in the index: nothing of the product is staged yet"),
        "{}",
        run.snapshot()
    );
    env.git(&["add", "."]);
    let run = env.pm(&["check", "--staged"]);
    assert_exit(&run, 0);
    assert_eq!(run.stderr, "No problems in 115 files\n");
}

#[test]
fn a_revision_without_the_product_is_named() {
    let env = TestEnv::new();
    env.git(&["init", "-q", "-b", "main"]);
    env.write("README", "before the product\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "start"]);
    env.pm(&["init", "--name", "Test"]).success();
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "product"]);
    let run = env.pm(&["check", "--at", "HEAD~1"]);
    assert_exit(&run, 2);
    assert!(
        run.stderr.contains("the product folder `product` does not exist at revision `HEAD~1`"),
        "{}",
        run.snapshot()
    );

    // The folder is there but pm.yaml is not.
    env.git(&["rm", "-q", "--cached", "product/pm.yaml"]);
    env.git(&["commit", "-q", "-m", "untrack the configuration"]);
    let run = env.pm(&["check", "--at", "HEAD"]);
    assert_exit(&run, 2);
    assert!(run.stderr.contains("product/pm.yaml is not at `HEAD`"), "{}", run.snapshot());
}

#[test]
fn a_missing_object_is_an_error_with_a_hint() {
    let env = TestEnv::acme();
    let blob = env.git(&["rev-parse", "HEAD:product/backlog/BL-1.yaml"]);
    let blob = blob.trim();
    std::fs::remove_file(env.path(&format!(".git/objects/{}/{}", &blob[..2], &blob[2..]))).unwrap();

    for args in [&["history", "BL-1"][..], &["report", "flow"], &["check", "--at", "HEAD"]] {
        let run = env.pm(args);
        assert_exit(&run, 2);
        assert!(run.stderr.contains(&format!("object not found - no match for id ({blob})")), "{}", run.snapshot());
        assert!(run.stderr.contains("`git fsck` lists what is damaged"), "{}", run.snapshot());
    }
    // The working tree is intact and still checks.
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn a_product_inside_a_submodule() {
    let env = TestEnv::acme();
    let run = env.sh("mkdir ../super && cd ../super && git init -q -b main \
         && git -c protocol.file.allow=always submodule add -q \"$OLDPWD\" prod \
         && git commit -q -m sub && cd prod/product && $PM history BL-1 && $PM check --staged");
    assert_exit(&run, 0);
    assert!(run.stdout.contains("created"), "{}", run.snapshot());
    assert_eq!(run.stderr, "No problems in 115 files\n");
}
