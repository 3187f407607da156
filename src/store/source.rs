//! Where a Workspace is read from.

use crate::error::{Error, Result};
use crate::git;

use super::product::Product;

/// The working tree (default), the git index (`--staged`), or a revision (`--at REV`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    WorkTree,
    Index,
    Rev(String),
}

impl Source {
    /// Every file of the product folder: its `/`-separated path below the folder, and its bytes.
    pub(crate) fn files(&self, product: &Product) -> Result<Vec<git::File>> {
        match self {
            Source::WorkTree => read_dir(product),
            Source::Index => {
                let (repo, dir) = product.repo_dir()?;
                repo.files_in_index(dir)
            }
            Source::Rev(rev) => {
                let (repo, dir) = product.repo_dir()?;
                repo.files_at(rev, dir)
            }
        }
    }

    /// One file of the product folder, if it exists in this source.
    pub fn read(&self, product: &Product, rel: &str) -> Result<Option<Vec<u8>>> {
        match self {
            Source::WorkTree => match std::fs::read(product.dir.join(rel)) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(Error::io("cannot read", product.dir.join(rel), e)),
            },
            _ => Ok(self.files(product)?.into_iter().find(|(p, _)| p == rel).map(|(_, b)| b)),
        }
    }

    pub fn is_work_tree(&self) -> bool {
        *self == Source::WorkTree
    }
}

fn read_dir(product: &Product) -> Result<Vec<git::File>> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(&product.dir).sort_by_file_name().into_iter();
    // Hidden entries (temporary files of an interrupted write, editor swap files) are not artifacts.
    for entry in walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
        let entry = entry.map_err(|e| {
            let path = e.path().map(|p| p.to_path_buf()).unwrap_or_else(|| product.dir.clone());
            Error::io("cannot read", path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&product.dir).unwrap_or(entry.path());
        let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io("cannot read", entry.path(), e))?;
        out.push((rel.join("/"), bytes));
    }
    Ok(out)
}
