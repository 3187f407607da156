//! Backlog operations: adding, querying, editing, moving, ranking, removing
//! and renumbering items. Every write is validated against the configuration
//! and the rest of the workspace before a byte reaches the disk.

use std::collections::HashMap;

use crate::check::schema::SchemaKind;
use crate::error::{Error, Refusal, Result};
use crate::model::backlog::FIELDS;
use crate::model::config::Category;
use crate::model::kind::Kind;
use crate::model::{Date, Item, ItemType, id, rank};
use crate::store::edit::{self, Edit, NewValue, render_scalar};
use crate::store::ids::{self, IdLock};
use crate::store::templates::{self, TemplateKind};
use crate::store::{Doc, Product, Workspace};

use super::fields::{self, FieldOp};
use super::write::{self, Change};

/// The item a text describes, for returning what was written.
fn item_of(rel: &str, text: &str) -> Result<Doc<Item>> {
    let value = write::parsed(text);
    let item = Item::deserialize_value(&value).map_err(|e| Error::Invalid {
        subject: format!("{rel} (nothing written)"),
        problems: vec![format!("the file cannot be read as a backlog item: {e}")],
    })?;
    Ok(Doc { path: rel.to_string(), text: text.to_string(), value: item })
}

/// Rank keys are written quoted, so that a key of digits stays a string.
fn quoted_rank(key: &str) -> NewValue {
    NewValue::Raw(format!("\"{key}\""))
}

// ---------------------------------------------------------------- add

