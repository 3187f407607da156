//! Backlog operations: adding, querying, editing, moving, ranking, removing
//! and renumbering items. Every write is validated against the configuration
//! and the rest of the workspace before a byte reaches the disk.

use std::collections::HashSet;

use crate::check::{self, schema::SchemaKind};
use crate::error::{Error, Result};
use crate::model::backlog::FIELDS;
use crate::model::config::{Category, Severity};
use crate::model::{Date, Item, ItemType, id, rank};
use crate::store::edit::{self, Edit, NewValue, render_scalar};
use crate::store::ids::{self, IdLock};
use crate::store::templates::{self, TemplateKind};
use crate::store::{Doc, Product, Workspace, atomic};

use super::fields::{self, FieldOp};

// ---------------------------------------------------------------- validation

/// Parses `text` as an item and refuses it if `pm check` would report
/// errors in it that `before` did not already have: an edit may leave old
/// problems alone, never add new ones.
fn validate(ws: &Workspace, path: &str, text: &str, before: Option<&Doc<Item>>) -> Result<Item> {
    let errors = |t: &str| -> Vec<String> {
        check::check_item_text(ws, path, t)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| match &d.help {
                Some(help) => format!("{}: {} — {help}", d.rule, d.message),
                None => format!("{}: {}", d.rule, d.message),
            })
            .collect()
    };
    let old: HashSet<String> = before.map(|b| errors(&b.text).into_iter().collect()).unwrap_or_default();
    let new: Vec<String> = errors(text).into_iter().filter(|p| !old.contains(p)).collect();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let item = crate::store::yaml::parse(body).ok().and_then(|v| Item::deserialize_value(&v).ok());
    match item {
        Some(item) if new.is_empty() => Ok(item),
        item => {
            let subject = item.map_or_else(|| path.to_string(), |i| i.id);
            let problems =
                if new.is_empty() { vec!["the file cannot be read as a backlog item".to_string()] } else { new };
            Err(Error::Invalid { subject: format!("{subject} (nothing written)"), problems })
        }
    }
}

/// Writes an item's new text, unless its file changed since it was read.
fn write_doc(product: &Product, doc: &Doc<Item>, new_text: &str) -> Result<()> {
    atomic::write_if_unchanged(&product.path_for_write(&doc.path)?, doc.text.as_bytes(), new_text.as_bytes())
}

/// Applies edits to a document's text, keeping a byte-order mark if it had one.
fn apply(product: &Product, doc: &Doc<Item>, edits: &[Edit]) -> Result<String> {
    let (bom, body) = match doc.text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", doc.text.as_str()),
    };
    let edited = edit::apply(body, edits).map_err(|e| Error::Refused {
        message: format!("cannot edit {}: {e}", product.display(&doc.path).display()),
        hint: Some(format!("edit the file by hand with `pm backlog edit {}`", doc.value.id)),
    })?;
    Ok(format!("{bom}{edited}"))
}

/// Rank keys are written quoted, so that a key of digits stays a string.
fn quoted_rank(key: &str) -> NewValue {
    NewValue::Raw(format!("\"{key}\""))
}

fn require_work_tree(ws: &Workspace) -> Result<()> {
    if ws.source.is_work_tree() {
        Ok(())
    } else {
        Err(Error::usage("changes are made in the working tree only").with_hint("drop --at / --staged"))
    }
}

// ---------------------------------------------------------------- add

/// What a new item starts with. Values are as typed on the command line.
#[derive(Debug, Default, Clone)]
pub struct NewItem {
    pub title: String,
    pub fields: Vec<(String, String)>,
    pub labels: Vec<String>,
    pub blocked_by: Vec<String>,
    pub key_results: Vec<String>,
    pub acceptance_criteria: Vec<String>,
    /// A backlog template (`story`, `bug`, `epic`, or the team's) for the fields not given.
    pub template: Option<String>,
}

