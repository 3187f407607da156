//! Linear's CSV export (Settings → Import/Export → Export CSV): its column
//! names. Linear writes several labels in one cell, comma-separated, and
//! numbers its priorities (0 none, 1 urgent … 4 low), which the mapping reads.

use super::Target::{self, *};

/// Linear's columns, and what they become.
pub(super) fn columns() -> Vec<(&'static str, Target)> {
    vec![
        ("ID", Key),
        ("Title", Title),
        ("Description", Description),
        ("Status", Status),
        ("Priority", Priority),
        ("Estimate", Estimate),
        ("Labels", Labels(true)),
        ("Parent issue", Parent),
        ("Assignee", Owner),
        ("Created", Created),
        ("Updated", Updated),
    ]
}
