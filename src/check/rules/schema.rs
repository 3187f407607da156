use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "schema",
    severity: Severity::Error,
    summary: "the file does not match the artifact's JSON Schema",
    explanation: "\
Every artifact file is validated against its JSON Schema (`pm schema KIND`),
extended by the product's pm.yaml with its custom fields. All violations are
reported, not only the first: a missing required key, a value of the wrong
type, a value outside a fixed set.

Example: `type: task` (types are epic, feature, story, bug, chore, spike), or
a backlog item without `title`.

Fix: change the value to one the schema allows; `pm schema backlog-item`
prints the schema.",
    scope: Scope::File,
};
