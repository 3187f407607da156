//! `pm metric ...`: one file per subcommand.

mod add;
mod import;
mod list;
mod obs;
mod record;
mod responses;
mod show;

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Define a metric (optionally from a standard KPI preset); prints its id
    Add(Box<add::Args>),
    /// Change fields of metrics (name, description, unit, target, thresholds, ...)
    Edit(crate::cli::record::EditArgs),
    /// Remove metrics (the file with its observations); refused while referenced, unless --force
    Rm(crate::cli::record::RmArgs),
    /// Record one observation (by default for the current period)
    Record(record::Args),
    /// Observations: remove one recorded by mistake
    #[command(subcommand)]
    Obs(obs::Command),
    /// Record observations from a CSV file (period,value[,segment][,note])
    Import(import::Args),
    /// Compute NPS or CSAT from raw survey responses (CSV) and record it
    ImportResponses(responses::Args),
    /// Show a metric: definition, latest value, target gap, status, trend and series
    Show(show::Args),
    /// List metrics with their latest value, target, status and trend
    List(list::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => add::run(ctx, *args),
        Command::Edit(args) => crate::cli::record::edit(ctx, crate::model::kind::Kind::Metric, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, crate::model::kind::Kind::Metric, &args),
        Command::Record(args) => record::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Obs(cmd) => obs::run(ctx, cmd),
        Command::ImportResponses(args) => responses::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
    }
}
