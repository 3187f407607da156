//! `pm import csv|backlog-md`: backlog items from other tools, with a report
//! of what was created, updated and mapped.

use std::path::PathBuf;

use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::ItemType;
use crate::ops::import::{self, SourceKind};
use crate::render;
use crate::render::progress::Bar;
use crate::store::input;

/// Each subcommand's help comes from its Args' doc comment.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Csv(CsvArgs),
    #[command(name = "backlog-md")]
    BacklogMd(MdArgs),
}

/// Import a CSV export (Jira, Linear, any CSV) or GitHub issues (JSON).
///
/// For GitHub, export the issues with `gh issue list --state all --json
/// number,title,body,labels,state,assignees,createdAt,updatedAt,milestone`.
///
/// Statuses are mapped onto the workflow, priorities onto the priority scheme,
/// estimates onto the estimate scale (rounded to the nearest allowed value,
/// and reported), and parents and "blocks" links onto the new items' ids. Each
/// item keeps the source's key in `source_id` (jira:PAY-12): running the import
/// again updates those items instead of adding new ones. A re-import is a
/// three-way merge against what the source said at the last import (kept in
/// .git/pm/): a field the source changed since is taken, a field changed only
/// here is kept, and a field changed on both sides is a conflict, reported and
/// kept as it is here unless --prefer source. Lists only grow. Jira sub-tasks
/// become items of --subtasks type under their parent's epic or feature. Every item is checked
/// before anything is written; if one is refused, nothing is written. The
/// report (on stdout) lists the ids created and updated, what was mapped and
/// what was not.
#[derive(Debug, clap::Args)]
pub struct CsvArgs {
    /// The export (CSV; JSON for --from github)
    file: PathBuf,
    /// The tool that wrote the file
    #[arg(long, value_enum)]
    from: From,
    /// Import COLUMN as FIELD (repeatable): a pm field (title, status, labels,
    /// parent, blocked_by, source_id, ...) or any other field name; `-` ignores it
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    #[command(flatten)]
    merge: MergeArgs,
    /// What Jira sub-tasks become: chore or story (each under its parent's epic or feature)
    #[arg(long, value_name = "TYPE", default_value = "chore", value_parser = ["chore", "story"])]
    subtasks: String,
}

/// How a re-import treats fields changed on both sides.
#[derive(Debug, clap::Args)]
pub(crate) struct MergeArgs {
    /// Print the report without writing anything
    #[arg(long)]
    dry_run: bool,
    /// Whose value wins when a field changed both here and in the source
    /// since the last import (default: here, reported as a conflict)
    #[arg(long, value_name = "SIDE", value_parser = ["here", "source"], default_value = "here")]
    prefer: String,
}

/// Import the tasks of a Backlog.md folder.
///
/// Reads task-*.md files in DIR, DIR/tasks and DIR/completed, with their YAML front matter (id, title, status,
/// assignee, labels, dependencies, priority, parent_task_id, dates) and their
/// Description and Acceptance Criteria sections. As for `pm import csv`, each
/// item keeps `source_id` (backlog-md:task-3), and a second run updates.
#[derive(Debug, clap::Args)]
pub struct MdArgs {
    /// The Backlog.md folder (usually `backlog`)
    dir: PathBuf,
    #[command(flatten)]
    merge: MergeArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum From {
    Jira,
    Linear,
    Github,
    Generic,
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let (parsed, merge, subtasks) = match command {
        Command::Csv(args) => {
            let kind = match args.from {
                From::Jira => SourceKind::Jira,
                From::Linear => SourceKind::Linear,
                From::Github => SourceKind::Github,
                From::Generic => SourceKind::Generic,
            };
            let mut maps = Vec::new();
            for m in &args.map {
                match m.rsplit_once('=') {
                    Some((column, field)) if !column.trim().is_empty() => {
                        maps.push((column.to_string(), field.to_string()))
                    }
                    _ => {
                        return Err(Error::usage(format!("`{m}` is not COLUMN=FIELD"))
                            .with_hint("for example: --map \"Sprint=sprint\"")
                            .into());
                    }
                }
            }
            let shown = args.file.display().to_string();
            let text = input::read_text(&ctx.start.join(&args.file), &args.file, "export it as UTF-8")?;
            let subtasks = if args.subtasks == "story" { ItemType::Story } else { ItemType::Chore };
            (import::parse(kind, &shown, &text, &maps)?, args.merge, subtasks)
        }
        Command::BacklogMd(args) => {
            let shown = args.dir.display().to_string();
            let files = input::read_backlog_md(&ctx.start.join(&args.dir), &shown)?;
            (import::parse_backlog_md(&shown, &files)?, args.merge, ItemType::Chore)
        }
    };
    let options =
        import::Options { dry_run: merge.dry_run, prefer_source: merge.prefer == "source", subtask_type: subtasks };
    let report = import::import(&product, &ws, &parsed, options, ctx.today(), &Bar::stderr())?;
    ctx.out(&render::import::report(&parsed, &report, ctx.width))
}
