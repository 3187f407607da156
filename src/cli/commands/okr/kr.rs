use crate::cli::context::{CmdResult, Context};
use crate::ops::okr::{self, NewKr};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a key result to an objective; prints its new id
    Add(AddArgs),
    /// Change fields of key results (title, baseline, target, unit, weight, owner, steps_total, ...)
    Edit(crate::cli::record::EditArgs),
    /// Remove key results; refused while referenced, unless --force
    Rm(crate::cli::record::RmArgs),
    /// Set the weights of several key results at once, checked together:
    /// `pm okr kr weights KR-1=0.5 KR-2=0.3 KR-3=0.2`
    Weights(WeightsArgs),
}

/// Add a key result. A metric key result measures progress from baseline to
/// target (with --metric, the metric's latest observation is its current
/// value and default baseline); a milestone key result is done or not.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The objective (OBJ-n)
    objective: String,
    title: String,
    /// The metric it measures (metrics/<ID>.yaml)
    #[arg(long, value_name = "ID", conflicts_with = "milestone")]
    metric: Option<String>,
    /// A milestone key result: done or not
    #[arg(long)]
    milestone: bool,
    /// The value at the start (default: the metric's latest observation)
    #[arg(long)]
    baseline: Option<f64>,
    /// The value to reach
    #[arg(long)]
    target: Option<f64>,
    /// The unit shown after values (default: the metric's)
    #[arg(long)]
    unit: Option<String>,
    /// Relative weight (fractions summing to 1, or percents summing to 100)
    #[arg(long)]
    weight: Option<f64>,
    /// Scale the objective's other key results to make room for --weight
    /// (in proportion to their weights; equally when they have none)
    #[arg(long, requires = "weight", conflicts_with = "set_weight")]
    rebalance: bool,
    /// Set another key result's weight in the same write (repeatable):
    /// --weight 0.2 --set-weight KR-1=0.5 --set-weight KR-2=0.3
    #[arg(long, value_name = "KR=WEIGHT", requires = "weight")]
    set_weight: Vec<String>,
    /// Who owns the key result
    #[arg(long)]
    owner: Option<String>,
}

pub(super) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Edit(args) => crate::cli::record::edit(ctx, crate::model::kind::Kind::KeyResult, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, crate::model::kind::Kind::KeyResult, &args),
        Command::Weights(args) => weights(ctx, args),
        Command::Add(args) => {
            let (product, ws) = ctx.writable()?;
            let new = NewKr {
                title: args.title,
                metric: args.metric,
                milestone: args.milestone,
                baseline: args.baseline,
                target: args.target,
                unit: args.unit,
                weight: args.weight,
                owner: args.owner,
                others: if args.rebalance {
                    okr::OtherWeights::Rebalance
                } else if args.set_weight.is_empty() {
                    okr::OtherWeights::Keep
                } else {
                    okr::OtherWeights::Given(
                        args.set_weight
                            .iter()
                            .map(|p| crate::ops::fields::parse_assignment(p))
                            .collect::<Result<_, _>>()?,
                    )
                },
            };
            let id = okr::add_kr(&product, &ws, &args.objective, &new)?;
            ctx.out(&format!("{id}\n"))?;
            ctx.note(&format!("Added {id} to {}", args.objective.to_ascii_uppercase()));
            Ok(())
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct WeightsArgs {
    /// Key results and their weights (fractions summing to 1, or percents summing to 100)
    #[arg(required = true, value_name = "KR=WEIGHT")]
    weights: Vec<String>,
    /// Print what would change, and check it, without writing anything
    #[arg(long)]
    dry_run: bool,
}

fn weights(ctx: &Context, args: WeightsArgs) -> CmdResult {
    use crate::ops::fields::{FieldOp, parse_assignment};
    let (product, ws) = ctx.writable()?;
    let mut each = Vec::new();
    for pair in &args.weights {
        let (kr, weight) = parse_assignment(pair)?;
        each.push((kr, vec![FieldOp::Set("weight".into(), weight)]));
    }
    let kind = crate::model::kind::Kind::KeyResult;
    let changed = crate::ops::record::edit_each(&product, &ws, kind, &each, ctx.today(), args.dry_run)?;
    for (kr, ops) in &each {
        let id = crate::ops::record::locate(&ws, kind, kr)?.id;
        if changed.contains(&id) {
            let FieldOp::Set(_, weight) = &ops[0] else { continue };
            ctx.note(&format!("{id}: weight {weight}"));
        } else {
            ctx.note(&format!("{id}: nothing changed"));
        }
    }
    if args.dry_run {
        ctx.note("Dry run: nothing written");
    }
    Ok(())
}
