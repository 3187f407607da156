use crate::cli::context::{CmdResult, Context};
use crate::ops::okr::{self, NewObjective};

/// Add an objective to `okrs/<cycle>.yaml` (created if needed); prints its id.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The objective: qualitative and inspiring
    title: String,
    /// The cycle: a quarter (2027-Q1) or a year (2027)
    #[arg(long)]
    cycle: String,
    /// committed (must reach 1.0) or aspirational (0.7 is good)
    #[arg(long = "type")]
    kind: Option<String>,
    /// company, team or individual
    #[arg(long)]
    level: Option<String>,
    /// Who owns the objective
    #[arg(long)]
    owner: Option<String>,
    /// The objective this one supports (OBJ-n)
    #[arg(long, value_name = "OBJ")]
    parent: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let new = NewObjective {
        title: args.title,
        cycle: args.cycle,
        kind: args.kind,
        level: args.level,
        owner: args.owner,
        parent: args.parent,
    };
    let id = okr::add_objective(&product, &ws, &new)?;
    ctx.out(&format!("{id}\n"))?;
    ctx.note(&format!("Added {id} to {}", ctx.display(&product, &format!("okrs/{}.yaml", new.cycle.trim()))));
    Ok(())
}
