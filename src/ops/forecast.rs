//! `pm forecast`: when will the remaining work be done, or how much will be
//! done by a date — Monte Carlo throughput sampling over git history, as
//! DOMAIN.md §10 defines it (the sampler itself is [`crate::model::forecast`]).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Date;
use crate::model::forecast::{self as model, MIN_WEEKS, MilestoneForecast, PERCENTS};
use crate::store::{Product, Workspace};

use super::progress::Progress;

/// What is asked.
#[derive(Debug, Clone)]
pub(crate) enum Question {
    /// When will this many more items be done?
    Items(u64),
    /// When will a milestone's open leaf items be done?
    Milestone(String),
    /// When will an initiative's open leaf items be done?
    Initiative(String),
    /// How many items will be done by this date?
    By(Date),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    pub seed: u64,
    pub runs: u32,
    pub weeks: u32,
}

/// One full ISO week of the throughput sample.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SampleWeek {
    pub week_of: Date,
    pub done: u32,
}

/// The answer at one percentile: weeks and a date, or a number of items.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Answer {
    pub percent: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Forecast {
    /// `12 items`, `MS-2 Checkout v2 GA`, `items by 2027-03-31`.
    pub question: String,
    /// Items still to do (not for "by DATE").
    pub remaining: Option<u64>,
    /// The milestone's or initiative's planned date, when it has one.
    pub planned: Option<Date>,
    /// For "by DATE": the date and the whole weeks until it.
    pub by: Option<Date>,
    pub weeks_until: Option<u32>,
    pub today: Date,
    pub seed: u64,
    pub runs: u32,
    pub sample: Vec<SampleWeek>,
    pub answers: Vec<Answer>,
    /// Each result (weeks, or items) with the number of runs that gave it.
    pub histogram: Vec<(u64, u32)>,
}

/// The open leaf items under `roots`.
fn open_leaves(ws: &Workspace, roots: &[&crate::store::Doc<crate::model::Item>]) -> u64 {
    let config = &ws.config.value;
    ws.leaves_under(roots).iter().filter(|d| !config.is_closed(d.value.status())).count() as u64
}

/// What remains for a question, its title and its planned date.
fn remaining(ws: &Workspace, q: &Question) -> Result<(String, u64, Option<Date>)> {
    match q {
        Question::Items(n) => Ok((format!("{n} items"), *n, None)),
        Question::Milestone(input) => {
            let (_, m) = super::roadmap::milestone(ws, input)?;
            let planned: std::collections::HashSet<&str> =
                super::release::planned(ws, &m.id).iter().map(|i| i.id.as_str()).collect();
            let roots: Vec<_> = ws.items.iter().filter(|d| planned.contains(d.value.id.as_str())).collect();
            Ok((format!("{} {}", m.id, m.name), open_leaves(ws, &roots), m.date))
        }
        Question::Initiative(input) => {
            let (_, i) = super::roadmap::initiative(ws, input)?;
            let roots: Vec<_> = ws.items.iter().filter(|d| d.value.initiative.as_deref() == Some(&i.id)).collect();
            Ok((format!("{} {}", i.id, i.title), open_leaves(ws, &roots), i.end))
        }
        Question::By(date) => Ok((format!("items by {date}"), 0, None)),
    }
}

/// The date each item last moved into done (not `wont_do`) and stayed
/// there, and the first day history covers.
/// Only moves since `since` are read: the window is all a forecast samples.
fn finished(
    product: &Product,
    ws: &Workspace,
    since: Date,
    progress: &dyn Progress,
) -> Result<(Vec<Date>, Option<Date>)> {
    let (done, first) = super::history::finished(product, ws, Some(since), progress)?;
    Ok((done.into_iter().map(|f| f.date).collect(), first))
}

