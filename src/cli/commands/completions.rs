//! `pm completions SHELL`: shell completion scripts. The static script
//! (clap_complete's generators) completes commands, flags and their fixed
//! values without running pm; the dynamic one (`--dynamic`, the same as
//! `COMPLETE=SHELL pm`) calls pm back on every Tab, so it can also offer the
//! product's backlog ids and workflow statuses.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::env::Shells;
use clap_complete::{ArgValueCompleter, CompleteEnv, CompletionCandidate, Shell};

use crate::cli::Cli;
use crate::cli::context::{CmdResult, Context};
use crate::store::{Product, Source, Workspace};

/// Print a completion script for a shell.
///
/// The default script is static: it completes commands, flags and their fixed
/// values without running pm. With --dynamic, the script asks pm on every Tab,
/// which also completes backlog ids (with their titles, where the shell shows
/// descriptions) for `pm backlog show`, `edit` and `move`, and the workflow's
/// statuses for `move`. Load the dynamic one when the shell starts, so it
/// always matches the installed pm:
///
///   bash:  echo 'source <(pm completions bash --dynamic)' >> ~/.bashrc
///   zsh:   echo 'source <(pm completions zsh --dynamic)' >> ~/.zshrc
///   fish:  echo 'pm completions fish --dynamic | source' >> ~/.config/fish/config.fish
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, about = "Print a shell completion script")]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    shell: Shell,
    /// A script that calls pm back to complete ids and statuses
    #[arg(long)]
    dynamic: bool,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let mut out = Vec::new();
    if args.dynamic {
        let name = args.shell.to_string();
        let shells = Shells::builtins();
        let shell = shells.completer(&name).ok_or_else(|| {
            crate::error::Error::usage(format!("pm has no dynamic completion for {name}"))
                .with_hint(format!("use the static script: pm completions {name}"))
        })?;
        shell
            .write_registration(ENV_VAR, "pm", "pm", &completer(), &mut out)
            .map_err(|e| crate::error::Error::io("cannot write", "stdout", e))?;
    } else {
        clap_complete::generate(args.shell, &mut crate::cli::command(), "pm", &mut out);
    }
    ctx.out(&String::from_utf8_lossy(&out))
}

/// The environment variable that turns a pm run into a completion request.
const ENV_VAR: &str = "COMPLETE";

/// How the script calls pm back: as it was started (a bare `pm` is looked up
/// in PATH; a path is made absolute), like `COMPLETE=SHELL pm` does.
fn completer() -> String {
    let first = std::env::args_os().next().unwrap_or_else(|| OsString::from("pm"));
    let path = PathBuf::from(first);
    let path = match std::env::current_dir() {
        Ok(cwd) if path.components().count() > 1 => {
            cwd.join(path.components().filter(|c| *c != std::path::Component::CurDir).collect::<PathBuf>())
        }
        _ => path,
    };
    path.to_string_lossy().into_owned()
}

/// Answers a completion request (`COMPLETE=bash pm -- pm backlog show BL-`)
/// and exits; returns at once on an ordinary run. Called before arguments are
/// parsed.
pub(crate) fn complete_from_env() {
    CompleteEnv::with_factory(command).var(ENV_VAR).complete();
}

/// The command tree with completers for values that depend on the product.
pub(crate) fn command() -> clap::Command {
    let ids = || ArgValueCompleter::new(backlog_ids);
    Cli::command().mut_subcommand("backlog", |backlog| {
        backlog
            .mut_subcommand("show", |c| c.mut_arg("id", |a| a.add(ids())))
            .mut_subcommand("edit", |c| c.mut_arg("ids", |a| a.add(ids())))
            .mut_subcommand("rank", |c| c.mut_arg("ids", |a| a.add(ids())))
            .mut_subcommand("rm", |c| c.mut_arg("ids", |a| a.add(ids())))
            // `move ID... STATUS`: each word may be an id or, last, the status.
            .mut_subcommand("move", |c| c.mut_arg("args", |a| a.add(ArgValueCompleter::new(ids_or_statuses))))
    })
}

/// The directory pm would start in: `-C DIR` among the words being completed, else here.
fn start_dir() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let args: Vec<OsString> = std::env::args_os().skip_while(|a| a != "--").skip(1).collect();
    let mut dir = None;
    for (i, a) in args.iter().enumerate() {
        let text = a.to_string_lossy();
        if text == "-C" {
            dir = args.get(i + 1).map(PathBuf::from);
        } else if let Some(rest) = text.strip_prefix("-C") {
            dir = Some(PathBuf::from(rest));
        }
    }
    Some(match dir {
        Some(d) => cwd.join(d),
        None => cwd,
    })
}

fn workspace() -> Option<Workspace> {
    let product = Product::find(&start_dir()?).ok()?;
    Workspace::load(&product, Source::WorkTree).ok()
}

/// Backlog ids starting with what was typed (any case), with their titles.
fn backlog_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(typed) = current.to_str() else { return Vec::new() };
    let Some(ws) = workspace() else { return Vec::new() };
    let typed = typed.to_ascii_uppercase();
    ws.items
        .iter()
        .filter(|d| d.value.id.starts_with(&typed))
        .map(|d| CompletionCandidate::new(d.value.id.clone()).help(Some(d.value.title.clone().into())))
        .collect()
}

/// Backlog ids, or the workflow's statuses, starting with what was typed.
fn ids_or_statuses(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut out = backlog_ids(current);
    out.extend(statuses(current));
    out
}

/// The workflow's statuses, in board order.
fn statuses(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(typed) = current.to_str() else { return Vec::new() };
    let Some(ws) = workspace() else { return Vec::new() };
    ws.config.value.statuses().filter(|s| s.starts_with(typed)).map(CompletionCandidate::new).collect()
}
