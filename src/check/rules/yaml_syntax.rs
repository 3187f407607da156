use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "yaml-syntax",
    severity: Severity::Error,
    summary: "the file is not valid YAML",
    explanation: "\
The file cannot be parsed as YAML, so nothing in it can be read.

Example: `labels: [checkout, payments` (the `]` is missing), or a title
containing `: ` without quotes.

Fix: correct the syntax at the position shown; quote values that contain
`: `, `#` or start with a special character.",
    scope: Scope::File,
};
