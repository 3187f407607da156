use crate::cli::context::{CmdResult, Context};
use crate::ops::prd;
use crate::render;

/// Requirement coverage: each requirement with the backlog items that
/// implement it and their status; requirements without items are flagged,
/// and the share of must-haves done is shown.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// table or json
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    Table,
    Json,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let doc = prd::find(&ws, &args.id)?;
    let c = prd::coverage(&ws, &doc.value);
    ctx.out(&match args.format {
        Format::Table => render::prd::coverage(&c, ctx.width),
        Format::Json => render::backlog::to_json(&c),
    })
}
