use super::{Rule, Scope};
use crate::model::config::Severity;

/// Reported while each file is validated against its schema, which closes
/// every mapping: a key the schema does not list is found there.
pub(crate) static RULE: Rule = Rule {
    name: "unknown-field",
    severity: Severity::Warning,
    summary: "a key that is no field of its artifact",
    explanation: "\
Every key of an artifact file is either a field pm knows (`pm schema KIND`
lists them) or a custom field declared in pm.yaml under `custom_fields`.
Any other key is most often a typo that would otherwise be stored forever
and ignored by every command: `priorty: p1` sets no priority.

Example: `priorty: p1` in a backlog item (did you mean `priority`?).

Fix: correct the name, or, for a field your team adds on purpose, declare it
in pm.yaml (`custom_fields: [{name: team, type: enum, values: [web, app]}]`).
Set `rules: {unknown-field: off}` to allow any key.",
    scope: Scope::File,
};

/// The name a user most likely meant among `known`: the closest by edits,
/// within a third of the name's length (at least two edits).
pub(crate) fn did_you_mean<'k>(wanted: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(wanted, k), k))
        .filter(|(d, k)| *d <= 2.max(wanted.len().min(k.len()) / 3))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_closest_field() {
        let known = ["priority", "owner", "labels", "blocked_by"];
        assert_eq!(did_you_mean("priorty", known), Some("priority"));
        assert_eq!(did_you_mean("label", known), Some("labels"));
        assert_eq!(did_you_mean("colour", known), None);
    }
}
