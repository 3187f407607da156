//! Where a Workspace is read from.
//!
//! Reading the working tree never leaves the product folder: a symbolic link
//! is followed only when it resolves inside the folder, and files above the
//! size limit are not read at all. What was passed over is listed, so that
//! `pm check` can say why.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git;

use super::cache::{self, Cache, Stamp};
use super::product::Product;

/// The working tree (default), the git index (`--staged`), or a revision (`--at REV`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    WorkTree,
    Index,
    Rev(String),
}

/// Why a product file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skip {
    /// Larger than `limits.max_file_bytes`.
    TooLarge { bytes: u64 },
    /// A folder where a file belongs (`backlog/BL-9.yaml/`).
    Folder,
    /// A symbolic link that resolves outside the product folder.
    LinkOutside { target: PathBuf },
    /// A symbolic link to nothing, or a loop of links.
    BrokenLink,
    /// A device, socket or named pipe.
    Special,
    /// Unmerged in the git index: a merge conflict not resolved yet.
    Unmerged,
}

impl Skip {
    /// Why the file was skipped, as a sentence fragment for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Skip::TooLarge { bytes } => format!("{bytes} bytes is larger than the limit"),
            Skip::Folder => "a folder where a file belongs".to_string(),
            Skip::LinkOutside { target } => {
                format!("a symbolic link to `{}`, outside the product folder; pm does not follow it", target.display())
            }
            Skip::BrokenLink => "a symbolic link that leads nowhere".to_string(),
            Skip::Special => "not a regular file (a device, socket or pipe)".to_string(),
            Skip::Unmerged => {
                "unmerged in the git index: resolve the merge conflict, then `git add` the file".to_string()
            }
        }
    }
}

/// The files of the product folder, and the paths that were passed over.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    pub files: Vec<git::File>,
    /// `/`-separated paths below the product folder, in path order.
    pub skipped: Vec<(String, Skip)>,
    /// Files whose parse the cache holds for exactly their stamp: not read.
    pub cached: Vec<String>,
    /// The stamp of each file read, when reading with a cache.
    pub stamps: std::collections::HashMap<String, Stamp>,
}

const FOLDERS: [&str; 5] = ["backlog", "okrs", "prds", "metrics", "experiments"];

/// Where pm expects a file: the top-level files and `<folder>/<name>.yaml`
/// in the artifact folders.
pub(crate) fn is_artifact_path(rel: &str) -> bool {
    match rel.split_once('/') {
        None => matches!(rel, "pm.yaml" | "roadmap.yaml" | "product.yaml"),
        Some((dir, name)) => FOLDERS.contains(&dir) && name.ends_with(".yaml") && !name.contains('/'),
    }
}

/// Whether `rel` is where an artifact file belongs but for its extension: a
/// YAML extension spelt otherwise than `.yaml` (`backlog/BL-4.yml`,
/// `backlog/BL-3.YAML`, `roadmap.yml`). Other files in the folders (a
/// `README.md`) are not artifacts and pass unremarked.
pub(crate) fn wrong_extension(rel: &str) -> bool {
    let Some((stem, ext)) = rel.rsplit_once('.') else { return false };
    let yaml = ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml");
    if !yaml || ext == "yaml" {
        return false;
    }
    match stem.split_once('/') {
        None => matches!(stem, "pm" | "roadmap" | "product"),
        Some((dir, name)) => FOLDERS.contains(&dir) && !name.is_empty() && !name.contains('/'),
    }
}

/// Paths whose skipping is reported: artifact files and the artifact folders
/// themselves. Anything else pm passes over silently, like any file it does not read.
pub(crate) fn is_reported(rel: &str) -> bool {
    is_artifact_path(rel) || FOLDERS.contains(&rel) || rel == "templates"
}

impl Source {
    /// Every file of the product folder: its `/`-separated path below the folder, and its bytes.
    pub(crate) fn files(&self, product: &Product) -> Result<Vec<git::File>> {
        Ok(self.listing(product, u64::MAX, None)?.files)
    }

