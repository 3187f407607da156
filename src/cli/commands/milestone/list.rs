use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap;
use crate::render;
use crate::render::progress::Bar;

/// List milestones in date order with the initiatives and backlog items planned for them,
/// and the date by which 85 % of Monte Carlo runs over history finish their open items.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let forecasts = crate::ops::forecast::milestone_forecasts(&product, &ws, ctx.today(), &Bar::stderr());
    let rows = roadmap::milestones(&ws, forecasts.as_ref());
    ctx.out(&render::roadmap::milestones(&rows, args.format.into(), ctx.width))
}
