//! The command line: clap definitions, the [`Context`] every command
//! receives, and the mapping from results to exit codes (0 success, 1
//! findings or a refused operation, 2 usage or internal error).

mod args;
mod commands;
mod context;
mod editor;
pub(crate) mod hints;
pub(crate) mod record;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub(crate) use context::{Captured, CliError, Context};

/// pm keeps a product's backlog, roadmap, OKRs, PRDs and metrics as YAML files
/// in git, checks them, and shows how they changed.
#[derive(Debug, Parser)]
#[command(name = "pm", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Run as if pm was started in DIR
    #[arg(short = 'C', id = "chdir", global = true, value_name = "DIR", help_heading = "Global options")]
    pub dir: Option<std::path::PathBuf>,
    /// Read the product as of a git revision (branch, tag, commit, HEAD~3)
    #[arg(long, global = true, value_name = "REV", conflicts_with = "staged", help_heading = "Global options")]
    pub at: Option<String>,
    /// Read the product from the git index (what is staged) instead of the working tree
    #[arg(long, global = true, help_heading = "Global options")]
    pub staged: bool,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = "Global options")]
    pub color: ColorChoice,
    /// Read every file afresh: neither use nor update the parse cache
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a product folder with a commented pm.yaml
    Init(commands::init::Args),
    /// Work with backlog items
    #[command(subcommand)]
    Backlog(Box<commands::backlog::Command>),
    /// The roadmap: initiatives, horizons and progress from the backlog
    #[command(subcommand)]
    Roadmap(commands::roadmap::Command),
    /// Milestones: releases, launches and dates on the roadmap
    #[command(subcommand)]
    Milestone(commands::milestone::Command),
    /// Iterations (sprints): capacity, planned items, velocity and burn-up
    #[command(subcommand)]
    Iteration(commands::iteration::Command),
    /// The product: vision, strategy, personas and life-cycle stage
    #[command(subcommand)]
    Product(commands::product::Command),
    /// PRDs: requirements documents with approvals and backlog coverage
    #[command(subcommand)]
    Prd(commands::prd::Command),
    /// Templates for PRDs and backlog items
    #[command(subcommand)]
    Template(commands::template::Command),
    /// OKRs: objectives, key results, check-ins and scores
    #[command(subcommand)]
    Okr(commands::okr::Command),
    /// Product metrics (KPIs): definitions, observations and targets
    #[command(subcommand)]
    Metric(commands::metric::Command),
    /// Lean experiments: hypotheses, results and decisions
    #[command(subcommand)]
    Experiment(commands::experiment::Command),
    /// Customer feedback: evidence linked to the work it asks for, and its demand
    #[command(subcommand)]
    Feedback(commands::feedback::Command),
    /// Customers: tiers, weights and revenue behind the feedback
    #[command(subcommand)]
    Customer(commands::customer::Command),
    /// Competitors and the feature matrix of them beside us
    #[command(subcommand)]
    Competitor(commands::competitor::Command),
    /// Product changes between two revisions, by artifact and field
    Diff(commands::diff::Args),
    /// A Markdown review of a branch's product changes, for a pull request
    Review(commands::review::Args),
    /// The life of one artifact from git history
    History(commands::history::Args),
    /// Product changes per commit, newest first
    Log(commands::log::Args),
    /// Reports computed from history: flow metrics
    #[command(subcommand)]
    Report(commands::report::Command),
    /// Forecasts from history: when the remaining work will be done, or how
    /// much by a date (Monte Carlo over weekly throughput)
    Forecast(commands::forecast::Args),
    /// Releases: notes of what a milestone or a range of revisions delivered
    #[command(subcommand)]
    Release(commands::release::Command),
    /// Check product files against their schemas and each other
    Check(commands::check::Args),
    /// Print or write the JSON Schemas of product files
    Schema(commands::schema::Args),
    /// Install or remove the git pre-commit hook
    #[command(subcommand)]
    Hook(commands::hook::Command),
    /// Import backlog items from Jira, Linear, GitHub, a CSV file or Backlog.md
    #[command(subcommand)]
    Import(commands::import::Command),
    // The next four take their help (short and long) from their Args' doc comments.
    Export(commands::export::Args),
    Publish(commands::publish::Args),
    Completions(commands::completions::Args),
    Man(commands::man::Args),
    /// Serve the product to AI agents over the Model Context Protocol (stdio)
    Mcp(commands::mcp::Args),
    /// A short guide for AI agents that use pm from the command line
    Instructions(commands::instructions::Args),
}

