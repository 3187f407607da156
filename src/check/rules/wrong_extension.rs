use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "wrong-extension",
    severity: Severity::Error,
    summary: "an artifact file ends in .yml or another spelling of .yaml",
    explanation: "\
pm reads artifact files named `<name>.yaml` exactly: `backlog/BL-4.yaml`,
`okrs/2026-Q4.yaml`, `roadmap.yaml`. A file where one belongs whose extension
is `.yml`, `.YAML`, `.Yml` or another spelling is not read, so the item it
holds would silently be missing from every list, reference check and report.

Example: `backlog/BL-4.yml`.

Fix: rename it, `git mv backlog/BL-4.yml backlog/BL-4.yaml`.",
    scope: Scope::File,
};
