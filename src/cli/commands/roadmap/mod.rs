//! `pm roadmap ...`: one file per subcommand.

mod add;
mod edit;
mod mv;
mod rm;
mod show;
mod status;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show the roadmap: Now/Next/Later, a timeline, or grouped by theme, status or objective
    Show(show::Args),
    /// Add an initiative; prints its new id
    Add(Box<add::Args>),
    /// Change fields of initiatives
    Edit(edit::Args),
    /// Move an initiative to another horizon
    Move(mv::Args),
    /// Set an initiative's status
    Status(status::Args),
    /// Remove an initiative (refused while backlog items link to it)
    Rm(rm::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Show(args) => show::run(ctx, args),
        Command::Add(args) => add::run(ctx, *args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Move(args) => mv::run(ctx, args),
        Command::Status(args) => status::run(ctx, args),
        Command::Rm(args) => rm::run(ctx, args),
    }
}
