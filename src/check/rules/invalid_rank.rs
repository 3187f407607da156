use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::{Item, rank};
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "invalid-rank",
    severity: Severity::Error,
    summary: "a rank key is not a fractional rank key",
    explanation: "\
`rank` orders the backlog. Keys are strings of `0-9` and `a-z` compared
character by character, never ending in `0`, so that there is always room to
place an item between two others by changing only its own file.

Example: `rank: \"High\"` or `rank: \"a0\"`.

Fix: let pm choose a key: `pm backlog rank ID --before OTHER`.",
    scope: Scope::Item(check),
};

fn check(_: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    if let Some(key) = &doc.value.rank
        && !rank::is_valid(key)
    {
        out.push(
            Finding::new(RULE.name, &doc.path, "/rank", format!("`{key}` is not a rank key"))
                .label("use 0-9 and a-z, not ending in 0")
                .help(format!("let pm place it: pm backlog rank {} --bottom", doc.value.id)),
        );
    }
}
