//! Walking history: commits, the ids of trees and blobs at a path, and the
//! files that changed between two trees. Comparing ids first means a commit
//! that did not touch the product costs no parsing at all.

use std::path::Path;

use git2::{ObjectType, Oid, Tree};

use super::{Repo, git_err};
use crate::error::{Error, Result};

/// A commit, as history views show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Commit {
    pub id: String,
    pub short: String,
    pub author: String,
    pub email: String,
    /// Seconds since the Unix epoch, and the author's offset in minutes.
    pub time: i64,
    pub offset_minutes: i32,
    /// When it was committed (seconds since the Unix epoch): what `git log
    /// --date-order` orders by.
    #[serde(default)]
    pub committed: i64,
    pub summary: String,
    pub parents: Vec<String>,
}

/// A file that differs between two trees, below the requested folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Changed {
    /// Path below the folder (`backlog/BL-1.yaml`).
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Repo {
    /// The commit a revision names.
    pub fn commit_id(&self, rev: &str) -> Result<String> {
        let object = self.repo.revparse_single(rev).map_err(|_| Error::Usage {
            message: format!("unknown revision `{rev}`"),
            hint: Some("give a branch, tag or commit that `git log` shows".to_string()),
        })?;
        let commit = object.peel_to_commit().map_err(|_| Error::usage(format!("`{rev}` does not name a commit")))?;
        Ok(commit.id().to_string())
    }

    /// Whether HEAD points at a commit (false in a repository without commits).
    pub fn has_commits(&self) -> bool {
        self.repo.head().ok().and_then(|h| h.peel_to_commit().ok()).is_some()
    }

    /// Whether the repository is a shallow clone (history is cut).
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    pub fn merge_base(&self, a: &str, b: &str) -> Result<String> {
        let (a, b) = (oid(a)?, oid(b)?);
        self.repo
            .merge_base(a, b)
            .map(|o| o.to_string())
            .map_err(|_| Error::Git { message: "the two revisions have no common ancestor".to_string(), hint: None })
    }

    /// The upstream of the current branch (`origin/main`), if it has one.
    pub fn upstream(&self) -> Option<String> {
        let head = self.repo.head().ok()?;
        let name = head.shorthand().ok()?.to_string();
        let branch = self.repo.find_branch(&name, git2::BranchType::Local).ok()?;
        let upstream = branch.upstream().ok()?;
        upstream.name().ok().flatten().map(str::to_string)
    }

    /// The short name of the branch HEAD is on, if any.
    pub fn current_branch(&self) -> Option<String> {
        let head = self.repo.head().ok()?;
        head.is_branch().then(|| head.shorthand().ok().map(str::to_string)).flatten()
    }

    /// The short names of the local branches, sorted.
    pub fn local_branches(&self) -> Vec<String> {
        let Ok(branches) = self.repo.branches(Some(git2::BranchType::Local)) else { return Vec::new() };
        let mut out: Vec<String> =
            branches.filter_map(|b| b.ok()).filter_map(|(b, _)| b.name().ok().flatten().map(str::to_string)).collect();
        out.sort();
        out
    }

    pub fn commit(&self, id: &str) -> Result<Commit> {
        let c = self.repo.find_commit(oid(id)?).map_err(git_err)?;
        let author = c.author();
        Ok(Commit {
            id: c.id().to_string(),
            short: c.id().to_string()[..7].to_string(),
            author: author.name().unwrap_or("").to_string(),
            email: author.email().unwrap_or("").to_string(),
            time: author.when().seconds(),
            offset_minutes: author.when().offset_minutes(),
            committed: c.time().seconds(),
            summary: c.summary().ok().flatten().unwrap_or("").to_string(),
            parents: c.parent_ids().map(|p| p.to_string()).collect(),
        })
    }

    /// Whether the repository holds this commit (a shallow clone's cut
    /// parents are missing). Cheaper than reading it.
    pub fn has_commit(&self, id: &str) -> bool {
        oid(id).is_ok_and(|o| self.repo.odb().is_ok_and(|db| db.exists(o)))
    }

    /// The id of the tree or blob at `path` in a commit's tree, if present.
    pub fn entry_at(&self, commit: &str, path: &str) -> Result<Option<String>> {
        let tree = self.repo.find_commit(oid(commit)?).and_then(|c| c.tree()).map_err(git_err)?;
        if path.is_empty() {
            return Ok(Some(tree.id().to_string()));
        }
        Ok(tree.get_path(Path::new(path)).ok().map(|e| e.id().to_string()))
    }

    pub fn blob(&self, id: &str) -> Result<Vec<u8>> {
        Ok(self.repo.find_blob(oid(id)?).map_err(git_err)?.content().to_vec())
    }

    /// Files below `dir` that differ between two commits (`None`: the empty tree).
    pub fn changed(&self, old: Option<&str>, new: &str, dir: &str) -> Result<Vec<Changed>> {
        let folder = |c: &str| -> Result<Option<Oid>> {
            let tree = self.repo.find_commit(oid(c)?).and_then(|c| c.tree()).map_err(git_err)?;
            if dir.is_empty() {
                return Ok(Some(tree.id()));
            }
            match tree.get_path(Path::new(dir)) {
                Ok(e) if e.kind() == Some(ObjectType::Tree) => Ok(Some(e.id())),
                _ => Ok(None),
            }
        };
        let old_tree = match old {
            Some(c) => folder(c)?,
            None => None,
        };
        let new_tree = folder(new)?;
        let mut out = Vec::new();
        let odb = self.repo.odb().map_err(git_err)?;
        if let Err(e) = self.diff_raw(&odb, old_tree, new_tree, "", &mut out) {
            if let Some(e) = e {
                return Err(e);
            }
            // A tree in a form the raw reader does not know (another hash
            // length): libgit2 parses it.
            out.clear();
            let tree = |id: Option<Oid>| id.map(|i| self.tree(i)).transpose();
            self.diff_trees(tree(old_tree)?.as_ref(), tree(new_tree)?.as_ref(), "", &mut out)?;
        }
        Ok(out)
    }

    /// [`Repo::diff_trees`] on the trees' raw bytes: what both trees share is
    /// skipped a memory comparison at a time, so a large folder in which one
    /// file changed costs little more than reading it. `Err(None)`: a tree
    /// the raw reader cannot parse.
    fn diff_raw(
        &self,
        odb: &git2::Odb,
        old: Option<Oid>,
        new: Option<Oid>,
        prefix: &str,
        out: &mut Vec<Changed>,
    ) -> std::result::Result<(), Option<Error>> {
        if old == new {
            return Ok(());
        }
        let read = |id: Option<Oid>| id.map(|i| odb.read(i).map_err(|e| Some(git_err(e)))).transpose();
        let (a, b) = (read(old)?, read(new)?);
        let (a, b) = (a.as_ref().map_or(&[][..], |o| o.data()), b.as_ref().map_or(&[][..], |o| o.data()));
        let (mut i, mut j) = (0, 0);
        loop {
            // Identical bytes from two entry boundaries are identical entries.
            let limit = i + common_prefix(&a[i..], &b[j..]);
            while i < a.len() {
                let e = raw_entry(a, i).ok_or(None)?;
                if e.end > limit {
                    break;
                }
                j += e.end - i;
                i = e.end;
            }
            let x = if i < a.len() { Some(raw_entry(a, i).ok_or(None)?) } else { None };
            let y = if j < b.len() { Some(raw_entry(b, j).ok_or(None)?) } else { None };
            let order = match (&x, &y) {
                (Some(x), Some(y)) => git_order(x.name, x.tree(), y.name, y.tree()),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => return Ok(()),
            };
            let path = |e: &RawEntry| format!("{prefix}{}", String::from_utf8_lossy(e.name));
            match (order, x, y) {
                (std::cmp::Ordering::Less, Some(x), _) => {
                    self.raw_side(odb, &x, path(&x), true, out)?;
                    i = x.end;
                }
                (std::cmp::Ordering::Greater, _, Some(y)) => {
                    self.raw_side(odb, &y, path(&y), false, out)?;
                    j = y.end;
                }
                (_, Some(x), Some(y)) => {
                    if x.id != y.id && x.file() && y.file() {
                        let (xid, yid) = (x.oid()?, y.oid()?);
                        if x.tree() {
                            self.diff_raw(odb, Some(xid), Some(yid), &format!("{}/", path(&x)), out)?;
                        } else {
                            out.push(Changed {
                                path: path(&x),
                                old: Some(xid.to_string()),
                                new: Some(yid.to_string()),
                            });
                        }
                    }
                    i = x.end;
                    j = y.end;
                }
                _ => return Err(None),
            }
        }
    }

    /// A raw entry on one side only: removed (`old`) or added, with everything below it.
    fn raw_side(
        &self,
        odb: &git2::Odb,
        e: &RawEntry,
        path: String,
        old: bool,
        out: &mut Vec<Changed>,
    ) -> std::result::Result<(), Option<Error>> {
        if !e.file() {
            return Ok(());
        }
        let id = e.oid()?;
        if e.tree() {
            let (a, b) = if old { (Some(id), None) } else { (None, Some(id)) };
            return self.diff_raw(odb, a, b, &format!("{path}/"), out);
        }
        let id = Some(id.to_string());
        out.push(if old { Changed { path, old: id, new: None } } else { Changed { path, old: None, new: id } });
        Ok(())
    }

    /// Appends the files that differ between two trees, in path order. Like
    /// git, it walks both trees' sorted entries side by side and skips every
    /// entry (a whole folder included) whose id is the same on both sides.
    fn diff_trees(&self, old: Option<&Tree>, new: Option<&Tree>, prefix: &str, out: &mut Vec<Changed>) -> Result<()> {
        if let (Some(a), Some(b)) = (old, new)
            && a.id() == b.id()
        {
            return Ok(());
        }
        // Entries by index, compared in place: only entries that differ are copied.
        let (len_a, len_b) = (old.map_or(0, |t| t.len()), new.map_or(0, |t| t.len()));
        let (mut i, mut j) = (0, 0);
        while i < len_a || j < len_b {
            let (x, y) = (old.and_then(|t| t.get(i)), new.and_then(|t| t.get(j)));
            let order = match (&x, &y) {
                (Some(x), Some(y)) => git_order(x.name_bytes(), is_tree(x), y.name_bytes(), is_tree(y)),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match (order, x, y) {
                (std::cmp::Ordering::Less, Some(x), _) => {
                    self.side(&Entry::of(&x), prefix, true, out)?;
                    i += 1;
                }
                (std::cmp::Ordering::Greater, _, Some(y)) => {
                    self.side(&Entry::of(&y), prefix, false, out)?;
                    j += 1;
                }
                (std::cmp::Ordering::Equal, Some(x), Some(y)) => {
                    if x.id() != y.id() && is_file(&x) && is_file(&y) {
                        let (x, y) = (Entry::of(&x), Entry::of(&y));
                        if x.tree {
                            let path = x.path(prefix);
                            let (t1, t2) = (self.tree(x.id)?, self.tree(y.id)?);
                            self.diff_trees(Some(&t1), Some(&t2), &format!("{path}/"), out)?;
                        } else {
                            out.push(Changed {
                                path: x.path(prefix),
                                old: Some(x.id.to_string()),
                                new: Some(y.id.to_string()),
                            });
                        }
                    }
                    i += 1;
                    j += 1;
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// An entry on one side only: removed (`old`) or added, with everything below it.
    fn side(&self, e: &Entry, prefix: &str, old: bool, out: &mut Vec<Changed>) -> Result<()> {
        if !e.file {
            return Ok(());
        }
        let path = e.path(prefix);
        if e.tree {
            let t = self.tree(e.id)?;
            let (a, b) = if old { (Some(&t), None) } else { (None, Some(&t)) };
            return self.diff_trees(a, b, &format!("{path}/"), out);
        }
        let id = Some(e.id.to_string());
        out.push(if old { Changed { path, old: id, new: None } } else { Changed { path, old: None, new: id } });
        Ok(())
    }

    fn tree(&self, id: Oid) -> Result<Tree<'_>> {
        self.repo.find_tree(id).map_err(git_err)
    }

    /// `path → blob id` of every file below `dir` in a commit's tree, without reading blobs.
    pub fn blob_ids(&self, commit: &str, dir: &str) -> Result<Vec<(String, String)>> {
        let tree = self.repo.find_commit(oid(commit)?).and_then(|c| c.tree()).map_err(git_err)?;
        let sub = if dir.is_empty() {
            tree
        } else {
            match tree.get_path(Path::new(dir)) {
                Ok(e) => e.to_object(&self.repo).and_then(|o| o.peel_to_tree()).map_err(git_err)?,
                Err(_) => return Ok(Vec::new()),
            }
        };
        let mut out = Vec::new();
        sub.walk(git2::TreeWalkMode::PreOrder, |parent, entry| {
            if entry.kind() == Some(ObjectType::Blob)
                && let Ok(name) = entry.name()
            {
                out.push((format!("{parent}{name}"), entry.id().to_string()));
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(git_err)?;
        Ok(out)
    }

    /// Another handle on the repository whose git directory is `git_dir`
    /// ([`Repo::git_dir`]), for a worker thread.
    pub fn reopen(git_dir: &Path) -> Result<Repo> {
        git2::Repository::open(git_dir).map(|repo| Repo { repo }).map_err(git_err)
    }

    /// `name target` of each replace ref (`refs/replace/…`), sorted: they
    /// change what a commit's parents and trees are.
    pub fn replace_refs(&self) -> Vec<String> {
        let Ok(refs) = self.repo.references_glob("refs/replace/*") else { return Vec::new() };
        let mut out: Vec<String> = refs
            .filter_map(|r| r.ok())
            .map(|r| format!("{} {}", r.name().unwrap_or(""), r.target().map(|t| t.to_string()).unwrap_or_default()))
            .collect();
        out.sort();
        out
    }

    /// Every commit reachable from HEAD or any ref.
    pub fn reachable(&self) -> Result<std::collections::HashSet<String>> {
        let mut walk = self.repo.revwalk().map_err(git_err)?;
        let _ = walk.push_head();
        // Refs that name something other than a commit (a tag of a tree) are skipped.
        for r in self.repo.references().map_err(git_err)?.flatten() {
            if let Ok(c) = r.peel_to_commit() {
                let _ = walk.push(c.id());
            }
        }
        walk.map(|r| r.map(|o| o.to_string()).map_err(git_err)).collect()
    }

    /// Lets libgit2 keep parsed trees of any size in its object cache, so a
    /// walk that compares each commit with its parent reads every tree once,
    /// and bounds that cache (shared by every handle in the process) so that
    /// large trees do not pile up.
    pub fn cache_large_trees() {
        // Safety: sets process-wide libgit2 options before any object is read.
        unsafe {
            let _ = git2::opts::set_cache_object_limit(ObjectType::Tree, 64 << 20);
            let _ = git2::opts::set_cache_max_size(48 << 20);
        }
    }

    /// The blob id git would give these bytes.
    pub fn hash(bytes: &[u8]) -> String {
        Oid::hash_object(ObjectType::Blob, bytes).map(|o| o.to_string()).unwrap_or_default()
    }
}

/// One entry of a raw tree object: `MODE NAME\0` and the 20-byte id.
struct RawEntry<'a> {
    mode: &'a [u8],
    name: &'a [u8],
    id: &'a [u8],
    /// Where the next entry starts.
    end: usize,
}

impl RawEntry<'_> {
    fn tree(&self) -> bool {
        self.mode == b"40000" || self.mode == b"040000"
    }

    /// A file or folder; `false` for a submodule (mode 160000).
    fn file(&self) -> bool {
        self.mode != b"160000"
    }

    fn oid(&self) -> std::result::Result<Oid, Option<Error>> {
        Oid::from_bytes(self.id).map_err(|_| None)
    }
}

/// The entry of the raw tree `buf` that starts at `at`.
fn raw_entry(buf: &[u8], at: usize) -> Option<RawEntry<'_>> {
    let space = at + memchr::memchr(b' ', &buf[at..])?;
    let nul = space + 1 + memchr::memchr(0, &buf[space + 1..])?;
    let end = nul + 1 + 20;
    (end <= buf.len()).then(|| RawEntry {
        mode: &buf[at..space],
        name: &buf[space + 1..nul],
        id: &buf[nul + 1..end],
        end,
    })
}

/// How many leading bytes `a` and `b` share, compared a block at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut k = 0;
    while k + BLOCK <= n && a[k..k + BLOCK] == b[k..k + BLOCK] {
        k += BLOCK;
    }
    k + a[k..n].iter().zip(&b[k..n]).take_while(|(x, y)| x == y).count()
}

/// A tree entry, as compared by [`Repo::diff_trees`].
struct Entry {
    name: Vec<u8>,
    tree: bool,
    id: Oid,
    /// A file or folder; `false` for a submodule, which holds no product files.
    file: bool,
}

fn is_tree(e: &git2::TreeEntry) -> bool {
    e.kind() == Some(ObjectType::Tree)
}

/// A file or folder; `false` for a submodule, which holds no product files.
fn is_file(e: &git2::TreeEntry) -> bool {
    e.kind() != Some(ObjectType::Commit)
}

impl Entry {
    fn of(e: &git2::TreeEntry) -> Entry {
        Entry { name: e.name_bytes().to_vec(), tree: is_tree(e), id: e.id(), file: is_file(e) }
    }

    fn path(&self, prefix: &str) -> String {
        format!("{prefix}{}", String::from_utf8_lossy(&self.name))
    }
}

/// The order of entries in a git tree: by name, a folder's name read as if it ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    match a[..n].cmp(&b[..n]) {
        std::cmp::Ordering::Equal => {
            let next = |name: &[u8], tree: bool| name.get(n).copied().unwrap_or(if tree { b'/' } else { 0 });
            next(a, a_tree).cmp(&next(b, b_tree)).then(a_tree.cmp(&b_tree))
        }
        other => other,
    }
}

fn oid(id: &str) -> Result<Oid> {
    Oid::from_str(id).map_err(git_err)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use git2::{DiffOptions, Repository, Signature};

    use super::*;

    /// Commits exactly `files` (path, contents) as the whole tree.
    fn commit(repo: &Repository, files: &[(&str, &str)], parent: Option<Oid>) -> Oid {
        let root = repo.workdir().unwrap();
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n != ".git") {
                if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) }.unwrap();
            }
        }
        let mut index = repo.index().unwrap();
        index.clear().unwrap();
        for (path, text) in files {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            index.add_path(Path::new(path)).unwrap();
        }
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::now("t", "t@example.com").unwrap();
        let parents: Vec<git2::Commit> = parent.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(None, &sig, &sig, "c", &tree, &parents).unwrap()
    }

    /// What libgit2's own tree diff reports, as the reference.
    fn reference(repo: &Repository, old: Option<Oid>, new: Oid, dir: &str) -> Vec<Changed> {
        let tree = |c: Oid| repo.find_commit(c).unwrap().tree().unwrap();
        let old = old.map(tree);
        let mut opts = DiffOptions::new();
        if !dir.is_empty() {
            opts.pathspec(format!("{dir}/"));
        }
        let diff = repo.diff_tree_to_tree(old.as_ref(), Some(&tree(new)), Some(&mut opts)).unwrap();
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let id = |f: git2::DiffFile| (!f.id().is_zero()).then(|| f.id().to_string());
        diff.deltas()
            .map(|d| {
                let path = d.new_file().path().or(d.old_file().path()).unwrap().to_string_lossy().into_owned();
                Changed {
                    path: path.strip_prefix(&prefix).unwrap().to_string(),
                    old: id(d.old_file()),
                    new: id(d.new_file()),
                }
            })
            .collect()
    }

    #[test]
    fn changed_files_match_git_tree_diff() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let one = commit(
            &repo,
            &[
                ("a.yaml", "1"),
                ("b/x.yaml", "x"),
                ("b/y.yaml", "y"),
                ("c", "file"),
                ("d-e.yaml", "de"),
                ("d.yaml", "d"),
                ("d/z.yaml", "z"),
                ("d/deep/q.yaml", "q"),
            ],
            None,
        );
        let two = commit(
            &repo,
            &[
                ("a.yaml", "2"),
                ("b/w.yaml", "w"),
                ("b/y.yaml", "y"),
                ("c/k.yaml", "now a folder"),
                ("d.yaml", "d"),
                ("d/z.yaml", "z2"),
                ("d/deep/q.yaml", "q"),
                ("e.yaml", "e"),
            ],
            Some(one),
        );
        let ours = Repo { repo: Repository::open(dir.path()).unwrap() };
        for (old, new) in [(Some(one), two), (Some(two), one), (None, two), (None, one), (Some(one), one)] {
            for folder in ["", "b", "d", "c", "missing"] {
                let got = ours.changed(old.map(|o| o.to_string()).as_deref(), &new.to_string(), folder).unwrap();
                assert_eq!(got, reference(&repo, old, new, folder), "{old:?} → {new} in `{folder}`");
            }
        }
    }
}
