//! `pm okr ...`: one file per subcommand.

mod add;
mod checkin;
mod close;
mod kr;
mod report;
mod show;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an objective to a cycle; prints its new id
    Add(add::Args),
    /// Change fields of objectives (title, owner, level, type, parent, description, ...)
    Edit(crate::cli::record::EditArgs),
    /// Remove objectives and their key results; refused while referenced, unless --force
    Rm(crate::cli::record::RmArgs),
    /// Key results of an objective
    #[command(subcommand)]
    Kr(kr::Command),
    /// Record a check-in on a key result and update its current value
    Checkin(checkin::Args),
    /// Scores of a cycle: each key result's progress, each objective's score
    Show(show::Args),
    /// Close an objective and record its final score
    Close(close::Args),
    /// A quarterly review document
    Report(report::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::Edit(args) => crate::cli::record::edit(ctx, crate::model::kind::Kind::Objective, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, crate::model::kind::Kind::Objective, &args),
        Command::Kr(cmd) => kr::run(ctx, cmd),
        Command::Checkin(args) => checkin::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Close(args) => close::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
    }
}
