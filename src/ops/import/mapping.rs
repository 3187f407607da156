//! Mapping a source's values onto the product: statuses onto the workflow,
//! priorities onto the priority scheme, estimates onto the estimate scale
//! (rounded to the nearest allowed value), dates from the formats exports
//! write, and a record's fields onto the item it becomes ([`Desired`]), with
//! the text of a new item's file. Pure: what cannot be mapped is reported,
//! not refused, except values pm would not write.

use serde_json::Value;

use super::Report;
use super::sources::{Record, SourceKind};
use crate::check::schema::SchemaKind;
use crate::error::{Error, Result};
use crate::model::backlog::FIELDS;
use crate::model::config::{Category, Config, EstimateScale, FIBONACCI, FieldType, PriorityScheme, TSHIRT};
use crate::model::score::format_number_exact;
use crate::model::{Date, Item, ItemType};
use crate::ops::fields;
use crate::store::edit::{self, NewValue, render_scalar};

/// `In Progress` → `in_progress`, `Won't Do` → `wont_do`.
fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace(['\'', '’'], "").replace(['-', ' ', '/'], "_")
}

/// The workflow status a source status means, if pm can tell.
fn status_for(config: &Config, raw: &str, resolution: Option<&str>) -> Option<String> {
    let n = norm(raw);
    let mut status = if config.step(&n).is_some() {
        Some(n.clone())
    } else {
        let (wanted, category) =
            match n.as_str() {
                "backlog" | "open" | "new" | "triage" | "to_do" | "todo" | "unstarted" | "reopened" | "idea"
                | "draft" => ("new", Category::Todo),
                "ready" | "selected_for_development" | "ready_for_development" | "planned" | "committed" => {
                    ("ready", Category::Todo)
                }
                "in_progress" | "started" | "doing" | "in_development" | "active" | "wip" => {
                    ("in_progress", Category::InProgress)
                }
                "in_review" | "review" | "code_review" | "in_qa" | "qa" | "testing" | "in_test"
                | "ready_for_review" => ("in_review", Category::InProgress),
                "blocked" | "on_hold" | "waiting" => ("blocked", Category::InProgress),
                "done" | "closed" | "resolved" | "completed" | "complete" | "released" | "shipped" | "merged" => {
                    ("done", Category::Done)
                }
                "canceled" | "cancelled" | "wont_do" | "wont_fix" | "duplicate" | "rejected" | "obsolete"
                | "invalid" | "not_planned" => ("wont_do", Category::Done),
                _ => return None,
            };
        match config.step(wanted) {
            Some(_) => Some(wanted.to_string()),
            None => config.workflow.iter().find(|s| s.category == category).map(|s| s.status.clone()),
        }
    };
    // Jira closes work that will not be done with a resolution.
    if let (Some(s), Some(res)) = (&status, resolution)
        && config.is_closed(s)
        && matches!(
            norm(res).as_str(),
            "wont_do" | "wont_fix" | "duplicate" | "cannot_reproduce" | "declined" | "obsolete" | "incomplete"
        )
        && config.step("wont_do").is_some()
    {
        status = Some("wont_do".to_string());
    }
    status
}

/// Whether a source type is a sub-task (Jira's `Sub-task`).
pub(super) fn is_subtask(raw: &str) -> bool {
    matches!(norm(raw).as_str(), "sub_task" | "subtask")
}

fn type_for(raw: &str) -> Option<ItemType> {
    Some(match norm(raw).as_str() {
        "epic" => ItemType::Epic,
        "feature" | "new_feature" => ItemType::Feature,
        "story" | "user_story" | "improvement" | "enhancement" => ItemType::Story,
        "bug" | "defect" | "incident" | "problem" => ItemType::Bug,
        "task" | "sub_task" | "subtask" | "chore" | "technical_task" | "maintenance" => ItemType::Chore,
        "spike" | "research" | "investigation" => ItemType::Spike,
        _ => return None,
    })
}

