//! The one table of artifact kinds. Each kind of artifact pm keeps — where
//! its file lives, how its ids look, which schema checks it, which of its
//! fields refer to other artifacts and which are pm's to set — is one row of
//! [`KINDS`]. Loading, path classification, schema lookup, diff, the generic
//! rules and the generic field edits read this table, so a new kind is a row
//! plus its own model and rules.

use serde::{Deserialize, Serialize};

/// A kind of artifact: something with an id that a user creates, changes and
/// removes. The order is the order in which reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A backlog item; its id prefix is configured in `pm.yaml`.
    #[serde(rename = "item")]
    Backlog,
    Initiative,
    Milestone,
    Objective,
    KeyResult,
    Prd,
    Metric,
    Experiment,
    Feedback,
    Customer,
    Competitor,
    Iteration,
    Product,
    Config,
}

/// A kind of file in the product folder: each has its own JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    BacklogItem,
    Config,
    Roadmap,
    Product,
    Okr,
    Metric,
    Experiment,
    Prd,
    Feedback,
    Customers,
    Competitors,
    Iterations,
}

/// How a field is maintained, beyond the type its schema gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An id of one artifact of this kind (`parent: BL-7`).
    Ref(Kind),
    /// A list of ids of this kind (`blocked_by: [BL-3]`).
    Refs(Kind),
    /// The artifact's own id: changed only by renumbering.
    Id,
    /// The workflow status: changed only by the kind's status command.
    Status(&'static str),
    /// Set by pm when the artifact is created or changed.
    Stamp,
}

/// A list field whose elements are records (`stakeholders: [{name, role}]`):
/// how a value typed on the command line becomes one, and how an element is
/// named when it is removed.
#[derive(Debug)]
pub struct Entry {
    pub list: &'static str,
    /// The field the typed value fills, and that `--remove` matches.
    pub key: &'static str,
    /// The field that `NAME:VALUE` fills with the part after the colon.
    pub after_colon: Option<&'static str>,
    /// Fields every new element starts with.
    pub defaults: &'static [(&'static str, &'static str)],
    /// The typed value names an artifact (`BL-42`): written upper case, as ids are.
    pub key_is_id: bool,
    /// The part after the colon is a whole number (an importance), written as one.
    pub after_is_number: bool,
}

impl Entry {
    /// A list whose elements hold one text field, typed in as it is.
    const fn plain(list: &'static str, key: &'static str) -> Entry {
        Entry { list, key, after_colon: None, defaults: &[], key_is_id: false, after_is_number: false }
    }
}

/// One row of the table.
#[derive(Debug)]
pub struct KindDef {
    pub kind: Kind,
    /// The singular noun used in messages.
    pub noun: &'static str,
    /// The heading of this kind's section in reports.
    pub heading: &'static str,
    /// The file the artifact lives in.
    pub file: FileKind,
    /// The fixed id prefix; `None` for backlog items (configured) and for
    /// kinds named by their file (metrics, product, config).
    pub prefix: Option<&'static str>,
    /// The list inside the file that holds the artifacts (`initiatives` in
    /// roadmap.yaml); empty when the artifact is the whole file or the file
    /// is a top-level list.
    pub container: &'static [&'static str],
    /// Fields with a role beyond their schema type.
    pub roles: &'static [(&'static str, Role)],
    /// List fields of records, and how their elements are added and named.
    pub entries: &'static [Entry],
    /// Whether pm stamps `updated` when the artifact changes.
    pub stamped: bool,
}

