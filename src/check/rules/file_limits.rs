use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "file-limits",
    severity: Severity::Error,
    summary: "a file too large, too deeply nested or with too many aliases to read",
    explanation: "\
pm reads product files within limits, so that a stray export or a hostile
file cannot make it slow or exhaust memory. A file larger than
`limits.max_file_bytes` (default 1 MiB), nested deeper than `limits.max_depth`
(default 64 levels of mappings and lists), or whose YAML aliases would expand
to more than 10,000 values is not read: other commands skip it with a warning.

Example: `backlog/BL-7.yaml` is 5 MB because a CSV export was pasted into its
description.

Fix: move the bulk elsewhere (a link in the description), split the file, or,
if the file really must be that large, raise the limit in pm.yaml:

    limits: {max_file_bytes: 4194304, max_depth: 64}",
    scope: Scope::File,
};
