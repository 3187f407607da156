use crate::cli::context::{CmdResult, Context};
use crate::ops::metric;
use crate::render::metric::value;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Remove one observation (a value recorded by mistake)
    Rm(RmArgs),
}

#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// The metric's id
    id: String,
    /// The period of the observation (2026-11, 2026-Q4, ...)
    period: String,
    /// The segment of the observation (default: all)
    #[arg(long)]
    segment: Option<String>,
}

pub(super) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Rm(args) => {
            let (product, ws) = ctx.writable()?;
            let was = metric::remove_observation(&product, &ws, &args.id, &args.period, args.segment.as_deref())?;
            let doc = metric::find(&ws, &args.id)?;
            let segment = args.segment.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            ctx.note(&format!(
                "Removed the observation of {}{segment} ({}) from {}",
                args.period.trim(),
                value(was, doc.value.unit.as_deref()),
                ctx.display(&product, &doc.path)
            ));
            Ok(())
        }
    }
}
