//! `pm backlog ...`: one file per subcommand.

mod add;
mod board;
mod edit;
mod list;
mod mv;
mod rank;
mod renumber;
mod rm;
mod score;
mod show;

use crate::cli::args::Selection;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops::backlog::{self, Filter, Planned};
use crate::store::{Product, Workspace};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an item; prints its new id
    Add(Box<add::Args>),
    /// List items, filtered and sorted
    #[command(visible_alias = "ls")]
    List(list::Args),
    /// Show one item: every field, scores, children and dependencies
    Show(show::Args),
    /// Change fields of items, or open one in your editor
    Edit(edit::Args),
    /// Move items to another status, following the workflow
    Move(mv::Args),
    /// Reorder items, or rank them by RICE, ICE, WSJF or priority
    Rank(rank::Args),
    /// Remove items
    Rm(rm::Args),
    /// A kanban board in the terminal
    Board(board::Args),
    /// Items ranked by RICE, ICE or WSJF, with each formula's inputs
    Score(score::Args),
    /// Give an item a new id and rewrite every reference to it
    Renumber(renumber::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => add::run(ctx, *args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Move(args) => mv::run(ctx, args),
        Command::Rank(args) => rank::run(ctx, args),
        Command::Rm(args) => rm::run(ctx, args),
        Command::Board(args) => board::run(ctx, args),
        Command::Score(args) => score::run(ctx, args),
        Command::Renumber(args) => renumber::run(ctx, args),
    }
}

/// The `--where` conditions, if any (`iteration=current` named as of today).
fn where_filter(ctx: &Context, ws: &Workspace, selection: &Selection) -> Result<Option<Filter>, Error> {
    if selection.conditions.is_empty() {
        return Ok(None);
    }
    let mut filter = backlog::filter_from_where(&selection.conditions)?;
    crate::ops::iteration::resolve_filter(ws, &mut filter, ctx.today())?;
    Ok(Some(filter))
}

/// Writes the planned changes as one transaction and prints one line per
/// item changed; with `dry_run`, checks them and says what would change.
fn apply(
    ctx: &Context,
    product: &Product,
    ws: &Workspace,
    plans: &[Planned],
    dry_run: bool,
    line: impl Fn(&Planned) -> String,
) -> CmdResult {
    backlog::apply_plans(product, ws, plans, dry_run)?;
    for plan in plans {
        ctx.note(&line(plan));
    }
    if dry_run {
        let n = plans.len();
        ctx.note(&format!("Dry run: {n} file{} would change; nothing written", if n == 1 { "" } else { "s" }));
    }
    Ok(())
}
