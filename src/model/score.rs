//! Prioritisation formulas, exactly as DOMAIN defines them.
//!
//! - RICE (Intercom): reach × impact × confidence / effort.
//! - ICE (Sean Ellis): (impact + confidence + ease) / 3, or their product.
//! - WSJF (SAFe): (business value + time criticality + risk reduction) / job size.

use serde::{Deserialize, Serialize, Serializer};

/// Writes whole numbers as integers (`3`, not `3.0`) so JSON output reads as the file does.
pub(crate) fn serialize_number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 1e15 { s.serialize_i64(*v as i64) } else { s.serialize_f64(*v) }
}

/// [`serialize_number`] of an optional number (`None` as null).
pub(crate) fn serialize_opt_number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => serialize_number(v, s),
        None => s.serialize_none(),
    }
}

/// RICE reach: a number, or `{from: customers}`: the distinct customers
/// whose feedback asked for the item (or its descendants) in the last 90
/// days, anonymous pieces counting one each (DOMAIN.md §9).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Reach {
    Number(f64),
    From {
        /// Where the reach comes from.
        from: ReachSource,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReachSource {
    Customers,
}

impl Serialize for Reach {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Reach::Number(n) => serialize_number(n, s),
            Reach::From { from } => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("from", from)?;
                m.end()
            }
        }
    }
}

/// The days of feedback `reach: {from: customers}` counts.
pub(crate) const REACH_DAYS: i64 = 90;

/// RICE inputs. `confidence` may be written as a fraction (0.8) or a percent (80).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rice {
    pub reach: Reach,
    /// The reach counted from customer evidence, for `reach: {from: customers}` (set when the product is read).
    #[serde(skip)]
    #[schemars(skip)]
    pub counted_reach: Option<f64>,
    #[serde(serialize_with = "serialize_number")]
    pub impact: f64,
    #[serde(serialize_with = "serialize_number")]
    pub confidence: f64,
    #[serde(serialize_with = "serialize_number")]
    pub effort: f64,
}

/// The impact steps Intercom defines: massive, high, medium, low, minimal.
pub(crate) const RICE_IMPACTS: [f64; 5] = [3.0, 2.0, 1.0, 0.5, 0.25];
/// The confidence levels Intercom defines, as fractions.
pub(crate) const RICE_CONFIDENCES: [f64; 3] = [1.0, 0.8, 0.5];

impl Rice {
    /// The reach the score uses: the number written, or the customers counted.
    pub fn reach_value(&self) -> Option<f64> {
        match self.reach {
            Reach::Number(n) => Some(n),
            Reach::From { .. } => self.counted_reach,
        }
    }

    /// Confidence as a fraction: values above 1 are read as percents.
    pub fn confidence_fraction(&self) -> f64 {
        if self.confidence > 1.0 { self.confidence / 100.0 } else { self.confidence }
    }

