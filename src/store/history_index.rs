//! The history index: what each commit did to the product, extracted once
//! and kept under `.git/pm/`, so that history commands read a file instead
//! of walking and parsing the whole history every time (DESIGN.md §9).
//!
//! The index is a map from commit id to an entry that the caller defines
//! (`ops::history` stores the files a commit changed, its product changes and
//! its status moves). A commit id names its whole tree and ancestry, so an
//! entry never goes stale by itself; what can change how a commit reads is
//! kept in the file's key and a file with another key is ignored: pm's
//! version and the index format, the product folder's place in the
//! repository, the shallow boundary (`.git/shallow`), grafts
//! (`.git/info/grafts`) and replace refs (`refs/replace/`).
//!
//! It is only ever an optimisation: a missing, truncated, corrupt or foreign
//! file is ignored and rebuilt, never an error; `--no-cache` and
//! `PM_NO_CACHE=1` bypass it (entries are then computed and dropped). A save
//! replaces the file atomically, so concurrent pm processes never see half of
//! one (the last to save wins, and the other's new entries are computed again
//! next time). A save keeps only entries of commits still reachable from some
//! ref, so rewritten history does not make the file grow without bound.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::cache::hash;
use super::product::Product;

/// Bumped whenever the layout or the meaning of an entry changes.
const FORMAT: u32 = 1;
const MAGIC: &str = "pm-history-index";

/// The persistent map from commit id to entry.
pub(crate) struct Index<E> {
    /// Where it is saved; `None` when the index is bypassed or has nowhere to go.
    path: Option<PathBuf>,
    key: String,
    entries: HashMap<String, E>,
    /// Entries added or replaced since it was read.
    dirty: bool,
}

/// The line that opens an index file.
#[derive(Serialize, serde::Deserialize, PartialEq)]
struct Header {
    format: String,
    key: String,
    count: usize,
}

/// One entry's line.
#[derive(Serialize, serde::Deserialize)]
struct Line<E> {
    c: String,
    e: E,
}

/// What an index written for `product` must have been written under.
pub(crate) fn key(product: &Product) -> Option<String> {
    let repo = product.repo.as_ref()?;
    let root = product.repo_path.clone().unwrap_or_default();
    let git_dir = repo.git_dir();
    let read = |rel: &str| std::fs::read(git_dir.join(rel)).unwrap_or_default();
    let mut material = Vec::new();
    for part in [
        format!("{FORMAT}\0{}\0{root}\0", env!("CARGO_PKG_VERSION")).into_bytes(),
        read("shallow"),
        vec![0],
        read("info/grafts"),
        vec![0],
        repo.replace_refs().join("\n").into_bytes(),
    ] {
        material.extend_from_slice(&part);
    }
    Some(format!("{:016x}", hash(&material)))
}

impl<E: Serialize + DeserializeOwned> Index<E> {
    /// The index of `product`'s history: read from disk when there is a
    /// usable one, else empty. In-memory only when the cache is off or the
    /// product is not in a repository.
    pub(crate) fn open(product: &Product) -> Index<E> {
        let Some(key) = key(product) else {
            return Index { path: None, key: String::new(), entries: HashMap::new(), dirty: false };
        };
        let path = product.use_cache.then(|| product.state_dir().join(format!("{}.jsonl", stem(product))));
        let entries = path.as_ref().and_then(|p| read(p, &key)).unwrap_or_default();
        Index { path, key, entries, dirty: false }
    }

    pub(crate) fn get(&self, commit: &str) -> Option<&E> {
        self.entries.get(commit)
    }

    pub(crate) fn insert(&mut self, commit: String, entry: E) {
        self.entries.insert(commit, entry);
        self.dirty = true;
    }

    /// Writes the index back if it changed. When it holds more than the
    /// `seen` commits this run walked, some may be unreachable now (history
    /// was rewritten): only those in `keep` (the commits reachable from some
    /// ref) are kept. Failing to write is not an error: the index is rebuilt
    /// next time.
    pub(crate) fn save(&mut self, seen: usize, keep: impl FnOnce() -> Option<HashSet<String>>) {
        let Some(path) = self.path.clone().filter(|_| self.dirty) else { return };
        if self.entries.len() > seen
            && let Some(keep) = keep()
        {
            self.entries.retain(|c, _| keep.contains(c));
        }
        let mut ids: Vec<&String> = self.entries.keys().collect();
        ids.sort();
        let header = Header { format: format!("{MAGIC} {FORMAT}"), key: self.key.clone(), count: ids.len() };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let written = super::atomic::write_unsynced_with(&path, |out| {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
            serde_json::to_writer(&mut out, &header)?;
            out.write_all(b"\n")?;
            for id in ids {
                serde_json::to_writer(&mut out, &Line { c: id.clone(), e: &self.entries[id] })?;
                out.write_all(b"\n")?;
            }
            out.write_all(b"end\n")?;
            out.flush()
        });
        if written.is_ok() {
            self.dirty = false;
        }
    }
}

/// The entries of the index file at `path`, if it was written under `key`
/// and is whole.
fn read<E: DeserializeOwned>(path: &PathBuf, key: &str) -> Option<HashMap<String, E>> {
    let file = std::fs::File::open(path).ok()?;
    let mut lines = std::io::BufReader::with_capacity(1 << 16, file).lines();
    let header: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
    if header.format != format!("{MAGIC} {FORMAT}") || header.key != key {
        return None;
    }
    let mut entries = HashMap::with_capacity(header.count);
    for _ in 0..header.count {
        let line: Line<E> = serde_json::from_str(&lines.next()?.ok()?).ok()?;
        entries.insert(line.c, line.e);
    }
    // A file cut short lacks its last line.
    (lines.next()?.ok()? == "end" && lines.next().is_none()).then_some(entries)
}

/// A result computed from history, kept beside the index under `name` and
/// served while `key` (which the caller makes from everything the result
/// depends on) is the same. The same rules as the index: never an error,
/// atomic, bypassed with the cache off.
pub(crate) fn memo_load<T: DeserializeOwned>(product: &Product, name: &str, key: &str) -> Option<T> {
    #[derive(serde::Deserialize)]
    struct Memo<T> {
        key: String,
        value: T,
    }
    let bytes = std::fs::read(memo_path(product, name)?).ok()?;
    let memo: Memo<T> = serde_json::from_slice(&bytes).ok()?;
    (memo.key == key).then_some(memo.value)
}

/// Keeps `value` for [`memo_load`].
pub(crate) fn memo_save<T: Serialize>(product: &Product, name: &str, key: &str, value: &T) {
    #[derive(Serialize)]
    struct Memo<'a, T> {
        key: &'a str,
        value: &'a T,
    }
    let Some(path) = memo_path(product, name) else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = super::atomic::write_unsynced_with(&path, |out| {
        serde_json::to_writer(out, &Memo { key, value }).map_err(Into::into)
    });
}

fn memo_path(product: &Product, name: &str) -> Option<PathBuf> {
    product.repo.as_ref()?;
    product.use_cache.then(|| product.state_dir().join(format!("{}-{name}.json", stem(product))))
}

/// The name the history files of `product`'s folder start with.
fn stem(product: &Product) -> String {
    let root = product.repo_path.clone().unwrap_or_default();
    format!("history-{:016x}", hash(root.as_bytes()))
}
