use crate::cli::context::{CmdResult, Context};
use crate::ops::fields::FieldOp;
use crate::ops::prd::Part;

use super::part;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an open question to a PRD; prints its address (PRD-1#Q-n)
    Add(AddArgs),
    /// Answer a question: pm prd question answer PRD-1#Q-2 "Per merchant"
    Answer(AnswerArgs),
    /// Change a question: pm prd question edit PRD-1#Q-2 --set owner=dana
    Edit(part::EditArgs),
    /// Remove questions
    Rm(part::RmArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The PRD (PRD-3)
    prd: String,
    /// The question
    text: String,
    /// Who will answer it
    #[arg(long)]
    owner: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct AnswerArgs {
    /// The question: its PRD and its place in the list, from 1 (PRD-1#Q-2)
    #[arg(value_name = "PRD#Q-k")]
    question: String,
    /// The answer
    answer: String,
}

pub(super) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => {
            part::add(ctx, Part::Question, &args.prd, Some(&args.text), &part::sets(&[("owner", &args.owner)]))
        }
        Command::Answer(args) => {
            let (product, ws) = ctx.writable()?;
            let ops = [FieldOp::Set("status".into(), "answered".into()), FieldOp::Set("answer".into(), args.answer)];
            let (address, _) =
                crate::ops::prd::edit_part(&product, &ws, Part::Question, &args.question, &ops, ctx.today())?;
            ctx.note(&format!("{address}: answered"));
            Ok(())
        }
        Command::Edit(args) => part::edit(ctx, Part::Question, &args),
        Command::Rm(args) => part::rm(ctx, Part::Question, &args),
    }
}
