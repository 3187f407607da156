//! CSV exports: the reading of the file into a table (shared by Jira, Linear
//! and any CSV), and the column names of a generic CSV, named like pm's
//! fields.

use super::Table;
use super::Target::{self, *};
use crate::error::Result;
use crate::ops::csv_read::{Dialect, Row, rows};
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

pub(super) fn table(shown: &str, text: &str) -> Result<Table> {
    let records = rows(text, Dialect::Export).map_err(|e| invalid(shown, vec![e]))?;
    let mut records = records.into_iter();
    let Some(Row { fields: columns, .. }) = records.next() else {
        return Err(invalid(shown, vec!["the file is empty: expected a header line naming the columns".into()]));
    };
    let mut cells = Vec::new();
    let mut problems = Vec::new();
    for row in records {
        if let Some(problem) = row.ragged(columns.len()) {
            problems.push(problem);
            continue;
        }
        cells.push((format!("line {}", row.line), row.fields.into_iter().map(|c| vec![c]).collect()));
    }
    if !problems.is_empty() {
        return Err(invalid(shown, problems));
    }
    Ok(Table { columns, rows: cells })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ragged_row_is_reported_with_its_line() {
        let text = "ID,Title,Status\nENG-1,One,Todo\nENG-2,Two\n\n\"ENG-3\",\"Three\nlines\",Done,extra\n";
        let Err(crate::error::Error::Invalid { subject, problems }) = table("ragged.csv", text) else {
            panic!("ragged rows are refused")
        };
        assert_eq!(subject, "ragged.csv (nothing written)");
        assert_eq!(problems, ["line 3: 2 fields, but the header has 3", "line 5: 4 fields, but the header has 3"]);
        let Err(crate::error::Error::Invalid { problems, .. }) = table("empty.csv", "\u{feff}\r\n") else {
            panic!("an empty file is refused")
        };
        assert_eq!(problems, ["the file is empty: expected a header line naming the columns"]);
        let t = table("ok.csv", "a,b\r\n1,\"x\r\ny\"\r\n").unwrap();
        assert_eq!(t.rows[0].1, [vec!["1".to_string()], vec!["x\ny".to_string()]]);
    }
}
