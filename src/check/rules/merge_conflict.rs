use super::{Rule, Scope};
use crate::model::config::Severity;

pub(super) static RULE: Rule = Rule {
    name: "merge-conflict",
    severity: Severity::Error,
    summary: "the file holds unresolved merge-conflict markers",
    explanation: "\
A merge or rebase left `<<<<<<<`, `=======` and `>>>>>>>` lines in the file:
both sides of the conflict are still there, and the file is not valid YAML.

Example:
    <<<<<<< HEAD
    status: in_review
    =======
    status: done
    >>>>>>> feature

With `--staged`, a file the git index holds unmerged (a conflict not
resolved yet) is reported too: the index has no single version of it.

Fix: keep the lines you want, delete the other side and the three marker
lines, then `git add` the file.",
    scope: Scope::File,
};
