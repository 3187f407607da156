//! `pm man`: manual pages (ROFF, section 1) generated from the clap tree, so
//! they always say what `--help` says.

use std::path::PathBuf;

use clap_mangen::Man;

use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops;

/// Print pm's manual page, or write one page per command into a folder.
///
/// Without --out, the page of pm itself goes to stdout (`pm man | man -l -`).
/// With --out DIR, DIR gets pm.1 and a page for every subcommand at every
/// level (pm-backlog.1, pm-backlog-add.1, ...), ready for a MANPATH folder
/// such as ~/.local/share/man/man1.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write every page into DIR (created if needed; existing pages are replaced)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let mut root = crate::cli::command().disable_help_subcommand(true);
    root.build();
    let Some(dir) = args.out else {
        return ctx.out(&render(&root)?);
    };
    let mut pages = Vec::new();
    collect(&root, &mut pages)?;
    let target = ctx.start.join(&dir);
    ops::export::create_dir(&target, &dir)?;
    for (name, text) in &pages {
        ops::export::write_output(&target.join(name), &dir.join(name), text.as_bytes())?;
    }
    ctx.note(&format!("Wrote {} manual pages to {}", pages.len(), dir.display()));
    Ok(())
}

/// The page of `cmd` (already built, so subcommands know their full names).
fn render(cmd: &clap::Command) -> Result<String, Error> {
    let mut out = Vec::new();
    Man::new(cmd.clone()).render(&mut out).map_err(|e| Error::io("cannot render", "the manual page", e))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `(file name, page)` for `cmd` and every visible subcommand below it.
fn collect(cmd: &clap::Command, pages: &mut Vec<(String, String)>) -> Result<(), Error> {
    pages.push((Man::new(cmd.clone()).get_filename(), render(cmd)?));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}
