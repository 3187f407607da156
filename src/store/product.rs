//! Locating the product folder: the first directory, from the start directory
//! upwards, that holds `pm.yaml` or `product/pm.yaml`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git::Repo;

pub(crate) const CONFIG_FILE: &str = "pm.yaml";
pub(super) const DEFAULT_DIR: &str = "product";

/// A product folder and the git repository around it, if any.
pub struct Product {
    /// Absolute path of the product folder.
    pub dir: PathBuf,
    /// The product folder as the user sees it: relative to the start directory when below it.
    pub display_dir: PathBuf,
    pub repo: Option<Repo>,
    /// The product folder relative to the repository root, `/`-separated.
    pub repo_path: Option<String>,
    /// Whether reads may use the parse cache (`--no-cache` and `PM_NO_CACHE=1` turn it off).
    pub use_cache: bool,
}

/// `path` with symbolic links resolved as far as it exists, the rest appended.
fn resolved(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = at.canonicalize() {
            return missing.iter().rev().fold(real, |p: PathBuf, part| p.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                at = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// `path` relative to `base` (both absolute), with `..` where needed, as git shows paths.
fn relative(path: &Path, base: &Path) -> PathBuf {
    let common = path.components().zip(base.components()).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in base.components().skip(common) {
        out.push("..");
    }
    for part in path.components().skip(common) {
        out.push(part);
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
}

impl Product {
    /// Where pm keeps its own state for this product (see [`super::cache::state_dir`]).
    pub fn state_dir(&self) -> PathBuf {
        super::cache::state_dir(self)
    }

    /// Searches upwards from `start`.
    pub fn find(start: &Path) -> Result<Product> {
        let start = start.canonicalize().map_err(|e| Error::io("cannot open directory", start, e))?;
        // Like GIT_CEILING_DIRECTORIES: the search stops before entering any of these.
        let ceilings: Vec<PathBuf> = std::env::var_os("PM_CEILING_DIRECTORIES")
            .map(|v| std::env::split_paths(&v).filter_map(|p| p.canonicalize().ok()).collect())
            .unwrap_or_default();
        let found = start.ancestors().take_while(|d| !ceilings.iter().any(|c| c == d)).find_map(|d| {
            [d.to_path_buf(), d.join(DEFAULT_DIR)].into_iter().find_map(|dir| {
                let config = dir.join(CONFIG_FILE);
                if config.is_file() {
                    Some(Ok(dir))
                } else if config.is_dir() {
                    // Said plainly, rather than searching on and finding no product (or another one).
                    Some(Err(Error::Parse {
                        path: relative(&config, &start),
                        position: None,
                        message: "a folder where the product's configuration file belongs".to_string(),
                    }))
                } else {
                    None
                }
            })
        });
        let dir = found.ok_or_else(|| Error::NoProduct { start: start.clone() })??;
        Product::open(dir, &start)
    }

    /// Opens the product folder `dir` (which must exist), shown relative to `start`.
    pub fn open(dir: PathBuf, start: &Path) -> Result<Product> {
        let display_dir = relative(&dir, start);
        let repo = Repo::discover(&dir)?;
        let repo_path = repo.as_ref().and_then(|r| r.relative_to_workdir(&dir));
        let use_cache = std::env::var_os("PM_NO_CACHE").is_none_or(|v| v.is_empty() || v == "0");
        let product = Product { dir, display_dir, repo, repo_path, use_cache };
        // How long this process waits for locks: pm.yaml's `limits.lock_timeout_secs`.
        super::lock::set_timeout(super::workspace::configured_limits(&product).lock_timeout_secs);
        Ok(product)
    }

    /// Whether `path` (which must exist) is inside the product folder once
    /// every symbolic link on the way is resolved.
    pub fn contains(&self, path: &Path) -> bool {
        let root = self.dir.canonicalize().unwrap_or_else(|_| self.dir.clone());
        path.canonicalize().is_ok_and(|p| p.starts_with(root))
    }

    /// Whether `path` (which need not exist) is the product folder or inside
    /// it once every symbolic link on the way is resolved.
    pub fn would_hold(&self, path: &Path) -> bool {
        let root = self.dir.canonicalize().unwrap_or_else(|_| self.dir.clone());
        resolved(path).starts_with(root)
    }

    /// The absolute path for writing the product file `rel` (`/`-separated,
    /// below the product folder). Refused when `rel` climbs out of the folder,
    /// or when the folder it goes into is, or is reached through, a link that
    /// leads outside: pm never writes outside the product folder.
    pub fn path_for_write(&self, rel: &str) -> Result<PathBuf> {
        use std::path::Component;
        let shown = self.display(rel);
        let outside =
            || Error::refused(format!("`{}` is outside the product folder; pm does not write there", shown.display()));
        let parts = Path::new(rel).components();
        if rel.is_empty() || rel.contains('\\') || !parts.clone().all(|c| matches!(c, Component::Normal(_))) {
            return Err(outside());
        }
        let path = self.dir.join(rel);
        // The deepest folder on the way that exists must resolve inside the product.
        let existing = path.ancestors().skip(1).find(|a| a.symlink_metadata().is_ok()).unwrap_or(&self.dir);
        if !self.contains(existing) {
            return Err(outside());
        }
        Ok(path)
    }

    /// The path of a product file (`backlog/BL-1.yaml`) as the user sees it.
    pub fn display(&self, rel: &str) -> PathBuf {
        if self.display_dir == Path::new(".") { PathBuf::from(rel) } else { self.display_dir.join(rel) }
    }

    /// The repository, or a clear error for commands that need one.
    pub fn repo(&self) -> Result<&Repo> {
        self.repo.as_ref().ok_or_else(|| Error::Git {
            message: format!("`{}` is not inside a git repository", self.display_dir.display()),
            hint: Some("run `git init` to keep the product's history".to_string()),
        })
    }

    /// The product folder inside the repository, for reading trees and the index.
    pub(crate) fn repo_dir(&self) -> Result<(&Repo, &str)> {
        let repo = self.repo()?;
        let path = self.repo_path.as_deref().ok_or_else(|| Error::Git {
            message: "the product folder is outside the repository's working tree".to_string(),
            hint: None,
        })?;
        Ok((repo, path))
    }
}
