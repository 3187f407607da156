use crate::cli::context::{CmdResult, Context};
use crate::ops::feedback::{self, Linked};

/// Link feedback to the backlog item, initiative, PRD or PRD requirement it
/// asks for. Linking it again changes the importance.
#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    /// The feedback (FB-12)
    id: String,
    /// What it asks for: BL-42, RM-2, PRD-3 or PRD-3#FR-2
    target: String,
    /// 1 nice to have, 2 important, 3 critical (default: 1 for a new link; an existing link keeps its own)
    #[arg(long, short = 'i', value_name = "1|2|3")]
    importance: Option<String>,
}

/// Remove the link from feedback to a target.
#[derive(Debug, clap::Args)]
pub struct UnlinkArgs {
    /// The feedback (FB-12)
    id: String,
    /// The linked target (BL-42, RM-2, PRD-3#FR-2)
    target: String,
}

pub(super) fn link(ctx: &Context, args: LinkArgs) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let importance = args.importance.as_deref().map(feedback::importance).transpose()?;
    let (id, to, outcome) = feedback::link(&product, &ws, &args.id, &args.target, importance)?;
    ctx.note(&match outcome {
        Linked::Added(i) => format!("Linked {id} to {to} (importance {i})"),
        Linked::Changed(from, to_imp) => format!("{id} → {to}: importance {from} → {to_imp}"),
        Linked::Unchanged(i) => format!("{id} links {to} with importance {i} already: nothing changed"),
    });
    Ok(())
}

pub(super) fn unlink(ctx: &Context, args: UnlinkArgs) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (id, to) = feedback::unlink(&product, &ws, &args.id, &args.target)?;
    ctx.note(&format!("Unlinked {id} from {to}"));
    Ok(())
}
