//! Product metrics (`product/metrics/<id>.yaml`): a definition, a target,
//! thresholds and a time series of observations, with the arithmetic read
//! off them: periods (ISO weeks included), threshold status by direction,
//! target gap, trend, value bounds and the standard KPI presets.

use std::fmt;
use std::str::FromStr;

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
    /// The range a value can take (`{min: -100, max: 100}` for NPS); `pm check`
    /// reports observations, targets and thresholds outside it. Filled by presets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Bounds>,
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

/// The range of values a metric can take; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bounds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
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

/// The segment an observation without one belongs to.
pub(crate) const ALL_SEGMENTS: &str = "all";

impl Observation {
    /// The segment, `all` when none is written.
    pub fn segment_key(&self) -> &str {
        self.segment.as_deref().unwrap_or(ALL_SEGMENTS)
    }

    /// The period, when it is well-formed.
    pub fn parsed_period(&self) -> Option<Period> {
        self.period.parse().ok()
    }
}

/// Chronological order of observations: by the period's first and last day;
/// malformed periods first, by their text.
fn chronological(a: &Observation, b: &Observation) -> std::cmp::Ordering {
    let key = |o: &Observation| o.parsed_period().map(|p| (p.start(), p.end()));
    key(a).cmp(&key(b)).then_with(|| a.period.cmp(&b.period))
}

impl Metric {
    /// The observations of one segment in chronological order. `None` (or
    /// `Some("all")`) is the series without a segment or with `segment: all`.
    pub fn series(&self, segment: Option<&str>) -> Vec<&Observation> {
        let wanted = segment.unwrap_or(ALL_SEGMENTS);
        let mut out: Vec<&Observation> = self.observations.iter().filter(|o| o.segment_key() == wanted).collect();
        out.sort_by(|a, b| chronological(a, b));
        out
    }

    /// The latest observation for a segment (`None` = every segment, or `all`).
    pub fn latest(&self, segment: Option<&str>) -> Option<&Observation> {
        self.series(segment).last().copied()
    }

    /// The latest observation of a segment whose period had started by `date`:
    /// the value a past OKR cycle or experiment saw (`2026-09` for a cycle ending 2026-09-30).
    pub fn latest_as_of(&self, segment: Option<&str>, date: Date) -> Option<&Observation> {
        self.series(segment).into_iter().rev().find(|o| o.parsed_period().is_some_and(|p| p.start() <= date))
    }

    /// The segments other than `all` that have observations, in first-seen order.
    pub fn segments(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for o in &self.observations {
            let s = o.segment_key();
            if s != ALL_SEGMENTS && !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    /// The direction values are read in; up (higher is better) when none is written.
    pub fn direction(&self) -> Direction {
        self.direction.unwrap_or(Direction::Up)
    }

    pub fn grain(&self) -> Grain {
        self.grain.unwrap_or(Grain::Month)
    }

    pub fn is_north_star(&self) -> bool {
        self.north_star == Some(true)
    }

    /// Signed distance from `value` to the target (`target − value`).
    pub fn target_gap(&self, value: f64) -> Option<f64> {
        self.target.as_ref().map(|t| t.value - value)
    }

    /// Whether `value` reaches the target, read according to the direction.
    pub fn target_met(&self, value: f64) -> Option<bool> {
        self.target.as_ref().map(|t| match self.direction() {
            Direction::Up => value >= t.value,
            Direction::Down => value <= t.value,
        })
    }

    /// The threshold band of `value`, when thresholds are set.
    pub fn status(&self, value: f64) -> Option<Status> {
        self.thresholds.as_ref().map(|t| t.status(value, self.direction()))
    }

    /// Whether the metric is a Net Promoter Score: its id has the word `nps`
    /// (`nps`, `merchant_nps`, `nps_eu`).
    pub fn is_nps(&self) -> bool {
        self.id.split('_').any(|w| w == "nps")
    }

    /// The range values must lie in, and where it comes from: `bounds` when
    /// written; otherwise 0–100 for `unit: percent`, and −100…+100 for an NPS.
    pub fn effective_bounds(&self) -> Option<(Bounds, BoundsSource)> {
        if let Some(b) = self.bounds {
            return Some((b, BoundsSource::Explicit));
        }
        if self.unit.as_deref().map(str::trim) == Some("percent") {
            return Some((Bounds { min: Some(0.0), max: Some(100.0) }, BoundsSource::Percent));
        }
        if self.is_nps() {
            return Some((Bounds { min: Some(-100.0), max: Some(100.0) }, BoundsSource::Nps));
        }
        None
    }
}

/// Why a metric has the bounds it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundsSource {
    /// `bounds:` in the file.
    Explicit,
    /// `unit: percent`.
    Percent,
    /// An NPS (by its id).
    Nps,
}

impl Bounds {
    pub fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value <= m)
    }
}

