use crate::cli::context::{CmdResult, Context};
use crate::ops::prd;

/// Record a stakeholder's decision on a PRD, with today's date.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// The stakeholder (as listed in the PRD)
    #[arg(long = "as", value_name = "NAME")]
    name: String,
    /// Reject instead of approve
    #[arg(long)]
    reject: bool,
    /// A note kept with the decision
    #[arg(long)]
    note: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let message = prd::approve(&product, &ws, &args.id, &args.name, args.reject, args.note.as_deref(), ctx.today())?;
    ctx.note(&message);
    Ok(())
}
