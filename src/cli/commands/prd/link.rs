use crate::cli::context::{CmdResult, Context};
use crate::ops::prd;

/// Link a backlog item to a PRD or to one of its requirements: sets the
/// item's `prd` field (`pm prd link PRD-3#FR-2 BL-12`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// PRD-n or PRD-n#FR-m
    target: String,
    /// The backlog item
    item: String,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (item, target) = prd::link(&product, &ws, &args.target, &args.item, ctx.today())?;
    ctx.note(&format!("{item} now implements {target}"));
    Ok(())
}
