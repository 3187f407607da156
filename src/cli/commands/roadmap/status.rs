use crate::cli::context::{CmdResult, Context};
use crate::ops::fields::FieldOp;
use crate::ops::roadmap;

/// Set an initiative's status: proposed, planned, in_progress, done or cancelled.
/// Marking it done while linked epics are open is refused.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    status: String,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (_, i) = roadmap::initiative(&ws, &args.id)?;
    let (id, from) = (i.id.clone(), i.status().as_str());
    roadmap::edit_initiative(
        &product,
        &ws,
        &args.id,
        &[FieldOp::Set("status".into(), args.status.clone())],
        ctx.today(),
    )?;
    ctx.note(&format!("{id}: {from} → {}", args.status.to_ascii_lowercase()));
    Ok(())
}