/// A template value as the text after `key:` in a new file.
fn template_value(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value as V;
    Some(match v {
        V::String(s) if s.contains('\n') => {
            let body: Vec<String> =
                s.trim_end_matches('\n').lines().map(|l| format!("  {l}").trim_end().to_string()).collect();
            format!("|\n{}", body.join("\n"))
        }
        V::String(s) => render_scalar(s, false),
        V::Number(n) => n.to_string(),
        V::Bool(b) => b.to_string(),
        V::Array(items) if items.iter().all(|i| i.is_string()) => {
            if items.is_empty() {
                "[]".to_string()
            } else {
                items.iter().filter_map(|i| i.as_str()).map(|i| format!("\n  - {}", render_scalar(i, false))).collect()
            }
        }
        _ => return None,
    })
}

/// Adds an item and returns it as written.
pub fn add(product: &Product, ws: &Workspace, new: &NewItem, today: Date) -> Result<Doc<Item>> {
    require_work_tree(ws)?;
    let config = &ws.config.value;
    if new.title.trim().is_empty() {
        return Err(Error::usage("the title is empty"));
    }
    // Render every value first: a typo fails before the id lock is taken.
    let mut values: Vec<(String, String)> = Vec::new();
    let mut put = |field: String, value: NewValue| {
        let text = match value {
            NewValue::Str(s) => render_scalar(&s, false),
            NewValue::Raw(r) => r,
            map @ NewValue::Map(_) => edit::render_inline(&map).unwrap_or_default(),
        };
        match values.iter_mut().find(|(f, _)| *f == field) {
            Some(slot) => slot.1 = text,
            None => values.push((field, text)),
        }
    };
    put("title".into(), NewValue::Str(new.title.clone()));
    put("status".into(), NewValue::Str(config.initial_status().to_string()));
    for (field, raw) in &new.fields {
        let field = fields::canonical(field);
        if field == "status" {
            let status = raw.trim();
            if config.step(status).is_none() {
                return Err(Error::usage(format!(
                    "status: `{status}` is not one of {}",
                    config.statuses().collect::<Vec<_>>().join(", ")
                )));
            }
            put(field, NewValue::Str(status.to_string()));
            continue;
        }
        if matches!(field.as_str(), "id" | "created" | "updated") {
            return Err(Error::usage(format!("`{field}` is set by pm")));
        }
        put(field.clone(), fields::value(&field, raw, config)?);
    }
    let lists = [("labels", &new.labels), ("blocked_by", &new.blocked_by), ("key_results", &new.key_results)];
    for (field, entries) in lists {
        if !entries.is_empty() {
            put(field.into(), fields::value(field, &entries.join(","), config)?);
        }
    }
    if !new.acceptance_criteria.is_empty() {
        let block: Vec<String> =
            new.acceptance_criteria.iter().map(|c| format!("\n  - {}", render_scalar(c, false))).collect();
        put("acceptance_criteria".into(), NewValue::Raw(block.concat()));
    }
    let bottom = ws.items.iter().filter_map(|d| d.value.rank.as_deref()).filter(|k| rank::is_valid(k)).max();
    let key = rank::between(bottom, None).unwrap_or_else(|| "i".to_string());
    put("rank".into(), quoted_rank(&key));
    put("created".into(), NewValue::Raw(today.to_string()));
    put("updated".into(), NewValue::Raw(today.to_string()));
    if let Some(name) = &new.template {
        let template = templates::get(product, TemplateKind::Backlog, name)?;
        let parsed = crate::store::yaml::parse(&template.text).map_err(|e| Error::Refused {
            message: format!("the template `{name}` ({}) is not valid YAML: {}", template.source, e.message),
            hint: None,
        })?;
        let Some(map) = parsed.as_object() else {
            return Err(Error::refused(format!(
                "the template `{name}` ({}) is not a mapping of fields",
                template.source
            )));
        };
        for (key, value) in map {
            if matches!(key.as_str(), "id" | "title" | "rank" | "created" | "updated") {
                continue;
            }
            if values.iter().any(|(f, _)| f == key) {
                continue;
            }
            let key = key.clone();
            let text = template_value(value).ok_or_else(|| {
                Error::refused(format!(
                    "the template `{name}` has a value for `{key}` that pm cannot copy (nested mappings)"
                ))
            })?;
            values.push((key, text));
        }
    }

    let lock = IdLock::acquire(product)?;
    let id = ids::next_id(product, ws.prefix(), &lock)?;
    let rel = format!("backlog/{id}.yaml");
    let text = render_item(&id, &rel, &values);
    let item = validate(ws, &rel, &text, None)?;
    let path = product.path_for_write(&rel)?;
    if let Some(parent) = path.parent() {
        atomic::create_dir_all(parent)?;
    }
    atomic::create_new(&path, text.as_bytes())?;
    drop(lock);
    Ok(Doc { path: rel, text, value: item })
}

