use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap;

/// Remove an initiative from roadmap.yaml. Refused while backlog items or PRDs
/// link to it, unless --force, which removes those links in the same write.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// Remove it even if linked, and remove the links too
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (id, unlinked) = roadmap::remove_initiative(&product, &ws, &args.id, args.force)?;
    ctx.note(&format!("Removed {id}"));
    for owner in unlinked {
        ctx.note(&format!("{owner}: reference removed: initiative → {id}"));
    }
    Ok(())
}
