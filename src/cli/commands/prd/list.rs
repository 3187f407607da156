use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::prd::PrdStatus;
use crate::render;

/// List PRDs with their status, approvals and requirements.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these statuses (repeatable, or comma-separated)
    #[arg(long, value_delimiter = ',')]
    status: Vec<String>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let mut statuses = Vec::new();
    for s in &args.status {
        statuses.push(
            PrdStatus::parse(&s.to_ascii_lowercase())
                .ok_or_else(|| Error::usage(format!("`{s}` is not a PRD status")))?,
        );
    }
    let prds: Vec<_> =
        ws.prds.iter().map(|d| &d.value).filter(|p| statuses.is_empty() || statuses.contains(&p.status())).collect();
    ctx.out(&render::prd::list(&prds, args.format.into(), ctx.width))
}
