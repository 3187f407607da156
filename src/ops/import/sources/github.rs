//! GitHub issues as `gh issue list --json ...` prints them: a JSON array of
//! objects, read as a table whose columns are the keys the issues have (a
//! list, such as `labels`, is several values in one cell).

use serde_json::Value;

use super::Target::{self, *};
use super::{Record, Table, json_values};
use crate::error::{Error, Result};
use crate::ops::import::invalid;

/// GitHub's keys, and what they become.
pub(super) fn columns() -> Vec<(&'static str, Target)> {
    vec![
        ("number", Key),
        ("title", Title),
        ("body", Description),
        ("labels", Labels(false)),
        ("state", Status),
        ("assignees", Owner),
        ("createdAt", Created),
        ("updatedAt", Updated),
    ]
}

/// An issue labelled `bug` is a bug; its key is its number without `#`.
pub(super) fn finish(r: &mut Record) {
    if r.labels.iter().any(|l| l.eq_ignore_ascii_case("bug")) {
        r.kind = Some("bug".to_string());
    }
    r.key = r.key.trim_start_matches('#').to_string();
}

pub(super) fn table(shown: &str, text: &str) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
        invalid(shown, vec![format!("line {}, column {}: {message}", e.line(), e.column())])
    })?;
    let hint = "export issues with `gh issue list --state all --json \
                number,title,body,labels,state,assignees,createdAt,updatedAt,milestone > issues.json`";
    let Value::Array(issues) = value else {
        return Err(Error::Refused {
            message: format!("{shown} (nothing written): expected a JSON array of issues"),
            hint: Some(hint.to_string()),
        });
    };
    let mut columns: Vec<String> = Vec::new();
    for issue in &issues {
        if let Value::Object(map) = issue {
            for k in map.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        let Value::Object(map) = issue else {
            return Err(invalid(shown, vec![format!("element {}: an issue must be a JSON object", i + 1)]));
        };
        let at = match map.get("number") {
            Some(Value::Number(n)) => format!("issue #{n}"),
            _ => format!("element {}", i + 1),
        };
        rows.push((at, columns.iter().map(|c| map.get(c).map(json_values).unwrap_or_default()).collect()));
    }
    Ok(Table { columns, rows })
}