/// The table.
pub(crate) static KINDS: [KindDef; 14] = [
    KindDef {
        kind: Kind::Backlog,
        noun: "backlog item",
        heading: "Backlog",
        file: FileKind::BacklogItem,
        prefix: None,
        container: &[],
        roles: &[
            ("id", Role::Id),
            ("status", Role::Status("pm backlog move ID STATUS")),
            ("parent", Role::Ref(Kind::Backlog)),
            ("blocked_by", Role::Refs(Kind::Backlog)),
            ("prd", Role::Ref(Kind::Prd)),
            ("key_results", Role::Refs(Kind::KeyResult)),
            ("initiative", Role::Ref(Kind::Initiative)),
            ("milestone", Role::Ref(Kind::Milestone)),
            ("iteration", Role::Ref(Kind::Iteration)),
            ("updated", Role::Stamp),
        ],
        entries: &[],
        stamped: true,
    },
    KindDef {
        kind: Kind::Initiative,
        noun: "initiative",
        heading: "Roadmap initiatives",
        file: FileKind::Roadmap,
        prefix: Some("RM"),
        container: &["initiatives"],
        roles: &[
            ("id", Role::Id),
            ("objectives", Role::Refs(Kind::Objective)),
            ("key_results", Role::Refs(Kind::KeyResult)),
            ("milestones", Role::Refs(Kind::Milestone)),
        ],
        entries: &[],
        stamped: false,
    },
    KindDef {
        kind: Kind::Milestone,
        noun: "milestone",
        heading: "Milestones",
        file: FileKind::Roadmap,
        prefix: Some("MS"),
        container: &["milestones"],
        roles: &[("id", Role::Id)],
        entries: &[],
        stamped: false,
    },
    KindDef {
        kind: Kind::Objective,
        noun: "objective",
        heading: "Objectives",
        file: FileKind::Okr,
        prefix: Some("OBJ"),
        container: &[],
        roles: &[("id", Role::Id), ("parent", Role::Ref(Kind::Objective))],
        entries: &[],
        stamped: false,
    },
    KindDef {
        kind: Kind::KeyResult,
        noun: "key result",
        heading: "Key results",
        file: FileKind::Okr,
        prefix: Some("KR"),
        container: &["key_results"],
        roles: &[("id", Role::Id), ("metric", Role::Ref(Kind::Metric))],
        entries: &[],
        stamped: false,
    },
    KindDef {
        kind: Kind::Prd,
        noun: "PRD",
        heading: "PRDs",
        file: FileKind::Prd,
        prefix: Some("PRD"),
        container: &[],
        roles: &[
            ("id", Role::Id),
            ("status", Role::Status("pm prd status ID STATUS")),
            ("initiative", Role::Ref(Kind::Initiative)),
            ("milestone", Role::Ref(Kind::Milestone)),
            ("created", Role::Stamp),
            ("updated", Role::Stamp),
        ],
        entries: &[
            Entry::plain("goals", "text"),
            Entry {
                list: "stakeholders",
                key: "name",
                after_colon: Some("role"),
                defaults: &[("approval", "pending")],
                key_is_id: false,
                after_is_number: false,
            },
            Entry {
                list: "open_questions",
                key: "q",
                after_colon: None,
                defaults: &[("status", "open")],
                key_is_id: false,
                after_is_number: false,
            },
            Entry::plain("risks", "text"),
            Entry::plain("functional_requirements", "id"),
            Entry::plain("non_functional_requirements", "id"),
            Entry::plain("user_stories", "id"),
        ],
        stamped: true,
    },
    KindDef {
        kind: Kind::Metric,
        noun: "metric",
        heading: "Metrics",
        file: FileKind::Metric,
        prefix: None,
        container: &[],
        roles: &[("id", Role::Id)],
        entries: &[],
        stamped: false,
    },
    KindDef {
        kind: Kind::Experiment,
        noun: "experiment",
        heading: "Experiments",
        file: FileKind::Experiment,
        prefix: Some("EXP"),
        container: &[],
        roles: &[
            ("id", Role::Id),
            ("status", Role::Status("pm experiment start|conclude|abort ID")),
            ("metric", Role::Ref(Kind::Metric)),
        ],
        entries: &[],
        stamped: false,
    },
    // Customer evidence (DOMAIN.md §9).
    KindDef {
        kind: Kind::Feedback,
        noun: "feedback",
        heading: "Customer feedback",
        file: FileKind::Feedback,
        prefix: Some("FB"),
        container: &[],
        roles: &[("id", Role::Id), ("customer", Role::Ref(Kind::Customer))],
        entries: &[Entry {
            list: "links",
            key: "to",
            after_colon: Some("importance"),
            defaults: &[],
            key_is_id: true,
            after_is_number: true,
        }],
        stamped: false,
    },
    KindDef {
        kind: Kind::Customer,
        noun: "customer",
        heading: "Customers",
        file: FileKind::Customers,
        prefix: None,
        container: &["customers"],
        roles: &[("id", Role::Id)],
        entries: &[],
        stamped: false,
    },
    KindDef {
        kind: Kind::Competitor,
        noun: "competitor",
        heading: "Competitors",
        file: FileKind::Competitors,
        prefix: None,
        container: &["competitors"],
        roles: &[("id", Role::Id)],
        entries: &[],
        stamped: false,
    },
    // Delivery planning (DOMAIN.md §10).
    KindDef {
        kind: Kind::Iteration,
        noun: "iteration",
        heading: "Iterations",
        file: FileKind::Iterations,
        prefix: Some("IT"),
        container: &[],
        roles: &[("id", Role::Id), ("closed", Role::Status("pm iteration close ID"))],
        entries: &[],
        stamped: false,
    },
    KindDef {
        kind: Kind::Product,
        noun: "product",
        heading: "Product",
        file: FileKind::Product,
        prefix: None,
        container: &[],
        roles: &[],
        entries: &[
            Entry::plain("personas", "name"),
            Entry {
                list: "stakeholders",
                key: "name",
                after_colon: Some("role"),
                defaults: &[],
                key_is_id: false,
                after_is_number: false,
            },
        ],
        stamped: false,
    },
    KindDef {
        kind: Kind::Config,
        noun: "configuration",
        heading: "Configuration",
        file: FileKind::Config,
        prefix: None,
        container: &[],
        roles: &[],
        entries: &[],
        stamped: false,
    },
];

