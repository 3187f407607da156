use crate::cli::context::{CmdResult, Context};

/// Print a short guide for AI agents that use pm from the command line:
/// which commands, `--format json`, exit codes, and how to review changes.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// The guide, kept short enough to read in full before every session.
pub(crate) const GUIDE: &str = include_str!("../../../templates/agents.md");

pub(crate) fn run(ctx: &Context, _args: Args) -> CmdResult {
    ctx.out(GUIDE)
}