/// What a new item starts with. Values are as typed on the command line.
#[derive(Debug, Default, Clone)]
pub(crate) struct NewItem {
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
pub(crate) fn add(product: &Product, ws: &Workspace, new: &NewItem, today: Date) -> Result<Doc<Item>> {
    write::require_work_tree(ws)?;
    let config = &ws.config.value;
    if new.title.trim().is_empty() {
        return Err(Error::usage("the title is empty"));
    }
    // Render every value first: a typo fails before the id lock is taken.
    let mut values: Vec<(String, String)> = Vec::new();
    let mut put = |field: String, value: NewValue| {
        let text = render_inline(&value);
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
        if field == "description" && raw.contains('\n') {
            // Several lines stay readable as a literal block.
            let body: Vec<String> =
                raw.trim_end_matches('\n').lines().map(|l| format!("  {l}").trim_end().to_string()).collect();
            put(field, NewValue::Raw(format!("|\n{}", body.join("\n"))));
            continue;
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

    // The id and the rank are both chosen under the lock, the rank after the
    // items that other processes added since this workspace was read, so
    // parallel adds never share either.
    let lock = IdLock::acquire(product)?;
    let id = ids::next_id(product, ws.prefix(), &lock)?;
    let mut keys: Vec<String> = ids::ranks_added_since(product, ws, &lock)?;
    keys.extend(ws.items.iter().filter_map(|d| d.value.rank.clone()));
    let bottom = keys.iter().map(String::as_str).filter(|k| rank::is_valid(k)).max();
    let key = rank::after(bottom).unwrap_or_else(|| "i".to_string());
    values.push(("rank".into(), render_inline(&quoted_rank(&key))));
    let rel = format!("backlog/{id}.yaml");
    let text = render_item(&id, &rel, &values);
    write::commit(product, ws, vec![Change::create(&rel, text.clone())])?;
    drop(lock);
    item_of(&rel, &text)
}

fn render_inline(value: &NewValue) -> String {
    match value {
        NewValue::Str(s) => render_scalar(s, false),
        NewValue::Raw(r) => r.clone(),
        map @ (NewValue::Map(_) | NewValue::Seq(_)) => edit::render_inline(map).unwrap_or_default(),
    }
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
pub(crate) enum SortKey {
    #[default]
    Rank,
    Priority,
    Rice,
    Ice,
    Wsjf,
    Created,
    Updated,
    Id,
    /// The demand of customer evidence (DOMAIN.md §9), highest first.
    Demand,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Filter {
    pub statuses: Vec<String>,
    pub types: Vec<ItemType>,
    pub labels: Vec<String>,
    pub owners: Vec<String>,
    pub parent: Option<String>,
    pub priorities: Vec<String>,
    pub milestone: Option<String>,
    /// An iteration id, or `current` until [`super::iteration::resolve_filter`] names it.
    pub iteration: Option<String>,
    pub text: Option<String>,
    pub ready: bool,
    /// Only items some feedback of this customer asks for (with their descendants').
    pub requested_by: Option<String>,
    /// Only items some feedback of this segment asks for.
    pub segment: Option<String>,
}

/// The items matching `filter`, sorted.
pub(crate) fn list<'a>(ws: &'a Workspace, filter: &Filter, sort: SortKey, reverse: bool) -> Result<Vec<&'a Doc<Item>>> {
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
    let requested_by = filter.requested_by.as_deref().map(|c| super::customer::find(ws, c)).transpose()?;
    let evidence = (requested_by.is_some() || filter.segment.is_some()).then(|| super::feedback::Index::new(ws));
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
                && filter.iteration.as_ref().is_none_or(|it| i.iteration.as_ref() == Some(it))
                && needle.as_ref().is_none_or(|n| {
                    i.title.to_lowercase().contains(n)
                        || i.description.as_ref().is_some_and(|d| d.to_lowercase().contains(n))
                        || i.id.to_lowercase() == *n
                })
                && (!filter.ready || ws.is_ready(i))
                && evidence.as_ref().is_none_or(|index| {
                    index.item_requested(&i.id, requested_by.map(|(_, c)| c.id.as_str()), filter.segment.as_deref())
                })
        })
        .collect();
    sort_items(ws, &mut out, sort);
    if reverse {
        out.reverse();
    }
    Ok(out)
}

/// Sorts by `key`; ties and missing values fall back to rank, then id.
pub(crate) fn sort_items(ws: &Workspace, items: &mut [&Doc<Item>], key: SortKey) {
    let config = &ws.config.value;
    let prefix = ws.prefix();
    let num = |d: &Doc<Item>| id::number(&d.value.id, prefix).unwrap_or(u64::MAX);
    fn rank_of(d: &Doc<Item>, num: u64) -> (bool, Option<&str>, u64) {
        (d.value.rank.is_none(), d.value.rank.as_deref(), num)
    }
    let desc = |v: Option<f64>| v.map_or(f64::INFINITY, |x| -x);
    let demand: HashMap<&str, f64> = if key == SortKey::Demand {
        let index = super::feedback::Index::new(ws);
        items.iter().map(|d| (d.value.id.as_str(), index.item(&d.value.id).score)).collect()
    } else {
        HashMap::new()
    };
    let priority = |d: &Doc<Item>| {
        let values = config.priority_scheme.values();
        d.value.priority.as_ref().and_then(|p| values.iter().position(|v| v == p)).unwrap_or(values.len())
    };
    // Ids are parsed once, not at every comparison.
    let nums: Vec<u64> = items.iter().map(|d| num(d)).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (items[i], items[j]);
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
            SortKey::Id => nums[i].cmp(&nums[j]),
            SortKey::Demand => {
                let of = |d: &Doc<Item>| demand.get(d.value.id.as_str()).copied().filter(|v| *v > 0.0);
                desc(of(a)).total_cmp(&desc(of(b)))
            }
        };
        primary.then_with(|| rank_of(a, nums[i]).cmp(&rank_of(b, nums[j])))
    });
    let sorted: Vec<&Doc<Item>> = order.into_iter().map(|i| items[i]).collect();
    items.copy_from_slice(&sorted);
}

// ---------------------------------------------------------------- show

/// One item with everything related to it.
pub(crate) struct Details<'a> {
    pub doc: &'a Doc<Item>,
    pub children: Vec<&'a Doc<Item>>,
    pub blocked_by: Vec<Related<'a>>,
    pub blocks: Vec<&'a Doc<Item>>,
    pub ready: bool,
    /// The demand of the customer evidence behind it (with its descendants').
    pub demand: crate::model::feedback::Demand,
    /// That evidence: the feedback, and the item it links (this one or a descendant) with its importance.
    pub evidence: Vec<(&'a Doc<crate::model::feedback::Feedback>, String, i64)>,
}

