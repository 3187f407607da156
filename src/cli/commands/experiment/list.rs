use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::model::experiment::ExperimentStatus;
use crate::ops::experiment;
use crate::render;

/// List experiments in id order with their status, metric, verdict and decision.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these statuses (repeatable, or comma-separated)
    #[arg(long, short = 's', value_delimiter = ',', value_parser = super::one_of(ExperimentStatus::names()))]
    status: Vec<String>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let rows = experiment::list(&ws, &args.status, ctx.today())?;
    let text = render::experiment::list(&rows, args.format.into(), ctx.width, |p| ctx.display(&product, p));
    ctx.out(&text)
}
