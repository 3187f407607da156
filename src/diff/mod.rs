//! The semantic diff of two Workspaces: what changed in the product, by
//! artifact and field — "BL-12 priority p2 → p1", "RM-4 moved next → now",
//! "KR-7 target 40 → 35" — rather than lines of YAML. Pure: it never touches
//! git or files; callers load the two Workspaces from any two Sources.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::okr::{self, Objective};
use crate::model::{Date, id};
use crate::store::Workspace;

/// The kinds of artifact the diff knows: the kinds of the kind table.
pub(crate) use crate::model::kind::Kind as ArtifactKind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Action {
    Added,
    Removed,
    /// Moved to a new id (for example by `pm backlog renumber`).
    Renumbered {
        from: String,
    },
    Changed,
}

/// One field that changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FieldChange {
    /// Dotted path (`rice.reach`, `stakeholders.Dana.approval`).
    pub field: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// What the change means, when that says more than old → new
    /// ("moved above BL-9", "+14 days", "check-in 2026-11-13: 42").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Everything that happened to one artifact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Change {
    pub kind: ArtifactKind,
    pub id: String,
    pub title: String,
    pub action: Action,
    pub fields: Vec<FieldChange>,
}

impl Change {
    pub(crate) fn field(&self, name: &str) -> Option<&FieldChange> {
        self.fields.iter().find(|f| f.field == name)
    }
}

/// An artifact flattened for comparison.
struct Entry {
    title: String,
    value: Value,
    /// The file it is in.
    path: String,
}

type Key = (ArtifactKind, String);

fn to_value<T: Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

/// Every artifact of a workspace as comparable values.
fn entries(ws: &Workspace, today: Date) -> BTreeMap<Key, Entry> {
    let mut out = BTreeMap::new();
    let mut put = |kind, id: &str, title: &str, value: Value, path: &str| {
        out.insert((kind, id.to_string()), Entry { title: title.to_string(), value, path: path.to_string() });
    };
    let roadmap = ws.roadmap.as_ref().map_or(crate::store::ROADMAP_FILE, |d| d.path.as_str());
    for d in &ws.items {
        put(ArtifactKind::Backlog, &d.value.id, &d.value.title, to_value(&d.value), &d.path);
    }
    for i in ws.initiatives() {
        put(ArtifactKind::Initiative, &i.id, &i.title, to_value(i), roadmap);
    }
    for m in ws.milestones() {
        put(ArtifactKind::Milestone, &m.id, &m.name, to_value(m), roadmap);
    }
    for (doc, _, o) in ws.objectives() {
        let mut v = to_value(&strip_krs(o));
        // A closed objective keeps its recorded score; an open one is scored as of today.
        let as_of = o.cycle_in(&doc.path).map(|c| c.end()).filter(|end| *end < today);
        if let Some(score) = objective_score(ws, o, as_of) {
            v["current_score"] = serde_json::json!(round(score));
        }
        put(ArtifactKind::Objective, &o.id, &o.title, v, &doc.path);
        for k in &o.key_results {
            let mut v = to_value(k);
            let (value, _) = ws.kr_value(k, as_of);
            if let Some(p) = k.progress(value) {
                v["progress"] = serde_json::json!(round(p));
            }
            put(ArtifactKind::KeyResult, &k.id, &k.title, v, &doc.path);
        }
    }
    for d in &ws.prds {
        put(ArtifactKind::Prd, &d.value.id, &d.value.title, to_value(&d.value), &d.path);
    }
    for d in &ws.metrics {
        put(ArtifactKind::Metric, &d.value.id, &d.value.name, to_value(&d.value), &d.path);
    }
    for d in &ws.experiments {
        let title = d.value.title.clone().unwrap_or_else(|| d.value.hypothesis.clone());
        put(ArtifactKind::Experiment, &d.value.id, &title, to_value(&d.value), &d.path);
    }
    for d in &ws.feedback {
        put(ArtifactKind::Feedback, &d.value.id, &d.value.summary, to_value(&d.value), &d.path);
    }
    // The tier weights and the compared features are named with a hyphen,
    // which customer and competitor ids (snake_case) never hold.
    if let Some(d) = &ws.customers {
        if !d.value.tier_weights.is_empty() {
            put(ArtifactKind::Customer, "tier-weights", "Tier weights", to_value(&d.value.tier_weights), &d.path);
        }
        for c in &d.value.customers {
            put(ArtifactKind::Customer, &c.id, c.label(), to_value(c), &d.path);
        }
    }
    if let Some(d) = &ws.competitors {
        if !d.value.features.is_empty() {
            let by_key: serde_json::Map<String, Value> =
                d.value.features.iter().map(|f| (f.key.clone(), to_value(f))).collect();
            put(ArtifactKind::Competitor, "compared-features", "Compared features", Value::Object(by_key), &d.path);
        }
        for c in &d.value.competitors {
            put(ArtifactKind::Competitor, &c.id, c.label(), to_value(c), &d.path);
        }
    }
    if let Some(d) = &ws.iterations {
        for it in &d.value {
            put(ArtifactKind::Iteration, &it.id, &it.name, to_value(it), &d.path);
        }
    }
    if let Some(p) = &ws.product {
        put(ArtifactKind::Product, "product", &p.value.name, to_value(&p.value), &p.path);
    }
    put(ArtifactKind::Config, "pm.yaml", "configuration", to_value(&ws.config.value), &ws.config.path);
    out
}

