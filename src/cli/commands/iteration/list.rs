use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::ops::iteration;
use crate::render;
use crate::render::progress::Bar;

/// List iterations in date order: their state, items, committed points
/// against capacity, points done, and velocity from git history (points
/// finished within their days), with the average of the last three.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let finished = iteration::history(&product, &ws, &Bar::stderr())?;
    let listing = iteration::list(&ws, finished.as_deref(), ctx.today());
    ctx.out(&render::iteration::list(&listing, args.format.into(), ctx.width))
}
