use crate::TestEnv;

const HAND_WRITTEN: &str = "\
# Agreed with the payments team on 2026-10-02.
title: \"Pay with a saved card\"   # the wording legal approved
id: BL-60
status: ready

# Scoring from the October planning session
rice: {reach: 800, impact: 2, confidence: 0.8, effort: 3}
labels: [checkout]
customer_quote: >-
  I hate typing my card number
  on my phone.
type: story
priority: p2
rank: \"x\"
created: 2026-10-01
updated: 2026-10-02
";

fn setup() -> TestEnv {
    let env = TestEnv::acme();
    env.write("product/backlog/BL-60.yaml", HAND_WRITTEN);
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "hand-written item"]);
    env
}

#[test]
fn edits_change_only_the_edited_values() {
    let env = setup();
    env.pm(&["backlog", "edit", "BL-60", "--set", "priority=p1"]).success();
    env.pm(&["backlog", "move", "BL-60", "in_progress"]).success();
    env.pm(&["backlog", "rank", "BL-60", "--top"]).success();
    env.pm(&["backlog", "edit", "BL-60", "--add", "label=payments"]).success();
    let diff = env.git(&["diff", "-U0", "--no-color", "product/backlog/BL-60.yaml"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| (l.starts_with('+') || l.starts_with('-')) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert_eq!(
        changed,
        [
            "-status: ready",
            "+status: in_progress",
            "-labels: [checkout]",
            "+labels: [checkout, payments]",
            "-priority: p2",
            "-rank: \"x\"",
            "+priority: p1",
            "+rank: \"0zz\"",
            "-updated: 2026-10-02",
            "+updated: 2026-11-28",
        ],
        "{diff}"
    );
    // Everything else is byte for byte what the user wrote.
    let expected = HAND_WRITTEN
        .replace("status: ready", "status: in_progress")
        .replace("labels: [checkout]", "labels: [checkout, payments]")
        .replace("priority: p2", "priority: p1")
        .replace("rank: \"x\"", "rank: \"0zz\"")
        .replace("updated: 2026-10-02", "updated: 2026-11-28");
    assert_eq!(env.read("product/backlog/BL-60.yaml"), expected);
}

#[test]
fn unset_and_remove_leave_the_rest_alone() {
    let env = setup();
    env.pm(&["backlog", "edit", "BL-60", "--unset", "customer_quote", "--remove", "labels=checkout"]).success();
    let text = env.read("product/backlog/BL-60.yaml");
    let expected = HAND_WRITTEN
        .replace("customer_quote: >-\n  I hate typing my card number\n  on my phone.\n", "")
        .replace("labels: [checkout]", "labels: []")
        .replace("updated: 2026-10-02", "updated: 2026-11-28");
    assert_eq!(text, expected);
}

#[test]
fn writes_are_atomic_renames() {
    let env = setup();
    let path = env.path("product/backlog/BL-60.yaml");
    let before = std::fs::metadata(&path).unwrap();
    env.pm(&["backlog", "edit", "BL-60", "--set", "owner=mei"]).success();
    let after = std::fs::metadata(&path).unwrap();
    // A rename replaces the file: the inode changes. No temporary file is left behind.
    use std::os::unix::fs::MetadataExt;
    assert_ne!(before.ino(), after.ino());
    let leftovers: Vec<_> = std::fs::read_dir(env.path("product/backlog"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn invalid_edits_change_nothing() {
    let env = setup();
    let before = env.tree("product");
    // A value the schema refuses is a usage error (2); one a rule or the file refuses is refused (1).
    for (args, code) in [
        (&["backlog", "edit", "BL-60", "--set", "priority=urgent"][..], 2),
        (&["backlog", "edit", "BL-60", "--set", "parent=BL-999"], 1),
        (&["backlog", "edit", "BL-60", "--set", "rice.effort=0"], 1),
        (&["backlog", "edit", "BL-60", "--set", "estimate=4"], 2),
        (&["backlog", "edit", "BL-60", "--add", "blocked_by=BL-60"], 1),
        (&["backlog", "edit", "BL-60", "--remove", "labels=nope"], 1),
    ] {
        let run = env.pm(args);
        assert_eq!(run.code, code, "{args:?}: {}", run.snapshot());
        assert_eq!(run.stdout, "");
        assert!(run.stderr.starts_with("  × product/backlog/BL-60.yaml"), "{args:?}: {}", run.snapshot());
    }
    assert_eq!(env.tree("product"), before);
}
