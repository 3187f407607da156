//! The only module that talks to git (through libgit2). It opens the
//! repository the way git itself would (honouring `GIT_DIR` and
//! `GIT_INDEX_FILE`, as pre-commit hooks set them) and reads trees, the index
//! and refs by path; it never parses artifact files.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Repository, RepositoryOpenFlags, TreeWalkMode, TreeWalkResult};

use crate::error::{Error, Result};

mod history;

pub(crate) use history::{Changed, Commit};

/// A file read from git: its path below the requested folder, and its bytes.
pub(crate) type File = (String, Vec<u8>);

pub struct Repo {
    repo: Repository,
}

pub(crate) fn git_err(e: git2::Error) -> Error {
    use git2::ErrorClass;
    // Every error reading an object (missing, cut short, not inflatable) points at `git fsck`.
    let hint = match (e.class(), e.code()) {
        (ErrorClass::Odb, git2::ErrorCode::NotFound) => {
            Some("the repository is missing an object it refers to: `git fsck` lists what is damaged")
        }
        (ErrorClass::Odb | ErrorClass::Zlib, _) => {
            Some("an object in the repository is damaged: `git fsck` lists what is damaged")
        }
        _ => None,
    };
    Error::Git { message: e.message().to_string(), hint: hint.map(str::to_string) }
}

impl Repo {
    /// The repository containing `path`, or `None` when there is none.
    pub fn discover(path: &Path) -> Result<Option<Repo>> {
        // Like git, read objects without hashing each one again: libgit2
        // checks every object it reads by default, which made walking the
        // trees of a large product's history several times slower than `git
        // log`. Damage is still found by `git fsck`, and a missing object is
        // still an error.
        git2::opts::strict_hash_verification(false);
        let flags = RepositoryOpenFlags::FROM_ENV;
        match Repository::open_ext(path, flags, std::iter::empty::<&std::ffi::OsStr>()) {
            Ok(repo) => Ok(Some(Repo { repo })),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(git_err(e)),
        }
    }

    /// The working tree's root, unless the repository is bare.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// The `.git` directory.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// Where git looks for hooks: `core.hooksPath` if set, else `hooks/` in the common git directory.
    pub fn hooks_dir(&self) -> PathBuf {
        if let Ok(path) = self.repo.config().and_then(|c| c.get_path("core.hooksPath")) {
            if path.is_absolute() {
                return path;
            }
            if let Some(workdir) = self.workdir() {
                return workdir.join(path);
            }
        }
        self.repo.commondir().join("hooks")
    }

    fn index(&self) -> Result<git2::Index> {
        match std::env::var_os("GIT_INDEX_FILE") {
            Some(path) => git2::Index::open(Path::new(&path)).map_err(git_err),
            None => self.repo.index().map_err(git_err),
        }
    }

