//! `pm product ...`: one file per subcommand.

mod edit;
mod entry;
mod show;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show the product: vision, strategy, stage (with the KPIs it suggests), personas, stakeholders
    Show(show::Args),
    /// Change product.yaml: --set vision=..., --add persona=NAME, --add stakeholder=NAME:ROLE
    Edit(edit::Args),
    /// Personas: add, edit or remove one by name
    #[command(subcommand)]
    Persona(entry::Command),
    /// Stakeholders: add, edit or remove one by name
    #[command(subcommand)]
    Stakeholder(entry::Command),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Show(args) => show::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Persona(cmd) => entry::run(ctx, "personas", cmd),
        Command::Stakeholder(cmd) => entry::run(ctx, "stakeholders", cmd),
    }
}
