//! Backlog items (`product/backlog/<ID>.yaml`) and the checks that need only
//! the item itself and the configuration.

use serde::{Deserialize, Deserializer, Serialize};

use super::config::Config;
use super::date::Date;
use super::score::{Ice, Rice, Wsjf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Item {
    /// The item id, `<PREFIX>-<n>` (prefix from pm.yaml); equal to the file name.
    pub id: String,
    /// A short title.
    pub title: String,
    /// epic, feature, story, bug, chore or spike.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ItemType>,
    /// A status of the workflow in pm.yaml.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A priority of the scheme in pm.yaml: p0-p3, or must/should/could/wont.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Story points on the configured scale, or a t-shirt size (XS..XXL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
    /// Who owns the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Free-form labels.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub labels: Vec<String>,
    /// The epic (for a feature) or the epic or feature (for a story, bug, chore or spike) this item belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// customer (an end-user want) or internal (company-planned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Items that must be done before this one can be.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub blocked_by: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Testable conditions of done.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub acceptance_criteria: Vec<String>,
    /// The PRD (`PRD-3`) or requirement (`PRD-3#FR-2`) this item implements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prd: Option<String>,
    /// Key results (`KR-n`) this item moves.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub key_results: Vec<String>,
    /// The roadmap initiative (`RM-n`); epics only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    /// The milestone (`MS-n`) this item is planned for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    /// The iteration (`IT-n`) this item is planned into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iteration: Option<String>,
    /// RICE inputs: score = reach × impact × confidence / effort.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rice: Option<Rice>,
    /// ICE inputs, each 1-10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ice: Option<Ice>,
    /// WSJF inputs: score = (business value + time criticality + risk reduction) / job size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsjf: Option<Wsjf>,
    /// Kano category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kano: Option<Kano>,
    /// Fractional ordering key (0-9a-z); pm backlog rank sets it.
    #[serde(default, deserialize_with = "rank_key", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<RankKey>")]
    pub rank: Option<String>,
    /// Date the item was created (set by pm).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Date>,
    /// Date the item was last changed (set by pm).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// Fields pm does not know (custom fields among them), in file order.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The keys of [`Item`] in the order pm writes them.
pub(crate) const FIELDS: [&str; 25] = [
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
    "iteration",
    "rice",
    "ice",
    "wsjf",
    "kano",
    "rank",
    "created",
    "updated",
];

/// `null` and a missing key both mean "no entries".
fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

/// Rank keys are strings, but a hand-written `rank: 5` is accepted as "5".
fn rank_key<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<RankKey>::deserialize(d)?.map(|k| match k {
        RankKey::Key(s) => s,
        RankKey::Number(n) => n.to_string(),
    }))
}

/// A rank key as it may be written: a string, or a whole number.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum RankKey {
    Key(String),
    Number(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Customer,
    Internal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kano {
    MustBe,
    OneDimensional,
    Attractive,
    Indifferent,
    Reverse,
}

/// Story points, or a t-shirt size when `pm.yaml` selects that scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

impl Item {
    /// The ids this item refers to, with the field and, for lists, the
    /// position: what the kind table's reference roles point at.
    pub fn references(&self) -> Vec<(&'static str, Option<usize>, &str)> {
        let mut out: Vec<(&'static str, Option<usize>, &str)> = Vec::new();
        let one = [
            ("parent", &self.parent),
            ("initiative", &self.initiative),
            ("milestone", &self.milestone),
            ("iteration", &self.iteration),
            ("prd", &self.prd),
        ];
        out.extend(one.into_iter().filter_map(|(f, v)| v.as_deref().map(|v| (f, None, v))));
        let many = [("blocked_by", &self.blocked_by), ("key_results", &self.key_results)];
        for (field, values) in many {
            out.extend(values.iter().enumerate().map(|(i, v)| (field, Some(i), v.as_str())));
        }
        out
    }

    /// The item from a parsed YAML document.
    pub fn deserialize_value(value: &serde_json::Value) -> Result<Item, String> {
        Item::deserialize(value).map_err(|e| e.to_string())
    }

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
    }

    #[test]
    fn null_lists_are_empty() {
        assert!(item("id: BL-1\ntitle: t\nlabels:\n").labels.is_empty());
    }
}
