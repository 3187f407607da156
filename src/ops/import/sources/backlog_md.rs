//! Backlog.md folders: one Markdown file per task, with YAML front matter
//! (id, title, status, assignee, labels, dependencies, ...) and `##`
//! sections, of which Description and Acceptance Criteria are imported and
//! the others reported.

use std::collections::HashMap;

use serde_json::Value;

use super::{Parsed, Record, SourceKind, json_values};
use crate::error::Result;
use crate::ops::import::invalid;

/// `task-3.1` → [3, 1], for ordering tasks as Backlog.md numbers them.
fn task_number(key: &str) -> Vec<u64> {
    let digits = key.rsplit('-').next().unwrap_or("");
    digits.split('.').map(|p| p.parse().unwrap_or(u64::MAX)).collect()
}

fn yaml_strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().flat_map(json_values).collect(),
        Some(Value::String(s)) if s.contains(',') => s.split(',').map(|p| p.trim().to_string()).collect(),
        Some(other) => json_values(other),
        None => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect()
}

/// `- [ ] #2 text` / `- [x] text` → `text`.
fn checkbox(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("- [")?;
    let rest = rest.strip_prefix([' ', 'x', 'X'])?.strip_prefix("] ")?.trim();
    let rest = match rest.strip_prefix('#') {
        Some(numbered) => {
            let digits = numbered.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 { numbered[digits..].trim_start() } else { rest }
        }
        None => rest,
    };
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Reads Backlog.md task files (`(path, text)`) into records.
pub(crate) fn parse_backlog_md(shown: &str, files: &[(String, String)]) -> Result<Parsed> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut unused: Vec<String> = Vec::new();
    let known = [
        "id",
        "title",
        "status",
        "assignee",
        "labels",
        "dependencies",
        "priority",
        "created_date",
        "updated_date",
        "parent_task_id",
        "parent",
        "subtasks",
        "ordinal",
    ];
    for (rel, text) in files {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
        let Some(rest) = text.strip_prefix("---\n") else {
            problems.push(format!("{rel}:1: expected YAML front matter starting with `---`"));
            continue;
        };
        let Some(end) = rest.find("\n---\n").map(|i| i + 1).or_else(|| rest.strip_suffix("\n---").map(str::len)) else {
            problems.push(format!("{rel}:1: the front matter is never closed with `---`"));
            continue;
        };
        let (front, body) = (&rest[..end], rest.get(end + 4..).unwrap_or(""));
        let meta = match crate::store::yaml::parse(front) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                problems.push(format!("{rel}:2: the front matter is not a mapping of fields"));
                continue;
            }
            Err(e) => {
                let line = e.position.map_or(2, |p| p.line + 1);
                problems.push(format!("{rel}:{line}: {}", e.message));
                continue;
            }
        };
        let text_of = |k: &str| meta.get(k).and_then(|v| json_values(v).into_iter().next()).filter(|s| !s.is_empty());
        let file_key = rel.rsplit('/').next().unwrap_or(rel).split(" - ").next().unwrap_or("").to_string();
        let key = text_of("id").unwrap_or(file_key);
        let title = text_of("title").or_else(|| {
            rel.rsplit('/').next().and_then(|n| n.split_once(" - ")).map(|(_, t)| t.trim_end_matches(".md").to_string())
        });
        if title.is_none() {
            problems.push(format!("{rel}: {key} has no title"));
            continue;
        }
        let mut r = Record {
            at: rel.clone(),
            key,
            title,
            status: text_of("status"),
            priority: text_of("priority"),
            owners: yaml_strings(meta.get("assignee"))
                .into_iter()
                .map(|a| a.trim_start_matches('@').to_string())
                .collect(),
            labels: yaml_strings(meta.get("labels")),
            blocked_by: yaml_strings(meta.get("dependencies")),
            parent: text_of("parent_task_id").or_else(|| text_of("parent")),
            created: text_of("created_date"),
            updated: text_of("updated_date"),
            ..Record::default()
        };
        for (k, v) in &meta {
            if !known.contains(&k.as_str()) && !json_values(v).is_empty() && !unused.contains(k) {
                unused.push(k.clone());
            }
        }
        // Sections: `## Description`, `## Acceptance Criteria`; others are reported.
        let mut section = String::new();
        let mut description: Vec<&str> = Vec::new();
        for line in body.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                section = h.trim().to_ascii_lowercase();
                if !section.starts_with("description") && !section.starts_with("acceptance criteria") {
                    notes.push(format!("{}: section `{}` not imported", r.key, h.trim()));
                }
                continue;
            }
            let trimmed = line.trim();
            if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
                continue;
            }
            if section.starts_with("description") {
                description.push(line);
            } else if section.starts_with("acceptance criteria") {
                if let Some(c) = checkbox(line) {
                    r.acceptance.push(c);
                } else if !trimmed.is_empty() {
                    notes.push(format!("{}: acceptance criteria line `{trimmed}` is not a `- [ ]` item", r.key));
                }
            }
        }
        let description = description.join("\n");
        let description = description.trim_matches('\n').trim_end();
        if !description.trim().is_empty() {
            r.description = Some(description.to_string());
        }
        records.push(r);
    }
    let mut seen: HashMap<String, String> = HashMap::new();
    for r in &records {
        if let Some(first) = seen.insert(r.key.to_lowercase(), r.at.clone()) {
            problems.push(format!("{}: {} appears twice (also {first})", r.at, r.key));
        }
    }
    if !problems.is_empty() {
        return Err(invalid(shown, problems));
    }
    records.sort_by(|a, b| task_number(&a.key).cmp(&task_number(&b.key)).then(a.key.cmp(&b.key)));
    let columns = [
        ("id", "source_id"),
        ("title", "title"),
        ("status", "status"),
        ("priority", "priority"),
        ("assignee", "owner"),
        ("labels", "labels"),
        ("dependencies", "blocked_by"),
        ("parent_task_id", "parent"),
        ("created_date", "created"),
        ("updated_date", "updated"),
        ("## Description", "description"),
        ("## Acceptance Criteria", "acceptance_criteria"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    Ok(Parsed { kind: SourceKind::BacklogMd, shown: shown.to_string(), records, columns, unused, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_backlog_md_checkboxes() {
        assert_eq!(checkbox("- [ ] #1 Users can log in").as_deref(), Some("Users can log in"));
        assert_eq!(checkbox("- [x] Done already").as_deref(), Some("Done already"));
        assert_eq!(checkbox("- plain"), None);
    }
}