/// One artifact as the diff compares it (with what pm computes of it: an
/// objective's score, a key result's progress), or `None` if `ws` lacks it.
pub(crate) fn flat_value(ws: &Workspace, kind: ArtifactKind, id: &str, today: Date) -> Option<Value> {
    entries(ws, today).remove(&(kind, id.to_string())).map(|e| e.value)
}

fn strip_krs(o: &Objective) -> Objective {
    let mut o = o.clone();
    o.key_results.clear();
    o
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn objective_score(ws: &Workspace, o: &Objective, as_of: Option<Date>) -> Option<f64> {
    let parts: Vec<(Option<f64>, Option<f64>)> =
        o.key_results.iter().map(|k| (k.progress(ws.kr_value(k, as_of).0), k.weight)).collect();
    okr::objective_score(&parts)
}

/// A number as people write it: `3`, not `3.0`.
fn num(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.as_f64().map(crate::model::score::format_number).unwrap_or_else(|| n.to_string()),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Fields that pm maintains itself and that say nothing a reviewer needs.
const QUIET: [&str; 2] = ["updated", "computed"];

/// Compares two flattened values field by field.
pub(crate) fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let empty = Map::new();
    let (o, n) = (old.as_object().unwrap_or(&empty), new.as_object().unwrap_or(&empty));
    let mut keys: Vec<&String> = o.keys().collect();
    for k in n.keys() {
        if !o.contains_key(k) {
            keys.push(k);
        }
    }
    let mut out = Vec::new();
    for key in keys {
        if QUIET.contains(&key.as_str()) {
            continue;
        }
        let (a, b) = (o.get(key), n.get(key));
        if a == b {
            continue;
        }
        match (a, b) {
            // Score blocks and other small mappings (also when one side is missing):
            // one change per inner field.
            (Some(Value::Object(_)) | None, Some(Value::Object(_)) | None)
                if !key.ends_with('s') || key == "thresholds" || key == "rice" =>
            {
                let obj = |v: Option<&Value>| v.cloned().unwrap_or_else(|| Value::Object(Map::new()));
                for inner in field_changes(&obj(a), &obj(b)) {
                    out.push(FieldChange { field: format!("{key}.{}", inner.field), ..inner });
                }
            }
            _ => out.push(FieldChange { field: key.clone(), old: a.cloned(), new: b.cloned(), note: None }),
        }
    }
    out
}

fn date_of(v: &Option<Value>) -> Option<Date> {
    v.as_ref().and_then(Value::as_str).and_then(|s| s.parse().ok())
}

/// Adds the notes that make a change readable.
pub(crate) fn annotate(kind: ArtifactKind, id: &str, fields: &mut [FieldChange], head: Option<&Workspace>) {
    for f in fields.iter_mut() {
        match f.field.as_str() {
            "rank" if kind == ArtifactKind::Backlog => {
                f.note = Some(head.map_or_else(|| "moved".to_string(), |ws| rank_note(ws, id)));
            }
            "start" | "end" | "date" => {
                if let (Some(a), Some(b)) = (date_of(&f.old), date_of(&f.new)) {
                    let days = a.days_until(b);
                    f.note = Some(if days > 0 {
                        format!("slipped {days} days")
                    } else {
                        format!("pulled in {} days", -days)
                    });
                }
            }
            "check_ins" => {
                let before = f.old.as_ref().and_then(Value::as_array).map_or(0, Vec::len);
                if let Some(list) = f.new.as_ref().and_then(Value::as_array)
                    && list.len() > before
                {
                    let added: Vec<String> = list[before..]
                        .iter()
                        .map(|c| {
                            let conf = c
                                .get("confidence")
                                .map(|v| format!(" (confidence {})", num(Some(v))))
                                .unwrap_or_default();
                            format!(
                                "{}: {}{conf}",
                                c.get("date").and_then(Value::as_str).unwrap_or("?"),
                                num(c.get("value"))
                            )
                        })
                        .collect();
                    f.note = Some(format!("check-in {}", added.join("; ")));
                }
            }
            "observations" => {
                // Compared by their text, through a set: a metric may hold
                // tens of thousands of observations.
                let old: std::collections::HashSet<String> = f
                    .old
                    .as_ref()
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(Value::to_string).collect())
                    .unwrap_or_default();
                if let Some(list) = f.new.as_ref().and_then(Value::as_array) {
                    let added: Vec<String> = list
                        .iter()
                        .filter(|o| !old.contains(&o.to_string()))
                        .map(|o| {
                            let seg =
                                o.get("segment").and_then(Value::as_str).map(|s| format!(" [{s}]")).unwrap_or_default();
                            format!(
                                "{}{seg}: {}",
                                o.get("period").and_then(Value::as_str).unwrap_or("?"),
                                num(o.get("value"))
                            )
                        })
                        .collect();
                    if !added.is_empty() {
                        f.note = Some(format!(
                            "{} observation{} added: {}",
                            added.len(),
                            if added.len() == 1 { "" } else { "s" },
                            added.join(", ")
                        ));
                    }
                }
            }
            "stakeholders" if kind == ArtifactKind::Prd => {
                let by_name = |v: &Option<Value>| -> HashMap<String, String> {
                    v.as_ref()
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|s| {
                                    let name = s.get("name")?.as_str()?.to_string();
                                    let approval =
                                        s.get("approval").and_then(Value::as_str).unwrap_or("pending").to_string();
                                    Some((name, approval))
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                };
                let (a, b) = (by_name(&f.old), by_name(&f.new));
                let mut notes = Vec::new();
                for (name, approval) in &b {
                    if a.get(name) != Some(approval) {
                        match approval.as_str() {
                            "approved" => notes.push(format!("approved by {name}")),
                            "rejected" => notes.push(format!("rejected by {name}")),
                            _ if a.contains_key(name) => notes.push(format!("{name}'s approval reset")),
                            _ => notes.push(format!("{name} added as a stakeholder")),
                        }
                    }
                }
                for name in a.keys().filter(|n| !b.contains_key(*n)) {
                    notes.push(format!("{name} removed as a stakeholder"));
                }
                notes.sort();
                if !notes.is_empty() {
                    f.note = Some(notes.join("; "));
                }
            }
            "labels" | "blocked_by" | "key_results" | "milestones" | "objectives" | "non_goals" => {
                let set = |v: &Option<Value>| -> Vec<String> {
                    v.as_ref()
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter().map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string())).collect()
                        })
                        .unwrap_or_default()
                };
                let (a, b) = (set(&f.old), set(&f.new));
                let mut parts: Vec<String> = b.iter().filter(|x| !a.contains(x)).map(|x| format!("+{x}")).collect();
                parts.extend(a.iter().filter(|x| !b.contains(x)).map(|x| format!("−{x}")));
                if !parts.is_empty() {
                    f.note = Some(parts.join(" "));
                }
            }
            // Any other list of records (requirements, questions, goals):
            // what happened to each entry.
            _ if is_records(&f.old) || is_records(&f.new) => {
                let note = records_note(&f.old, &f.new);
                if !note.is_empty() {
                    f.note = Some(note);
                }
            }
            _ => {}
        }
    }
}

