use crate::cli::context::{CmdResult, Context};
use crate::ops::experiment;

/// Abort a proposed or running experiment. A running one gets `end` set to
/// the day it stopped (today by default).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The experiment (EXP-3)
    id: String,
    /// Why it stopped, or what was learned anyway
    #[arg(long, value_name = "TEXT")]
    learnings: Option<String>,
    /// The day it stopped
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let date = args.date.as_deref().map(|d| experiment::parse_date("date", d)).transpose()?;
    let changed = experiment::abort(&product, &ws, &args.id, args.learnings.as_deref(), date, ctx.today())?;
    ctx.note(&format!("{}: {} → {}", changed.id, changed.from.as_str(), changed.to.as_str()));
    Ok(())
}
