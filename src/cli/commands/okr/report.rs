use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Cycle;
use crate::ops::{okr, roadmap};
use crate::render;

/// A quarterly review document: scores, the trend of check-ins, and the
/// initiatives and backlog items linked to each objective.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The cycle (2026-Q4; default: the one containing today)
    #[arg(long)]
    cycle: Option<String>,
    /// md (the only format: a document to paste into a review)
    #[arg(long, short = 'f', default_value = "md", value_parser = ["md"])]
    format: String,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let today = ctx.today();
    let cycle: Option<Cycle> = match &args.cycle {
        Some(c) => Some(c.parse().map_err(|e: crate::model::cycle::CycleError| Error::usage(e.to_string()))?),
        None => okr::default_cycle(&ws, today),
    };
    let views = okr::cycle_view(&ws, cycle, today);
    let initiative = |id: &str| {
        ws.initiative(id).map(|i| {
            let (p, _) = roadmap::progress(&ws, id);
            let done = p
                .ratio()
                .map_or("no linked work".to_string(), |r| format!("{} done", crate::model::score::format_percent(r)));
            (i.title.clone(), format!("{}, {done}", i.status().as_str().replace('_', " ")))
        })
    };
    let item = |id: &str| ws.get(id).map(|d| (d.value.title.clone(), d.value.status().to_string()));
    let name = cycle.map_or("all cycles".to_string(), |c| c.to_string());
    ctx.out(&render::okr::report(&views, &name, &initiative, &item))
}
