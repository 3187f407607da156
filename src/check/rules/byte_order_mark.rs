use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "byte-order-mark",
    severity: Severity::Warning,
    summary: "the file starts with a byte-order mark",
    explanation: "\
A UTF-8 byte-order mark (U+FEFF) at the start of a file is invisible in most
editors but shows up in diffs and confuses some YAML tools. pm reads the file
anyway and keeps the mark when it edits it.

Fix: save the file as \"UTF-8\" rather than \"UTF-8 with BOM\".",
    scope: Scope::File,
};
