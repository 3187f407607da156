use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Date;
use crate::ops::okr::{self, CheckIn};

/// Record a check-in: appends {date, value, confidence, note} to the key
/// result's check_ins (comments in the file stay) and sets `current`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The key result (KR-n)
    kr: String,
    /// The value now (for a milestone key result: 1 when done, or steps done)
    value: f64,
    /// How likely the target is met, 0 to 1
    #[arg(long)]
    confidence: Option<f64>,
    /// A note kept with the check-in
    #[arg(long)]
    note: Option<String>,
    /// Default: today
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    if !args.value.is_finite() {
        return Err(Error::usage("the value must be a number").into());
    }
    let date = match &args.date {
        Some(d) => d.parse::<Date>().map_err(|e| Error::usage(e.to_string()))?,
        None => ctx.today(),
    };
    let c = CheckIn { value: args.value, confidence: args.confidence, note: args.note, date };
    let id = okr::checkin(&product, &ws, &args.kr, &c, ctx.today())?;
    ctx.note(&format!("{id}: checked in {} on {date}", crate::model::score::format_number(args.value)));
    Ok(())
}
