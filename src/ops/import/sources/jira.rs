//! Jira's CSV export (Issues → Export → CSV (all fields)): its column names.
//! Jira writes a column once per value (`Sprint`, `Labels`, link columns),
//! which the table reader gathers; its `Resolution` tells `won't do` from
//! `done` when the records are mapped.

use super::Target::{self, *};

/// Jira's columns, and what they become.
pub(super) fn columns() -> Vec<(&'static str, Target)> {
    vec![
        ("Issue key", Key),
        ("Issue id", AltKey),
        ("Summary", Title),
        ("Issue Type", Type),
        ("Status", Status),
        ("Resolution", Resolution),
        ("Priority", Priority),
        ("Story Points", Estimate),
        ("Custom field (Story Points)", Estimate),
        ("Custom field (Story point estimate)", Estimate),
        ("Labels", Labels(false)),
        ("Parent", Parent),
        ("Parent id", Parent),
        ("Custom field (Epic Link)", Parent),
        ("Parent summary", Ignore),
        ("Assignee", Owner),
        ("Description", Description),
        ("Created", Created),
        ("Updated", Updated),
        ("Outward issue link (Blocks)", Blocks),
        ("Inward issue link (Blocks)", BlockedBy),
    ]
}
