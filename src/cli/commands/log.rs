use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Date;
use crate::ops::history;
use crate::render;
use crate::render::progress::Bar;

/// Product changes per commit, newest first — like `git log`, but semantic:
/// "BL-12: priority p2 → p1", "RM-4: horizon next → now". Merge commits are
/// skipped; the commits on each side carry the changes.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A revision (default HEAD) or a range A..B
    range: Option<String>,
    /// Only commits on or after this date
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only commits on or before this date
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// human, md or json
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Md,
    Json,
}

fn date(s: &Option<String>) -> Result<Option<Date>, Error> {
    s.as_deref().map(|d| d.parse::<Date>().map_err(|e| Error::usage(e.to_string()))).transpose()
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let (since, until) = (date(&args.since)?, date(&args.until)?);
    let entries = history::log(&product, args.range.as_deref(), since, until, ctx.today(), &Bar::stderr())?;
    for e in &entries {
        super::diff::report_unreadable(ctx, &product, &e.unreadable);
    }
    let text = match args.format {
        Format::Human => render::history::log_human(&entries, ctx.color),
        Format::Md => render::history::log_markdown(&entries),
        Format::Json => render::backlog::to_json(&entries),
    };
    ctx.out(&text)
}
