//! `pm.yaml`: the product's configuration. Every setting has a default, so a
//! minimal file (or an older one) still loads.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::score::IceMethod;

/// The file format version this build reads and writes.
pub(crate) const CONFIG_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Config {
    pub version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub id_prefix: String,
    pub workflow: Vec<Step>,
    pub priority_scheme: PriorityScheme,
    pub estimate_scale: EstimateScale,
    pub tshirt_points: BTreeMap<String, f64>,
    pub ice_method: IceMethod,
    pub custom_fields: Vec<CustomField>,
    pub rules: BTreeMap<String, Severity>,
    pub limits: Limits,
    pub capacity: Capacity,
}

/// Capacity guidelines that `pm check` holds plans to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Capacity {
    /// The largest share of a milestone's estimate that Must items may take
    /// (rule must-capacity; DSDM's guideline is 0.6).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub must_share: f64,
}

impl Default for Capacity {
    fn default() -> Self {
        Capacity { must_share: 0.6 }
    }
}

/// How much pm reads of one file. A file above a limit is skipped (and
/// reported by `pm check`) instead of being parsed, so a stray export or a
/// malicious file cannot make pm slow or exhaust memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// The largest product file pm reads, in bytes (default 1 MiB).
    #[schemars(range(min = 1))]
    pub max_file_bytes: u64,
    /// How deeply mappings and lists may nest in one file (default 64, at most 128).
    #[schemars(range(min = 1, max = 128))]
    pub max_depth: u32,
    /// How long a command waits for a lock another pm holds (id allocation,
    /// a transaction, a file being written) before it gives up, in seconds
    /// (default 10). After one second of waiting pm says who holds the lock.
    pub lock_timeout_secs: u64,
}

impl Limits {
    /// Whether two sets of limits read files the same way (the lock timeout does not matter).
    pub fn read_alike(&self, other: &Limits) -> bool {
        self.max_file_bytes == other.max_file_bytes && self.max_depth == other.max_depth
    }
}

/// The deepest nesting the YAML reader supports at all.
pub(crate) const MAX_DEPTH_CEILING: u32 = 128;

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 1024 * 1024, max_depth: 64, lock_timeout_secs: 10 }
    }
}

/// One status of the backlog workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Step {
    pub status: String,
    pub category: Category,
    #[serde(default)]
    pub next: Vec<String>,
}

/// Status categories, as Jira groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Todo,
    InProgress,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriorityScheme {
    /// p0 critical, p1 high, p2 normal, p3 low.
    #[default]
    P,
    /// DSDM MoSCoW: must, should, could, wont.
    Moscow,
}

