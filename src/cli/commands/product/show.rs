use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::render;

/// Show the product's vision, strategy, life-cycle stage, personas and stakeholders.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// table (for people), md, json or yaml
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: crate::cli::FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let info = ws.product.as_ref().map(|d| &d.value).ok_or_else(|| {
        Error::refused("the product has no product.yaml").with_hint("create it with `pm product edit --set vision=...`")
    })?;
    ctx.out(&render::product::show(info, args.format.into()))
}
