//! Lean experiments (`product/experiments/EXP-<n>.yaml`): a hypothesis, the
//! metric that will tell, and what was learned (Build–Measure–Learn).
//!
//! - Implied target: `baseline + change` for an absolute change,
//!   `baseline × (1 + change)` for a relative one (`change: 0.05` is +5%).
//! - Life cycle: `proposed → running → concluded`, or `aborted` from either.

use serde::{Deserialize, Deserializer, Serialize};

use super::date::Date;

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Experiment {
    /// `EXP-<n>`, equal to the file name.
    #[schemars(regex(pattern = r"^EXP-[1-9][0-9]*$"))]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// "We believe <change> for <persona> will <outcome>; we'll know when <metric> moves X→Y".
    pub hypothesis: String,
    /// The metric (`metrics/<id>.yaml`) that decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// The segment of the metric it measures (`mobile`), as in the metric's observations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The metric's value before the experiment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// The change the hypothesis predicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Expected>,
    /// What result counts as validated, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_criterion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// The planned end while it runs; the day it ended once concluded or aborted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// proposed (the default), running, concluded or aborted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ExperimentStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ExperimentResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learnings: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Expected {
    /// In the metric's unit (absolute), or as a fraction of the baseline (relative: 0.05 is +5%).
    pub change: f64,
    /// absolute (the default) or relative.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ChangeType>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    Absolute,
    Relative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    AbTest,
    FakeDoor,
    Concierge,
    WizardOfOz,
    Interview,
    Prototype,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExperimentStatus {
    Proposed,
    Running,
    Concluded,
    Aborted,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExperimentResult {
    /// The metric's value measured at the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Validated,
    Invalidated,
    Inconclusive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Persevere,
    Pivot,
    Stop,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Links {
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub backlog: Vec<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub key_results: Vec<String>,
}

/// `serde` names of unit enum values, and parsing them back.
macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The value named `name` (as written in files).
            pub fn parse(name: &str) -> Option<$ty> {
                match name {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }

            /// Every name, for messages.
            pub fn names() -> Vec<&'static str> {
                $ty::ALL.iter().map(|v| v.as_str()).collect()
            }
        }
    };
}

names!(ChangeType { Absolute => "absolute", Relative => "relative" });
names!(Method {
    AbTest => "ab_test",
    FakeDoor => "fake_door",
    Concierge => "concierge",
    WizardOfOz => "wizard_of_oz",
    Interview => "interview",
    Prototype => "prototype",
});
names!(ExperimentStatus { Proposed => "proposed", Running => "running", Concluded => "concluded", Aborted => "aborted" });
names!(Verdict { Validated => "validated", Invalidated => "invalidated", Inconclusive => "inconclusive" });
names!(Decision { Persevere => "persevere", Pivot => "pivot", Stop => "stop" });

impl ExperimentStatus {
    /// Proposed or running: not finished.
    pub fn is_open(self) -> bool {
        matches!(self, ExperimentStatus::Proposed | ExperimentStatus::Running)
    }
}

impl Expected {
    pub fn kind(&self) -> ChangeType {
        self.kind.unwrap_or(ChangeType::Absolute)
    }

    /// The value the metric should reach from `baseline`: `baseline + change`
    /// (absolute) or `baseline × (1 + change)` (relative).
    pub fn target(&self, baseline: f64) -> f64 {
        match self.kind() {
            ChangeType::Absolute => baseline + self.change,
            ChangeType::Relative => baseline * (1.0 + self.change),
        }
    }

    /// Whether `observed` reached the target in the expected direction (at
    /// least the target for an increase, at most for a decrease). `None` when
    /// no change is expected.
    pub fn reached(&self, baseline: f64, observed: f64) -> Option<bool> {
        let target = self.target(baseline);
        let tolerance = 1e-9 * target.abs().max(1.0);
        let rising = match self.kind() {
            ChangeType::Absolute => self.change > 0.0,
            ChangeType::Relative => self.change * baseline > 0.0,
        };
        if self.change == 0.0 || (self.kind() == ChangeType::Relative && baseline == 0.0) {
            return None;
        }
        Some(if rising { observed >= target - tolerance } else { observed <= target + tolerance })
    }
}

impl Experiment {
    pub fn status(&self) -> ExperimentStatus {
        self.status.unwrap_or(ExperimentStatus::Proposed)
    }