/// Output formats of listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum FormatArg {
    #[default]
    Table,
    Json,
    Yaml,
    Csv,
    Md,
}

impl From<FormatArg> for crate::render::Format {
    fn from(f: FormatArg) -> Self {
        use crate::render::Format;
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Yaml => Format::Yaml,
            FormatArg::Csv => Format::Csv,
            FormatArg::Md => Format::Md,
        }
    }
}

/// Whether the command at `path` (`["backlog", "add"]`) changes files. Such
/// commands read and write the working tree, so `--at` and `--staged` are
/// not theirs.
fn writes(path: &[&str]) -> bool {
    const VERBS: [&str; 30] = [
        "init",
        "mcp",
        "add",
        "new",
        "edit",
        "move",
        "rank",
        "rm",
        "renumber",
        "status",
        "approve",
        "link",
        "answer",
        "checkin",
        "close",
        "weights",
        "done",
        "undo",
        "record",
        "ship",
        "slip",
        "start",
        "conclude",
        "abort",
        "unlink",
        "feature",
        "feature-rm",
        "install",
        "uninstall",
        "plan",
    ];
    path.first() == Some(&"import")
        || (path.first() == Some(&"metric") && matches!(path.last(), Some(&"import" | &"import-responses")))
        || (path.first() == Some(&"feedback") && path.last() == Some(&"import"))
        || path.last().is_some_and(|verb| VERBS.contains(verb))
}

/// Gives each write command its own `--at` and `--staged`, hidden from its
/// help and refused when given, in place of the global ones (clap does not
/// propagate a global option to a command that has one of the same name).
fn refuse_reads(cmd: clap::Command, path: &mut Vec<String>) -> clap::Command {
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    let mut cmd = cmd;
    for name in names {
        path.push(name.clone());
        cmd = cmd.mut_subcommand(&name, |sub| refuse_reads(sub, path));
        path.pop();
    }
    let leaf = cmd.get_subcommands().next().is_none();
    let parts: Vec<&str> = path.iter().map(String::as_str).collect();
    if !leaf || !writes(&parts) {
        return cmd;
    }
    let refused = |flag: &str| format!("this command changes the working tree; {flag} is for commands that read");
    let at = move |_: &str| -> Result<String, String> { Err(refused("--at")) };
    // A flag's value is "false" when it is not given (as the global one's).
    let staged =
        move |v: &str| -> Result<bool, String> { if v == "false" { Ok(false) } else { Err(refused("--staged")) } };
    cmd.arg(clap::Arg::new("at").long("at").hide(true).value_name("REV").value_parser(at))
        .arg(clap::Arg::new("staged").long("staged").hide(true).action(clap::ArgAction::SetTrue).value_parser(staged))
}

/// The command line as pm parses it.
pub(crate) fn command() -> clap::Command {
    use clap::CommandFactory;
    refuse_reads(Cli::command(), &mut Vec::new())
}

/// Runs pm with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    use clap::FromArgMatches;
    commands::completions::complete_from_env();
    let parsed = command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ctx = Context::new(&cli.global);
    let result = match ctx {
        Ok(ctx) => {
            let result = commands::run(&ctx, cli.command);
            result.and_then(|()| ctx.finish())
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(cli.global.color),
    }
}

/// What one in-process run of a command gave: its exit code (as `pm`
/// would exit), what it printed on stdout, and its messages; an error is
/// its message and its fix (`help: ...`), as the CLI reports it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub code: u8,
    pub out: String,
    pub err: String,
}