pub(crate) fn forecast(
    product: &Product,
    ws: &Workspace,
    q: &Question,
    opts: Options,
    today: Date,
    progress: &dyn Progress,
) -> Result<Forecast> {
    if opts.runs == 0 || opts.weeks == 0 {
        return Err(Error::usage("--runs and --weeks must be at least 1"));
    }
    let (question, left, planned) = remaining(ws, q)?;
    if let Question::By(date) = q
        && *date <= today
    {
        return Err(Error::usage(format!("{date} is not after today ({today})")));
    }
    // The window is the last `weeks` full weeks before today's: two weeks of margin read no more than that.
    let since = today.add_days(-7 * (i64::from(opts.weeks) + 2));
    let (done, first) = finished(product, ws, since, progress)?;
    let history = first.map_or(0, |f| model::full_weeks(f, today));
    if history < MIN_WEEKS {
        let since = first.map_or("no commits yet".to_string(), |f| format!("history starts {f}"));
        return Err(Error::refused(format!(
            "only {history} full week{} of history ({since}): a forecast needs at least {MIN_WEEKS}",
            if history == 1 { "" } else { "s" }
        ))
        .with_hint("forecast again when the product has a month of history"));
    }
    let weeks = opts.weeks.min(history);
    let sample_weeks = model::weekly(&done, today, weeks);
    let sample: Vec<u32> = sample_weeks.iter().map(|w| w.count).collect();
    if sample.iter().all(|c| *c == 0) {
        return Err(Error::refused(format!(
            "no item was finished in the last {weeks} full weeks: throughput is zero, so there is nothing to sample"
        ))
        .with_hint("use a longer window: --weeks N"));
    }
    let mut f = Forecast {
        question,
        remaining: None,
        planned,
        by: None,
        weeks_until: None,
        today,
        seed: opts.seed,
        runs: opts.runs,
        sample: sample_weeks.iter().map(|w| SampleWeek { week_of: w.start, done: w.count }).collect(),
        answers: Vec::new(),
        histogram: Vec::new(),
    };
    match q {
        Question::By(date) => {
            let w = (today.days_until(*date) / 7) as u32;
            let results = model::items_within(&sample, w, opts.runs, opts.seed);
            f.by = Some(*date);
            f.weeks_until = Some(w);
            f.answers = PERCENTS
                .iter()
                .map(|&p| Answer { percent: p, weeks: None, date: None, items: Some(model::items_at(&results, p)) })
                .collect();
            f.histogram = model::histogram(&results);
        }
        _ => {
            // A non-zero sample always finishes.
            let results = model::weeks_to_finish(&sample, left, opts.runs, opts.seed).unwrap_or_default();
            f.remaining = Some(left);
            f.answers = PERCENTS
                .iter()
                .map(|&p| {
                    let w = model::weeks_at(&results, p);
                    Answer { percent: p, weeks: Some(w), date: Some(today.add_days(7 * i64::from(w))), items: None }
                })
                .collect();
            f.histogram = model::histogram(&results);
        }
    }
    Ok(f)
}

/// The 50 % and 85 % forecast of each milestone not shipped yet that has
/// open leaf items, with the default seed, runs and window — what
/// `milestone list`, `roadmap show` and the `forecast-late` rule show.
/// `None` when there is no forecast to make: no git history, less than
/// [`MIN_WEEKS`] full weeks of it, nothing finished in the window, or a
/// history that cannot be read (these views and `pm check` still work then;
/// `pm forecast milestone` says what is wrong).
pub(crate) fn milestone_forecasts(
    product: &Product,
    ws: &Workspace,
    today: Date,
    progress: &dyn Progress,
) -> Option<BTreeMap<String, MilestoneForecast>> {
    try_milestone_forecasts(product, ws, today, progress).ok().flatten()
}

fn try_milestone_forecasts(
    product: &Product,
    ws: &Workspace,
    today: Date,
    progress: &dyn Progress,
) -> Result<Option<BTreeMap<String, MilestoneForecast>>> {
    use crate::model::roadmap::MilestoneStatus;
    let open: Vec<(String, Question)> = ws
        .milestones()
        .iter()
        .filter(|m| m.status != Some(MilestoneStatus::Shipped))
        .map(|m| (m.id.clone(), Question::Milestone(m.id.clone())))
        .collect();
    try_forecasts(product, ws, today, open, progress)
}

/// The 50 % and 85 % forecast of each open initiative's open leaf items, as
/// [`milestone_forecasts`] makes them; the stakeholder update's health uses
/// the 85 % date against each initiative's end.
pub(crate) fn initiative_forecasts(
    product: &Product,
    ws: &Workspace,
    today: Date,
    progress: &dyn Progress,
) -> Option<BTreeMap<String, MilestoneForecast>> {
    let open: Vec<(String, Question)> = ws
        .initiatives()
        .iter()
        .filter(|i| i.status().is_open())
        .map(|i| (i.id.clone(), Question::Initiative(i.id.clone())))
        .collect();
    try_forecasts(product, ws, today, open, progress).ok().flatten()
}

fn try_forecasts(
    product: &Product,
    ws: &Workspace,
    today: Date,
    questions: Vec<(String, Question)>,
    progress: &dyn Progress,
) -> Result<Option<BTreeMap<String, MilestoneForecast>>> {
    if questions.is_empty() {
        return Ok(None);
    }
    match product.repo() {
        Ok(repo) if repo.has_commits() => {}
        _ => return Ok(None),
    }
    let since = today.add_days(-7 * (i64::from(model::DEFAULT_WEEKS) + 2));
    let (done, first) = finished(product, ws, since, progress)?;
    let history = first.map_or(0, |f| model::full_weeks(f, today));
    if history < MIN_WEEKS {
        return Ok(None);
    }
    let sample: Vec<u32> =
        model::weekly(&done, today, model::DEFAULT_WEEKS.min(history)).iter().map(|w| w.count).collect();
    let mut out = BTreeMap::new();
    for (id, q) in questions {
        let (_, left, _) = remaining(ws, &q)?;
        if left == 0 {
            continue;
        }
        // A sample without any finished item cannot finish anything: no forecast.
        let Some(results) = model::weeks_to_finish(&sample, left, model::DEFAULT_RUNS, model::DEFAULT_SEED) else {
            return Ok(None);
        };
        let date = |p: u32| today.add_days(7 * i64::from(model::weeks_at(&results, p)));
        out.insert(id, MilestoneForecast { p50: date(50), p85: date(85) });
    }
    Ok(Some(out))
}
