use crate::cli::args::FieldArgs;
use crate::cli::context::{CmdResult, Context};
use crate::ops::prd::Part;

use super::part;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a goal, measured by a metric or a key result; prints its address (PRD-1#G-n)
    Add(AddArgs),
    /// Change a goal: pm prd goal edit PRD-1#G-2 --target 40
    Edit(EditArgs),
    /// Remove goals
    Rm(part::RmArgs),
}

/// What measures a goal.
#[derive(Debug, clap::Args)]
pub(super) struct Measure {
    /// The metric that measures it (a file in metrics/)
    #[arg(long, value_name = "METRIC")]
    metric: Option<String>,
    /// The key result it serves (KR-n)
    #[arg(long, value_name = "KR")]
    kr: Option<String>,
    /// The value it aims for
    #[arg(long, value_name = "VALUE")]
    target: Option<String>,
}

impl Measure {
    fn ops(&self) -> Vec<crate::ops::fields::FieldOp> {
        part::sets(&[("metric", &self.metric), ("key_result", &self.kr), ("target", &self.target)])
    }
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The PRD (PRD-3)
    prd: String,
    /// The goal
    text: String,
    #[command(flatten)]
    measure: Measure,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The goal: its PRD and its place in the list, from 1 (PRD-1#G-2)
    #[arg(value_name = "PRD#G-k")]
    address: String,
    #[command(flatten)]
    measure: Measure,
    #[command(flatten)]
    fields: FieldArgs,
}

pub(super) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => part::add(ctx, Part::Goal, &args.prd, Some(&args.text), &args.measure.ops()),
        Command::Edit(args) => {
            let mut ops = args.fields.ops()?;
            ops.extend(args.measure.ops());
            part::edit_with(ctx, Part::Goal, &args.address, ops)
        }
        Command::Rm(args) => part::rm(ctx, Part::Goal, &args),
    }
}
