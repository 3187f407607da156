use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::ops::iteration;
use crate::render;
use crate::render::progress::Bar;

/// One iteration: its days and goal, committed points against capacity,
/// points done, velocity, its items, and a burn-up of the points finished
/// day by day.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The iteration (IT-n)
    id: String,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let finished = iteration::history(&product, &ws, &Bar::stderr())?;
    let detail = iteration::show(&ws, &args.id, finished.as_deref(), ctx.today())?;
    ctx.out(&render::iteration::show(&detail, args.format.into(), ctx.width))
}
