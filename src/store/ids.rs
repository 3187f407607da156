//! New backlog ids: one past the highest id anywhere the team might have
//! used one — the working tree, the index, and every local and
//! remote-tracking branch — so parallel branches rarely collide. Allocation
//! holds an exclusive lock until the new file exists, so concurrent
//! `pm backlog add` processes never get the same id.

use std::fs::{File, OpenOptions};
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::id;

use super::product::Product;
use super::workspace::BACKLOG_DIR;

/// The highest number among file names `<prefix>-<n>.yaml`.
pub fn max_number<'a>(names: impl IntoIterator<Item = &'a str>, prefix: &str) -> u64 {
    names
        .into_iter()
        .filter_map(|name| name.strip_suffix(".yaml"))
        .filter_map(|stem| id::number(stem, prefix))
        .max()
        .unwrap_or(0)
}

/// An exclusive lock on id allocation for one product, released on drop.
pub struct IdLock {
    _file: File,
}

fn lock_path(product: &Product) -> PathBuf {
    match &product.repo {
        Some(repo) => repo.git_dir().join("pm-id.lock"),
        None => product.dir.join(".pm-id.lock"),
    }
}

impl IdLock {
    pub fn acquire(product: &Product) -> Result<IdLock> {
        let path = lock_path(product);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("cannot open lock file", &path, e))?;
        file.lock().map_err(|e| Error::io("cannot lock", &path, e))?;
        Ok(IdLock { _file: file })
    }
}

/// The next free backlog id. Call with an [`IdLock`] held and keep it until
/// the new file is written.
pub fn next_id(product: &Product, prefix: &str, lock: &IdLock) -> Result<String> {
    next_in(product, BACKLOG_DIR, prefix, lock)
}

/// The next free id for files `<prefix>-<n>.yaml` in the product folder
/// `dir` (`backlog`, `prds`, `experiments`): one past the highest in the
/// working tree, the index and every branch.
pub fn next_in(product: &Product, dir: &str, prefix: &str, _lock: &IdLock) -> Result<String> {
    let path = product.dir.join(dir);
    let mut names: Vec<String> = match std::fs::read_dir(&path) {
        Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io("cannot read", path, e)),
    };
    if let (Some(repo), Some(root)) = (&product.repo, &product.repo_path) {
        let folder = if root.is_empty() { dir.to_string() } else { format!("{root}/{dir}") };
        names.extend(repo.names_on_all_branches(&folder)?);
    }
    let max = max_number(names.iter().map(String::as_str), prefix);
    Ok(format!("{prefix}-{}", max + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_highest_number() {
        let names = ["BL-2.yaml", "BL-10.yaml", "BL-9.yaml", "BL-11.yml", "XX-50.yaml", "BL-07.yaml", ".BL-99.yaml"];
        assert_eq!(max_number(names, "BL"), 10);
        assert_eq!(max_number([], "BL"), 0);
    }
}
