//! The history index (`.git/pm/history-*.jsonl`): every history command
//! prints exactly the same with the index cold, warm and bypassed, on
//! histories with merges, rewrites, shallow boundaries and replace refs, and
//! a damaged index is rebuilt without a word.

use crate::TestEnv;

/// The history commands compared, run in the product folder `h`.
const COMMANDS: &[&str] = &[
    "log",
    "log --format json",
    "log --format md",
    "log -n 3",
    "log --item BL-33",
    "log --kind objective",
    "log --author priya",
    "log --grep wallet",
    "log --since 2026-11-19 --until 2026-11-25",
    "log HEAD~6..HEAD~2",
    "history BL-33",
    "history RM-2",
    "history KR-1",
    "history OBJ-1",
    "history PRD-1",
    "history nps",
    "report flow --since 2026-11-01",
    "report flow --since 2026-10-01 --by type",
    "report update --since 2026-11-01",
    "report launch MS-4",
    "iteration list",
    "iteration show IT-6",
    "forecast",
    "milestone list",
];

/// A quarter of product work (`examples/replay-history.sh`) in `h`.
fn replayed() -> TestEnv {
    let env = TestEnv::new();
    crate::env::copy_dir(crate::replay::template(), &env.work.join("h"));
    env
}

/// What a command printed, and how it ended.
fn outcome(env: &TestEnv, dir: &str, command: &str, prefix: &str) -> String {
    let run = env.sh(&format!("cd {dir} && {prefix} \"$PM\" {command}"));
    format!("{command}\nexit: {}\n--- stdout\n{}--- stderr\n{}", run.code, run.stdout, run.stderr)
}

/// The files pm keeps of the history of the repository in `dir`: the index
/// (`history-*.jsonl`) and what is computed from it (`history-*-*.json`).
fn history_files(env: &TestEnv, dir: &str) -> Vec<std::path::PathBuf> {
    let git_dir = env.work.join(dir).join(".git/pm");
    let Ok(entries) = std::fs::read_dir(git_dir) else { return Vec::new() };
    let mut out: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("history-"))
        .collect();
    out.sort();
    out
}

/// The index files of the repository in `dir`.
fn index_files(env: &TestEnv, dir: &str) -> Vec<std::path::PathBuf> {
    history_files(env, dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "jsonl")).collect()
}

fn drop_index(env: &TestEnv, dir: &str) {
    for f in history_files(env, dir) {
        std::fs::remove_file(f).unwrap();
    }
}

/// The commands of [`COMMANDS`] that tests of particular histories compare.
const SOME: &[&str] = &[
    "iteration list",
    "milestone list",
    "log",
    "log --format json",
    "log --item BL-33",
    "history BL-33",
    "history KR-1",
    "report flow --since 2026-10-01",
    "report update --since 2026-11-01",
];

/// Each command prints the same without the index, from a cold index and
/// from a warm one; returns what they printed.
#[track_caller]
fn same_every_way(env: &TestEnv, dir: &str, commands: &[&str]) -> Vec<String> {
    drop_index(env, dir);
    let plain: Vec<String> = commands.iter().map(|c| outcome(env, dir, c, "PM_NO_CACHE=1")).collect();
    assert!(history_files(env, dir).is_empty(), "PM_NO_CACHE=1 wrote an index");
    for (command, expected) in commands.iter().zip(&plain) {
        drop_index(env, dir);
        assert_eq!(&outcome(env, dir, command, ""), expected, "cold index");
        assert_eq!(&outcome(env, dir, command, ""), expected, "warm index");
    }
    // One index serves every command in turn, each adding what it reads.
    drop_index(env, dir);
    for (command, expected) in commands.iter().zip(&plain) {
        assert_eq!(&outcome(env, dir, command, ""), expected, "shared index");
    }
    assert_eq!(index_files(env, dir).len(), 1, "no index kept");
    plain
}

#[test]
fn every_history_command_prints_the_same_with_and_without_the_index() {
    let env = replayed();
    let plain = same_every_way(&env, "h", COMMANDS);
    // `--no-cache` bypasses the index as PM_NO_CACHE=1 does.
    drop_index(&env, "h");
    for (command, expected) in COMMANDS.iter().zip(&plain) {
        let run = outcome(&env, "h", &format!("--no-cache {command}"), "");
        assert_eq!(run.replacen("--no-cache ", "", 1), *expected);
    }
    assert!(history_files(&env, "h").is_empty(), "--no-cache wrote an index");
    // The commands did read history: the quarter's changes are there.
    assert!(plain[0].contains("BL-33"), "{}", plain[0]);
    assert!(plain[10].contains("created"), "{}", plain[10]);
}

