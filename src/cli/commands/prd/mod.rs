//! `pm prd ...`: one file per subcommand.

mod approve;
mod coverage;
mod edit;
mod link;
mod list;
mod new;
mod question;
mod req;
mod show;
mod status;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start a PRD from a template; prints its new id
    New(new::Args),
    /// Change fields of a PRD, or open it in your editor
    Edit(edit::Args),
    /// List PRDs
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// Show a PRD (as a Markdown document with --format md)
    Show(show::Args),
    /// Move a PRD through its lifecycle
    Status(status::Args),
    /// Record a stakeholder's approval or rejection
    Approve(approve::Args),
    /// Requirements of a PRD
    #[command(subcommand)]
    Req(req::Command),
    /// Open questions of a PRD: add one, answer one
    #[command(subcommand)]
    Question(question::Command),
    /// Link a backlog item to a PRD or one of its requirements (PRD-3#FR-2)
    Link(link::Args),
    /// Each requirement with its backlog items; uncovered ones flagged
    Coverage(coverage::Args),
}

pub fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::New(args) => new::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Status(args) => status::run(ctx, args),
        Command::Approve(args) => approve::run(ctx, args),
        Command::Req(cmd) => req::run(ctx, cmd),
        Command::Question(cmd) => question::run(ctx, cmd),
        Command::Link(args) => link::run(ctx, args),
        Command::Coverage(args) => coverage::run(ctx, args),
    }
}
