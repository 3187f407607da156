use crate::cli::context::{CmdResult, Context};
use crate::ops::okr;

/// Close an objective: status closed, and its current score recorded as the final score.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The objective (OBJ-n)
    objective: String,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (id, score, missed) = okr::close(&product, &ws, &args.objective, ctx.today())?;
    match score {
        Some(s) => ctx.note(&format!("Closed {id} with a score of {}", crate::model::score::format_fixed(s, 2))),
        None => ctx.note(&format!("Closed {id} (no score: its key results have no progress yet)")),
    }
    if missed {
        ctx.warn(&format!("{id} is committed and scored below 1.0: write a postmortem of what was missed and why"));
    }
    Ok(())
}
