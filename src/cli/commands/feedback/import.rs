use std::path::PathBuf;

use crate::cli::context::{CmdResult, Context};
use crate::ops::feedback_import::{self, Options, Preset};
use crate::store::input;

/// Import customer evidence from a CSV export: one piece of feedback a row.
///
/// --from names the tool that wrote the file, and so its columns: intercom
/// (conversations: Conversation ID, Conversation title, First message,
/// Company name, Conversation started at, Conversation URL, Conversation
/// tags), zendesk (tickets: Id, Subject, Description, Organization, Created
/// at, URL, Tags), canny (posts: ID, Title, Details, Company, Created, URL,
/// Board, Votes), typeform / surveymonkey / google-forms (responses: the
/// response id or timestamp and date; map the open question to the summary
/// with --map summary=COLUMN; responses that leave it blank are left out), or csv (columns named like feedback's fields:
/// id, summary, quote, customer, segment, date, url, tags, sentiment, source,
/// votes, links). --map FIELD=COLUMN overrides any of them.
///
/// Customers are matched by id or name in customers.yaml; an empty cell is
/// anonymous feedback. Each piece keeps the source's key in `source_id`
/// (zendesk:4521; for files without ids, a hash of the row), so importing
/// the same export again adds only the new rows. Every row is checked first:
/// when any is refused (unknown customer, bad date, a link to nothing), each
/// is listed with its line and nothing is written, unless --skip-bad.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CSV export
    file: PathBuf,
    /// The tool that wrote it
    #[arg(long, value_enum, default_value_t = From::Csv)]
    from: From,
    /// Fill a field from a column: summary="What should we improve?" (repeatable)
    #[arg(long, value_name = "FIELD=COLUMN")]
    map: Vec<String>,
    /// Link every imported piece to this work: BL-42:2, RM-3 (repeatable)
    #[arg(long = "link", value_name = "TARGET[:IMPORTANCE]")]
    links: Vec<String>,
    /// Import the good rows and list the refused ones
    #[arg(long)]
    skip_bad: bool,
    /// Report what would be imported without writing anything
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum From {
    Csv,
    Intercom,
    Zendesk,
    Canny,
    Typeform,
    Surveymonkey,
    GoogleForms,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let path = ctx.start.join(&args.file);
    let text = input::read_text(&path, &args.file, "save it as UTF-8 CSV")?;
    let preset = match args.from {
        From::Csv => Preset::Csv,
        From::Intercom => Preset::Intercom,
        From::Zendesk => Preset::Zendesk,
        From::Canny => Preset::Canny,
        From::Typeform => Preset::Typeform,
        From::Surveymonkey => Preset::Surveymonkey,
        From::GoogleForms => Preset::GoogleForms,
    };
    let opts = Options { preset, map: args.map, links: args.links, skip_bad: args.skip_bad, dry_run: args.dry_run };
    let shown = args.file.display().to_string();
    let done = feedback_import::import(&product, &ws, &shown, &text, &opts, ctx.today())?;
    let mut out = String::new();
    let columns: Vec<String> = done.columns.iter().map(|(f, c)| format!("{f} ← {c}")).collect();
    out.push_str(&format!("Columns: {}\n", columns.join(", ")));
    let verb = if args.dry_run { "Would create" } else { "Created" };
    match (done.created.first(), done.created.last()) {
        (Some((a, _)), Some((b, _))) if done.created.len() > 1 => {
            out.push_str(&format!("{verb} {} pieces of feedback: {a} … {b}\n", done.created.len()))
        }
        (Some((a, _)), _) => out.push_str(&format!("{verb} 1 piece of feedback: {a}\n")),
        _ => out.push_str("Nothing new to import\n"),
    }
    if !done.already.is_empty() {
        let ids: Vec<&str> = done.already.iter().map(|(_, id)| id.as_str()).collect();
        out.push_str(&format!("Already imported: {} row(s) ({})\n", done.already.len(), ids.join(", ")));
    }
    ctx.out(&out)?;
    if !done.unanswered.is_empty() {
        let lines: Vec<String> = done.unanswered.iter().map(usize::to_string).collect();
        ctx.note(&format!("Left out {} response(s) with no answer (line {})", lines.len(), lines.join(", ")));
    }
    for r in &done.refused {
        ctx.warn(&format!("skipped {r}"));
    }
    if !done.unknown_customers.is_empty() {
        ctx.note(&format!("help: {}", crate::cli::hints::unknown_customers(&done.unknown_customers)));
    }
    if args.dry_run {
        ctx.note("Dry run: nothing written");
    }
    Ok(())
}
