//! Comparing two sources of the product (`pm diff`, `pm review`): reads
//! what changed between them and hands it to the pure [`crate::diff`].

use crate::diff::{self, Change};
use crate::error::Result;
use crate::model::Date;
use crate::store::{self, Product, Source, Workspace};

/// What two sources of a product differ in.
pub(crate) struct Between {
    pub changes: Vec<Change>,
    /// The head side, read in full when the changes needed context.
    pub head: Workspace,
    /// Files that could not be read on either side.
    pub unreadable: Vec<diff::Unreadable>,
}

/// The changes between two sources as `pm diff` shows them: only the files
/// whose blobs differ are parsed; the full head is read only when a rank
/// moved, to name the new neighbour.
pub(crate) fn between(product: &Product, base: &Source, head: &Source, today: Date) -> Result<Between> {
    let (base_ws, head_ws, _) = store::load_changed(product, base, head)?;
    let mut unreadable = diff::unreadable(&base_ws, &diff::source_name(base));
    unreadable.extend(diff::unreadable(&head_ws, &diff::source_name(head)));
    let mut changes = diff::diff_with(&base_ws, &head_ws, today, false);
    // Objective scores depend on metrics that may not have changed: score them in full context.
    let needs_context = changes.iter().any(|c| {
        c.fields.iter().any(|f| f.field == "rank")
            || matches!(c.kind, diff::ArtifactKind::Objective | diff::ArtifactKind::KeyResult)
    });
    if needs_context {
        let (full_base, full_head, _) = store::load_pair(product, base, head)?;
        changes = diff::diff(&full_base, &full_head, today);
        return Ok(Between { changes, head: full_head, unreadable });
    }
    diff::rank_notes(&mut changes, &head_ws);
    Ok(Between { changes, head: head_ws, unreadable })
}
