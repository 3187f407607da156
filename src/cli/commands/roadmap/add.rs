use crate::cli::context::{CmdResult, Context};
use crate::ops::roadmap;

/// Add an initiative to roadmap.yaml (comments and layout are kept); prints
/// its new id. Without a horizon or dates it goes to `later`.
#[derive(Debug, clap::Args)]
pub struct Args {
    title: String,
    /// The outcome it is for, in a sentence
    #[arg(long)]
    outcome: Option<String>,
    /// The strategic theme it belongs to
    #[arg(long)]
    theme: Option<String>,
    /// now, next or later
    #[arg(long)]
    horizon: Option<String>,
    /// The start date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    start: Option<String>,
    /// The end date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    end: Option<String>,
    /// A quarter instead of dates: 2027-Q1
    #[arg(long)]
    quarter: Option<String>,
    /// proposed (default), planned, in_progress, done or cancelled
    #[arg(long)]
    status: Option<String>,
    /// high, medium or low
    #[arg(long)]
    confidence: Option<String>,
    /// Who owns the initiative
    #[arg(long)]
    owner: Option<String>,
    /// An objective it serves (repeatable)
    #[arg(long = "objective", value_name = "OBJ")]
    objectives: Vec<String>,
    /// A key result it moves (repeatable)
    #[arg(long = "kr", value_name = "KR")]
    key_results: Vec<String>,
    /// A milestone of it (repeatable)
    #[arg(long = "milestone", value_name = "MS")]
    milestones: Vec<String>,
    /// internal (default) or external
    #[arg(long)]
    visibility: Option<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let mut fields: Vec<(String, String)> = [
        ("outcome", args.outcome),
        ("theme", args.theme),
        ("horizon", args.horizon),
        ("start", args.start),
        ("end", args.end),
        ("quarter", args.quarter),
        ("status", args.status),
        ("confidence", args.confidence),
        ("owner", args.owner),
        ("visibility", args.visibility),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.map(|v| (f.to_string(), v)))
    .collect();
    for (field, list) in
        [("objectives", &args.objectives), ("key_results", &args.key_results), ("milestones", &args.milestones)]
    {
        if !list.is_empty() {
            fields.push((field.to_string(), list.join(",")));
        }
    }
    let id = roadmap::add_initiative(&product, &ws, &args.title, &fields)?;
    ctx.out(&format!("{id}\n"))?;
    ctx.note(&format!("Added {id} to {}", ctx.display(&product, crate::store::ROADMAP_FILE)));
    Ok(())
}
