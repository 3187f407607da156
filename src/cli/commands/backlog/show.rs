use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog;
use crate::render::{self, Format};

/// Show one item: every field, computed scores, children, and the items it
/// blocks and is blocked by.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (BL-12)
    id: String,
    /// table (for people), json, yaml, md; csv prints the list row
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let details = backlog::details(&ws, &args.id)?;
    let path = ctx.display(&product, &details.doc.path);
    let text = match Format::from(args.format) {
        Format::Table => render::backlog::details_text(&ws, &details, &path),
        Format::Json => render::backlog::to_json(&render::backlog::details_json(&ws, &details, &path)),
        Format::Yaml => yaml_serde::to_string(&render::backlog::details_json(&ws, &details, &path)).unwrap_or_default(),
        format @ (Format::Csv | Format::Md) => {
            render::backlog::list(&ws, &[details.doc], format, ctx.width, |_| path.clone())
        }
    };
    ctx.out(&text)
}
