use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::Command;

use crate::cli::context::{CliError, CmdResult, Context};
use crate::error::Error;
use crate::ops::backlog;
use crate::ops::fields::{self, FieldOp};

/// Change fields of an item. Only the edited values change in the file:
/// comments, key order, quoting and unknown fields stay as they are.
/// With no flags, opens the file in $VISUAL or $EDITOR and validates it on save.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// Set a field (repeatable): --set owner=dana, --set rice.reach=900, --set labels=a,b
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    set: Vec<String>,
    /// Remove a field (repeatable)
    #[arg(long = "unset", value_name = "FIELD")]
    unset: Vec<String>,
    /// Append to a list field (repeatable): --add label=ux, --add blocked_by=BL-3
    #[arg(long = "add", value_name = "FIELD=VALUE")]
    add: Vec<String>,
    /// Remove from a list field (repeatable)
    #[arg(long = "remove", value_name = "FIELD=VALUE")]
    remove: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let mut ops = Vec::new();
    for a in &args.set {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Set(f, v));
    }
    for f in &args.unset {
        ops.push(FieldOp::Unset(f.clone()));
    }
    for a in &args.add {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Add(f, v));
    }
    for a in &args.remove {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Remove(f, v));
    }
    if ops.is_empty() {
        return edit_in_editor(ctx, &product, &ws, &args.id);
    }
    let id = ws.item(&args.id)?.value.id.clone();
    match backlog::edit(&product, &ws, &args.id, &ops, ctx.today())? {
        Some(doc) => ctx.note(&format!("Updated {}", ctx.display(&product, &doc.path))),
        None => ctx.note(&format!("{id}: nothing changed")),
    }
    Ok(())
}

fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

fn run_editor(path: &Path) -> Result<(), Error> {
    let editor = editor();
    // Through the shell, so that EDITOR="code --wait" works as it does for git.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("pm-editor")
        .arg(path)
        .status()
        .map_err(|e| Error::io("cannot start the editor", path, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::refused(format!("the editor (`{editor}`) exited with {status}; nothing was changed")))
    }
}

fn ask_reopen() -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("Re-open the editor to fix it? [Y/n] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    !matches!(answer.trim().to_ascii_lowercase().as_str(), "n" | "no")
}

fn edit_in_editor(
    ctx: &Context,
    product: &crate::store::Product,
    ws: &crate::store::Workspace,
    input: &str,
) -> CmdResult {
    let doc = ws.item(input)?;
    let dir = std::env::temp_dir().join(format!("pm-edit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
    let temp = dir.join(format!("{}.yaml", doc.value.id));
    std::fs::write(&temp, &doc.text).map_err(|e| Error::io("cannot write", &temp, e))?;
    let result = loop {
        if let Err(e) = run_editor(&temp) {
            break Err(CliError::from(e));
        }
        let text = match std::fs::read_to_string(&temp) {
            Ok(t) => t,
            Err(e) => break Err(Error::io("cannot read", &temp, e).into()),
        };
        match backlog::replace_text(product, ws, input, &text) {
            Ok(Some(saved)) => {
                ctx.note(&format!("Updated {}", ctx.display(product, &saved.path)));
                break Ok(());
            }
            Ok(None) => {
                ctx.note(&format!("{}: nothing changed", doc.value.id));
                break Ok(());
            }
            Err(e) if e.is_refusal() => {
                let shown = crate::render::report::error(&e, ctx.color, ctx.width.unwrap_or(100));
                let _ = std::io::stderr().write_all(shown.as_bytes());
                if ask_reopen() {
                    continue;
                }
                break Err(Error::refused(format!(
                    "{} was left unchanged; your edit was not saved",
                    ctx.display(product, &doc.path)
                ))
                .into());
            }
            Err(e) => break Err(e.into()),
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}