/// The text of a new item file: known fields in schema order, then the rest.
fn render_item(id: &str, rel: &str, values: &[(String, String)]) -> String {
    let mut out = SchemaKind::BacklogItem.modeline(rel);
    out.push_str(&format!("id: {id}\n"));
    let known = FIELDS.iter().filter_map(|f| values.iter().find(|(k, _)| k == f));
    let custom = values.iter().filter(|(k, _)| !FIELDS.contains(&k.as_str()));
    for (field, text) in known.chain(custom) {
        if text.starts_with('\n') {
            out.push_str(&format!("{field}:{text}\n"));
        } else {
            out.push_str(&format!("{field}: {text}\n"));
        }
    }
    out
}

// ---------------------------------------------------------------- list

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Rank,
    Priority,
    Rice,
    Ice,
    Wsjf,
    Created,
    Updated,
    Id,
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub statuses: Vec<String>,
    pub types: Vec<ItemType>,
    pub labels: Vec<String>,
    pub owners: Vec<String>,
    pub parent: Option<String>,
    pub priorities: Vec<String>,
    pub milestone: Option<String>,
    pub text: Option<String>,
    pub ready: bool,
}

/// The items matching `filter`, sorted.
pub fn list<'a>(ws: &'a Workspace, filter: &Filter, sort: SortKey, reverse: bool) -> Result<Vec<&'a Doc<Item>>> {
    let config = &ws.config.value;
    for status in &filter.statuses {
        if config.step(status).is_none() {
            return Err(Error::usage(format!(
                "`{status}` is not a status: use one of {}",
                config.statuses().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    let needle = filter.text.as_ref().map(|t| t.to_lowercase());
    let mut out: Vec<&Doc<Item>> = ws
        .items
        .iter()
        .filter(|d| {
            let i = &d.value;
            (filter.statuses.is_empty() || filter.statuses.iter().any(|s| s == i.status()))
                && (filter.types.is_empty() || i.kind.is_some_and(|k| filter.types.contains(&k)))
                && filter.labels.iter().all(|l| i.labels.contains(l))
                && (filter.owners.is_empty() || i.owner.as_ref().is_some_and(|o| filter.owners.contains(o)))
                && filter.parent.as_ref().is_none_or(|p| i.parent.as_ref() == Some(p))
                && (filter.priorities.is_empty() || i.priority.as_ref().is_some_and(|p| filter.priorities.contains(p)))
                && filter.milestone.as_ref().is_none_or(|m| i.milestone.as_ref() == Some(m))
                && needle.as_ref().is_none_or(|n| {
                    i.title.to_lowercase().contains(n)
                        || i.description.as_ref().is_some_and(|d| d.to_lowercase().contains(n))
                        || i.id.to_lowercase() == *n
                })
                && (!filter.ready || ws.is_ready(i))
        })
        .collect();
    sort_items(ws, &mut out, sort);
    if reverse {
        out.reverse();
    }
    Ok(out)
}

/// Sorts by `key`; ties and missing values fall back to rank, then id.
pub fn sort_items(ws: &Workspace, items: &mut [&Doc<Item>], key: SortKey) {
    let config = &ws.config.value;
    let prefix = ws.prefix();
    let num = |d: &Doc<Item>| id::number(&d.value.id, prefix).unwrap_or(u64::MAX);
    fn rank_of(d: &Doc<Item>, num: u64) -> (bool, Option<&str>, u64) {
        (d.value.rank.is_none(), d.value.rank.as_deref(), num)
    }
    let desc = |v: Option<f64>| v.map_or(f64::INFINITY, |x| -x);
    let priority = |d: &Doc<Item>| {
        let values = config.priority_scheme.values();
        d.value.priority.as_ref().and_then(|p| values.iter().position(|v| v == p)).unwrap_or(values.len())
    };
    items.sort_by(|a, b| {
        let primary = match key {
            SortKey::Rank => std::cmp::Ordering::Equal,
            SortKey::Priority => priority(a).cmp(&priority(b)),
            SortKey::Rice => desc(a.value.rice_score()).total_cmp(&desc(b.value.rice_score())),
            SortKey::Ice => desc(a.value.ice_score(config)).total_cmp(&desc(b.value.ice_score(config))),
            SortKey::Wsjf => desc(a.value.wsjf_score()).total_cmp(&desc(b.value.wsjf_score())),
            SortKey::Created => {
                a.value.created.is_none().cmp(&b.value.created.is_none()).then(a.value.created.cmp(&b.value.created))
            }
            SortKey::Updated => {
                a.value.updated.is_none().cmp(&b.value.updated.is_none()).then(a.value.updated.cmp(&b.value.updated))
            }
            SortKey::Id => num(a).cmp(&num(b)),
        };
        primary.then_with(|| rank_of(a, num(a)).cmp(&rank_of(b, num(b))))
    });
}

// ---------------------------------------------------------------- show

/// One item with everything related to it.
pub struct Details<'a> {
    pub doc: &'a Doc<Item>,
    pub children: Vec<&'a Doc<Item>>,
    pub blocked_by: Vec<Related<'a>>,
    pub blocks: Vec<&'a Doc<Item>>,
    pub ready: bool,
}

/// A referenced item, which may not exist.
pub struct Related<'a> {
    pub id: &'a str,
    pub doc: Option<&'a Doc<Item>>,
}

pub fn details<'a>(ws: &'a Workspace, input: &str) -> Result<Details<'a>> {
    let doc = ws.item(input)?;
    let id = doc.value.id.as_str();
    let mut children: Vec<_> = ws.children(id).collect();
    sort_items(ws, &mut children, SortKey::Rank);
    let blocked_by = doc.value.blocked_by.iter().map(|b| Related { id: b, doc: ws.get(b) }).collect();
    let blocks = ws.blocked(id).collect();
    Ok(Details { doc, children, blocked_by, blocks, ready: ws.is_ready(&doc.value) })
}

