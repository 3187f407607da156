use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::model::feedback::FeedbackSource;
use crate::ops::feedback::{self, Filter};
use crate::render::evidence::{FeedbackRow, feedback_list};

/// List feedback in id order with its date, source, customer, segment and
/// links (`BL-42:3` = asks for BL-42 with importance 3).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only from these sources (repeatable, or comma-separated)
    #[arg(long, value_delimiter = ',', value_parser = super::one_of(FeedbackSource::names()))]
    source: Vec<String>,
    /// Only from these customers (ids; repeatable, or comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    customer: Vec<String>,
    /// Only for these segments (the feedback's own, else its customer's)
    #[arg(long, value_delimiter = ',')]
    segment: Vec<String>,
    /// Only with one of these tags
    #[arg(long, value_delimiter = ',')]
    tag: Vec<String>,
    /// Only feedback linked to some work
    #[arg(long, conflicts_with = "unlinked")]
    linked: bool,
    /// Only feedback linked to nothing yet (to triage)
    #[arg(long)]
    unlinked: bool,
    /// Only feedback given on or after this day
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let filter = Filter {
        sources: args.source,
        customers: args.customer,
        segments: args.segment,
        tags: args.tag,
        linked: if args.linked {
            Some(true)
        } else if args.unlinked {
            Some(false)
        } else {
            None
        },
        since: args.since,
    };
    let docs = feedback::list(&ws, &filter)?;
    let rows: Vec<FeedbackRow> = docs
        .iter()
        .map(|d| FeedbackRow {
            feedback: &d.value,
            path: ctx.display(&product, &d.path),
            segment: feedback::segment(&ws, &d.value),
        })
        .collect();
    ctx.out(&feedback_list(&rows, args.format.into(), ctx.width))
}
