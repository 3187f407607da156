use crate::cli::context::{CmdResult, Context};
use crate::ops::iteration;

/// Close an iteration. Its unfinished items move to the iteration named by
/// --carry-to, or leave it (their `iteration` is removed); the close and the
/// moves are one write.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The iteration (IT-n)
    id: String,
    /// Move its unfinished items to this iteration (IT-n)
    #[arg(long, value_name = "IT")]
    carry_to: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let closed = iteration::close(&product, &ws, &args.id, args.carry_to.as_deref(), ctx.today())?;
    ctx.note(&format!("Closed {}", closed.id));
    match &closed.carried_to {
        Some(to) if !closed.moved.is_empty() => ctx.note(&format!("Carried to {to}: {}", closed.moved.join(", "))),
        None if !closed.moved.is_empty() => ctx.note(&format!("Unplanned: {}", closed.moved.join(", "))),
        _ => ctx.note("Every item of it was finished"),
    }
    Ok(())
}
