//! Product metrics (`product/metrics/<id>.yaml`): a definition, a target,
//! thresholds and a time series of observations.

use serde::{Deserialize, Deserializer, Serialize};

use super::date::Date;

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Metric {
    /// snake_case id, equal to the file name (`activation_rate`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_]*$"))]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How it is computed, in words or symbols.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// percent, count, ratio, currency:USD, seconds or score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether up or down is good.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grain: Option<Grain>,
    /// Where the numbers come from (`amplitude:...`, `sql:...`, `manual`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<MetricCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub north_star: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Band limits, read according to `direction`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Thresholds>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Observation>>")]
    pub observations: Vec<Observation>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    Day,
    Week,
    Month,
    Quarter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricCategory {
    Acquisition,
    Activation,
    Retention,
    Revenue,
    Referral,
    Satisfaction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Target {
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Thresholds {
    pub green: f64,
    pub yellow: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Observation {
    /// The period measured: `2026-11` (month), `2026-11-28` (day), `2026-W48` (week), `2026-Q4` (quarter).
    #[serde(deserialize_with = "period")]
    #[schemars(with = "PeriodSchema")]
    pub period: String,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Periods are strings, but `period: 2026` (a year) reads as a number.
fn period<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match PeriodSchema::deserialize(d)? {
        PeriodSchema::Text(s) => s,
        PeriodSchema::Year(n) => n.to_string(),
    })
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum PeriodSchema {
    Text(String),
    Year(u32),
}

impl Metric {
    /// The latest observation for a segment (`None` = every segment, or `all`).
    pub fn latest(&self, segment: Option<&str>) -> Option<&Observation> {
        self.observations
            .iter()
            .filter(|o| match segment {
                Some(s) => o.segment.as_deref() == Some(s),
                None => o.segment.as_deref().is_none_or(|s| s == "all"),
            })
            .max_by(|a, b| a.period.cmp(&b.period))
    }
}
