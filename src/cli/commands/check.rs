use std::path::Path;

use crate::check::{self, Options, rules};
use crate::cli::context::{CliError, CmdResult, Context};
use crate::error::Error;
use crate::model::config::Severity;
use crate::render::diagnostics;
use crate::store::{CONFIG_FILE, Product, Source, Workspace};

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
pub enum Format {
    Human,
    Json,
    Github,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
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
    let only = args.paths.iter().map(|p| product_relative(ctx, &product, p)).collect::<Result<Vec<_>, _>>()?;
    let ws = match Workspace::load_for_check(&product, ctx.source.clone()) {
        Ok(ws) => ws,
        // An unusable pm.yaml is itself the finding: report it in the requested format.
        Err(Error::Parse { path, position, message }) if path == product.display(CONFIG_FILE) => {
            let text = ctx.source.read(&product, CONFIG_FILE)?.unwrap_or_default();
            let report = check::check_config_text(CONFIG_FILE, &String::from_utf8_lossy(&text));
            // What the text alone does not show (too large, a link out of the product) is still an error.
            if report.count(Severity::Error) == 0 {
                return Err(Error::Parse { path, position, message }.into());
            }
            return emit(ctx, &product, &report, args.format);
        }
        Err(e) => return Err(e.into()),
    };
    for (given, rel) in args.paths.iter().zip(&only) {
        if !ws.has_path(rel) {
            return Err(Error::usage(format!("`{}` is not a file or folder of the product", given.display())).into());
        }
    }
    let base = match &args.base {
        Some(rev) => Some(Workspace::load(&product, Source::Rev(rev.clone()))?),
        None => None,
    };
    // Forecasts read history from HEAD: for the working tree and the index, not for another revision.
    let forecasts = match ctx.source {
        Source::Rev(_) => None,
        _ => crate::ops::forecast::milestone_forecasts(&product, &ws, ctx.today(), &crate::ops::progress::Silent),
    };
    let options = Options {
        strict: args.strict,
        base: base.as_ref(),
        only,
        today: Some(ctx.today()),
        forecasts: forecasts.as_ref(),
        items: None,
    };
    let report = check::check(&ws, &options);
    ws.save_cache(&report.schema_verdicts);
    emit(ctx, &product, &report, args.format)
}

/// `check --hook`: the staged product against HEAD.
fn hook(ctx: &Context, product: &Product, args: &Args) -> CmdResult {
    if crate::store::staged_changes(product)?.is_empty() {
        // The commit changes nothing of the product (or it is not in git yet).
        return Ok(());
    }
    let ws = Workspace::load_for_check(product, Source::Index)?;
    // HEAD's product, when there is one: status changes are checked against
    // it, and what it already had is not repeated on every commit.
    let head = match product.repo()?.has_commits() {
        true => Workspace::load_for_check(product, Source::Rev("HEAD".into())).ok(),
        false => None,
    };
    let options = Options {
        strict: args.strict,
        base: head.as_ref(),
        only: Vec::new(),
        today: Some(ctx.today()),
        ..Options::default()
    };
    let mut report = check::check(&ws, &options);
    let old: std::collections::HashSet<(&str, String, String)> = match &head {
        Some(head) => check::check(head, &Options { today: Some(ctx.today()), ..Options::default() })
            .diagnostics
            .into_iter()
            .map(|d| (d.rule, d.path, d.message))
            .collect(),
        None => Default::default(),
    };
    let before = report.diagnostics.len();
    report
        .diagnostics
        .retain(|d| d.severity == Severity::Error || !old.contains(&(d.rule, d.path.clone(), d.message.clone())));
    let known = before - report.diagnostics.len();
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