// ---------------------------------------------------------------- edit

/// Applies field changes to an item, sets `updated`, and writes it.
/// Returns the new document, or `None` if nothing changed.
pub fn edit(product: &Product, ws: &Workspace, input: &str, ops: &[FieldOp], today: Date) -> Result<Option<Doc<Item>>> {
    require_work_tree(ws)?;
    let doc = ws.item(input)?;
    let mut edits = ops.iter().map(|op| fields::to_edit(op, &ws.config.value)).collect::<Result<Vec<_>>>()?;
    let changed = apply(product, doc, &edits)?;
    if changed == doc.text {
        return Ok(None);
    }
    edits.push(Edit::Set { path: vec!["updated".into()], value: NewValue::Raw(today.to_string()) });
    let text = apply(product, doc, &edits)?;
    let item = validate(ws, &doc.path, &text, Some(doc))?;
    write_doc(product, doc, &text)?;
    Ok(Some(Doc { path: doc.path.clone(), text, value: item }))
}

/// Validates a whole new text for an item (from the editor) and writes it.
pub fn replace_text(product: &Product, ws: &Workspace, input: &str, text: &str) -> Result<Option<Doc<Item>>> {
    require_work_tree(ws)?;
    let doc = ws.item(input)?;
    if text == doc.text {
        return Ok(None);
    }
    let item = validate(ws, &doc.path, text, Some(doc))?;
    if item.id != doc.value.id {
        return Err(Error::Invalid {
            subject: format!("{} (nothing written)", doc.value.id),
            problems: vec![format!("id: changed to {}; use `pm backlog renumber` to change an id", item.id)],
        });
    }
    write_doc(product, doc, text)?;
    Ok(Some(Doc { path: doc.path.clone(), text: text.to_string(), value: item }))
}

