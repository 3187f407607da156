//! What each import source said at its last import, per item: the base of
//! the three-way merge that lets a re-import change only what the source
//! changed since. Kept in the product's state folder (`.git/pm/`, or the
//! cache folder outside git), one file per kind of source. A missing,
//! unreadable or foreign file is an empty record, never an error: the merge
//! then keeps every local value that differs and reports it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Result;

use super::Product;

/// Field values as the source gave them (mapped onto the product), by
/// lower-cased `source_id`.
pub(crate) type Bases = BTreeMap<String, BTreeMap<String, String>>;

const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    items: Bases,
}

fn path(product: &Product, source: &str) -> std::path::PathBuf {
    product.state_dir().join(format!("import-{source}.json"))
}

/// The record of `source` (`jira`, `linear`, ...).
pub(crate) fn load(product: &Product, source: &str) -> Bases {
    std::fs::read(path(product, source))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<File>(&bytes).ok())
        .filter(|f| f.format == FORMAT)
        .map(|f| f.items)
        .unwrap_or_default()
}

/// Replaces the record of `source`, atomically.
pub(crate) fn save(product: &Product, source: &str, items: &Bases) -> Result<()> {
    let path = path(product, source);
    if let Some(dir) = path.parent() {
        super::atomic::create_dir_all(dir)?;
    }
    let file = File { format: FORMAT, items: items.clone() };
    let bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    super::atomic::write(&path, &bytes)
}
