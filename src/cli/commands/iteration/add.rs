use crate::cli::context::{CmdResult, Context};
use crate::ops::iteration::{self, NewIteration};

/// Add an iteration to iterations.yaml; prints its new id. Refused when its
/// days overlap another iteration's, or it ends before it starts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The iteration's name (`Sprint 14`)
    name: String,
    /// Its first day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    start: String,
    /// Its last day (YYYY-MM-DD), included
    #[arg(long, value_name = "DATE")]
    end: String,
    /// The points the team can take on in it
    #[arg(long, value_name = "N")]
    capacity: Option<String>,
    /// What the team means to reach in it
    #[arg(long, value_name = "TEXT")]
    goal: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let new =
        NewIteration { name: args.name, start: args.start, end: args.end, capacity: args.capacity, goal: args.goal };
    let id = iteration::add(&product, &ws, &new)?;
    ctx.out(&format!("{id}\n"))?;
    ctx.note(&format!("Added {id} to {}", ctx.display(&product, crate::store::ITERATIONS_FILE)));
    Ok(())
}
