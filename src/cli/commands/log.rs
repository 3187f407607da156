use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Date;
use std::ops::ControlFlow;

use crate::model::kind::Kind;
use crate::ops::history::{self, LogFilter};
use crate::ops::progress::Silent;
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
    /// Show at most N commits
    #[arg(long, short = 'n', value_name = "N")]
    max_count: Option<usize>,
    /// Only the changes of this artifact (BL-12, RM-3, KR-4, ...), following a renumbering
    #[arg(long, value_name = "ID")]
    item: Option<String>,
    /// Only the changes of this kind of artifact: item, initiative, milestone,
    /// objective, key_result, prd, metric, experiment, product or config
    #[arg(long, value_name = "KIND", value_parser = kind)]
    kind: Option<Kind>,
    /// Only commits whose author's name or email contains TEXT (any case)
    #[arg(long, value_name = "TEXT")]
    author: Option<String>,
    /// Only commits whose summary contains TEXT, or else the changes of
    /// artifacts whose id or title contains it (any case)
    #[arg(long, value_name = "TEXT")]
    grep: Option<String>,
    /// human, md or json
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// A kind of artifact by its name.
fn kind(name: &str) -> Result<Kind, String> {
    Kind::parse(name).ok_or_else(|| {
        let names: Vec<String> = crate::model::kind::KINDS.iter().map(|d| d.kind.name()).collect();
        format!("`{name}` is no kind of artifact: {}", names.join(", "))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Human,
    Md,
    Json,
}

fn date(s: &Option<String>) -> Result<Option<Date>, Error> {
    s.as_deref().map(|d| d.parse::<Date>().map_err(|e| Error::usage(e.to_string()))).transpose()
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let filter = LogFilter {
        since: date(&args.since)?,
        until: date(&args.until)?,
        max_count: args.max_count,
        item: args.item.clone(),
        kind: args.kind,
        author: args.author.clone(),
        grep: args.grep.clone(),
    };
    let range = args.range.as_deref();
    if args.format == Format::Json {
        let mut entries = Vec::new();
        history::log_each(&product, range, &filter, ctx.today(), &Bar::stderr(), &mut |e| {
            entries.push(e);
            ControlFlow::Continue(())
        })?;
        for e in &entries {
            super::diff::report_unreadable(ctx, &product, &e.unreadable);
        }
        return ctx.out(&render::backlog::to_json(&entries));
    }
    // Human and Markdown output stream: each commit is printed as soon as it
    // is read, and a closed pipe (`pm log | head`) stops the walk.
    let (mut shown, mut failed) = (0usize, None);
    history::log_each(&product, range, &filter, ctx.today(), &Silent, &mut |e| {
        super::diff::report_unreadable(ctx, &product, &e.unreadable);
        let one = std::slice::from_ref(&e);
        let mut text = match args.format {
            Format::Md => render::history::log_markdown(one),
            _ => render::history::log_human(one, ctx.color),
        };
        if shown > 0 && args.format == Format::Human {
            text.insert(0, '\n');
        }
        shown += 1;
        match ctx.out(&text) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    if shown == 0 {
        let none = match args.format {
            Format::Md => render::history::log_markdown(&[]),
            _ => render::history::log_human(&[], ctx.color),
        };
        return ctx.out(&none);
    }
    Ok(())
}
