//! `examples/replay-history.sh`: the quarter of dated commits the guide's
//! history examples are printed from (`<!-- context: replay -->`, run by
//! `docs.rs`). Commit ids follow the example's bytes: after a change to
//! `examples/acme`, `PM_BLESS=1 cargo test --test cli docs::` writes the new
//! output into the guide.

use crate::TestEnv;

/// Runs `examples/replay-history.sh h` in `env`.
pub(crate) fn replay(env: &TestEnv) -> crate::env::Run {
    // The script commits as the people of the example, with its own emails.
    env.sh(&format!(
        "unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE \
         GIT_COMMITTER_DATE; bash {}/examples/replay-history.sh h",
        env!("CARGO_MANIFEST_DIR")
    ))
}

#[test]
fn the_script_replays_the_quarter() {
    let env = TestEnv::new();
    let run = replay(&env);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.stdout, "Replayed 41 commits into h\n");
    let log = env.git(&["-C", "h", "log", "--format=%ad %an: %s", "--date=short", "--reverse"]);
    assert_eq!(log.lines().count(), 41, "{log}");
    assert!(log.starts_with("2026-09-"), "{log}");
}
