//! Arguments shared by every command that writes: the field-edit flags of
//! each `edit`, and the selection of several items (ids, `--where`,
//! `--dry-run`) of the bulk commands. Declared once, so every command takes
//! the same flags with the same help.

use crate::error::Error;
use crate::ops::fields::{self, FieldOp};

/// `--set/--unset/--add/--remove`, as every `edit` takes them.
#[derive(Debug, Default, clap::Args)]
pub struct FieldArgs {
    /// Set a field (repeatable). FIELD is a name or a dotted path:
    /// --set owner=dana, --set rice.reach=900, --set labels=a,b,
    /// --set personas.0.description=TEXT, --set open_questions.2.status=answered
    #[arg(long = "set", value_name = "FIELD=VALUE", help_heading = "Field edits")]
    pub set: Vec<String>,
    /// Remove a field or a list element (repeatable): --unset estimate, --unset risks.1
    #[arg(long = "unset", value_name = "FIELD", help_heading = "Field edits")]
    pub unset: Vec<String>,
    /// Append to a list field (repeatable): --add label=ux, --add blocked_by=BL-3
    #[arg(long = "add", value_name = "FIELD=VALUE", help_heading = "Field edits")]
    pub add: Vec<String>,
    /// Remove an element from a list field, by value, id or name (repeatable)
    #[arg(long = "remove", value_name = "FIELD=VALUE", help_heading = "Field edits")]
    pub remove: Vec<String>,
}

impl FieldArgs {
    /// The changes asked for, in the order unset, set, add, remove (so that
    /// `--unset rice --set rice.reach=900` starts the block afresh).
    pub fn ops(&self) -> Result<Vec<FieldOp>, Error> {
        let mut ops: Vec<FieldOp> = self.unset.iter().map(|f| FieldOp::Unset(f.clone())).collect();
        for a in &self.set {
            let (f, v) = fields::parse_assignment(a)?;
            ops.push(FieldOp::Set(f, v));
        }
        for a in &self.add {
            let (f, v) = fields::parse_assignment(a)?;
            ops.push(FieldOp::Add(f, v));
        }
        for a in &self.remove {
            let (f, v) = fields::parse_assignment(a)?;
            ops.push(FieldOp::Remove(f, v));
        }
        Ok(ops)
    }
}

/// Which items a bulk command changes, and whether it only says what it would do.
#[derive(Debug, Default, clap::Args)]
pub(super) struct Selection {
    /// Also change every item matching FIELD=VALUE (repeatable, all must
    /// hold; the filters of `backlog list`): --where status=ready --where label=billing
    #[arg(long = "where", value_name = "FIELD=VALUE", help_heading = "Selection")]
    pub conditions: Vec<String>,
    /// Print what would change, and check it, without writing anything
    #[arg(long, help_heading = "Selection")]
    pub dry_run: bool,
}
