//! The parse cache: served only for a file exactly as it was, ignored when
//! damaged or foreign, and bypassed by `--no-cache`.

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use crate::TestEnv;

/// Makes every file written so far count as settled for the parse cache
/// (left alone for two seconds before reading starts): pm's clock is set a
/// minute ahead (`PM_NOW`) instead of waiting.
fn settle(env: &TestEnv) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    env.set_var("PM_NOW", &(now + Duration::from_secs(60)).as_secs().to_string());
}

/// Commands that between them read every kind of artifact.
const READS: &[&[&str]] = &[
    &["backlog", "list", "--format", "json"],
    &["backlog", "show", "BL-2", "--format", "json"],
    &["roadmap", "show", "--format", "json"],
    &["okr", "show", "--format", "json"],
    &["metric", "list", "--format", "json"],
    &["prd", "list", "--format", "json"],
    &["experiment", "list", "--format", "json"],
    &["product", "show"],
    &["check", "--format", "json"],
];

fn cache_files(env: &TestEnv) -> Vec<PathBuf> {
    let dir = env.path(".git/pm");
    let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => {
            entries.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "bin")).collect()
        }
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

fn only_cache_file(env: &TestEnv) -> PathBuf {
    let files = cache_files(env);
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[cfg(unix)]
fn inode(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().ino()
}

#[test]
fn cached_reads_equal_fresh_reads() {
    let env = TestEnv::acme();
    settle(&env);
    let fresh: Vec<_> = READS.iter().map(|args| env.pm(&[&["--no-cache"], *args].concat())).collect();
    assert!(cache_files(&env).is_empty(), "--no-cache wrote a cache");
    // The first read stores every file; the second is served from the cache.
    for (args, want) in READS.iter().zip(&fresh) {
        let first = env.pm(args);
        let cached = env.pm(args);
        for run in [&first, &cached] {
            assert_eq!((run.code, &run.stdout, &run.stderr), (want.code, &want.stdout, &want.stderr), "{args:?}");
        }
    }
    let cache = only_cache_file(&env);
    #[cfg(unix)]
    {
        // Nothing changed: the cache is not even written again.
        let before = inode(&cache);
        env.pm(&["backlog", "list"]).success();
        assert_eq!(inode(&cache), before);
        // A changed file is stored again.
        env.pm(&["backlog", "edit", "BL-2", "--set", "title=Cached no more"]).success();
        settle(&env);
        let show = env.pm(&["backlog", "show", "BL-2", "--format", "json"]);
        assert!(show.stdout.contains("\"title\": \"Cached no more\""), "{}", show.stdout);
        assert_ne!(inode(&cache), before);
    }
}

/// Rewrites `rel` in place (same file, same size) and sets its modification
/// time back to what it was: only the change time tells the edit apart.
fn edit_in_place_keeping_size_and_mtime(env: &TestEnv, rel: &str, from: &str, to: &str) {
    use std::io::{Seek, Write};
    assert_eq!(from.len(), to.len());
    let path = env.path(rel);
    let meta = fs::metadata(&path).unwrap();
    let text = fs::read_to_string(&path).unwrap().replacen(from, to, 1);
    let mut file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.seek(std::io::SeekFrom::Start(0)).unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file.set_modified(meta.modified().unwrap()).unwrap();
    drop(file);
    let after = fs::metadata(&path).unwrap();
    assert_eq!((after.len(), after.modified().unwrap()), (meta.len(), meta.modified().unwrap()));
}

#[test]
fn an_edit_keeping_size_and_mtime_is_seen() {
    let env = TestEnv::acme();
    settle(&env);
    env.pm(&["backlog", "list"]).success();
    only_cache_file(&env);
    edit_in_place_keeping_size_and_mtime(&env, "product/backlog/BL-2.yaml", "title: Apple", "title: Xpple");
    let show = env.pm(&["backlog", "show", "BL-2", "--format", "json"]);
    assert!(show.stdout.contains("\"title\": \"Xpple Pay and Google Pay\""), "{}", show.stdout);
}

#[test]
fn an_edit_within_the_same_timestamp_is_seen() {
    // No pause: the files were just written, and an edit now may keep their
    // timestamps. Such files are never served from the cache.
    let env = TestEnv::acme();
    env.pm(&["backlog", "list"]).success();
    edit_in_place_keeping_size_and_mtime(&env, "product/backlog/BL-2.yaml", "title: Apple", "title: Ypple");
    let show = env.pm(&["backlog", "show", "BL-2", "--format", "json"]);
    assert!(show.stdout.contains("\"title\": \"Ypple Pay and Google Pay\""), "{}", show.stdout);
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored_and_rebuilt() {
    let env = TestEnv::acme();
    settle(&env);
    let want = env.pm(&["--no-cache", "backlog", "list", "--format", "json"]);
    env.pm(&["backlog", "list"]).success();
    let path = only_cache_file(&env);
    let good = fs::read(&path).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let mut other_version = good.clone();
    other_version[8] = other_version[8].wrapping_add(1);
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("one byte changed", flipped),
        ("another format", other_version),
        ("not a cache at all", b"id: BL-1\ntitle: not a cache\n".to_vec()),
    ];
    for (what, bytes) in damaged {
        fs::write(&path, &bytes).unwrap();
        let run = env.pm(&["backlog", "list", "--format", "json"]);
        assert_eq!((run.code, &run.stdout, &run.stderr), (0, &want.stdout, &String::new()), "{what}");
        assert_eq!(fs::read(&path).unwrap(), good, "{what}: the cache is rebuilt as it was");
    }
    // A folder where the cache file belongs does not stop pm either.
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    let run = env.pm(&["backlog", "list", "--format", "json"]);
    assert_eq!((run.code, &run.stdout), (0, &want.stdout));
}

#[test]
fn no_cache_and_pm_no_cache_bypass_the_cache() {
    let env = TestEnv::acme();
    settle(&env);
    env.pm(&["--no-cache", "backlog", "list"]).success();
    let mut cmd = env.pm_cmd(&["backlog", "list"]);
    cmd.env("PM_NO_CACHE", "1");
    env.run(cmd).success();
    assert!(cache_files(&env).is_empty());
    env.pm(&["backlog", "list"]).success();
    only_cache_file(&env);
}

#[test]
fn outside_git_the_cache_is_in_the_user_cache_folder() {
    let env = TestEnv::new();
    env.pm(&["init", "--name", "Loose"]).success();
    env.pm(&["backlog", "add", "First"]).success();
    settle(&env);
    env.pm(&["backlog", "list"]).success();
    // The parse cache, beside the product's state folder (its write lock, any journal).
    let parse_files = |dir: PathBuf| {
        fs::read_dir(&dir)
            .map(|d| d.filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("parse-")).count())
            .unwrap_or(0)
    };
    let home_cache = env.path("../home/.cache/pm");
    assert_eq!(parse_files(home_cache.clone()), 1, "{}", home_cache.display());
    // XDG_CACHE_HOME wins when set.
    let mut cmd = env.pm_cmd(&["backlog", "list"]);
    cmd.env("XDG_CACHE_HOME", env.path("../xdg"));
    env.run(cmd).success();
    assert_eq!(parse_files(env.path("../xdg/pm")), 1);
}

