use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::kind::Kind;
use crate::ops::fields::FieldOp;
use crate::ops::record;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an open question to a PRD
    Add(AddArgs),
    /// Answer a question: `pm prd question answer PRD-1#Q-2 "Per merchant"`
    Answer(AnswerArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The PRD (PRD-3)
    prd: String,
    /// The question
    text: String,
}

#[derive(Debug, clap::Args)]
pub struct AnswerArgs {
    /// The question: its PRD and its place in the list, from 1 (PRD-1#Q-2)
    question: String,
    /// The answer
    answer: String,
}

/// `PRD-1#Q-2` → (`PRD-1`, 1): the PRD and the question's position from 0.
fn address(input: &str) -> Result<(String, usize), Error> {
    let bad = || Error::usage(format!("`{input}` is not a question")).with_hint("questions are PRD-n#Q-k, k from 1");
    let (prd, q) = input.trim().split_once('#').ok_or_else(bad)?;
    let n: usize = q.to_ascii_uppercase().strip_prefix("Q-").and_then(|n| n.parse().ok()).ok_or_else(bad)?;
    n.checked_sub(1).map(|i| (prd.to_string(), i)).ok_or_else(bad)
}

pub fn run(ctx: &Context, command: Command) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    match command {
        Command::Add(args) => {
            let count = crate::ops::prd::find(&ws, &args.prd)?.value.open_questions.len();
            let ops = [FieldOp::Add("open_questions".into(), args.text)];
            let changed =
                record::edit(&product, &ws, Kind::Prd, std::slice::from_ref(&args.prd), &ops, ctx.today(), false)?;
            let id = changed.first().cloned().unwrap_or(args.prd);
            ctx.note(&format!("{id}#Q-{}: added", count + 1));
        }
        Command::Answer(args) => {
            let (prd, i) = address(&args.question)?;
            let ops = [
                FieldOp::Set(format!("open_questions.{i}.status"), "answered".into()),
                FieldOp::Set(format!("open_questions.{i}.answer"), args.answer),
            ];
            let changed = record::edit(&product, &ws, Kind::Prd, std::slice::from_ref(&prd), &ops, ctx.today(), false)?;
            let id = changed.first().cloned().unwrap_or(prd.to_ascii_uppercase());
            ctx.note(&format!("{id}#Q-{}: answered", i + 1));
        }
    }
    Ok(())
}
