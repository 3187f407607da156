use crate::cli::context::{CmdResult, Context};
use crate::ops::metric::{self, NewMetric};

/// Define a metric in metrics/ID.yaml; prints its id. `--preset` fills in the
/// formula, unit, direction, bounds and category of a standard KPI (nps,
/// dau_mau, retention_d30, churn, activation, conversion, arpu, csat, ltv,
/// cac); flags given explicitly win over the preset.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// snake_case id, cited by key results and experiments (activation_rate)
    id: String,
    /// What people call it (required unless --preset gives one)
    #[arg(long)]
    name: Option<String>,
    /// A standard KPI to start from
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::metric::PRESETS.map(|p| p.key)))]
    preset: Option<String>,
    /// What the metric measures, in a sentence
    #[arg(long)]
    description: Option<String>,
    /// How it is computed, in words or symbols
    #[arg(long)]
    formula: Option<String>,
    /// percent, count, ratio, seconds, score or currency:<ISO code> (currency:EUR)
    #[arg(long)]
    unit: Option<String>,
    /// up (higher is better) or down
    #[arg(long)]
    direction: Option<String>,
    /// day, week, month (default) or quarter: the period of one observation
    #[arg(long)]
    grain: Option<String>,
    /// Where the numbers come from (amplitude:..., sql:..., manual)
    #[arg(long)]
    source: Option<String>,
    /// Who owns the metric
    #[arg(long)]
    owner: Option<String>,
    /// acquisition, activation, retention, revenue, referral or satisfaction
    #[arg(long)]
    category: Option<String>,
    /// The target value
    #[arg(long, value_name = "V", allow_negative_numbers = true)]
    target: Option<String>,
    /// When the target is due
    #[arg(long, value_name = "DATE")]
    by: Option<String>,
    /// Green threshold (with --yellow), read according to the direction
    #[arg(long, value_name = "V", allow_negative_numbers = true)]
    green: Option<String>,
    /// Yellow threshold (with --green)
    #[arg(long, value_name = "V", allow_negative_numbers = true)]
    yellow: Option<String>,
    /// Mark it as the product's north star metric
    #[arg(long)]
    north_star: bool,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let new = NewMetric {
        id: args.id,
        name: args.name,
        preset: args.preset,
        description: args.description,
        formula: args.formula,
        unit: args.unit,
        direction: args.direction,
        grain: args.grain,
        source: args.source,
        owner: args.owner,
        category: args.category,
        north_star: args.north_star,
        target: args.target,
        by: args.by,
        green: args.green,
        yellow: args.yellow,
    };
    let rel = metric::add(&product, &ws, &new)?;
    ctx.out(&format!("{}\n", new.id.trim()))?;
    ctx.note(&format!("Created {}", ctx.display(&product, &rel)));
    Ok(())
}
