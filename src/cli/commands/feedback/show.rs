use crate::cli::context::{CmdResult, Context};
use crate::ops::feedback;
use crate::render::{self, evidence as draw};

/// Show one piece of feedback: the summary and quote, the customer with
/// their tier, weight and ARR, the source, date, sentiment and tags, and the
/// work it asks for with each link's importance.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The feedback (FB-12)
    id: String,
    /// table (for people), md (a document), json, yaml
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    Table,
    Md,
    Json,
    Yaml,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let details = feedback::details(&ws, &args.id)?;
    let path = ctx.display(&product, &details.doc.path);
    let weight = details.customer.map(|c| ws.customer_list().weight(c));
    let text = match args.format {
        Format::Table => draw::feedback_text(&details, &path, weight),
        Format::Md => draw::feedback_markdown(&details),
        Format::Json => render::backlog::to_json(&draw::feedback_details_json(&details, &path)),
        Format::Yaml => yaml_serde::to_string(&draw::feedback_details_json(&details, &path)).unwrap_or_default(),
    };
    ctx.out(&text)
}