    /// Every file of the product folder of at most `max_bytes` bytes, and
    /// what was passed over: larger files (not even read from the working
    /// tree), folders and links where artifact files belong. With a `cache`,
    /// working-tree files it holds are only looked at, not read.
    pub(crate) fn listing(&self, product: &Product, max_bytes: u64, cache: Option<&Cache>) -> Result<Listing> {
        let mut listing = match self {
            Source::WorkTree => read_dir(product, max_bytes, cache)?,
            Source::Index => {
                let (repo, dir) = product.repo_dir()?;
                let unmerged = repo.unmerged(dir)?;
                let files = repo.files_in_index(dir)?.into_iter().filter(|(p, _)| !unmerged.contains(p)).collect();
                Listing {
                    files,
                    skipped: unmerged.into_iter().map(|p| (p, Skip::Unmerged)).collect(),
                    ..Listing::default()
                }
            }
            Source::Rev(rev) => {
                let (repo, dir) = product.repo_dir()?;
                Listing { files: repo.files_at(rev, dir)?, ..Listing::default() }
            }
        };
        if !self.is_work_tree() {
            // Git has no empty folders: a folder where a file belongs shows as files below it.
            let mut folders = HashSet::new();
            for (path, _) in &listing.files {
                let mut prefix = String::new();
                for part in path.split('/') {
                    if !prefix.is_empty() {
                        if is_artifact_path(&prefix) && folders.insert(prefix.clone()) {
                            listing.skipped.push((prefix.clone(), Skip::Folder));
                        }
                        prefix.push('/');
                    }
                    prefix.push_str(part);
                }
            }
            let (files, large): (Vec<_>, Vec<_>) =
                listing.files.into_iter().partition(|(_, bytes)| bytes.len() as u64 <= max_bytes);
            listing.files = files;
            listing.skipped.extend(large.into_iter().map(|(p, b)| (p, Skip::TooLarge { bytes: b.len() as u64 })));
            listing.skipped.sort_by(|a, b| a.0.cmp(&b.0));
        }
        Ok(listing)
    }

    /// [`Source::listing`] with the parse cache that `open` opens, which for
    /// the working tree is read while the folder is walked.
    pub(crate) fn listing_cached(
        &self,
        product: &Product,
        max_bytes: u64,
        open: impl FnOnce() -> Option<Cache> + Send,
    ) -> Result<(Listing, Option<Cache>)> {
        if !self.is_work_tree() {
            return Ok((self.listing(product, max_bytes, None)?, None));
        }
        let dir = &product.dir;
        let (cache, found) = rayon::join(open, || walk(dir));
        let listing = look(found?, max_bytes, cache.as_ref())?;
        Ok((listing, cache))
    }

