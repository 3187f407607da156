use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::ItemType;
use crate::model::id;
use crate::ops::backlog::{self, Filter, SortKey};
use crate::render;

/// List backlog items in rank order, filtered and sorted.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these statuses (repeatable, or comma-separated)
    #[arg(long, short = 's', value_delimiter = ',')]
    status: Vec<String>,
    /// Only these types (repeatable, or comma-separated)
    #[arg(long = "type", short = 't', value_delimiter = ',')]
    kind: Vec<String>,
    /// Only items with this label (repeatable: all must match)
    #[arg(long, short = 'l')]
    label: Vec<String>,
    /// Only items owned by this person (repeatable)
    #[arg(long, short = 'o')]
    owner: Vec<String>,
    /// Only children of this item
    #[arg(long, value_name = "ID")]
    parent: Option<String>,
    /// Only these priorities (repeatable, or comma-separated)
    #[arg(long, short = 'p', value_delimiter = ',')]
    priority: Vec<String>,
    /// Only items planned for this milestone (MS-n)
    #[arg(long, value_name = "MS")]
    milestone: Option<String>,
    /// Only items planned into this iteration (IT-n, or `current`: the one running today)
    #[arg(long, value_name = "IT")]
    iteration: Option<String>,
    /// Only items whose title or description contains this (case-insensitive)
    #[arg(long, value_name = "SUBSTRING")]
    text: Option<String>,
    /// Only items that can be started: not closed, and nothing they wait for is open
    #[arg(long)]
    ready: bool,
    /// Only items some feedback of this customer asks for (their own or their children's)
    #[arg(long, value_name = "CUSTOMER")]
    requested_by: Option<String>,
    /// Only items some feedback of this segment asks for
    #[arg(long)]
    segment: Option<String>,
    /// Sort order (scores and demand sort highest first)
    #[arg(long, value_enum, default_value_t = Sort::Rank)]
    sort: Sort,
    /// Reverse the order
    #[arg(long, short = 'r')]
    reverse: bool,
    /// Show at most N items
    #[arg(long, short = 'n', value_name = "N")]
    limit: Option<usize>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Sort {
    Rank,
    Priority,
    Rice,
    Ice,
    Wsjf,
    Created,
    Updated,
    Id,
    Demand,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let mut types = Vec::new();
    for t in &args.kind {
        types.push(ItemType::parse(&t.to_ascii_lowercase()).ok_or_else(|| {
            Error::usage(format!("`{t}` is not a type: use epic, feature, story, bug, chore or spike"))
        })?);
    }
    let parent = match &args.parent {
        Some(p) => {
            Some(id::normalize(p, ws.prefix()).ok_or_else(|| Error::usage(format!("`{p}` is not a backlog id")))?)
        }
        None => None,
    };
    let mut filter = Filter {
        statuses: args.status,
        types,
        labels: args.label,
        owners: args.owner,
        parent,
        priorities: args.priority.iter().map(|p| p.to_ascii_lowercase()).collect(),
        milestone: args.milestone.map(|m| m.to_ascii_uppercase()),
        iteration: args.iteration,
        text: args.text,
        ready: args.ready,
        requested_by: args.requested_by,
        segment: args.segment,
    };
    crate::ops::iteration::resolve_filter(&ws, &mut filter, ctx.today())?;
    let sort = match args.sort {
        Sort::Rank => SortKey::Rank,
        Sort::Priority => SortKey::Priority,
        Sort::Rice => SortKey::Rice,
        Sort::Ice => SortKey::Ice,
        Sort::Wsjf => SortKey::Wsjf,
        Sort::Created => SortKey::Created,
        Sort::Updated => SortKey::Updated,
        Sort::Id => SortKey::Id,
        Sort::Demand => SortKey::Demand,
    };
    let mut items = backlog::list(&ws, &filter, sort, args.reverse)?;
    if let Some(n) = args.limit {
        items.truncate(n);
    }
    let text = render::backlog::list(&ws, &items, args.format.into(), ctx.width, |p| ctx.display(&product, p));
    ctx.out(&text)
}
