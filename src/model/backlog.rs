//! Backlog items (`product/backlog/<ID>.yaml`) and the checks that need only
//! the item itself and the configuration.

use serde::{Deserialize, Deserializer, Serialize};

use super::config::{Config, EstimateScale, FIBONACCI, FieldType, TSHIRT};
use super::date::Date;
use super::id::{self, Kind};
use super::rank;
use super::score::{Ice, RICE_IMPACTS, Rice, Wsjf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ItemType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    pub acceptance_criteria: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prd: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    pub key_results: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rice: Option<Rice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ice: Option<Ice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsjf: Option<Wsjf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kano: Option<Kano>,
    #[serde(default, deserialize_with = "rank_key", skip_serializing_if = "Option::is_none")]
    pub rank: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// Fields pm does not know (custom fields among them), in file order.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The keys of [`Item`] in the order pm writes them.
pub const FIELDS: [&str; 24] = [
    "id",
    "title",
    "type",
    "status",
    "priority",
    "estimate",
    "owner",
    "labels",
    "parent",
    "origin",
    "blocked_by",
    "description",
    "acceptance_criteria",
    "prd",
    "key_results",
    "initiative",
    "milestone",
    "rice",
    "ice",
    "wsjf",
    "kano",
    "rank",
    "created",
    "updated",
];

/// Fields holding a list of strings.
pub const LIST_FIELDS: [&str; 4] = ["labels", "blocked_by", "acceptance_criteria", "key_results"];

/// `null` and a missing key both mean "no entries".
fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

/// Rank keys are strings, but a hand-written `rank: 5` is accepted as "5".
fn rank_key<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Key {
        S(String),
        N(u64),
    }
    Ok(Option::<Key>::deserialize(d)?.map(|k| match k {
        Key::S(s) => s,
        Key::N(n) => n.to_string(),
    }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    Epic,
    Feature,
    Story,
    Bug,
    Chore,
    Spike,
}

impl ItemType {
    pub const ALL: [ItemType; 6] =
        [ItemType::Epic, ItemType::Feature, ItemType::Story, ItemType::Bug, ItemType::Chore, ItemType::Spike];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemType::Epic => "epic",
            ItemType::Feature => "feature",
            ItemType::Story => "story",
            ItemType::Bug => "bug",
            ItemType::Chore => "chore",
            ItemType::Spike => "spike",
        }
    }

    pub fn parse(s: &str) -> Option<ItemType> {
        ItemType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The types an item of this type may have as its parent.
    pub fn allowed_parents(self) -> &'static [ItemType] {
        match self {
            ItemType::Epic => &[],
            ItemType::Feature => &[ItemType::Epic],
            _ => &[ItemType::Epic, ItemType::Feature],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Customer,
    Internal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kano {
    MustBe,
    OneDimensional,
    Attractive,
    Indifferent,
    Reverse,
}

/// Story points, or a t-shirt size when `pm.yaml` selects that scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Estimate {
    Points(#[serde(serialize_with = "super::score::serialize_number")] f64),
    Size(String),
}

impl Estimate {
    /// Points for sums and capacity: t-shirt sizes through the configured map.
    pub fn points(&self, config: &Config) -> Option<f64> {
        match self {
            Estimate::Points(p) => Some(*p),
            Estimate::Size(s) => config.tshirt_points.get(s).copied(),
        }
    }
}

impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Estimate::Points(p) => f.write_str(&super::score::format_number(*p)),
            Estimate::Size(s) => f.write_str(s),
        }
    }
}

/// A problem with one field of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    /// Dotted key path (`rice.effort`).
    pub field: String,
    pub message: String,
}

impl Item {
    pub fn status(&self) -> &str {
        self.status.as_deref().unwrap_or("")
    }

    pub fn rice_score(&self) -> Option<f64> {
        self.rice.as_ref().and_then(Rice::score)
    }

    pub fn wsjf_score(&self) -> Option<f64> {
        self.wsjf.as_ref().and_then(Wsjf::score)
    }

