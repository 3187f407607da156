use crate::cli::context::{CmdResult, Context};
use crate::ops::experiment;
use crate::render::{self, experiment as draw};

/// Show one experiment: the hypothesis; the metric with its baseline, latest
/// observation, expected change and implied target; the observed result
/// against it; the verdict, decision and learnings; and the linked backlog
/// items and key results with their status.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The experiment (EXP-3)
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
    let details = experiment::details(&ws, &args.id, ctx.today())?;
    let path = ctx.display(&product, &details.row.doc.path);
    let text = match args.format {
        Format::Table => draw::details_text(&details, &path, ctx.width),
        Format::Md => draw::details_markdown(&details),
        Format::Json => render::backlog::to_json(&draw::details_json(&details, &path)),
        Format::Yaml => yaml_serde::to_string(&draw::details_json(&details, &path)).unwrap_or_default(),
    };
    ctx.out(&text)
}
