//! What to do about an error, said where the commands are known: the
//! library's typed refusals ([`Refusal`]) name what is wrong; this names the
//! `pm` command that fixes it. The MCP server shows the same help, since its
//! tools run these commands.

use crate::error::{ConfigPlace, Error, Mistake, Refusal};
use crate::model::kind::Kind;
use crate::ops::fields::article;

/// The help line for `e`, if there is one.
pub(crate) fn help(e: &Error) -> Option<String> {
    match e {
        Error::Domain(refusal) => Some(for_refusal(refusal)),
        Error::Request(mistake) => for_mistake(mistake),
        Error::NoProduct { .. } => {
            Some("run `pm init` to create a product here, or `pm -C DIR` to use one elsewhere".to_string())
        }
        Error::Parse { .. } => Some("fix the file by hand, then run `pm check`".to_string()),
        Error::NoConfig { place: ConfigPlace::WorkTree, .. } => Some("run `pm init` to create it".to_string()),
        other => other.hint(),
    }
}

/// What to do about imported rows naming customers pm does not know.
pub(crate) fn unknown_customers(customers: &[String]) -> String {
    let (them, names) = match customers {
        [one] => ("it", format!("`{one}`")),
        many => ("them", many.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")),
    };
    format!(
        "{names}: add {them} with `pm customer add ID --name NAME --tier TIER` (a cell names a customer by id or by name), or leave the cell empty for anonymous feedback"
    )
}

fn for_refusal(r: &Refusal) -> String {
    match r {
        Refusal::IllegalTransition { kind: Kind::Prd, id, to, edited: true, .. } => {
            format!("use `pm prd status {id} {to}` for each step, or --force")
        }
        Refusal::IllegalTransition { kind: Kind::Prd, from, allowed, .. } if allowed.is_empty() => {
            format!("{from} is final")
        }
        Refusal::IllegalTransition { kind: Kind::Prd, from, allowed, .. } => {
            format!("from {from} a PRD can move to: {}", allowed.join(", "))
        }
        Refusal::IllegalTransition { from, allowed, .. } if allowed.is_empty() => {
            format!("`{from}` is not in the workflow; use --force to move anyway")
        }
        Refusal::IllegalTransition { from, allowed, .. } => {
            format!("from {from} an item can move to: {}; use --force to override", allowed.join(", "))
        }
        Refusal::StatusRemoved { kind: Kind::Prd, id } => format!("change it with `pm prd status {id} STATUS`"),
        Refusal::StatusRemoved { .. } => {
            "an item always has a status; change it with `pm backlog move ID STATUS`".to_string()
        }
        Refusal::IdChanged { kind: Kind::Backlog, .. } => "use `pm backlog renumber` to change an id".to_string(),
        Refusal::IdChanged { .. } => "the id is the file name".to_string(),
        Refusal::ReadOnlyField { kind: Kind::Backlog, field: "id", .. } => {
            "use `pm backlog renumber ID --to NEW`".to_string()
        }
        Refusal::ReadOnlyField { field: "id", .. } => {
            "an id names the artifact everywhere it is referenced".to_string()
        }
        Refusal::ReadOnlyField { kind, .. } => match kind.status_command() {
            Some(command) => format!("use `{command}`"),
            None => "it changes through its workflow".to_string(),
        },
        Refusal::OpenWork { .. } => "close the children and blockers first, or use --force".to_string(),
        Refusal::Unranked { id } => format!("rank it first: pm backlog rank {id} --bottom"),
        Refusal::NoFile { kind: Kind::Iteration, .. } => {
            "add an iteration with `pm iteration add NAME --start DATE --end DATE`".to_string()
        }
        Refusal::NoFile { kind: Kind::Product, .. } => "create it with `pm product edit --set name=NAME`".to_string(),
        Refusal::NoFile { kind: Kind::Customer, .. } => {
            "add a customer with `pm customer add ID --name NAME --tier TIER`".to_string()
        }
        Refusal::UnknownCustomers { customers, .. } => unknown_customers(customers),
        Refusal::NoFile { kind, .. } => {
            format!("add {} with `pm {} add ID --name NAME`", article(kind.noun()), kind.noun())
        }
        Refusal::Exists { kind, id } => format!("change it with `pm {} edit {id} --set FIELD=VALUE`", kind.noun()),
        Refusal::AlreadyClosed { id, .. } => format!("reopen it with `pm okr edit {id} --set status=active` first"),
        Refusal::NoDate { id } => format!("give it one: pm milestone edit {id} --set date=YYYY-MM-DD"),
        Refusal::NotALaunch { id } => format!("make it one: pm milestone edit {id} --set kind=launch"),
        Refusal::HasChecklist { id } => format!("add to it: pm milestone checklist {id} add \"...\""),
        Refusal::NoChecklistItem { id, len: 0, .. } => {
            format!("it is empty: pm milestone checklist {id} init (from the template) or add \"...\"")
        }
        Refusal::NoChecklistItem { id, len, .. } => {
            format!("name an item by its number, 1 to {len}, or its text (pm milestone checklist {id})")
        }
        Refusal::OpenChecklist { id, .. } => {
            format!("mark them done (pm milestone checklist {id} done N), or ship anyway with --force")
        }
        Refusal::NoStakeholders { id } => format!("add them: pm prd edit {id} --add stakeholders=NAME:ROLE"),
        Refusal::Waiting { id, .. } => format!("each stakeholder runs: pm prd approve {id} --as NAME"),
        Refusal::NotAStakeholder { id, stakeholders, .. } if stakeholders.is_empty() => {
            format!("add stakeholders first: pm prd edit {id} --add stakeholders=NAME:ROLE")
        }
        Refusal::NotAStakeholder { stakeholders, .. } => format!("stakeholders: {}", stakeholders.join(", ")),
        Refusal::NoIterationToday { .. } => {
            "`pm iteration list` shows their dates; add one with `pm iteration add`".to_string()
        }
        Refusal::IterationClosed { .. } => "plan the items into an open iteration (`pm iteration list`)".to_string(),
        Refusal::IdsExhausted { backlog: true, prefix, max, .. } => format!(
            "give {prefix}-{max} (in the working tree or on a branch) a lower id: `pm backlog renumber {prefix}-{max} --to {prefix}-<n>`"
        ),
        Refusal::IdsExhausted { prefix, max, .. } => {
            format!("give {prefix}-{max} (in the working tree or on a branch) a lower id, renaming its file to match")
        }
        Refusal::Unreadable { .. } => "fix the file first; `pm check` shows where".to_string(),
        Refusal::MissingSections { id, missing, .. } => {
            let how: Vec<String> = missing
                .iter()
                .map(|section| match *section {
                    "problem" => format!("pm prd edit {id} --set problem=TEXT"),
                    "goals" => format!("pm prd goal add {id} TEXT --metric METRIC"),
                    _ => format!("pm prd req add {id} TEXT"),
                })
                .collect();
            format!("fill {} in first: {}", if missing.len() == 1 { "it" } else { "them" }, how.join("; "))
        }
        Refusal::ForeignHook { .. } => "add `pm check --staged` to it yourself, or replace it with --force".to_string(),
        Refusal::MetricExists { id, .. } => format!("record values with `pm metric record {id} VALUE`"),
        Refusal::Recorded { id, .. } => {
            format!("to correct it, add --replace; to remove it, `pm metric obs rm {id} PERIOD`")
        }
        Refusal::NoObservation { id, .. } => format!("`pm metric show {id}` lists them"),
        Refusal::ImportUpdate { id, .. } => format!("edit it by hand: pm backlog edit {id}"),
        Refusal::ExperimentState { id, running: true, since, .. } => format!(
            "it started{}; record its result with `pm experiment conclude {id}` or stop it with `pm experiment abort {id}`",
            since.as_ref().map(|d| format!(" on {d}")).unwrap_or_default()
        ),
        Refusal::ExperimentState { .. } => {
            "a finished experiment is not reopened; propose a follow-up with `pm experiment add`".to_string()
        }
    }
}

fn for_mistake(m: &Mistake) -> Option<String> {
    Some(match m {
        Mistake::NotAnIterationId { .. } => "iteration ids look like IT-3 (`pm iteration list` lists them)".to_string(),
        Mistake::PrdPart { .. } => "parts have commands of their own: pm prd req|story|goal|question|risk edit|rm".to_string(),
        Mistake::ConfigByHand => "`pm check` validates it".to_string(),
        Mistake::UnknownId { .. } => "list ids with `pm backlog list`, `pm roadmap show`, `pm okr show`, `pm prd list`, `pm metric list`, `pm feedback list`".to_string(),
        Mistake::NoTemplate { names, .. } => format!("templates: {} (pm template list)", names.join(", ")),
        Mistake::NotARankKey { .. } => "use `pm backlog rank ID --before OTHER` to place an item".to_string(),
        Mistake::IdedEntry { list, .. } => format!(
            "use `{}`",
            match *list {
                "user_stories" => "pm prd story add PRD-n --as-a ROLE --i-want GOAL",
                "non_functional_requirements" => "pm prd req add PRD-n TEXT --nfr CATEGORY",
                _ => "pm prd req add PRD-n TEXT",
            }
        ),
        Mistake::BacklogMdFolder => "use `pm import backlog-md DIR`".to_string(),
        Mistake::PublishInProduct { .. } => {
            "publish next to the product instead, for example `pm publish --out site`".to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(r: Refusal) -> (String, String) {
        let e = Error::from(r);
        let hint = help(&e).unwrap_or_default();
        (e.to_string(), hint)
    }

    fn moved(kind: Kind, allowed: &[&str], edited: bool) -> (String, String) {
        shown(Refusal::IllegalTransition {
            kind,
            id: "X-1".into(),
            from: "a".into(),
            to: "c".into(),
            allowed: allowed.iter().map(|s| s.to_string()).collect(),
            edited,
        })
    }

    #[test]
    fn unknown_customers_are_named_once_each() {
        let refused = Error::from(Refusal::UnknownCustomers {
            subject: "f.csv (nothing written)".into(),
            problems: vec!["line 2: no customer `Globex` in customers.yaml".into(), "line 3: a bad date".into()],
            customers: vec!["Globex".into()],
        });
        assert_eq!(
            refused.to_string(),
            "f.csv (nothing written) has 2 problems:\n  - line 2: no customer `Globex` in customers.yaml\n  - line 3: a bad date"
        );
        assert_eq!(
            help(&refused).unwrap(),
            "`Globex`: add it with `pm customer add ID --name NAME --tier TIER` (a cell names a customer by id or by name), or leave the cell empty for anonymous feedback"
        );
        assert!(
            unknown_customers(&["Globex".into(), "Initech".into()])
                .starts_with("`Globex`, `Initech`: add them with `pm customer add")
        );
    }

    #[test]
    fn a_missing_pm_yaml_says_where_and_what_to_do() {
        let missing = |place| {
            let e = Error::NoConfig { file: "product/pm.yaml".into(), place };
            (e.to_string(), help(&e).unwrap_or_default())
        };
        assert_eq!(
            missing(ConfigPlace::WorkTree),
            ("git: product/pm.yaml is not in the working tree".into(), "run `pm init` to create it".into())
        );
        assert_eq!(
            missing(ConfigPlace::Index),
            (
                "git: product/pm.yaml is not in the index: nothing of the product is staged yet".into(),
                "stage it with `git add`, or check the working tree without --staged".into()
            )
        );
        assert_eq!(
            missing(ConfigPlace::Rev("v1".into())),
            ("git: product/pm.yaml is not at `v1`".into(), "name a revision that holds the product".into())
        );
    }

    #[test]
    fn a_transition_says_where_the_status_can_go() {
        assert_eq!(
            moved(Kind::Backlog, &["b", "d"], false),
            ("cannot move X-1 from a to c".into(), "from a an item can move to: b, d; use --force to override".into())
        );
        assert_eq!(moved(Kind::Backlog, &[], false).1, "`a` is not in the workflow; use --force to move anyway");
        assert_eq!(moved(Kind::Prd, &["b"], false).1, "from a a PRD can move to: b");
        assert_eq!(moved(Kind::Prd, &[], false).1, "a is final");
        // An edit of the whole file is told to take one step at a time.
        assert_eq!(moved(Kind::Prd, &["b"], true).1, "use `pm prd status X-1 c` for each step, or --force");
    }

    #[test]
    fn a_read_only_field_names_the_command_from_the_kind_table() {
        let field = |kind, field, noun: Option<&str>| {
            shown(Refusal::ReadOnlyField { kind, field, noun: noun.map(String::from), file: Some("f.yaml".into()) })
        };
        assert_eq!(
            field(Kind::Experiment, "status", Some("an experiment")),
            (
                "f.yaml: the status of an experiment changes through its workflow".into(),
                "use `pm experiment start|conclude|abort ID`".into()
            )
        );
        assert_eq!(field(Kind::Backlog, "id", None).1, "use `pm backlog renumber ID --to NEW`");
        assert_eq!(
            field(Kind::Metric, "id", Some("a metric")).1,
            "an id names the artifact everywhere it is referenced"
        );
    }

    #[test]
    fn other_errors_keep_their_own_hint() {
        let e = Error::refused("no").with_hint("do this");
        assert_eq!(help(&e).as_deref(), Some("do this"));
        assert_eq!(help(&Error::refused("no")), None);
    }
}