    pub fn ice_score(&self, config: &Config) -> Option<f64> {
        self.ice.as_ref().map(|i| i.score(config.ice_method))
    }

    /// Every reference this item makes to another backlog item, with the field it sits in.
    pub fn backlog_refs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.parent
            .iter()
            .map(|p| ("parent", p.as_str()))
            .chain(self.blocked_by.iter().map(|b| ("blocked_by", b.as_str())))
    }

    /// Problems this item has on its own, judged against the configuration:
    /// enum values, scales, score inputs, id format and dates. Checks that need
    /// other files (references, cycles, duplicates) live with the workspace.
    pub fn problems(&self, config: &Config) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut bad = |field: &str, message: String| {
            out.push(FieldProblem { field: field.to_string(), message });
        };
        let prefix = config.id_prefix.as_str();
        if id::number(&self.id, prefix).is_none() {
            bad("id", format!("`{}` is not a backlog id: use {prefix}-<n>", self.id));
        }
        if self.title.trim().is_empty() {
            bad("title", "title is empty".to_string());
        }
        if let Some(status) = &self.status
            && config.step(status).is_none()
        {
            bad("status", format!("`{status}` is not a status: use one of {}", join(config.statuses())));
        }
        if let Some(priority) = &self.priority {
            let values = config.priority_scheme.values();
            if !values.contains(&priority.as_str()) {
                bad("priority", format!("`{priority}` is not a priority: use one of {}", join(values.iter().copied())));
            }
        }
        if let Some(estimate) = &self.estimate
            && let Some(message) = estimate_problem(estimate, config)
        {
            bad("estimate", message);
        }
        for (field, value) in self.backlog_refs() {
            if id::number(value, prefix).is_none() {
                bad(field, format!("`{value}` is not a backlog id: use {prefix}-<n>"));
            } else if value == self.id {
                bad(field, format!("an item cannot reference itself in `{field}`"));
            }
        }
        let refs = [("prd", Kind::Prd), ("initiative", Kind::Initiative), ("milestone", Kind::Milestone)];
        for (field, kind) in refs {
            let value = match field {
                "prd" => &self.prd,
                "initiative" => &self.initiative,
                _ => &self.milestone,
            };
            if let Some(v) = value
                && !id::is_reference(v, kind, prefix)
            {
                bad(field, format!("`{v}` is not a {} id", kind.noun()));
            }
        }
        for kr in &self.key_results {
            if !id::is_reference(kr, Kind::KeyResult, prefix) {
                bad("key_results", format!("`{kr}` is not a key result id: use KR-<n>"));
            }
        }
        if self.initiative.is_some() && self.kind.is_some_and(|k| k != ItemType::Epic) {
            bad("initiative", "only epics link to an initiative; link the epic instead".to_string());
        }
        if let Some(r) = &self.rice {
            if !RICE_IMPACTS.contains(&r.impact) {
                bad("rice.impact", format!("{} is not a RICE impact: use 3, 2, 1, 0.5 or 0.25", r.impact));
            }
            let c = r.confidence_fraction();
            if !(0.0..=1.0).contains(&c) || r.confidence < 0.0 {
                bad("rice.confidence", format!("{} is not a confidence: use 0.5-1.0 or 50-100", r.confidence));
            }
            if r.effort <= 0.0 {
                bad("rice.effort", format!("effort must be more than 0 person-months, not {}", r.effort));
            }
            if r.reach < 0.0 {
                bad("rice.reach", format!("reach cannot be negative ({})", r.reach));
            }
        }
        if let Some(i) = &self.ice {
            for (name, v) in [("impact", i.impact), ("confidence", i.confidence), ("ease", i.ease)] {
                if !(1.0..=10.0).contains(&v) || v.fract() != 0.0 {
                    bad(&format!("ice.{name}"), format!("ICE {name} must be a whole number from 1 to 10, not {v}"));
                }
            }
        }
        if let Some(w) = &self.wsjf {
            if w.job_size <= 0.0 {
                bad("wsjf.job_size", format!("job size must be more than 0, not {}", w.job_size));
            }
            let parts = [
                ("user_business_value", w.user_business_value),
                ("time_criticality", w.time_criticality),
                ("risk_reduction_opportunity_enablement", w.risk_reduction_opportunity_enablement),
            ];
            for (name, v) in parts {
                if v < 0.0 {
                    bad(&format!("wsjf.{name}"), format!("{name} cannot be negative ({v})"));
                }
            }
        }
        if let Some(key) = &self.rank
            && !rank::is_valid(key)
        {
            bad("rank", format!("`{key}` is not a rank key: use lower-case 0-9a-z, not ending in 0"));
        }
        if let (Some(created), Some(updated)) = (self.created, self.updated)
            && updated < created
        {
            bad("updated", format!("updated {updated} is before created {created}"));
        }
        for field in config.custom_fields.iter().filter(|f| f.kind == "backlog") {
            match self.extra.get(&field.name) {
                None | Some(serde_json::Value::Null) => {
                    if field.required {
                        bad(&field.name, format!("`{}` is required (custom field in pm.yaml)", field.name));
                    }
                }
                Some(value) => {
                    if let Some(message) = custom_problem(value, field.ty, &field.values) {
                        bad(&field.name, message);
                    }
                }
            }
        }
        out
    }
}

