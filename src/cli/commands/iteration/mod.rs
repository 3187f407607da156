//! `pm iteration ...`: one file per subcommand.

mod add;
mod close;
mod list;
mod plan;
mod show;

use crate::cli::context::{CmdResult, Context};
use crate::model::kind::Kind;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an iteration; prints its new id
    Add(add::Args),
    /// Change fields of iterations (name, start, end, goal, capacity)
    Edit(crate::cli::record::EditArgs),
    /// Remove iterations; refused while items are planned into them, unless --force
    Rm(crate::cli::record::RmArgs),
    /// List iterations with committed points, capacity and velocity
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// One iteration: committed vs capacity, done, velocity, its items and a burn-up
    Show(show::Args),
    /// Plan items into an iteration (sets their `iteration`), all in one write
    Plan(plan::Args),
    /// Close an iteration; its unfinished items move to --carry-to or leave it
    Close(close::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::Edit(args) => crate::cli::record::edit(ctx, Kind::Iteration, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, Kind::Iteration, &args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Plan(args) => plan::run(ctx, args),
        Command::Close(args) => close::run(ctx, args),
    }
}
