//! `pm export` and other commands that write a file outside the product
//! folder (`pm man --out`): what each kind exports, and writing it atomically
//! without ever writing through a symbolic link.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Item;
use crate::store::cache::hash;
use crate::store::{Doc, Product, Workspace, atomic};

use super::backlog::{SortKey, sort_items};

/// Every backlog item, in rank order.
pub(crate) fn backlog(ws: &Workspace) -> Vec<&Doc<Item>> {
    let mut items: Vec<&Doc<Item>> = ws.items.iter().collect();
    sort_items(ws, &mut items, SortKey::Rank);
    items
}

fn refuse_symlink(path: &Path, shown: &Path) -> Result<()> {
    if path.is_symlink() {
        return Err(Error::refused(format!("`{}` is a symbolic link; pm does not write through it", shown.display()))
            .with_hint("choose another path, or remove the link first"));
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically (a temporary file in the same folder,
/// then a rename), replacing a regular file but refusing a symbolic link.
/// `shown` names the path in messages, as the user typed it.
pub(crate) fn write_output(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    refuse_symlink(path, shown)?;
    if path.is_dir() {
        return Err(Error::refused(format!("`{}` is a directory", shown.display())));
    }
    atomic::write(path, bytes)
}

/// The record of what `pm export --out` wrote, in pm's state folder: one
/// line per file, `<hash of its bytes, 16 hex digits> <absolute path>`.
const RECORD: &str = "exports";

/// Writes an export to `path` (`shown` as the user typed it): never into the
/// product folder, and over an existing file only if it is pm's own earlier
/// export, unchanged since (its path and the hash of its bytes are in pm's
/// record of exports), or with `force`. Records what it wrote.
pub(crate) fn write_export(product: &Product, path: &Path, shown: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if product.would_hold(path) {
        return Err(Error::usage(format!(
            "`{}` is in the product folder `{}`; pm does not export there",
            shown.display(),
            product.display_dir.display()
        ))
        .with_hint("export next to the product instead, for example `--out backlog.csv`"));
    }
    refuse_symlink(path, shown)?;
    let record = product.state_dir().join(RECORD);
    let key = path.canonicalize().ok();
    let recorded = std::fs::read_to_string(&record).unwrap_or_default();
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.is_file()
        && !force
    {
        let current = std::fs::read(path).map_err(|e| Error::io("cannot read", shown, e))?;
        let line = format!("{:016x} {}", hash(&current), key.as_deref().unwrap_or(path).display());
        if !recorded.lines().any(|l| l == line) {
            return Err(Error::refused(format!(
                "`{}` exists and is not an earlier export of pm; nothing written",
                shown.display()
            ))
            .with_hint("choose another file, or pass --force to replace it"));
        }
    }
    write_output(path, shown, bytes)?;
    // Remember the file as pm's own; failing to is not an error (the next
    // export to it then asks for --force).
    if let Ok(real) = path.canonicalize() {
        let name = real.display().to_string();
        let mut lines: Vec<&str> =
            recorded.lines().filter(|l| l.split_once(' ').is_some_and(|(_, p)| p != name)).collect();
        let line = format!("{:016x} {name}", hash(bytes));
        lines.push(&line);
        let mut text = lines.join("\n");
        text.push('\n');
        let _ = atomic::create_dir_all(&product.state_dir()).and_then(|()| atomic::write(&record, text.as_bytes()));
    }
    Ok(())
}

/// Creates the folder `path` (and its parents) unless it exists; refuses a symbolic link.
pub(crate) fn create_dir(path: &Path, shown: &Path) -> Result<()> {
    refuse_symlink(path, shown)?;
    crate::store::atomic::create_dir_all(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn refuses_to_write_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.csv");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(write_output(&link, &link, b"new").is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        write_output(&target, &target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
