//! `pm milestone ...`: one file per subcommand.

mod add;
mod checklist;
mod list;
mod ship;
mod slip;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a milestone; prints its new id
    Add(add::Args),
    /// Change fields of milestones (name, kind, date, description, ...)
    Edit(crate::cli::record::EditArgs),
    /// Remove milestones; refused while referenced, unless --force
    Rm(crate::cli::record::RmArgs),
    /// List milestones with their initiatives and backlog items
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// Mark a milestone shipped
    Ship(ship::Args),
    /// Move a milestone's date and record the slip
    Slip(slip::Args),
    /// A launch's checklist: show it, or init, add, done, undo, rm
    Checklist(checklist::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::Edit(args) => crate::cli::record::edit(ctx, crate::model::kind::Kind::Milestone, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, crate::model::kind::Kind::Milestone, &args),
        Command::List(args) => list::run(ctx, args),
        Command::Ship(args) => ship::run(ctx, args),
        Command::Slip(args) => slip::run(ctx, args),
        Command::Checklist(args) => checklist::run(ctx, args),
    }
}
