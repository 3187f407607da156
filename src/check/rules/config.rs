use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "config",
    severity: Severity::Error,
    summary: "pm.yaml cannot be used",
    explanation: "\
The product's configuration is invalid: an id prefix pm cannot use, a workflow
that names a status it does not define, a status listed twice, a format
version newer than this pm, or a rule severity for a rule that does not exist.
Nothing else can be checked reliably until it is fixed.

Fix: correct pm.yaml; `pm init` in an empty folder shows a complete example.",
    scope: Scope::File,
};
