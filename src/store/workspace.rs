//! A Workspace: every artifact of the product as read from one Source, with
//! its path and raw text, plus the problems found while reading.

use std::collections::HashMap;

use crate::error::{Error, Position, Result};
use crate::model::{Config, Item, id};

use super::product::{CONFIG_FILE, Product};
use super::source::Source;

/// A parsed artifact file.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    /// Path below the product folder, `/`-separated (`backlog/BL-1.yaml`).
    pub path: String,
    /// The file's text exactly as read.
    pub text: String,
    pub value: T,
}

/// A file that could not be read as the artifact it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: String,
    pub position: Option<Position>,
    pub message: String,
}

pub struct Workspace {
    pub source: Source,
    pub config: Doc<Config>,
    /// Backlog items in id order.
    pub items: Vec<Doc<Item>>,
    /// Files that failed to load; the rest of the workspace is still usable.
    pub problems: Vec<Problem>,
    by_id: HashMap<String, usize>,
}

pub const BACKLOG_DIR: &str = "backlog";

impl Workspace {
    pub fn load(product: &Product, source: Source) -> Result<Workspace> {
        let files = source.files(product)?;
        let mut config = None;
        let mut raw_items = Vec::new();
        let mut problems = Vec::new();
        for (path, bytes) in files {
            if path == CONFIG_FILE {
                config = Some((path, bytes));
            } else if let Some(name) = path.strip_prefix("backlog/")
                && name.ends_with(".yaml")
                && !name.contains('/')
            {
                raw_items.push((path, bytes));
            }
        }
        let (config_path, config_bytes) = config.ok_or_else(|| Error::Parse {
            path: product.display(CONFIG_FILE),
            position: None,
            message: match &source {
                Source::WorkTree => "the product's pm.yaml is missing".to_string(),
                Source::Index => "pm.yaml is not in the git index".to_string(),
                Source::Rev(rev) => format!("pm.yaml does not exist at revision `{rev}`"),
            },
        })?;
        let config = parse_config(&config_path, config_bytes).map_err(|p| Error::Parse {
            path: product.display(&p.path),
            position: p.position,
            message: p.message,
        })?;

        let mut items = Vec::with_capacity(raw_items.len());
        for (path, bytes) in raw_items {
            match parse::<Item>(&path, bytes) {
                Ok(doc) => items.push(doc),
                Err(p) => problems.push(p),
            }
        }
        let prefix = config.value.id_prefix.clone();
        items.sort_by(|a, b| {
            let key = |d: &Doc<Item>| (id::number(&d.value.id, &prefix).unwrap_or(u64::MAX), d.value.id.clone());
            key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path))
        });
        let mut by_id = HashMap::with_capacity(items.len());
        for (i, doc) in items.iter().enumerate() {
            by_id.entry(doc.value.id.clone()).or_insert(i);
        }
        Ok(Workspace { source, config, items, problems, by_id })
    }

    pub fn prefix(&self) -> &str {
        &self.config.value.id_prefix
    }

    pub fn get(&self, id: &str) -> Option<&Doc<Item>> {
        self.by_id.get(id).map(|&i| &self.items[i])
    }

    /// The item with this id (typed by a user: `bl-7` works), or a
    /// not-found error that suggests the closest ids.
    pub fn item(&self, input: &str) -> Result<&Doc<Item>> {
        let normalized = id::normalize(input, self.prefix());
        if let Some(doc) = normalized.as_deref().and_then(|id| self.get(id)) {
            return Ok(doc);
        }
        if normalized.is_none() {
            return Err(Error::usage(format!("`{input}` is not a backlog id"))
                .with_hint(format!("backlog ids look like {}-12", self.prefix())));
        }
        let wanted = normalized.unwrap_or_default();
        let suggestions = id::closest(&wanted, self.items.iter().map(|d| d.value.id.as_str()));
        Err(Error::NotFound { noun: "backlog item", id: wanted, suggestions })
    }

    /// Whether the item is closed (its status is in the `done` category).
    /// Unknown ids count as open.
    pub fn is_closed(&self, id: &str) -> bool {
        self.get(id).is_some_and(|d| self.config.value.is_closed(d.value.status()))
    }

    /// Items whose parent is `id`.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Doc<Item>> + 'a {
        self.items.iter().filter(move |d| d.value.parent.as_deref() == Some(id))
    }

    /// Items that list `id` in `blocked_by`.
    pub fn blocked<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Doc<Item>> + 'a {
        self.items.iter().filter(move |d| d.value.blocked_by.iter().any(|b| b == id))
    }

    /// Every (item, field) that refers to `id`.
    pub fn references_to<'a>(&'a self, id: &'a str) -> Vec<(&'a Doc<Item>, &'static str)> {
        let mut out = Vec::new();
        for doc in &self.items {
            for (field, target) in doc.value.backlog_refs() {
                if target == id && doc.value.id != id {
                    out.push((doc, field));
                }
            }
        }
        out
    }

    /// Ready: not closed, and nothing in `blocked_by` still open.
    pub fn is_ready(&self, item: &Item) -> bool {
        !self.config.value.is_closed(item.status()) && item.blocked_by.iter().all(|b| self.is_closed(b))
    }
}

/// Decodes a file's bytes: UTF-8, with a leading byte-order mark ignored.
pub(crate) fn decode(path: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..offset]), offset);
        Problem {
            path: path.to_string(),
            position: Some(Position { line, column }),
            message: "the file is not valid UTF-8".to_string(),
        }
    })?;
    Ok(text)
}

fn line_col(prefix: &str, _offset: usize) -> (usize, usize) {
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses one artifact file into `T`.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(path: &str, bytes: Vec<u8>) -> Result<Doc<T>, Problem> {
    let text = decode(path, bytes)?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match yaml_serde::from_str::<T>(body) {
        Ok(value) => Ok(Doc { path: path.to_string(), text, value }),
        Err(e) => Err(Problem {
            path: path.to_string(),
            position: e.location().map(|l| Position { line: l.line(), column: l.column() }),
            message: yaml_message(&e),
        }),
    }
}

/// yaml_serde appends " at line L column C" to its messages; the position is
/// reported separately, so it is dropped from the text.
fn yaml_message(e: &yaml_serde::Error) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn parse_config(path: &str, bytes: Vec<u8>) -> Result<Doc<Config>, Problem> {
    let doc = parse::<Config>(path, bytes)?;
    let problems = doc.value.problems();
    if let Some(first) = problems.into_iter().next() {
        return Err(Problem { path: path.to_string(), position: None, message: first });
    }
    Ok(doc)
}
