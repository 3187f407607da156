use crate::cli::context::{CmdResult, Context};
use crate::model::experiment::Method;
use crate::ops::experiment::{self, NewExperiment};

/// Propose a lean experiment: a hypothesis and the metric that will tell.
/// It is `running` when it starts today or earlier, else `proposed`. Every
/// value is checked before anything is written; the new id is printed on stdout.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// We believe <change> for <persona> will <outcome>; we'll know when <metric> moves X→Y
    #[arg(long)]
    hypothesis: String,
    /// The metric that decides (its id in metrics/: checkout_conversion)
    #[arg(long, value_name = "ID")]
    metric: String,
    /// The metric's segment it measures (mobile), as in the metric's observations
    #[arg(long)]
    segment: Option<String>,
    /// A short name for lists (default: the hypothesis)
    #[arg(long)]
    title: Option<String>,
    /// How it is run
    #[arg(long, value_parser = super::one_of(Method::names()))]
    method: Option<String>,
    /// The day it starts; today or earlier makes it running
    #[arg(long, value_name = "DATE")]
    start: Option<String>,
    /// The planned end
    #[arg(long, value_name = "DATE")]
    end: Option<String>,
    /// The metric's value now
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    baseline: Option<String>,
    /// The change the hypothesis predicts, absolute (default) or relative (0.05 = +5%)
    #[arg(long, value_name = "CHANGE[,absolute|relative]", allow_hyphen_values = true)]
    expected: Option<String>,
    /// What result counts as validated, in words
    #[arg(long, value_name = "TEXT")]
    success_criterion: Option<String>,
    /// Who runs it
    #[arg(long)]
    owner: Option<String>,
    /// A backlog item this experiment tests (repeatable)
    #[arg(long = "backlog", value_name = "ID")]
    backlog: Vec<String>,
    /// A key result it informs (repeatable)
    #[arg(long = "kr", value_name = "KR")]
    key_results: Vec<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let new = NewExperiment {
        hypothesis: args.hypothesis,
        metric: args.metric,
        segment: args.segment,
        title: args.title,
        method: args.method,
        start: args.start,
        end: args.end,
        baseline: args.baseline,
        expected: args.expected,
        success_criterion: args.success_criterion,
        owner: args.owner,
        backlog: args.backlog,
        key_results: args.key_results,
    };
    let doc = experiment::add(&product, &ws, &new, ctx.today())?;
    ctx.out(&format!("{}\n", doc.value.id))?;
    ctx.note(&format!("Created {} ({})", ctx.display(&product, &doc.path), doc.value.status().as_str()));
    Ok(())
}