/// Runs `pm ARGS...` in this process with its output captured: the same
/// parsing, the same command and the same messages as on the command line.
/// Other front ends (`pm mcp`) serve the CLI's operations through this, so
/// they hold no logic of their own. A command that would open an editor or
/// print to the terminal is not run here.
pub(crate) fn run_captured<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString> + Clone,
{
    use clap::FromArgMatches;
    let argv = std::iter::once(std::ffi::OsString::from("pm")).chain(args.into_iter().map(Into::into));
    let cli = match command().try_get_matches_from(argv).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            let code = if e.use_stderr() { 2 } else { 0 };
            return Run { code, out: String::new(), err: text };
        }
    };
    let ctx = match Context::new(&cli.global) {
        Ok(ctx) => ctx.captures(),
        Err(e) => return Run { code: 2, out: String::new(), err: error_text(e) },
    };
    let result = commands::run(&ctx, cli.command).and_then(|()| ctx.finish());
    let Captured { out, mut err } = ctx.captured();
    let code = match result {
        Ok(()) => 0,
        Err(CliError::Exit(code)) => code,
        Err(CliError::BrokenPipe) => 0,
        Err(CliError::Lib(e)) => {
            let code = if e.is_refusal() { 1 } else { 2 };
            err.push_str(&error_text(CliError::Lib(e)));
            code
        }
    };
    Run { code, out, err }
}

/// An error as plain text: `error: MESSAGE` and `help: FIX`.
fn error_text(e: CliError) -> String {
    match e {
        CliError::Lib(e) => match hints::help(&e) {
            Some(hint) => format!("error: {e}\nhelp: {hint}\n"),
            None => format!("error: {e}\n"),
        },
        CliError::Exit(_) | CliError::BrokenPipe => String::new(),
    }
}

#[cfg(test)]
mod help_tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every flag of every command says what it does.
    #[test]
    fn every_flag_is_described() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !arg.is_positional() && !builtin && arg.get_help().is_none() {
                    missing.push(format!("{path} --{}", arg.get_long().unwrap_or(arg.get_id().as_str())));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "pm", &mut missing);
        assert!(missing.is_empty(), "flags without a description: {missing:?}");
    }

    /// Which commands write, by name: every leaf command is listed here as
    /// a write or a read, so a new command is classified on purpose.
    #[test]
    fn write_commands_do_not_take_at_or_staged() {
        fn leaves(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<(String, bool)>) {
            if cmd.get_subcommands().next().is_none() {
                let takes_at = cmd.get_arguments().any(|a| a.get_id() == "at" && !a.is_hide_set());
                out.push((path.join(" "), takes_at));
            }
            for sub in cmd.get_subcommands() {
                path.push(sub.get_name().to_string());
                leaves(sub, path, out);
                path.pop();
            }
        }
        let mut built = super::command();
        built.build();
        let mut all = Vec::new();
        leaves(&built, &mut Vec::new(), &mut all);
        let reads: Vec<&str> = all.iter().filter(|(_, at)| *at).map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            reads,
            [
                "backlog list",
                "backlog show",
                "backlog board",
                "backlog score",
                "roadmap show",
                "milestone list",
                "iteration list",
                "iteration show",
                "product show",
                "prd list",
                "prd show",
                "prd coverage",
                "template list",
                "okr show",
                "okr report",
                "metric show",
                "metric list",
                "experiment list",
                "experiment show",
                "feedback list",
                "feedback show",
                "customer list",
                "customer show",
                "competitor list",
                "competitor show",
                "competitor matrix",
                "diff",
                "review",
                "history",
                "log",
                "report flow",
                "report update",
                "report launch",
                "forecast items",
                "forecast milestone",
                "forecast initiative",
                "forecast by",
                "release notes",
                "check",
                "schema",
                "export",
                "publish",
                "completions",
                "man",
                "instructions",
            ]
        );
    }
}
