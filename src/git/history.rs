//! Walking history: commits, the ids of trees and blobs at a path, and the
//! files that changed between two trees. Comparing ids first means a commit
//! that did not touch the product costs no parsing at all.

use std::path::Path;

use git2::{Delta, DiffOptions, ObjectType, Oid, Sort};

use super::{Repo, git_err};
use crate::error::{Error, Result};

/// A commit, as history views show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    pub short: String,
    pub author: String,
    pub email: String,
    /// Seconds since the Unix epoch, and the author's offset in minutes.
    pub time: i64,
    pub offset_minutes: i32,
    pub summary: String,
    pub parents: Vec<String>,
}

/// A file that differs between two trees, below the requested folder.
#[derive(Debug, Clone, PartialEq, Eq)]
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
            summary: c.summary().ok().flatten().unwrap_or("").to_string(),
            parents: c.parent_ids().map(|p| p.to_string()).collect(),
        })
    }

    /// Commits reachable from `from` (and not from `exclude`), newest first,
    /// parents after children.
    pub fn walk(&self, from: &str, exclude: Option<&str>) -> Result<Vec<String>> {
        let mut walk = self.repo.revwalk().map_err(git_err)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME).map_err(git_err)?;
        walk.push(oid(from)?).map_err(git_err)?;
        if let Some(x) = exclude {
            walk.hide(oid(x)?).map_err(git_err)?;
        }
        walk.map(|r| r.map(|o| o.to_string()).map_err(git_err)).collect()
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
        let tree = |c: &str| self.repo.find_commit(oid(c)?).and_then(|c| c.tree()).map_err(git_err);
        let old_tree = match old {
            Some(c) => Some(tree(c)?),
            None => None,
        };
        let new_tree = tree(new)?;
        let mut opts = DiffOptions::new();
        if !dir.is_empty() {
            opts.pathspec(format!("{dir}/"));
        }
        let diff = self.repo.diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), Some(&mut opts)).map_err(git_err)?;
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let mut out = Vec::new();
        for delta in diff.deltas() {
            let id = |f: git2::DiffFile| (!f.id().is_zero()).then(|| f.id().to_string());
            let (old_id, new_id) = match delta.status() {
                Delta::Added => (None, id(delta.new_file())),
                Delta::Deleted => (id(delta.old_file()), None),
                _ => (id(delta.old_file()), id(delta.new_file())),
            };
            let path =
                delta.new_file().path().or(delta.old_file().path()).map(|p| p.to_string_lossy().replace('\\', "/"));
            if let Some(rest) = path.as_deref().and_then(|p| p.strip_prefix(&prefix)) {
                out.push(Changed { path: rest.to_string(), old: old_id, new: new_id });
            }
        }
        Ok(out)
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

    /// The blob id git would give these bytes.
    pub fn hash(bytes: &[u8]) -> String {
        Oid::hash_object(ObjectType::Blob, bytes).map(|o| o.to_string()).unwrap_or_default()
    }
}

fn oid(id: &str) -> Result<Oid> {
    Oid::from_str(id).map_err(git_err)
}
