//! What every part of a PRD (requirement, story, goal, question, risk)
//! shares: `edit` and `rm` by address (`PRD-1#FR-2`), and how `add` reports.

use crate::cli::args::FieldArgs;
use crate::cli::context::{CmdResult, Context};
use crate::cli::record::report_removed;
use crate::error::Error;
use crate::ops::fields::FieldOp;
use crate::ops::prd::{self, Part};

/// Change fields of one part; only the edited values change in the file.
#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The part: PRD-1#FR-2, PRD-1#US-1, PRD-1#G-2, PRD-1#Q-1, PRD-1#R-3
    #[arg(value_name = "PRD#PART")]
    address: String,
    #[command(flatten)]
    fields: FieldArgs,
}

/// Remove parts, in one write. Refused while a backlog item links to a
/// requirement or story removed, unless --force.
#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// The parts to remove (PRD-1#FR-2 ...)
    #[arg(required = true, value_name = "PRD#PART")]
    addresses: Vec<String>,
    /// Remove them even if linked, and remove those links too
    #[arg(long)]
    force: bool,
    /// Print what would change, and check it, without writing anything
    #[arg(long)]
    dry_run: bool,
}

pub(super) fn add(ctx: &Context, kind: Part, prd_id: &str, key: Option<&str>, ops: &[FieldOp]) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let address = prd::add_part(&product, &ws, kind, prd_id, key, ops, ctx.today())?;
    ctx.out(&format!("{address}\n"))?;
    ctx.note(&format!("Added {} {address}", kind.noun()));
    Ok(())
}

pub(super) fn edit(ctx: &Context, kind: Part, args: &EditArgs) -> CmdResult {
    edit_with(ctx, kind, &args.address, args.fields.ops()?)
}

/// `edit` with changes some part's own flags add (`--metric` of a goal).
pub(super) fn edit_with(ctx: &Context, kind: Part, address: &str, ops: Vec<FieldOp>) -> CmdResult {
    if ops.is_empty() {
        return Err(Error::usage("nothing to change").with_hint("use --set, --unset, --add or --remove").into());
    }
    let (product, ws) = ctx.writable()?;
    let (address, changed) = prd::edit_part(&product, &ws, kind, address, &ops, ctx.today())?;
    ctx.note(&if changed { format!("Updated {address}") } else { format!("{address}: nothing changed") });
    Ok(())
}

pub(super) fn rm(ctx: &Context, kind: Part, args: &RmArgs) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let removed = prd::remove_parts(&product, &ws, kind, &args.addresses, args.force, args.dry_run, ctx.today())?;
    report_removed(ctx, &product, &removed, args.dry_run);
    Ok(())
}

/// `--set FIELD=VALUE` for each flag given.
pub(super) fn sets(fields: &[(&str, &Option<String>)]) -> Vec<FieldOp> {
    fields.iter().filter_map(|(f, v)| v.as_ref().map(|v| FieldOp::Set(f.to_string(), v.clone()))).collect()
}