impl PriorityScheme {
    /// The values in order, most important first.
    pub fn values(self) -> &'static [&'static str] {
        match self {
            PriorityScheme::P => &["p0", "p1", "p2", "p3"],
            PriorityScheme::Moscow => &["must", "should", "could", "wont"],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EstimateScale {
    /// 0 1 2 3 5 8 13 21, plus 20 40 100 from planning poker.
    #[default]
    Fibonacci,
    /// XS S M L XL XXL.
    Tshirt,
    /// Any number of points >= 0.
    Any,
}

pub(crate) const FIBONACCI: [f64; 11] = [0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 21.0, 40.0, 100.0];
pub(crate) const TSHIRT: [&str; 6] = ["XS", "S", "M", "L", "XL", "XXL"];

/// A field a team adds to an artifact kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CustomField {
    pub name: String,
    #[serde(default = "default_custom_kind")]
    pub kind: String,
    #[serde(rename = "type", default)]
    pub ty: FieldType,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

fn default_custom_kind() -> String {
    "backlog".to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    #[default]
    String,
    Number,
    Integer,
    Bool,
    Date,
    Enum,
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Default for Config {
    fn default() -> Self {
        let step = |status: &str, category, next: &[&str]| Step {
            status: status.to_string(),
            category,
            next: next.iter().map(|s| s.to_string()).collect(),
        };
        use Category::*;
        Config {
            version: CONFIG_VERSION,
            name: None,
            id_prefix: "BL".to_string(),
            workflow: vec![
                step("new", Todo, &["ready", "wont_do"]),
                step("ready", Todo, &["in_progress", "new", "blocked", "wont_do"]),
                step("in_progress", InProgress, &["in_review", "blocked", "ready", "wont_do"]),
                step("in_review", InProgress, &["done", "in_progress", "blocked"]),
                step("blocked", InProgress, &["ready", "in_progress", "wont_do"]),
                step("done", Done, &["in_progress"]),
                step("wont_do", Done, &["new"]),
            ],
            priority_scheme: PriorityScheme::P,
            estimate_scale: EstimateScale::Fibonacci,
            tshirt_points: TSHIRT
                .iter()
                .zip([1.0, 2.0, 3.0, 5.0, 8.0, 13.0])
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            ice_method: IceMethod::Average,
            custom_fields: Vec::new(),
            rules: BTreeMap::new(),
            limits: Limits::default(),
            capacity: Capacity::default(),
        }
    }
}

impl Config {
    pub fn step(&self, status: &str) -> Option<&Step> {
        self.workflow.iter().find(|s| s.status == status)
    }

    pub fn statuses(&self) -> impl Iterator<Item = &str> {
        self.workflow.iter().map(|s| s.status.as_str())
    }

    /// The status new items start in: the first of the workflow.
    pub fn initial_status(&self) -> &str {
        self.workflow.first().map_or("new", |s| s.status.as_str())
    }

    /// The category of a status; unknown statuses count as to-do.
    pub fn category(&self, status: &str) -> Category {
        self.step(status).map_or(Category::Todo, |s| s.category)
    }

    pub fn is_closed(&self, status: &str) -> bool {
        self.category(status) == Category::Done
    }

    pub fn allows(&self, from: &str, to: &str) -> bool {
        self.step(from).is_some_and(|s| s.next.iter().any(|n| n == to))
    }

    /// Problems that make the configuration itself unusable: a JSON pointer
    /// to the offending value, and a message.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.version > CONFIG_VERSION {
            out.push((
                "/version".to_string(),
                format!("version {} is newer than this pm understands ({CONFIG_VERSION}); upgrade pm", self.version),
            ));
        }
        if !super::id::valid_prefix(&self.id_prefix) {
            out.push((
                "/id_prefix".to_string(),
                format!(
                    "id_prefix `{}` must be 1-10 upper-case letters and not a prefix pm reserves (RM, MS, OBJ, KR, PRD, EXP)",
                    self.id_prefix
                ),
            ));
        }
        if self.workflow.is_empty() {
            out.push(("/workflow".to_string(), "workflow has no statuses".to_string()));
        }
        if !(self.capacity.must_share > 0.0 && self.capacity.must_share <= 1.0) {
            out.push((
                "/capacity/must_share".to_string(),
                format!("capacity: must_share is a share above 0 and at most 1, not {}", self.capacity.must_share),
            ));
        }
        if self.limits.max_file_bytes == 0 {
            out.push(("/limits/max_file_bytes".to_string(), "limits: max_file_bytes must be at least 1".to_string()));
        }
        if !(1..=MAX_DEPTH_CEILING).contains(&self.limits.max_depth) {
            out.push((
                "/limits/max_depth".to_string(),
                format!("limits: max_depth must be between 1 and {MAX_DEPTH_CEILING}, not {}", self.limits.max_depth),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, step) in self.workflow.iter().enumerate() {
            if !seen.insert(step.status.as_str()) {
                out.push((format!("/workflow/{i}/status"), format!("workflow lists status `{}` twice", step.status)));
            }
            for (j, next) in step.next.iter().enumerate() {
                if self.step(next).is_none() {
                    out.push((
                        format!("/workflow/{i}/next/{j}"),
                        format!("workflow: `{}` may move to `{next}`, which is not a status", step.status),
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_matches_defaults() {
        let text = include_str!("../../templates/pm.yaml").replace("{{name}}", "Acme").replace("{{prefix}}", "BL");
        let cfg: Config = yaml_serde::from_str(&text).unwrap();
        assert_eq!(cfg, Config { name: Some("Acme".into()), ..Config::default() });
        assert!(cfg.problems().is_empty());
    }

    #[test]
    fn minimal_file_gets_defaults() {
        let cfg: Config = yaml_serde::from_str("id_prefix: ACME\n").unwrap();
        assert_eq!(cfg.id_prefix, "ACME");
        assert_eq!(cfg.initial_status(), "new");
        assert!(cfg.allows("new", "ready"));
        assert!(!cfg.allows("new", "done"));
    }

    #[test]
    fn reports_broken_workflows() {
        let cfg: Config =
            yaml_serde::from_str("id_prefix: kr\nworkflow: [{status: a, category: todo, next: [b]}]\n").unwrap();
        assert_eq!(cfg.problems().len(), 2);
    }
}