    /// The RICE score; `None` when effort is not positive.
    pub fn score(&self) -> Option<f64> {
        let reach = self.reach_value()?;
        (self.effort > 0.0).then(|| reach * self.impact * self.confidence_fraction() / self.effort)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Ice {
    #[serde(serialize_with = "serialize_number")]
    pub impact: f64,
    #[serde(serialize_with = "serialize_number")]
    pub confidence: f64,
    #[serde(serialize_with = "serialize_number")]
    pub ease: f64,
}

/// How the three ICE components are combined (`ice_method` in `pm.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IceMethod {
    #[default]
    Average,
    Product,
}

impl Ice {
    pub fn score(&self, method: IceMethod) -> f64 {
        match method {
            IceMethod::Average => (self.impact + self.confidence + self.ease) / 3.0,
            IceMethod::Product => self.impact * self.confidence * self.ease,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Wsjf {
    #[serde(serialize_with = "serialize_number")]
    pub user_business_value: f64,
    #[serde(serialize_with = "serialize_number")]
    pub time_criticality: f64,
    #[serde(serialize_with = "serialize_number")]
    pub risk_reduction_opportunity_enablement: f64,
    #[serde(serialize_with = "serialize_number")]
    pub job_size: f64,
}

impl Wsjf {
    /// Cost of delay: the sum of the three value components.
    pub fn cost_of_delay(&self) -> f64 {
        self.user_business_value + self.time_criticality + self.risk_reduction_opportunity_enablement
    }

    /// WSJF; `None` when the job size is not positive.
    pub fn score(&self) -> Option<f64> {
        (self.job_size > 0.0).then(|| self.cost_of_delay() / self.job_size)
    }
}

/// A number as YAML should store it: whole numbers without a fraction, other
/// values with the shortest text that reads back as the same number.
pub(crate) fn format_number_exact(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

/// `value` rounded half away from zero to `decimals` places, written with
/// exactly that many (`0.625` → `0.63` at 2); never `-0`. Every score pm
/// shows goes through here or [`format_number`], so that a table, a CSV
/// file and a web page round a value the same way.
pub(crate) fn format_fixed(value: f64, decimals: u32) -> String {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (value * scale).round() / scale;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded:.prec$}", prec = decimals as usize)
}

/// A share as a whole percent, rounded half away from zero: `0.625` →
/// `63%`; a share that rounds to zero is `0%`, never `-0%`.
pub(crate) fn format_percent(ratio: f64) -> String {
    format!("{}%", format_fixed(ratio * 100.0, 0))
}

/// Formats a score for people: at most two decimals, no trailing zeros.
pub(crate) fn format_number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" { "0".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_half_away_from_zero_everywhere() {
        // 0.625 is exact in binary: format! alone would give 0.62 and 62%.
        assert_eq!(format_fixed(0.625, 2), "0.63");
        assert_eq!(format_percent(0.625), "63%");
        assert_eq!(format_number(0.625), "0.63");
        assert_eq!(format_percent(0.125), "13%");
        assert_eq!(format_fixed(-0.625, 2), "-0.63");
        // No negative zero.
        assert_eq!(format_percent(-0.0), "0%");
        assert_eq!(format_percent(-0.004), "0%");
        assert_eq!(format_fixed(-0.001, 2), "0.00");
        assert_eq!(format_number(-0.001), "0");
        // Whole and clamped values.
        assert_eq!(format_percent(1.0), "100%");
        assert_eq!(format_percent(1.25), "125%");
        assert_eq!(format_fixed(7.0, 2), "7.00");
    }

    #[test]
    fn rice_matches_intercom() {
        let r = Rice { reach: Reach::Number(800.0), counted_reach: None, impact: 2.0, confidence: 0.8, effort: 3.0 };
        assert!((r.score().unwrap() - 426.666_666).abs() < 1e-3);
        let percent = Rice { confidence: 80.0, ..r };
        assert_eq!(percent.score(), r.score());
        assert_eq!(Rice { effort: 0.0, ..r }.score(), None);
    }

    #[test]
    fn ice_methods() {
        let i = Ice { impact: 7.0, confidence: 6.0, ease: 8.0 };
        assert_eq!(i.score(IceMethod::Average), 7.0);
        assert_eq!(i.score(IceMethod::Product), 336.0);
    }

    #[test]
    fn wsjf_matches_safe() {
        let w = Wsjf {
            user_business_value: 8.0,
            time_criticality: 5.0,
            risk_reduction_opportunity_enablement: 3.0,
            job_size: 5.0,
        };
        assert_eq!(w.cost_of_delay(), 16.0);
        assert_eq!(w.score(), Some(3.2));
        assert_eq!(Wsjf { job_size: 0.0, ..w }.score(), None);
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(format_number(426.6666), "426.67");
        assert_eq!(format_number(3.2), "3.2");
        assert_eq!(format_number(7.0), "7");
        assert_eq!(format_number(-0.001), "0");
    }
}
