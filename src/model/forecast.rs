//! Monte Carlo forecasts by throughput sampling (DOMAIN.md §10), as
//! ActionableAgile and Focused Objective's tools make them.
//!
//! The sample is the weekly throughput (items moved into done, not
//! `wont_do`) of the last N full ISO weeks, weeks with none included. Each
//! run draws weeks from it with replacement:
//! - "when": until the drawn weeks' items add up to the remaining items; the
//!   run's answer is the number of weeks drawn. The answer at p % is the
//!   smallest w such that at least p % of the runs finished within w weeks.
//! - "how many by": exactly w draws, summed. The answer at p % is the largest
//!   count that at least p % of the runs reach.
//!
//! The draws come from one splitmix64 stream seeded with the seed, shared by
//! the runs in order; a draw takes the stream's next value x and picks week
//! ⌊x · n / 2⁶⁴⌋ of the n in the sample. The same sample, seed and run count
//! always give the same answer. No I/O here.

use super::Date;

/// The seed when none is given, so that the same repository gives the same answer.
pub(crate) const DEFAULT_SEED: u64 = 42;
pub(crate) const DEFAULT_RUNS: u32 = 10_000;
pub(crate) const DEFAULT_WEEKS: u32 = 12;
/// Fewer full weeks of history than this: no forecast.
pub(crate) const MIN_WEEKS: u32 = 4;
/// The percentiles reported.
pub(crate) const PERCENTS: [u32; 3] = [50, 85, 95];

/// splitmix64 (Steele, Lea and Flood, 2014): a small, fast, well-mixed
/// generator, enough for sampling and exactly reproducible from its seed.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// An index in `0..n` (`n > 0`): ⌊x · n / 2⁶⁴⌋ of the next value x.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// A milestone's forecast: the dates by which its open work is done in 50 %
/// and in 85 % of the runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct MilestoneForecast {
    pub p50: Date,
    pub p85: Date,
}

/// One full ISO week of the sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Week {
    /// Its Monday.
    pub start: Date,
    pub count: u32,
}

/// The throughput of the `n` full ISO weeks before `today`'s week, oldest
/// first; `done` holds the date each finished item moved into done (dates
/// outside the window are ignored).
pub(crate) fn weekly(done: &[Date], today: Date, n: u32) -> Vec<Week> {
    let this_week = today.monday();
    let first = this_week.add_days(-7 * i64::from(n));
    let mut weeks: Vec<Week> = (0..n).map(|k| Week { start: first.add_days(7 * i64::from(k)), count: 0 }).collect();
    for d in done {
        if *d >= first && *d < this_week {
            weeks[(first.days_until(*d) / 7) as usize].count += 1;
        }
    }
    weeks
}

/// How many full ISO weeks of history lie between `first` (the oldest date
/// history covers) and `today`'s week: weeks that start on or after `first`
/// and end before `today`'s week starts.
pub(crate) fn full_weeks(first: Date, today: Date) -> u32 {
    let start = if first.monday() == first { first } else { first.monday().add_days(7) };
    let days = start.days_until(today.monday());
    if days <= 0 { 0 } else { (days / 7) as u32 }
}

/// For each run, the number of weeks drawn until their items add up to
/// `remaining`. `None` when the sample cannot finish (no items at all, and
/// something remains).
pub(crate) fn weeks_to_finish(sample: &[u32], remaining: u64, runs: u32, seed: u64) -> Option<Vec<u32>> {
    if remaining == 0 {
        return Some(vec![0; runs as usize]);
    }
    if sample.iter().all(|c| *c == 0) {
        return None;
    }
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(runs as usize);
    for _ in 0..runs {
        let (mut done, mut weeks) = (0u64, 0u32);
        while done < remaining {
            done += u64::from(sample[rng.below(sample.len())]);
            weeks += 1;
        }
        out.push(weeks);
    }
    Some(out)
}

/// For each run, the items of `weeks` drawn weeks. An empty sample gives nothing.
pub(crate) fn items_within(sample: &[u32], weeks: u32, runs: u32, seed: u64) -> Vec<u64> {
    if sample.is_empty() {
        return Vec::new();
    }
    let mut rng = Rng::new(seed);
    (0..runs).map(|_| (0..weeks).map(|_| u64::from(sample[rng.below(sample.len())])).sum()).collect()
}

/// How many runs must satisfy a p % answer: ⌈p · runs / 100⌉, at least one.
fn needed(runs: usize, percent: u32) -> usize {
    (runs * percent as usize).div_ceil(100).max(1)
}

/// The smallest w such that at least `percent` % of the runs finished
/// within w weeks. 0 for no runs.
pub(crate) fn weeks_at(results: &[u32], percent: u32) -> u32 {
    let mut sorted = results.to_vec();
    sorted.sort_unstable();
    sorted.get(needed(sorted.len(), percent) - 1).copied().unwrap_or(0)
}

/// The largest count that at least `percent` % of the runs reach. 0 for no runs.
pub(crate) fn items_at(results: &[u64], percent: u32) -> u64 {
    let mut sorted = results.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.get(needed(sorted.len(), percent) - 1).copied().unwrap_or(0)
}

