use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::ops::metric;
use crate::render;

/// List metrics: latest value and period, target, threshold status, trend
/// over the last two observations (↑ ↓ →).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let mut rows = metric::list(&ws, ctx.today());
    for row in &mut rows {
        row.path = ctx.display(&product, &row.path);
    }
    ctx.out(&render::metric::list(&rows, args.format.into(), ctx.width))
}