/// What a source priority means on the product's scheme: `Some(None)` for an
/// explicit "no priority", `None` when pm cannot tell.
fn priority_for(scheme: PriorityScheme, raw: &str, numeric: bool) -> Option<Option<String>> {
    let n = norm(raw);
    let values = scheme.values();
    if values.contains(&n.as_str()) {
        return Some(Some(n));
    }
    let level = match n.as_str() {
        "0" if numeric => return Some(None),
        "1" if numeric => 0,
        "2" if numeric => 1,
        "3" if numeric => 2,
        "4" if numeric => 3,
        "no_priority" | "none" | "unprioritized" => return Some(None),
        "highest" | "blocker" | "critical" | "urgent" | "showstopper" | "p0" | "must" => 0,
        "high" | "major" | "important" | "p1" | "should" => 1,
        "medium" | "normal" | "moderate" | "p2" | "could" => 2,
        "low" | "lowest" | "minor" | "trivial" | "p3" => 3,
        "wont" if scheme == PriorityScheme::Moscow => return Some(Some("wont".into())),
        "wont" => 3,
        _ => return None,
    };
    Some(Some(match scheme {
        PriorityScheme::P => values[level].to_string(),
        // "Won't have" is a decision, not a low priority: low stays "could".
        PriorityScheme::Moscow => ["must", "should", "could", "could"][level].to_string(),
    }))
}

/// The nearest of `allowed` to `v`; on a tie, the larger (estimates err high).
fn nearest(v: f64, allowed: impl IntoIterator<Item = f64>) -> Option<f64> {
    allowed.into_iter().min_by(|a, b| (a - v).abs().total_cmp(&(b - v).abs()).then(b.total_cmp(a)))
}

