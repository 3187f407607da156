//! One module per command; a command group is a folder.

pub(super) mod backlog;
pub(super) mod check;
pub(super) mod competitor;
pub(super) mod completions;
pub(super) mod customer;
pub(super) mod diff;
pub(super) mod experiment;
pub(super) mod export;
pub(super) mod feedback;
pub(super) mod forecast;
pub(super) mod history;
pub(super) mod hook;
pub(super) mod import;
pub(super) mod init;
pub(super) mod instructions;
pub(super) mod iteration;
pub(super) mod log;
pub(super) mod man;
pub(super) mod mcp;
pub(super) mod metric;
pub(super) mod milestone;
pub(super) mod okr;
pub(super) mod prd;
pub(super) mod product;
pub(super) mod publish;
pub(super) mod release;
pub(super) mod report;
pub(super) mod review;
pub(super) mod roadmap;
pub(super) mod schema;
pub(super) mod template;

use super::Command;
use super::context::{CmdResult, Context};

pub(super) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Backlog(cmd) => backlog::run(ctx, *cmd),
        Command::Check(args) => check::run(ctx, args),
        Command::Diff(args) => diff::run(ctx, args),
        Command::Review(args) => review::run(ctx, args),
        Command::History(args) => history::run(ctx, args),
        Command::Log(args) => log::run(ctx, args),
        Command::Report(cmd) => report::run(ctx, cmd),
        Command::Release(cmd) => release::run(ctx, cmd),
        Command::Forecast(args) => forecast::run(ctx, args),
        Command::Roadmap(cmd) => roadmap::run(ctx, cmd),
        Command::Milestone(cmd) => milestone::run(ctx, cmd),
        Command::Iteration(cmd) => iteration::run(ctx, cmd),
        Command::Product(cmd) => product::run(ctx, cmd),
        Command::Prd(cmd) => prd::run(ctx, cmd),
        Command::Template(cmd) => template::run(ctx, cmd),
        Command::Okr(cmd) => okr::run(ctx, cmd),
        Command::Metric(cmd) => metric::run(ctx, cmd),
        Command::Experiment(cmd) => experiment::run(ctx, cmd),
        Command::Feedback(cmd) => feedback::run(ctx, cmd),
        Command::Customer(cmd) => customer::run(ctx, cmd),
        Command::Competitor(cmd) => competitor::run(ctx, cmd),
        Command::Schema(args) => schema::run(ctx, args),
        Command::Hook(cmd) => hook::run(ctx, cmd),
        Command::Import(cmd) => import::run(ctx, cmd),
        Command::Export(args) => export::run(ctx, args),
        Command::Publish(args) => publish::run(ctx, args),
        Command::Completions(args) => completions::run(ctx, args),
        Command::Man(args) => man::run(ctx, args),
        Command::Mcp(args) => mcp::run(ctx, args),
        Command::Instructions(args) => instructions::run(ctx, args),
    }
}
