//! OKRs (`product/okrs/<cycle>.yaml`: a list of objectives, each with key
//! results and their check-ins) and Google-style scoring.
//!
//! - Metric key result: `p = clamp((current − baseline) / (target − baseline), 0, 1)`;
//!   one formula for both directions (a decreasing metric has a negative denominator).
//! - Milestone key result: 1 when done, else `steps_done / steps_total`, else 0.
//! - Objective score: `Σ wᵢpᵢ / Σ wᵢ`; equal weights unless every key result has one.
//! - Bands on Google's 0.0–1.0 scale: below 0.4 red, below 0.7 yellow, else green.

use serde::{Deserialize, Deserializer, Serialize};

use super::cycle::Cycle;
use super::date::Date;

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Objective {
    /// `OBJ-<n>`.
    #[schemars(regex(pattern = r"^OBJ-[1-9][0-9]*$"))]
    pub id: String,
    /// The qualitative goal.
    pub title: String,
    /// The cycle (`2027-Q1`); defaults to the file's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<Cycle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// committed (expected to reach 1.0) or aspirational (about 0.7 is good).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ObjectiveType>,
    /// The objective this one supports (`OBJ-n`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ObjectiveStatus>,
    /// The final score, recorded by `pm okr close`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<KeyResult>>")]
    pub key_results: Vec<KeyResult>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KeyResult {
    /// `KR-<n>`.
    #[schemars(regex(pattern = r"^KR-[1-9][0-9]*$"))]
    pub id: String,
    pub title: String,
    /// metric (default) or milestone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<KrKind>,
    /// The metric (`metrics/<id>.yaml`) it measures; its latest observation is the current value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<f64>,
    /// Relative weight within the objective (fractions summing to 1, or percents summing to 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Milestone key results: done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// Milestone key results: progress in steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps_done: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps_total: Option<f64>,
    /// A stored progress score (0.0–1.0), if the team records one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<CheckIn>>")]
    pub check_ins: Vec<CheckIn>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CheckIn {
    pub date: Date,
    pub value: f64,
    /// How likely the target is met, 0.0–1.0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Company,
    Team,
    Individual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveType {
    Committed,
    Aspirational,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveStatus {
    Draft,
    Active,
    Closed,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KrKind {
    Metric,
    Milestone,
}

/// Google's colour bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Band {
    Red,
    Yellow,
    Green,
}

impl Band {
    pub(crate) fn of(score: f64) -> Band {
        if score < 0.4 {
            Band::Red
        } else if score < 0.7 {
            Band::Yellow
        } else {
            Band::Green
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Band::Red => "red",
            Band::Yellow => "yellow",
            Band::Green => "green",
        }
    }
}

/// The cycle named by an OKR file (`okrs/2027-Q1.yaml`).
pub(crate) fn file_cycle(path: &str) -> Option<Cycle> {
    path.strip_prefix("okrs/")?.strip_suffix(".yaml")?.parse().ok()
}

impl Objective {
    /// The objective's cycle: its own `cycle:`, else the one its file (`path`) is named after.
    pub fn cycle_in(&self, path: &str) -> Option<Cycle> {
        self.cycle.or_else(|| file_cycle(path))
    }
}

impl KeyResult {
    pub fn is_milestone(&self) -> bool {
        self.kind == Some(KrKind::Milestone)
    }

    /// Progress 0.0–1.0, given the current value to use (`None` when it
    /// cannot be computed: no baseline, target or current, or target = baseline).
    pub fn progress(&self, current: Option<f64>) -> Option<f64> {
        if self.is_milestone() {
            if self.done == Some(true) {
                return Some(1.0);
            }
            return match (self.steps_done, self.steps_total) {
                (Some(d), Some(t)) if t > 0.0 => Some((d / t).clamp(0.0, 1.0)),
                _ => Some(0.0),
            };
        }
        let (baseline, target, current) = (self.baseline?, self.target?, current?);
        if target == baseline {
            return None;
        }
        Some(((current - baseline) / (target - baseline)).clamp(0.0, 1.0))
    }
}

/// The weighted score of an objective from its key results' progress and
/// weights; equal weights unless every key result has one.
pub(crate) fn objective_score(parts: &[(Option<f64>, Option<f64>)]) -> Option<f64> {
    let scored: Vec<(f64, Option<f64>)> = parts.iter().filter_map(|(p, w)| p.map(|p| (p, *w))).collect();
    if scored.is_empty() {
        return None;
    }
    let weighted = parts.iter().all(|(_, w)| w.is_some());
    let (num, den) = scored.iter().fold((0.0, 0.0), |(n, d), (p, w)| {
        let w = if weighted { w.unwrap_or(0.0) } else { 1.0 };
        (n + w * p, d + w)
    });
    (den > 0.0).then(|| num / den)
}

/// The weights of an objective's key results after one weighing `new` is
/// added and the others make room in proportion to their weights (equally
/// when they have none, or only some). Weights are fractions of 1, or
/// percents when any is above 1. Rounded to 4 decimals (2 for percents),
/// the last taking what rounding left, so that they add up exactly.
pub(crate) fn rebalance(others: &[Option<f64>], new: f64) -> Result<Vec<f64>, String> {
    let percent = new > 1.0 || others.iter().flatten().any(|w| *w > 1.0);
    let total = if percent { 100.0 } else { 1.0 };
    if !new.is_finite() || new <= 0.0 || new > total {
        return Err(format!("a weight is above 0 and at most {total}, not {new}"));
    }
    if others.is_empty() {
        return if (new - total).abs() <= 1e-9 {
            Ok(Vec::new())
        } else {
            Err(format!("the only key result of an objective weighs {total}, not {new}"))
        };
    }
    let room = total - new;
    let given: f64 = others.iter().flatten().sum();
    let shares: Vec<f64> = if others.iter().all(Option::is_some) && given > 0.0 {
        others.iter().map(|w| w.unwrap_or(0.0) * room / given).collect()
    } else {
        vec![room / others.len() as f64; others.len()]
    };
    let scale = if percent { 100.0 } else { 10_000.0 };
    let round = |v: f64| (v * scale).round() / scale;
    let mut out: Vec<f64> = shares.iter().map(|v| round(*v)).collect();
    let last = out.len() - 1;
    out[last] = round(room - out[..last].iter().sum::<f64>());
    Ok(out)
}

/// Share of the period elapsed on `today`, 0.0–1.0.
pub(crate) fn elapsed(start: Date, end: Date, today: Date) -> f64 {
    let total = start.days_until(end) as f64;
    if total <= 0.0 {
        return 1.0;
    }
    (start.days_until(today) as f64 / total).clamp(0.0, 1.0)
}

/// On track: progress at least the elapsed share minus 0.1.
pub(crate) fn on_track(progress: f64, expected: f64) -> bool {
    progress >= expected - 0.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(yaml: &str) -> KeyResult {
        yaml_serde::from_str(&format!("id: KR-1\ntitle: t\n{yaml}")).unwrap()
    }

    #[test]
    fn metric_progress_in_both_directions() {
        // DOMAIN's example: churn from 10 toward 5, now 7 → 0.6.
        let down = kr("baseline: 10\ntarget: 5\n");
        assert!((down.progress(Some(7.0)).unwrap() - 0.6).abs() < 1e-12);
        let up = kr("baseline: 40\ntarget: 60\n");
        assert_eq!(up.progress(Some(50.0)), Some(0.5));
        // Clamped at both ends.
        assert_eq!(up.progress(Some(70.0)), Some(1.0));
        assert_eq!(up.progress(Some(30.0)), Some(0.0));
        assert_eq!(down.progress(Some(12.0)), Some(0.0));
        assert_eq!(kr("baseline: 5\ntarget: 5\n").progress(Some(5.0)), None);
        assert_eq!(up.progress(None), None);
    }

    #[test]
    fn milestone_progress() {
        assert_eq!(kr("kind: milestone\ndone: true\n").progress(None), Some(1.0));
        assert_eq!(kr("kind: milestone\nsteps_done: 1\nsteps_total: 4\n").progress(None), Some(0.25));
        assert_eq!(kr("kind: milestone\n").progress(None), Some(0.0));
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn rebalancing_makes_room_for_a_new_weight() {
        // In proportion: 0.5/0.3/0.2 make room for 0.5 → halved.
        assert_eq!(rebalance(&[Some(0.5), Some(0.3), Some(0.2)], 0.5), Ok(vec![0.25, 0.15, 0.1]));
        // Without weights, equally: (1 − 0.4) / 2.
        assert_eq!(rebalance(&[None, None], 0.4), Ok(vec![0.3, 0.3]));
        // Partial weights count as none.
        assert_eq!(rebalance(&[Some(0.9), None], 0.2), Ok(vec![0.4, 0.4]));
        // Thirds of 0.5: 0.1667 twice, the last takes the rest (0.1666).
        assert_eq!(rebalance(&[None, None, None], 0.5), Ok(vec![0.1667, 0.1667, 0.1666]));
        // Percents: 50/50 make room for 20 → 40/40.
        assert_eq!(rebalance(&[Some(50.0), Some(50.0)], 20.0), Ok(vec![40.0, 40.0]));
        // The first key result weighs the whole.
        assert_eq!(rebalance(&[], 1.0), Ok(vec![]));
        assert!(rebalance(&[], 0.5).unwrap_err().contains("weighs 1, not 0.5"));
        // Zero, negative and above the whole are refused.
        assert!(rebalance(&[Some(1.0)], 0.0).is_err());
        assert!(rebalance(&[Some(1.0)], -0.1).is_err());
        assert!(rebalance(&[Some(40.0), Some(60.0)], 120.0).is_err());
        // A new weight of the whole leaves the others at zero.
        assert_eq!(rebalance(&[Some(0.5), Some(0.5)], 1.0), Ok(vec![0.0, 0.0]));
    }

    #[test]
    fn objective_scores() {
        // Equal weights: plain average.
        assert!(close(objective_score(&[(Some(0.6), None), (Some(1.0), None)]), 0.8));
        // Weights 0.25 / 0.75: 0.25 × 0.4 + 0.75 × 0.8 = 0.7.
        assert!(close(objective_score(&[(Some(0.4), Some(0.25)), (Some(0.8), Some(0.75))]), 0.7));
        // Percent weights work the same.
        assert!(close(objective_score(&[(Some(0.4), Some(25.0)), (Some(0.8), Some(75.0))]), 0.7));
        // Partial weights fall back to equal weights.
        assert!(close(objective_score(&[(Some(0.4), Some(0.9)), (Some(0.8), None)]), 0.6));
        assert_eq!(objective_score(&[(None, None)]), None);
    }

    #[test]
    fn bands() {
        assert_eq!(Band::of(0.39), Band::Red);
        assert_eq!(Band::of(0.4), Band::Yellow);
        assert_eq!(Band::of(0.69), Band::Yellow);
        assert_eq!(Band::of(0.7), Band::Green);
    }

    #[test]
    fn expected_progress_half_way_through_a_cycle() {
        let q: Cycle = "2027-Q1".parse().unwrap();
        // 2027-Q1 runs 89 days from Jan 1 to Mar 31; Feb 15 is 45 days in.
        let e = elapsed(q.start(), q.end(), "2027-02-15".parse().unwrap());
        assert!((e - 45.0 / 89.0).abs() < 1e-12);
        assert!(on_track(0.45, e));
        assert!(!on_track(0.35, e));
        assert_eq!(elapsed(q.start(), q.end(), "2026-12-01".parse().unwrap()), 0.0);
    }
}
