//! `pm import csv|backlog-md`: backlog items from other tools, with a report
//! of what was created, updated and mapped.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::ItemType;
use crate::ops::import::{self, Outcome, Parsed, Report, SourceKind, Tally};
use crate::render::progress::Bar;
use crate::render::table::Grid;
use crate::render::text::terminal;
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
pub struct MergeArgs {
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
pub enum From {
    Jira,
    Linear,
    Github,
    Generic,
}

pub fn run(ctx: &Context, command: Command) -> CmdResult {
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
    ctx.out(&render(&parsed, &report, ctx.width))
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `a, b, c` wrapped at `width` under a label column of `indent` characters.
fn wrapped(items: &[String], indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() { format!("{item},") } else { item.clone() };
        let len = piece.chars().count();
        if line > 0 && indent + line + 1 + len > width {
            let _ = write!(out, "\n{}", " ".repeat(indent));
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(&piece);
        line += len;
    }
    out
}

fn tally(t: &Tally) -> Vec<String> {
    t.0.iter().map(|(from, to, n)| format!("{} → {to} ({n})", terminal(from))).collect()
}

fn outcomes(out: &mut String, title: &str, list: &[Outcome], width: usize, changes: bool) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({})", list.len());
    let mut grid = if changes {
        Grid::new(["ID", "KEY", "CHANGED", "TITLE"]).flexible(3)
    } else {
        Grid::new(["ID", "KEY", "TYPE", "STATUS", "TITLE"]).flexible(4)
    };
    for o in list {
        let kind = o.kind.map(|k| k.as_str()).unwrap_or("");
        if changes {
            grid.row([o.id.as_str(), &o.key, &o.changed.join(", "), &o.title]);
        } else {
            grid.row([o.id.as_str(), &o.key, kind, &o.status, &o.title]);
        }
    }
    for line in grid.render(Some(width.saturating_sub(2))).lines() {
        let _ = writeln!(out, "  {line}");
    }
}

/// The report: a summary line, the items, then the mappings and what was left out.
fn render(parsed: &Parsed, r: &Report, width: Option<usize>) -> String {
    let width = width.unwrap_or(100).max(40);
    let verb = |done: &str, would: &str| if r.dry_run { would.to_string() } else { done.to_string() };
    let mut out = format!(
        "{} {} ({}): {}: {} {}, {} {}, {} unchanged\n",
        if r.dry_run { "Dry run of" } else { "Imported" },
        terminal(&r.shown),
        r.kind.name(),
        count(r.records, if r.kind == SourceKind::BacklogMd { "task" } else { "issue" }),
        r.created.len(),
        verb("created", "to create"),
        r.updated.len(),
        verb("updated", "to update"),
        r.unchanged.len(),
    );
    if r.dry_run {
        out.push_str("Nothing was written.\n");
    }
    outcomes(&mut out, &verb("Created", "Would create"), &r.created, width, false);
    outcomes(&mut out, &verb("Updated", "Would update"), &r.updated, width, true);
    if !r.unchanged.is_empty() {
        let ids: Vec<String> = r.unchanged.iter().map(|o| format!("{} ({})", o.id, terminal(&o.key))).collect();
        let _ = writeln!(out, "\nUnchanged ({})\n  {}", ids.len(), wrapped(&ids, 2, width));
    }

    let mut rows: Vec<(&str, Vec<String>)> = Vec::new();
    let columns: Vec<String> = parsed.columns.iter().map(|(c, f)| format!("{} → {f}", terminal(c))).collect();
    rows.push(("columns", columns));
    rows.push(("type", tally(&r.types)));
    rows.push(("status", tally(&r.statuses)));
    rows.push(("priority", tally(&r.priorities)));
    out.push_str("\nMapped\n");
    for (label, items) in rows.iter().filter(|(_, items)| !items.is_empty()) {
        let _ = writeln!(out, "  {label:<9} {}", wrapped(items, 12, width));
    }
    if !r.rounded.is_empty() {
        let _ = writeln!(
            out,
            "  {:<9} {}",
            "estimate",
            r.rounded.iter().map(|s| terminal(s)).collect::<Vec<_>>().join("\n            ")
        );
    }

    if !r.subtasks.is_empty() {
        let _ = writeln!(
            out,
            "  {:<9} {}",
            "sub-task",
            r.subtasks.iter().map(|s| terminal(s)).collect::<Vec<_>>().join("\n            ")
        );
    }
    if !r.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "\nConflicts ({}): changed here and in {} since the last import",
            r.conflicts.len(),
            r.kind.name()
        );
        for c in &r.conflicts {
            let here = c.local.as_deref().map(terminal).unwrap_or_else(|| "(none)".into());
            let kept = if c.taken {
                format!("took {}", terminal(&c.source))
            } else {
                format!("kept {here} (--prefer source takes the source's)")
            };
            let line = format!(
                "{} ({}): {}: here {here}, in the source {}; {kept}",
                c.id,
                terminal(&c.key),
                c.field,
                terminal(&c.source)
            );
            let words: Vec<String> = line.split(' ').map(str::to_string).collect();
            let _ = writeln!(out, "  {}", wrapped_words(&words, 4, width));
        }
    }

    let mut missing: Vec<String> = r.not_mapped.iter().map(|s| terminal(s)).collect();
    if !r.unused.is_empty() {
        let names: Vec<String> = r.unused.iter().map(|c| terminal(c)).collect();
        let what = if r.kind == SourceKind::BacklogMd { "fields" } else { "columns" };
        let hint = if r.kind == SourceKind::BacklogMd { "" } else { " (keep one with --map \"COLUMN=FIELD\")" };
        missing.push(format!("{what} not imported: {}{hint}", names.join(", ")));
    }
    if !missing.is_empty() {
        out.push_str("\nNot mapped\n");
        for m in missing {
            let words: Vec<String> = m.split(' ').map(str::to_string).collect();
            let _ = writeln!(out, "  {}", wrapped_words(&words, 4, width));
        }
    }
    out
}

/// Words wrapped at `width`, continuation lines indented by `indent`.
fn wrapped_words(words: &[String], indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line = 2;
    for (i, w) in words.iter().enumerate() {
        let len = w.chars().count();
        if i > 0 && line + 1 + len > width {
            let _ = write!(out, "\n{}", " ".repeat(indent));
            line = indent;
        } else if i > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += len;
    }
    out
}