fn estimate_problem(estimate: &Estimate, config: &Config) -> Option<String> {
    match (config.estimate_scale, estimate) {
        (EstimateScale::Fibonacci, Estimate::Points(p)) if FIBONACCI.contains(p) => None,
        (EstimateScale::Fibonacci, _) => {
            Some(format!("{estimate} is not on the fibonacci scale: use 0 1 2 3 5 8 13 21 (or 20 40 100)"))
        }
        (EstimateScale::Tshirt, Estimate::Size(s)) if config.tshirt_points.contains_key(s) => None,
        (EstimateScale::Tshirt, _) => {
            Some(format!("{estimate} is not a t-shirt size: use one of {}", join(tshirt_order(config))))
        }
        (EstimateScale::Any, Estimate::Points(p)) if *p >= 0.0 && p.is_finite() => None,
        (EstimateScale::Any, _) => Some(format!("{estimate} is not a number of points >= 0")),
    }
}

/// T-shirt sizes in size order: the standard ones first, then any the team added.
fn tshirt_order(config: &Config) -> impl Iterator<Item = &str> {
    let standard = TSHIRT.into_iter().filter(|s| config.tshirt_points.contains_key(*s));
    let extra = config.tshirt_points.keys().map(String::as_str).filter(|k| !TSHIRT.contains(k));
    standard.chain(extra)
}

fn custom_problem(value: &serde_json::Value, ty: FieldType, values: &[String]) -> Option<String> {
    use serde_json::Value as V;
    let ok = match (ty, value) {
        (FieldType::String, V::String(_)) => true,
        (FieldType::Number, V::Number(_)) => true,
        (FieldType::Integer, V::Number(n)) => n.is_i64() || n.is_u64(),
        (FieldType::Bool, V::Bool(_)) => true,
        (FieldType::Date, V::String(s)) => s.parse::<Date>().is_ok(),
        (FieldType::Enum, V::String(s)) => values.contains(s),
        (FieldType::List, V::Array(items)) => {
            items.iter().all(|i| i.is_string())
                && (values.is_empty() || items.iter().all(|i| values.iter().any(|v| i == v)))
        }
        _ => false,
    };
    (!ok).then(|| match ty {
        FieldType::Enum => format!("{value} is not one of {}", join(values.iter().map(String::as_str))),
        FieldType::List if !values.is_empty() => {
            format!("{value} must be a list of {}", join(values.iter().map(String::as_str)))
        }
        other => format!("{value} is not a {}", format!("{other:?}").to_lowercase()),
    })
}

