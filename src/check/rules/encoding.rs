use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "encoding",
    severity: Severity::Error,
    summary: "the file is not valid UTF-8",
    explanation: "\
Product files are UTF-8 text. A file in another encoding (Latin-1, UTF-16) or
with stray binary bytes cannot be read reliably, so pm skips it.

Example: a title pasted from a spreadsheet saved as Windows-1252.

Fix: re-save the file as UTF-8 in your editor.",
    scope: Scope::File,
};
