//! `pm roadmap ...`: one file per subcommand.

mod show;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show the roadmap: Now/Next/Later, a timeline, or grouped by theme, status or objective
    Show(show::Args),
}

pub fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Show(args) => show::run(ctx, args),
    }
}