/// A referenced item, which may not exist.
pub(crate) struct Related<'a> {
    pub id: &'a str,
    pub doc: Option<&'a Doc<Item>>,
}

pub(crate) fn details<'a>(ws: &'a Workspace, input: &str) -> Result<Details<'a>> {
    let doc = ws.item(input)?;
    let id = doc.value.id.as_str();
    let mut children: Vec<_> = ws.children(id).collect();
    sort_items(ws, &mut children, SortKey::Rank);
    let blocked_by = doc.value.blocked_by.iter().map(|b| Related { id: b, doc: ws.get(b) }).collect();
    let blocks = ws.blocked(id).collect();
    let index = super::feedback::Index::new(ws);
    let demand = index.item(id);
    let evidence = index
        .item_links(id)
        .into_iter()
        .filter_map(|(to, e)| Some((ws.feedback_doc(e.feedback)?, to, e.importance)))
        .collect();
    Ok(Details { doc, children, blocked_by, blocks, ready: ws.is_ready(&doc.value), demand, evidence })
}

// ---------------------------------------------------------------- selection

/// The conditions of `--where FIELD=VALUE` (repeatable; all must hold), as
/// `pm backlog list` filters.
pub(crate) fn filter_from_where(clauses: &[String]) -> Result<Filter> {
    let mut filter = Filter::default();
    for clause in clauses {
        let (field, value) = fields::parse_assignment(clause)
            .map_err(|_| Error::usage(format!("--where `{clause}` is not FIELD=VALUE")))?;
        let value = value.trim().to_string();
        if value.is_empty() {
            return Err(Error::usage(format!("--where `{clause}` has no value")));
        }
        match fields::canonical(&field).as_str() {
            "status" => filter.statuses.push(value.to_ascii_lowercase()),
            "type" => filter.types.push(
                ItemType::parse(&value.to_ascii_lowercase())
                    .ok_or_else(|| Error::usage(format!("--where type: `{value}` is not an item type")))?,
            ),
            "labels" => filter.labels.push(value),
            "owner" => filter.owners.push(value),
            "parent" => filter.parent = Some(value.to_ascii_uppercase()),
            "priority" => filter.priorities.push(value.to_ascii_lowercase()),
            "milestone" => filter.milestone = Some(value.to_ascii_uppercase()),
            "iteration" => filter.iteration = Some(value.to_ascii_uppercase()),
            "text" => filter.text = Some(value),
            "ready" if value == "true" => filter.ready = true,
            "ready" => {
                return Err(Error::usage(format!(
                    "--where ready=`{value}`: only ready=true selects (the items `backlog list --ready` shows)"
                )));
            }
            other => {
                return Err(Error::usage(format!("--where cannot filter on `{other}`")).with_hint(
                    "filter on status, type, label, owner, parent, priority, milestone, iteration, text or ready=true",
                ));
            }
        }
    }
    Ok(filter)
}

/// The items named by `ids` and those matching `filter`, each once, in the
/// order named (then in rank order). Refused when nothing is selected.
pub(crate) fn select<'a>(ws: &'a Workspace, ids: &[String], filter: Option<&Filter>) -> Result<Vec<&'a Doc<Item>>> {
    let mut out: Vec<&Doc<Item>> = Vec::new();
    for input in ids {
        let doc = ws.item(input)?;
        if !out.iter().any(|d| d.path == doc.path) {
            out.push(doc);
        }
    }
    if let Some(filter) = filter {
        for doc in list(ws, filter, SortKey::Rank, false)? {
            if !out.iter().any(|d| d.path == doc.path) {
                out.push(doc);
            }
        }
        if out.is_empty() {
            return Err(Error::refused("no item matches the --where conditions"));
        }
    }
    if out.is_empty() {
        return Err(Error::usage("name at least one item, or select items with --where FIELD=VALUE"));
    }
    Ok(out)
}

/// One item's part of a write: its id, what changes, for the one line
/// printed per item, and the file change.
#[derive(Debug)]
pub(crate) struct Planned {
    pub id: String,
    pub note: String,
    pub change: Change,
}