#[test]
fn the_published_site_is_the_same_with_and_without_the_index() {
    let env = replayed();
    let tree = |dir: &str| {
        let mut files: Vec<(String, Vec<u8>)> = walk(&env.work.join(dir));
        files.sort();
        files
    };
    let run = env.sh("cd h && PM_NO_CACHE=1 \"$PM\" publish --out ../plain >/dev/null");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(index_files(&env, "h").is_empty());
    let run = env.sh("cd h && \"$PM\" publish --out ../cold >/dev/null && \"$PM\" publish --out ../warm >/dev/null");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(index_files(&env, "h").len(), 1);
    let plain = tree("plain");
    assert!(plain.iter().any(|(p, b)| p.contains("changelog") && String::from_utf8_lossy(b).contains("BL-33")));
    assert_eq!(tree("cold"), plain);
    assert_eq!(tree("warm"), plain);
}

/// Every file below `dir`, by its path relative to `dir`.
fn walk(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

#[test]
fn merges_and_rewritten_history() {
    let env = replayed();
    let sh = |script: &str| {
        let run = env.sh(&format!("cd h && {script}"));
        assert_eq!(run.code, 0, "{script}\n{}", run.snapshot());
    };
    // A branch merged with a merge commit, and work on main meanwhile.
    sh(
        "git checkout -q -b side && \"$PM\" backlog edit BL-12 --set priority=p0 >/dev/null && git commit -qam 'side: BL-12 p0'",
    );
    sh("git checkout -q main && \"$PM\" roadmap move RM-6 later >/dev/null && git commit -qam 'main: RM-6 later'");
    sh("git merge -q --no-ff side -m 'merge side'");
    same_every_way(&env, "h", SOME);
    // Amending the last commit: the old commit is no longer reachable, and
    // the index forgets it.
    let old = env.git(&["-C", "h", "rev-parse", "HEAD~1"]).trim().to_string();
    sh(
        "git reset -q --hard HEAD~1 && \"$PM\" backlog edit BL-13 --set priority=p0 >/dev/null && git commit -q --amend -am 'main: RM-6 later, BL-13 p0'",
    );
    let plain = outcome(&env, "h", "log -n 2", "PM_NO_CACHE=1");
    assert!(plain.contains("BL-13"), "{plain}");
    assert_eq!(outcome(&env, "h", "log -n 2", ""), plain);
    let index = std::fs::read_to_string(&index_files(&env, "h")[0]).unwrap();
    assert!(!index.contains(&old), "the rewritten commit {old} is still indexed");
    same_every_way(&env, "h", SOME);
}

#[test]
fn shallow_clones_and_replace_refs() {
    let env = replayed();
    let run = env.sh("git clone -q --depth 8 \"file://$PWD/h\" s");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let cut = same_every_way(&env, "s", SOME);
    assert!(cut[5].contains("history is cut here"), "{}", cut[5]);
    // Deepening the clone moves the boundary: the index of the shallow
    // clone must not be served.
    outcome(&env, "s", "log", "");
    let run = env.sh("cd s && git fetch -q --unshallow");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let full = outcome(&env, "s", "history BL-33", "PM_NO_CACHE=1");
    assert!(!full.contains("history is cut here"), "{full}");
    assert_eq!(outcome(&env, "s", "history BL-33", ""), full);
    same_every_way(&env, "s", SOME);
    // A replace ref gives a commit another's content.
    let run = env.sh("cd h && git replace HEAD~3 HEAD~4");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    same_every_way(&env, "h", SOME);
}

#[test]
fn a_damaged_index_is_rebuilt_without_a_word() {
    let env = replayed();
    let expected = outcome(&env, "h", "log", "PM_NO_CACHE=1");
    assert_eq!(outcome(&env, "h", "log", ""), expected);
    let file = index_files(&env, "h").remove(0);
    let whole = std::fs::read(&file).unwrap();
    assert!(whole.ends_with(b"\nend\n"));
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("cut short", whole[..whole.len() / 2].to_vec()),
        ("last line missing", whole[..whole.len() - 4].to_vec()),
        ("empty", Vec::new()),
        ("garbage", b"\x00\xff not an index \n\n".to_vec()),
        (
            "another format",
            String::from_utf8_lossy(&whole).replacen("pm-history-index 1", "pm-history-index 0", 1).into(),
        ),
        ("a foreign key", {
            let text = String::from_utf8_lossy(&whole).into_owned();
            let at = text.find("\"key\":\"").unwrap() + 7;
            format!("{}0000{}", &text[..at], &text[at + 4..]).into_bytes()
        }),
        ("an entry damaged", String::from_utf8_lossy(&whole).replacen("\"commit\"", "\"kommit\"", 1).into()),
    ];
    for (what, bytes) in damages {
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(outcome(&env, "h", "log", ""), expected, "{what}");
        assert_eq!(std::fs::read(&file).unwrap(), whole, "{what}: the index was not rebuilt");
    }
    // A folder where the index belongs: history still works.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    assert_eq!(outcome(&env, "h", "log", ""), expected, "a folder in the way");
}