pub(crate) fn join<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values.into_iter().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(yaml: &str) -> Item {
        yaml_serde::from_str(yaml).unwrap()
    }

    #[test]
    fn loads_every_field_and_keeps_unknown_ones() {
        let i = item(
            "id: BL-42\ntitle: Pay\ntype: story\nstatus: ready\npriority: p1\nestimate: 5\nlabels: [a, b]\n\
             rice: {reach: 800, impact: 2, confidence: 0.8, effort: 3}\nrank: 12\ncreated: 2025-07-01\n\
             customer_quote: \"fast\"\nzeta: 1\n",
        );
        assert_eq!(i.kind, Some(ItemType::Story));
        assert_eq!(i.estimate, Some(Estimate::Points(5.0)));
        assert_eq!(i.rank.as_deref(), Some("12"));
        assert_eq!(i.created, "2025-07-01".parse().ok());
        let keys: Vec<_> = i.extra.keys().collect();
        assert_eq!(keys, ["customer_quote", "zeta"]);
        assert!(i.problems(&Config::default()).is_empty());
    }

    #[test]
    fn null_lists_are_empty() {
        assert!(item("id: BL-1\ntitle: t\nlabels:\n").labels.is_empty());
    }

    #[test]
    fn reports_each_bad_field() {
        let i = item(
            "id: BL-01\ntitle: ' '\nstatus: doing\npriority: P9\nestimate: 4\nparent: BL-01\n\
             rice: {reach: 1, impact: 4, confidence: 300, effort: 0}\nice: {impact: 0, confidence: 5.5, ease: 11}\n\
             wsjf: {user_business_value: 1, time_criticality: 1, risk_reduction_opportunity_enablement: 1, job_size: 0}\n\
             rank: \"a0\"\ncreated: 2026-02-02\nupdated: 2026-02-01\nmilestone: RM-1\n",
        );
        let fields: Vec<_> = i.problems(&Config::default()).into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "id",
                "title",
                "status",
                "priority",
                "estimate",
                "parent",
                "milestone",
                "rice.impact",
                "rice.confidence",
                "rice.effort",
                "ice.impact",
                "ice.confidence",
                "ice.ease",
                "wsjf.job_size",
                "rank",
                "updated"
            ]
        );
    }

    #[test]
    fn estimates_follow_the_configured_scale() {
        let mut cfg = Config::default();
        let size = Estimate::Size("M".into());
        assert!(estimate_problem(&Estimate::Points(8.0), &cfg).is_none());
        assert!(estimate_problem(&size, &cfg).is_some());
        cfg.estimate_scale = EstimateScale::Tshirt;
        assert!(estimate_problem(&size, &cfg).is_none());
        assert_eq!(size.points(&cfg), Some(3.0));
        assert_eq!(
            estimate_problem(&Estimate::Size("XXXL".into()), &cfg).unwrap(),
            "XXXL is not a t-shirt size: use one of XS, S, M, L, XL, XXL"
        );
        cfg.estimate_scale = EstimateScale::Any;
        assert!(estimate_problem(&Estimate::Points(4.5), &cfg).is_none());
        assert!(estimate_problem(&Estimate::Points(-1.0), &cfg).is_some());
    }

    #[test]
    fn only_epics_carry_initiatives() {
        let i = item("id: BL-1\ntitle: t\ntype: story\ninitiative: RM-2\n");
        assert_eq!(i.problems(&Config::default())[0].field, "initiative");
    }

    #[test]
    fn custom_fields_are_typed() {
        let cfg = Config {
            custom_fields: yaml_serde::from_str(
                "- {name: team, type: enum, values: [web, mobile]}\n- {name: customer, required: true}\n",
            )
            .unwrap(),
            ..Config::default()
        };
        let i = item("id: BL-1\ntitle: t\nteam: desktop\n");
        let msgs: Vec<_> = i.problems(&cfg).into_iter().map(|p| p.message).collect();
        assert_eq!(msgs, ["\"desktop\" is not one of web, mobile", "`customer` is required (custom field in pm.yaml)"]);
    }
}
