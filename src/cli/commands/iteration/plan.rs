use crate::cli::args::Selection;
use crate::cli::context::{CmdResult, Context};
use crate::ops::{backlog, iteration};

/// Plan backlog items into an iteration: sets `iteration` on each of them,
/// all in one write or none. Refused for a closed iteration.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The iteration (IT-n, or `current`)
    iteration: String,
    /// The items (BL-12 BL-14 ...)
    ids: Vec<String>,
    #[command(flatten)]
    selection: Selection,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let filter = match args.selection.conditions.is_empty() {
        true => None,
        false => {
            let mut filter = backlog::filter_from_where(&args.selection.conditions)?;
            iteration::resolve_filter(&ws, &mut filter, ctx.today())?;
            Some(filter)
        }
    };
    let target = iteration::resolve(&ws, &args.iteration, ctx.today())?;
    let (id, plans) =
        iteration::plan(&product, &ws, &target, &args.ids, filter.as_ref(), ctx.today(), args.selection.dry_run)?;
    let verb = if args.selection.dry_run { "Would plan" } else { "Planned" };
    for p in &plans {
        ctx.note(&format!("{verb} {} into {id}", p.id));
    }
    if plans.is_empty() {
        ctx.note(&format!("Nothing changed: the items are in {id} already"));
    }
    if args.selection.dry_run {
        ctx.note("Dry run: nothing written");
    }
    Ok(())
}
