use std::path::PathBuf;

use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops::{self, metric, okr, prd, roadmap};
use crate::render::{self, Format};

/// Export the backlog, roadmap, OKRs, PRDs, metrics or customer evidence as CSV, JSON or Markdown.
///
/// csv opens in spreadsheets: RFC 4180, UTF-8, a header row, lists joined with
/// `;`, and cells starting with = + - @ prefixed with ' so they are not run as
/// formulas. The backlog gets one row per item (custom fields as extra
/// columns), the roadmap one per initiative, OKRs one per key result, PRDs one
/// per PRD, metrics one per observation, feedback one per piece, customers one
/// per customer and competitors one per compared feature (the matrix). json prints the same structures as
/// the list commands' --format json; md a readable document.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// csv, json or md (default: from the extension of --out)
    #[arg(long, short = 'f', value_enum)]
    format: Option<ExportFormat>,
    /// What to export
    #[arg(long, value_enum, default_value_t = Kind::Backlog)]
    kind: Kind,
    /// Write to FILE (atomically; a symbolic link, a file in the product folder, and an existing file that is not an earlier export are refused) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the --out file even if it is not an earlier export of pm
    #[arg(long)]
    force: bool,
    /// Start a CSV with a UTF-8 byte-order mark, so Excel reads accents and symbols right
    #[arg(long)]
    bom: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    Csv,
    Json,
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Kind {
    Backlog,
    Roadmap,
    Okrs,
    Prds,
    Metrics,
    Feedback,
    Customers,
    Competitors,
}

fn format_of(args: &Args) -> Result<ExportFormat, Error> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    let ext = args.out.as_ref().and_then(|p| p.extension()).map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("csv") => Ok(ExportFormat::Csv),
        Some("json") => Ok(ExportFormat::Json),
        Some("md" | "markdown") => Ok(ExportFormat::Md),
        _ => Err(Error::usage("choose a format with --format csv|json|md")
            .with_hint("or give --out a file ending in .csv, .json or .md")),
    }
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let format = match format_of(&args)? {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::Json,
        ExportFormat::Md => Format::Md,
    };
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let today = ctx.today();
    let name = ws
        .product
        .as_ref()
        .map(|p| p.value.name.clone())
        .filter(|n| !n.is_empty())
        .or_else(|| ws.config.value.name.clone())
        .unwrap_or_else(|| "Product".into());
    let (text, count) = match args.kind {
        Kind::Backlog => {
            let items = ops::export::backlog(&ws);
            let title = format!("Backlog: {name}");
            (render::export::backlog(&ws, &items, format, &title, |p| ctx.display(&product, p)), items.len())
        }
        Kind::Roadmap => {
            let mut view = roadmap::view(&ws, today, false);
            // As `roadmap show` prints it.
            view.forecasts = Some(
                crate::ops::forecast::milestone_forecasts(&product, &ws, today, &crate::ops::progress::Silent)
                    .unwrap_or_default(),
            );
            (render::export::roadmap(&view, format, &name), view.initiatives.len())
        }
        Kind::Okrs => {
            let views = okr::cycle_view(&ws, None, today);
            (render::export::okrs(&views, format), views.len())
        }
        Kind::Prds => {
            let prds: Vec<_> = ws.prds.iter().map(|d| (&d.value, prd::coverage(&ws, &d.value))).collect();
            (render::export::prds(&prds, format), prds.len())
        }
        Kind::Metrics => {
            let mut rows = metric::list(&ws, ctx.today());
            for row in &mut rows {
                row.path = ctx.display(&product, &row.path);
            }
            (render::export::metrics(&rows, format), rows.len())
        }
        Kind::Feedback => {
            let docs = ops::feedback::list(&ws, &ops::feedback::Filter::default())?;
            let rows: Vec<render::evidence::FeedbackRow> = docs
                .iter()
                .map(|d| render::evidence::FeedbackRow {
                    feedback: &d.value,
                    path: ctx.display(&product, &d.path),
                    segment: ops::feedback::segment(&ws, &d.value),
                })
                .collect();
            (render::evidence::feedback_list(&rows, format, None), rows.len())
        }
        Kind::Customers => {
            let rows = ops::customer::list(&ws, &[], &[]);
            (render::evidence::customer_list(&rows, format, None), rows.len())
        }
        Kind::Competitors => {
            let m = ops::competitor::matrix(&ws);
            (render::evidence::matrix(&m, format, None), m.competitors.len())
        }
    };
    let text = if args.bom && format == Format::Csv { format!("\u{feff}{text}") } else { text };
    let Some(out) = args.out else {
        return ctx.out(&text);
    };
    ops::export::write_export(&product, &ctx.start.join(&out), &out, text.as_bytes(), args.force)?;
    let noun = match args.kind {
        Kind::Backlog => "items",
        Kind::Roadmap => "initiatives",
        Kind::Okrs => "objectives",
        Kind::Prds => "PRDs",
        Kind::Metrics => "metrics",
        Kind::Feedback => "pieces of feedback",
        Kind::Customers => "customers",
        Kind::Competitors => "competitors",
    };
    ctx.note(&format!("Exported {count} {noun} to {}", out.display()));
    Ok(())
}
