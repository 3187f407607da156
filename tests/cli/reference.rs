//! The CLI reference (every command's `--help`, generated into the guide by
//! `docs.rs`, so help text changes show up in review), shell completions and
//! manual pages.

use clap::CommandFactory;
use insta::assert_snapshot;

use crate::TestEnv;

/// Every command path below `cmd`, as typed after `pm`.
fn paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    out.push(prefix.to_vec());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut path = prefix.to_vec();
        path.push(sub.get_name().to_string());
        paths(sub, &path, out);
    }
}

/// Every command's `--help` as Markdown: a `## pm COMMAND` heading and the
/// text in a block (the guide's command reference is generated from it).
pub(crate) fn help_pages(env: &TestEnv) -> String {
    let mut all = Vec::new();
    paths(&pm::Cli::command(), &[], &mut all);
    let mut out = String::new();
    for path in all {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let run = env.pm(&args);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "pm {}", args.join(" "));
        out.push_str(&format!("## pm {}\n\n```\n{}```\n\n", path.join(" "), run.stdout).replace("## pm \n", "## pm\n"));
    }
    out
}

#[test]
fn static_completions_for_every_shell() {
    let env = TestEnv::new();
    for (shell, marker) in [
        ("bash", "complete -F _pm"),
        ("zsh", "#compdef pm"),
        ("fish", "complete -c pm"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[pm]"),
    ] {
        let run = env.pm(&["completions", shell]);
        run.success();
        assert!(run.stdout.contains(marker), "{shell}: {}", &run.stdout[..200.min(run.stdout.len())]);
        assert!(run.stdout.contains("renumber"), "{shell} completes subcommands");
        assert_eq!(run.stderr, "");
    }
    let bad = env.pm(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn dynamic_completion_offers_backlog_ids_and_statuses() {
    let env = TestEnv::acme();
    let registration = env.pm(&["completions", "bash", "--dynamic"]);
    registration.success();
    let pm = env!("CARGO_BIN_EXE_pm");
    assert_snapshot!("dynamic_bash_registration", registration.stdout.replace(pm, "[PM]"));
    // The script, sourced in a real bash, asked for completions as bash would on Tab.
    let complete = |words: &str, current: &str| {
        let script = format!(
            "source <(\"$PM\" completions bash --dynamic)\n\
             COMP_WORDS=({words}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); COMP_TYPE=9\n\
             _clap_complete_pm pm '{current}' x\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let run = env.sh(&script);
        run.success();
        run.stdout
    };
    assert_eq!(
        complete("pm backlog show BL-2", "BL-2"),
        "BL-2\nBL-20\nBL-21\nBL-22\nBL-23\nBL-24\nBL-25\nBL-26\nBL-27\nBL-28\nBL-29\n"
    );
    assert_eq!(
        complete("pm backlog edit bl-4", "bl-4"),
        "BL-4\nBL-40\nBL-41\nBL-42\nBL-43\nBL-44\nBL-45\nBL-46\nBL-47\nBL-48\n"
    );
    assert_eq!(complete("pm backlog move BL-7 in_", "in_"), "in_progress\nin_review\n");
    assert_eq!(complete("pm backlog sh", "sh"), "show\n");
    // zsh and fish show each id with its title.
    let mut cmd = env.pm_cmd(&["--", "pm", "backlog", "show", "BL-4"]);
    cmd.env("COMPLETE", "fish");
    let fish = env.run(cmd);
    fish.success();
    assert!(fish.stdout.starts_with("BL-4\tPCI DSS 4.0.1 compliance for the payment page\n"), "{}", fish.stdout);
}

#[test]
fn man_prints_the_top_page() {
    let env = TestEnv::new();
    let run = env.pm(&["man"]);
    run.success();
    assert!(run.stdout.contains(".TH pm 1"), "{}", run.stdout);
    // It lists the subcommands' pages.
    for page in ["pm\\-backlog(1)", "pm\\-roadmap(1)", "pm\\-check(1)", "pm\\-log(1)"] {
        assert!(run.stdout.contains(page), "{page} not listed\n{}", run.stdout);
    }
}

#[test]
fn man_writes_one_page_per_command() {
    let env = TestEnv::new();
    let run = env.pm(&["man", "--out", "man/man1"]);
    run.success();
    let mut names: Vec<String> = std::fs::read_dir(env.path("man/man1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // One page per command at every level, as walked from the clap tree.
    let mut expected = Vec::new();
    fn pages(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        let name = if prefix.is_empty() { cmd.get_name().to_string() } else { format!("{prefix}-{}", cmd.get_name()) };
        out.push(format!("{name}.1"));
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            pages(sub, &name, out);
        }
    }
    pages(&pm::Cli::command(), "", &mut expected);
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(run.stderr, format!("Wrote {} manual pages to man/man1\n", expected.len()));
    let add = env.read("man/man1/pm-backlog-add.1");
    assert!(add.contains(".TH pm-backlog-add 1"), "{add}");
    assert!(add.contains("pm backlog add"), "{add}");
}

#[cfg(unix)]
#[test]
fn man_refuses_a_symlinked_folder() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("real")).unwrap();
    std::os::unix::fs::symlink(env.path("real"), env.path("link")).unwrap();
    let run = env.pm(&["man", "--out", "link"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(env.path("real")).unwrap().count(), 0);
}
