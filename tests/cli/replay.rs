//! `examples/replay-history.sh`: the quarter of dated commits the guide's
//! history examples are printed from (`<!-- context: replay -->`, run by
//! `docs.rs`). Commit ids follow the example's bytes: after a change to
//! `examples/acme`, `PM_BLESS=1 cargo test --test cli docs::` writes the new
//! output into the guide.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::TestEnv;
use crate::env::copy_dir;

/// Runs `examples/replay-history.sh h` in `env`.
pub(crate) fn replay(env: &TestEnv) -> crate::env::Run {
    // The script commits as the people of the example, with its own emails.
    env.sh(&format!(
        "unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE \
         GIT_COMMITTER_DATE; bash {}/examples/replay-history.sh h",
        env!("CARGO_MANIFEST_DIR")
    ))
}

/// The quarter, replayed once per test run into `target/tmp/replayed-PID/`,
/// for the tests that read it to copy (a replay runs pm and git some 200
/// times). Copies left by earlier runs, whose process is gone, are removed.
pub(crate) fn template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        for entry in fs::read_dir(tmp).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix("replayed-")
                && !Path::new("/proc").join(pid).exists()
            {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
        let env = TestEnv::new();
        let run = replay(&env);
        assert_eq!(run.code, 0, "{}", run.snapshot());
        let dir = tmp.join(format!("replayed-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        copy_dir(&env.work.join("h"), &dir);
        dir
    })
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