impl Kind {
    /// This kind's row of the table.
    pub fn def(self) -> &'static KindDef {
        // The table lists the kinds in declaration order.
        &KINDS[self as usize]
    }

    /// Fixed prefix of a kind; `None` for backlog items, whose prefix is
    /// configured, and for kinds without numbered ids.
    pub fn fixed_prefix(self) -> Option<&'static str> {
        self.def().prefix
    }

    pub fn noun(self) -> &'static str {
        self.def().noun
    }

    pub fn heading(self) -> &'static str {
        self.def().heading
    }

    /// The kind's name in JSON output and on the command line (`item`,
    /// `key_result`).
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    /// The kind of this name (see [`Kind::name`]).
    pub fn parse(name: &str) -> Option<Kind> {
        KINDS.iter().map(|d| d.kind).find(|k| k.name() == name.trim().to_ascii_lowercase())
    }

    /// The role of a top-level field of this kind, if it has one.
    pub fn role(self, field: &str) -> Option<Role> {
        self.def().roles.iter().find(|(name, _)| *name == field).map(|(_, role)| *role)
    }

    /// The command that changes this kind's status, if it has one.
    pub(crate) fn status_command(self) -> Option<&'static str> {
        self.def().roles.iter().find_map(|(_, role)| match role {
            Role::Status(command) => Some(*command),
            _ => None,
        })
    }
}

/// Folders that hold one artifact file each, with the kind of those files.
pub(crate) const FOLDERS: [(&str, FileKind); 6] = [
    ("backlog", FileKind::BacklogItem),
    ("okrs", FileKind::Okr),
    ("metrics", FileKind::Metric),
    ("experiments", FileKind::Experiment),
    ("prds", FileKind::Prd),
    ("feedback", FileKind::Feedback),
];

/// Files at the top of the product folder, with their kinds.
pub(crate) const FILES: [(&str, FileKind); 6] = [
    ("pm.yaml", FileKind::Config),
    ("roadmap.yaml", FileKind::Roadmap),
    ("product.yaml", FileKind::Product),
    ("customers.yaml", FileKind::Customers),
    ("competitors.yaml", FileKind::Competitors),
    ("iterations.yaml", FileKind::Iterations),
];

impl FileKind {
    pub const ALL: [FileKind; 12] = [
        FileKind::BacklogItem,
        FileKind::Config,
        FileKind::Roadmap,
        FileKind::Product,
        FileKind::Okr,
        FileKind::Metric,
        FileKind::Experiment,
        FileKind::Prd,
        FileKind::Feedback,
        FileKind::Customers,
        FileKind::Competitors,
        FileKind::Iterations,
    ];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::BacklogItem => "backlog-item",
            FileKind::Config => "pm",
            FileKind::Roadmap => "roadmap",
            FileKind::Product => "product",
            FileKind::Okr => "okr-cycle",
            FileKind::Metric => "metric",
            FileKind::Experiment => "experiment",
            FileKind::Prd => "prd",
            FileKind::Feedback => "feedback",
            FileKind::Customers => "customers",
            FileKind::Competitors => "competitors",
            FileKind::Iterations => "iterations",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    pub fn parse(name: &str) -> Option<FileKind> {
        match name {
            "backlog-item" | "backlog" | "item" => Some(FileKind::BacklogItem),
            "pm" | "config" | "pm.yaml" => Some(FileKind::Config),
            "roadmap" | "roadmap.yaml" => Some(FileKind::Roadmap),
            "product" | "product.yaml" => Some(FileKind::Product),
            "okr-cycle" | "okr" | "okrs" => Some(FileKind::Okr),
            "metric" | "metrics" => Some(FileKind::Metric),
            "experiment" | "experiments" => Some(FileKind::Experiment),
            "prd" | "prds" => Some(FileKind::Prd),
            "feedback" => Some(FileKind::Feedback),
            "customers" | "customer" | "customers.yaml" => Some(FileKind::Customers),
            "competitors" | "competitor" | "competitors.yaml" => Some(FileKind::Competitors),
            "iterations" | "iteration" | "iterations.yaml" => Some(FileKind::Iterations),
            _ => None,
        }
    }

