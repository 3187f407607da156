use std::path::PathBuf;

use crate::cli::context::{CmdResult, Context};
use crate::ops::publish;
use crate::render::progress::Bar;

/// Write the product as a static HTML site
///
/// The site has a home page with vision and strategy, the roadmap (Now /
/// Next / Later and a timeline), OKRs with progress and scores, metric
/// charts, the backlog board, every PRD, customer evidence (the work asked
/// for most, by segment, the competitor matrix), and a changelog from git history.
/// With --external the site is for readers outside the team: the roadmap
/// shows only initiatives marked `visibility: external`, and no page names a
/// customer or shows their quotes or revenue.
///
/// The pages need no server and no JavaScript: open DIR/index.html from
/// disk, or serve DIR from any static host (GitHub Pages, for example).
/// Re-running replaces pm's own files in DIR and leaves every other file
/// there alone; the same product gives the same bytes. Like every read,
/// publish works on any revision (--at, --staged).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the site into (created if needed; not the product folder)
    #[arg(long, short = 'o', value_name = "DIR")]
    out: PathBuf,
    /// For readers outside the team: external initiatives only; no customer names, quotes or revenue
    #[arg(long)]
    external: bool,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let bar = Bar::stderr();
    let out = ctx.start.join(&args.out);
    publish::check_target(&product, &out, &args.out)?;
    let input = publish::gather(&product, &ws, ctx.today(), args.external, &bar)?;
    let files = crate::render::site::site(&input).into_iter().map(|p| (p.path, p.text.into_bytes())).collect();
    let done = publish::write(&out, &args.out, &input, files)?;
    super::diff::report_unreadable(ctx, &product, &done.unreadable);
    ctx.note(&format!("Published {} pages to {}", done.pages, args.out.display()));
    Ok(())
}