fn is_records(v: &Option<Value>) -> bool {
    v.as_ref().and_then(Value::as_array).is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object))
}

/// How an entry of a list of records is named: its id or name, else its
/// first words (a question, a goal), else its place.
fn entry_label(e: &Value, i: usize) -> String {
    for key in ["id", "name", "q", "text"] {
        if let Some(s) = e.get(key).and_then(Value::as_str) {
            let words: Vec<&str> = s.split_whitespace().collect();
            return if key == "id" || key == "name" {
                s.to_string()
            } else if words.len() > 6 {
                format!("\"{} …\"", words[..6].join(" "))
            } else {
                format!("\"{s}\"")
            };
        }
    }
    format!("#{}", i + 1)
}

/// `FR-3 added; "Do we need …" status open → answered, answer set to No`.
fn records_note(old: &Option<Value>, new: &Option<Value>) -> String {
    let empty = Vec::new();
    let a = old.as_ref().and_then(Value::as_array).unwrap_or(&empty);
    let b = new.as_ref().and_then(Value::as_array).unwrap_or(&empty);
    let key = |e: &Value| ["id", "name"].iter().find_map(|k| e.get(*k).and_then(Value::as_str).map(str::to_string));
    let keyed = a.iter().chain(b).all(|e| key(e).is_some());
    let mut notes = Vec::new();
    let change = |label: String, before: &Value, after: &Value| -> Option<String> {
        let parts: Vec<String> = field_changes(before, after)
            .iter()
            .map(|f| match (&f.old, &f.new) {
                (None, Some(_)) => format!("{} set to {}", f.field, short(&f.new)),
                (Some(_), None) => format!("{} removed", f.field),
                _ => format!("{} {} → {}", f.field, short(&f.old), short(&f.new)),
            })
            .collect();
        (!parts.is_empty()).then(|| format!("{label} {}", parts.join(", ")))
    };
    if keyed {
        // Matched by id or name: renumbered positions do not look like changes.
        let before: HashMap<Option<String>, &Value> = a.iter().map(|o| (key(o), o)).collect();
        let after: std::collections::HashSet<Option<String>> = b.iter().map(key).collect();
        for (i, e) in b.iter().enumerate() {
            match before.get(&key(e)) {
                Some(o) => notes.extend(change(entry_label(e, i), o, e)),
                None => notes.push(format!("{} added", entry_label(e, i))),
            }
        }
        for (i, o) in a.iter().enumerate() {
            if !after.contains(&key(o)) {
                notes.push(format!("{} removed", entry_label(o, i)));
            }
        }
    } else {
        for i in 0..a.len().max(b.len()) {
            match (a.get(i), b.get(i)) {
                (Some(o), Some(e)) => notes.extend(change(entry_label(e, i), o, e)),
                (None, Some(e)) => notes.push(format!("{} added", entry_label(e, i))),
                (Some(o), None) => notes.push(format!("{} removed", entry_label(o, i))),
                (None, None) => {}
            }
        }
    }
    notes.join("; ")
}

