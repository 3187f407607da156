//! `pm feedback ...`: customer evidence, one file per subcommand.

mod add;
mod import;
mod link;
mod list;
mod show;

use crate::cli::context::{CmdResult, Context};
use crate::model::kind::Kind;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List feedback with its customer, segment and the work it asks for
    List(list::Args),
    /// Show one piece of feedback: quote, customer, source and what it asks for
    Show(show::Args),
    /// Record a piece of customer evidence; prints its new id
    Add(Box<add::Args>),
    /// Change fields of feedback (summary, quote, customer, tags, links, ...)
    Edit(crate::cli::record::EditArgs),
    /// Remove feedback
    Rm(crate::cli::record::RmArgs),
    /// Link feedback to the work it asks for, with an importance (1–3)
    Link(link::LinkArgs),
    /// Remove a link from feedback
    Unlink(link::UnlinkArgs),
    /// Import feedback from a CSV export (Intercom, Zendesk, Canny, survey tools, any CSV)
    Import(import::Args),
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Add(args) => add::run(ctx, *args),
        Command::Edit(args) => crate::cli::record::edit(ctx, Kind::Feedback, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, Kind::Feedback, &args),
        Command::Link(args) => link::link(ctx, args),
        Command::Unlink(args) => link::unlink(ctx, args),
        Command::Import(args) => import::run(ctx, args),
    }
}

/// Values a clap argument accepts, from the model's names.
fn one_of(names: Vec<&'static str>) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(names)
}
