//! New backlog ids: one past the highest id anywhere the team might have
//! used one — the working tree, the index, and every local and
//! remote-tracking branch — so parallel branches rarely collide. Allocation
//! holds an exclusive lock until the new file exists, so concurrent
//! `pm backlog add` processes never get the same id.

use std::path::PathBuf;

use crate::error::{Error, Refusal, Result};
use crate::model::id;

use super::product::Product;
use super::workspace::BACKLOG_DIR;

/// The highest number among file names `<prefix>-<n>.yaml`.
pub(crate) fn max_number<'a>(names: impl IntoIterator<Item = &'a str>, prefix: &str) -> u64 {
    names
        .into_iter()
        .filter_map(|name| name.strip_suffix(".yaml"))
        .filter_map(|stem| id::number(stem, prefix))
        .max()
        .unwrap_or(0)
}

/// An exclusive lock on id allocation for one product, released on drop.
pub(crate) struct IdLock {
    _lock: super::lock::LockFile,
}

fn lock_path(product: &Product) -> PathBuf {
    match &product.repo {
        Some(repo) => repo.git_dir().join("pm-id.lock"),
        None => product.dir.join(".pm-id.lock"),
    }
}

impl IdLock {
    pub(crate) fn acquire(product: &Product) -> Result<IdLock> {
        let path = lock_path(product);
        Ok(IdLock { _lock: super::lock::LockFile::acquire(&path, "id allocation")? })
    }
}

/// The product as it is now, read again under the id lock (unless no pm
/// write has landed since `ws` was read): a write that
/// allocates an id (or creates a file, such as a new OKR cycle) is planned on
/// what the writers before it left, so concurrent additions all succeed
/// instead of colliding on the same id or file.
pub(crate) fn reread<'w>(
    product: &Product,
    ws: &'w super::Workspace,
    _lock: &IdLock,
) -> Result<std::borrow::Cow<'w, super::Workspace>> {
    if ws.is_current(product) {
        return Ok(std::borrow::Cow::Borrowed(ws));
    }
    super::Workspace::load(product, ws.source.clone()).map(std::borrow::Cow::Owned)
}

/// The next free backlog id. Call with an [`IdLock`] held and keep it until
/// the new file is written.
pub(crate) fn next_id(product: &Product, prefix: &str, lock: &IdLock) -> Result<String> {
    next_in(product, BACKLOG_DIR, prefix, lock)
}

/// The rank keys of backlog items written since `ws` was read (files in the
/// backlog folder it does not know), read under the lock that every add
/// holds, so that a new item's rank can be placed after theirs.
pub(crate) fn ranks_added_since(product: &Product, ws: &super::Workspace, _lock: &IdLock) -> Result<Vec<String>> {
    let dir = product.dir.join(BACKLOG_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("cannot read", dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".yaml") else { continue };
        if ws.has_item(stem) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let Ok(value) = super::yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(&text)) else { continue };
        if let Some(key) = value.get("rank").and_then(|r| r.as_str()) {
            out.push(key.to_string());
        }
    }
    Ok(out)
}