impl fmt::Display for Bounds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::score::format_number as n;
        match (self.min, self.max) {
            (Some(a), Some(b)) => write!(f, "{} to {}", n(a), n(b)),
            (Some(a), None) => write!(f, "at least {}", n(a)),
            (None, Some(b)) => write!(f, "at most {}", n(b)),
            (None, None) => write!(f, "any value"),
        }
    }
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

impl Grain {
    pub const ALL: [Grain; 4] = [Grain::Day, Grain::Week, Grain::Month, Grain::Quarter];

    pub fn as_str(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
        }
    }

    /// How a period of this grain is written.
    pub fn example(self) -> &'static str {
        match self {
            Grain::Day => "YYYY-MM-DD (2026-11-28)",
            Grain::Week => "YYYY-Www, an ISO week (2026-W48)",
            Grain::Month => "YYYY-MM (2026-11)",
            Grain::Quarter => "YYYY-Qn (2026-Q4)",
        }
    }
}

impl MetricCategory {
    pub const ALL: [MetricCategory; 6] = [
        MetricCategory::Acquisition,
        MetricCategory::Activation,
        MetricCategory::Retention,
        MetricCategory::Revenue,
        MetricCategory::Referral,
        MetricCategory::Satisfaction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MetricCategory::Acquisition => "acquisition",
            MetricCategory::Activation => "activation",
            MetricCategory::Retention => "retention",
            MetricCategory::Revenue => "revenue",
            MetricCategory::Referral => "referral",
            MetricCategory::Satisfaction => "satisfaction",
        }
    }
}

// ---------------------------------------------------------------- status and trend

/// A threshold band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Green,
    Yellow,
    Red,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Yellow => "yellow",
            Status::Red => "red",
        }
    }
}

impl Thresholds {
    /// The band of `value`. Up: green at or above `green`, yellow at or above
    /// `yellow`, else red. Down: green at or below `green`, yellow at or below
    /// `yellow`, else red.
    pub fn status(&self, value: f64, direction: Direction) -> Status {
        match direction {
            Direction::Up if value >= self.green => Status::Green,
            Direction::Up if value >= self.yellow => Status::Yellow,
            Direction::Down if value <= self.green => Status::Green,
            Direction::Down if value <= self.yellow => Status::Yellow,
            _ => Status::Red,
        }
    }

    /// Whether the bands are ordered for the direction (up: green > yellow; down: green < yellow).
    pub fn ordered(&self, direction: Direction) -> bool {
        match direction {
            Direction::Up => self.green > self.yellow,
            Direction::Down => self.green < self.yellow,
        }
    }
}

/// The change between the last two observations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Trend {
    Up,
    Down,
    Flat,
}

impl Trend {
    pub(crate) fn between(previous: f64, last: f64) -> Trend {
        let diff = last - previous;
        // Values are written with a few decimals; differences below that are noise of f64.
        if diff.abs() < 1e-9 {
            Trend::Flat
        } else if diff > 0.0 {
            Trend::Up
        } else {
            Trend::Down
        }
    }

    pub(crate) fn arrow(self) -> &'static str {
        match self {
            Trend::Up => "↑",
            Trend::Down => "↓",
            Trend::Flat => "→",
        }
    }

    /// Whether this is the good way for a metric of `direction` (flat is neither).
    pub(crate) fn improving(self, direction: Direction) -> Option<bool> {
        match (self, direction) {
            (Trend::Flat, _) => None,
            (Trend::Up, Direction::Up) | (Trend::Down, Direction::Down) => Some(true),
            _ => Some(false),
        }
    }
}

// ---------------------------------------------------------------- periods

