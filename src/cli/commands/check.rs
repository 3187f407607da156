use std::path::Path;

use crate::check::{self, rules};
use crate::cli::context::{CliError, CmdResult, Context};
use crate::error::Error;
use crate::model::config::Severity;
use crate::render::diagnostics;
use crate::store::Product;

/// Check the product files against their schemas and against each other.
///
/// Reads the working tree, or the git index with --staged (what a pre-commit
/// hook should check), or a revision with --at. Exits 1 when there are errors
/// (or warnings, with --strict), 0 otherwise.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report findings only for these files or folders (cross-file rules still see the whole product)
    paths: Vec<std::path::PathBuf>,
    /// Treat warnings as errors
    #[arg(long)]
    strict: bool,
    /// Compare with this revision: status changes the workflow forbids are errors
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Output: human (with source lines), json, or github (workflow annotations)
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,
    /// List every rule with its default severity
    #[arg(long, conflicts_with_all = ["explain", "paths"])]
    list_rules: bool,
    /// Explain a rule: what it checks, why, an example and the fix
    #[arg(long, value_name = "RULE")]
    explain: Option<String>,
    /// As a pre-commit hook: check what is staged against HEAD (status
    /// changes included), pass when the commit changes nothing of the
    /// product, show new findings in full and the warnings HEAD already had
    /// as a count
    #[arg(long, conflicts_with_all = ["base", "paths", "list_rules", "explain"])]
    hook: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
    Github,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    if args.list_rules {
        return ctx.out(&list_rules());
    }
    if let Some(name) = &args.explain {
        let rule = rules::find(name).ok_or_else(|| {
            Error::usage(format!("there is no rule `{name}`")).with_hint("`pm check --list-rules` lists them")
        })?;
        return ctx.out(&format!(
            "{} ({})\n\n{}\n\n{}\n",
            rule.name,
            rule.severity.as_str(),
            rule.summary,
            rule.explanation
        ));
    }
    let product = ctx.product()?;
    if args.hook {
        return hook(ctx, &product, &args);
    }
    let only = args
        .paths
        .iter()
        .map(|p| Ok((p.display().to_string(), product_relative(ctx, &product, p)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let request = crate::ops::check::Request {
        source: &ctx.source,
        only,
        strict: args.strict,
        base: args.base.as_deref(),
        today: ctx.today(),
    };
    let report = crate::ops::check::run(&product, &request)?;
    emit(ctx, &product, &report, args.format)
}

/// `check --hook`: the staged product against HEAD.
fn hook(ctx: &Context, product: &Product, args: &Args) -> CmdResult {
    let Some((report, known)) = crate::ops::check::staged(product, args.strict, ctx.today())? else {
        return Ok(());
    };
    emit(ctx, product, &report, args.format)?;
    if known > 0 {
        ctx.note(&format!(
            "{known} finding{} that HEAD already had not shown (`pm check` lists them)",
            if known == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

/// Prints the report in the chosen format; exit code 1 when it has errors.
fn emit(ctx: &Context, product: &Product, report: &check::Report, format: Format) -> CmdResult {
    let display = |p: &str| ctx.display(product, p);
    match format {
        Format::Human => {
            let width = ctx.width.unwrap_or(100);
            let text = diagnostics::human(report, display, ctx.color, width);
            ctx.out(&text)?;
            ctx.note(diagnostics::summary(report).trim_end());
        }
        Format::Json => ctx.out(&diagnostics::json(report, display))?,
        Format::Github => {
            // Annotations are matched to files by their path from the repository root.
            let from_root = |p: &str| match product.repo_path.as_deref() {
                Some("") => p.to_string(),
                Some(dir) => format!("{dir}/{p}"),
                None => display(p),
            };
            ctx.out(&diagnostics::github(report, from_root))?
        }
    }
    if report.count(Severity::Error) > 0 { Err(CliError::Exit(1)) } else { Ok(()) }
}

fn list_rules() -> String {
    let width = rules::all().iter().map(|r| r.name.len()).max().unwrap_or(0);
    rules::all().iter().map(|r| format!("{:<width$}  {:<7}  {}\n", r.name, r.severity.as_str(), r.summary)).collect()
}

/// A path from the command line as a path below the product folder.
fn product_relative(ctx: &Context, product: &Product, path: &Path) -> Result<String, Error> {
    let absolute = ctx.start.join(path);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let rel = absolute.strip_prefix(&product.dir).map_err(|_| {
        Error::usage(format!(
            "`{}` is not inside the product folder `{}`",
            path.display(),
            product.display_dir.display()
        ))
    })?;
    Ok(rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"))
}
