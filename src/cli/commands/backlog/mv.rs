use crate::cli::args::Selection;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops::backlog;

/// Move one or more items to another status: `pm backlog move BL-3 BL-4 ready`,
/// or `pm backlog move --where status=new --where label=billing ready`. The
/// workflow in pm.yaml decides which moves are allowed; closing an item with
/// open children or blockers is refused. Several items move together or not at all.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "pm backlog move [OPTIONS] <ID>... <STATUS>\n       pm backlog move [OPTIONS] --where FIELD=VALUE... <STATUS>"
)]
pub struct Args {
    /// The items, then the new status: BL-3 BL-4 ready
    #[arg(required = true, value_name = "ID")]
    args: Vec<String>,
    /// Move even if the workflow does not allow it
    #[arg(long)]
    force: bool,
    /// Refuse to start an item while an item it waits for is open (otherwise a warning)
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    selection: Selection,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let Some((status, ids)) = args.args.split_last() else {
        return Err(Error::usage("name the new status").into());
    };
    if ids.is_empty() && args.selection.conditions.is_empty() {
        return Err(Error::usage("name the items to move and the new status: pm backlog move BL-3 ready").into());
    }
    let status = status.to_ascii_lowercase();
    let filter = super::where_filter(ctx, &ws, &args.selection)?;
    let docs = backlog::select(&ws, ids, filter.as_ref())?;
    let mut warnings = Vec::new();
    let to = backlog::MoveTo { status: &status, force: args.force, strict: args.strict, today: ctx.today() };
    let plans = backlog::plan_moves(&product, &ws, &docs, &to, &mut warnings)?;
    for doc in &docs {
        if !plans.iter().any(|p| p.id == doc.value.id) {
            ctx.note(&format!("{} is already {status}", doc.value.id));
        }
    }
    super::apply(ctx, &product, &ws, &plans, args.selection.dry_run, |p| format!("{}: {}", p.id, p.note))?;
    for warning in warnings {
        ctx.warn(&warning);
    }
    Ok(())
}
