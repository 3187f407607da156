use crate::cli::context::{CmdResult, Context};
use crate::ops::history;
use crate::render;
use crate::render::progress::Bar;

/// The life of an artifact from git: one row per commit that changed it,
/// with its date, author and commit, and each field changed (old → new).
/// Works for backlog items (following renumbering), initiatives, milestones,
/// objectives, key results, PRDs, experiments and metrics.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The id: BL-12, RM-4, MS-2, OBJ-3, KR-7, PRD-1, EXP-2 or a metric id
    id: String,
    /// table, json or md
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Table,
    Json,
    Md,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    // Only the id prefix is needed up front: the whole product is read only
    // to tell an uncommitted id from an unknown one.
    let prefix = crate::store::configured_prefix(&product);
    let uncommitted = |id: &str| ctx.workspace(&product).is_ok_and(|ws| ws.has_item(id));
    let h = history::history(&product, &prefix, &uncommitted, &args.id, ctx.today(), &Bar::stderr())?;
    super::diff::report_unreadable(ctx, &product, &h.unreadable);
    let text = match args.format {
        Format::Table => render::history::table(&h, ctx.width),
        Format::Md => render::history::markdown(&h),
        Format::Json => render::backlog::to_json(&h),
    };
    ctx.out(&text)
}
