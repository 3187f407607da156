//! Robustness: a corpus of bad input run through every read command. pm
//! never panics, exits 0, 1 or 2, names the bad file, and changes nothing.
//!
//! The corpus is `tests/fixtures/bad/<case>/` (files laid over a small valid
//! product) plus inputs made here: non-UTF-8 and NUL bytes, CRLF, a
//! byte-order mark, a 50 MB file, 10,000 levels of nesting, symbolic links,
//! folders and a pipe where files belong.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::TestEnv;
use crate::env::Run;
use crate::env::copy_dir;

/// Every command that only reads, each over the whole product.
const READ_COMMANDS: &[&[&str]] = &[
    &["backlog", "list"],
    &["backlog", "show", "BL-1"],
    &["check"],
    &["roadmap", "show"],
    &["okr", "show"],
    &["prd", "show", "PRD-1"],
    &["metric", "list"],
    &["experiment", "list"],
];

/// Read commands over git history. They must survive every case too; they
/// are not required to name the bad file (a diff may simply show it changed).
const HISTORY_COMMANDS: &[&[&str]] = &[&["diff"], &["history", "BL-1"]];

/// What pm should make of a case.
#[derive(Debug, Clone)]
enum Expect {
    /// The files (below the product folder) cannot be read: every read
    /// command exits 1 or 2 and names each of them.
    Named(Vec<String>),
    /// The files load; `pm check` finds problems in them (exit 1) and names
    /// them, the other commands exit 0 or 1.
    Checked(Vec<String>),
    /// Nothing wrong as far as pm is concerned: every command exits 0.
    Clean,
}

fn named(paths: &[&str]) -> Expect {
    Expect::Named(paths.iter().map(|p| p.to_string()).collect())
}

fn checked(paths: &[&str]) -> Expect {
    Expect::Checked(paths.iter().map(|p| p.to_string()).collect())
}

/// A small, valid product in git: BL-1, PRD-1, the `nps` metric, EXP-1,
/// OBJ-1 in 2026-Q4 and RM-1, committed.
fn base() -> TestEnv {
    let env = TestEnv::product();
    env.pm(&["backlog", "add", "First item"]).success();
    env.pm(&["prd", "new", "Saved cards"]).success();
    env.pm(&["metric", "add", "nps", "--preset", "nps"]).success();
    env.pm(&["experiment", "add", "--hypothesis", "Shorter forms convert", "--metric", "nps", "--start", "2026-12-01"])
        .success();
    env.pm(&["okr", "add", "First objective", "--cycle", "2026-Q4"]).success();
    env.pm(&["roadmap", "add", "Checkout"]).success();
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "base"]);
    env
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// One entry of a folder as it is on disk, links not followed.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// Length and a hash of the contents (a 50 MB file need not be kept twice).
    File(u64, u64),
    Link(PathBuf),
    Dir,
    Other,
}

/// Everything below `root` (links and pipes as such, never followed or opened).
/// Everything below `root` except pm's parse cache (`.git/pm`), which any
/// read may refresh, and the id lock (`.git/pm-id.lock`), in which whoever
/// takes it records itself.
fn snapshot(root: &Path) -> Vec<(PathBuf, Entry)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with(".git/pm") || path.ends_with(".git/pm-id.lock") {
                continue;
            }
            let meta = fs::symlink_metadata(&path).unwrap();
            let kind = if meta.file_type().is_symlink() {
                Entry::Link(fs::read_link(&path).unwrap())
            } else if meta.is_dir() {
                stack.push(path.clone());
                Entry::Dir
            } else if meta.is_file() {
                let bytes = fs::read(&path).unwrap();
                let mut h = DefaultHasher::new();
                bytes.hash(&mut h);
                Entry::File(bytes.len() as u64, h.finish())
            } else {
                Entry::Other
            };
            out.push((path.strip_prefix(root).unwrap().to_path_buf(), kind));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Where a test keeps files outside the product (and outside the repository).
fn outside(env: &TestEnv) -> PathBuf {
    env.work.parent().unwrap().join("outside")
}

#[track_caller]
fn no_panic(case: &str, args: &[&str], run: &Run) {
    let context = format!("case {case}: pm {}\n{}", args.join(" "), run.snapshot());
    assert_ne!(run.code, 101, "{context}");
    assert!(!run.stderr.contains("panicked"), "{context}");
    assert!((0..=2).contains(&run.code), "{context}");
}

/// Runs every read command over the case and checks what `expect` says.
fn exercise(case: &str, env: &TestEnv, expect: &Expect) {
    // The work tree, the repository and every file outside it.
    let root = env.work.parent().unwrap().to_path_buf();
    let before = snapshot(&root);
    for args in READ_COMMANDS {
        let run = env.pm(args);
        no_panic(case, args, &run);
        let context = format!("case {case}: pm {}\n{}", args.join(" "), run.snapshot());
        let output = format!("{}{}", run.stdout, run.stderr);
        match expect {
            Expect::Named(paths) => {
                assert!(run.code == 1 || run.code == 2, "{context}");
                for p in paths {
                    assert!(output.contains(&format!("product/{p}")), "{p} not named\n{context}");
                }
            }
            Expect::Checked(paths) => {
                if args[0] == "check" {
                    assert_eq!(run.code, 1, "{context}");
                    for p in paths {
                        assert!(output.contains(&format!("product/{p}")), "{p} not named\n{context}");
                    }
                } else {
                    assert!(run.code <= 1, "{context}");
                    // A refusal says why: exit 1 never comes with nothing said.
                    assert!(run.code == 0 || !run.stderr.trim().is_empty(), "exit 1 without a word\n{context}");
                }
            }
            Expect::Clean => assert_eq!(run.code, 0, "{context}"),
        }
    }
    for args in HISTORY_COMMANDS {
        let run = env.pm(args);
        no_panic(case, args, &run);
        if matches!(expect, Expect::Clean) {
            assert_eq!(run.code, 0, "case {case}: pm {}\n{}", args.join(" "), run.snapshot());
        }
    }
    let after = snapshot(&root);
    if after != before {
        let changed: Vec<_> = after.iter().filter(|e| !before.contains(e)).map(|e| &e.0).collect();
        let gone: Vec<_> = before.iter().filter(|e| !after.contains(e)).map(|e| &e.0).collect();
        panic!("case {case}: files changed: {changed:?}, removed or changed from: {gone:?}");
    }
}

