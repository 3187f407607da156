use crate::cli::context::{CliError, CmdResult, Context};
use crate::error::Error;
use crate::ops::review;

/// A Markdown report of what a branch changes in the product, for a pull
/// request comment: a summary table, the changes per artifact in collapsible
/// sections, and the `pm check` findings the branch introduces. Exits 1 when
/// the branch introduces errors.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The branch to compare with (default: the upstream of this branch, else origin/main); the
    /// merge base with HEAD is the baseline
    #[arg(long, value_name = "REV")]
    base: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let repo = product.repo()?;
    let base = match args.base {
        Some(b) => b,
        None => repo.upstream().unwrap_or_else(|| "origin/main".to_string()),
    };
    repo.commit_id(&base).map_err(|_| {
        Error::usage(format!("unknown base `{base}`"))
            .with_hint("name the branch the pull request targets: pm review --base origin/main")
    })?;
    let report = review::review(&product, &base, ctx.today())?;
    ctx.out(&report.markdown)?;
    if report.new_errors > 0 { Err(CliError::Exit(1)) } else { Ok(()) }
}