/// The period an observation measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// `2026-11-28`
    Day(Date),
    /// `2026-W48`: an ISO 8601 week (Monday to Sunday; week 1 holds the year's first Thursday).
    Week { year: i16, week: u8 },
    /// `2026-11`
    Month { year: i16, month: u8 },
    /// `2026-Q4`
    Quarter { year: i16, quarter: u8 },
    /// `2026`
    Year(i16),
}

fn iso_week(year: i16, week: u8, weekday: jiff::civil::Weekday) -> Option<jiff::civil::Date> {
    jiff::civil::ISOWeekDate::new(year, week as i8, weekday).ok().map(|w| w.date())
}

fn to_date(d: jiff::civil::Date) -> Date {
    Date::new(d.year(), d.month(), d.day()).expect("a valid civil date")
}

impl Period {
    /// The period of `grain` that contains `date`.
    pub fn of(grain: Grain, date: Date) -> Period {
        match grain {
            Grain::Day => Period::Day(date),
            Grain::Week => {
                let civil = jiff::civil::Date::new(date.year(), date.month(), date.day()).expect("a valid date");
                let w = civil.iso_week_date();
                Period::Week { year: w.year(), week: w.week() as u8 }
            }
            Grain::Month => Period::Month { year: date.year(), month: date.month() as u8 },
            Grain::Quarter => Period::Quarter { year: date.year(), quarter: ((date.month() - 1) / 3 + 1) as u8 },
        }
    }

    /// The grain of the period (`None` for a year).
    pub fn grain(self) -> Option<Grain> {
        match self {
            Period::Day(_) => Some(Grain::Day),
            Period::Week { .. } => Some(Grain::Week),
            Period::Month { .. } => Some(Grain::Month),
            Period::Quarter { .. } => Some(Grain::Quarter),
            Period::Year(_) => None,
        }
    }

    /// The first day of the period.
    pub fn start(self) -> Date {
        match self {
            Period::Day(d) => d,
            Period::Week { year, week } => {
                iso_week(year, week, jiff::civil::Weekday::Monday).map(to_date).expect("validated week")
            }
            Period::Month { year, month } => Date::new(year, month as i8, 1).expect("validated month"),
            Period::Quarter { year, quarter } => Date::new(year, (quarter as i8 - 1) * 3 + 1, 1).expect("quarter"),
            Period::Year(year) => Date::new(year, 1, 1).expect("validated year"),
        }
    }

    /// The last day of the period.
    pub fn end(self) -> Date {
        match self {
            Period::Day(d) => d,
            Period::Week { year, week } => {
                iso_week(year, week, jiff::civil::Weekday::Sunday).map(to_date).expect("validated week")
            }
            Period::Month { year, month } => {
                let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month as i8 + 1) };
                Date::new(y, m, 1).expect("valid month").add_days(-1)
            }
            Period::Quarter { year, quarter } => Period::Month { year, month: quarter * 3 }.end(),
            Period::Year(year) => Date::new(year, 12, 31).expect("validated year"),
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// By first day, then last day.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.start(), self.end()).cmp(&(other.start(), other.end()))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(d) => write!(f, "{d}"),
            Period::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year(year) => write!(f, "{year:04}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a period: use YYYY-MM-DD, YYYY-Www (ISO week), YYYY-MM, YYYY-Qn or YYYY")]
pub struct PeriodError(String);

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || PeriodError(s.to_string());
        let digits = |part: &str, len: usize| -> Result<i32, PeriodError> {
            if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        if s.len() == 10 {
            return s.parse::<Date>().map(Period::Day).map_err(|_| bad());
        }
        let Some((y, rest)) = s.split_once('-') else {
            let year = digits(s, 4)?;
            return Ok(Period::Year(year as i16));
        };
        let year = digits(y, 4)? as i16;
        if let Some(w) = rest.strip_prefix('W') {
            let week = digits(w, 2)?;
            return match iso_week(year, week as u8, jiff::civil::Weekday::Monday) {
                Some(_) if week >= 1 => Ok(Period::Week { year, week: week as u8 }),
                _ => Err(bad()),
            };
        }
        if let Some(q) = rest.strip_prefix('Q') {
            let quarter = digits(q, 1)?;
            return if (1..=4).contains(&quarter) {
                Ok(Period::Quarter { year, quarter: quarter as u8 })
            } else {
                Err(bad())
            };
        }
        let month = digits(rest, 2)?;
        if (1..=12).contains(&month) { Ok(Period::Month { year, month: month as u8 }) } else { Err(bad()) }
    }
}