/// An estimate on the product's scale: the text to write, and a note when it was rounded.
fn estimate_for(config: &Config, raw: &str) -> std::result::Result<(String, Option<String>), String> {
    let raw = raw.trim();
    let size = raw.to_ascii_uppercase();
    let is_size = TSHIRT.contains(&size.as_str()) || config.tshirt_points.contains_key(&size);
    let number: Option<f64> = raw.parse::<f64>().ok().filter(|v| v.is_finite());
    let points = match number {
        Some(v) if v < 0.0 => return Err(format!("estimate `{raw}` is negative")),
        Some(v) => Some(v),
        None if is_size => config.tshirt_points.get(&size).copied(),
        None => return Err(format!("estimate `{raw}` is not a number or a t-shirt size")),
    };
    let scale = format!("{:?}", config.estimate_scale).to_lowercase();
    match config.estimate_scale {
        EstimateScale::Tshirt => {
            if is_size && config.tshirt_points.contains_key(&size) {
                return Ok((size, None));
            }
            let v = points.ok_or_else(|| format!("estimate `{raw}` has no points in tshirt_points"))?;
            let best = nearest(v, config.tshirt_points.values().copied())
                .ok_or_else(|| "tshirt_points in pm.yaml is empty".to_string())?;
            let name =
                config.tshirt_points.iter().find(|(_, p)| **p == best).map(|(k, _)| k.clone()).unwrap_or_default();
            Ok((name.clone(), Some(format!("{raw} → {name} (nearest on the tshirt scale)"))))
        }
        EstimateScale::Fibonacci | EstimateScale::Any => {
            let v = points.ok_or_else(|| format!("estimate `{raw}` has no points in tshirt_points"))?;
            let target =
                if config.estimate_scale == EstimateScale::Fibonacci { nearest(v, FIBONACCI).unwrap_or(v) } else { v };
            let text = format_number_exact(target);
            let note = if number.is_some_and(|n| n == target) {
                None
            } else if number.is_some() {
                Some(format!("{raw} → {text} (nearest on the {scale} scale)"))
            } else {
                Some(format!("{raw} → {text} ({size} in tshirt_points, on the {scale} scale)"))
            };
            Ok((text, note))
        }
    }
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A date in the formats exports use: ISO (`2026-03-12`, `2026-03-12T10:15:00Z`,
/// `2026-03-12 10:15`), Jira's `12/Mar/26 10:15 AM`, and the US month-first
/// `3/12/2026 10:15:00` of Google Forms and SurveyMonkey.
pub(crate) fn date_for(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    if let Some(d) = raw.get(..10).and_then(|s| s.parse().ok()) {
        return Some(d);
    }
    let first = raw.split_whitespace().next()?;
    let parts: Vec<&str> = first.split('/').collect();
    if let [month, day, year] = parts[..]
        && let (Ok(month), Ok(day), Ok(year)) = (month.parse::<i8>(), day.parse::<i8>(), year.parse::<i16>())
    {
        return Date::new(if year < 100 { 2000 + year } else { year }, month, day);
    }
    if let [day, month, year] = parts[..] {
        let month = MONTHS.iter().position(|m| month.to_ascii_lowercase().starts_with(m))? as i8 + 1;
        let year: i16 = year.parse().ok()?;
        let year = if year < 100 { 2000 + year } else { year };
        return Date::new(year, month, day.parse().ok()?);
    }
    None
}

/// Multi-line text as a literal block (`|`), the way people write
/// descriptions; a plain or quoted scalar when a block cannot hold it.
pub(crate) fn text_value(s: &str) -> String {
    let body = s.trim_end();
    let lines: Vec<&str> = body.split('\n').collect();
    let representable = body.contains('\n')
        && !body.starts_with([' ', '\t', '\n'])
        && !lines.iter().any(|l| !l.is_empty() && l.trim().is_empty())
        && body.chars().all(|c| c == '\n' || c == '\t' || !c.is_control());
    if !representable {
        return render_scalar(body, false);
    }
    let indented: Vec<String> =
        lines.iter().map(|l| if l.is_empty() { String::new() } else { format!("  {l}") }).collect();
    format!("|\n{}", indented.join("\n"))
}

pub(super) fn flow_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| render_scalar(i, true)).collect::<Vec<_>>().join(", "))
}

/// A YAML value of a field pm does not model, as plain text for comparing.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// An item as the source says it should be. `None` leaves a field alone.
#[derive(Debug, Default)]
pub(super) struct Desired {
    pub(super) title: String,
    pub(super) kind: Option<ItemType>,
    /// Mapped from the source (updates set it); otherwise the initial status, for new items.
    pub(super) status: Option<String>,
    pub(super) priority: Option<String>,
    pub(super) estimate: Option<String>,
    pub(super) owner: Option<String>,
    pub(super) labels: Vec<String>,
    pub(super) parent: Option<String>,
    pub(super) blocked_by: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) acceptance: Vec<String>,
    pub(super) created: Option<Date>,
    pub(super) updated: Option<Date>,
    pub(super) fields: Vec<(String, String)>,
}

/// Maps the records of one source onto items of one product.
pub(super) struct Mapper<'a> {
    config: &'a Config,
    /// The type Jira sub-tasks become.
    subtask_type: ItemType,
    /// Linear numbers its priorities (0 none, 1 urgent … 4 low).
    numeric_priority: bool,
}

impl<'a> Mapper<'a> {
    pub(super) fn new(config: &'a Config, kind: SourceKind, subtask_type: ItemType) -> Self {
        Mapper { config, subtask_type, numeric_priority: kind == SourceKind::Linear }
    }

