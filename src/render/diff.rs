//! Drawing a semantic diff: for people (grouped by artifact, coloured on a
//! terminal), as Markdown, and as JSON.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::diff::{Action, ArtifactKind, Change, FieldChange, Summary};

use super::text::{md_cell, terminal};

/// A value as a person reads it.
pub(crate) fn show(v: &Option<Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.as_f64().map(crate::model::score::format_number).unwrap_or_else(|| n.to_string()),
        Some(Value::Array(items)) if items.iter().all(|i| !i.is_object()) => {
            format!("[{}]", items.iter().map(|i| show(&Some(i.clone()))).collect::<Vec<_>>().join(", "))
        }
        Some(Value::Array(items)) => format!("{} entries", items.len()),
        Some(other) => other.to_string(),
    }
}

/// One field change in a sentence: `priority p2 → p1`, or its note.
pub(crate) fn describe(f: &FieldChange) -> String {
    let value = match (&f.old, &f.new) {
        (None, Some(_)) => format!("set to {}", show(&f.new)),
        (Some(_), None) => format!("removed (was {})", show(&f.old)),
        _ => format!("{} → {}", show(&f.old), show(&f.new)),
    };
    match (&f.note, f.field.as_str()) {
        (Some(note), "rank" | "check_ins" | "observations" | "stakeholders") => note.clone(),
        (Some(note), _)
            if f.old.as_ref().is_some_and(|v| !v.is_array()) || f.new.as_ref().is_some_and(|v| !v.is_array()) =>
        {
            format!("{value} ({note})")
        }
        (Some(note), _) => note.clone(),
        (None, _) => value,
    }
}

fn headline(c: &Change) -> String {
    match &c.action {
        Action::Added => format!("{} {} (added)", c.id, c.title),
        Action::Removed => format!("{} {} (removed)", c.id, c.title),
        Action::Renumbered { from } => format!("{} {} (renumbered from {from})", c.id, c.title),
        Action::Changed => format!("{} {}", c.id, c.title),
    }
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
}

/// For people: grouped by kind of artifact.
pub(crate) fn human(changes: &[Change], color: bool) -> String {
    if changes.is_empty() {
        return "No product changes.\n".to_string();
    }
    let mut out = String::new();
    let mut kind: Option<ArtifactKind> = None;
    for c in changes {
        if kind != Some(c.kind) {
            if kind.is_some() {
                out.push('\n');
            }
            out.push_str(&paint(c.kind.heading(), "1", color));
            out.push('\n');
            kind = Some(c.kind);
        }
        let (mark, code) = match c.action {
            Action::Added => ("+", "32"),
            Action::Removed => ("-", "31"),
            Action::Renumbered { .. } => ("~", "33"),
            Action::Changed => ("~", "33"),
        };
        let _ = writeln!(out, "  {} {}", paint(mark, code, color), terminal(&headline(c)));
        let width = c.fields.iter().map(|f| f.field.chars().count()).max().unwrap_or(0);
        for f in &c.fields {
            let _ = writeln!(out, "      {:<width$}  {}", terminal(&f.field), terminal(&describe(f)));
        }
    }
    out
}

/// As Markdown, for a pull request or a document: a heading per kind of artifact.
pub(crate) fn markdown(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "_No product changes._\n".to_string();
    }
    let mut out = String::new();
    let mut kinds: Vec<ArtifactKind> = changes.iter().map(|c| c.kind).collect();
    kinds.dedup();
    for kind in kinds {
        let of_kind: Vec<Change> = changes.iter().filter(|c| c.kind == kind).cloned().collect();
        let _ = write!(out, "\n### {}\n\n{}", kind.heading(), items_markdown(&of_kind));
    }
    out
}

/// One bullet per artifact, with its field changes below it.
pub(crate) fn items_markdown(changes: &[Change]) -> String {
    items_markdown_with(changes, |_| None)
}

/// [`items_markdown`], with what `added` says of an added artifact
/// (`story, p1, parent BL-7`) after "added".
pub(crate) fn items_markdown_with(changes: &[Change], added: impl Fn(&Change) -> Option<String>) -> String {
    let mut out = String::new();
    for c in changes {
        let what = match &c.action {
            Action::Added => match added(c) {
                Some(details) => format!(" — added ({})", md_cell(&details)),
                None => " — added".to_string(),
            },
            Action::Removed => " — removed".to_string(),
            Action::Renumbered { from } => format!(" — renumbered from {}", md_cell(from)),
            Action::Changed => String::new(),
        };
        let _ = writeln!(out, "- **{}** {}{what}", md_cell(&c.id), md_cell(&c.title));
        for f in &c.fields {
            // A field name is a key from the file: it must not close the code span.
            let _ = writeln!(out, "  - `{}`: {}", terminal(&f.field).replace('`', "'"), md_cell(&describe(f)));
        }
    }
    out
}

/// The JSON Schema of [`json`]'s output, compact: the object, its summary
/// counts and each change's kind, id, action and fields.
pub(crate) fn json_schema() -> serde_json::Value {
    let text = json!({"type": "string"});
    json!({"type": "object", "required": ["base", "head", "summary", "changes"],
        "properties": {"base": text, "head": text,
            "summary": {"type": "object", "additionalProperties": {"type": "integer"}},
            "changes": {"type": "array", "items": {"type": "object", "required": ["kind", "id", "action", "fields"],
                "properties": {"kind": text, "id": text, "action": {"type": "object"}, "fields": {"type": "array"}}}}}})
}

pub(crate) fn json(base: &str, head: &str, changes: &[Change], summary: &Summary) -> String {
    super::backlog::to_json(&json!({"base": base, "head": head, "summary": summary, "changes": changes}))
}

/// One line per change, for `pm log`.
pub(crate) fn oneline(c: &Change) -> String {
    let fields: Vec<String> = c.fields.iter().take(4).map(|f| format!("{} {}", f.field, describe(f))).collect();
    let more = if c.fields.len() > 4 { format!(" (+{} more)", c.fields.len() - 4) } else { String::new() };
    match &c.action {
        Action::Added => format!("{} added: {}", c.id, c.title),
        Action::Removed => format!("{} removed: {}", c.id, c.title),
        Action::Renumbered { from } => format!("{from} renumbered to {}", c.id),
        Action::Changed => format!("{}: {}{more}", c.id, fields.join("; ")),
    }
}
