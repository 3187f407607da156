use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap;

/// Add a milestone to roadmap.yaml; prints its new id.
#[derive(Debug, clap::Args)]
pub struct Args {
    name: String,
    /// The planned date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    date: String,
    /// release, launch or milestone
    #[arg(long)]
    kind: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let mut fields = vec![("date".to_string(), args.date)];
    if let Some(kind) = args.kind {
        fields.insert(0, ("kind".to_string(), kind));
    }
    let id = roadmap::add_milestone(&product, &ws, &args.name, &fields)?;
    ctx.out(&format!("{id}\n"))?;
    ctx.note(&format!("Added {id} to {}", ctx.display(&product, crate::store::ROADMAP_FILE)));
    Ok(())
}
