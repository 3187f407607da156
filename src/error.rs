//! The library's error type. Each variant knows whether it is a refusal (the
//! product data or the request is wrong: exit 1) or a failure to run (exit 2);
//! the CLI edge adds colour and source snippets.
//!
//! Refusals the domain can name precisely are [`Refusal`]s: typed values
//! (`IllegalTransition { from, to, allowed }`) that say what is wrong and
//! nothing about the commands that would fix it. The front ends attach those
//! hints (`cli::hints`), since only they know their commands.

use std::path::PathBuf;

use crate::model::kind::Kind;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in a file something went wrong: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no product found in `{}` or any directory above it", start.display())]
    NoProduct { start: PathBuf },

    #[error("no {noun} {id}")]
    NotFound { noun: &'static str, id: String, suggestions: Vec<String> },

    /// A file that cannot be read as the artifact it should be.
    #[error("{}{}: {message}", path.display(), position.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default())]
    Parse { path: PathBuf, position: Option<Position>, message: String },

    /// Values that would make an artifact invalid; nothing was written.
    #[error("{}", invalid_message(subject, problems))]
    Invalid { subject: String, problems: Vec<String> },

    /// The operation is not allowed in the product's current state.
    #[error("{message}")]
    Refused { message: String, hint: Option<String> },

    /// The request itself is malformed.
    #[error("{message}")]
    Usage { message: String, hint: Option<String> },

    #[error("{action} `{}`: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },

    #[error("git: {message}")]
    Git { message: String, hint: Option<String> },

    /// The product's `pm.yaml` is not in what is being read.
    #[error("git: {} is not {place}", file.display())]
    NoConfig { file: PathBuf, place: ConfigPlace },

    /// A refusal the domain names precisely; its hint is the front end's.
    #[error(transparent)]
    Domain(#[from] Refusal),

    /// A malformed request the library names precisely; its hint is the front end's.
    #[error(transparent)]
    Request(#[from] Mistake),
}

/// Where a product was read from, for [`Error::NoConfig`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigPlace {
    WorkTree,
    Index,
    Rev(String),
}

impl std::fmt::Display for ConfigPlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigPlace::WorkTree => f.write_str("in the working tree"),
            ConfigPlace::Index => f.write_str("in the index: nothing of the product is staged yet"),
            ConfigPlace::Rev(rev) => write!(f, "at `{rev}`"),
        }
    }
}

