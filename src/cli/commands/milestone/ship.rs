use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Date;
use crate::ops::roadmap;

/// Mark a milestone shipped. With --date, that date becomes the milestone's date.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// The date it shipped (default: the planned date stays)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Ship a launch although its checklist has open items
    #[arg(long)]
    force: bool,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let date = match &args.date {
        Some(d) => Some(d.parse::<Date>().map_err(|e| Error::usage(e.to_string()))?),
        None => None,
    };
    let id = roadmap::ship_milestone(&product, &ws, &args.id, date, args.force)?;
    ctx.note(&format!("{id} shipped"));
    Ok(())
}