// ---------------------------------------------------------------- move

pub enum Moved {
    Done { from: String, to: String },
    Unchanged,
}

/// Moves an item to `status`, enforcing the workflow unless `force`.
pub fn move_to(
    product: &Product,
    ws: &Workspace,
    input: &str,
    status: &str,
    force: bool,
    today: Date,
) -> Result<Moved> {
    require_work_tree(ws)?;
    let config = &ws.config.value;
    let doc = ws.item(input)?;
    let item = &doc.value;
    let from = item.status().to_string();
    let Some(step) = config.step(status) else {
        return Err(Error::usage(format!(
            "`{status}` is not a status: use one of {}",
            config.statuses().collect::<Vec<_>>().join(", ")
        )));
    };
    if from == status {
        return Ok(Moved::Unchanged);
    }
    if !force && !config.allows(&from, status) {
        let next = config.step(&from).map(|s| s.next.join(", ")).unwrap_or_default();
        let hint = if next.is_empty() {
            format!("`{from}` is not in the workflow; use --force to move anyway")
        } else {
            format!("from {from} an item can move to: {next}; use --force to override")
        };
        return Err(Error::Refused {
            message: format!("cannot move {} from {from} to {status}", item.id),
            hint: Some(hint),
        });
    }
    if !force && step.category == Category::Done && status != "wont_do" {
        let open: Vec<String> = ws
            .children(&item.id)
            .chain(item.blocked_by.iter().filter_map(|b| ws.get(b)))
            .filter(|d| !config.is_closed(d.value.status()))
            .map(|d| format!("{} ({})", d.value.id, d.value.status()))
            .collect();
        if !open.is_empty() {
            return Err(Error::Refused {
                message: format!("cannot close {}: it still has open work: {}", item.id, open.join(", ")),
                hint: Some("close the children and blockers first, or use --force".to_string()),
            });
        }
    }
    let edits = [
        Edit::Set { path: vec!["status".into()], value: NewValue::Str(status.to_string()) },
        Edit::Set { path: vec!["updated".into()], value: NewValue::Raw(today.to_string()) },
    ];
    let text = apply(product, doc, &edits)?;
    validate(ws, &doc.path, &text, Some(doc))?;
    write_doc(product, doc, &text)?;
    Ok(Moved::Done { from, to: status.to_string() })
}

// ---------------------------------------------------------------- rank

#[derive(Debug, Clone)]
pub enum Place {
    Before(String),
    After(String),
    Top,
    Bottom,
}