    /// The item `r` says it should be. `who` names it in the report (`BL-7
    /// (PAY-12)`); `is_new` when it was not imported before. What cannot be
    /// mapped goes to the report; values pm would refuse go to `problems`.
    pub(super) fn desired(
        &self,
        r: &Record,
        who: &str,
        is_new: bool,
        report: &mut Report,
        problems: &mut Vec<String>,
    ) -> Desired {
        let config = self.config;
        let mut d = Desired { title: r.title.clone().unwrap_or_default().replace('\n', " "), ..Desired::default() };
        if let Some(raw) = &r.kind {
            let mapped = if is_subtask(raw) { Some(self.subtask_type) } else { type_for(raw) };
            match mapped {
                Some(t) => {
                    report.types.add(raw, t.as_str());
                    d.kind = Some(t);
                }
                None => report.not_mapped.push(format!("{who}: type `{raw}` is not a pm type; left unset")),
            }
        }
        if let Some(raw) = &r.status {
            match status_for(config, raw, r.resolution.as_deref()) {
                Some(s) => {
                    let from = match &r.resolution {
                        Some(res) if config.is_closed(&s) && s == "wont_do" => format!("{raw} ({res})"),
                        _ => raw.clone(),
                    };
                    report.statuses.add(&from, &s);
                    d.status = Some(s);
                }
                None if is_new => report.not_mapped.push(format!(
                    "{who}: status `{raw}` is not in the workflow; the item starts as {}",
                    config.initial_status()
                )),
                None => report.not_mapped.push(format!("{who}: status `{raw}` is not in the workflow; left as it is")),
            }
        }
        if let Some(raw) = &r.priority {
            match priority_for(config.priority_scheme, raw, self.numeric_priority) {
                Some(Some(v)) => {
                    report.priorities.add(raw, &v);
                    d.priority = Some(v);
                }
                Some(None) => report.priorities.add(raw, "(none)"),
                None => report.not_mapped.push(format!("{who}: priority `{raw}` has no match in the priority scheme")),
            }
        }
        if let Some(raw) = &r.estimate {
            match estimate_for(config, raw) {
                Ok((v, note)) => {
                    if let Some(note) = note {
                        report.rounded.push(format!("{who}: {note}"));
                    }
                    d.estimate = Some(v);
                }
                Err(e) => report.not_mapped.push(format!("{who}: {e}")),
            }
        }
        if let Some((first, rest)) = r.owners.split_first() {
            d.owner = Some(first.trim_start_matches('@').to_string());
            if !rest.is_empty() {
                report.not_mapped.push(format!(
                    "{who}: pm keeps one owner: {} kept, {} not",
                    first.trim_start_matches('@'),
                    rest.join(", ")
                ));
            }
        }
        d.labels = r.labels.clone();
        d.description = r.description.as_ref().map(|t| t.replace("\r\n", "\n")).filter(|t| !t.trim().is_empty());
        d.acceptance = r.acceptance.iter().filter(|a| !a.is_empty()).cloned().collect();
        for (field, raw, slot) in [("created", &r.created, &mut d.created), ("updated", &r.updated, &mut d.updated)] {
            if let Some(raw) = raw {
                match date_for(raw) {
                    Some(date) => *slot = Some(date),
                    None => report.not_mapped.push(format!("{who}: {field} `{raw}` is not a date pm reads")),
                }
            }
        }
        for (field, values) in &r.fields {
            // A list field gets every value; any other the last one (the
            // current sprint of an issue that was in several).
            let list = config.custom_fields.iter().any(|c| c.name == *field && c.ty == FieldType::List);
            let raw = if list { values.join(",") } else { values.last().cloned().unwrap_or_default() };
            let raw = &raw;
            match fields::value(field, raw, config) {
                Ok(_) => d.fields.push((field.clone(), raw.clone())),
                Err(e) => problems.push(format!("{who}: {e}")),
            }
        }
        d
    }
}

