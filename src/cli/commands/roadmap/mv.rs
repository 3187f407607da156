use crate::cli::context::{CmdResult, Context};
use crate::ops::fields::FieldOp;
use crate::ops::roadmap;

/// Move an initiative to another horizon.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// now, next or later
    horizon: String,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (_, i) = roadmap::initiative(&ws, &args.id)?;
    let (id, from) = (i.id.clone(), i.horizon.map_or("(none)", |h| h.as_str()).to_string());
    roadmap::edit_initiative(
        &product,
        &ws,
        &args.id,
        &[FieldOp::Set("horizon".into(), args.horizon.clone())],
        ctx.today(),
    )?;
    ctx.note(&format!("{id}: {from} → {}", args.horizon.to_ascii_lowercase()));
    Ok(())
}
