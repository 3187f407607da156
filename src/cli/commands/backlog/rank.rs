use crate::cli::args::Selection;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops::backlog::{self, Place, SortKey};
use crate::store::ids::IdLock;

/// Reorder items. Named items are placed, in the order given, at one spot:
/// only their files change, each getting a rank key between its new
/// neighbours. `--by rice|ice|wsjf|priority` instead rewrites the ranks of
/// the selected items (--where; default: every open item) to follow that
/// order, changing as few files as possible.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("place").required(true))]
pub struct Args {
    /// The items to place (BL-12 BL-14 ...)
    ids: Vec<String>,
    /// Place them just before this item
    #[arg(long, group = "place", value_name = "ID")]
    before: Option<String>,
    /// Place them just after this item
    #[arg(long, group = "place", value_name = "ID")]
    after: Option<String>,
    /// Place them first
    #[arg(long, group = "place")]
    top: bool,
    /// Place them last
    #[arg(long, group = "place")]
    bottom: bool,
    /// Rank the selected items by a score or by priority
    #[arg(long, group = "place", value_enum, value_name = "ORDER")]
    by: Option<By>,
    #[command(flatten)]
    selection: Selection,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum By {
    Rice,
    Ice,
    Wsjf,
    Priority,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let filter = super::where_filter(ctx, &ws, &args.selection)?;
    let _lock = IdLock::acquire(&product)?;
    let mut placed = String::new();
    let plans = if let Some(by) = args.by {
        let key = match by {
            By::Rice => SortKey::Rice,
            By::Ice => SortKey::Ice,
            By::Wsjf => SortKey::Wsjf,
            By::Priority => SortKey::Priority,
        };
        let docs = match (&filter, args.ids.is_empty()) {
            (None, true) => {
                let config = &ws.config.value;
                ws.items.iter().filter(|d| !config.is_closed(d.value.status())).collect()
            }
            _ => backlog::select(&ws, &args.ids, filter.as_ref())?,
        };
        let plans = backlog::plan_rank_by(&product, &ws, &docs, key)?;
        if plans.is_empty() {
            ctx.note(&format!("{} items already follow that order", docs.len()));
        }
        plans
    } else {
        if args.ids.is_empty() && filter.is_none() {
            return Err(Error::usage("name the items to place").into());
        }
        let place = match (args.before, args.after, args.top) {
            (Some(other), _, _) => Place::Before(other),
            (_, Some(other), _) => Place::After(other),
            (_, _, true) => Place::Top,
            _ => Place::Bottom,
        };
        let docs = backlog::select(&ws, &args.ids, filter.as_ref())?;
        let plans = backlog::plan_rank(&product, &ws, &docs, &place)?;
        let shown = match &place {
            Place::Before(o) => format!("before {}", o.to_ascii_uppercase()),
            Place::After(o) => format!("after {}", o.to_ascii_uppercase()),
            Place::Top => "at the top".to_string(),
            Place::Bottom => "at the bottom".to_string(),
        };
        for doc in &docs {
            if !plans.iter().any(|p| p.id == doc.value.id) {
                ctx.note(&format!("{} is already ranked {shown}", doc.value.id));
            }
        }
        placed = shown;
        plans
    };
    super::apply(ctx, &product, &ws, &plans, args.selection.dry_run, |p| {
        let key = p.note.rsplit("→ ").next().unwrap_or_default();
        if placed.is_empty() || p.note.contains("re-spaced") {
            format!("{}: {}", p.id, p.note)
        } else {
            format!("{} ranked {placed} (rank \"{key}\")", p.id)
        }
    })
}
