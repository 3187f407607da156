use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap::{self, Grouping};
use crate::render::{self, roadmap as draw};

/// Show the roadmap with each initiative's progress computed from the backlog
/// (done estimate / total estimate of the leaf items under its linked epics).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// horizon (Now / Next / Later columns), timeline (bars over months), theme, status or objective
    #[arg(long, value_enum, default_value_t = ViewArg::Horizon)]
    view: ViewArg,
    /// Only initiatives marked `visibility: external`
    #[arg(long)]
    external: bool,
    /// table (terminal), md (a document), mermaid (a gantt chart GitHub renders), json, yaml
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ViewArg {
    Horizon,
    Timeline,
    Theme,
    Status,
    Objective,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    Table,
    Md,
    Mermaid,
    Json,
    Yaml,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let mut view = roadmap::view(&ws, ctx.today(), args.external);
    let forecasts =
        crate::ops::forecast::milestone_forecasts(&product, &ws, ctx.today(), &crate::render::progress::Bar::stderr());
    view.forecasts = Some(forecasts.unwrap_or_default());
    let grouping = match args.view {
        ViewArg::Horizon | ViewArg::Timeline => Grouping::Horizon,
        ViewArg::Theme => Grouping::Theme,
        ViewArg::Status => Grouping::Status,
        ViewArg::Objective => Grouping::Objective,
    };
    let name = ws
        .product
        .as_ref()
        .map(|p| p.value.name.clone())
        .filter(|n| !n.is_empty())
        .or_else(|| ws.config.value.name.clone())
        .unwrap_or_else(|| "Product".into());
    let text = match args.format {
        Format::Table => match args.view {
            ViewArg::Horizon => draw::horizons(&view, ctx.width),
            ViewArg::Timeline => draw::timeline(&view),
            _ => draw::grouped(&view, grouping, ctx.width),
        },
        Format::Md if args.view == ViewArg::Timeline => draw::mermaid_block(&view, &name),
        Format::Md => draw::markdown(&view, grouping, &name),
        Format::Mermaid => draw::mermaid(&view, &name),
        Format::Json => render::backlog::to_json(&view),
        Format::Yaml => yaml_serde::to_string(&view).unwrap_or_default(),
    };
    ctx.out(&text)
}
