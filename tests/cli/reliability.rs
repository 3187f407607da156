//! Reproductions of the reliability issue (#16): writes within the limits,
//! locks that cannot be turned against pm, ids that never wrap, and the
//! smaller findings of the adversarial review. Concurrency and kill tests
//! are in `concurrency.rs`.

use crate::env::TestEnv;

/// Runs pm and asserts that it was refused with `code` and that no file of
/// the product changed; returns stderr.
#[track_caller]
fn refused(env: &TestEnv, args: &[&str], code: i32) -> String {
    let before = env.tree("product");
    let run = env.pm(args);
    assert_eq!(run.code, code, "{}", run.snapshot());
    assert_eq!(env.tree("product"), before, "a refused `pm {}` changed files", args.join(" "));
    run.stderr
}

/// A message without the line breaks and frame of its terminal rendering.
fn flat(text: &str) -> String {
    text.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ")
}

const LIMITS: &str = "limits: {max_file_bytes: 1048576, max_depth: 64}";

fn set_limits(env: &TestEnv, limits: &str) {
    let config = env.read("product/pm.yaml");
    assert!(config.contains(LIMITS));
    env.write("product/pm.yaml", &config.replace(LIMITS, limits));
}

#[test]
fn writes_never_exceed_the_size_limit() {
    let env = TestEnv::product();
    let ac = "a".repeat(120_000);
    let mut args = vec!["backlog", "add", "huge"];
    for _ in 0..9 {
        args.extend(["--ac", ac.as_str()]);
    }
    let err = flat(&refused(&env, &args, 1));
    assert!(
        err.contains("product/backlog/BL-1.yaml would be 1080"),
        "{err}"
    );
    assert!(err.contains("bytes, above the limit of 1048576 (limits.max_file_bytes); nothing written"), "{err}");
    assert!(!env.exists("product/backlog/BL-1.yaml"));

    // Within the limit it is written; an edit past a lowered limit is refused.
    env.pm(&["backlog", "add", "small", "--ac", "fits"]).success();
    set_limits(&env, "limits: {max_file_bytes: 2000, max_depth: 64}");
    let before = env.read("product/backlog/BL-1.yaml");
    let long = "b".repeat(3000);
    let err = flat(&refused(&env, &["backlog", "edit", "BL-1", "--add", &format!("ac={long}")], 1));
    assert!(err.contains("above the limit of 2000 (limits.max_file_bytes); nothing written"), "{err}");
    let err = flat(&refused(&env, &["backlog", "add", "other", "--description", &long], 1));
    assert!(err.contains("product/backlog/BL-2.yaml would be"), "{err}");
    assert_eq!(env.read("product/backlog/BL-1.yaml"), before);
}

#[test]
fn writes_never_exceed_the_nesting_limit() {
    let env = TestEnv::product();
    env.pm(&["backlog", "add", "flat"]).success();
    set_limits(&env, "limits: {max_file_bytes: 1048576, max_depth: 1}");
    // A list of acceptance criteria nests one level deeper than the item.
    let err = flat(&refused(&env, &["backlog", "edit", "BL-1", "--add", "ac=nested"], 1));
    assert!(err.contains("file-limits: nested deeper than 1 levels"), "{err}");
    let err = flat(&refused(&env, &["backlog", "add", "deep", "--ac", "x"], 1));
    assert!(err.contains("product/backlog/BL-2.yaml (nothing written): file-limits: nested deeper than 1 levels"), "{err}");
}