#[test]
fn schema_verdicts_are_kept_only_for_the_schema_they_were_made_under() {
    let env = TestEnv::acme();
    // An item that breaks the schema is reported every time, cached or not.
    let broken = env.read("product/backlog/BL-3.yaml").replacen("status: ", "kano: lots\nstatus: ", 1);
    env.write("product/backlog/BL-3.yaml", &broken);
    settle(&env);
    let check = || env.pm(&["check", "--format", "json"]);
    let fresh = || env.pm(&["--no-cache", "check", "--format", "json"]);
    let want = fresh();
    assert!(want.stdout.contains("kano: "), "{}", want.stdout);
    // The first check stores the parses and the schema verdicts; the next ones use them.
    for _ in 0..3 {
        let run = check();
        assert_eq!((run.code, &run.stdout), (want.code, &want.stdout));
    }
    // A custom field is another schema: BL-2's `effort_days: many`, fine
    // until now, is no longer a number, and its stored verdict must not hide it.
    // (Undeclared, the field is reported as unknown; that rule is off here.)
    let config = env.read("product/pm.yaml").replace("rules: {}\n", "rules: {unknown-field: off}\n");
    env.write("product/pm.yaml", &config);
    let item = env.read("product/backlog/BL-2.yaml").replacen("status: ", "effort_days: many\nstatus: ", 1);
    env.write("product/backlog/BL-2.yaml", &item);
    settle(&env);
    for _ in 0..2 {
        check();
    }
    assert!(!check().stdout.contains("effort_days"), "BL-2 is fine before the change");
    let config = env
        .read("product/pm.yaml")
        .replace("custom_fields: []\n", "custom_fields:\n  - {name: effort_days, type: number}\n");
    env.write("product/pm.yaml", &config);
    let want = fresh();
    assert!(want.stdout.contains("effort_days: "), "{}", want.stdout);
    for _ in 0..2 {
        let run = check();
        assert_eq!((run.code, &run.stdout), (want.code, &want.stdout));
    }
}

#[test]
fn lowered_limits_in_pm_yaml_are_applied_to_cached_files() {
    let env = TestEnv::acme();
    settle(&env);
    let original = env.read("product/pm.yaml");
    let line = "limits: {max_file_bytes: 1048576, max_depth: 64}";
    assert!(original.contains(line), "acme's pm.yaml sets its limits on one line");
    for lowered in ["limits: {max_file_bytes: 600, max_depth: 64}", "limits: {max_file_bytes: 1048576, max_depth: 3}"] {
        // Warm: every file is served from the cache.
        env.pm(&["check"]).success();
        env.pm(&["check"]).success();
        env.write("product/pm.yaml", &original.replace(line, lowered));
        let cached = env.pm(&["check", "--format", "json"]);
        let fresh = env.pm(&["--no-cache", "check", "--format", "json"]);
        assert_eq!(cached.code, 1, "{lowered}: {}", cached.snapshot());
        assert_eq!(cached.snapshot(), fresh.snapshot(), "{lowered}");
        assert!(cached.stdout.contains("\"file-limits\""), "{lowered}: {}", cached.stdout);
        env.write("product/pm.yaml", &original);
        env.pm(&["check"]).success();
    }
    let fresh = env.pm(&["--no-cache", "check"]);
    fresh.success();
    assert_eq!(fresh.snapshot(), env.pm(&["check"]).snapshot());
}
