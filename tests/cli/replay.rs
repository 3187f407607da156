//! `examples/replay-history.sh`: the quarter of dated commits the README's
//! history examples are printed from. The script must keep working, and the
//! README's output must be what pm prints on it, commit ids included. Commit
//! ids follow the example's bytes: after a change to `examples/acme`, replay
//! it (`examples/replay-history.sh /tmp/h`) and paste what these commands
//! print (`PM_TODAY=2026-11-28 COLUMNS=100 NO_COLOR=1 pm -C /tmp/h ...`)
//! into the README.

use crate::TestEnv;

/// The console block of the README that starts with `$ COMMAND`: its output.
fn readme_output(command: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = format!("```console\n$ {command}\n");
    let from = readme.find(&start).unwrap_or_else(|| panic!("no README example of `{command}`")) + start.len();
    readme[from..from + readme[from..].find("```").unwrap()].to_string()
}

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
fn the_replayed_quarter_prints_what_the_readme_shows() {
    let env = TestEnv::new();
    let run = replay(&env);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.stdout, "Replayed 41 commits into h\n");
    for command in [
        "pm history BL-33",
        "pm log --since 2026-11-19",
        "pm diff HEAD~5 HEAD",
        "pm report flow --since 2026-11-01",
        "pm iteration list",
        "pm iteration show IT-6",
    ] {
        let args: Vec<&str> = ["-C", "h"].into_iter().chain(command.split(' ').skip(1)).collect();
        let run = env.pm(&args);
        assert_eq!(run.code, 0, "{command}: {}", run.snapshot());
        assert_eq!(run.stdout, readme_output(command), "{command}");
    }
}