/// A value in a note: short text as it is, numbers as people write them.
fn short(v: &Option<Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(n @ Value::Number(_)) => num(Some(n)),
        Some(Value::Array(a)) => format!("{} entries", a.len()),
        Some(other) => other.to_string(),
        None => "—".to_string(),
    }
}

/// "moved above BL-9": the item's neighbour below it in the new order.
fn rank_note(head: &Workspace, id: &str) -> String {
    let mut ranked: Vec<(&str, &str)> =
        head.items.iter().filter_map(|d| d.value.rank.as_deref().map(|r| (r, d.value.id.as_str()))).collect();
    ranked.sort();
    match ranked.iter().position(|(_, i)| *i == id) {
        Some(0) => "moved to the top".to_string(),
        Some(p) if p + 1 < ranked.len() => format!("moved above {}", ranked[p + 1].1),
        Some(_) => "moved to the bottom".to_string(),
        None => "moved".to_string(),
    }
}

/// The changes from `base` to `head`, in kind and id order.
pub(crate) fn diff(base: &Workspace, head: &Workspace, today: Date) -> Vec<Change> {
    diff_with(base, head, today, true)
}

/// Like [`diff`]; `complete` says whether the workspaces hold the whole
/// product (rank notes name neighbours only then).
pub(crate) fn diff_with(base: &Workspace, head: &Workspace, today: Date, complete: bool) -> Vec<Change> {
    let context = complete.then_some(head);
    let (a, b) = (entries(base, today), entries(head, today));
    // A file that cannot be read on one side says nothing of what is in it:
    // its artifacts are neither removed nor added (see [`unreadable`]).
    let (unreadable_base, unreadable_head) = (unreadable_paths(base), unreadable_paths(head));
    let removed: Vec<&Key> = a
        .iter()
        .filter(|(k, e)| !b.contains_key(*k) && !unreadable_head.contains(e.path.as_str()))
        .map(|(k, _)| k)
        .collect();
    // Removed artifacts by kind, title and created date, oldest id first:
    // an added one matching them was renumbered (looked up, not searched,
    // so that a commit moving thousands of files stays linear).
    let created = |v: &Value| v.get("created").map(Value::to_string);
    let mut twins: HashMap<(ArtifactKind, &str, Option<String>), std::collections::VecDeque<&String>> = HashMap::new();
    for (kind, id) in &removed {
        let e = &a[&(*kind, id.to_string())];
        twins.entry((*kind, e.title.as_str(), created(&e.value))).or_default().push_back(id);
    }
    let mut renumbered: std::collections::HashSet<&String> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (key, new) in &b {
        let (kind, id) = key;
        match a.get(key) {
            Some(old) => {
                let mut fields = field_changes(&old.value, &new.value);
                if fields.is_empty() {
                    continue;
                }
                annotate(*kind, id, &mut fields, context);
                out.push(Change {
                    kind: *kind,
                    id: id.clone(),
                    title: new.title.clone(),
                    action: Action::Changed,
                    fields,
                });
            }
            None => {
                // A removed artifact of the same kind with the same title (and created date) was renumbered.
                let twin = twins
                    .get_mut(&(*kind, new.title.as_str(), created(&new.value)))
                    .and_then(std::collections::VecDeque::pop_front);
                match twin {
                    Some(from) => {
                        renumbered.insert(from);
                        let old = &a[&(*kind, from.clone())];
                        let mut fields: Vec<FieldChange> =
                            field_changes(&old.value, &new.value).into_iter().filter(|f| f.field != "id").collect();
                        annotate(*kind, id, &mut fields, context);
                        out.push(Change {
                            kind: *kind,
                            id: id.clone(),
                            title: new.title.clone(),
                            action: Action::Renumbered { from: from.clone() },
                            fields,
                        });
                    }
                    None if unreadable_base.contains(new.path.as_str()) => {}
                    None => out.push(Change {
                        kind: *kind,
                        id: id.clone(),
                        title: new.title.clone(),
                        action: Action::Added,
                        fields: Vec::new(),
                    }),
                }
            }
        }
    }
    for (kind, id) in removed.into_iter().filter(|(_, id)| !renumbered.contains(id)) {
        let title = a[&(*kind, id.clone())].title.clone();
        out.push(Change { kind: *kind, id: id.clone(), title, action: Action::Removed, fields: Vec::new() });
    }
    let prefix = head.prefix().to_string();
    out.sort_by(|x, y| {
        x.kind.cmp(&y.kind).then_with(|| {
            let n = |c: &Change| {
                id::number(&c.id, &prefix).or_else(|| c.id.rsplit('-').next().and_then(|n| n.parse().ok()))
            };
            n(x).cmp(&n(y)).then(x.id.cmp(&y.id))
        })
    });
    out
}