/// Each distinct result with the number of runs that gave it, in order.
pub(crate) fn histogram<T: Copy + Ord + Into<u64>>(results: &[T]) -> Vec<(u64, u32)> {
    let mut sorted = results.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(u64, u32)> = Vec::new();
    for r in sorted {
        let v: u64 = r.into();
        match out.last_mut() {
            Some((last, n)) if *last == v => *n += 1,
            _ => out.push((v, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn splitmix64_matches_the_published_sequence() {
        // The reference implementation's first outputs from seed 0.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn an_index_is_the_top_of_the_product() {
        // ⌊x · n / 2⁶⁴⌋ for x = 0xE220A8397B1DCDAF ≈ 0.8833 · 2⁶⁴.
        assert_eq!(Rng::new(0).below(10), 8);
        assert_eq!(Rng::new(0).below(1), 0);
        let mut rng = Rng::new(7);
        assert!((0..1000).all(|_| rng.below(3) < 3));
    }

    #[test]
    fn weeks_are_full_iso_weeks_before_today() {
        // Today is Saturday 2026-11-28 (week 48); the window is weeks 44..47.
        let done = [
            d("2026-10-25"), // Sunday of week 43: outside
            d("2026-10-26"), // Monday of week 44
            d("2026-11-01"), // Sunday of week 44
            d("2026-11-16"), // week 47
            d("2026-11-22"), // Sunday of week 47
            d("2026-11-23"), // this week: outside
        ];
        let weeks = weekly(&done, d("2026-11-28"), 4);
        let counts: Vec<(String, u32)> = weeks.iter().map(|w| (w.start.to_string(), w.count)).collect();
        assert_eq!(
            counts,
            [("2026-10-26".into(), 2), ("2026-11-02".into(), 0), ("2026-11-09".into(), 0), ("2026-11-16".into(), 2)]
        );
    }

    #[test]
    fn full_weeks_count_from_the_first_whole_week() {
        let today = d("2026-11-28"); // week starting 2026-11-23
        assert_eq!(full_weeks(d("2026-11-02"), today), 3); // a Monday: 11-02, 11-09, 11-16
        assert_eq!(full_weeks(d("2026-11-03"), today), 2); // a Tuesday: its week is not whole
        assert_eq!(full_weeks(d("2026-11-23"), today), 0);
        assert_eq!(full_weeks(d("2026-11-27"), today), 0);
    }

    #[test]
    fn constant_throughput_is_exact() {
        // 3 a week, 10 items: 4 weeks in every run (3, 6, 9, 12).
        let runs = weeks_to_finish(&[3, 3, 3, 3], 10, 1000, 9).unwrap();
        assert!(runs.iter().all(|w| *w == 4));
        for p in PERCENTS {
            assert_eq!(weeks_at(&runs, p), 4);
        }
        let counts = items_within(&[3, 3, 3, 3], 5, 1000, 9);
        assert!(counts.iter().all(|c| *c == 15));
        assert_eq!(items_at(&counts, 95), 15);
    }

    #[test]
    fn nothing_left_takes_no_weeks_and_no_items_cannot_finish() {
        assert_eq!(weeks_to_finish(&[0, 0, 0, 0], 0, 3, 1), Some(vec![0, 0, 0]));
        assert_eq!(weeks_to_finish(&[0, 0, 0, 0], 1, 3, 1), None);
    }

    #[test]
    fn percentiles_count_runs_at_least_p_percent() {
        // 20 runs: 10 took 2 weeks, 7 took 3, 3 took 5.
        let runs: Vec<u32> = [vec![2; 10], vec![3; 7], vec![5; 3]].concat();
        assert_eq!(weeks_at(&runs, 50), 2); // 10 of 20 = 50 % within 2
        assert_eq!(weeks_at(&runs, 85), 3); // 17 of 20 = 85 % within 3
        assert_eq!(weeks_at(&runs, 86), 5); // 18 needed: only within 5
        assert_eq!(weeks_at(&runs, 95), 5);
        assert_eq!(weeks_at(&[], 50), 0);
        // Counts: 20 runs reaching 4 (x2), 6 (x15), 9 (x3).
        let counts: Vec<u64> = [vec![4; 2], vec![6; 15], vec![9; 3]].concat();
        assert_eq!(items_at(&counts, 50), 6); // 18 of 20 reach 6
        assert_eq!(items_at(&counts, 85), 6); // 17 needed; 18 reach 6
        assert_eq!(items_at(&counts, 95), 4); // 19 needed: only 4 is reached by 20
        assert_eq!(items_at(&counts, 15), 9); // 3 of 20 = 15 % reach 9
    }

    #[test]
    fn histogram_counts_each_value() {
        assert_eq!(histogram(&[3u32, 1, 3, 2, 3]), vec![(1, 1), (2, 1), (3, 3)]);
        assert_eq!(histogram::<u32>(&[]), vec![]);
    }
}
