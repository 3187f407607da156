use crate::cli::context::{CmdResult, Context};
use crate::ops::okr::{self, NewKr};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a key result to an objective; prints its new id
    Add(AddArgs),
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
    #[arg(long)]
    baseline: Option<f64>,
    #[arg(long)]
    target: Option<f64>,
    #[arg(long)]
    unit: Option<String>,
    /// Relative weight (fractions summing to 1, or percents summing to 100)
    #[arg(long)]
    weight: Option<f64>,
    #[arg(long)]
    owner: Option<String>,
}

pub fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
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
            };
            let id = okr::add_kr(&product, &ws, &args.objective, &new)?;
            ctx.out(&format!("{id}\n"))?;
            ctx.note(&format!("Added {id} to {}", args.objective.to_ascii_uppercase()));
            Ok(())
        }
    }
}
