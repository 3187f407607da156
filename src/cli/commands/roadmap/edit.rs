use crate::cli::args::FieldArgs;
use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap;

/// Change fields of an initiative; only those values change in roadmap.yaml.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The initiative (RM-2)
    id: String,
    #[command(flatten)]
    fields: FieldArgs,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let ops = args.fields.ops()?;
    if ops.is_empty() {
        return Err(crate::Error::usage("nothing to change").with_hint("use --set, --unset, --add or --remove").into());
    }
    let (_, i) = roadmap::initiative(&ws, &args.id)?;
    let id = i.id.clone();
    if roadmap::edit_initiative(&product, &ws, &args.id, &ops)? {
        ctx.note(&format!("Updated {id}"));
    } else {
        ctx.note(&format!("{id}: nothing changed"));
    }
    Ok(())
}
