//! Planning an import: which items to create, update or leave alone, with
//! their ids, their links to each other, their new texts and the fields
//! changed on both sides since the last import (a three-way merge against
//! what the source said then). Pure: it reads the Workspace and the record of
//! the last import it is given, and writes nothing; the caller checks and
//! writes the plan.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::mapping::{Desired, Mapper, is_subtask, local_value, new_text, source_values};
use super::sources::{Parsed, Record};
use super::{Options, Outcome, Report, Tally, invalid};
use crate::error::{Error, Refusal, Result};
use crate::model::config::Config;
use crate::model::{Date, Item, ItemType, id, rank};
use crate::ops::fields;
use crate::store::Workspace;
use crate::store::edit::{self, Edit, NewValue};
use crate::store::imports::Bases;

/// What the import does to one item's file.
pub(super) enum Change {
    Create { text: String },
    Update { old: String, text: String, changed: Vec<String> },
    Unchanged,
}

/// One record of the source, planned.
pub(super) struct Planned<'a> {
    pub(super) record: &'a Record,
    pub(super) id: String,
    /// The file, below the product folder.
    pub(super) rel: String,
    pub(super) source_id: String,
    pub(super) desired: Desired,
    pub(super) existing: Option<&'a Item>,
    pub(super) change: Change,
}

/// The items already imported from a source: path and item by lower-cased
/// `source_id`.
pub(super) type Imported<'a> = HashMap<String, (&'a str, &'a Item)>;

/// The items already imported, by lower-cased `source_id`.
pub(super) fn already_imported(ws: &Workspace) -> Result<Imported<'_>> {
    let mut out: Imported = HashMap::new();
    for d in &ws.items {
        let Some(Value::String(sid)) = d.value.extra.get("source_id") else { continue };
        if let Some((_, other)) = out.insert(sid.to_lowercase(), (d.path.as_str(), &d.value)) {
            return Err(Error::Refused {
                message: format!("{} and {} both have source_id `{sid}`", other.id, d.value.id),
                hint: Some("give one of them another source_id (or remove it) before importing".to_string()),
            });
        }
    }
    Ok(out)
}

/// How many records are not imported yet (and need new ids).
pub(super) fn new_count(parsed: &Parsed, existing: &Imported) -> usize {
    let prefix = parsed.kind.prefix();
    parsed.records.iter().filter(|r| !existing.contains_key(&format!("{prefix}:{}", r.key).to_lowercase())).count()
}

/// The plan of an import: every record's item and change, and the report
/// so far (everything but the outcomes).
pub(super) struct Plan<'a> {
    pub(super) items: Vec<Planned<'a>>,
    pub(super) report: Report,
}