/// The text of a new item file: known fields in schema order, then
/// `source_id`, then other mapped fields.
pub(super) fn new_text(
    config: &Config,
    id: &str,
    rel: &str,
    source_id: &str,
    d: &Desired,
    rank_key: &str,
    today: Date,
) -> Result<String> {
    let created = d.created.unwrap_or(today);
    let updated = d.updated.filter(|u| *u >= created).unwrap_or(created);
    let mut values: Vec<(&str, String)> = vec![("title", render_scalar(&d.title, false))];
    values.extend(d.kind.map(|k| ("type", k.as_str().to_string())));
    let status = d.status.clone().unwrap_or_else(|| config.initial_status().to_string());
    values.push(("status", render_scalar(&status, false)));
    values.extend(d.priority.as_ref().map(|v| ("priority", render_scalar(v, false))));
    values.extend(d.estimate.as_ref().map(|v| ("estimate", v.clone())));
    values.extend(d.owner.as_ref().map(|v| ("owner", render_scalar(v, false))));
    if !d.labels.is_empty() {
        values.push(("labels", flow_list(&d.labels)));
    }
    values.extend(d.parent.as_ref().map(|v| ("parent", v.clone())));
    if !d.blocked_by.is_empty() {
        values.push(("blocked_by", flow_list(&d.blocked_by)));
    }
    values.extend(d.description.as_ref().map(|v| ("description", text_value(v))));
    if !d.acceptance.is_empty() {
        let block: String = d.acceptance.iter().map(|c| format!("\n  - {}", render_scalar(c, false))).collect();
        values.push(("acceptance_criteria", block));
    }
    values.push(("rank", format!("\"{rank_key}\"")));
    values.push(("created", created.to_string()));
    values.push(("updated", updated.to_string()));
    let mut out = SchemaKind::BacklogItem.modeline(rel);
    out.push_str(&format!("id: {id}\n"));
    for field in FIELDS {
        if let Some((_, text)) = values.iter().find(|(k, _)| *k == field) {
            let sep = if text.starts_with('\n') { "" } else { " " };
            out.push_str(&format!("{field}:{sep}{text}\n"));
        }
    }
    out.push_str(&format!("source_id: {}\n", render_scalar(source_id, false)));
    for (field, raw) in &d.fields {
        let text = match fields::value(field, raw, config)? {
            NewValue::Str(s) => render_scalar(&s, false),
            NewValue::Raw(r) => r,
            map @ (NewValue::Map(_) | NewValue::Seq(_)) => {
                edit::render_inline(&map).map_err(|e| Error::refused(format!("{field}: {e}")))?
            }
        };
        out.push_str(&format!("{field}: {text}\n"));
    }
    Ok(out)
}

/// The fields a re-import merges, with the value the source gives each
/// (mapped onto the product), as text for comparison.
pub(super) fn source_values(d: &Desired) -> Vec<(String, String)> {
    let mut out = vec![("title".to_string(), d.title.clone())];
    out.extend(d.kind.map(|k| ("type".to_string(), k.as_str().to_string())));
    for (field, value) in [
        ("status", &d.status),
        ("priority", &d.priority),
        ("estimate", &d.estimate),
        ("owner", &d.owner),
        ("parent", &d.parent),
    ] {
        out.extend(value.clone().map(|v| (field.to_string(), v)));
    }
    out.extend(d.description.as_ref().map(|v| ("description".to_string(), v.trim_end().to_string())));
    out.extend(d.fields.iter().cloned());
    out
}

/// The same field of the item as it is here.
pub(super) fn local_value(item: &Item, field: &str) -> Option<String> {
    match field {
        "title" => Some(item.title.clone()),
        "type" => item.kind.map(|k| k.as_str().to_string()),
        "status" => Some(item.status().to_string()),
        "priority" => item.priority.clone(),
        "estimate" => item.estimate.as_ref().map(|e| e.to_string()),
        "owner" => item.owner.clone(),
        "parent" => item.parent.clone(),
        "description" => item.description.as_deref().map(|d| d.trim_end().to_string()),
        other => item.extra.get(other).map(plain),
    }
}

#[cfg(test)]
mod tests;