/// Writes the planned changes as one transaction (all or none), unless `dry_run`.
pub(crate) fn apply_plans(product: &Product, ws: &Workspace, plans: &[Planned], dry_run: bool) -> Result<()> {
    let changes: Vec<Change> = plans.iter().map(|p| p.change.clone()).collect();
    if dry_run {
        write::require_work_tree(ws)?;
        write::validate(product, ws, &changes)
    } else {
        write::commit(product, ws, changes)
    }
}

// ---------------------------------------------------------------- edit

/// The change of one item's fields, with `updated` stamped; `None` when
/// nothing would change.
pub(crate) fn plan_edit(
    product: &Product,
    ws: &Workspace,
    doc: &Doc<Item>,
    ops: &[FieldOp],
    today: Date,
) -> Result<Option<Planned>> {
    let edits = write::field_edits(product, ws, Kind::Backlog, &doc.path, &doc.text, &[], ops)?;
    let Some(text) = write::edit_text(product, Kind::Backlog, &doc.path, &doc.text, &[], &edits, today)? else {
        return Ok(None);
    };
    let fields: Vec<String> = ops
        .iter()
        .map(|op| match op {
            FieldOp::Set(f, v) => format!("{f}={v}"),
            FieldOp::Unset(f) => format!("-{f}"),
            FieldOp::Add(f, v) => format!("+{f}={v}"),
            FieldOp::Remove(f, v) => format!("-{f}={v}"),
        })
        .collect();
    Ok(Some(Planned {
        id: doc.value.id.clone(),
        note: fields.join(", "),
        change: Change::replace(&doc.path, doc.text.clone(), text),
    }))
}

/// Applies field changes to an item, sets `updated`, and writes it.
/// Returns the new document, or `None` if nothing changed.
pub(crate) fn edit(
    product: &Product,
    ws: &Workspace,
    input: &str,
    ops: &[FieldOp],
    today: Date,
) -> Result<Option<Doc<Item>>> {
    write::require_work_tree(ws)?;
    let doc = ws.item(input)?;
    let Some(plan) = plan_edit(product, ws, doc, ops, today)? else { return Ok(None) };
    let text = plan.change.after.clone().unwrap_or_default();
    write::commit(product, ws, vec![plan.change])?;
    Ok(Some(item_of(&doc.path, &text)?))
}

/// Checks a whole new text for an item (from the editor) as a flag edit is
/// checked — the id stays, a status change follows the workflow unless
/// `force`, `updated` is stamped — and writes it. `None` when unchanged.
pub(crate) fn replace_text(
    product: &Product,
    ws: &Workspace,
    input: &str,
    text: &str,
    force: bool,
    today: Date,
) -> Result<Option<Doc<Item>>> {
    write::require_work_tree(ws)?;
    let doc = ws.item(input)?;
    if text == doc.text {
        return Ok(None);
    }
    let text = write::edited_text(product, Kind::Backlog, &doc.value.id, &doc.path, &doc.text, text, today)?;
    let new = write::parsed(&text);
    match new.get("status").and_then(|v| v.as_str()) {
        Some(to) if to != doc.value.status() => check_move(ws, doc, to, force, &[])?,
        Some(_) => {}
        // A removed status would leave the item outside the workflow.
        None if new.is_object() => {
            return Err(Refusal::StatusRemoved { kind: Kind::Backlog, id: doc.value.id.clone() }.into());
        }
        None => {}
    }
    write::commit(product, ws, vec![Change::replace(&doc.path, doc.text.clone(), text.clone())])?;
    Ok(Some(item_of(&doc.path, &text)?))
}

// ---------------------------------------------------------------- move

