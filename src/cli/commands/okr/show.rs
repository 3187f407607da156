use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Cycle;
use crate::ops::okr;
use crate::render;

/// Score a cycle: each key result's progress (clamp((current − baseline) /
/// (target − baseline), 0, 1), for rising and falling metrics alike), each
/// objective's weighted score on Google's 0.0–1.0 scale (red below 0.4,
/// yellow below 0.7, green above), and whether it is on track for the time
/// elapsed in the cycle.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The cycle (default: the one containing today, else the latest)
    #[arg(long)]
    cycle: Option<String>,
    /// Every cycle
    #[arg(long, conflicts_with = "cycle")]
    all: bool,
    /// The alignment tree: objectives under their parents, with initiatives and backlog
    #[arg(long)]
    tree: bool,
    /// table, md or json
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    Table,
    Md,
    Json,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let today = ctx.today();
    let cycle: Option<Cycle> = match (&args.cycle, args.all) {
        (Some(c), _) => Some(c.parse().map_err(|e: crate::model::cycle::CycleError| Error::usage(e.to_string()))?),
        (None, true) => None,
        (None, false) => okr::default_cycle(&ws, today),
    };
    let views = okr::cycle_view(&ws, cycle, today);
    let title = cycle.map_or("OKRs".to_string(), |c| format!("OKRs {c}"));
    let text = match (args.format, args.tree) {
        (Format::Json, _) => render::backlog::to_json(&views),
        (Format::Md, _) => render::okr::markdown(&views, &title),
        (Format::Table, true) => render::okr::tree(&views),
        (Format::Table, false) => render::okr::show(&views, ctx.width),
    };
    ctx.out(&text)
}