/// Gives an item a rank key at `place`, changing only its own file. Returns the new key.
pub fn rank(product: &Product, ws: &Workspace, input: &str, place: &Place) -> Result<String> {
    require_work_tree(ws)?;
    let doc = ws.item(input)?;
    let me = doc.value.id.as_str();
    let mut keys: Vec<&str> = ws
        .items
        .iter()
        .filter(|d| d.value.id != me)
        .filter_map(|d| d.value.rank.as_deref())
        .filter(|k| rank::is_valid(k))
        .collect();
    keys.sort_unstable();
    let anchor_key = |other: &str| -> Result<&str> {
        let other_doc = ws.item(other)?;
        if other_doc.value.id == me {
            return Err(Error::usage("an item cannot be ranked relative to itself"));
        }
        match other_doc.value.rank.as_deref() {
            Some(k) if rank::is_valid(k) => Ok(k),
            _ => Err(Error::Refused {
                message: format!("{} has no valid rank", other_doc.value.id),
                hint: Some(format!("rank it first: pm backlog rank {} --bottom", other_doc.value.id)),
            }),
        }
    };
    let (lo, hi) = match place {
        Place::Top => (None, keys.first().copied()),
        Place::Bottom => (keys.last().copied(), None),
        Place::Before(other) => {
            let k = anchor_key(other)?;
            (keys.iter().rev().find(|x| **x < k).copied(), Some(k))
        }
        Place::After(other) => {
            let k = anchor_key(other)?;
            (Some(k), keys.iter().find(|x| **x > k).copied())
        }
    };
    let key = rank::between(lo, hi).ok_or_else(|| Error::refused("no rank key fits there"))?;
    let text = apply(product, doc, &[Edit::Set { path: vec!["rank".into()], value: quoted_rank(&key) }])?;
    validate(ws, &doc.path, &text, Some(doc))?;
    write_doc(product, doc, &text)?;
    Ok(key)
}

// ---------------------------------------------------------------- rm

/// Removes an item's file. Refused while other items refer to it, unless
/// `force`; returns the references left dangling.
pub fn remove(product: &Product, ws: &Workspace, input: &str, force: bool) -> Result<(String, Vec<String>)> {
    require_work_tree(ws)?;
    let doc = ws.item(input)?;
    let id = doc.value.id.clone();
    let refs: Vec<String> = ws.references_to(&id).into_iter().map(|r| format!("{} ({})", r.from, r.field())).collect();
    if !refs.is_empty() && !force {
        return Err(Error::Refused {
            message: format!("{id} is referenced by {}", refs.join(", ")),
            hint: Some("remove those references first, or use --force to leave them dangling".to_string()),
        });
    }
    let path = product.dir.join(&doc.path);
    atomic::remove(&path)?;
    Ok((id, refs))
}

// ---------------------------------------------------------------- renumber

pub struct Renumbered {
    pub from: String,
    pub to: String,
    /// Items whose references were rewritten.
    pub rewritten: Vec<String>,
}

/// Moves an item to a new id and rewrites every reference to it.
pub fn renumber(product: &Product, ws: &Workspace, input: &str, to: Option<&str>) -> Result<Renumbered> {
    require_work_tree(ws)?;
    let doc = ws.item(input)?;
    let from = doc.value.id.clone();
    let lock = IdLock::acquire(product)?;
    let to = match to {
        Some(wanted) => {
            let id = id::normalize(wanted, ws.prefix())
                .ok_or_else(|| Error::usage(format!("`{wanted}` is not a backlog id")))?;
            if ws.get(&id).is_some() || product.dir.join(format!("backlog/{id}.yaml")).exists() {
                return Err(Error::refused(format!("{id} already exists")));
            }
            id
        }
        None => ids::next_id(product, ws.prefix(), &lock)?,
    };
    if to == from {
        return Err(Error::usage(format!("{from} already has that id")));
    }
    let new_rel = format!("backlog/{to}.yaml");
    let text = apply(product, doc, &[Edit::Set { path: vec!["id".into()], value: NewValue::Str(to.clone()) }])?;
    atomic::create_new(&product.path_for_write(&new_rel)?, text.as_bytes())?;
    drop(lock);

    // Rewrite each reference in place, file by file: only the id changes.
    let mut by_file: Vec<(String, String, Vec<Edit>)> = Vec::new();
    for r in ws.references_to(&from) {
        let edit = Edit::Set { path: r.pointer.clone(), value: NewValue::Str(to.clone()) };
        match by_file.iter_mut().find(|(path, _, _)| *path == r.path) {
            Some((_, _, edits)) => edits.push(edit),
            None => by_file.push((r.path.clone(), r.from.clone(), vec![edit])),
        }
    }
    let mut rewritten = Vec::new();
    for (path, owner, edits) in by_file {
        let Some(current) = ws.text_of(&path) else { continue };
        let (bom, body) = match current.strip_prefix('\u{feff}') {
            Some(b) => ("\u{feff}", b),
            None => ("", current.as_str()),
        };
        let text = edit::apply(body, &edits).map_err(|e| Error::Refused {
            message: format!("cannot rewrite the reference in {}: {e}", product.display(&path).display()),
            hint: None,
        })?;
        atomic::write_if_unchanged(
            &product.path_for_write(&path)?,
            current.as_bytes(),
            format!("{bom}{text}").as_bytes(),
        )?;
        rewritten.push(owner);
    }
    let old = product.dir.join(&doc.path);
    atomic::remove(&old)?;
    Ok(Renumbered { from, to, rewritten })
}

