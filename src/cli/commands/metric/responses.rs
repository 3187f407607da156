use crate::cli::context::{CmdResult, Context};
use crate::model::metric::Scale;
use crate::ops::metric::{self, Responses};
use crate::store::input;

/// Compute NPS or CSAT from a survey tool's export of raw responses (one
/// response a row, a header first: Typeform, SurveyMonkey, Google Forms) and
/// record it for a period: NPS = (promoters 9–10 − detractors 0–6) / all
/// responses × 100; CSAT = answers of 4–5 on 1–5 / all responses × 100,
/// rounded to one decimal. One observation over all responses, one per value
/// of --segment-column, each with its counts in the note. Blank answers are
/// left out; any other answer off the scale refuses the whole file, its line
/// listed, and nothing is written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The metric (nps, csat, or any id with --scale)
    id: String,
    /// The CSV file of responses
    file: std::path::PathBuf,
    /// The period the survey covers (2026-11, 2026-Q4, ...)
    #[arg(long)]
    period: String,
    /// The scale (default: from the metric's id)
    #[arg(long, value_enum)]
    scale: Option<ScaleArg>,
    /// The column holding the answer
    #[arg(long, default_value = "score", value_name = "NAME")]
    column: String,
    /// A column whose values are segments (plan, region): one observation each
    #[arg(long, value_name = "NAME")]
    segment_column: Option<String>,
    /// Replace the period's observations (the survey imported again, with more responses)
    #[arg(long)]
    replace: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ScaleArg {
    Nps,
    Csat,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let path = ctx.start.join(&args.file);
    let text = input::read_text(&path, &args.file, "save it as UTF-8 CSV")?;
    let shown = args.file.display().to_string();
    let how = Responses {
        scale: args.scale.map(|s| match s {
            ScaleArg::Nps => Scale::Nps,
            ScaleArg::Csat => Scale::Csat,
        }),
        period: args.period,
        column: Some(args.column),
        segment_column: args.segment_column,
        replace: args.replace,
    };
    let done = metric::import_responses(&product, &ws, &args.id, &shown, &text, &how, ctx.today())?;
    let doc = metric::find(&ws, &args.id)?;
    for (c, survey) in &done.observations {
        let segment = c.segment.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
        ctx.out(&format!(
            "{} {}{segment}: {} ({})\n",
            done.scale.as_str().to_uppercase(),
            c.period,
            crate::render::experiment::num(c.value),
            survey.note(done.scale)
        ))?;
    }
    if !done.blank.is_empty() {
        let lines: Vec<String> = done.blank.iter().map(usize::to_string).collect();
        ctx.note(&format!("Left out {} blank answer(s) (line {})", done.blank.len(), lines.join(", ")));
    }
    ctx.note(&format!("Recorded {} observation(s) in {}", done.observations.len(), ctx.display(&product, &doc.path)));
    Ok(())
}
