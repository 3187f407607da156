//! Progress bars: drawn on a terminal for the long operations, never when
//! output goes to a pipe or a file.

use std::path::Path;

use crate::TestEnv;

/// The long operations, each with the phase its bar names.
const LONG: &[(&str, &str)] = &[
    ("history BL-1", "Indexing history"),
    // The human and Markdown log stream (each commit is its own progress);
    // JSON, printed whole, shows the bar.
    ("log --format json", "Indexing history"),
    ("report flow", "Indexing history"),
    ("publish --out site", "Indexing history"),
    ("import csv jira.csv --from jira", "Checking items"),
    ("import csv jira.csv --from jira --dry-run", "Checking items"),
];

fn env_with_export() -> TestEnv {
    let env = TestEnv::acme();
    let jira = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/jira.csv");
    std::fs::copy(jira, env.path("jira.csv")).unwrap();
    env
}

#[test]
fn nothing_is_drawn_when_output_is_piped() {
    for (args, phase) in LONG {
        let env = env_with_export();
        let args: Vec<&str> = args.split(' ').collect();
        let run = env.pm(&args);
        assert!(run.code <= 1, "pm {args:?}\n{}", run.snapshot());
        assert!(!run.stderr.contains(phase) && !run.stderr.contains('\u{1b}'), "pm {args:?}\n{}", run.snapshot());
    }
}

#[test]
fn a_terminal_sees_the_bar_and_then_the_result() {
    for (args, phase) in LONG {
        let env = env_with_export();
        // `script` (util-linux) runs pm with a pseudo-terminal as its stdout and stderr.
        let run = env.sh(&format!("TERM=xterm script -qec '\"$PM\" {args}' /dev/null"));
        assert_eq!(run.code, 0, "pm {args}\n{}", run.snapshot());
        let start = run.stdout.find(phase).unwrap_or_else(|| panic!("pm {args}: no `{phase}`\n{}", run.stdout));
        // The bar counts up, and is cleared before the result is printed.
        let after = &run.stdout[start..];
        assert!(after.contains(" [") && after.contains('/'), "pm {args}\n{}", run.stdout);
        let cleared =
            after.rfind("\r\u{1b}[2K").unwrap_or_else(|| panic!("pm {args}: bar not cleared\n{}", run.stdout));
        let rest = after[cleared..].trim_start_matches("\r\u{1b}[2K");
        assert!(!rest.contains(phase), "pm {args}: bar drawn after it was cleared\n{}", run.stdout);
    }
}