    /// One file of the product folder, if it exists in this source. In the
    /// working tree a file reached through a link that leaves the folder counts as missing.
    pub fn read(&self, product: &Product, rel: &str) -> Result<Option<Vec<u8>>> {
        match self {
            Source::WorkTree => {
                let path = product.dir.join(rel);
                if !product.contains(&path) {
                    return Ok(None);
                }
                match std::fs::read(&path) {
                    Ok(bytes) => Ok(Some(bytes)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(Error::io("cannot read", path, e)),
                }
            }
            _ => Ok(self.files(product)?.into_iter().find(|(p, _)| p == rel).map(|(_, b)| b)),
        }
    }

    pub fn is_work_tree(&self) -> bool {
        *self == Source::WorkTree
    }
}

/// Walks the product folder in file-name order. Hidden entries (temporary
/// files of an interrupted write, editor swap files) are not artifacts.
fn read_dir(product: &Product, max_bytes: u64, cache: Option<&Cache>) -> Result<Listing> {
    look(walk(&product.dir)?, max_bytes, cache)
}

/// Every path below the product folder `dir`, in file-name order.
fn walk(dir: &Path) -> Result<Vec<Found>> {
    let root = dir.canonicalize().map_err(|e| Error::io("cannot read", dir, e))?;
    let mut walk = Walk { root: root.clone(), visited: HashSet::from([root.clone()]), found: Vec::new() };
    walk.dir(dir, "")?;
    Ok(walk.found)
}

/// Looks at (and reads, unless `cache` holds them as they are) the files found.
fn look(found: Vec<Found>, max_bytes: u64, cache: Option<&Cache>) -> Result<Listing> {
    use rayon::prelude::*;
    // Looking at (and reading) the files is independent per file: in parallel.
    let seen: Vec<Result<Found>> = found
        .into_par_iter()
        .map(|found| match found {
            Found::File(path, rel) => read_file(&path, rel, max_bytes, cache),
            other => Ok(other),
        })
        .collect();
    let mut out = Listing::default();
    for found in seen {
        match found? {
            Found::Bytes(rel, bytes, stamp) => {
                if let Some(stamp) = stamp {
                    out.stamps.insert(rel.clone(), stamp);
                }
                out.files.push((rel, bytes));
            }
            Found::Cached(rel) => out.cached.push(rel),
            Found::Skipped(rel, skip) => out.skipped.push((rel, skip)),
            // Gone before it could be read.
            Found::File(..) => {}
        }
    }
    Ok(out)
}

/// What the walk found at one path, in walk order.
enum Found {
    /// A regular file to look at: where it is, and its path below the product folder.
    File(PathBuf, String),
    /// Its bytes, and its stamp when reading with a cache.
    Bytes(String, Vec<u8>, Option<Stamp>),
    /// Unchanged since the cache stored it: not read.
    Cached(String),
    Skipped(String, Skip),
}

/// Reads one file of at most `max_bytes` bytes, unless the cache holds it as it is.
fn read_file(path: &Path, rel: String, max_bytes: u64, cache: Option<&Cache>) -> Result<Found> {
    use std::io::Read;
    let cannot = |e| Error::io("cannot read", path, e);
    let cache = cache.filter(|_| cache::cacheable(&rel));
    if let Some(cache) = cache
        && let Ok(meta) = std::fs::metadata(path)
        && meta.len() <= max_bytes
        && let Some(stamp) = Stamp::of(&meta)
        && cache.has(&rel, &stamp)
    {
        return Ok(Found::Cached(rel));
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        // Removed since the folder was listed (a concurrent renumber or
        // removal): as if it had never been listed.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::File(path.to_path_buf(), rel)),
        Err(e) => return Err(cannot(e)),
    };
    let meta = file.metadata().map_err(cannot)?;
    let size = meta.len();
    if size > max_bytes {
        return Ok(Found::Skipped(rel, Skip::TooLarge { bytes: size }));
    }
    let stamp = cache.and_then(|_| Stamp::of(&meta));
    let mut bytes = Vec::with_capacity(size as usize);
    // Bounded even if the file grows while it is read.
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > max_bytes {
        return Ok(Found::Skipped(rel, Skip::TooLarge { bytes: bytes.len() as u64 }));
    }
    Ok(Found::Bytes(rel, bytes, stamp))
}

struct Walk {
    /// The product folder with every link resolved.
    root: PathBuf,
    /// Folders already walked (resolved), so that links cannot make a loop.
    visited: HashSet<PathBuf>,
    found: Vec<Found>,
}

impl Walk {
    /// Walks `dir` (whose path relative to the product folder is `rel`) in
    /// file-name order, depth first. Hidden entries are pruned whole.
    fn dir(&mut self, dir: &Path, rel: &str) -> Result<()> {
        let mut entries = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
        while let Some(entry) = entries.next() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(dir).to_path_buf();
                Error::io("cannot read", &path, std::io::Error::from(e))
            })?;
            let path = entry.path();
            let sub = path.strip_prefix(dir).unwrap_or(path);
            // Paths below the folder, `/`-separated whatever the platform.
            let sub = match sub.to_str() {
                Some(s) if std::path::MAIN_SEPARATOR == '/' => s.to_string(),
                _ => {
                    let parts: Vec<String> =
                        sub.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                    parts.join("/")
                }
            };
            let rel = if rel.is_empty() { sub } else { format!("{rel}/{sub}") };
            let kind = entry.file_type();
            if kind.is_symlink() {
                self.link(path, rel)?;
            } else if kind.is_dir() {
                if is_artifact_path(&rel) {
                    self.found.push(Found::Skipped(rel, Skip::Folder));
                    entries.skip_current_dir();
                }
            } else if kind.is_file() {
                self.file(path, rel)?;
            } else if is_artifact_path(&rel) {
                self.found.push(Found::Skipped(rel, Skip::Special));
            }
        }
        Ok(())
    }

    fn file(&mut self, path: &Path, rel: String) -> Result<()> {
        self.found.push(Found::File(path.to_path_buf(), rel));
        Ok(())
    }

    /// A link is read where it leads, if that is inside the product folder.
    fn link(&mut self, path: &Path, rel: String) -> Result<()> {
        let Ok(target) = path.canonicalize() else {
            if is_reported(&rel) {
                self.found.push(Found::Skipped(rel, Skip::BrokenLink));
            }
            return Ok(());
        };
        if !target.starts_with(&self.root) {
            self.found.push(Found::Skipped(rel, Skip::LinkOutside { target }));
            return Ok(());
        }
        let meta = std::fs::metadata(&target).map_err(|e| Error::io("cannot read", path, e))?;
        if meta.is_dir() {
            if is_artifact_path(&rel) {
                self.found.push(Found::Skipped(rel, Skip::Folder));
            } else if self.visited.insert(target.clone()) && !self.root.starts_with(&target) {
                self.dir(path, &rel)?;
            }
        } else if meta.is_file() {
            self.file(&target, rel)?;
        } else if is_artifact_path(&rel) {
            self.found.push(Found::Skipped(rel, Skip::Special));
        }
        Ok(())
    }
}
