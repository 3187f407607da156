use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops::release;
use crate::render;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// The items a release delivered, as features, improvements and fixes with
    /// their PRDs: a milestone's done items, or what was done between two
    /// revisions
    Notes(NotesArgs),
}

#[derive(Debug, clap::Args)]
pub struct NotesArgs {
    /// The milestone (MS-n) whose done items make the release
    #[arg(long, conflicts_with_all = ["from", "to"])]
    milestone: Option<String>,
    /// The revision the release starts after (a tag, branch or commit)
    #[arg(long, value_name = "REV")]
    from: Option<String>,
    /// The revision the release ends at
    #[arg(long, value_name = "REV", default_value = "HEAD", requires = "from")]
    to: String,
    /// md (Markdown, for a GitHub release) or json
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Md)]
    format: Format,
    /// For readers outside the team (a public release): leave out the customers to tell
    #[arg(long)]
    external: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Md,
    Json,
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Notes(args) => {
            let product = ctx.product()?;
            let mut notes = match (&args.milestone, &args.from) {
                (Some(ms), _) => release::milestone(&ctx.workspace(&product)?, ms)?,
                (None, Some(from)) => release::range(&product, from, &args.to, ctx.today())?,
                (None, None) => {
                    return Err(Error::usage("say which release: --milestone MS-n, or --from REV [--to REV]").into());
                }
            };
            if args.external {
                notes.tell.clear();
                for n in &mut notes.notes {
                    n.customers.clear();
                }
            }
            super::diff::report_unreadable(ctx, &product, &notes.unreadable);
            let text = match args.format {
                Format::Md => render::release::markdown(&notes),
                Format::Json => render::backlog::to_json(&notes),
            };
            ctx.out(&text)
        }
    }
}
