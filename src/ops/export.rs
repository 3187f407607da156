//! `pm export` and other commands that write a file outside the product
//! folder (`pm man --out`): what each kind exports, and writing it atomically
//! without ever writing through a symbolic link.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Item;
use crate::store::{Doc, Workspace, atomic};

use super::backlog::{SortKey, sort_items};

/// Every backlog item, in rank order.
pub fn backlog(ws: &Workspace) -> Vec<&Doc<Item>> {
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
pub fn write_output(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    refuse_symlink(path, shown)?;
    if path.is_dir() {
        return Err(Error::refused(format!("`{}` is a directory", shown.display())));
    }
    atomic::write(path, bytes)
}

/// Creates the folder `path` (and its parents) unless it exists; refuses a symbolic link.
pub fn create_dir(path: &Path, shown: &Path) -> Result<()> {
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
