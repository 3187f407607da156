use crate::cli::context::{CmdResult, Context};
use crate::model::feedback::{FeedbackSource, Sentiment};
use crate::ops::feedback::{self, NewFeedback};

/// Record one piece of customer evidence in `feedback/FB-n.yaml`: what the
/// customer asks for, in their words, who they are and where it came from,
/// and the work it asks for. Every value is checked (an unknown customer or a
/// link to something missing is refused) before anything is written; the new
/// id is printed on stdout.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the customer asks for, in a line
    summary: String,
    /// Their words
    #[arg(long)]
    quote: Option<String>,
    /// Where it came from
    #[arg(long, value_parser = super::one_of(FeedbackSource::names()))]
    source: Option<String>,
    /// A link to the conversation, ticket or post
    #[arg(long)]
    url: Option<String>,
    /// The customer (an id in customers.yaml); without it the feedback is anonymous
    #[arg(long, value_name = "ID")]
    customer: Option<String>,
    /// The segment it speaks for (default: the customer's)
    #[arg(long)]
    segment: Option<String>,
    /// The day it was given (default: today)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// How the customer feels
    #[arg(long, value_parser = super::one_of(Sentiment::names()))]
    sentiment: Option<String>,
    /// A tag (repeatable, or comma-separated)
    #[arg(long = "tag", value_name = "TAG", value_delimiter = ',')]
    tags: Vec<String>,
    /// What it asks for, with its importance: BL-42:3, RM-2, PRD-3#FR-2:2 (1 nice to have, 2 important, 3 critical; default 1; repeatable)
    #[arg(long = "link", value_name = "TARGET[:IMPORTANCE]")]
    links: Vec<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let new = NewFeedback {
        summary: args.summary,
        quote: args.quote,
        source: args.source,
        url: args.url,
        customer: args.customer,
        segment: args.segment,
        date: args.date,
        sentiment: args.sentiment,
        tags: args.tags,
        links: args.links,
    };
    let doc = feedback::add(&product, &ws, &new, ctx.today())?;
    ctx.out(&format!("{}\n", doc.value.id))?;
    ctx.note(&format!("Created {}", ctx.display(&product, &doc.path)));
    Ok(())
}