/// The next free id for files `<prefix>-<n>.yaml` in the product folder
/// `dir` (`backlog`, `prds`, `experiments`): one past the highest in the
/// working tree, the index and every branch.
pub(crate) fn next_in(product: &Product, dir: &str, prefix: &str, _lock: &IdLock) -> Result<String> {
    let path = product.dir.join(dir);
    let names: Vec<String> = match std::fs::read_dir(&path) {
        Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io("cannot read", path, e)),
    };
    let mut max = max_number(names.iter().map(String::as_str), prefix);
    if let (Some(repo), Some(root)) = (&product.repo, &product.repo_path) {
        let folder = if root.is_empty() { dir.to_string() } else { format!("{root}/{dir}") };
        repo.each_name_on_all_branches(&folder, |name| max = max.max(max_number([name], prefix)))?;
    }
    id::next_after(prefix, [max]).map_err(|message| {
        Refusal::IdsExhausted { backlog: dir == BACKLOG_DIR, prefix: prefix.to_string(), max, message }.into()
    })
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

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn config() -> ProptestConfig {
            ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
        }

        /// File names that `max_number` must ignore for `prefix`, whatever number they carry:
        /// other prefixes (including ones `prefix` is a prefix of, or that are a prefix of it,
        /// and other letter case), hidden files, `atomic::write` temp files, other extensions,
        /// leading zeros, zero, and malformed numbers.
        fn noise(prefix: String) -> impl Strategy<Value = String> {
            let p = prefix.clone();
            let other = "[A-Za-z]{1,11}".prop_filter("another prefix", move |o| *o != p);
            let n = 1u64..=u64::MAX;
            prop_oneof![
                (other, n.clone()).prop_map(|(o, n)| format!("{o}-{n}.yaml")),
                (Just(prefix.clone()), "[A-Z]{1,2}", n.clone()).prop_map(|(p, x, n)| format!("{p}{x}-{n}.yaml")),
                (Just(prefix.clone()), n.clone()).prop_map(|(p, n)| format!("{}-{n}.yaml", &p[..p.len() - 1])),
                (Just(prefix.clone()), n.clone())
                    .prop_filter("changed case", |(p, _)| p.to_lowercase() != *p)
                    .prop_map(|(p, n)| format!("{}-{n}.yaml", p.to_lowercase())),
                (Just(prefix.clone()), n.clone()).prop_map(|(p, n)| format!(".{p}-{n}.yaml")),
                (Just(prefix.clone()), n.clone(), any::<u32>(), any::<u8>())
                    .prop_map(|(p, n, pid, c)| format!(".{p}-{n}.yaml.{pid}.{c}.pm-tmp")),
                (
                    Just(prefix.clone()),
                    n.clone(),
                    prop_oneof![Just(".yml"), Just(".YAML"), Just(".yaml~"), Just(".yaml.bak"), Just(""), Just(".md")]
                )
                    .prop_map(|(p, n, ext)| format!("{p}-{n}{ext}")),
                (Just(prefix.clone()), n.clone(), 1usize..4)
                    .prop_map(|(p, n, z)| format!("{p}-{}{n}.yaml", "0".repeat(z))),
                Just(prefix.clone()).prop_map(|p| format!("{p}-0.yaml")),
                (
                    Just(prefix.clone()),
                    prop_oneof![
                        Just(""),
                        Just("+1"),
                        Just(" 1"),
                        Just("1 "),
                        Just("1a"),
                        Just("-1"),
                        Just("1.5"),
                        Just("1-copy"),
                        Just("x")
                    ]
                )
                    .prop_map(|(p, bad)| format!("{p}-{bad}.yaml")),
                (Just(prefix), n).prop_map(|(p, n)| format!("{p}{n}.yaml")),
                "[ -~]{0,12}".prop_filter("no yaml suffix", |s| !s.ends_with(".yaml")),
            ]
        }

        /// A prefix, the numbers used with it, and those names shuffled in among noise.
        fn names() -> impl Strategy<Value = (String, Vec<u64>, Vec<String>)> {
            "[A-Z]{1,10}".prop_flat_map(|prefix| {
                let numbers = proptest::collection::vec(prop_oneof![1u64..20, 1u64..100_000, 1u64..=u64::MAX], 0..8);
                let noise = proptest::collection::vec(noise(prefix.clone()), 0..12);
                (Just(prefix), numbers, noise).prop_flat_map(|(prefix, numbers, noise)| {
                    let mut all: Vec<String> = numbers.iter().map(|n| format!("{prefix}-{n}.yaml")).collect();
                    all.extend(noise);
                    (Just(prefix), Just(numbers), Just(all).prop_shuffle())
                })
            })
        }

        proptest! {
            #![proptest_config(config())]

            #[test]
            fn max_number_is_the_highest_real_id((prefix, numbers, names) in names()) {
                let expected = numbers.iter().copied().max().unwrap_or(0);
                prop_assert_eq!(max_number(names.iter().map(String::as_str), &prefix), expected);
            }

            #[test]
            fn max_number_ignores_order(
                ((prefix, _, names), shuffled) in names().prop_flat_map(|t| {
                    let names = t.2.clone();
                    (Just(t), Just(names).prop_shuffle())
                }),
                reversed in any::<bool>(),
            ) {
                let mut other = shuffled;
                if reversed {
                    other = names.iter().rev().cloned().collect();
                }
                prop_assert_eq!(
                    max_number(names.iter().map(String::as_str), &prefix),
                    max_number(other.iter().map(String::as_str), &prefix)
                );
            }
        }
    }
}
