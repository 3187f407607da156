//! `pm backlog ...`: one file per subcommand.

mod add;
mod board;
mod edit;
mod list;
mod mv;
mod rank;
mod renumber;
mod rm;
mod score;
mod show;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an item; prints its new id
    Add(Box<add::Args>),
    /// List items, filtered and sorted
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// Show one item: every field, scores, children and dependencies
    Show(show::Args),
    /// Change fields of an item, or open it in your editor
    Edit(edit::Args),
    /// Move an item to another status, following the workflow
    Move(mv::Args),
    /// Reorder an item in the backlog
    Rank(rank::Args),
    /// Remove an item
    Rm(rm::Args),
    /// A kanban board in the terminal
    Board(board::Args),
    /// Items ranked by RICE, ICE or WSJF, with each formula's inputs
    Score(score::Args),
    /// Give an item a new id and rewrite every reference to it
    Renumber(renumber::Args),
}

pub fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => add::run(ctx, *args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Move(args) => mv::run(ctx, args),
        Command::Rank(args) => rank::run(ctx, args),
        Command::Rm(args) => rm::run(ctx, args),
        Command::Board(args) => board::run(ctx, args),
        Command::Score(args) => score::run(ctx, args),
        Command::Renumber(args) => renumber::run(ctx, args),
    }
}
