//! The documentation, run. Every console example in `README.md` and in the
//! guide (`docs/src`) is executed and must print what it shows, and the
//! reference pages generated from the code must be current.
//!
//! A console example is a ```` ```console ```` block: lines starting with
//! `$ ` are commands (a line ending in `\` continues on the next), the lines
//! after each command its output, stdout and stderr as a terminal shows
//! them. The commands of one block run in turn in a fresh copy of the block's
//! context, with `PM_TODAY=2026-11-28`, `COLUMNS=100` and no colour:
//!
//! - a committed copy of `examples/acme` (the default);
//! - `<!-- context: replay -->` on the line before the fence: the quarter
//!   of history that `examples/replay-history.sh` writes, in its folder;
//! - `<!-- context: empty -->`: an empty git repository.
//!
//! `<!-- setup: SCRIPT -->` there runs a bash script first, unseen (with
//! `$REPO` naming this repository): the state an earlier example left, or an
//! input file. Paths below the folder the commands run in show as
//! `/home/dana/shop`.
//!
//! After a change of output, `PM_BLESS=1 cargo test --test cli docs::`
//! writes what the commands print into the files; review the diff.

use std::path::{Path, PathBuf};

use crate::TestEnv;
use crate::env::copy_dir;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn bless() -> bool {
    std::env::var_os("PM_BLESS").is_some_and(|v| !v.is_empty())
}

/// The Markdown files whose examples are run: the README and every page of the guide.
fn pages() -> Vec<PathBuf> {
    let mut out = vec![Path::new(ROOT).join("README.md")];
    let guide = Path::new(ROOT).join("docs/src");
    let mut stack = vec![guide];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// One console block: where it is, what it runs in, and its commands with
/// the output each shows.
struct Block {
    /// Index of the opening fence's line.
    fence: usize,
    /// Index of the closing fence's line.
    end: usize,
    context: String,
    setup: Option<String>,
    steps: Vec<(String, String)>,
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i] != "```console" {
            i += 1;
            continue;
        }
        let fence = i;
        // The comments right above the fence.
        let above = lines[..fence].iter().rev().take_while(|l| l.starts_with("<!-- ") && l.ends_with(" -->"));
        let (mut context, mut setup) = ("acme".to_string(), None);
        for comment in above {
            let comment = &comment["<!-- ".len()..comment.len() - " -->".len()];
            if let Some(name) = comment.strip_prefix("context: ") {
                context = name.to_string();
            } else if let Some(script) = comment.strip_prefix("setup: ") {
                setup = Some(script.to_string());
            }
        }
        let end = fence + 1 + lines[fence + 1..].iter().position(|l| *l == "```").expect("an unclosed console block");
        let mut steps: Vec<(String, String)> = Vec::new();
        let mut j = fence + 1;
        while j < end {
            let line = lines[j];
            if let Some(command) = line.strip_prefix("$ ") {
                let mut command = command.to_string();
                while command.ends_with('\\') && j + 1 < end {
                    j += 1;
                    command.push('\n');
                    command.push_str(lines[j]);
                }
                steps.push((command, String::new()));
            } else {
                let (_, output) =
                    steps.last_mut().unwrap_or_else(|| panic!("line {}: output before any command", j + 1));
                output.push_str(line);
                output.push('\n');
            }
            j += 1;
        }
        out.push(Block { fence, end, context, setup, steps });
        i = end + 1;
    }
    out
}

/// A folder with `pm` in it, for the examples' PATH.
fn bin_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_pm"), dir.path().join("pm")).unwrap();
    dir
}

/// A fresh environment for `context` and the folder its commands run in.
fn context(name: &str) -> (TestEnv, PathBuf) {
    match name {
        "acme" => {
            let env = TestEnv::acme();
            let dir = env.work.clone();
            (env, dir)
        }
        "replay" => {
            let env = TestEnv::new();
            // The quarter is replayed once per test run and copied.
            copy_dir(crate::replay::template(), &env.work.join("h"));
            let dir = env.work.join("h");
            (env, dir)
        }
        "empty" => {
            let env = TestEnv::new();
            env.git(&["init", "-q", "-b", "main"]);
            let dir = env.work.clone();
            (env, dir)
        }
        other => panic!("no context `{other}` for console examples"),
    }
}