/// Refuses a move of `doc` to `status` that the workflow does not allow
/// (unless `force`), and closing it while its children or blockers are open
/// (those in `moving`, which move to the same status, count as closed).
fn check_move(ws: &Workspace, doc: &Doc<Item>, status: &str, force: bool, moving: &[&str]) -> Result<()> {
    let config = &ws.config.value;
    let item = &doc.value;
    let from = item.status().to_string();
    let Some(step) = config.step(status) else {
        return Err(Error::usage(format!(
            "`{status}` is not a status: use one of {}",
            config.statuses().collect::<Vec<_>>().join(", ")
        )));
    };
    if !force && !config.allows(&from, status) {
        return Err(Refusal::IllegalTransition {
            kind: Kind::Backlog,
            id: item.id.clone(),
            allowed: config.step(&from).map(|s| s.next.clone()).unwrap_or_default(),
            from,
            to: status.to_string(),
            edited: false,
        }
        .into());
    }
    if !force && step.category == Category::Done && status != "wont_do" {
        let open: Vec<String> = ws
            .children(&item.id)
            .chain(item.blocked_by.iter().filter_map(|b| ws.get(b)))
            .filter(|d| !config.is_closed(d.value.status()) && !moving.contains(&d.value.id.as_str()))
            .map(|d| format!("{} ({})", d.value.id, d.value.status()))
            .collect();
        if !open.is_empty() {
            return Err(Refusal::OpenWork { id: item.id.clone(), open }.into());
        }
    }
    Ok(())
}

/// The change that moves each of `docs` to `status`; items already there are left out.
/// Where a move goes and how strictly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MoveTo<'a> {
    pub status: &'a str,
    /// Past the workflow's rules.
    pub force: bool,
    /// Starting an item with open blockers is refused, not warned about.
    pub strict: bool,
    pub today: Date,
}

