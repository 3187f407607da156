use insta::assert_snapshot;

use crate::TestEnv;

#[test]
fn at_reads_a_revision() {
    let env = TestEnv::acme();
    env.pm(&["backlog", "edit", "BL-1", "--set", "title=Hosted checkout page v3"]).success();
    env.git(&["commit", "-qam", "rename"]);
    let now = env.pm(&["backlog", "list", "--type", "epic", "--format", "csv"]);
    let before = env.pm(&["--at", "HEAD~1", "backlog", "list", "--type", "epic", "--format", "csv"]);
    assert!(now.stdout.contains("Hosted checkout page v3"));
    assert!(before.stdout.contains("Hosted checkout page v2"));
    assert!(!before.stdout.contains("v3"));
    let show = env.pm(&["--at", "HEAD~1", "backlog", "show", "BL-1", "--format", "json"]);
    assert!(show.stdout.contains("\"title\": \"Hosted checkout page v2\""));
}

#[test]
fn staged_reads_the_index_not_the_working_tree() {
    let env = TestEnv::acme();
    env.pm(&["backlog", "edit", "BL-2", "--set", "title=Staged title"]).success();
    env.git(&["add", "product/backlog/BL-2.yaml"]);
    env.pm(&["backlog", "edit", "BL-2", "--set", "title=Unstaged title"]).success();
    let staged = env.pm(&["--staged", "backlog", "show", "BL-2", "--format", "json"]);
    assert!(staged.stdout.contains("\"title\": \"Staged title\""), "{}", staged.stdout);
    let work = env.pm(&["backlog", "show", "BL-2", "--format", "json"]);
    assert!(work.stdout.contains("\"title\": \"Unstaged title\""));
}

#[test]
fn unknown_revision_is_a_clear_error() {
    let env = TestEnv::acme();
    let run = env.pm(&["--at", "no-such-branch", "backlog", "list"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.snapshot());
}

#[test]
fn writes_refuse_a_revision() {
    let env = TestEnv::acme();
    let run = env.pm(&["--at", "HEAD", "backlog", "add", "x"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.snapshot());
    // After the command, a write takes neither flag, and its help does not offer them.
    let before = env.tree("product");
    for args in [
        &["backlog", "add", "x", "--at", "HEAD"][..],
        &["okr", "checkin", "KR-5", "96", "--staged"],
        &["prd", "goal", "add", "PRD-1", "x", "--at", "main"],
    ] {
        let run = env.pm(args);
        assert_eq!(run.code, 2, "{}", run.snapshot());
        let flag = if args.contains(&"--staged") { "--staged" } else { "--at" };
        assert!(
            run.stderr.contains(&format!("this command changes the working tree; {flag} is for commands that read")),
            "{}",
            run.stderr
        );
    }
    assert_eq!(env.tree("product"), before);
    let help = env.pm(&["backlog", "add", "--help"]).stdout;
    assert!(!help.contains("--at") && !help.contains("--staged"), "{help}");
    assert!(env.pm(&["backlog", "list", "--help"]).stdout.contains("--staged"));
}

#[test]
fn history_needs_git() {
    let env = TestEnv::new();
    env.pm(&["init"]).success();
    let run = env.pm(&["--at", "HEAD", "backlog", "list"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.snapshot());
}

#[test]
fn a_broken_file_is_reported_and_the_rest_still_listed() {
    let env = TestEnv::acme();
    env.write("product/backlog/BL-3.yaml", "id: BL-3\ntitle: [unclosed\n");
    let run = env.pm(&["backlog", "list", "--type", "epic"]);
    assert_eq!(run.code, 1);
    assert_snapshot!(run.snapshot());
}

#[test]
fn closed_pipe_exits_quietly() {
    let env = TestEnv::product();
    // Far more output than a pipe buffers, so pm is still writing when `head` exits.
    for n in 1..=600 {
        env.write(&format!("product/backlog/BL-{n}.yaml"), &format!("id: BL-{n}\ntitle: Item number {n}\n"));
    }
    let run = env.sh("\"$PM\" backlog list --format json | head -1; echo \"pm exit: ${PIPESTATUS[0]}\"");
    assert_eq!(run.stdout, "[\npm exit: 0\n");
    assert_eq!(run.stderr, "");
}