/// A request that cannot be carried out as asked (exit 2), with the data a
/// front end needs to say how to ask instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Mistake {
    /// Text that is not an iteration id.
    #[error("`{input}` is not an iteration id")]
    NotAnIterationId { input: String },

    /// A PRD part (`PRD-3#FR-2`) where a whole artifact is meant.
    #[error("`{input}` names a part of {prd}")]
    PrdPart { input: String, prd: String },

    /// pm.yaml, which pm does not edit.
    #[error("pm.yaml is edited by hand")]
    ConfigByHand,

    /// An id no artifact has.
    #[error("no artifact has the id `{input}`")]
    UnknownId { input: String },

    /// A template name that is not among `names`.
    #[error("there is no {folder} template `{name}`")]
    NoTemplate { folder: &'static str, name: String, names: Vec<String> },

    /// A rank key set by hand that is not one.
    #[error("{field}: `{raw}` is not a rank key (0-9a-z, not ending in 0)")]
    NotARankKey { field: String, raw: String },

    /// An entry of a list whose ids pm gives (`user_stories`), added as a field.
    #[error("`{shown}` entries get an id from pm")]
    IdedEntry { shown: String, list: &'static str },

    /// A Backlog.md export named as a file.
    #[error("Backlog.md is a folder")]
    BacklogMdFolder,

    /// An output folder inside the product folder.
    #[error("`{out}` is in the product folder `{product}`; pm does not publish there")]
    PublishInProduct { out: String, product: String },
}

/// What the product's state does not allow, with the data a front end needs
/// to say what to do instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// A status change its lifecycle does not allow: `allowed` are the
    /// statuses `from` leads to (none: `from` is final, or outside the
    /// workflow). `edited`: the change came as an edit of the whole file.
    #[error("cannot move {id} from {from} to {to}")]
    IllegalTransition { kind: Kind, id: String, from: String, to: String, allowed: Vec<String>, edited: bool },

    /// An edit of the whole file removed the status the artifact must have.
    #[error("{id}: the status was removed; nothing written")]
    StatusRemoved { kind: Kind, id: String },

    /// An edit of the whole file changed the id.
    #[error("{id}: the id was changed to {to}; nothing written")]
    IdChanged { kind: Kind, id: String, to: String },

    /// A field that only its own command changes (`id` or `status`), set as
    /// a plain field. `noun`: how the message names the artifact ("the id of
    /// an item"); none for a backlog field value on its own. `file`: the
    /// file being edited, as shown.
    #[error("{}{}", file.as_ref().map(|f| format!("{f}: ")).unwrap_or_default(), read_only_message(*kind, field, noun.as_deref()))]
    ReadOnlyField { kind: Kind, field: &'static str, noun: Option<String>, file: Option<String> },

    /// Closing an item while children or items it waits for are open.
    #[error("cannot close {id}: it still has open work: {}", open.join(", "))]
    OpenWork { id: String, open: Vec<String> },

    /// Placing an item next to one that has no valid rank.
    #[error("{id} has no valid rank")]
    Unranked { id: String },

    /// The file holding this kind's records does not exist yet.
    #[error("the product has no {file} yet")]
    NoFile { kind: Kind, file: &'static str },

    /// Rows of an import refused (nothing written), some of them because
    /// they name `customers` that are not in customers.yaml.
    #[error("{}", invalid_message(subject, problems))]
    UnknownCustomers { subject: String, problems: Vec<String>, customers: Vec<String> },

    /// A record with this id exists already.
    #[error("{} {id} exists already", kind.noun())]
    Exists { kind: Kind, id: String },

    /// Closing an objective that is closed.
    #[error("{id} is already closed{}", score.map(|s| format!(" with a score of {s}")).unwrap_or_default())]
    AlreadyClosed { id: String, score: Option<f64> },

    /// Slipping a milestone that has no date.
    #[error("{id} has no date to slip from")]
    NoDate { id: String },

    /// A launch checklist asked of a milestone that is not a launch.
    #[error("{id} is not a launch, so it has no checklist")]
    NotALaunch { id: String },

    /// Filling a launch checklist that has items.
    #[error("{id} already has a checklist")]
    HasChecklist { id: String },

    /// A checklist item that is not there; `len` items are.
    #[error("{id}'s checklist has no item `{which}`")]
    NoChecklistItem { id: String, which: String, len: usize },

    /// Shipping a launch whose checklist has open items.
    #[error("{id} has {} open checklist item{}: {}", open.len(), if open.len() == 1 { "" } else { "s" }, open.iter().map(|o| format!("\"{o}\"")).collect::<Vec<_>>().join(", "))]
    OpenChecklist { id: String, open: Vec<String> },

    /// Approving a PRD that has no stakeholders.
    #[error("{id} has no stakeholders to approve it")]
    NoStakeholders { id: String },

    /// Approving a PRD whose stakeholders have not all approved.
    #[error("{id} cannot be approved: waiting for {}", waiting.join(", "))]
    Waiting { id: String, waiting: Vec<String> },

    /// A decision recorded for someone who is not a stakeholder.
    #[error("{name} is not a stakeholder of {id}")]
    NotAStakeholder { id: String, name: String, stakeholders: Vec<String> },

    /// `--iteration current` when no iteration's days include today.
    #[error("no iteration runs today ({today})")]
    NoIterationToday { today: String },

    /// Planning into an iteration that is closed.
    #[error("{id} {name} is closed: it takes no more items")]
    IterationClosed { id: String, name: String },

    /// No id is left after `max` (the id after it would be out of range);
    /// `backlog`: the ids are backlog items' (which `renumber` changes).
    #[error("{message}")]
    IdsExhausted { backlog: bool, prefix: String, max: u64, message: String },

    /// A write to a file that exists but could not be read.
    #[error("{file} cannot be read: {problem}; nothing written")]
    Unreadable { file: String, problem: String },

    /// A PRD moving to review or approval with required sections empty.
    #[error("{id} cannot go to {to}: {} {} empty", listed(missing), if missing.len() == 1 { "is" } else { "are" })]
    MissingSections { id: String, to: String, missing: Vec<&'static str> },

    /// A hook file pm did not write.
    #[error("`{path}` already exists and was not written by pm")]
    ForeignHook { path: String },

    /// A metric file that exists already.
    #[error("metric {id} already exists ({file})")]
    MetricExists { id: String, file: String },

    /// An observation recorded again without `--replace`.
    #[error("cannot record {value} for {id}: {problem}")]
    Recorded { id: String, value: String, problem: String },

    /// Removing an observation that is not there.
    #[error("{id} has no observation of {period}{}", segment.as_ref().map(|s| format!(" for segment {s}")).unwrap_or_default())]
    NoObservation { id: String, period: String, segment: Option<String> },

    /// An imported update the editor cannot apply to the item's file.
    #[error("cannot update {file}: {problem}")]
    ImportUpdate { id: String, file: String, problem: String },

    /// An experiment step its state does not allow. `since`: when a running experiment started.
    #[error("cannot {action} {id}: it is {status}")]
    ExperimentState { id: String, action: &'static str, status: &'static str, running: bool, since: Option<String> },
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn listed(names: &[&str]) -> String {
    let mut quoted: Vec<String> = names.iter().map(|s| format!("`{s}`")).collect();
    let last = quoted.pop().unwrap_or_default();
    if quoted.is_empty() { last } else { format!("{} and {last}", quoted.join(", ")) }
}

fn read_only_message(kind: Kind, field: &str, noun: Option<&str>) -> String {
    match (field, noun) {
        ("id", Some(noun)) => format!("the id of {noun} cannot be edited"),
        ("id", None) => "the id cannot be edited".to_string(),
        (_, Some(noun)) => format!("the status of {noun} changes through its workflow"),
        (_, None) if kind == Kind::Backlog => "status changes go through the workflow".to_string(),
        (_, None) => format!("the status of a {} changes through its workflow", kind.noun()),
    }
}

fn invalid_message(subject: &str, problems: &[String]) -> String {
    match problems {
        [one] => format!("{subject}: {one}"),
        many => format!("{subject} has {} problems:\n  - {}", many.len(), many.join("\n  - ")),
    }
}

impl Error {
    pub fn refused(message: impl Into<String>) -> Error {
        Error::Refused { message: message.into(), hint: None }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage { message: message.into(), hint: None }
    }

    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { action, path: path.into(), source }
    }

    /// Adds a hint to the variants that carry one.
    pub fn with_hint(mut self, text: impl Into<String>) -> Error {
        if let Error::Refused { hint, .. } | Error::Usage { hint, .. } | Error::Git { hint, .. } = &mut self {
            *hint = Some(text.into());
        }
        self
    }

    /// Whether this is a refusal (exit 1) rather than a failure to run (exit 2).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Error::NotFound { .. }
                | Error::Parse { .. }
                | Error::Invalid { .. }
                | Error::Refused { .. }
                | Error::Domain(_)
        )
    }

    /// What the user can do about it, where that needs no command named
    /// (the front ends add those: `cli::hints`).
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NotFound { suggestions, .. } if !suggestions.is_empty() => {
                Some(format!("did you mean {}?", suggestions.join(", ")))
            }
            Error::Refused { hint, .. } | Error::Usage { hint, .. } | Error::Git { hint, .. } => hint.clone(),
            Error::NoConfig { place: ConfigPlace::Index, .. } => {
                Some("stage it with `git add`, or check the working tree without --staged".to_string())
            }
            Error::NoConfig { place: ConfigPlace::Rev(_), .. } => {
                Some("name a revision that holds the product".to_string())
            }
            _ => None,
        }
    }
}
