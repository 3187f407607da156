use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Date;
use crate::ops::history::{self, FlowGroup};
use crate::render;
use crate::render::progress::Bar;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Flow metrics from the history of status fields: throughput per week,
    /// cycle time, lead time, work in progress and its age
    Flow(FlowArgs),
    /// A stakeholder update from history: what shipped, roadmap changes, OKR
    /// scores, metrics against targets, experiments concluded, initiative health
    Update(UpdateArgs),
    /// A launch report: scope shipped against planned, the checklist, linked
    /// metrics before and after the launch date, key results, experiments since
    Launch(LaunchArgs),
}

#[derive(Debug, clap::Args)]
pub struct LaunchArgs {
    /// The milestone (MS-1)
    id: String,
    /// md (Markdown, ready to paste) or json
    #[arg(long, short = 'f', value_enum, default_value_t = UpdateFormat::Md)]
    format: UpdateFormat,
}

#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// The window: a number of days (`14d`) or the date it starts (default 14d)
    #[arg(long, default_value = "14d")]
    since: String,
    /// md (Markdown, ready to paste) or json
    #[arg(long, short = 'f', value_enum, default_value_t = UpdateFormat::Md)]
    format: UpdateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum UpdateFormat {
    Md,
    Json,
}

/// `90d` or a date.
fn window_start(since: &str, today: Date) -> Result<Date, Error> {
    match since.strip_suffix('d') {
        Some(days) => {
            let n: i64 =
                days.parse().map_err(|_| Error::usage(format!("`{since}` is not a window: use 14d or a date")))?;
            Ok(today.add_days(-n))
        }
        None => since.parse::<Date>().map_err(|e| Error::usage(e.to_string())),
    }
}

#[derive(Debug, clap::Args)]
pub struct FlowArgs {
    /// The window: a number of days (`90d`) or a date (default 90d)
    #[arg(long, default_value = "90d")]
    since: String,
    /// Group by type, label or owner
    #[arg(long, value_enum)]
    by: Option<By>,
    /// table, json or md
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum By {
    Type,
    Label,
    Owner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Table,
    Json,
    Md,
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Flow(args) => {
            let product = ctx.product()?;
            let ws = ctx.workspace(&product)?;
            let today = ctx.today();
            let since = window_start(&args.since, today)?;
            let by = match args.by {
                None => FlowGroup::All,
                Some(By::Type) => FlowGroup::Type,
                Some(By::Label) => FlowGroup::Label,
                Some(By::Owner) => FlowGroup::Owner,
            };
            let flows = history::flow(&product, &ws, since, today, by, &Bar::stderr())?;
            let text = match args.format {
                Format::Table => render::history::flow_table(&flows, since, today, ctx.width),
                Format::Md => render::history::flow_markdown(&flows, since, today),
                Format::Json => {
                    render::backlog::to_json(&serde_json::json!({"since": since, "until": today, "groups": flows}))
                }
            };
            ctx.out(&text)
        }
        Command::Launch(args) => {
            let product = ctx.product()?;
            let ws = ctx.workspace(&product)?;
            let report = crate::ops::launch::report(&ws, &args.id)?;
            let text = match args.format {
                UpdateFormat::Md => render::launch::markdown(&report),
                UpdateFormat::Json => render::backlog::to_json(&report),
            };
            ctx.out(&text)
        }
        Command::Update(args) => {
            let product = ctx.product()?;
            // `--at REV`: the update as of that revision, ending on its day;
            // `--staged` and the working tree are not history yet: HEAD, today.
            let (at, until) = match &ctx.source {
                crate::store::Source::Rev(rev) => (rev.as_str(), crate::ops::update::revision_date(&product, rev)?),
                _ => ("HEAD", ctx.today()),
            };
            let since = window_start(&args.since, until)?;
            let update = crate::ops::update::update_at(&product, at, since, until)?;
            super::diff::report_unreadable(ctx, &product, &update.unreadable);
            let text = match args.format {
                UpdateFormat::Md => render::update::markdown(&update),
                UpdateFormat::Json => render::backlog::to_json(&update),
            };
            ctx.out(&text)
        }
    }
}
