use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::render;
use crate::store::{Product, Source};

/// Product changes between two revisions, by artifact and field: "BL-12
/// priority p2 → p1", "RM-4 horizon next → now", "KR-7 target 40 → 35".
///
/// BASE defaults to HEAD and HEAD to the working tree; with --staged, HEAD
/// is compared with the index. `A...B` compares B with the merge base of A
/// and B (what a pull request from B into A changes); `A..B` compares A and B.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The base revision (default HEAD), or a range A..B / A...B
    base: Option<String>,
    /// The revision to compare with (default: the working tree, or the index with --staged)
    head: Option<String>,
    /// human (grouped by artifact), md or json
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Human,
    Md,
    Json,
}

/// Resolves BASE/HEAD arguments into two sources and their names.
pub(crate) fn sources(
    ctx: &Context,
    product: &Product,
    base: Option<&str>,
    head: Option<&str>,
) -> Result<(Source, Source, String, String), Error> {
    let repo = product.repo()?;
    if let Source::Rev(_) = ctx.source {
        return Err(Error::usage("pm diff takes revisions as arguments, not --at").with_hint("pm diff BASE HEAD"));
    }
    let default_head = || match ctx.source {
        Source::Index => (Source::Index, "the index".to_string()),
        _ => (Source::WorkTree, "the working tree".to_string()),
    };
    if let Some(range) = base.filter(|b| b.contains("..")) {
        if head.is_some() {
            return Err(Error::usage("give either a range A..B or two revisions, not both"));
        }
        let (a, b, three) = match range.split_once("...") {
            Some((a, b)) => (a, b, true),
            None => {
                let (a, b) = range.split_once("..").unwrap_or((range, ""));
                (a, b, false)
            }
        };
        let (a, b) = (if a.is_empty() { "HEAD" } else { a }, if b.is_empty() { "HEAD" } else { b });
        let (ca, cb) = (repo.commit_id(a)?, repo.commit_id(b)?);
        let base_rev = if three { repo.merge_base(&ca, &cb)? } else { ca };
        let base_name = if three { format!("merge base of {a} and {b} ({})", &base_rev[..7]) } else { a.to_string() };
        return Ok((Source::Rev(base_rev), Source::Rev(cb), base_name, b.to_string()));
    }
    let base_rev = base.unwrap_or("HEAD");
    if !repo.has_commits() && base.is_none() {
        return Err(Error::Git {
            message: "the repository has no commits yet".to_string(),
            hint: Some("commit first, or name a revision".to_string()),
        });
    }
    repo.commit_id(base_rev)?;
    let (head_source, head_name) = match head {
        Some(h) => {
            repo.commit_id(h)?;
            (Source::Rev(h.to_string()), h.to_string())
        }
        None => default_head(),
    };
    Ok((Source::Rev(base_rev.to_string()), head_source, base_rev.to_string(), head_name))
}

/// Each file that could not be read, as a warning; the exit code becomes 1.
pub(crate) fn report_unreadable(
    ctx: &Context,
    product: &crate::store::Product,
    unreadable: &[crate::diff::Unreadable],
) {
    for u in unreadable {
        ctx.warn(&format!("{} cannot be read at {}: {}", ctx.display(product, &u.path), u.at, u.message));
        ctx.set_findings();
    }
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let (base, head, base_name, head_name) = sources(ctx, &product, args.base.as_deref(), args.head.as_deref())?;
    let crate::ops::compare::Between { changes, head: head_ws, unreadable } =
        crate::ops::compare::between(&product, &base, &head, ctx.today())?;
    report_unreadable(ctx, &product, &unreadable);
    let summary = crate::diff::summary(&changes, &head_ws);
    let text = match args.format {
        Format::Human => render::diff::human(&changes, ctx.color),
        Format::Md => render::diff::markdown(&changes),
        Format::Json => render::diff::json(&base_name, &head_name, &changes, &summary),
    };
    ctx.out(&text)?;
    Ok(())
}
