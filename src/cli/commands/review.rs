use crate::cli::context::{CliError, CmdResult, Context};
use crate::error::Error;
use crate::ops::review;

/// A Markdown report of what a branch changes in the product, for a pull
/// request comment: a summary table, the changes per artifact in collapsible
/// sections, and the `pm check` findings the branch introduces. Exits 1 when
/// the branch introduces errors.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The branch to compare with (default: the upstream of this branch, else the first of
    /// origin/HEAD, origin/main, origin/master, main, master that exists and is not this
    /// branch); the merge base with HEAD is the baseline
    #[arg(long, value_name = "REV")]
    base: Option<String>,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let repo = product.repo()?;
    let others = || {
        let current = repo.current_branch();
        let listed: Vec<String> = repo.local_branches().into_iter().filter(|b| Some(b) != current.as_ref()).collect();
        match listed.first() {
            Some(first) => format!(
                "name the branch the pull request targets: pm review --base {first} (local branches: {})",
                listed.join(", ")
            ),
            None => "name the branch or commit the pull request targets: pm review --base REV".to_string(),
        }
    };
    let base = match args.base {
        Some(b) => {
            repo.commit_id(&b).map_err(|_| Error::usage(format!("unknown base `{b}`")).with_hint(others()))?;
            b
        }
        None => match repo.upstream() {
            Some(upstream) => upstream,
            None => {
                let current = repo.current_branch();
                ["origin/HEAD", "origin/main", "origin/master", "main", "master"]
                    .into_iter()
                    .filter(|b| current.as_deref() != Some(*b))
                    .find(|b| repo.commit_id(b).is_ok())
                    .map(str::to_string)
                    .ok_or_else(|| {
                        Error::usage("no base to compare with: this branch has no upstream, and there is no origin/main, origin/master, main or master")
                            .with_hint(others())
                    })?
            }
        },
    };
    let report = review::review(&product, &base, ctx.today())?;
    super::diff::report_unreadable(ctx, &product, &report.unreadable);
    ctx.out(&crate::render::review::markdown(&report))?;
    if report.new_errors > 0 { Err(CliError::Exit(1)) } else { Ok(()) }
}
