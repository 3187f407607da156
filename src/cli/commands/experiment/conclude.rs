use crate::cli::context::{CmdResult, Context};
use crate::model::experiment::{Decision, Verdict};
use crate::ops::experiment::{self, Conclusion};

/// Conclude an experiment: record the observed value, the verdict on the
/// hypothesis and the decision, set `end` (today by default) and status
/// `concluded`. Only these values change in the file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The experiment (EXP-3)
    id: String,
    /// The metric's value measured at the end
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    observed: String,
    /// What the result says about the hypothesis
    #[arg(long, value_parser = super::one_of(Verdict::names()))]
    verdict: String,
    /// What the team will do: keep going, change course, or stop
    #[arg(long, value_parser = super::one_of(Decision::names()))]
    decision: String,
    /// What was learned, in words
    #[arg(long, value_name = "TEXT")]
    learnings: Option<String>,
    /// The day it ended
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let conclusion = Conclusion {
        observed: experiment::parse_number("observed", &args.observed)?,
        verdict: experiment::parse_verdict(&args.verdict)?,
        decision: experiment::parse_decision(&args.decision)?,
        learnings: args.learnings,
        date: args.date.as_deref().map(|d| experiment::parse_date("date", d)).transpose()?,
    };
    let changed = experiment::conclude(&product, &ws, &args.id, &conclusion, ctx.today())?;
    ctx.note(&format!(
        "{}: {} → {} ({}, {})",
        changed.id,
        changed.from.as_str(),
        changed.to.as_str(),
        conclusion.verdict.as_str(),
        conclusion.decision.as_str()
    ));
    Ok(())
}
