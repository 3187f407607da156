//! Competitors (`product/competitors.yaml`, DOMAIN.md §9): who else solves
//! the problem, when they were last reviewed, and which features they have
//! (yes, partial, no, planned) beside ours — with the backlog item or
//! initiative that delivers each of ours.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::date::Date;

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn features<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Support>, D::Error> {
    Ok(Option::<BTreeMap<String, Support>>::deserialize(d)?.unwrap_or_default())
}

/// `product/competitors.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Competitors {
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Competitor>>")]
    pub competitors: Vec<Competitor>,
    /// The features compared, in the matrix's order, with our own support.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Feature>>")]
    pub features: Vec<Feature>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Competitor {
    /// A readable snake_case id (`invoicely`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_]*$"))]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who they sell to and how they pitch it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positioning: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub strengths: Vec<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub weaknesses: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<String>,
    /// The day this entry was last reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
    /// Their support of each feature, by feature key.
    #[serde(default, deserialize_with = "features", skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "Option<BTreeMap<String, Support>>")]
    pub features: BTreeMap<String, Support>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A feature of the comparison, with our side of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Feature {
    /// The key competitors' `features` use (`multi_currency`).
    pub key: String,
    /// How the matrix names it (default: the key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Our support of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<Support>,
    /// The backlog item (`BL-42`) or initiative (`RM-2`) that delivers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_by: Option<String>,
}

impl Feature {
    pub fn label(&self) -> &str {
        self.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&self.key)
    }
}

impl Competitor {
    pub fn label(&self) -> &str {
        self.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&self.id)
    }
}

/// How far a product supports a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    Yes,
    Partial,
    No,
    Planned,
}

impl Support {
    pub const ALL: &'static [Support] = &[Support::Yes, Support::Partial, Support::No, Support::Planned];

    pub fn as_str(self) -> &'static str {
        match self {
            Support::Yes => "yes",
            Support::Partial => "partial",
            Support::No => "no",
            Support::Planned => "planned",
        }
    }

    pub fn parse(s: &str) -> Option<Support> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s)
    }

    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|s| s.as_str()).collect()
    }
}

impl Competitors {
    pub fn get(&self, id: &str) -> Option<&Competitor> {
        self.competitors.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yes_and_no_as_words() {
        let c: Competitors = yaml_serde::from_str(
            "competitors:\n- id: rival\n  reviewed: 2026-05-01\n  features: {sso: yes, api: no, export: partial, fx: planned}\n\
             features:\n- {key: sso, ours: yes, delivered_by: RM-1}\n",
        )
        .unwrap();
        let rival = c.get("rival").unwrap();
        assert_eq!(rival.features["sso"], Support::Yes);
        assert_eq!(rival.features["api"], Support::No);
        assert_eq!(rival.features["fx"], Support::Planned);
        assert_eq!(c.features[0].label(), "sso");
        assert_eq!(Support::parse("partial"), Some(Support::Partial));
    }
}
