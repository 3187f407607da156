//! The `edit` command every kind has, over the kind table: the same flags,
//! several ids, one transaction, one line per artifact.

use crate::cli::args::FieldArgs;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::kind::Kind;
use crate::ops::record;

/// Change fields of one or more artifacts; only the edited values change in
/// their files, all in one write or none.
#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The artifacts to change (one or more ids)
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Print what would change, and check it, without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `edit` for artifacts of `kind`.
pub(crate) fn edit(ctx: &Context, kind: Kind, args: &EditArgs) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let ops = args.fields.ops()?;
    if ops.is_empty() {
        return Err(Error::usage("nothing to change").with_hint("use --set, --unset, --add or --remove").into());
    }
    let changed = record::edit(&product, &ws, kind, &args.ids, &ops, ctx.today(), args.dry_run)?;
    let mut seen = Vec::new();
    for input in &args.ids {
        let id = record::locate(&ws, kind, input)?.id;
        if seen.contains(&id) {
            continue;
        }
        if changed.contains(&id) {
            ctx.note(&format!("Updated {id}"));
        } else {
            ctx.note(&format!("{id}: nothing changed"));
        }
        seen.push(id);
    }
    if args.dry_run {
        ctx.note("Dry run: nothing written");
    }
    Ok(())
}

/// Remove one or more artifacts, all in one write or none. Refused while
/// anything refers to them (the references are listed), unless --force.
#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// The artifacts to remove (one or more ids)
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Remove them even if referenced, and remove those references too
    #[arg(long)]
    pub force: bool,
    /// Print what would change, and check it, without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `rm` for artifacts of `kind`.
pub(crate) fn rm(ctx: &Context, kind: Kind, args: &RmArgs) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let removed = record::remove(&product, &ws, kind, &args.ids, args.force, args.dry_run, ctx.today())?;
    report_removed(ctx, &product, &removed, args.dry_run);
    Ok(())
}

/// One line per artifact removed and per reference removed with it.
pub(crate) fn report_removed(ctx: &Context, product: &crate::store::Product, removed: &record::Removed, dry_run: bool) {
    let (verb, reference) =
        if dry_run { ("Would remove", "reference would be removed") } else { ("Removed", "reference removed") };
    for id in &removed.ids {
        ctx.note(&format!("{verb} {id}"));
    }
    for (path, field) in &removed.unlinked {
        ctx.note(&format!("{}: {reference}: {field}", ctx.display(product, path)));
    }
    if dry_run {
        ctx.note("Dry run: nothing written");
    }
}
