use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog::{self, Scheme};
use crate::ops::feedback;
use crate::render;

/// Open items ranked by a prioritisation score, with the formula's inputs:
/// RICE = reach × impact × confidence / effort; ICE = (I + C + E) / 3 or
/// I × C × E (ice_method in pm.yaml); WSJF = (BV + TC + RR/OE) / job size;
/// demand = Σ over distinct customers asking of tier weight × highest
/// importance (anonymous feedback: weight 1 each), with an epic's children's.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scheme: rice, ice, wsjf or demand (customer evidence)
    #[arg(long, value_enum, default_value_t = By::Rice)]
    by: By,
    /// Include done and won't-do items
    #[arg(long)]
    all: bool,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum By {
    Rice,
    Ice,
    Wsjf,
    Demand,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let scheme = match args.by {
        By::Rice => Scheme::Rice,
        By::Ice => Scheme::Ice,
        By::Wsjf => Scheme::Wsjf,
        By::Demand => Scheme::Demand,
    };
    let items = backlog::scored(&ws, scheme, args.all);
    let demands = if scheme == Scheme::Demand { feedback::item_demands(&ws, &items) } else { Vec::new() };
    ctx.out(&render::backlog::score(&ws, &items, &demands, scheme, args.format.into(), ctx.width))
}