/// Plans the import of `parsed` into `ws`: new items are numbered from
/// `first_number`, in file order; `bases` is what the source said at the
/// last import. Refuses, with every problem, when a value cannot be written.
pub(super) fn plan<'a>(
    ws: &'a Workspace,
    parsed: &'a Parsed,
    existing: &Imported<'a>,
    bases: &Bases,
    first_number: u64,
    options: Options,
    today: Date,
) -> Result<Plan<'a>> {
    let config = &ws.config.value;
    let mut report = Report {
        kind: parsed.kind,
        shown: parsed.shown.clone(),
        dry_run: options.dry_run,
        records: parsed.records.len(),
        created: Vec::new(),
        updated: Vec::new(),
        unchanged: Vec::new(),
        statuses: Tally::default(),
        types: Tally::default(),
        priorities: Tally::default(),
        rounded: Vec::new(),
        not_mapped: parsed.notes.clone(),
        unused: parsed.unused.clone(),
        conflicts: Vec::new(),
        subtasks: Vec::new(),
    };

    let (mut plans, by_key) = number(ws, parsed, existing, first_number)?;

    // Values.
    let mut problems: Vec<String> = Vec::new();
    let mapper = Mapper::new(config, parsed.kind, options.subtask_type);
    for p in &mut plans {
        let who = format!("{} ({})", p.id, p.record.key);
        p.desired = mapper.desired(p.record, &who, p.existing.is_none(), &mut report, &mut problems);
    }

    // Links between items: "blocks" in either direction, and parents.
    link_blocks(&mut plans, &by_key, &parsed.shown, &mut report);
    place_parents(ws, &mut plans, &by_key, &mut report);

    // Texts. New items go to the bottom of the backlog, in file order.
    let bottom = ws.items.iter().filter_map(|d| d.value.rank.as_deref()).filter(|k| rank::is_valid(k)).max();
    let mut keys = spread(bottom, plans.iter().filter(|p| p.existing.is_none()).count()).into_iter();
    for p in &mut plans {
        match p.existing {
            None => {
                let key = keys.next().unwrap_or_else(|| "i".to_string());
                let text = new_text(config, &p.id, &p.rel, &p.source_id, &p.desired, &key, today).unwrap_or_else(|e| {
                    problems.push(format!("{} ({}): {e}", p.id, p.record.key));
                    String::new()
                });
                p.change = Change::Create { text };
            }
            Some(item) => {
                let old = ws.text_of(&p.rel).unwrap_or_default();
                let base = bases.get(&p.source_id.to_lowercase());
                match update_text(config, p, item, &old, base, options.prefer_source, today) {
                    Ok((Some((text, changed)), conflicts)) => {
                        report.conflicts.extend(conflicts);
                        p.change = Change::Update { old, text, changed };
                    }
                    Ok((None, conflicts)) => {
                        report.conflicts.extend(conflicts);
                        p.change = Change::Unchanged;
                    }
                    Err(e) => problems.push(format!("{} ({}): {e}", p.id, p.record.key)),
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(invalid(&parsed.shown, problems));
    }

    Ok(Plan { items: plans, report })
}

/// Ids: the items imported before keep theirs; new ones get fresh ids from
/// `next`, in file order. Also returns the item id of every source key
/// (and alternative key), lower-cased, for links.
fn number<'a>(
    ws: &Workspace,
    parsed: &'a Parsed,
    existing: &Imported<'a>,
    mut next: u64,
) -> Result<(Vec<Planned<'a>>, HashMap<String, String>)> {
    let prefix = parsed.kind.prefix();
    let mut by_key: HashMap<String, String> = HashMap::new();
    for (sid, (_, item)) in existing {
        if let Some(key) = sid.strip_prefix(&format!("{prefix}:")) {
            by_key.insert(key.to_string(), item.id.clone());
        }
    }
    let mut plans: Vec<Planned> = Vec::new();
    for r in &parsed.records {
        let source_id = format!("{prefix}:{}", r.key);
        let (id, rel, item) = match existing.get(&source_id.to_lowercase()) {
            Some((path, item)) => (item.id.clone(), path.to_string(), Some(*item)),
            None => {
                if next > id::MAX_NUMBER {
                    return Err(Error::refused(id::exhausted(ws.prefix(), id::MAX_NUMBER)));
                }
                let id = format!("{}-{next}", ws.prefix());
                // At most MAX_NUMBER + 1, which the check above refuses to use.
                next += 1;
                (id.clone(), format!("backlog/{id}.yaml"), None)
            }
        };
        by_key.insert(r.key.to_lowercase(), id.clone());
        for alt in &r.alt_keys {
            by_key.entry(alt.to_lowercase()).or_insert_with(|| id.clone());
        }
        plans.push(Planned {
            record: r,
            id,
            rel,
            source_id,
            desired: Desired::default(),
            existing: item,
            change: Change::Unchanged,
        });
    }

    Ok((plans, by_key))
}

/// The item a source key names: imported now or before.
fn resolve(by_key: &HashMap<String, String>, key: &str) -> Option<String> {
    by_key.get(&key.to_lowercase()).cloned()
}

/// `blocked_by` from both directions: "blocked by" keys, and the items that
/// say they block this one.
fn link_blocks(plans: &mut [Planned], by_key: &HashMap<String, String>, shown: &str, report: &mut Report) {
    let mut blocked: Vec<(usize, String)> = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        for key in &p.record.blocked_by {
            match resolve(by_key, key) {
                Some(id) => blocked.push((i, id)),
                None => report
                    .not_mapped
                    .push(format!("{} ({}): blocked by {key}, which is not imported", p.id, p.record.key)),
            }
        }
        for key in &p.record.blocks {
            match plans.iter().position(|q| q.record.key.eq_ignore_ascii_case(key)) {
                Some(j) => blocked.push((j, p.id.clone())),
                None => report.not_mapped.push(format!(
                    "{} ({}): blocks {key}, which is not in {}; link it there",
                    p.id, p.record.key, shown
                )),
            }
        }
    }
    for (i, id) in blocked {
        if id != plans[i].id && !plans[i].desired.blocked_by.contains(&id) {
            plans[i].desired.blocked_by.push(id);
        }
    }
}

