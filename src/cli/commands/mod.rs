//! One module per command; a command group is a folder.

pub mod backlog;
pub mod check;
pub mod experiment;
pub mod hook;
pub mod init;
pub mod metric;
pub mod milestone;
pub mod okr;
pub mod prd;
pub mod product;
pub mod roadmap;
pub mod schema;
pub mod template;

use super::Command;
use super::context::{CmdResult, Context};

pub fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Backlog(cmd) => backlog::run(ctx, *cmd),
        Command::Check(args) => check::run(ctx, args),
        Command::Roadmap(cmd) => roadmap::run(ctx, cmd),
        Command::Milestone(cmd) => milestone::run(ctx, cmd),
        Command::Product(cmd) => product::run(ctx, cmd),
        Command::Prd(cmd) => prd::run(ctx, cmd),
        Command::Template(cmd) => template::run(ctx, cmd),
        Command::Okr(cmd) => okr::run(ctx, cmd),
        Command::Metric(cmd) => metric::run(ctx, cmd),
        Command::Experiment(cmd) => experiment::run(ctx, cmd),
        Command::Schema(args) => schema::run(ctx, args),
        Command::Hook(cmd) => hook::run(ctx, cmd),
    }
}
