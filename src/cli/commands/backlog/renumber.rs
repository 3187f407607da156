use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog;

/// Give an item a new id (by default one past the highest on any branch) and
/// rewrite every reference to it. Use it when two branches created the same id.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// The new id (must be free)
    #[arg(long, value_name = "NEW")]
    to: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let done = backlog::renumber(&product, &ws, &args.id, args.to.as_deref())?;
    ctx.out(&format!("{}\n", done.to))?;
    let refs = if done.rewritten.is_empty() {
        "no references to rewrite".to_string()
    } else {
        format!("rewrote references in {}", done.rewritten.join(", "))
    };
    ctx.note(&format!("Renumbered {} → {}; {refs}", done.from, done.to));
    Ok(())
}
