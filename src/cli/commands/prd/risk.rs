use crate::cli::context::{CmdResult, Context};
use crate::ops::prd::Part;

use super::part;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a risk; prints its address (PRD-1#R-n)
    Add(AddArgs),
    /// Change a risk: pm prd risk edit PRD-1#R-1 --set mitigation="..."
    Edit(part::EditArgs),
    /// Remove risks
    Rm(part::RmArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The PRD (PRD-3)
    prd: String,
    /// The risk
    text: String,
    /// How likely it is (low, medium, high)
    #[arg(long, value_name = "LEVEL")]
    likelihood: Option<String>,
    /// How much it would hurt (low, medium, high)
    #[arg(long, value_name = "LEVEL")]
    impact: Option<String>,
    /// What is done about it
    #[arg(long, value_name = "TEXT")]
    mitigation: Option<String>,
}

pub(super) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => {
            let ops = part::sets(&[
                ("likelihood", &args.likelihood),
                ("impact", &args.impact),
                ("mitigation", &args.mitigation),
            ]);
            part::add(ctx, Part::Risk, &args.prd, Some(&args.text), &ops)
        }
        Command::Edit(args) => part::edit(ctx, Part::Risk, &args),
        Command::Rm(args) => part::rm(ctx, Part::Risk, &args),
    }
}
