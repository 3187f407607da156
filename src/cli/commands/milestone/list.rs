use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap;
use crate::render;

/// List milestones in date order with the initiatives and backlog items planned for them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let rows = roadmap::milestones(&ws);
    ctx.out(&render::roadmap::milestones(&rows, args.format.into(), ctx.width))
}
