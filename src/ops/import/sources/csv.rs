//! CSV exports: the reading of the file into a table (shared by Jira, Linear
//! and any CSV), and the column names of a generic CSV, named like pm's
//! fields.

use super::Table;
use super::Target::{self, *};
use crate::error::Result;
use crate::ops::import::invalid;

/// A generic CSV's columns, and what they become.
pub(super) fn columns() -> Vec<(&'static str, Target)> {
    vec![
        ("id", Key),
        ("key", Key),
        ("source_id", Key),
        ("title", Title),
        ("summary", Title),
        ("type", Type),
        ("status", Status),
        ("state", Status),
        ("priority", Priority),
        ("estimate", Estimate),
        ("points", Estimate),
        ("story points", Estimate),
        ("labels", Labels(true)),
        ("tags", Labels(true)),
        ("parent", Parent),
        ("owner", Owner),
        ("assignee", Owner),
        ("description", Description),
        ("acceptance_criteria", Acceptance),
        ("acceptance criteria", Acceptance),
        ("created", Created),
        ("updated", Updated),
        ("blocked_by", BlockedBy),
        ("blocked by", BlockedBy),
        ("blocks", Blocks),
    ]
}

/// RFC 4180 CSV: the header and each record with the line it starts on.
/// Quoted fields may hold commas, quotes (`""`) and line breaks.
pub(crate) fn csv_records(text: &str) -> std::result::Result<Vec<(usize, Vec<String>)>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted_from: Option<usize> = None;
        let mut after_quote = false;
        loop {
            let Some(c) = chars.next() else {
                if let Some(from) = quoted_from {
                    return Err(format!("line {from}: a quoted field is never closed"));
                }
                fields.push(std::mem::take(&mut field));
                break;
            };
            if quoted_from.is_some() {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => {
                        quoted_from = None;
                        after_quote = true;
                    }
                    '\n' => {
                        line += 1;
                        field.push('\n');
                    }
                    '\r' if chars.peek() == Some(&'\n') => {}
                    c => field.push(c),
                }
                continue;
            }
            match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    after_quote = false;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                '"' if field.is_empty() && !after_quote => quoted_from = Some(line),
                c if after_quote => {
                    return Err(format!("line {line}: `{c}` after the closing quote of a field"));
                }
                c => field.push(c),
            }
        }
        // A blank line is not a record.
        if !(fields.len() == 1 && fields[0].is_empty()) {
            records.push((start, fields));
        }
    }
    Ok(records)
}

pub(super) fn table(shown: &str, text: &str) -> Result<Table> {
    let records = csv_records(text).map_err(|e| invalid(shown, vec![e]))?;
    let mut records = records.into_iter();
    let Some((_, columns)) = records.next() else {
        return Err(invalid(shown, vec!["the file is empty: expected a header line naming the columns".into()]));
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, cells) in records {
        if cells.len() != columns.len() {
            problems.push(format!("line {line}: {} fields, but the header has {}", cells.len(), columns.len()));
            continue;
        }
        rows.push((format!("line {line}"), cells.into_iter().map(|c| vec![c]).collect()));
    }
    if !problems.is_empty() {
        return Err(invalid(shown, problems));
    }
    Ok(Table { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_csv_with_line_numbers() {
        let text = "a,b\r\n1,\"x, \"\"y\"\"\nz\"\r\n\r\n2,3\n";
        let rows = csv_records(text).unwrap();
        assert_eq!(rows[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(rows[1], (2, vec!["1".to_string(), "x, \"y\"\nz".to_string()]));
        assert_eq!(rows[2], (5, vec!["2".to_string(), "3".to_string()]));
        assert_eq!(csv_records("a\n\"open\n").unwrap_err(), "line 2: a quoted field is never closed");
        assert_eq!(csv_records("a,b\n\"x\"y,1\n").unwrap_err(), "line 2: `y` after the closing quote of a field");
    }
}
