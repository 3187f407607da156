//! `product/product.yaml`: what the product is for — vision, strategy,
//! target personas, life-cycle stage and stakeholders.

use serde::{Deserialize, Deserializer, Serialize};

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProductInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    /// Target personas.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Persona>>")]
    pub personas: Vec<Persona>,
    /// Life-cycle stage: development, introduction, growth, maturity or decline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Stakeholder>>")]
    pub stakeholders: Vec<Stakeholder>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Persona {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub goals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stakeholder {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Product life-cycle stage (Levitt, with development as the fifth stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Development,
    Introduction,
    Growth,
    Maturity,
    Decline,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Development => "development",
            Stage::Introduction => "introduction",
            Stage::Growth => "growth",
            Stage::Maturity => "maturity",
            Stage::Decline => "decline",
        }
    }

    /// The KPIs a team at this stage usually watches.
    pub fn suggested_kpis(self) -> &'static str {
        match self {
            Stage::Development => "problem/solution fit: interview signal, prototype activation, waitlist sign-ups",
            Stage::Introduction => "activation rate, time to first value, early retention (D7/D30)",
            Stage::Growth => "acquisition and conversion, retention, stickiness (DAU/MAU), NPS",
            Stage::Maturity => "churn, ARPU and margin, LTV:CAC, customer satisfaction",
            Stage::Decline => "churn, cost to serve, migration of customers to successors",
        }
    }
}