// ---------------------------------------------------------------- the committed corpus

/// What each folder of `tests/fixtures/bad` holds and what pm makes of it.
fn corpus_expectation(case: &str) -> Expect {
    let all = [
        "backlog/BL-9.yaml",
        "prds/PRD-9.yaml",
        "metrics/bad_metric.yaml",
        "experiments/EXP-9.yaml",
        "okrs/2026-Q1.yaml",
        "roadmap.yaml",
        "product.yaml",
    ];
    match case {
        "empty-file"
        | "only-comment"
        | "alias-bomb"
        | "tabs"
        | "merge-conflict"
        | "multiple-documents"
        | "tags-and-complex-keys" => named(&["backlog/BL-9.yaml"]),
        "top-level-list" | "top-level-scalar" | "wrong-types" => named(&all),
        "wrong-types-config" | "merge-conflict-config" => named(&["pm.yaml"]),
        "huge-numbers" | "duplicate-keys" => named(&["backlog/BL-9.yaml", "metrics/bad_metric.yaml"]),
        "nan-infinity" => named(&["backlog/BL-9.yaml", "metrics/bad_metric.yaml", "experiments/EXP-9.yaml"]),
        "impossible-dates" => {
            named(&["backlog/BL-9.yaml", "metrics/bad_metric.yaml", "experiments/EXP-9.yaml", "okrs/2026-Q1.yaml"])
        }
        "id-dot-dot" => checked(&["backlog/BL-9.yaml", "prds/PRD-9.yaml"]),
        "id-absolute" | "copied-item" => checked(&["backlog/BL-9.yaml"]),
        "id-lookalike" => checked(&["backlog/\u{412}L-9.yaml"]),
        other => panic!("tests/fixtures/bad/{other} has no expectation in robustness.rs"),
    }
}

#[test]
fn every_case_of_the_committed_corpus() {
    let mut cases: Vec<String> = fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    cases.sort();
    assert!(cases.len() >= 19, "{cases:?}");
    for case in &cases {
        let env = base();
        copy_dir(&fixtures().join(case), &env.path("product"));
        exercise(case, &env, &corpus_expectation(case));
    }
}

// ---------------------------------------------------------------- generated inputs

const VALID_ITEM: &str =
    "id: BL-9\ntitle: A valid item\ntype: story\nstatus: new\ncreated: 2026-07-01\nupdated: 2026-07-01\n";

#[test]
fn line_endings_and_byte_order_marks_are_read() {
    let env = base();
    env.write("product/backlog/BL-9.yaml", &VALID_ITEM.replace('\n', "\r\n"));
    env.write("product/backlog/BL-10.yaml", &format!("\u{feff}{}", VALID_ITEM.replace("BL-9", "BL-10")));
    exercise("crlf-and-bom", &env, &Expect::Clean);
    let show = env.pm(&["backlog", "show", "BL-9"]);
    assert!(show.success().stdout.starts_with("BL-9  A valid item\nproduct/backlog/BL-9.yaml\n"), "{}", show.stdout);
    let check = env.pm(&["check", "--format", "json"]);
    assert_eq!(check.code, 0);
    assert!(check.stdout.contains("\"rule\": \"byte-order-mark\""), "{}", check.stdout);
    assert!(check.stdout.contains("\"path\": \"product/backlog/BL-10.yaml\""), "{}", check.stdout);
}

#[test]
fn undecodable_bytes_are_named() {
    let env = base();
    fs::write(env.path("product/backlog/BL-9.yaml"), b"id: BL-9\ntitle: caf\xe9 \xff\xfe\n").unwrap();
    fs::write(env.path("product/backlog/BL-10.yaml"), b"id: BL-10\ntitle: a\0b\nstatus: new\n").unwrap();
    fs::write(env.path("product/metrics/bad_metric.yaml"), b"\0\0\0\0").unwrap();
    exercise("non-utf8-and-nul", &env, &named(&["backlog/BL-9.yaml", "backlog/BL-10.yaml", "metrics/bad_metric.yaml"]));
    let list = env.pm(&["backlog", "list"]);
    assert_eq!(
        list.stderr,
        "warning: product/backlog/BL-10.yaml:2:9: skipped: control characters are not allowed (run `pm check`)\n\
         warning: product/backlog/BL-9.yaml:2:11: skipped: the file is not valid UTF-8 (run `pm check`)\n\
         warning: product/metrics/bad_metric.yaml:1:1: skipped: control characters are not allowed (run `pm check`)\n"
    );
}

