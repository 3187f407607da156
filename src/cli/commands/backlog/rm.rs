use crate::cli::args::Selection;
use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog;

/// Remove one or more items' files, together or not at all. Refused while
/// other items refer to them, unless --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The items (BL-12 BL-14 ...)
    ids: Vec<String>,
    /// Remove even if referenced, and remove those references too
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    selection: Selection,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let filter = super::where_filter(&args.selection)?;
    let docs = backlog::select(&ws, &args.ids, filter.as_ref())?;
    let (plans, _) = backlog::plan_remove(&product, &ws, &docs, args.force)?;
    super::apply(ctx, &product, &ws, &plans, args.selection.dry_run, |p| match p.note.as_str() {
        "removed" => format!("Removed {}", p.id),
        other => format!("{}: {other}", p.id),
    })
}
