use crate::cli::context::{CmdResult, Context};
use crate::ops::experiment;

/// Start a proposed experiment: status `running`, `start` set to the date
/// (today by default).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The experiment (EXP-3)
    id: String,
    /// The day it started (not after today)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let date = args.date.as_deref().map(|d| experiment::parse_date("date", d)).transpose()?;
    let (changed, date) = experiment::start(&product, &ws, &args.id, date, ctx.today())?;
    ctx.note(&format!("{}: {} → {} on {date}", changed.id, changed.from.as_str(), changed.to.as_str()));
    Ok(())
}