#[test]
fn a_50_megabyte_file_is_not_read() {
    let env = base();
    let mut big = String::from("id: BL-9\ntitle: Big\ndescription: ");
    big.push_str(&"x".repeat(50 * 1024 * 1024));
    big.push('\n');
    env.write("product/backlog/BL-9.yaml", &big);
    exercise("50-megabytes", &env, &named(&["backlog/BL-9.yaml"]));
    let list = env.pm(&["backlog", "list"]);
    assert_eq!(list.code, 1);
    assert_eq!(
        list.stderr,
        "warning: product/backlog/BL-9.yaml: skipped: the file is 52428834 bytes, more than the limit of 1048576 \
         (`limits.max_file_bytes` in pm.yaml); pm did not read it (run `pm check`)\n"
    );
    assert_eq!(list.stdout, "ID    TYPE  STATUS  PRI  EST  TITLE\nBL-1        new               First item\n");
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    let env = base();
    let deep = format!("id: BL-9\ntitle: Deep\nx: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    env.write("product/backlog/BL-9.yaml", &deep);
    let block: String = (0..10_000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    env.write("product/metrics/bad_metric.yaml", &block);
    exercise("deep-nesting", &env, &named(&["backlog/BL-9.yaml", "metrics/bad_metric.yaml"]));
    let check = env.pm(&["check", "--format", "json"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("\"message\": \"nested deeper than 64 levels; pm reads at most `limits.max_depth` levels\"")
    );
}

#[test]
fn symbolic_links_out_of_the_product_are_not_followed() {
    let env = base();
    fs::create_dir_all(outside(&env).join("metrics")).unwrap();
    fs::write(outside(&env).join("secret.yaml"), "id: BL-9\ntitle: SECRET-CONTENT\n").unwrap();
    fs::write(outside(&env).join("metrics/leak.yaml"), "id: leak\nname: SECRET-CONTENT\n").unwrap();
    std::os::unix::fs::symlink(outside(&env).join("secret.yaml"), env.path("product/backlog/BL-9.yaml")).unwrap();
    std::os::unix::fs::symlink("../../../outside/secret.yaml", env.path("product/prds/PRD-9.yaml")).unwrap();
    std::os::unix::fs::symlink("/nowhere/at/all.yaml", env.path("product/backlog/BL-10.yaml")).unwrap();
    // A whole artifact folder that leads outside.
    fs::rename(env.path("product/experiments"), outside(&env).join("experiments")).unwrap();
    std::os::unix::fs::symlink(outside(&env).join("experiments"), env.path("product/experiments")).unwrap();
    let expect = named(&["backlog/BL-9.yaml", "prds/PRD-9.yaml", "backlog/BL-10.yaml", "experiments"]);
    exercise("links-out", &env, &expect);
    for args in READ_COMMANDS {
        let run = env.pm(args);
        assert!(!format!("{}{}", run.stdout, run.stderr).contains("SECRET-CONTENT"), "{}", run.snapshot());
    }
    let list = env.pm(&["backlog", "list"]);
    let root = env.work.parent().unwrap().display().to_string();
    assert_eq!(
        list.stderr.replace(&root, "[ROOT]"),
        "warning: product/backlog/BL-10.yaml: skipped: a symbolic link that leads nowhere (run `pm check`)\n\
         warning: product/backlog/BL-9.yaml: skipped: a symbolic link to `[ROOT]/outside/secret.yaml`, outside the \
         product folder; pm does not follow it (run `pm check`)\n\
         warning: product/experiments: skipped: a symbolic link to `[ROOT]/outside/experiments`, outside the product \
         folder; pm does not follow it (run `pm check`)\n\
         warning: product/prds/PRD-9.yaml: skipped: a symbolic link to `[ROOT]/outside/secret.yaml`, outside the \
         product folder; pm does not follow it (run `pm check`)\n"
    );
}

#[test]
fn symbolic_links_inside_the_product_are_read() {
    let env = base();
    env.write("product/archive/BL-9.yaml", VALID_ITEM);
    std::os::unix::fs::symlink("../archive/BL-9.yaml", env.path("product/backlog/BL-9.yaml")).unwrap();
    exercise("link-inside", &env, &Expect::Clean);
    let show = env.pm(&["backlog", "show", "BL-9"]);
    assert!(show.success().stdout.starts_with("BL-9  A valid item\n"), "{}", show.stdout);
    // A link is read, never written through: the edit is refused and both files stay.
    let before = snapshot(&env.work);
    let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-9", "--set", "owner=dana"]);
    cmd.env("COLUMNS", "1000");
    let edit = env.run(cmd);
    assert_eq!(edit.code, 1, "{}", edit.snapshot());
    let root = env.work.parent().unwrap().display().to_string();
    assert_eq!(
        edit.stderr.replace(&root, "[ROOT]"),
        "  × `[ROOT]/work/product/backlog/BL-9.yaml` is a symbolic link; pm does not write through it\n  help: replace \
         the link with the file itself\n"
    );
    assert_eq!(snapshot(&env.work), before);
}

#[test]
fn folders_where_files_belong() {
    let env = base();
    let paths = [
        "backlog/BL-9.yaml",
        "okrs/2026-Q1.yaml",
        "prds/PRD-9.yaml",
        "metrics/bad_metric.yaml",
        "experiments/EXP-9.yaml",
    ];
    for p in paths {
        fs::create_dir_all(env.path(&format!("product/{p}"))).unwrap();
    }
    // Git keeps no empty folders: one of them holds a file.
    env.write("product/prds/PRD-9.yaml/notes.md", "notes\n");
    fs::remove_file(env.path("product/roadmap.yaml")).unwrap();
    fs::create_dir(env.path("product/roadmap.yaml")).unwrap();
    fs::remove_file(env.path("product/product.yaml")).unwrap();
    fs::create_dir(env.path("product/product.yaml")).unwrap();
    let mut all: Vec<&str> = paths.to_vec();
    all.extend(["roadmap.yaml", "product.yaml"]);
    exercise("folders", &env, &named(&all));
    let check = env.pm(&["check"]);
    assert!(
        check.stdout.contains("product/backlog/BL-9.yaml\n  × not-a-file: a folder where a file belongs\n"),
        "{}",
        check.stdout
    );
    // Staged, the folder with a file is seen in the index as well.
    env.git(&["add", "-A"]);
    let staged = env.pm(&["check", "--staged", "--format", "json"]);
    assert_eq!(staged.code, 1, "{}", staged.snapshot());
    assert!(staged.stdout.contains("\"path\": \"product/prds/PRD-9.yaml\""), "{}", staged.stdout);
}

#[test]
fn a_folder_named_pm_yaml() {
    let env = base();
    fs::remove_file(env.path("product/pm.yaml")).unwrap();
    fs::create_dir(env.path("product/pm.yaml")).unwrap();
    exercise("pm-yaml-folder", &env, &named(&["pm.yaml"]));
    let run = env.pm(&["backlog", "list"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "  × product/pm.yaml: a folder where the product's configuration file belongs\n  help: fix the file by hand, \
         then run `pm check`\n"
    );
}

#[test]
fn a_named_pipe_is_never_opened() {
    let env = base();
    let status = std::process::Command::new("mkfifo").arg(env.path("product/backlog/BL-9.yaml")).status().unwrap();
    assert!(status.success());
    // Opening the pipe would block forever; pm passes it over.
    exercise("fifo", &env, &named(&["backlog/BL-9.yaml"]));
}

#[test]
fn an_unusable_pm_yaml_stops_every_command() {
    for (case, text) in [
        ("config-too-large", format!("id_prefix: BL\n# {}\n", "x".repeat(2 * 1024 * 1024))),
        ("config-limit-zero", "id_prefix: BL\nlimits: {max_file_bytes: 0, max_depth: 0}\n".to_string()),
        ("config-limit-typo", "id_prefix: BL\nlimits: {max_bytes: 10}\n".to_string()),
        ("config-limit-negative", "id_prefix: BL\nlimits: {max_file_bytes: -1}\n".to_string()),
        ("config-depth-too-high", "id_prefix: BL\nlimits: {max_depth: 129}\n".to_string()),
    ] {
        let env = base();
        env.write("product/pm.yaml", &text);
        exercise(case, &env, &named(&["pm.yaml"]));
    }
}

#[test]
fn limits_in_pm_yaml_are_applied() {
    let env = base();
    let config = env.read("product/pm.yaml");
    let config = config
        .replace("limits: {max_file_bytes: 1048576, max_depth: 64}", "limits: {max_file_bytes: 300, max_depth: 2}");
    env.write("product/pm.yaml", &config);
    env.write(
        "product/backlog/BL-9.yaml",
        "id: BL-9\ntitle: Two levels are fine\nrice: {reach: 1, impact: 1, confidence: 1, effort: 1}\n",
    );
    env.write("product/backlog/BL-10.yaml", "id: BL-10\ntitle: Three are not\nx: [[1]]\n");
    env.write("product/backlog/BL-11.yaml", &format!("id: BL-11\ntitle: Long\ndescription: {}\n", "y".repeat(300)));
    let run = env.pm(&["backlog", "list"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    // pm.yaml itself is read with the default limits; every other file with these.
    let backlog: Vec<&str> = run.stderr.lines().filter(|l| l.contains("product/backlog/")).collect();
    assert_eq!(
        backlog,
        [
            "warning: product/backlog/BL-10.yaml:3:5: skipped: nested deeper than 2 levels; pm reads at most \
             `limits.max_depth` levels (run `pm check`)",
            "warning: product/backlog/BL-11.yaml: skipped: the file is 336 bytes, more than the limit of 300 \
             (`limits.max_file_bytes` in pm.yaml); pm did not read it (run `pm check`)",
        ]
    );
    assert!(run.stdout.ends_with("\nBL-9                          Two levels are fine\n"), "{}", run.stdout);
    let check = env.pm(&["check", "--format", "json", "product/backlog"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains(
            "\"rule\": \"file-limits\",\n    \"severity\": \"error\",\n    \"path\": \"product/backlog/BL-11.yaml\""
        ),
        "{}",
        check.stdout
    );
}

// ---------------------------------------------------------------- ids never become paths

#[test]
fn ids_from_the_command_line_never_become_paths() {
    let env = base();
    fs::create_dir_all(outside(&env)).unwrap();
    let root = env.work.parent().unwrap().to_path_buf();
    let before = snapshot(&root);
    let cases: &[(&[&str], &str)] = &[
        (&["backlog", "show", "../../etc/passwd"], "`../../etc/passwd` is not a backlog id"),
        (&["backlog", "show", "/etc/passwd"], "`/etc/passwd` is not a backlog id"),
        (&["backlog", "show", "\u{412}L-1"], "`\u{412}L-1` is not a backlog id"),
        (&["backlog", "show", "BL-1/../BL-1"], "`BL-1/../BL-1` is not a backlog id"),
        (&["backlog", "edit", "../BL-1", "--set", "owner=x"], "`../BL-1` is not a backlog id"),
        (&["backlog", "move", "BL-\u{1b}[1", "ready"], "`BL-\\u{1b}[1` is not a backlog id"),
        (&["backlog", "rm", "../../outside/x"], "`../../outside/x` is not a backlog id"),
        (&["backlog", "renumber", "BL-1", "--to", "../../outside/BL-2"], "`../../outside/BL-2` is not a backlog id"),
        (&["prd", "show", "../PRD-1"], "../PRD-1"),
        (&["experiment", "show", "../../outside/EXP-1"], "../../outside/EXP-1"),
        (&["metric", "show", "../nps"], "../nps"),
        (&["metric", "add", "../../outside/x", "--name", "x"], "`../../outside/x` is not a metric id"),
        (&["okr", "add", "x", "--cycle", "../../outside/2026-Q1"], "../../outside/2026-Q1"),
        (&["prd", "new", "x", "--template", "../../../outside/t"], "is not a template name"),
        (&["history", "../../etc/passwd"], "../../etc/passwd"),
    ];
    for (args, message) in cases {
        let run = env.pm(args);
        no_panic("cli-ids", args, &run);
        assert!(run.code == 1 || run.code == 2, "pm {}\n{}", args.join(" "), run.snapshot());
        assert!(run.stderr.contains(message), "pm {}: expected {message:?}\n{}", args.join(" "), run.snapshot());
    }
    assert_eq!(snapshot(&root), before);
}

// ---------------------------------------------------------------- writes stay inside

#[test]
fn writes_never_follow_a_link_out_of_the_product() {
    let env = base();
    fs::create_dir_all(outside(&env).join("backlog")).unwrap();
    fs::create_dir_all(outside(&env).join("metrics")).unwrap();
    fs::remove_dir_all(env.path("product/metrics")).unwrap();
    std::os::unix::fs::symlink(outside(&env).join("metrics"), env.path("product/metrics")).unwrap();
    fs::write(outside(&env).join("pm-owned.yaml"), "precious\n").unwrap();
    fs::remove_file(env.path("product/roadmap.yaml")).unwrap();
    std::os::unix::fs::symlink(outside(&env).join("pm-owned.yaml"), env.path("product/roadmap.yaml")).unwrap();
    let root = env.work.parent().unwrap().to_path_buf();
    let before = snapshot(&root);

    let metric = env.pm(&["metric", "add", "churn", "--name", "Churn"]);
    assert_eq!(metric.code, 1, "{}", metric.snapshot());
    assert!(
        metric.stderr.contains("× `product/metrics/churn.yaml` is outside the product folder; pm does not write there"),
        "{}",
        metric.stderr
    );
    let mut cmd = env.pm_cmd(&["roadmap", "add", "Owned"]);
    cmd.env("COLUMNS", "1000");
    let roadmap = env.run(cmd);
    assert_eq!(roadmap.code, 1, "{}", roadmap.snapshot());
    assert!(
        roadmap.stderr.contains(
            "× product/roadmap.yaml cannot be read: a symbolic link to `[ROOT]/outside/pm-owned.yaml`, outside the \
             product folder; pm does not follow it; nothing written"
        ),
        "{}",
        roadmap.stderr
    );
    assert_eq!(snapshot(&root), before);

    // A link inside the product is read, but not written through either.
    fs::remove_file(env.path("product/roadmap.yaml")).unwrap();
    env.write("product/plans/roadmap.yaml", &env.git(&["show", "HEAD:product/roadmap.yaml"]));
    std::os::unix::fs::symlink("plans/roadmap.yaml", env.path("product/roadmap.yaml")).unwrap();
    let before = snapshot(&root);
    let mut cmd = env.pm_cmd(&["roadmap", "add", "Through the link"]);
    cmd.env("COLUMNS", "1000");
    let roadmap = env.run(cmd);
    assert_eq!(roadmap.code, 1, "{}", roadmap.snapshot());
    assert_eq!(
        roadmap.stderr.lines().filter(|l| !l.starts_with("warning: product/metrics")).collect::<Vec<_>>(),
        [
            "  × `[ROOT]/work/product/roadmap.yaml` is a symbolic link; pm does not write through it",
            "  help: replace the link with the file itself"
        ]
    );
    assert_eq!(snapshot(&root), before);
    assert_eq!(fs::read_to_string(outside(&env).join("pm-owned.yaml")).unwrap(), "precious\n");
    assert_eq!(fs::read_dir(outside(&env).join("metrics")).unwrap().count(), 0);

    // The backlog folder itself as a link out: new items are refused too.
    let env = base();
    fs::remove_dir_all(env.path("product/backlog")).unwrap();
    fs::create_dir_all(outside(&env).join("backlog")).unwrap();
    std::os::unix::fs::symlink(outside(&env).join("backlog"), env.path("product/backlog")).unwrap();
    let add = env.pm(&["backlog", "add", "Escape"]);
    assert_eq!(add.code, 1, "{}", add.snapshot());
    assert!(
        add.stderr.contains("× `product/backlog/BL-2.yaml` is outside the product folder; pm does not write there"),
        "{}",
        add.stderr
    );
    assert_eq!(fs::read_dir(outside(&env).join("backlog")).unwrap().count(), 0);
}

#[test]
fn init_never_writes_through_a_link() {
    let env = TestEnv::new();
    let target = env.work.parent().unwrap().join("elsewhere");
    fs::create_dir_all(&target).unwrap();
    std::os::unix::fs::symlink(&target, env.path("product")).unwrap();
    let run = env.pm(&["init"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(run.stderr, "  × `product` is a symbolic link; pm init does not follow it\n");
    assert_eq!(fs::read_dir(&target).unwrap().count(), 0);

    // A dangling link is refused as well: creating the folder would create the target.
    std::os::unix::fs::symlink(target.join("new"), env.path("docs")).unwrap();
    let run = env.pm(&["init", "--dir", "docs"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(run.stderr, "  × `docs` is a symbolic link; pm init does not follow it\n");
    assert!(!target.join("new").exists());
}

#[test]
fn hook_install_never_writes_through_a_link() {
    let env = base();
    let target = env.work.parent().unwrap().join("elsewhere");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join("script"), "#!/bin/sh\necho mine\n").unwrap();

    // The hook file is a link to someone else's script.
    std::os::unix::fs::symlink(target.join("script"), env.path(".git/hooks/pre-commit")).unwrap();
    let run = env.pm(&["hook", "install", "--force"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains(".git/hooks/pre-commit` is a symbolic link; pm does not write through it"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(target.join("script")).unwrap(), "#!/bin/sh\necho mine\n");
    fs::remove_file(env.path(".git/hooks/pre-commit")).unwrap();

    // The hooks folder is a link.
    fs::remove_dir_all(env.path(".git/hooks")).unwrap();
    std::os::unix::fs::symlink(&target, env.path(".git/hooks")).unwrap();
    let run = env.pm(&["hook", "install"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains(".git/hooks` is a symbolic link; pm does not write through it"), "{}", run.stderr);
    assert!(run.stderr.contains("help: point `core.hooksPath` at the real folder"), "{}", run.stderr);
    assert_eq!(fs::read_dir(&target).unwrap().count(), 1);
}

// ---------------------------------------------------------------- output safety

/// A title that would rename the terminal window, break a Markdown table,
/// inject HTML and ping a whole channel.
const HOSTILE: &str = "\u{1b}]0;owned\u{7}| x | <script>alert(1)</script> @channel";

fn hostile_product() -> TestEnv {
    let env = TestEnv::product();
    env.pm(&["backlog", "add", "First"]).success();
    env.write(
        "product/backlog/BL-2.yaml",
        "id: BL-2\ntitle: \"\\e[31mred\\e[0m and \\e]0;owned\\a\"\ntype: story\nstatus: \"\\e[2Jnew\"\nowner: \"@channel\"\n\
         labels: [\"\\u202Eevil\"]\n\"\\e[1mkey\": value\ncreated: 2026-07-01\nupdated: 2026-07-01\n",
    );
    env.write(
        "product/backlog/BL-3.yaml",
        "id: BL-3\ntitle: \"| x | <script>alert(1)</script> @channel\"\ntype: story\nstatus: new\ncreated: 2026-07-01\nupdated: 2026-07-01\n",
    );
    env.write(
        "product/backlog/BL-4.yaml",
        "id: BL-4\ntitle: '=HYPERLINK(\"http://evil.example\",\"click\")'\ntype: bug\nstatus: new\ncreated: 2026-07-01\nupdated: 2026-07-01\n",
    );
    env.pm(&["prd", "new", HOSTILE]).success();
    env.pm(&["roadmap", "add", HOSTILE, "--horizon", "now"]).success();
    env.pm(&["okr", "add", HOSTILE, "--cycle", "2026-Q4"]).success();
    env
}

/// No byte of any output may start an escape sequence or ring the bell.
#[track_caller]
fn inert(run: &Run) -> &Run {
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(!all.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']), "{}", run.snapshot().escape_debug());
    run
}

#[test]
fn hostile_text_is_escaped_in_tables_and_text() {
    let env = hostile_product();
    let list = env.pm(&["backlog", "list"]);
    assert_eq!(
        inert(&list).stdout,
        "ID    TYPE   STATUS        PRI  EST  TITLE\n\
         BL-1         new                     First\n\
         BL-2  story  \\u{1b}[2Jnew            \\u{1b}[31mred\\u{1b}[0m and \\u{1b}]0;owned\\u{7}\n\
         BL-3  story  new                     | x | <script>alert(1)</script> @channel\n\
         BL-4  bug    new                     =HYPERLINK(\"http://evil.example\",\"click\")\n"
    );
    let show = env.pm(&["backlog", "show", "BL-2"]);
    assert_eq!(
        inert(&show).stdout,
        "BL-2  \\u{1b}[31mred\\u{1b}[0m and \\u{1b}]0;owned\\u{7}\nproduct/backlog/BL-2.yaml\n\n\
         type     story\nstatus   \\u{1b}[2Jnew\nowner    @channel\nlabels   \\u{202e}evil\n\
         created  2026-07-01\nupdated  2026-07-01\n\\u{1b}[1mkey  value\n\nReady: yes\n"
    );
    // Error messages quote the value as safely.
    let moved = env.pm(&["backlog", "move", "BL-2", "ready"]);
    assert_eq!(moved.code, 1);
    assert_eq!(
        inert(&moved).stderr,
        "  × cannot move BL-2 from \\u{1b}[2Jnew to ready\n  help: `\\u{1b}[2Jnew` is not in the workflow; use --force \
         to move anyway\n"
    );
    inert(&env.pm(&["backlog", "board"]));
    inert(&env.pm(&["roadmap", "show"]));
    inert(&env.pm(&["roadmap", "show", "--format", "mermaid"]));
    let okr = env.pm(&["okr", "show", "--cycle", "2026-Q4"]);
    assert!(
        inert(&okr).stdout.starts_with(
            "OBJ-1  \\u{1b}]0;owned\\u{7}| x | <script>alert(1)</script> @channel  [2026-Q4, active]  score"
        ),
        "{}",
        okr.stdout
    );
    inert(&env.pm(&["prd", "show", "PRD-1"]));
    inert(&env.pm(&["prd", "list"]));
    inert(&env.pm(&["check"]));
}

#[test]
fn hostile_text_stays_inside_markdown_cells() {
    let env = hostile_product();
    let md = env.pm(&["backlog", "list", "--format", "md"]);
    assert_eq!(
        inert(&md).stdout,
        "| ID | Type | Status | Priority | Estimate | Title |\n|---|---|---|---|---|---|\n\
         | BL-1 |  | new |  |  | First |\n\
         | BL-2 | story | \\\\u{1b}\\[2Jnew |  |  | \\\\u{1b}\\[31mred\\\\u{1b}\\[0m and \\\\u{1b}\\]0;owned\\\\u{7} |\n\
         | BL-3 | story | new |  |  | \\| x \\| &lt;script&gt;alert(1)&lt;/script&gt; @\u{200b}channel |\n\
         | BL-4 | bug | new |  |  | =HYPERLINK(\"http://evil.example\",\"click\") |\n"
    );
    let escaped = "\\\\u{1b}\\]0;owned\\\\u{7}\\| x \\| &lt;script&gt;alert(1)&lt;/script&gt; @\u{200b}channel";
    let prd = env.pm(&["prd", "show", "PRD-1", "--format", "md"]);
    assert_eq!(inert(&prd).stdout.lines().next().unwrap(), format!("# PRD-1: {escaped}"));
    let roadmap = env.pm(&["roadmap", "show", "--format", "md"]);
    assert!(
        inert(&roadmap).stdout.contains(&format!("\n| **RM-1** {escaped} |  |  |  | proposed | — |\n")),
        "{}",
        roadmap.stdout
    );
    let okr = env.pm(&["okr", "show", "--cycle", "2026-Q4", "--format", "md"]);
    assert!(inert(&okr).stdout.contains(&format!("\n## OBJ-1 {escaped}\n")), "{}", okr.stdout);
}

#[test]
fn hostile_text_cannot_run_as_a_spreadsheet_formula() {
    let env = hostile_product();
    let csv = env.pm(&["backlog", "list", "--format", "csv"]);
    assert_eq!(
        inert(&csv).stdout,
        "id,type,status,priority,estimate,owner,labels,parent,blocked_by,title,rank,created,updated,rice_score,ice_score,wsjf_score\r\n\
         BL-1,,new,,,,,,,First,i,2026-11-28,2026-11-28,,,\r\n\
         BL-2,story,\\u{1b}[2Jnew,,,'@channel,\\u{202e}evil,,,\\u{1b}[31mred\\u{1b}[0m and \\u{1b}]0;owned\\u{7},,2026-07-01,2026-07-01,,,\r\n\
         BL-3,story,new,,,,,,,| x | <script>alert(1)</script> @channel,,2026-07-01,2026-07-01,,,\r\n\
         BL-4,bug,new,,,,,,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,2026-07-01,2026-07-01,,,\r\n"
    );
    // JSON keeps the data exact, escaped.
    let json = env.pm(&["backlog", "list", "--format", "json"]);
    let out = &inert(&json).stdout;
    assert!(out.contains("\"title\": \"\\u001b[31mred\\u001b[0m and \\u001b]0;owned\\u0007\","), "{out}");
    assert!(out.contains("\"\\u202eevil\""), "{out}");
    let parsed: serde_json::Value = serde_json::from_str(out).unwrap();
    assert_eq!(parsed[1]["labels"][0], "\u{202e}evil");
}

#[test]
fn raw_control_characters_in_a_file_are_shown_not_sent() {
    let env = hostile_product();
    // Raw escape and bidi characters: not valid YAML, so `pm check` shows the line.
    fs::write(env.path("product/backlog/BL-5.yaml"), "id: BL-5\ntitle: a\u{1b}[2Jb \u{202e}c\n").unwrap();
    let check = env.pm(&["check", "product/backlog/BL-5.yaml"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        inert(&check).stdout,
        "  × yaml-syntax: control characters are not allowed\n   ╭─[product/backlog/BL-5.yaml:2:9]\n 1 │ id: BL-5\n \
         2 │ title: a\\u{1b}[2Jb \\u{202e}c\n   ·         ───┬──\n   ·            ╰── here\n   ╰────\n\n"
    );
    let github = env.pm(&["check", "--format", "github", "product/backlog/BL-5.yaml"]);
    inert(&github);
    let list = env.pm(&["backlog", "list"]);
    assert!(
        inert(&list).stderr.contains(
            "warning: product/backlog/BL-5.yaml:2:9: skipped: control characters are not allowed (run `pm check`)\n"
        ),
        "{}",
        list.stderr
    );
}

// ---------------------------------------------------------------- faults

#[test]
fn killed_writes_leave_the_old_file_or_the_new_one() {
    let env = base();
    env.pm(&["backlog", "edit", "BL-1", "--set", "owner=o0"]).success();
    let mut killed = 0;
    for i in 1..=40u64 {
        let before = env.read("product/backlog/BL-1.yaml");
        let new = before.replace(&format!("owner: o{}", i - 1), &format!("owner: o{i}"));
        let owner = format!("owner=o{i}");
        let mut edit = env.pm_cmd(&["backlog", "edit", "BL-1", "--set", &owner]).spawn().unwrap();
        let mut add = env.pm_cmd(&["backlog", "add", &format!("Item {i}")]).spawn().unwrap();
        // From "not started yet" to "already done": somewhere in between is the write.
        std::thread::sleep(std::time::Duration::from_millis(i % 20));
        let _ = edit.kill();
        let _ = add.kill();
        let edited = edit.wait().unwrap();
        let added = add.wait().unwrap();
        killed += usize::from(!edited.success()) + usize::from(!added.success());
        let after = env.read("product/backlog/BL-1.yaml");
        assert!(after == before || after == new, "iteration {i}: BL-1.yaml is neither version:\n{after}");
        // Every new item is whole or absent; leftover temporary files are hidden and ignored.
        let check = env.pm(&["check"]);
        assert_eq!(check.code, 0, "iteration {i}\n{}", check.snapshot());
        if after == before {
            // The edit did not happen: do it now, so the next round starts from `new`.
            env.pm(&["backlog", "edit", "BL-1", "--set", &owner]).success();
        }
    }
    assert!(killed > 0, "no process was ever interrupted; the test proves nothing");
}

/// Makes a folder unwritable, even for root, until dropped.
struct ReadOnly(PathBuf);

impl ReadOnly {
    /// `None` where nothing can make a folder read-only (root without `chattr`).
    fn new(path: PathBuf) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o555)).unwrap();
        let guard = ReadOnly(path);
        let writable = |p: &Path| {
            let probe = p.join(".probe");
            fs::write(&probe, "").is_ok() && fs::remove_file(&probe).is_ok()
        };
        // Root ignores permissions; the immutable attribute stops it too.
        if writable(&guard.0) {
            let _ = std::process::Command::new("chattr").arg("+i").arg(&guard.0).status();
        }
        if writable(&guard.0) { None } else { Some(guard) }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::process::Command::new("chattr").arg("-i").arg(&self.0).status();
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_read_only_product_gives_a_clear_error_and_changes_nothing() {
    let env = base();
    let root = env.work.parent().unwrap().to_path_buf();
    let (Some(_backlog), Some(_product)) =
        (ReadOnly::new(env.path("product/backlog")), ReadOnly::new(env.path("product")))
    else {
        eprintln!("skipped: this system cannot make a folder read-only for this user");
        return;
    };
    let before = snapshot(&root);
    // Reading works.
    assert_eq!(env.pm(&["check"]).code, 0);
    for args in [
        &["backlog", "edit", "BL-1", "--set", "owner=dana"][..],
        &["backlog", "move", "BL-1", "ready"],
        &["backlog", "add", "New"],
        &["roadmap", "add", "Later"],
    ] {
        let mut cmd = env.pm_cmd(args);
        cmd.env("COLUMNS", "1000");
        let run = env.run(cmd);
        no_panic("read-only", args, &run);
        assert_eq!(run.code, 2, "pm {}\n{}", args.join(" "), run.snapshot());
        assert!(run.stderr.starts_with("  × cannot "), "{}", run.stderr);
        assert!(run.stderr.contains("(os error"), "{}", run.stderr);
        if args[1] != "add" {
            let file = if args[0] == "roadmap" { "roadmap.yaml" } else { "backlog/BL-1.yaml" };
            assert!(run.stderr.contains(&format!("cannot write `[ROOT]/work/product/{file}`:")), "{}", run.stderr);
        }
    }
    assert_eq!(snapshot(&root), before);
}

#[test]
fn a_change_made_meanwhile_is_refused_not_lost() {
    let env = base();
    // The editor stands in for a second writer: it changes the file on disk
    // while pm holds its copy, then saves its own edit.
    let script = env.work.parent().unwrap().join("editor.sh");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf 'owner: someone-else\\n' >> '{}'\nsed -i 's/^title: First item$/title: Mine/' \"$1\"\n",
            env.path("product/backlog/BL-1.yaml").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-1"]);
    cmd.env("EDITOR", &script).env("COLUMNS", "1000");
    let run = env.run(cmd);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let root = env.work.parent().unwrap().display().to_string();
    let stderr = run.stderr.replace(&root, "[ROOT]");
    assert!(
        stderr.starts_with(
            "  × `[ROOT]/work/product/backlog/BL-1.yaml` was changed by someone else since pm read it; nothing written\n  \
             help: re-run the command\n  × product/backlog/BL-1.yaml changed on disk while you edited it and was left as \
             that change made it; your version is kept in [ROOT]/work/.git/pm/recovery/BL-1.yaml\n"
        ),
        "{stderr}"
    );
    // Both versions survive: the other change in the file, the user's in the recovery file.
    let kept: Vec<_> = fs::read_dir(env.path(".git/pm/recovery")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(kept.len(), 1);
    let mine = fs::read_to_string(&kept[0]).unwrap();
    assert!(mine.contains("title: Mine\n") && !mine.contains("someone-else"), "{mine}");
    let text = env.read("product/backlog/BL-1.yaml");
    assert!(text.contains("title: First item\n") && text.ends_with("owner: someone-else\n"), "{text}");
}

#[test]
fn parallel_edits_of_one_item_never_lose_an_update() {
    let env = base();
    let children: Vec<_> = (0..8)
        .map(|i| {
            let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-1", "--add", &format!("label=l{i}")]);
            (i, cmd.env("COLUMNS", "1000").output_spawn())
        })
        .collect();
    let mut written = Vec::new();
    for (i, child) in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        no_panic(
            "parallel",
            &["backlog", "edit"],
            &Run { code: out.status.code().unwrap_or(-1), stdout: String::new(), stderr: stderr.clone() },
        );
        if out.status.success() {
            written.push(format!("l{i}"));
        } else {
            assert!(stderr.contains("was changed by someone else since pm read it; nothing written"), "{stderr}");
        }
    }
    assert!(!written.is_empty());
    let text = env.read("product/backlog/BL-1.yaml");
    let labels = text.lines().find(|l| l.starts_with("labels:")).unwrap_or_default().to_string();
    let mut found: Vec<String> = labels
        .trim_start_matches("labels: [")
        .trim_end_matches(']')
        .split(", ")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    found.sort();
    written.sort();
    // Every edit that said it succeeded is in the file; none was overwritten.
    assert_eq!(found, written, "{text}");
}

#[test]
fn a_stale_lock_file_does_not_block() {
    let env = base();
    // A lock file left by a process that died: the OS released its lock with it.
    fs::write(env.path(".git/pm-id.lock"), "").unwrap();
    let run = env.pm(&["backlog", "add", "After a crash"]);
    assert_eq!(run.success().stdout, "BL-2\n");
}

trait SpawnPiped {
    fn output_spawn(&mut self) -> std::process::Child;
}

impl SpawnPiped for std::process::Command {
    /// Starts the command with stdout and stderr captured.
    fn output_spawn(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
    }
}

// ---------------------------------------------------------------- what pm runs and links

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A `tests.rs` that its folder's `mod.rs` declares only for tests.
fn is_test_module(file: &Path) -> bool {
    file.file_name().is_some_and(|n| n == "tests.rs")
        && fs::read_to_string(file.with_file_name("mod.rs")).is_ok_and(|m| m.contains("#[cfg(test)]\nmod tests;"))
}

#[test]
fn the_only_program_pm_starts_is_the_editor() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let starting: Vec<String> = files
        .iter()
        .filter(|f| {
            // Unit tests may drive git to build histories; pm itself starts nothing else.
            if is_test_module(f) {
                return false;
            }
            let text = fs::read_to_string(f).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
            code.contains("Command::new(")
        })
        .map(|f| f.strip_prefix(root).unwrap().display().to_string())
        .collect();
    // SECURITY.md lists what pm runs; a new one belongs there first.
    assert_eq!(starting, ["src/cli/editor.rs"]);
    // No HTTP, TLS or SSH client is linked: pm cannot reach the network.
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap();
    for name in ["reqwest", "ureq", "hyper", "curl", "openssl-sys", "libssh2-sys", "rustls", "native-tls"] {
        assert!(!lock.contains(&format!("\nname = \"{name}\"\n")), "{name} is in Cargo.lock");
    }
}

#[test]
fn writes_never_replace_a_file_pm_could_not_read() {
    let env = base();
    // Hand-written content that does not parse: pm must not start over from its template.
    env.write("product/roadmap.yaml", "themes: [\n# months of planning\n");
    env.write("product/product.yaml", "name: [\n# the vision, still being written\n");
    env.write("product/okrs/2026-Q4.yaml", "- id: OBJ-1\n  title: [\n");
    let root = env.work.parent().unwrap().to_path_buf();
    let before = snapshot(&root);
    let roadmap = env.pm(&["roadmap", "add", "Later"]);
    assert_eq!(roadmap.code, 1, "{}", roadmap.snapshot());
    assert_eq!(roadmap.stdout, "");
    assert!(
        roadmap.stderr.contains("× product/roadmap.yaml cannot be read: did not find expected node content"),
        "{}",
        roadmap.stderr
    );
    assert!(roadmap.stderr.contains("help: fix the file first; `pm check` shows where"), "{}", roadmap.stderr);
    let product = env.pm(&["product", "edit", "--set", "vision=Fast"]);
    assert_eq!(product.code, 1, "{}", product.snapshot());
    assert!(product.stderr.contains("× product/product.yaml cannot be read:"), "{}", product.stderr);
    let okr = env.pm(&["okr", "add", "Another", "--cycle", "2026-Q4"]);
    assert_eq!(okr.code, 1, "{}", okr.snapshot());
    assert!(okr.stderr.contains("× product/okrs/2026-Q4.yaml cannot be read:"), "{}", okr.stderr);
    assert_eq!(snapshot(&root), before);
}