    fn resolve_tree(&self, rev: &str) -> Result<git2::Tree<'_>> {
        let object = self.repo.revparse_single(rev).map_err(|_| Error::Usage {
            message: format!("unknown revision `{rev}`"),
            hint: Some("give a branch, tag or commit that `git log` shows".to_string()),
        })?;
        object.peel_to_tree().map_err(|_| Error::usage(format!("revision `{rev}` does not name a commit or tree")))
    }

    /// Every file below `dir` (a `/`-separated path relative to the
    /// repository root) at revision `rev`. Symbolic links are skipped.
    pub fn files_at(&self, rev: &str, dir: &str) -> Result<Vec<File>> {
        let root = self.resolve_tree(rev)?;
        let tree = if dir.is_empty() {
            root
        } else {
            let entry = root
                .get_path(Path::new(dir))
                .map_err(|_| Error::usage(format!("the product folder `{dir}` does not exist at revision `{rev}`")))?;
            entry
                .to_object(&self.repo)
                .and_then(|o| o.peel_to_tree())
                .map_err(|_| Error::usage(format!("`{dir}` is not a folder at revision `{rev}`")))?
        };
        let mut blobs = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |parent, entry| {
            if entry.kind() == Some(ObjectType::Blob)
                && entry.filemode() != 0o120000
                && let Ok(name) = entry.name()
            {
                blobs.push((format!("{parent}{name}"), entry.id()));
            }
            TreeWalkResult::Ok
        })
        .map_err(git_err)?;
        blobs
            .into_iter()
            .map(|(path, oid)| Ok((path, self.repo.find_blob(oid).map_err(git_err)?.content().to_vec())))
            .collect()
    }

    /// Every file below `dir` as staged in the index (stage 0 only: a file
    /// with unresolved conflicts is read from its "ours" side).
    pub fn files_in_index(&self, dir: &str) -> Result<Vec<File>> {
        self.index_entries(dir)?
            .into_iter()
            .map(|(path, id)| Ok((path, self.repo.find_blob(id).map_err(git_err)?.content().to_vec())))
            .collect()
    }

    /// The paths below `dir` (relative to it) that the index holds unmerged:
    /// a merge conflict not resolved yet (entries of stages 1 to 3).
    pub fn unmerged(&self, dir: &str) -> Result<Vec<String>> {
        let index = self.index()?;
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let mut out: Vec<String> = index
            .iter()
            .filter(|e| (e.flags >> 12) & 0x3 != 0)
            .filter_map(|e| String::from_utf8_lossy(&e.path).strip_prefix(&prefix).map(str::to_string))
            .collect();
        out.dedup();
        Ok(out)
    }

    /// `path → blob id` of every file below `dir` in the index, without reading blobs.
    pub fn index_blob_ids(&self, dir: &str) -> Result<Vec<(String, String)>> {
        Ok(self.index_entries(dir)?.into_iter().map(|(path, id)| (path, id.to_string())).collect())
    }

    /// The regular files below `dir` in the index, relative to `dir`, with
    /// their blob ids. Links are left out; of a conflicted file only the
    /// "ours" side (stage 2) is kept.
    fn index_entries(&self, dir: &str) -> Result<Vec<(String, git2::Oid)>> {
        let index = self.index()?;
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let mut out = Vec::new();
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            let stage = (entry.flags >> 12) & 0x3;
            if entry.mode == 0o120000 || (stage != 0 && stage != 2) {
                continue;
            }
            if let Some(rest) = path.strip_prefix(&prefix) {
                out.push((rest.to_string(), entry.id));
            }
        }
        Ok(out)
    }

    /// Calls `f` with the name of every entry directly inside `dir` in the
    /// index and at the tip of every local and remote-tracking branch. Only
    /// tree entries are read, never file contents.
    pub fn each_name_on_all_branches(&self, dir: &str, mut f: impl FnMut(&str)) -> Result<()> {
        let prefix = format!("{dir}/");
        let index = self.index()?;
        // The index is sorted by path: start at the folder and stop after it.
        let start = index.find_prefix(Path::new(&prefix)).unwrap_or(index.len());
        for i in start..index.len() {
            let Some(entry) = index.get(i) else { break };
            let Some(rest) = entry.path.strip_prefix(prefix.as_bytes()) else { break };
            if !rest.contains(&b'/')
                && let Ok(name) = std::str::from_utf8(rest)
            {
                f(name);
            }
        }
        let branches = self.repo.branches(None).map_err(git_err)?;
        for branch in branches {
            let (branch, _) = branch.map_err(git_err)?;
            let Ok(tree) = branch.get().peel_to_tree() else { continue };
            let Ok(entry) = tree.get_path(Path::new(dir)) else { continue };
            let Ok(sub) = entry.to_object(&self.repo).and_then(|o| o.peel_to_tree()) else { continue };
            for e in sub.iter() {
                if let Ok(name) = std::str::from_utf8(e.name_bytes()) {
                    f(name);
                }
            }
        }
        Ok(())
    }

    /// `path` relative to the working tree root, `/`-separated, if it lies inside it.
    pub fn relative_to_workdir(&self, path: &Path) -> Option<String> {
        let workdir = self.workdir()?.canonicalize().ok()?;
        let rel: PathBuf = path.canonicalize().ok()?.strip_prefix(&workdir).ok()?.to_path_buf();
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Some(parts.join("/"))
    }
}
