use crate::cli::context::{CmdResult, Context};
use crate::ops::metric::{self, NewObservation};
use crate::render::metric::value;

/// Record one observation of a metric. The period defaults to the current one
/// for the metric's grain (2026-11-28, 2026-W48, 2026-11 or 2026-Q4); a
/// period that has not started, or one already recorded for the segment, is
/// refused. Comments and layout of the file are kept.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The metric's id
    id: String,
    /// The value measured
    #[arg(allow_negative_numbers = true)]
    value: String,
    /// The period measured, in the metric's grain (default: the current one)
    #[arg(long)]
    period: Option<String>,
    /// The segment measured (default: all)
    #[arg(long)]
    segment: Option<String>,
    /// A note kept with the observation
    #[arg(long)]
    note: Option<String>,
    /// Correct the observation already recorded for that period and segment
    #[arg(long)]
    replace: bool,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let new = NewObservation { value: args.value, period: args.period, segment: args.segment, note: args.note };
    let recorded = metric::record(&product, &ws, &args.id, &new, ctx.today(), args.replace)?;
    let doc = metric::find(&ws, &args.id)?;
    let unit = doc.value.unit.as_deref();
    let (checked, was) = match &recorded {
        metric::Recorded::Added(c) => (c, None),
        metric::Recorded::Replaced(c, was) => (c, Some(*was)),
    };
    let segment = checked.segment.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
    let shown = ctx.display(&product, &doc.path);
    match was {
        None => {
            ctx.note(&format!("Recorded {} for {}{segment} in {shown}", value(checked.value, unit), checked.period))
        }
        Some(was) => ctx.note(&format!(
            "Replaced {} with {} for {}{segment} in {shown}",
            value(was, unit),
            value(checked.value, unit),
            checked.period
        )),
    }
    Ok(())
}