// ---------------------------------------------------------------- board and score

/// How the board groups items into columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    Status,
    Priority,
    Owner,
}

/// Columns of the board, in workflow (or priority) order, each sorted by rank.
pub fn board(ws: &Workspace, group: GroupBy) -> Vec<(String, Vec<&Doc<Item>>)> {
    let config = &ws.config.value;
    let mut columns: Vec<(String, Vec<&Doc<Item>>)> = match group {
        GroupBy::Status => config.statuses().map(|s| (s.to_string(), Vec::new())).collect(),
        GroupBy::Priority => config.priority_scheme.values().iter().map(|p| (p.to_string(), Vec::new())).collect(),
        GroupBy::Owner => {
            let mut owners: Vec<String> = ws.items.iter().filter_map(|d| d.value.owner.clone()).collect();
            owners.sort();
            owners.dedup();
            owners.into_iter().map(|o| (o, Vec::new())).collect()
        }
    };
    let none = "(none)".to_string();
    for doc in &ws.items {
        let key = match group {
            GroupBy::Status => doc.value.status.clone(),
            GroupBy::Priority => doc.value.priority.clone(),
            GroupBy::Owner => doc.value.owner.clone(),
        }
        .unwrap_or_else(|| none.clone());
        match columns.iter_mut().find(|(k, _)| *k == key) {
            Some((_, items)) => items.push(doc),
            None => columns.push((key, vec![doc])),
        }
    }
    for (_, items) in &mut columns {
        sort_items(ws, items, SortKey::Rank);
    }
    columns
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    #[default]
    Rice,
    Ice,
    Wsjf,
}

/// Open items that carry inputs for `scheme`, best score first.
pub fn scored(ws: &Workspace, scheme: Scheme, include_closed: bool) -> Vec<&Doc<Item>> {
    let config = &ws.config.value;
    let mut items: Vec<&Doc<Item>> = ws
        .items
        .iter()
        .filter(|d| include_closed || !config.is_closed(d.value.status()))
        .filter(|d| match scheme {
            Scheme::Rice => d.value.rice.is_some(),
            Scheme::Ice => d.value.ice.is_some(),
            Scheme::Wsjf => d.value.wsjf.is_some(),
        })
        .collect();
    let key = match scheme {
        Scheme::Rice => SortKey::Rice,
        Scheme::Ice => SortKey::Ice,
        Scheme::Wsjf => SortKey::Wsjf,
    };
    sort_items(ws, &mut items, key);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_new_items_in_schema_order() {
        let values = vec![
            ("title".to_string(), "Pay".to_string()),
            ("team".to_string(), "web".to_string()),
            ("status".to_string(), "new".to_string()),
            ("acceptance_criteria".to_string(), "\n  - one\n  - two".to_string()),
            ("labels".to_string(), "[a, b]".to_string()),
        ];
        assert_eq!(
            render_item("BL-3", "backlog/BL-3.yaml", &values),
            "# yaml-language-server: $schema=../schemas/backlog-item.schema.json\nid: BL-3\ntitle: Pay\nstatus: new\nlabels: [a, b]\nacceptance_criteria:\n  - one\n  - two\nteam: web\n"
        );
    }
}
