//! Iterations (`product/iterations.yaml`, DOMAIN.md §10): fixed-length
//! timeboxes (sprints) with a capacity in points, the items planned into
//! them (`iteration: IT-n` on an item), and their velocity — the points of
//! the items finished between an iteration's start and end. Pure data and
//! arithmetic; history is read elsewhere and handed in as finish dates.

use serde::{Deserialize, Serialize};

use super::date::Date;

/// The id prefix of iterations.
pub(crate) const PREFIX: &str = "IT";

fn is_false(b: &bool) -> bool {
    !*b
}

/// One iteration: an entry of the top-level list in iterations.yaml.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Iteration {
    /// `IT-<n>`.
    #[schemars(regex(pattern = r"^IT-[1-9][0-9]*$"))]
    pub id: String,
    pub name: String,
    /// The first day of the iteration.
    pub start: Date,
    /// The last day of the iteration (inclusive).
    pub end: Date,
    /// What the team means to reach in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// The points the team can take on in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    #[serde(serialize_with = "super::score::serialize_opt_number")]
    pub capacity: Option<f64>,
    /// Set by `pm iteration close`: the iteration is over and takes no more items.
    #[serde(default, skip_serializing_if = "is_false")]
    pub closed: bool,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Iteration {
    /// Whether `day` lies within the iteration (both ends included).
    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// Whether the two iterations share at least one day.
    pub fn overlaps(&self, other: &Iteration) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Its length in days, both ends included.
    pub fn days(&self) -> i64 {
        self.start.days_until(self.end) + 1
    }
}

/// The iteration whose days include `today`, if any.
pub(crate) fn current(iterations: &[Iteration], today: Date) -> Option<&Iteration> {
    iterations.iter().find(|it| it.contains(today))
}

/// One finished item, as velocity needs it: when it moved into done and its
/// points then (`None`: it had no estimate, or one without points).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Finished {
    pub item: String,
    pub date: Date,
    pub points: Option<f64>,
}

/// Velocity: the points of the items finished between `start` and `end`
/// (both included). Items without points count for nothing.
pub(crate) fn velocity(finished: &[Finished], start: Date, end: Date) -> f64 {
    // A fold from 0: an empty f64 sum is -0.
    finished.iter().filter(|f| start <= f.date && f.date <= end).filter_map(|f| f.points).fold(0.0, |a, p| a + p)
}

/// The points done by each day of an iteration, from its start to `last`
/// (its end, or today while it runs), cumulative: the burn-up line.
pub(crate) fn burn_up(finished: &[Finished], it: &Iteration, last: Date) -> Vec<(Date, f64)> {
    let last = last.min(it.end);
    let mut out = Vec::new();
    let mut day = it.start;
    while day <= last {
        out.push((day, velocity(finished, it.start, day)));
        day = day.add_days(1);
    }
    out
}

/// The average velocity of the last three iterations that ended before
/// `today` (or were closed), by end date; `None` when there is none.
pub(crate) fn average_velocity(velocities: &[(&Iteration, f64)], today: Date) -> Option<f64> {
    let mut past: Vec<&(&Iteration, f64)> = velocities.iter().filter(|(it, _)| it.closed || it.end < today).collect();
    past.sort_by_key(|(it, _)| it.end);
    let last: Vec<f64> = past.iter().rev().take(3).map(|(_, v)| *v).collect();
    (!last.is_empty()).then(|| last.iter().sum::<f64>() / last.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn it(id: &str, start: &str, end: &str) -> Iteration {
        Iteration {
            id: id.into(),
            name: id.into(),
            start: d(start),
            end: d(end),
            goal: None,
            capacity: None,
            closed: false,
            extra: Default::default(),
        }
    }

    fn done(item: &str, date: &str, points: Option<f64>) -> Finished {
        Finished { item: item.into(), date: d(date), points }
    }

    #[test]
    fn velocity_counts_points_finished_inside_the_window() {
        let finished = [
            done("BL-1", "2026-03-02", Some(3.0)),
            done("BL-2", "2026-03-13", Some(5.0)),
            done("BL-3", "2026-03-14", Some(8.0)),
            done("BL-4", "2026-03-01", Some(2.0)),
            done("BL-5", "2026-03-05", None),
        ];
        assert_eq!(velocity(&finished, d("2026-03-02"), d("2026-03-13")), 8.0);
        assert_eq!(velocity(&finished, d("2026-04-01"), d("2026-04-14")), 0.0);
    }

    #[test]
    fn overlaps_share_a_day() {
        let a = it("IT-1", "2026-03-02", "2026-03-13");
        assert!(a.overlaps(&it("IT-2", "2026-03-13", "2026-03-27")));
        assert!(!a.overlaps(&it("IT-2", "2026-03-14", "2026-03-27")));
    }

    #[test]
    fn burn_up_is_cumulative_and_stops_at_the_end() {
        let a = it("IT-1", "2026-03-02", "2026-03-04");
        let finished = [done("BL-1", "2026-03-03", Some(3.0)), done("BL-2", "2026-03-04", Some(2.0))];
        let line = burn_up(&finished, &a, d("2026-03-20"));
        assert_eq!(line.iter().map(|(_, p)| *p).collect::<Vec<_>>(), [0.0, 3.0, 5.0]);
        assert_eq!(burn_up(&finished, &a, d("2026-03-03")).len(), 2);
    }

    #[test]
    fn average_of_the_last_three_past_iterations() {
        let its = [
            it("IT-1", "2026-01-05", "2026-01-16"),
            it("IT-2", "2026-01-19", "2026-01-30"),
            it("IT-3", "2026-02-02", "2026-02-13"),
            it("IT-4", "2026-02-16", "2026-02-27"),
            it("IT-5", "2026-03-02", "2026-03-13"),
        ];
        let v: Vec<(&Iteration, f64)> = its.iter().zip([100.0, 10.0, 20.0, 30.0, 99.0]).collect();
        assert_eq!(average_velocity(&v, d("2026-03-05")), Some(20.0));
        assert_eq!(average_velocity(&v, d("2026-01-06")), None);
        assert_eq!(average_velocity(&v, d("2026-01-20")), Some(100.0));
    }

    #[test]
    fn current_contains_today() {
        let its = [it("IT-1", "2026-01-05", "2026-01-16"), it("IT-2", "2026-01-19", "2026-01-30")];
        assert_eq!(current(&its, d("2026-01-16")).map(|i| i.id.as_str()), Some("IT-1"));
        assert_eq!(current(&its, d("2026-01-17")), None);
    }
}