/// Rewrites the rank notes of `changes` with the full ordering of `head`
/// ("moved above BL-9"), after a diff of partial workspaces.
pub(crate) fn rank_notes(changes: &mut [Change], head: &Workspace) {
    for c in changes.iter_mut().filter(|c| c.kind == ArtifactKind::Backlog) {
        for f in c.fields.iter_mut().filter(|f| f.field == "rank") {
            f.note = Some(rank_note(head, &c.id));
        }
    }
}

fn unreadable_paths(ws: &Workspace) -> std::collections::HashSet<&str> {
    ws.problems.iter().filter(|p| p.is_fatal()).map(|p| p.path.as_str()).collect()
}

/// A product file that could not be read at one side of a comparison
/// (conflict markers, over a limit, invalid YAML, not UTF-8): what it holds
/// is unknown there, so it is reported instead of shown as removed or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Unreadable {
    /// The revision, `the index` or `the working tree`.
    pub at: String,
    pub path: String,
    pub message: String,
}

/// The files of `ws` that could not be read, as seen at `at`.
pub(crate) fn unreadable(ws: &Workspace, at: &str) -> Vec<Unreadable> {
    ws.problems
        .iter()
        .filter(|p| p.is_fatal())
        .map(|p| Unreadable { at: at.to_string(), path: p.path.clone(), message: p.message.clone() })
        .collect()
}

