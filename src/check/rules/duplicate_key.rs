use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "a key appears twice in the same mapping",
    explanation: "\
YAML parsers disagree about which of two equal keys wins; most silently keep
the last one, so an edit to the first is lost without a word. It usually comes
from a merge that kept both sides.

Example:
    status: ready
    ...
    status: done

Fix: keep one of them.",
    scope: Scope::File,
};