    /// The kind of a product file, by its path below the product folder:
    /// one of the top-level files, or `FOLDER/NAME.yaml` directly inside one
    /// of the artifact folders (files in sub-folders are not artifacts).
    pub fn of_path(path: &str) -> Option<FileKind> {
        if let Some((_, kind)) = FILES.iter().find(|(name, _)| *name == path) {
            return Some(*kind);
        }
        let (dir, name) = path.split_once('/')?;
        let (_, kind) = FOLDERS.iter().find(|(d, _)| *d == dir)?;
        (name.len() > ".yaml".len() && name.ends_with(".yaml") && !name.contains('/')).then_some(*kind)
    }

    /// The artifact kind whose whole file this is (`None` for files that
    /// hold lists of artifacts: roadmap.yaml and OKR cycles).
    pub fn artifact(self) -> Option<Kind> {
        match self {
            FileKind::BacklogItem => Some(Kind::Backlog),
            FileKind::Config => Some(Kind::Config),
            FileKind::Product => Some(Kind::Product),
            FileKind::Metric => Some(Kind::Metric),
            FileKind::Experiment => Some(Kind::Experiment),
            FileKind::Prd => Some(Kind::Prd),
            FileKind::Feedback => Some(Kind::Feedback),
            FileKind::Roadmap | FileKind::Okr | FileKind::Customers | FileKind::Competitors | FileKind::Iterations => {
                None
            }
        }
    }

    /// The `yaml-language-server` modeline for a file of this kind at `path` (below the product folder).
    pub fn modeline(self, path: &str) -> String {
        let depth = path.matches('/').count();
        format!("# yaml-language-server: $schema={}schemas/{}\n", "../".repeat(depth), self.file_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order() {
        for (i, def) in KINDS.iter().enumerate() {
            assert_eq!(def.kind as usize, i, "{:?}", def.kind);
        }
    }

    #[test]
    fn paths_are_classified_once() {
        assert_eq!(FileKind::of_path("backlog/BL-1.yaml"), Some(FileKind::BacklogItem));
        assert_eq!(FileKind::of_path("backlog/a/b.yaml"), None);
        assert_eq!(FileKind::of_path("backlog/.yaml"), None);
        assert_eq!(FileKind::of_path("okrs/2026-Q4.yaml"), Some(FileKind::Okr));
        assert_eq!(FileKind::of_path("roadmap.yaml"), Some(FileKind::Roadmap));
        assert_eq!(FileKind::of_path("templates/story.yaml"), None);
        assert_eq!(FileKind::of_path("notes.yaml"), None);
    }

    /// Every reference field the table declares for backlog items is one the
    /// item model reports, and the other way round.
    #[test]
    fn item_references_match_the_table() {
        let item: crate::model::Item = serde_json::from_value(serde_json::json!({
            "id": "BL-1", "title": "t", "parent": "BL-2", "blocked_by": ["BL-3"], "prd": "PRD-1",
            "key_results": ["KR-1"], "initiative": "RM-1", "milestone": "MS-1", "iteration": "IT-1"
        }))
        .unwrap();
        let mut reported: Vec<&str> = item.references().into_iter().map(|(f, _, _)| f).collect();
        reported.sort_unstable();
        let mut declared: Vec<&str> = Kind::Backlog
            .def()
            .roles
            .iter()
            .filter(|(_, r)| matches!(r, Role::Ref(_) | Role::Refs(_)))
            .map(|(f, _)| *f)
            .collect();
        declared.sort_unstable();
        assert_eq!(reported, declared);
    }

    #[test]
    fn roles() {
        assert_eq!(Kind::Backlog.role("blocked_by"), Some(Role::Refs(Kind::Backlog)));
        assert_eq!(Kind::Initiative.role("objectives"), Some(Role::Refs(Kind::Objective)));
        assert_eq!(Kind::Backlog.role("title"), None);
        assert_eq!(Kind::Prd.fixed_prefix(), Some("PRD"));
    }
}
