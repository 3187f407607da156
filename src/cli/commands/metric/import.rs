use crate::cli::context::{CmdResult, Context};
use crate::ops::metric;
use crate::store::input;

/// Record the observations of a CSV file. The first line names the columns:
/// period and value, optionally segment and note, in any order. Every row is
/// checked first (periods in the metric's grain and not in the future, numbers,
/// no period recorded twice); if any is bad, each problem is listed with its
/// line number and nothing is written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The metric's id
    id: String,
    /// The CSV file
    file: std::path::PathBuf,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let path = ctx.start.join(&args.file);
    let text = input::read_text(&path, &args.file, "save it as UTF-8 CSV")?;
    let shown = args.file.display().to_string();
    let written = metric::import(&product, &ws, &args.id, &shown, &text, ctx.today())?;
    let doc = metric::find(&ws, &args.id)?;
    let periods = match (written.first(), written.last()) {
        (Some(a), Some(b)) if written.len() > 1 => format!(" ({} … {})", a.period, b.period),
        _ => String::new(),
    };
    ctx.note(&format!(
        "Imported {} observation{}{periods} into {}",
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        ctx.display(&product, &doc.path)
    ));
    Ok(())
}
