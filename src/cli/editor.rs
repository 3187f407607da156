//! Editing a product file in the user's editor: a temporary copy is opened
//! in `$VISUAL` / `$EDITOR`, validated when the editor exits, and written
//! only if valid; on an invalid file the user may re-open it, otherwise the
//! original stays untouched.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;

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

/// Opens `text` (shown to the editor as `file_name`) and hands the result to
/// `save`, which validates and writes it (returning whether anything changed).
/// `shown` names the file in messages.
pub fn edit(
    ctx: &Context,
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
            Err(e) if e.is_refusal() => {
                let report = crate::render::report::error(&e, ctx.color, ctx.width.unwrap_or(100));
                let _ = std::io::stderr().write_all(report.as_bytes());
                if ask_reopen() {
                    continue;
                }
                break Err(Error::refused(format!("{shown} was left unchanged; your edit was not saved")).into());
            }
            Err(e) => break Err(e.into()),
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
