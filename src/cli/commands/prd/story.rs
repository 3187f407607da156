use crate::cli::context::{CmdResult, Context};
use crate::ops::fields::FieldOp;
use crate::ops::prd::Part;

use super::part;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a user story; prints its address (PRD-1#US-n)
    Add(AddArgs),
    /// Change a story: pm prd story edit PRD-1#US-2 --add acceptance_criteria="..."
    Edit(part::EditArgs),
    /// Remove stories (refused while a backlog item links to one, unless --force)
    Rm(part::RmArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The PRD (PRD-3)
    prd: String,
    /// Who: "As a ..."
    #[arg(long, value_name = "ROLE")]
    as_a: String,
    /// What: "I want ..."
    #[arg(long, value_name = "GOAL")]
    i_want: String,
    /// Why: "so that ..."
    #[arg(long, value_name = "BENEFIT")]
    so_that: Option<String>,
    /// An acceptance criterion (repeatable)
    #[arg(long = "ac", value_name = "TEXT")]
    acceptance_criteria: Vec<String>,
}

pub(super) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => {
            let mut ops =
                part::sets(&[("as_a", &Some(args.as_a)), ("i_want", &Some(args.i_want)), ("so_that", &args.so_that)]);
            ops.extend(args.acceptance_criteria.into_iter().map(|ac| FieldOp::Add("acceptance_criteria".into(), ac)));
            part::add(ctx, Part::Story, &args.prd, None, &ops)
        }
        Command::Edit(args) => part::edit(ctx, Part::Story, &args),
        Command::Rm(args) => part::rm(ctx, Part::Story, &args),
    }
}