/// Starting an item (moving it to an in-progress status) while an item it
/// waits for is open gives a warning in `warnings`, or, with `strict`, a
/// refusal.
pub(crate) fn plan_moves(
    product: &Product,
    ws: &Workspace,
    docs: &[&Doc<Item>],
    to: &MoveTo,
    warnings: &mut Vec<String>,
) -> Result<Vec<Planned>> {
    let MoveTo { status, force, strict, today } = *to;
    let moving: Vec<&str> = docs.iter().map(|d| d.value.id.as_str()).collect();
    let mut out = Vec::new();
    for doc in docs {
        let from = doc.value.status().to_string();
        if from == status {
            if ws.config.value.step(status).is_none() {
                check_move(ws, doc, status, force, &moving)?;
            }
            continue;
        }
        check_move(ws, doc, status, force, &moving)?;
        let config = &ws.config.value;
        let starts = config.step(status).is_some_and(|s| s.category == Category::InProgress);
        let open: Vec<String> = doc
            .value
            .blocked_by
            .iter()
            .filter_map(|b| ws.get(b))
            .filter(|d| !config.is_closed(d.value.status()) && !moving.contains(&d.value.id.as_str()))
            .map(|d| format!("{} ({})", d.value.id, d.value.status()))
            .collect();
        if starts && !open.is_empty() {
            let warning = format!("{} is waiting for {}", doc.value.id, open.join(", "));
            if strict {
                return Err(Error::refused(format!("cannot start {}: {warning}", doc.value.id))
                    .with_hint("finish the blockers first, or move without --strict"));
            }
            warnings.push(warning);
        }
        let edits = [
            Edit::Set { path: vec!["status".into()], value: NewValue::Str(status.to_string()) },
            Edit::Set { path: vec!["updated".into()], value: NewValue::Raw(today.to_string()) },
        ];
        let text = write::apply(product, &doc.path, &doc.text, &edits)?;
        out.push(Planned {
            id: doc.value.id.clone(),
            note: format!("{from} → {status}"),
            change: Change::replace(&doc.path, doc.text.clone(), text),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------- rank

#[derive(Debug, Clone)]
pub(crate) enum Place {
    Before(String),
    After(String),
    Top,
    Bottom,
}

/// The change that sets one item's rank key.
fn rank_change(product: &Product, doc: &Doc<Item>, key: &str) -> Result<Planned> {
    let text = write::apply(
        product,
        &doc.path,
        &doc.text,
        &[Edit::Set { path: vec!["rank".into()], value: quoted_rank(key) }],
    )?;
    Ok(Planned {
        id: doc.value.id.clone(),
        note: format!("rank {} → {key}", doc.value.rank.as_deref().unwrap_or("(none)")),
        change: Change::replace(&doc.path, doc.text.clone(), text),
    })
}

/// Places `docs`, in the order given, at `place`: consecutive keys there,
/// changing only their own files — unless the keys there would grow past
/// [`rank::MAX_LEN`], when neighbours around the spot are re-spaced in the
/// same transaction (their lines say so).
pub(crate) fn plan_rank(product: &Product, ws: &Workspace, docs: &[&Doc<Item>], place: &Place) -> Result<Vec<Planned>> {
    let moving: Vec<&str> = docs.iter().map(|d| d.value.id.as_str()).collect();
    // The other items in rank order, with valid keys.
    let mut others: Vec<&Doc<Item>> = ws
        .items
        .iter()
        .filter(|d| !moving.contains(&d.value.id.as_str()))
        .filter(|d| d.value.rank.as_deref().is_some_and(rank::is_valid))
        .collect();
    others.sort_by(|a, b| a.value.rank.cmp(&b.value.rank));
    let anchor = |other: &str| -> Result<usize> {
        let other_doc = ws.item(other)?;
        if moving.contains(&other_doc.value.id.as_str()) {
            return Err(Error::usage("an item cannot be ranked relative to itself"));
        }
        others
            .iter()
            .position(|d| d.path == other_doc.path)
            .ok_or_else(|| Refusal::Unranked { id: other_doc.value.id.clone() }.into())
    };
    let at = match place {
        Place::Top => 0,
        Place::Bottom => others.len(),
        Place::Before(other) => anchor(other)?,
        Place::After(other) => anchor(other)? + 1,
    };
    if let [doc] = docs {
        // One item: its key between its new neighbours, or, where keys there
        // would grow too long, neighbours around the spot re-spaced.
        let keys: Vec<&str> = others.iter().filter_map(|d| d.value.rank.as_deref()).collect();
        let fits = doc.value.rank.as_deref().is_some_and(|k| {
            rank::is_valid(k) && at.checked_sub(1).is_none_or(|i| keys[i] < k) && keys.get(at).is_none_or(|h| k < *h)
        });
        if fits {
            return Ok(Vec::new());
        }
        let plan = rank::insert(&keys, at);
        let mut out = vec![rank_change(product, doc, &plan.key)?];
        for (index, key) in &plan.respaced {
            let mut change = rank_change(product, others[*index], key)?;
            change.note.push_str(" (re-spaced to keep rank keys short)");
            out.push(change);
        }
        return Ok(out);
    }
    // The backlog in the order wanted; the fewest keys that make it so change.
    let mut order: Vec<&Doc<Item>> = others;
    for (i, doc) in docs.iter().enumerate() {
        order.insert(at + i, doc);
    }
    let current: Vec<Option<&str>> =
        order.iter().map(|d| d.value.rank.as_deref().filter(|k| rank::is_valid(k))).collect();
    let mut out = Vec::new();
    for (index, key) in rank::reorder(&current) {
        let doc = order[index];
        let mut change = rank_change(product, doc, &key)?;
        if !moving.contains(&doc.value.id.as_str()) {
            change.note.push_str(" (re-spaced to keep rank keys short)");
        }
        out.push(change);
    }
    // The placed items first, in the order named.
    out.sort_by_key(|p| moving.iter().position(|m| *m == p.id).unwrap_or(usize::MAX));
    Ok(out)
}

/// The order `rank --by` applies: best score first; items without the
/// score's inputs after them, in their current order.
pub(crate) fn plan_rank_by(
    product: &Product,
    ws: &Workspace,
    docs: &[&Doc<Item>],
    key: SortKey,
) -> Result<Vec<Planned>> {
    let mut ordered: Vec<&Doc<Item>> = docs.to_vec();
    sort_items(ws, &mut ordered, SortKey::Rank);
    sort_items(ws, &mut ordered, key);
    let current: Vec<Option<&str>> =
        ordered.iter().map(|d| d.value.rank.as_deref().filter(|k| rank::is_valid(k))).collect();
    let assigned = rank::reorder(&current);
    // The keys in the wanted order once assigned, and the keys of the items
    // outside the selection, which a new key must not equal.
    let mut fin: Vec<Option<String>> = current.iter().map(|k| k.map(str::to_string)).collect();
    for (index, key) in &assigned {
        fin[*index] = Some(key.clone());
    }
    let selected: Vec<&str> = ordered.iter().map(|d| d.path.as_str()).collect();
    let mut outside: Vec<&str> = ws
        .items
        .iter()
        .filter(|d| !selected.contains(&d.path.as_str()))
        .filter_map(|d| d.value.rank.as_deref())
        .collect();
    outside.sort_unstable();
    for (index, _) in &assigned {
        let Some(key) = fin[*index].clone() else { continue };
        if outside.binary_search(&key.as_str()).is_ok() {
            // Just above the equal key, below both the next outside key and the next selected one.
            let next_outside = outside.iter().find(|k| **k > key.as_str()).map(|k| k.to_string());
            let next_selected = fin[index + 1..].iter().flatten().next().cloned();
            let hi = [next_outside, next_selected].into_iter().flatten().min();
            if let Some(k) = rank::between(Some(&key), hi.as_deref()) {
                fin[*index] = Some(k);
            }
        }
    }
    let assigned: Vec<(usize, String)> =
        assigned.into_iter().filter_map(|(index, _)| fin[index].clone().map(|k| (index, k))).collect();
    let mut out = Vec::new();
    for (index, key) in assigned {
        out.push(rank_change(product, ordered[index], &key)?);
    }
    Ok(out)
}

// ---------------------------------------------------------------- renumber

pub(crate) struct Renumbered {
    pub from: String,
    pub to: String,
    /// Items whose references were rewritten.
    pub rewritten: Vec<String>,
}

/// Moves an item to a new id and rewrites every reference to it, as one
/// transaction: the new file, the rewritten references and the removal of
/// the old file are written together or not at all.
pub(crate) fn renumber(product: &Product, ws: &Workspace, input: &str, to: Option<&str>) -> Result<Renumbered> {
    write::require_work_tree(ws)?;
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
    let text = write::apply(
        product,
        &doc.path,
        &doc.text,
        &[Edit::Set { path: vec!["id".into()], value: NewValue::Str(to.clone()) }],
    )?;
    let mut changes = vec![Change::create(&new_rel, text), Change::remove(&doc.path, doc.text.clone())];
    // Each reference rewritten in place, file by file: only the id changes.
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
        let text = write::apply(product, &path, &current, &edits)?;
        changes.push(Change::replace(&path, current, text));
        rewritten.push(owner);
    }
    write::commit(product, ws, changes)?;
    drop(lock);
    Ok(Renumbered { from, to, rewritten })
}

// ---------------------------------------------------------------- board and score

/// How the board groups items into columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum GroupBy {
    #[default]
    Status,
    Priority,
    Owner,
}

/// Columns of the board, in workflow (or priority) order, each sorted by rank.
pub(crate) fn board(ws: &Workspace, group: GroupBy) -> Vec<(String, Vec<&Doc<Item>>)> {
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
pub(crate) enum Scheme {
    #[default]
    Rice,
    Ice,
    Wsjf,
    /// Demand from customer evidence: items some feedback asks for.
    Demand,
}

/// Open items that carry inputs for `scheme` (for demand: that some
/// feedback asks for), best score first.
pub(crate) fn scored(ws: &Workspace, scheme: Scheme, include_closed: bool) -> Vec<&Doc<Item>> {
    let config = &ws.config.value;
    let index = (scheme == Scheme::Demand).then(|| super::feedback::Index::new(ws));
    let mut items: Vec<&Doc<Item>> = ws
        .items
        .iter()
        .filter(|d| include_closed || !config.is_closed(d.value.status()))
        .filter(|d| match scheme {
            Scheme::Rice => d.value.rice.is_some(),
            Scheme::Ice => d.value.ice.is_some(),
            Scheme::Wsjf => d.value.wsjf.is_some(),
            Scheme::Demand => index.as_ref().is_some_and(|i| !i.item(&d.value.id).is_zero()),
        })
        .collect();
    let key = match scheme {
        Scheme::Rice => SortKey::Rice,
        Scheme::Ice => SortKey::Ice,
        Scheme::Wsjf => SortKey::Wsjf,
        Scheme::Demand => SortKey::Demand,
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
