//! Editing a product file in the user's editor: a temporary copy is opened
//! in `$VISUAL` / `$EDITOR`, and when the editor exits the new text goes
//! through the one write path exactly as flag edits do. When it is refused,
//! the user's text is never thrown away: it is kept in a recovery file whose
//! path is printed (on a terminal, pm first offers to re-open it).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;
use crate::store::Product;

use super::context::{CmdResult, Context};

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

/// A new folder for the copy being edited, in the system's temporary folder
/// and readable by the user only. It is always created here: an existing
/// folder of that name (or a link planted in its place) could belong to
/// someone else, who could then read the copy or redirect the write.
fn private_dir() -> Result<PathBuf, Error> {
    let base = std::env::temp_dir();
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    let mut last = None;
    for n in 0..100u32 {
        let dir = base.join(format!("pm-edit-{}-{n}", std::process::id()));
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some((dir, e)),
            Err(e) => return Err(Error::io("cannot create", &dir, e)),
        }
    }
    let (dir, e) = last.unwrap_or_else(|| (base.clone(), std::io::Error::other("no free name")));
    Err(Error::io("cannot create", dir, e))
}

/// Keeps the text of a refused edit in `state_dir/recovery/`, under the
/// file's name (`BL-12.yaml`, then `BL-12-2.yaml`, ...: never over an
/// earlier one), and returns the path.
fn keep(product: &Product, file_name: &str, text: &str) -> Result<PathBuf, Error> {
    let dir = product.state_dir().join("recovery");
    crate::store::atomic::create_dir_all(&dir)?;
    let stem = file_name.strip_suffix(".yaml").unwrap_or(file_name);
    let mut n = 1u32;
    loop {
        let name = if n == 1 { format!("{stem}.yaml") } else { format!("{stem}-{n}.yaml") };
        let path = dir.join(name);
        match crate::store::atomic::create_new(&path, text.as_bytes()) {
            Ok(()) => return Ok(path),
            Err(_) if n < 1000 && path.exists() => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Opens `text` (shown to the editor as `file_name`) and hands the result to
/// `save`, which checks and writes it through the one write path (returning
/// whether anything changed). `shown` names the file in messages.
pub(super) fn edit(
    ctx: &Context,
    product: &Product,
    text: &str,
    file_name: &str,
    shown: &str,
    save: impl Fn(&str) -> Result<bool, Error>,
) -> CmdResult {
    let dir = private_dir()?;
    let temp = dir.join(file_name);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| Error::io("cannot write", &temp, e))?;
    let result = loop {
        if let Err(e) = run_editor(&temp) {
            break Err(e.into());
        }
        let edited = match std::fs::read_to_string(&temp) {
            Ok(t) => t,
            Err(e) => break Err(Error::io("cannot read", &temp, e).into()),
        };
        match save(&edited) {
            Ok(true) => {
                ctx.note(&format!("Updated {shown}"));
                break Ok(());
            }
            Ok(false) => {
                ctx.note(&format!("{shown}: nothing changed"));
                break Ok(());
            }
            // Whatever the reason, the text typed is kept.
            Err(e) => {
                let changed_on_disk = e.to_string().contains("was changed by someone else");
                let report =
                    crate::render::report::error(&e, super::hints::help(&e), ctx.color, ctx.width.unwrap_or(100));
                let _ = std::io::stderr().write_all(report.as_bytes());
                if !changed_on_disk && ask_reopen() {
                    continue;
                }
                let kept = match keep(product, file_name, &edited) {
                    Ok(path) => path,
                    Err(keep_error) => break Err(keep_error.into()),
                };
                let message = if changed_on_disk {
                    format!(
                        "{shown} changed on disk while you edited it and was left as that change made it; your version is kept in {}",
                        kept.display()
                    )
                } else {
                    format!("{shown} was left unchanged; your edit is kept in {}", kept.display())
                };
                break Err(Error::refused(message)
                    .with_hint("fix the problems in that copy, then copy it over the file and run `pm check`")
                    .into());
            }
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_edit_folder_is_always_new_and_private() {
        let planted = std::env::temp_dir().join(format!("pm-edit-{}-0", std::process::id()));
        let elsewhere = tempfile::tempdir().unwrap();
        let _ = std::fs::remove_file(&planted);
        std::os::unix::fs::symlink(elsewhere.path(), &planted).unwrap();
        let dir = private_dir().unwrap();
        assert_ne!(dir, planted);
        let meta = std::fs::symlink_metadata(&dir).unwrap();
        assert!(meta.is_dir() && !meta.file_type().is_symlink());
        assert_eq!(meta.permissions().mode() & 0o777, 0o700);
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
        std::fs::remove_dir(&dir).unwrap();
        std::fs::remove_file(&planted).unwrap();
    }
}
