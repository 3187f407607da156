use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog::{self, Moved};

/// Move an item to another status. The workflow in pm.yaml decides which
/// moves are allowed; closing an item with open children or blockers is refused.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// The new status
    status: String,
    /// Move even if the workflow does not allow it
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let id = ws.item(&args.id)?.value.id.clone();
    match backlog::move_to(&product, &ws, &args.id, &args.status.to_ascii_lowercase(), args.force, ctx.today())? {
        Moved::Done { from, to } => ctx.note(&format!("{id}: {from} → {to}")),
        Moved::Unchanged => ctx.note(&format!("{id} is already {}", args.status)),
    }
    Ok(())
}
