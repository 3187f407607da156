//! Loading two Workspaces to compare, at the cost of what changed: blob ids
//! (from trees, the index, or hashes of working files) say which files
//! differ, and only those are parsed.

use std::collections::HashMap;

use crate::error::Result;
use crate::git::Repo;

use super::product::{CONFIG_FILE, Product};
use super::source::Source;
use super::workspace::Workspace;

/// `path → blob id` for every file of the product in a source.
fn ids(product: &Product, source: &Source) -> Result<HashMap<String, String>> {
    Ok(match source {
        Source::WorkTree => source.files(product)?.into_iter().map(|(p, bytes)| (p, Repo::hash(&bytes))).collect(),
        Source::Index => {
            let (repo, dir) = product.repo_dir()?;
            repo.index_blob_ids(dir)?.into_iter().collect()
        }
        Source::Rev(rev) => {
            let (repo, dir) = product.repo_dir()?;
            let commit = repo.commit_id(rev)?;
            repo.blob_ids(&commit, dir)?.into_iter().collect()
        }
    })
}

/// The bytes of one file in a source, read by blob id where git has it.
fn read(product: &Product, source: &Source, rel: &str, id: &str) -> Result<Vec<u8>> {
    match source {
        Source::WorkTree => Ok(source.read(product, rel)?.unwrap_or_default()),
        _ => product.repo()?.blob(id),
    }
}

/// The files that differ between two sources, each side holding only those
/// files and its pm.yaml: enough for a semantic diff of what changed.
pub(crate) fn load_changed(
    product: &Product,
    base: &Source,
    head: &Source,
) -> Result<(Workspace, Workspace, Vec<String>)> {
    let (a, b) = (ids(product, base)?, ids(product, head)?);
    let mut changed: Vec<String> = a.keys().chain(b.keys()).filter(|p| a.get(*p) != b.get(*p)).cloned().collect();
    changed.sort();
    changed.dedup();
    let side = |source: &Source, map: &HashMap<String, String>| -> Result<Workspace> {
        let mut files = Vec::new();
        if let Some(id) = map.get(CONFIG_FILE) {
            files.push((CONFIG_FILE.to_string(), read(product, source, CONFIG_FILE, id)?));
        }
        for rel in changed.iter().filter(|p| p.ends_with(".yaml") && p.as_str() != CONFIG_FILE) {
            if let Some(id) = map.get(rel) {
                files.push((rel.clone(), read(product, source, rel, id)?));
            }
        }
        Workspace::from_files(source.clone(), files)
    };
    Ok((side(base, &a)?, side(head, &b)?, changed))
}

/// `(base, head)`, both complete: the head is loaded in full and the base
/// derived from it by re-reading only the files that differ. The files that
/// differ are listed in the returned vector (paths below the product folder).
pub(crate) fn load_pair(
    product: &Product,
    base: &Source,
    head: &Source,
) -> Result<(Workspace, Workspace, Vec<String>)> {
    let head_ws = Workspace::load(product, head.clone())?;
    let (a, b) = (ids(product, base)?, ids(product, head)?);
    let mut changed: Vec<String> = a.keys().chain(b.keys()).filter(|p| a.get(*p) != b.get(*p)).cloned().collect();
    changed.sort();
    changed.dedup();
    if changed.iter().any(|p| p == CONFIG_FILE) {
        return Ok((Workspace::load(product, base.clone())?, head_ws, changed));
    }
    let mut base_ws = head_ws.clone();
    base_ws.source = base.clone();
    let mut files = Vec::new();
    for rel in changed.iter().filter(|p| p.ends_with(".yaml")) {
        let bytes = match a.get(rel) {
            Some(id) => Some(read(product, base, rel, id)?),
            None => None,
        };
        files.push((rel.clone(), bytes));
    }
    base_ws.set_files(files);
    Ok((base_ws, head_ws, changed))
}

/// The product files the next commit changes: those whose staged blob
/// differs from HEAD's (every staged file when there is no commit yet).
pub(crate) fn staged_changes(product: &Product) -> Result<Vec<String>> {
    let staged = ids(product, &Source::Index)?;
    let repo = product.repo()?;
    let head = if repo.has_commits() { ids(product, &Source::Rev("HEAD".into()))? } else { HashMap::new() };
    let mut changed: Vec<String> =
        staged.keys().chain(head.keys()).filter(|p| staged.get(*p) != head.get(*p)).cloned().collect();
    changed.sort();
    changed.dedup();
    Ok(changed)
}
