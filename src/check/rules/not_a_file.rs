use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "not-a-file",
    severity: Severity::Error,
    summary: "a folder, a link out of the product folder, or a device where a file belongs",
    explanation: "\
Where pm expects a product file (`pm.yaml`, `roadmap.yaml`, `product.yaml`,
`backlog/BL-9.yaml`, `okrs/2026-Q4.yaml`, ...) it found something else: a
folder, a symbolic link that leads outside the product folder or nowhere, or a
device, socket or pipe. pm never reads or writes outside the product folder,
so it skips the path; a link to a file inside the folder is read normally.

Example: `backlog/BL-9.yaml` is a symbolic link to `/home/dana/notes.yaml`.

Fix: replace the path with the file itself, inside the product folder.",
    scope: Scope::File,
};