/// How a source is named in a message about it.
pub(crate) fn source_name(source: &crate::store::Source) -> String {
    match source {
        crate::store::Source::WorkTree => "the working tree".to_string(),
        crate::store::Source::Index => "the index".to_string(),
        crate::store::Source::Rev(rev) => rev.chars().take(12).collect(),
    }
}

/// Counts for a review summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Summary {
    pub items_added: usize,
    pub items_removed: usize,
    pub items_closed: usize,
    pub items_reprioritised: usize,
    pub items_changed: usize,
    pub roadmap: usize,
    pub okrs: usize,
    pub prds: usize,
    pub metrics: usize,
    pub experiments: usize,
    /// Feedback, customers and competitors.
    pub evidence: usize,
    pub iterations: usize,
}

pub(crate) fn summary(changes: &[Change], head: &Workspace) -> Summary {
    let mut s = Summary::default();
    let config = &head.config.value;
    for c in changes {
        match c.kind {
            ArtifactKind::Backlog => match c.action {
                Action::Added => s.items_added += 1,
                Action::Removed => s.items_removed += 1,
                // Each changed item counts once: closed, else reprioritised,
                // else changed, so that the counts add up to the items.
                _ => {
                    let closed = c.field("status").is_some_and(|f| {
                        f.new.as_ref().and_then(Value::as_str).is_some_and(|to| config.is_closed(to))
                            && !f.old.as_ref().and_then(Value::as_str).is_some_and(|from| config.is_closed(from))
                    });
                    if closed {
                        s.items_closed += 1;
                    } else if c.field("priority").is_some() || c.field("rank").is_some() {
                        s.items_reprioritised += 1;
                    } else {
                        s.items_changed += 1;
                    }
                }
            },
            ArtifactKind::Initiative | ArtifactKind::Milestone => s.roadmap += 1,
            ArtifactKind::Objective | ArtifactKind::KeyResult => s.okrs += 1,
            ArtifactKind::Prd => s.prds += 1,
            ArtifactKind::Metric => s.metrics += 1,
            ArtifactKind::Experiment => s.experiments += 1,
            ArtifactKind::Feedback | ArtifactKind::Customer | ArtifactKind::Competitor => s.evidence += 1,
            ArtifactKind::Iteration => s.iterations += 1,
            ArtifactKind::Product | ArtifactKind::Config => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    fn product(files: &[(&str, &str)]) -> Workspace {
        Workspace::in_memory(files)
    }

    fn item(id: &str, rest: &str) -> (String, String) {
        (format!("backlog/{id}.yaml"), format!("id: {id}\ntitle: Item {id}\ncreated: 2026-10-01\n{rest}"))
    }

    fn ws(items: &[(String, String)]) -> Workspace {
        product(&items.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect::<Vec<_>>())
    }

    fn today() -> Date {
        "2026-11-28".parse().unwrap()
    }

    /// Each change as one line: kind, id, action and `field old → new (note)`.
    fn lines(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                let fields: Vec<String> = c
                    .fields
                    .iter()
                    .map(|f| {
                        let note = f.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
                        format!("{} {} → {}{note}", f.field, num(f.old.as_ref()), num(f.new.as_ref()))
                    })
                    .collect();
                let action = match &c.action {
                    Action::Renumbered { from } => format!("renumbered from {from}"),
                    other => format!("{other:?}").to_lowercase(),
                };
                match fields.is_empty() {
                    true => format!("{} {} {action}", c.kind.name(), c.id),
                    false => format!("{} {} {action}: {}", c.kind.name(), c.id, fields.join("; ")),
                }
            })
            .collect()
    }

    #[test]
    fn fields_added_removed_and_renumbered_items() {
        let base = ws(&[
            item("BL-1", "status: new\npriority: p2\n"),
            item("BL-2", "status: new\n"),
            item("BL-3", "status: new\nestimate: 3\n"),
        ]);
        let mut renumbered = item("BL-3", "status: new\nestimate: 5\n");
        renumbered.0 = "backlog/BL-7.yaml".into();
        renumbered.1 = renumbered.1.replace("id: BL-3", "id: BL-7");
        let head = ws(&[
            item("BL-1", "status: ready\npriority: p1\nupdated: 2026-11-02\n"),
            renumbered,
            item("BL-4", "status: new\n"),
        ]);
        assert_eq!(
            lines(&diff(&base, &head, today())),
            [
                // `updated` is pm's own bookkeeping: not shown.
                "item BL-1 changed: status new → ready; priority p2 → p1",
                "item BL-2 removed",
                "item BL-4 added",
                "item BL-7 renumbered from BL-3: estimate 3 → 5",
            ]
        );
        // No change, no entry.
        assert!(diff(&base, &base, today()).is_empty());
    }

    #[test]
    fn a_rank_change_names_the_new_neighbour() {
        let base = ws(&[item("BL-1", "rank: b\n"), item("BL-2", "rank: c\n"), item("BL-3", "rank: d\n")]);
        let head = ws(&[item("BL-1", "rank: b\n"), item("BL-2", "rank: c\n"), item("BL-3", "rank: a\n")]);
        assert_eq!(lines(&diff(&base, &head, today())), ["item BL-3 changed: rank d → a (moved to the top)"]);
        let head = ws(&[item("BL-1", "rank: cc\n"), item("BL-2", "rank: c\n"), item("BL-3", "rank: d\n")]);
        assert_eq!(lines(&diff(&base, &head, today())), ["item BL-1 changed: rank b → cc (moved above BL-3)"]);
        // Without the whole product, the neighbour is not known.
        assert_eq!(lines(&diff_with(&base, &head, today(), false)), ["item BL-1 changed: rank b → cc (moved)"]);
    }

    #[test]
    fn dates_say_how_far_they_moved() {
        let roadmap = |end: &str| {
            format!(
                "initiatives:\n  - id: RM-1\n    title: Wallets\n    horizon: now\n    start: 2026-10-01\n    end: {end}\n"
            )
        };
        let (a, b) = (roadmap("2026-12-01"), roadmap("2026-12-15"));
        let base = product(&[("roadmap.yaml", &a)]);
        let head = product(&[("roadmap.yaml", &b)]);
        assert_eq!(
            lines(&diff(&base, &head, today())),
            ["initiative RM-1 changed: end 2026-12-01 → 2026-12-15 (slipped 14 days)"]
        );
        assert_eq!(
            lines(&diff(&head, &base, today())),
            ["initiative RM-1 changed: end 2026-12-15 → 2026-12-01 (pulled in 14 days)"]
        );
    }

    #[test]
    fn an_unreadable_file_is_neither_removed_nor_added() {
        let base = ws(&[item("BL-1", "status: new\n"), item("BL-2", "status: new\n")]);
        let head = product(&[
            ("backlog/BL-1.yaml", "id: BL-1\ntitle: Item BL-1\ncreated: 2026-10-01\nstatus: new\n"),
            ("backlog/BL-2.yaml", "id: BL-2\ntitle: [unclosed\n"),
        ]);
        assert!(diff(&base, &head, today()).is_empty());
        assert!(diff(&head, &base, today()).is_empty());
        let said = unreadable(&head, "HEAD");
        assert_eq!(said.len(), 1);
        assert_eq!((said[0].at.as_str(), said[0].path.as_str()), ("HEAD", "backlog/BL-2.yaml"));
    }

    #[test]
    fn the_summary_counts_each_item_once() {
        let base = ws(&[
            item("BL-1", "status: in_progress\npriority: p2\n"),
            item("BL-2", "status: new\npriority: p2\n"),
            item("BL-3", "status: new\n"),
            item("BL-5", "status: new\n"),
        ]);
        let head = ws(&[
            // Closed and reprioritised: counted as closed.
            item("BL-1", "status: done\npriority: p1\n"),
            item("BL-2", "status: new\npriority: p1\n"),
            item("BL-3", "status: new\nowner: lee\n"),
            item("BL-4", "status: new\n"),
        ]);
        let s = summary(&diff(&base, &head, today()), &head);
        assert_eq!(
            (s.items_added, s.items_removed, s.items_closed, s.items_reprioritised, s.items_changed),
            (1, 1, 1, 1, 1)
        );
    }

    #[test]
    fn check_ins_and_observations_are_described() {
        let mut fields = field_changes(
            &serde_json::json!({"check_ins": [{"date": "2026-10-31", "value": 40}]}),
            &serde_json::json!({"check_ins": [{"date": "2026-10-31", "value": 40}, {"date": "2026-11-13", "value": 42, "confidence": 0.7}]}),
        );
        annotate(ArtifactKind::KeyResult, "KR-1", &mut fields, None);
        assert_eq!(fields[0].note.as_deref(), Some("check-in 2026-11-13: 42 (confidence 0.7)"));
        let mut fields = field_changes(
            &serde_json::json!({"observations": [{"period": "2026-10", "value": 66.4}]}),
            &serde_json::json!({"observations": [{"period": "2026-10", "value": 66.4}, {"period": "2026-11", "value": 67.9, "segment": "eu"}]}),
        );
        annotate(ArtifactKind::Metric, "conversion", &mut fields, None);
        assert_eq!(fields[0].note.as_deref(), Some("1 observation added: 2026-11 [eu]: 67.9"));
    }
}