    /// The title, or the hypothesis when there is none.
    pub fn headline(&self) -> &str {
        self.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(&self.hypothesis)
    }

    /// The implied target: the baseline moved by the expected change.
    pub fn target(&self) -> Option<f64> {
        Some(self.expected.as_ref()?.target(self.baseline?))
    }

    pub fn verdict(&self) -> Option<Verdict> {
        self.result.as_ref().and_then(|r| r.verdict)
    }

    pub fn observed(&self) -> Option<f64> {
        self.result.as_ref().and_then(|r| r.observed)
    }

    /// Running past its end date.
    pub fn is_overdue(&self, today: super::Date) -> bool {
        self.status() == ExperimentStatus::Running && self.end.is_some_and(|end| end < today)
    }

    pub fn backlog_links(&self) -> &[String] {
        self.links.as_ref().map_or(&[], |l| l.backlog.as_slice())
    }

    pub fn key_result_links(&self) -> &[String] {
        self.links.as_ref().map_or(&[], |l| l.key_results.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(change: f64, kind: Option<ChangeType>) -> Expected {
        Expected { change, kind }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn implied_targets() {
        // Absolute: 4.1 − 1.0 = 3.1 (DOMAIN's churn example).
        assert!(close(expected(-1.0, Some(ChangeType::Absolute)).target(4.1), 3.1));
        // No type means absolute: 61.2 + 1.5 = 62.7.
        assert!(close(expected(1.5, None).target(61.2), 62.7));
        // Relative: 97.1 × (1 + 0.005) = 97.5855.
        assert!(close(expected(0.005, Some(ChangeType::Relative)).target(97.1), 97.5855));
        // Relative decrease: 20 × (1 − 0.25) = 15.
        assert!(close(expected(-0.25, Some(ChangeType::Relative)).target(20.0), 15.0));
    }

    #[test]
    fn reaching_the_target_depends_on_the_direction() {
        let up = expected(1.5, None);
        assert_eq!(up.reached(61.2, 62.7), Some(true));
        assert_eq!(up.reached(61.2, 63.0), Some(true));
        assert_eq!(up.reached(61.2, 62.6), Some(false));
        let down = expected(-1.0, Some(ChangeType::Absolute));
        assert_eq!(down.reached(4.1, 3.1), Some(true));
        assert_eq!(down.reached(4.1, 3.4), Some(false));
        let relative_down = expected(-0.1, Some(ChangeType::Relative));
        assert_eq!(relative_down.reached(50.0, 44.0), Some(true));
        assert_eq!(relative_down.reached(50.0, 46.0), Some(false));
        assert_eq!(expected(0.0, None).reached(5.0, 5.0), None);
        assert_eq!(expected(0.1, Some(ChangeType::Relative)).reached(0.0, 1.0), None);
    }

    #[test]
    fn names_round_trip() {
        for s in ExperimentStatus::ALL {
            assert_eq!(ExperimentStatus::parse(s.as_str()), Some(*s));
            let json = serde_json::to_value(s).unwrap();
            assert_eq!(json, s.as_str());
        }
        for m in Method::ALL {
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
        for v in Verdict::ALL {
            assert_eq!(serde_json::to_value(v).unwrap(), v.as_str());
        }
        for d in Decision::ALL {
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
        }
        assert_eq!(Method::parse("wizard_of_oz"), Some(Method::WizardOfOz));
        assert_eq!(Method::parse("survey"), None);
    }

    #[test]
    fn reads_the_domain_example() {
        let yaml = "id: EXP-1\nhypothesis: h\nmetric: churn_rate\nbaseline: 4.1\nexpected: {change: -1.0, type: absolute}\n\
                    start: 2025-08-01\nend: 2025-08-21\nstatus: running\nlinks: {backlog: [BL-42], key_results: [KR-3]}\n";
        let e: Experiment = yaml_serde::from_str(yaml).unwrap();
        assert!(close(e.target().unwrap(), 3.1));
        assert!(e.is_overdue("2025-08-22".parse().unwrap()));
        assert!(!e.is_overdue("2025-08-21".parse().unwrap()));
        assert_eq!(e.backlog_links(), ["BL-42"]);
        assert_eq!(e.key_result_links(), ["KR-3"]);
        assert_eq!(e.headline(), "h");
    }
}
