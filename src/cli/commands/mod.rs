//! One module per command; a command group is a folder.

pub mod backlog;
pub mod init;

use super::Command;
use super::context::{CmdResult, Context};

pub fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Backlog(cmd) => backlog::run(ctx, *cmd),
    }
}
