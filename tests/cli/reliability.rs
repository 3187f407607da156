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
    assert!(err.contains("product/backlog/BL-1.yaml would be 1080"), "{err}");
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
    assert!(
        err.contains("product/backlog/BL-2.yaml (nothing written): file-limits: nested deeper than 1 levels"),
        "{err}"
    );
}

const TOP: &str = "18446744073709551615";

/// Moves `rel` (whose `id:` is `from`) to the id numbered u64::MAX, file name included.
fn to_top(env: &TestEnv, dir: &str, from: &str, prefix: &str) {
    let rel = format!("product/{dir}/{from}.yaml");
    let text = env.read(&rel).replace(&format!("id: {from}\n"), &format!("id: {prefix}-{TOP}\n"));
    std::fs::remove_file(env.path(&rel)).unwrap();
    env.write(&format!("product/{dir}/{prefix}-{TOP}.yaml"), &text);
}

#[test]
fn an_id_at_the_maximum_is_a_check_error_and_allocation_never_wraps() {
    let env = TestEnv::acme();
    to_top(&env, "backlog", "BL-48", "BL");
    let run = env.pm(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<String> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["rule"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [format!("id-out-of-range product/backlog/BL-{TOP}.yaml the number of `BL-{TOP}` is too large")],
        "{}",
        run.stdout
    );

    for args in [&["backlog", "add", "x"][..], &["backlog", "renumber", "BL-5"]] {
        let err = flat(&refused(&env, args, 1));
        assert!(
            err.contains(&format!(
                "no BL id is left after BL-{TOP}: ids go up to BL-18446744073709551614; nothing written"
            )),
            "{err}"
        );
        assert!(err.contains(&format!("pm backlog renumber BL-{TOP} --to BL-<n>")), "{err}");
    }
    // An id one below is allocated once; the id after it is refused, not wrapped.
    let run = env.pm(&["backlog", "renumber", &format!("BL-{TOP}"), "--to", "BL-18446744073709551613"]);
    run.success();
    assert_eq!(env.pm(&["backlog", "add", "last"]).stdout, "BL-18446744073709551614\n");
    env.pm(&["check"]).success();
    let err = flat(&refused(&env, &["backlog", "add", "one more"], 1));
    assert!(err.contains("no BL id is left after BL-18446744073709551614"), "{err}");

    // On another branch only: allocation still sees it.
    let env = TestEnv::acme();
    env.git(&["checkout", "-q", "-b", "other"]);
    to_top(&env, "backlog", "BL-48", "BL");
    env.git(&["add", "-A"]);
    env.git(&["commit", "-q", "-m", "top"]);
    env.git(&["checkout", "-q", "main"]);
    env.pm(&["check"]).success();
    let err = flat(&refused(&env, &["backlog", "add", "x"], 1));
    assert!(err.contains(&format!("no BL id is left after BL-{TOP}")), "{err}");
}

#[test]
fn other_kinds_refuse_to_allocate_past_the_maximum() {
    let env = TestEnv::acme();
    to_top(&env, "experiments", "EXP-3", "EXP");
    to_top(&env, "prds", "PRD-3", "PRD");
    let okrs = env.read("product/okrs/2026-Q4.yaml").replace("- id: KR-4\n", &format!("- id: KR-{TOP}\n"));
    env.write("product/okrs/2026-Q4.yaml", &okrs);
    let run = env.pm(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    for id in [format!("EXP-{TOP}"), format!("PRD-{TOP}"), format!("KR-{TOP}")] {
        assert!(run.stdout.contains(&format!("the number of `{id}` is too large")), "{id}: {}", run.stdout);
    }
    let cases: [(&[&str], &str); 3] = [
        (&["experiment", "add", "--hypothesis", "h", "--metric", "checkout_conversion"], "EXP"),
        (&["prd", "new", "x"], "PRD"),
        (&["okr", "kr", "add", "OBJ-3", "x", "--baseline", "1", "--target", "2"], "KR"),
    ];
    for (args, prefix) in cases {
        let err = flat(&refused(&env, args, 1));
        assert!(err.contains(&format!("no {prefix} id is left after {prefix}-{TOP}")), "{args:?}: {err}");
    }
}

/// Runs `pm` outside git (the id lock is `product/.pm-id.lock`) and returns its run and duration.
fn timed(env: &TestEnv, args: &[&str], timeout: &str) -> (crate::env::Run, std::time::Duration) {
    let start = std::time::Instant::now();
    let mut cmd = env.pm_cmd(args);
    cmd.env("PM_LOCK_TIMEOUT", timeout);
    let run = env.run(cmd);
    (run, start.elapsed())
}

/// A product outside any git repository.
fn plain_product() -> TestEnv {
    let env = TestEnv::new();
    env.pm(&["init", "--name", "Test"]).success();
    assert!(!env.exists(".git"));
    env
}

#[cfg(unix)]
#[test]
fn the_id_lock_never_follows_a_link_nor_opens_a_pipe() {
    let env = plain_product();
    let target = env.path("elsewhere.txt");
    std::os::unix::fs::symlink(&target, env.path("product/.pm-id.lock")).unwrap();
    let (run, _) = timed(&env, &["backlog", "add", "x"], "5");
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        flat(&run.stderr)
            .contains("lock file `[ROOT]/work/product/.pm-id.lock` is not a regular file; pm does not use it"),
        "{}",
        run.stderr
    );
    assert!(!target.exists(), "the link was followed");
    assert!(!env.exists("product/backlog/BL-1.yaml"));

    std::fs::remove_file(env.path("product/.pm-id.lock")).unwrap();
    let made = std::process::Command::new("mkfifo").arg(env.path("product/.pm-id.lock")).status().unwrap();
    assert!(made.success());
    let (run, took) = timed(&env, &["backlog", "add", "x"], "5");
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(flat(&run.stderr).contains("is not a regular file; pm does not use it"), "{}", run.stderr);
    assert!(took < std::time::Duration::from_secs(4), "a pipe made pm wait {took:?}");
    assert!(!env.exists("product/backlog/BL-1.yaml"));
}

#[test]
fn a_held_lock_names_its_holder_and_is_given_up_on() {
    use std::time::Duration;
    let env = TestEnv::product();
    let lock = env.path(".git/pm-id.lock");
    std::fs::write(&lock, "pid 4242\nsince 2026-11-28T09:00:00Z\ncommand pm backlog add \u{1b}[31mother\n").unwrap();
    let held = std::fs::OpenOptions::new().read(true).write(true).open(&lock).unwrap();
    held.lock().unwrap();
    let before = env.tree("product");
    let (run, took) = timed(&env, &["backlog", "add", "x"], "2.5");
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(
        run.stderr.lines().next().unwrap(),
        "pm: waiting for id allocation, locked by pid 4242 (`pm backlog add \\u{1b}[31mother`) since 2026-11-28T09:00:00Z"
    );
    assert!(
        flat(&run.stderr).replace("- ", "-").contains(
            "id allocation is locked by pid 4242 (`pm backlog add \\u{1b}[31mother`) since 2026-11-28T09:00:00Z; gave up after 2.5 s; nothing written"
        ),
        "{}",
        run.stderr
    );
    assert!(took >= Duration::from_millis(2400) && took < Duration::from_secs(6), "{took:?}");
    assert_eq!(env.tree("product"), before);

    // The timeout from pm.yaml, when the environment does not set one.
    set_limits(&env, "limits: {max_file_bytes: 1048576, max_depth: 64, lock_timeout_secs: 1}");
    let start = std::time::Instant::now();
    let run = env.pm(&["backlog", "add", "x"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(flat(&run.stderr).contains("gave up after 1 s; nothing written"), "{}", run.stderr);
    assert!(start.elapsed() < Duration::from_secs(5));

    // Released (as the kernel does when a holder dies): the next pm takes it and records itself.
    drop(held);
    let run = env.pm(&["backlog", "add", "x"]);
    run.success();
    assert_eq!(run.stdout, "BL-1\n");
    let recorded = std::fs::read_to_string(&lock).unwrap();
    let lines: Vec<&str> = recorded.lines().collect();
    assert!(lines[0].starts_with("pid ") && lines[1].starts_with("since 20"), "{recorded}");
    assert!(lines[2].starts_with("command ") && lines[2].ends_with("backlog add x"), "{recorded}");
}

#[test]
fn publish_and_export_never_write_into_the_product_folder() {
    let env = TestEnv::acme();
    let before = env.tree("product");
    let run = env.pm(&["publish", "--out", "product/site"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert_eq!(
        flat(&run.stderr),
        "× `product/site` is in the product folder `product`; pm does not publish there help: publish next to the product instead, for example `pm publish --out site`"
    );
    for out in ["product/roadmap.yaml", "product/backlog/x.csv", "product/new.json"] {
        let run = env.pm(&["export", "--kind", "roadmap", "--format", "json", "--out", out]);
        assert_eq!(run.code, 2, "{}", run.snapshot());
        assert!(
            flat(&run.stderr)
                .starts_with(&format!("× `{out}` is in the product folder `product`; pm does not export there")),
            "{}",
            run.stderr
        );
    }
    assert_eq!(env.tree("product"), before);
}

#[test]
fn export_replaces_only_its_own_earlier_output() {
    let env = TestEnv::acme();
    env.write("notes.csv", "mine\n");
    let run = env.pm(&["export", "--out", "notes.csv"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(
        flat(&run.stderr),
        "× `notes.csv` exists and is not an earlier export of pm; nothing written help: choose another file, or pass --force to replace it"
    );
    assert_eq!(env.read("notes.csv"), "mine\n");
    // An export to a new file, then again over it: its own output.
    env.pm(&["export", "--out", "backlog.csv"]).success();
    let first = env.read("backlog.csv");
    env.pm(&["backlog", "edit", "BL-5", "--set", "owner=zoe"]).success();
    env.pm(&["export", "--out", "backlog.csv"]).success();
    assert_ne!(env.read("backlog.csv"), first);
    // Changed by someone since: no longer pm's own.
    env.write("backlog.csv", &format!("{}edited\n", env.read("backlog.csv")));
    let run = env.pm(&["export", "--out", "backlog.csv"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(env.read("backlog.csv").ends_with("edited\n"));
    // --force replaces it, and makes it pm's own.
    env.pm(&["export", "--out", "notes.csv", "--force"]).success();
    assert!(env.read("notes.csv").starts_with("id,"), "{}", env.read("notes.csv"));
    env.pm(&["export", "--out", "notes.csv"]).success();
}

#[test]
fn yaml_files_with_another_extension_are_reported_not_skipped() {
    let env = TestEnv::acme();
    for (from, to) in [("BL-4.yaml", "BL-4.yml"), ("BL-3.yaml", "BL-3.YAML")] {
        std::fs::rename(env.path(&format!("product/backlog/{from}")), env.path(&format!("product/backlog/{to}")))
            .unwrap();
    }
    env.write("product/backlog/README.md", "notes, not an item\n");
    let run = env.pm(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    let found: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let wrong: Vec<String> = found
        .iter()
        .filter(|f| f["rule"] == "wrong-extension")
        .map(|f| format!("{}: {}", f["path"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        wrong,
        [
            "product/backlog/BL-3.YAML: the file name ends otherwise than `.yaml`; pm reads only `backlog/BL-3.yaml`",
            "product/backlog/BL-4.yml: the file name ends otherwise than `.yaml`; pm reads only `backlog/BL-4.yaml`",
        ]
    );
    // Every other command says so too (exit 1), and goes on with the rest.
    let run = env.pm(&["backlog", "list"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("warning: product/backlog/BL-4.yml: skipped: the file name ends otherwise than `.yaml`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("warning: product/backlog/BL-3.YAML: skipped:"), "{}", run.stderr);
    assert!(!run.stderr.contains("README"), "{}", run.stderr);
}

#[test]
fn csv_cells_with_tabs_are_quoted() {
    let env = TestEnv::product();
    env.pm(&["backlog", "add", "tab\there"]).success();
    let run = env.pm(&["backlog", "list", "--format", "csv"]);
    run.success();
    assert!(run.stdout.contains(",\"tab\there\","), "{}", run.stdout);
    let run = env.pm(&["export", "--format", "csv"]);
    run.success();
    assert!(run.stdout.contains(",\"tab\there\","), "{}", run.stdout);
}

#[test]
fn staged_reads_with_nothing_staged_fail_as_clearly_as_check_staged() {
    let env = TestEnv::product();
    let check = env.pm(&["--staged", "check"]);
    assert_eq!(check.code, 2, "{}", check.snapshot());
    let want = "× git: product/pm.yaml is not in the index: nothing of the product is staged yet help: stage it with `git add`, or check the working tree without --staged";
    assert_eq!(flat(&check.stderr), want);
    for args in [&["--staged", "backlog", "list"][..], &["--staged", "roadmap", "show"], &["--staged", "okr", "show"]] {
        let run = env.pm(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.snapshot());
        assert_eq!(flat(&run.stderr), want, "{args:?}");
    }
}

#[test]
fn a_damaged_git_object_names_git_fsck() {
    let env = TestEnv::acme();
    let blob = env.git(&["rev-parse", "HEAD:product/backlog/BL-5.yaml"]).trim().to_string();
    let object = env.path(&format!(".git/objects/{}/{}", &blob[..2], &blob[2..]));
    let mut perms = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).unwrap();
    std::fs::write(&object, "garbage").unwrap();
    for args in [&["--at", "HEAD", "backlog", "list"][..], &["--at", "HEAD", "check"], &["history", "BL-5"]] {
        let run = env.pm(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.snapshot());
        assert_eq!(
            flat(&run.stderr),
            "× git: failed to inflate loose object help: an object in the repository is damaged: `git fsck` lists what is damaged",
            "{args:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn import_backlog_md_never_follows_links_out_of_the_named_folder() {
    use std::os::unix::fs::symlink;
    let env = TestEnv::product();
    let task = "---\nid: task-1\ntitle: Inside\nstatus: To Do\n---\n";
    env.write("bmd/backlog/tasks/task-1 - Inside.md", task);
    env.write("secret/task-9 - Secret.md", &task.replace("task-1", "task-9").replace("Inside", "Secret"));
    env.write("secret/tasks/task-8 - Elsewhere.md", &task.replace("task-1", "task-8").replace("Inside", "Elsewhere"));
    symlink(env.path("secret/task-9 - Secret.md"), env.path("bmd/backlog/tasks/task-9 - Secret.md")).unwrap();
    symlink(env.path("secret/tasks"), env.path("bmd/backlog/completed")).unwrap();
    // A link that stays inside is read.
    env.write("bmd/backlog/drafts/two.md", &task.replace("task-1", "task-2").replace("Inside", "Linked inside"));
    symlink(env.path("bmd/backlog/drafts/two.md"), env.path("bmd/backlog/task-2 - Linked.md")).unwrap();
    let run = env.pm(&["import", "backlog-md", "bmd/backlog"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let titles: Vec<String> = std::fs::read_dir(env.path("product/backlog"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            text.lines().find_map(|l| l.strip_prefix("title: ")).unwrap().to_string()
        })
        .collect();
    assert!(!titles.iter().any(|t| t.contains("Secret") || t.contains("Elsewhere")), "{titles:?}");
    assert_eq!(titles.len(), 2, "{titles:?}\n{}", run.snapshot());
    assert!(titles.iter().any(|t| t.contains("Linked inside")), "{titles:?}");
}

#[test]
fn temporary_files_of_dead_processes_are_removed_on_the_next_write() {
    let env = TestEnv::product();
    env.pm(&["backlog", "add", "one"]).success();
    // 99999999 is above any pid Linux hands out: that process is gone.
    let dead = "product/backlog/.BL-1.yaml.99999999.3.pm-tmp";
    let live = format!("product/backlog/.BL-1.yaml.{}.0.pm-tmp", std::process::id());
    let other = "product/okrs/.2026-Q4.yaml.99999999.0.pm-tmp";
    for rel in [dead, live.as_str(), other] {
        env.write(rel, "half a file");
    }
    // Reads leave them; the next write in the folder removes the dead one.
    env.pm(&["backlog", "list"]).success();
    assert!(env.exists(dead));
    env.pm(&["backlog", "edit", "BL-1", "--set", "owner=dana"]).success();
    assert!(!env.exists(dead), "a dead process's temporary file was left");
    assert!(env.exists(&live), "a running process's temporary file was removed");
    assert!(env.exists(other), "a folder pm did not write in was touched");
    // A transaction sweeps the folders it writes in as well.
    env.pm(&["backlog", "add", "two"]).success();
    env.write("product/backlog/.BL-2.yaml.99999999.1.pm-tmp", "x");
    env.pm(&["backlog", "renumber", "BL-2"]).success();
    assert!(!env.exists("product/backlog/.BL-2.yaml.99999999.1.pm-tmp"));
}
