//! Files pm reads from outside the product: a CSV of observations, another
//! tool's export, a Backlog.md folder.

use std::path::Path;

use crate::error::{Error, Result};

/// What is at a path, without following a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    Missing,
    Link,
    Folder,
    /// A file, or anything else that is not a folder or a link.
    File,
}

pub(crate) fn entry(path: &Path) -> Entry {
    match std::fs::symlink_metadata(path) {
        Err(_) => Entry::Missing,
        Ok(m) if m.file_type().is_symlink() => Entry::Link,
        Ok(m) if m.is_dir() => Entry::Folder,
        Ok(_) => Entry::File,
    }
}

/// The names of the entries in the folder `dir`, in no particular order.
pub(crate) fn names_in(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    Ok(entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
}

/// The text of the file `path`, or `None` when there is none.
pub(crate) fn read_text_if_exists(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("cannot read", path, e)),
    }
}

/// The text of `path` (shown to the user as `shown`); a file that is not
/// UTF-8 is refused with `hint`.
pub(crate) fn read_text(path: &Path, shown: &Path, hint: &str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", shown, e))?;
    String::from_utf8(bytes)
        .map_err(|_| Error::refused(format!("{} is not UTF-8 text", shown.display())).with_hint(hint))
}

/// The task files of a Backlog.md folder (the `backlog/` folder, or its
/// `tasks/`): `task-*.md` in it and in its `tasks/` and `completed/` folders,
/// as (path below `dir`, text).
pub(crate) fn read_backlog_md(dir: &Path, shown: &str) -> Result<Vec<(String, String)>> {
    if !dir.is_dir() {
        return Err(Error::usage(format!("{shown} is not a folder")).with_hint("give the Backlog.md folder, `backlog`"));
    }
    // Symbolic links are followed only where they stay inside the named
    // folder: a task file or a `tasks/` folder that leads elsewhere is not read.
    let root = dir.canonicalize().map_err(|e| Error::io("cannot read", dir, e))?;
    let inside = |path: &Path| path.canonicalize().ok().filter(|real| real.starts_with(&root));
    let mut files = Vec::new();
    for sub in ["", "tasks", "completed"] {
        let folder = if sub.is_empty() { dir.to_path_buf() } else { dir.join(sub) };
        let Some(folder) = inside(&folder) else { continue };
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("cannot read", &folder, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !(name.to_ascii_lowercase().starts_with("task-") && name.ends_with(".md")) {
                continue;
            }
            let Some(real) = inside(&entry.path()).filter(|p| p.is_file()) else { continue };
            let rel = if sub.is_empty() { name.clone() } else { format!("{sub}/{name}") };
            let bytes = std::fs::read(&real).map_err(|e| Error::io("cannot read", entry.path(), e))?;
            let text = String::from_utf8(bytes).map_err(|_| Error::Invalid {
                subject: format!("{shown} (nothing written)"),
                problems: vec![format!("{rel}: not UTF-8 text")],
            })?;
            files.push((rel, text));
        }
    }
    if files.is_empty() {
        return Err(Error::refused(format!("{shown} has no task-*.md files"))
            .with_hint("give the Backlog.md folder (`backlog`), which holds tasks/"));
    }
    Ok(files)
}