// ---------------------------------------------------------------- presets

/// A standard KPI: what `pm metric add --preset` fills in (DOMAIN.md §5).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Preset {
    pub key: &'static str,
    pub name: &'static str,
    pub formula: &'static str,
    pub unit: &'static str,
    pub direction: Direction,
    pub bounds: Bounds,
    pub category: Option<MetricCategory>,
}

const PERCENT: Bounds = Bounds { min: Some(0.0), max: Some(100.0) };
const NON_NEGATIVE: Bounds = Bounds { min: Some(0.0), max: None };

pub(crate) const PRESETS: [Preset; 10] = [
    Preset {
        key: "nps",
        name: "Net Promoter Score",
        formula: "% promoters (9-10) - % detractors (0-6)",
        unit: "score",
        direction: Direction::Up,
        bounds: Bounds { min: Some(-100.0), max: Some(100.0) },
        category: Some(MetricCategory::Satisfaction),
    },
    Preset {
        key: "dau_mau",
        name: "Stickiness (DAU/MAU)",
        formula: "average daily active users in the month / monthly active users × 100",
        unit: "percent",
        direction: Direction::Up,
        bounds: PERCENT,
        category: Some(MetricCategory::Retention),
    },
    Preset {
        key: "retention_d30",
        name: "Day-30 retention",
        formula: "users of the cohort active on day 30 / users in the cohort × 100",
        unit: "percent",
        direction: Direction::Up,
        bounds: PERCENT,
        category: Some(MetricCategory::Retention),
    },
    Preset {
        key: "churn",
        name: "Customer churn rate",
        formula: "customers lost in the period / customers at the start of the period × 100",
        unit: "percent",
        direction: Direction::Down,
        bounds: PERCENT,
        category: Some(MetricCategory::Retention),
    },
    Preset {
        key: "activation",
        name: "Activation rate",
        formula: "new users who reach the activation event within the window / new users × 100",
        unit: "percent",
        direction: Direction::Up,
        bounds: PERCENT,
        category: Some(MetricCategory::Activation),
    },
    Preset {
        key: "conversion",
        name: "Conversion rate",
        formula: "users completing step B / users reaching step A × 100",
        unit: "percent",
        direction: Direction::Up,
        bounds: PERCENT,
        category: None,
    },
    Preset {
        key: "arpu",
        name: "Average revenue per user",
        formula: "revenue in the period / average active users in the period",
        unit: "currency:USD",
        direction: Direction::Up,
        bounds: NON_NEGATIVE,
        category: Some(MetricCategory::Revenue),
    },
    Preset {
        key: "csat",
        name: "Customer satisfaction (CSAT)",
        formula: "responses of 4 or 5 on a 1-5 scale / all responses × 100",
        unit: "percent",
        direction: Direction::Up,
        bounds: PERCENT,
        category: Some(MetricCategory::Satisfaction),
    },
    Preset {
        key: "ltv",
        name: "Customer lifetime value",
        formula: "ARPU × gross margin / churn rate, all over the same period",
        unit: "currency:USD",
        direction: Direction::Up,
        bounds: NON_NEGATIVE,
        category: Some(MetricCategory::Revenue),
    },
    Preset {
        key: "cac",
        name: "Customer acquisition cost",
        formula: "(sales + marketing spend) / new customers in the period",
        unit: "currency:USD",
        direction: Direction::Down,
        bounds: NON_NEGATIVE,
        category: Some(MetricCategory::Acquisition),
    },
];

pub(crate) fn preset(key: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.key == key)
}

/// Whether `id` is a metric id: snake_case, starting with a letter.
pub(crate) fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

// ---------------------------------------------------------------- surveys

/// The scales of survey KPIs computed from raw responses (DOMAIN.md §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// Net Promoter Score: answers 0–10; promoters 9–10, passives 7–8, detractors 0–6.
    Nps,
    /// Customer satisfaction: answers 1–5; satisfied 4–5.
    Csat,
}

impl Scale {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scale::Nps => "nps",
            Scale::Csat => "csat",
        }
    }

    /// The answers the scale accepts.
    pub(crate) fn range(self) -> (i64, i64) {
        match self {
            Scale::Nps => (0, 10),
            Scale::Csat => (1, 5),
        }
    }
}