/// Parents, where pm's hierarchy allows them; a Jira sub-task goes under
/// its parent's epic or feature.
fn place_parents(ws: &Workspace, plans: &mut [Planned], by_key: &HashMap<String, String>, report: &mut Report) {
    let resolve = |key: &str| resolve(by_key, key);
    let kinds: HashMap<String, Option<ItemType>> = plans
        .iter()
        .map(|p| (p.id.clone(), p.desired.kind.or(p.existing.and_then(|e| e.kind))))
        .chain(ws.items.iter().map(|d| (d.value.id.clone(), d.value.kind)))
        .fold(HashMap::new(), |mut m, (k, v)| {
            m.entry(k).or_insert(v);
            m
        });
    for i in 0..plans.len() {
        let Some(key) = plans[i].record.parent.clone() else { continue };
        let who = format!("{} ({})", plans[i].id, plans[i].record.key);
        let Some(parent) = resolve(&key) else {
            report.not_mapped.push(format!("{who}: parent {key} is not imported; parent left unset"));
            continue;
        };
        let child_kind = kinds.get(&plans[i].id).copied().flatten();
        let parent_kind = kinds.get(&parent).copied().flatten();
        let allowed = |parent_kind: Option<ItemType>| match (child_kind, parent_kind) {
            (Some(c), Some(pk)) => c.allowed_parents().contains(&pk),
            _ => true,
        };
        // A Jira sub-task's parent is a story or task, which pm does not
        // nest under: it becomes a child of that item's epic or feature.
        if plans[i].record.kind.as_deref().is_some_and(is_subtask) && !allowed(parent_kind) {
            let grand = plans
                .iter()
                .find(|q| q.id == parent)
                .and_then(|q| q.record.parent.as_deref().and_then(resolve))
                .or_else(|| ws.get(&parent).and_then(|d| d.value.parent.clone()));
            if let Some(grand) = grand.filter(|g| allowed(kinds.get(g).copied().flatten())) {
                let shown = plans.iter().find(|q| q.id == parent).map_or(key.as_str(), |q| q.record.key.as_str());
                report
                    .subtasks
                    .push(format!("{who}: sub-task of {shown} ({parent}): child of {grand}, the parent of {parent}"));
                plans[i].desired.parent = Some(grand);
                continue;
            }
        }
        if !allowed(parent_kind) {
            let (c, pk) = (child_kind.unwrap_or(ItemType::Story), parent_kind.unwrap_or(ItemType::Story));
            let shown = plans.iter().find(|q| q.id == parent).map_or(key.as_str(), |q| q.record.key.as_str());
            report.not_mapped.push(format!(
                "{who}: parent {shown} ({parent}) not kept: a {} cannot have a {} as its parent",
                c.as_str(),
                pk.as_str()
            ));
            continue;
        }
        plans[i].desired.parent = Some(parent);
    }
}

impl Plan<'_> {
    /// The report, with what happened to each item.
    pub(super) fn into_report(self, config: &Config) -> Report {
        let Plan { items: plans, mut report } = self;
        for p in plans {
            let status = p.desired.status.clone().or(p.existing.map(|e| e.status().to_string()));
            let mut outcome = Outcome {
                id: p.id,
                key: p.record.key.clone(),
                title: p.desired.title,
                kind: p.desired.kind.or(p.existing.and_then(|e| e.kind)),
                status: status.unwrap_or_else(|| config.initial_status().to_string()),
                changed: Vec::new(),
            };
            match p.change {
                Change::Create { .. } => report.created.push(outcome),
                Change::Update { changed, .. } => {
                    outcome.changed = changed;
                    report.updated.push(outcome);
                }
                Change::Unchanged => report.unchanged.push(outcome),
            }
        }
        report
    }

    /// The record of this import, the base of the next one: what the source
    /// said this time, except for conflicts kept here, which stay conflicts
    /// until resolved (the same value on both sides, or --prefer source).
    pub(super) fn next_bases(&self, mut bases: Bases) -> Bases {
        for p in &self.items {
            let key = p.source_id.to_lowercase();
            let old = bases.remove(&key).unwrap_or_default();
            let mut new: BTreeMap<String, String> = source_values(&p.desired).into_iter().collect();
            for c in self.report.conflicts.iter().filter(|c| c.id == p.id && !c.taken) {
                match old.get(&c.field) {
                    Some(b) => new.insert(c.field.clone(), b.clone()),
                    None => new.remove(&c.field),
                };
            }
            bases.insert(key, new);
        }
        bases
    }
}

