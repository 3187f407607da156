//! `pm experiment ...`: one file per subcommand.

use crate::cli::context::{CmdResult, Context};

#[derive(Debug, clap::Subcommand)]
pub enum Command {}

pub fn run(_ctx: &Context, command: Command) -> CmdResult {
    match command {}
}
