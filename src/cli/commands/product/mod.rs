//! `pm product ...`: one file per subcommand.

mod edit;
mod show;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show the product: vision, strategy, stage (with the KPIs it suggests), personas, stakeholders
    Show(show::Args),
    /// Change product.yaml: --set vision=..., --add persona=NAME, --add stakeholder=NAME:ROLE
    Edit(edit::Args),
}

pub fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Show(args) => show::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
    }
}
