use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog;

/// Remove an item's file. Refused while other items refer to it.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// Remove even if referenced, leaving those references dangling
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (id, dangling) = backlog::remove(&product, &ws, &args.id, args.force)?;
    ctx.note(&format!("Removed {id}"));
    for r in dangling {
        ctx.warn(&format!("{r} now refers to the missing {id}"));
    }
    Ok(())
}
