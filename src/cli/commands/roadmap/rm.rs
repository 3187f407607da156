use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap;

/// Remove an initiative from roadmap.yaml. Refused while backlog items link to it.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// Remove it even if linked, leaving those links dangling
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (id, dangling) = roadmap::remove_initiative(&product, &ws, &args.id, args.force)?;
    ctx.note(&format!("Removed {id}"));
    for item in dangling {
        ctx.warn(&format!("{item} still links to the missing {id}"));
    }
    Ok(())
}