/// The counts behind a survey score.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub(crate) struct Survey {
    pub responses: usize,
    /// NPS: 9–10; CSAT: 4–5.
    pub promoters: usize,
    /// NPS only: 7–8.
    pub passives: usize,
    /// NPS: 0–6; CSAT: 1–3.
    pub detractors: usize,
    /// The score, unrounded: NPS −100…100, CSAT 0…100.
    pub score: f64,
}

impl Survey {
    /// The score of `answers` (each within the scale's range); `None` when there are none.
    pub(crate) fn of(scale: Scale, answers: &[i64]) -> Option<Survey> {
        if answers.is_empty() {
            return None;
        }
        let mut s = Survey { responses: answers.len(), ..Survey::default() };
        for &a in answers {
            match (scale, a) {
                (Scale::Nps, 9..) | (Scale::Csat, 4..) => s.promoters += 1,
                (Scale::Nps, 7..=8) => s.passives += 1,
                _ => s.detractors += 1,
            }
        }
        let n = s.responses as f64;
        s.score = match scale {
            Scale::Nps => (s.promoters as f64 - s.detractors as f64) / n * 100.0,
            Scale::Csat => s.promoters as f64 / n * 100.0,
        };
        Some(s)
    }

    /// The counts in words, for an observation's note.
    pub(crate) fn note(&self, scale: Scale) -> String {
        match scale {
            Scale::Nps => format!(
                "{} responses: {} promoters, {} passives, {} detractors",
                self.responses, self.promoters, self.passives, self.detractors
            ),
            Scale::Csat => {
                format!("{} responses: {} satisfied (4-5), {} not", self.responses, self.promoters, self.detractors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn period(s: &str) -> Period {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn metric(yaml: &str) -> Metric {
        let v = crate::store::yaml::parse(yaml).unwrap();
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn parses_and_prints_every_kind_of_period() {
        for s in ["2026-11-28", "2026-W48", "2026-W01", "2026-11", "2026-Q4", "2026"] {
            assert_eq!(period(s).to_string(), s);
        }
        for bad in [
            "2026-13",
            "2026-00",
            "2026-Q5",
            "2026-Q0",
            "2026-W00",
            "2026-W54",
            "2025-W53",
            "2026-W5",
            "2026-11-31",
            "26-11",
            "2026/11",
            "2026-1",
            "november",
            "",
            "2026-",
            "2026-Q",
            "2026-W",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should not parse");
        }
        // 2026 has 53 ISO weeks (it starts on a Thursday); 2025 has 52.
        assert!("2026-W53".parse::<Period>().is_ok());
    }

    #[test]
    fn iso_weeks_at_year_boundaries() {
        let week = |d: &str| Period::of(Grain::Week, date(d)).to_string();
        assert_eq!(week("2026-11-28"), "2026-W48");
        // Thursday 31 Dec 2026 and Friday 1 Jan 2027 are in 2026's week 53.
        assert_eq!(week("2026-12-31"), "2026-W53");
        assert_eq!(week("2027-01-01"), "2026-W53");
        assert_eq!(week("2027-01-03"), "2026-W53");
        assert_eq!(week("2027-01-04"), "2027-W01");
        // Monday 30 Dec 2024 is already in week 1 of 2025.
        assert_eq!(week("2024-12-29"), "2024-W52");
        assert_eq!(week("2024-12-30"), "2025-W01");
        // Sunday 3 Jan 2021 still belongs to 2020's week 53.
        assert_eq!(week("2021-01-03"), "2020-W53");
        assert_eq!(week("2021-01-04"), "2021-W01");
        assert_eq!(period("2026-W53").start(), date("2026-12-28"));
        assert_eq!(period("2026-W53").end(), date("2027-01-03"));
        assert_eq!(period("2025-W01").start(), date("2024-12-30"));
    }

    #[test]
    fn current_period_for_each_grain() {
        let today = date("2026-11-28");
        let of = |g| Period::of(g, today).to_string();
        assert_eq!(of(Grain::Day), "2026-11-28");
        assert_eq!(of(Grain::Week), "2026-W48");
        assert_eq!(of(Grain::Month), "2026-11");
        assert_eq!(of(Grain::Quarter), "2026-Q4");
        assert_eq!(Period::of(Grain::Quarter, date("2026-01-01")).to_string(), "2026-Q1");
        assert_eq!(Period::of(Grain::Quarter, date("2026-06-30")).to_string(), "2026-Q2");
    }

    #[test]
    fn period_spans() {
        let span = |s: &str| (period(s).start().to_string(), period(s).end().to_string());
        assert_eq!(span("2026-02"), ("2026-02-01".into(), "2026-02-28".into()));
        assert_eq!(span("2028-02"), ("2028-02-01".into(), "2028-02-29".into()));
        assert_eq!(span("2026-12"), ("2026-12-01".into(), "2026-12-31".into()));
        assert_eq!(span("2026-Q3"), ("2026-07-01".into(), "2026-09-30".into()));
        assert_eq!(span("2026-Q4"), ("2026-10-01".into(), "2026-12-31".into()));
        assert_eq!(span("2026"), ("2026-01-01".into(), "2026-12-31".into()));
        assert_eq!(span("2026-W48"), ("2026-11-23".into(), "2026-11-29".into()));
        assert!(period("2026-09") < period("2026-10"));
        assert!(period("2026-W48") < period("2026-12"));
    }

    #[test]
    fn status_is_read_according_to_direction() {
        let up = Thresholds { green: 66.0, yellow: 62.0 };
        assert_eq!(up.status(66.0, Direction::Up), Status::Green);
        assert_eq!(up.status(65.9, Direction::Up), Status::Yellow);
        assert_eq!(up.status(62.0, Direction::Up), Status::Yellow);
        assert_eq!(up.status(61.9, Direction::Up), Status::Red);
        let down = Thresholds { green: 2.0, yellow: 3.0 };
        assert_eq!(down.status(1.5, Direction::Down), Status::Green);
        assert_eq!(down.status(2.0, Direction::Down), Status::Green);
        assert_eq!(down.status(2.5, Direction::Down), Status::Yellow);
        assert_eq!(down.status(3.0, Direction::Down), Status::Yellow);
        assert_eq!(down.status(3.1, Direction::Down), Status::Red);
        assert!(up.ordered(Direction::Up) && !up.ordered(Direction::Down));
        assert!(down.ordered(Direction::Down) && !down.ordered(Direction::Up));
        assert!(!Thresholds { green: 5.0, yellow: 5.0 }.ordered(Direction::Up));
    }

    #[test]
    fn target_gap_and_met_by_direction() {
        let up = metric("id: c\nname: C\ndirection: up\ntarget: {value: 68}\n");
        assert!((up.target_gap(63.8).unwrap() - 4.2).abs() < 1e-9);
        assert_eq!(up.target_met(63.8), Some(false));
        assert_eq!(up.target_met(68.0), Some(true));
        let down = metric("id: c\nname: C\ndirection: down\ntarget: {value: 2}\n");
        assert!((down.target_gap(2.3).unwrap() + 0.3).abs() < 1e-9);
        assert_eq!(down.target_met(2.3), Some(false));
        assert_eq!(down.target_met(1.9), Some(true));
        let none = metric("id: c\nname: C\n");
        assert_eq!(none.target_gap(1.0), None);
        assert_eq!(none.direction(), Direction::Up);
    }

    #[test]
    fn trend_over_two_values() {
        assert_eq!(Trend::between(1.0, 2.0), Trend::Up);
        assert_eq!(Trend::between(2.0, 1.0), Trend::Down);
        assert_eq!(Trend::between(0.1 + 0.2, 0.3), Trend::Flat);
        assert_eq!(Trend::Down.improving(Direction::Down), Some(true));
        assert_eq!(Trend::Up.improving(Direction::Down), Some(false));
        assert_eq!(Trend::Flat.improving(Direction::Up), None);
    }

    #[test]
    fn series_are_chronological_per_segment() {
        let m = metric(
            "id: c\nname: C\nobservations:\n- {period: 2026-10, value: 2}\n- {period: 2026-09, value: 1}\n\
             - {period: 2026-11, value: 9, segment: mobile}\n- {period: 2026-11, value: 3, segment: all}\n",
        );
        let values: Vec<f64> = m.series(None).iter().map(|o| o.value).collect();
        assert_eq!(values, [1.0, 2.0, 3.0]);
        assert_eq!(m.latest(None).unwrap().value, 3.0);
        assert_eq!(m.latest(Some("mobile")).unwrap().value, 9.0);
        assert_eq!(m.segments(), ["mobile"]);
        assert_eq!(m.latest_as_of(None, date("2026-09-30")).unwrap().value, 1.0);
        assert_eq!(m.latest_as_of(None, date("2026-10-01")).unwrap().value, 2.0);
        assert!(m.latest_as_of(None, date("2026-08-31")).is_none());
    }

    #[test]
    fn bounds_come_from_the_file_the_unit_or_nps() {
        let b = |yaml: &str| metric(yaml).effective_bounds().map(|(b, s)| (b.to_string(), s));
        assert_eq!(b("id: x\nname: X\nunit: percent\n"), Some(("0 to 100".into(), BoundsSource::Percent)));
        assert_eq!(b("id: merchant_nps\nname: X\nunit: score\n"), Some(("-100 to 100".into(), BoundsSource::Nps)));
        assert_eq!(b("id: x\nname: X\nbounds: {min: 0}\n"), Some(("at least 0".into(), BoundsSource::Explicit)));
        assert_eq!(b("id: snps\nname: X\n"), None);
        assert!(Bounds { min: Some(-100.0), max: Some(100.0) }.contains(-100.0));
        assert!(!Bounds { min: Some(0.0), max: Some(100.0) }.contains(100.5));
    }

    #[test]
    fn presets_follow_the_domain_formulas() {
        assert_eq!(PRESETS.len(), 10);
        let nps = preset("nps").unwrap();
        assert_eq!((nps.unit, nps.direction), ("score", Direction::Up));
        assert_eq!(nps.bounds, Bounds { min: Some(-100.0), max: Some(100.0) });
        for key in ["dau_mau", "retention_d30", "churn", "activation", "conversion", "csat"] {
            let p = preset(key).unwrap();
            assert_eq!((p.unit, p.bounds), ("percent", PERCENT), "{key}");
        }
        assert_eq!(preset("churn").unwrap().direction, Direction::Down);
        assert_eq!(preset("cac").unwrap().direction, Direction::Down);
        for key in ["arpu", "ltv", "cac"] {
            assert_eq!(preset(key).unwrap().bounds, NON_NEGATIVE, "{key}");
        }
        assert!(preset("ltv").unwrap().formula.contains("/ churn rate"));
        assert!(preset("mrr").is_none());
    }

    #[test]
    fn metric_ids_are_snake_case() {
        for ok in ["nps", "checkout_conversion", "d30_retention", "a"] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["", "NPS", "1nps", "_nps", "check-out", "nps rate", "Nps"] {
            assert!(!is_id(bad), "{bad}");
        }
    }
    #[test]
    fn survey_scores_match_their_definitions() {
        // 5 promoters (9, 10, 10, 9, 9), 3 passives (7, 8, 8), 4 detractors (0, 6, 3, 6): (5 − 4) / 12 × 100.
        let answers = [9, 10, 7, 8, 0, 6, 10, 3, 9, 8, 6, 9];
        let s = Survey::of(Scale::Nps, &answers).unwrap();
        assert_eq!((s.responses, s.promoters, s.passives, s.detractors), (12, 5, 3, 4));
        assert!((s.score - 100.0 / 12.0).abs() < 1e-12);
        // All detractors: −100; all promoters: 100; only passives: 0.
        assert_eq!(Survey::of(Scale::Nps, &[0, 6, 3]).unwrap().score, -100.0);
        assert_eq!(Survey::of(Scale::Nps, &[9, 10]).unwrap().score, 100.0);
        assert_eq!(Survey::of(Scale::Nps, &[7, 8]).unwrap().score, 0.0);
        // CSAT: 4 and 5 of 1–5 are satisfied: 3 of 4 = 75.
        let c = Survey::of(Scale::Csat, &[5, 4, 3, 4]).unwrap();
        assert_eq!((c.responses, c.promoters, c.detractors, c.score), (4, 3, 1, 75.0));
        assert_eq!(Survey::of(Scale::Csat, &[1, 2]).unwrap().score, 0.0);
        assert_eq!(Survey::of(Scale::Nps, &[]), None);
        assert_eq!(s.note(Scale::Nps), "12 responses: 5 promoters, 3 passives, 4 detractors");
        assert_eq!(c.note(Scale::Csat), "4 responses: 3 satisfied (4-5), 1 not");
    }
}
