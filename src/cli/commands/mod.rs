//! One module per command; a command group is a folder.

pub mod backlog;
pub mod check;
pub mod competitor;
pub mod completions;
pub mod customer;
pub mod diff;
pub mod experiment;
pub mod export;
pub mod feedback;
pub mod forecast;
pub mod history;
pub mod hook;
pub mod import;
pub mod init;
pub mod instructions;
pub mod iteration;
pub mod log;
pub mod man;
pub mod mcp;
pub mod metric;
pub mod milestone;
pub mod okr;
pub mod prd;
pub mod product;
pub mod publish;
pub mod release;
pub mod report;
pub mod review;
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
