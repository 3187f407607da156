use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Date;
use crate::ops::roadmap;

/// Move a milestone to a new date and record the slip (from, to, today and
/// the reason) in its `slips`, so reports can show how far it moved.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The milestone (MS-3)
    id: String,
    /// The new date
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Why it moved
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let to = args.to.parse::<Date>().map_err(|e| Error::usage(format!("--to: {e}")))?;
    let (id, from) = roadmap::slip_milestone(&product, &ws, &args.id, to, args.reason.as_deref(), ctx.today())?;
    let days = from.days_until(to);
    let moved = if days > 0 { format!("slipped {days} days") } else { format!("pulled in {} days", -days) };
    ctx.note(&format!("{id}: {from} → {to} ({moved})"));
    Ok(())
}
