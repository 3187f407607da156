use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops;

/// Manage the git pre-commit hook that runs `pm check --staged`
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Install the pre-commit hook
    Install {
        /// Replace a pre-commit hook that pm did not write
        #[arg(long)]
        force: bool,
    },
    /// Remove the pre-commit hook pm installed
    Uninstall,
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    let product = ctx.product()?;
    match command {
        Command::Install { force } => {
            let pm = std::env::current_exe().map_err(|e| Error::io("cannot find", "pm", e))?;
            let path = ops::hook::install(&product, &pm, force)?;
            ctx.note(&format!("Installed {}: commits now run `pm check --staged`", path.display()));
        }
        Command::Uninstall => match ops::hook::uninstall(&product)? {
            Some(path) => ctx.note(&format!("Removed {}", path.display())),
            None => ctx.note("No pre-commit hook installed"),
        },
    }
    Ok(())
}
