use crate::cli::args::Selection;
use crate::cli::context::{CmdResult, Context};
use crate::model::kind::Kind;
use crate::ops::{backlog, record};

/// Remove one or more items' files, together or not at all. Refused while
/// anything refers to them (the references are listed), unless --force.
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

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let filter = super::where_filter(ctx, &ws, &args.selection)?;
    let ids: Vec<String> =
        backlog::select(&ws, &args.ids, filter.as_ref())?.iter().map(|d| d.value.id.clone()).collect();
    let removed = record::remove(&product, &ws, Kind::Backlog, &ids, args.force, args.selection.dry_run, ctx.today())?;
    crate::cli::record::report_removed(ctx, &product, &removed, args.selection.dry_run);
    Ok(())
}