/// What each command of `block` prints.
fn run(block: &Block, bin: &Path) -> Vec<String> {
    let (env, dir) = context(&block.context);
    let prelude =
        format!("export PATH='{}':\"$PATH\" REPO='{ROOT}'; cd '{}' || exit 99\n", bin.display(), dir.display());
    if let Some(setup) = &block.setup {
        let run = env.sh(&format!("{prelude}{setup}"));
        assert_eq!(run.code, 0, "the setup of the example at line {}: {}", block.fence + 1, run.snapshot());
    }
    let here = format!("{}", dir.display()).replace(&env.root().display().to_string(), "[ROOT]");
    block
        .steps
        .iter()
        .map(|(command, _)| {
            let run = env.sh(&format!("{prelude}{{ {command}\n}} 2>&1"));
            // As a terminal shows it: trailing blanks are not seen.
            run.stdout.replace(&here, "/home/dana/shop").lines().map(|l| format!("{}\n", l.trim_end())).collect()
        })
        .collect()
}

fn trimmed(text: &str) -> String {
    text.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}

#[test]
fn console_examples_print_what_they_show() {
    let bin = bin_dir();
    let mut failures = Vec::new();
    let mut ran = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let found = blocks(&lines);
        let outputs: Vec<Vec<String>> = std::thread::scope(|s| {
            let handles: Vec<_> = found.iter().map(|b| s.spawn(|| run(b, bin.path()))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let shown = page.strip_prefix(ROOT).unwrap_or(&page).display().to_string();
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for (block, printed) in found.iter().zip(&outputs).rev() {
            let mut body = Vec::new();
            for ((command, expected), actual) in block.steps.iter().zip(printed) {
                ran += 1;
                if trimmed(expected) != *actual {
                    failures.push(format!(
                        "{shown}:{}: `{command}`\n--- shown\n{expected}--- printed\n{actual}",
                        block.fence + 1
                    ));
                }
                body.extend(format!("$ {command}").lines().map(str::to_string));
                body.extend(actual.lines().map(str::to_string));
            }
            out.splice(block.fence + 1..block.end, body);
        }
        if bless() {
            let mut new = out.join("\n");
            new.push('\n');
            if new != text {
                std::fs::write(&page, new).unwrap();
            }
        }
    }
    assert!(ran > 0, "no console examples found");
    if !bless() {
        assert!(
            failures.is_empty(),
            "{} of {ran} console examples print otherwise than shown (PM_BLESS=1 writes what they print):\n\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// A generated page: equal to `text`, or written when blessing.
fn current(rel: &str, text: &str) -> Option<String> {
    let path = Path::new(ROOT).join(rel);
    let now = std::fs::read_to_string(&path).unwrap_or_default();
    if now == text {
        return None;
    }
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return None;
    }
    Some(format!("{rel} is stale: run `PM_BLESS=1 cargo test --test cli docs::` and commit it"))
}

/// The command reference (every command's `--help`, walked from clap) and
/// the rule reference (every rule's summary and explanation, from the
/// rules' own descriptions) are generated into the guide.
#[test]
fn the_reference_pages_are_current() {
    let env = TestEnv::new();
    let mut commands = String::from(
        "# Commands\n\n<!-- Generated from pm's command-line definitions by `PM_BLESS=1 cargo test --test cli docs::`; do not edit. -->\n\nEvery command's `--help`, as `pm` prints it.\n\n",
    );
    commands.push_str(&crate::reference::help_pages(&env));
    let list = env.pm(&["check", "--list-rules"]).success().stdout.clone();
    let mut rules = String::from(
        "# Rules\n\n<!-- Generated from the rules' descriptions by `PM_BLESS=1 cargo test --test cli docs::`; do not edit. -->\n\nEvery rule `pm check` applies, with its default severity (`rules:` in `pm.yaml` changes it; see [Checking](../check.md)).\n\n| rule | severity | what it finds |\n|---|---|---|\n",
    );
    let mut explained = String::new();
    for line in list.lines() {
        let mut parts = line.splitn(2, ' ');
        let name = parts.next().unwrap();
        let rest = parts.next().unwrap_or("").trim_start();
        let (severity, summary) = rest.split_once(' ').unwrap_or((rest, ""));
        let summary = summary.trim().replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;");
        rules.push_str(&format!("| [`{name}`](#{name}) | {severity} | {summary} |\n"));
        let explain = env.pm(&["check", "--explain", name]).success().stdout.clone();
        explained.push_str(&format!("\n## {name}\n\n```text\n{explain}```\n"));
    }
    rules.push_str(&explained);
    let stale: Vec<String> = [("docs/src/reference/commands.md", commands), ("docs/src/reference/rules.md", rules)]
        .iter()
        .filter_map(|(rel, text)| current(rel, text))
        .collect();
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn console_blocks_are_read_as_commands_and_their_output() {
    let text = "x\n<!-- context: replay -->\n<!-- setup: touch a -->\n```console\n$ pm a \\\n    --b\nout 1\nout 2\n$ pm c\n```\n```console\n$ pm d\n```\n";
    let lines: Vec<&str> = text.lines().collect();
    let found = blocks(&lines);
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].fence, found[0].end, found[0].context.as_str()), (3, 9, "replay"));
    assert_eq!(found[0].setup.as_deref(), Some("touch a"));
    assert_eq!(
        found[0].steps,
        [("pm a \\\n    --b".to_string(), "out 1\nout 2\n".to_string()), ("pm c".to_string(), String::new())]
    );
    assert_eq!((found[1].context.as_str(), found[1].setup.as_deref(), found[1].steps.len()), ("acme", None, 1));
}

/// An anchor as mdBook makes it from a heading: lower case, letters,
/// digits, `-` and `_` kept, spaces as `-`, anything else dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_lowercase().next().unwrap_or(c)),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// The anchors of a page's headings (outside code blocks).
fn anchors(text: &str) -> Vec<String> {
    let mut fence: Option<&str> = None;
    let mut out = Vec::new();
    for line in text.lines() {
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks >= 3 {
            match fence {
                None => fence = Some(&line[..ticks]),
                Some(open) if line.trim_end() == open => fence = None,
                _ => {}
            }
            continue;
        }
        if fence.is_none()
            && let Some(heading) = line.strip_prefix('#').map(|h| h.trim_start_matches('#'))
            && heading.starts_with(' ')
        {
            out.push(anchor(heading));
        }
    }
    out
}

/// Every link of the guide and the README to a file of this repository
/// leads to a file that exists, and to a heading of it when it names one.
#[test]
fn links_between_pages_lead_somewhere() {
    let mut broken = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = &rest[..end];
            if target.contains("://") || target.starts_with("mailto:") || target.contains(' ') {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            let path = if file.is_empty() { page.clone() } else { page.parent().unwrap().join(file) };
            let shown = page.strip_prefix(ROOT).unwrap_or(&page).display().to_string();
            if !path.exists() {
                broken.push(format!("{shown}: {target}: no such file"));
            } else if !fragment.is_empty()
                && path.extension().is_some_and(|e| e == "md")
                && !anchors(&std::fs::read_to_string(&path).unwrap()).iter().any(|a| a == fragment)
            {
                broken.push(format!("{shown}: {target}: no such heading"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert_eq!(anchor("Checking: `pm check`"), "checking-pm-check");
    assert_eq!(anchors("# A b\n```\n# not\n```\n## C_d-e\n"), ["a-b", "c_d-e"]);
}
