//! `pm experiment ...`: one file per subcommand.

mod abort;
mod add;
mod conclude;
mod list;
mod show;
mod start;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List experiments with their status, verdict and decision
    List(list::Args),
    /// Show one experiment: hypothesis, metric and target, result, decision, links
    Show(show::Args),
    /// Propose an experiment; prints its new id
    Add(Box<add::Args>),
    /// Change fields of experiments (title, hypothesis, owner, dates, links, ...)
    Edit(crate::cli::record::EditArgs),
    /// Remove experiments; refused while referenced, unless --force
    Rm(crate::cli::record::RmArgs),
    /// Start a proposed experiment
    Start(start::Args),
    /// Record the result, the verdict and the decision
    Conclude(conclude::Args),
    /// Stop an experiment without a result
    Abort(abort::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Add(args) => add::run(ctx, *args),
        Command::Edit(args) => crate::cli::record::edit(ctx, crate::model::kind::Kind::Experiment, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, crate::model::kind::Kind::Experiment, &args),
        Command::Start(args) => start::run(ctx, args),
        Command::Conclude(args) => conclude::run(ctx, args),
        Command::Abort(args) => abort::run(ctx, args),
    }
}

/// Values a clap argument accepts, from the model's names.
fn one_of(names: Vec<&'static str>) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(names)
}