/// `n` increasing rank keys after `lo`, found by bisection so that they stay
/// short however many there are (placing each after the previous one would
/// make every key a character longer than the one before, every few items).
pub(super) fn spread(lo: Option<&str>, n: usize) -> Vec<String> {
    fn fill(lo: Option<&str>, hi: Option<&str>, n: usize, out: &mut Vec<String>) {
        if n == 0 {
            return;
        }
        let Some(mid) = rank::between(lo, hi) else { return };
        let left = (n - 1) / 2;
        fill(lo, Some(&mid), left, out);
        out.push(mid.clone());
        fill(Some(&mid), hi, n - 1 - left, out);
    }
    let mut out = Vec::with_capacity(n);
    fill(lo, None, n, &mut out);
    out
}
/// What a re-import does with one field: the source's value (`source`), the
/// value here (`local`) and what the source said at the last import (`base`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// Nothing to do: equal, or only changed here.
    Keep,
    /// Only the source changed it (or it is new here): take the source's.
    Take,
    /// Both sides changed it since the last import (or there is no record
    /// of one and the values differ).
    Conflict,
}

fn merge(source: &str, local: Option<&str>, base: Option<&str>) -> Merge {
    if local == Some(source) {
        return Merge::Keep;
    }
    match (base, local) {
        (Some(b), _) if b == source => Merge::Keep,
        (Some(b), Some(l)) if b == l => Merge::Take,
        (Some(_), None) => Merge::Conflict,
        (None, None) => Merge::Take,
        _ => Merge::Conflict,
    }
}

/// A field left as it is here although the source has another value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Conflict {
    pub id: String,
    pub key: String,
    pub field: String,
    pub local: Option<String>,
    pub source: String,
    /// Whether the source's value was taken (`--prefer source`).
    pub taken: bool,
}

/// An item's new text and the fields that changed in it.
type Updated = (String, Vec<String>);

/// The edited text of an item imported before, changing only what the source
/// changed since the last import (`base`); `None` when nothing changes.
/// Fields changed on both sides are conflicts: kept here unless
/// `prefer_source`.
fn update_text(
    config: &Config,
    p: &Planned,
    item: &Item,
    old: &str,
    base: Option<&BTreeMap<String, String>>,
    prefer_source: bool,
    today: Date,
) -> Result<(Option<Updated>, Vec<Conflict>)> {
    let d = &p.desired;
    let mut edits = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let mut conflicts = Vec::new();
    for (field, source) in source_values(d) {
        let local = local_value(item, &field);
        let take = match merge(&source, local.as_deref(), base.and_then(|b| b.get(&field)).map(String::as_str)) {
            Merge::Keep => false,
            Merge::Take => true,
            Merge::Conflict => {
                conflicts.push(Conflict {
                    id: p.id.clone(),
                    key: p.record.key.clone(),
                    field: field.clone(),
                    local: local.clone(),
                    source: source.clone(),
                    taken: prefer_source,
                });
                prefer_source
            }
        };
        if !take {
            continue;
        }
        let value = match field.as_str() {
            "estimate" if source.parse::<f64>().is_ok() => NewValue::Raw(source.clone()),
            // A block scalar's text ends with a newline; a one-line value stays one line.
            "description" if source.contains('\n') => NewValue::Str(format!("{source}\n")),
            "title" | "type" | "status" | "priority" | "estimate" | "owner" | "parent" | "description" => {
                NewValue::Str(source.clone())
            }
            custom => fields::value(custom, &source, config)?,
        };
        edits.push(Edit::Set { path: vec![field.clone()], value });
        changed.push(field);
    }
    // Lists only grow: what people added in pm stays.
    let lists: [(&str, &Vec<String>, &Vec<String>); 3] = [
        ("labels", &d.labels, &item.labels),
        ("blocked_by", &d.blocked_by, &item.blocked_by),
        ("acceptance_criteria", &d.acceptance, &item.acceptance_criteria),
    ];
    for (field, wanted, have) in lists {
        let missing: Vec<&String> = wanted.iter().filter(|w| !have.contains(w)).collect();
        if missing.is_empty() {
            continue;
        }
        for m in missing {
            edits.push(Edit::Append { path: vec![field.to_string()], value: NewValue::Str(m.clone()) });
        }
        changed.push(field.to_string());
    }
    if changed.is_empty() {
        return Ok((None, conflicts));
    }
    let created = item.created.or(d.created);
    let updated = d.updated.filter(|u| created.is_none_or(|c| *u >= c) && item.updated.is_none_or(|i| *u >= i));
    let updated = updated.unwrap_or(today);
    edits.push(Edit::Set { path: vec!["updated".into()], value: NewValue::Raw(updated.to_string()) });
    let (bom, body) = match old.strip_prefix('\u{feff}') {
        Some(b) => ("\u{feff}", b),
        None => ("", old),
    };
    let text = edit::apply(body, &edits).map_err(|e| Refusal::ImportUpdate {
        id: p.id.clone(),
        file: p.rel.clone(),
        problem: e.to_string(),
    })?;
    Ok((Some((format!("{bom}{text}"), changed)), conflicts))
}

#[cfg(test)]
mod tests;