#[test]
fn concurrent_readers_never_corrupt_the_index() {
    let env = replayed();
    let expected = outcome(&env, "h", "report flow --since 2026-10-01", "PM_NO_CACHE=1");
    for _ in 0..5 {
        drop_index(&env, "h");
        let run = env.sh(
            "cd h && for i in 1 2 3 4; do (\"$PM\" report flow --since 2026-10-01 > out$i 2>&1; echo $? >> out$i) & done; wait; \
             cat out1 out2 out3 out4; rm out1 out2 out3 out4",
        );
        let body = expected.split_once("--- stdout\n").unwrap().1.replace("--- stderr\n", "");
        assert_eq!(run.stdout, format!("{body}0\n").repeat(4));
        let index = std::fs::read(&index_files(&env, "h")[0]).unwrap();
        assert!(index.ends_with(b"\nend\n"), "a torn index");
        assert_eq!(outcome(&env, "h", "report flow --since 2026-10-01", ""), expected);
    }
}

#[test]
fn the_day_a_log_is_read_on_is_honoured() {
    // An open objective's key results are scored as of today, a closed one's
    // as of its cycle's end: a commit that records a January observation of
    // KR-4's metric and checks KR-4 in reads differently before and after
    // the quarter ends, so a log read on another day is computed again.
    let env = replayed();
    let run = env.sh(
        "cd h && PM_TODAY=2027-02-05 \"$PM\" metric record checkout_conversion 99 --period 2027-01 >/dev/null && \
         PM_TODAY=2026-11-20 \"$PM\" okr checkin KR-4 68.5 --date 2026-11-20 >/dev/null && git commit -qam 'January, and a check-in'",
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let command = "log -n 1 --kind key_result";
    let open = outcome(&env, "h", command, "PM_NO_CACHE=1 PM_TODAY=2026-12-01");
    let closed = outcome(&env, "h", command, "PM_NO_CACHE=1 PM_TODAY=2027-03-01");
    assert!(open.contains("progress 0.42 → 1"), "{open}");
    assert!(!closed.contains("progress"), "{closed}");
    for (today, expected) in [("2026-12-01", &open), ("2027-03-01", &closed), ("2026-12-01", &open)] {
        assert_eq!(&outcome(&env, "h", command, &format!("PM_TODAY={today}")), expected, "{today}");
    }
}

#[test]
fn a_moved_product_folder_has_an_index_of_its_own() {
    let env = replayed();
    let run = env.sh("cd h && \"$PM\" log > /dev/null && mkdir -p nested && git mv product nested/product && git commit -qm 'move the product'");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    for command in ["log -n 3", "history BL-33", "report flow --since 2026-11-01"] {
        let expected = outcome(&env, "h/nested", command, "PM_NO_CACHE=1");
        assert!(expected.contains("exit: 0"), "{expected}");
        assert_eq!(outcome(&env, "h/nested", command, ""), expected);
        assert_eq!(outcome(&env, "h/nested", command, ""), expected);
    }
    assert_eq!(index_files(&env, "h").len(), 2, "one index per product folder");
}

#[test]
fn what_forecasts_keep_follows_the_configuration() {
    // Velocity and forecasts count the moves into a done-category status:
    // with `done` no longer in that category (an edit of pm.yaml, not
    // committed), what was kept for the old configuration must not be served.
    let env = replayed();
    let before = outcome(&env, "h", "iteration list", "");
    assert_eq!(outcome(&env, "h", "iteration list", ""), before);
    let config = env.read("h/product/pm.yaml");
    let edited = config.replace("{status: done, category: done,", "{status: done, category: in_progress,");
    assert_ne!(config, edited);
    env.write("h/product/pm.yaml", &edited);
    let plain = outcome(&env, "h", "iteration list", "PM_NO_CACHE=1");
    assert_ne!(plain, before, "the edit changes velocity");
    assert_eq!(outcome(&env, "h", "iteration list", ""), plain);
    assert_eq!(outcome(&env, "h", "iteration list", ""), plain);
    env.write("h/product/pm.yaml", &config);
    assert_eq!(outcome(&env, "h", "iteration list", ""), before);
}
