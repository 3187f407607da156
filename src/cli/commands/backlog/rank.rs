use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog::{self, Place};

/// Reorder an item. Only the moved item's file changes: it gets a rank key
/// between its new neighbours.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("place").required(true))]
pub struct Args {
    id: String,
    /// Place it just before this item
    #[arg(long, group = "place", value_name = "ID")]
    before: Option<String>,
    /// Place it just after this item
    #[arg(long, group = "place", value_name = "ID")]
    after: Option<String>,
    /// Place it first
    #[arg(long, group = "place")]
    top: bool,
    /// Place it last
    #[arg(long, group = "place")]
    bottom: bool,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let place = match (args.before, args.after, args.top) {
        (Some(other), _, _) => Place::Before(other),
        (_, Some(other), _) => Place::After(other),
        (_, _, true) => Place::Top,
        _ => Place::Bottom,
    };
    let id = ws.item(&args.id)?.value.id.clone();
    let key = backlog::rank(&product, &ws, &args.id, &place)?;
    let place = match &place {
        Place::Before(o) => format!("before {}", o.to_ascii_uppercase()),
        Place::After(o) => format!("after {}", o.to_ascii_uppercase()),
        Place::Top => "at the top".to_string(),
        Place::Bottom => "at the bottom".to_string(),
    };
    ctx.note(&format!("{id} ranked {place} (rank \"{key}\")"));
    Ok(())
}
