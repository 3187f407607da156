use crate::cli::context::{CmdResult, Context};
use crate::ops::prd;

/// Move a PRD through its lifecycle: draft → in_review → approved → shipped →
/// archived (in_review → draft or rejected; approved → draft; rejected →
/// draft; anything → archived). `approved` needs every stakeholder's
/// approval; going back to draft clears the approvals.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    status: String,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let change = prd::set_status(&product, &ws, &args.id, &args.status, ctx.today())?;
    ctx.note(&format!("{}: {} → {}", change.id, change.from.as_str(), change.to.as_str()));
    if !change.cleared.is_empty() {
        ctx.warn(&format!("approvals cleared for {}: the PRD needs their approval again", change.cleared.join(", ")));
    }
    Ok(())
}
