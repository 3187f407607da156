//! `pm prd ...`: one file per subcommand.

mod approve;
mod coverage;
mod edit;
mod goal;
mod link;
mod list;
mod new;
mod part;
mod question;
mod req;
mod risk;
mod show;
mod status;
mod story;

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
    /// Remove PRDs (refused while anything links to one, unless --force)
    Rm(crate::cli::record::RmArgs),
    /// Requirements of a PRD (FR-n, NFR-n): add, edit, rm
    #[command(subcommand)]
    Req(req::Command),
    /// User stories of a PRD (US-n): add, edit, rm
    #[command(subcommand)]
    Story(story::Command),
    /// Goals of a PRD (G-n), each measured by a metric or key result: add, edit, rm
    #[command(subcommand)]
    Goal(goal::Command),
    /// Open questions of a PRD (Q-n): add, answer, edit, rm
    #[command(subcommand)]
    Question(question::Command),
    /// Risks of a PRD (R-n): add, edit, rm
    #[command(subcommand)]
    Risk(risk::Command),
    /// Link a backlog item to a PRD or one of its requirements (PRD-3#FR-2)
    Link(link::Args),
    /// Each requirement with its backlog items; uncovered ones flagged
    Coverage(coverage::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::New(args) => new::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Status(args) => status::run(ctx, args),
        Command::Approve(args) => approve::run(ctx, args),
        Command::Rm(args) => crate::cli::record::rm(ctx, crate::model::kind::Kind::Prd, &args),
        Command::Req(cmd) => req::run(ctx, cmd),
        Command::Story(cmd) => story::run(ctx, cmd),
        Command::Goal(cmd) => goal::run(ctx, cmd),
        Command::Question(cmd) => question::run(ctx, cmd),
        Command::Risk(cmd) => risk::run(ctx, cmd),
        Command::Link(args) => link::run(ctx, args),
        Command::Coverage(args) => coverage::run(ctx, args),
    }
}
