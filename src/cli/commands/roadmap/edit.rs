use crate::cli::args::FieldArgs;
use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap;

/// Change fields of one or more initiatives; only those values change in
/// roadmap.yaml, all in one write or none.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The initiatives (RM-2 RM-5 ...)
    #[arg(required = true)]
    ids: Vec<String>,
    #[command(flatten)]
    fields: FieldArgs,
    /// Print what would change, and check it, without writing anything
    #[arg(long)]
    dry_run: bool,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let ops = args.fields.ops()?;
    if ops.is_empty() {
        return Err(crate::Error::usage("nothing to change").with_hint("use --set, --unset, --add or --remove").into());
    }
    let changed = roadmap::edit_initiatives(&product, &ws, &args.ids, &ops, args.dry_run)?;
    for input in &args.ids {
        let (_, i) = roadmap::initiative(&ws, input)?;
        if changed.contains(&i.id) {
            ctx.note(&format!("Updated {}", i.id));
        } else {
            ctx.note(&format!("{}: nothing changed", i.id));
        }
    }
    if args.dry_run {
        ctx.note("Dry run: nothing written");
    }
    Ok(())
}
