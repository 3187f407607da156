use crate::cli::context::{CmdResult, Context};
use crate::ops::metric;
use crate::render::{self, Format};

/// Show a metric: its definition, latest value, gap to target, threshold
/// status (green/yellow/red, read according to its direction), trend since the
/// previous observation, a sparkline of the series, the latest value of each
/// segment and the recent observations.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The metric's id
    id: String,
    /// The segment whose series to show (default: all)
    #[arg(long)]
    segment: Option<String>,
    /// table (for people), md, json or yaml
    #[arg(long, short = 'f', value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ShowFormat {
    Table,
    Md,
    Json,
    Yaml,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let doc = metric::find(&ws, &args.id)?;
    let mut summary = metric::summary_for(doc, args.segment.as_deref(), ctx.today())?;
    summary.path = ctx.display(&product, &doc.path);
    let format = match args.format {
        ShowFormat::Table => Format::Table,
        ShowFormat::Md => Format::Md,
        ShowFormat::Json => Format::Json,
        ShowFormat::Yaml => Format::Yaml,
    };
    ctx.out(&render::metric::show(&summary, format, ctx.width))
}
