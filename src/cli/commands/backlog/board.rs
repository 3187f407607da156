use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog::{self, GroupBy};
use crate::render;

/// A kanban board: one column per status in workflow order (or per priority or owner).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The columns: status, priority or owner
    #[arg(long, value_enum, default_value_t = Group::Status)]
    group_by: Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Group {
    Status,
    Priority,
    Owner,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let group = match args.group_by {
        Group::Status => GroupBy::Status,
        Group::Priority => GroupBy::Priority,
        Group::Owner => GroupBy::Owner,
    };
    let columns = backlog::board(&ws, group);
    ctx.out(&render::backlog::board(&columns, ctx.width))
}
