//! A forecast in the terminal: the answers at 50, 85 and 95 %, the
//! throughput sample they come from, and a histogram of the runs.

use std::fmt::Write as _;

use crate::ops::forecast::Forecast;

use super::text::terminal;

const BAR: usize = 30;

pub(crate) fn table(f: &Forecast) -> String {
    let mut out = match (f.remaining, f.by) {
        (_, Some(by)) => format!(
            "How many items by {by} ({} whole week{} from {})\n",
            f.weeks_until.unwrap_or(0),
            if f.weeks_until == Some(1) { "" } else { "s" },
            f.today
        ),
        (Some(0), _) => format!("{}: nothing is left to do\n", terminal(&f.question)),
        (Some(left), _) => {
            let planned = f.planned.map(|d| format!(", planned for {d}")).unwrap_or_default();
            format!(
                "When will {} be done: {left} item{} to go{planned}\n",
                terminal(&f.question),
                if left == 1 { "" } else { "s" }
            )
        }
        (None, None) => String::new(),
    };
    let counts: Vec<String> = f.sample.iter().map(|w| w.done.to_string()).collect();
    let (first, last) = (f.sample.first().map(|w| w.week_of), f.sample.last().map(|w| w.week_of.add_days(6)));
    if let (Some(first), Some(last)) = (first, last) {
        let _ = writeln!(
            out,
            "{} runs (seed {}) drawing from the items finished in each of the last {} full weeks ({first} to {last}): {}\n",
            f.runs,
            f.seed,
            f.sample.len(),
            counts.join(" ")
        );
    }
    for a in &f.answers {
        match (a.weeks, a.date, a.items) {
            (Some(w), Some(d), _) => {
                let late = match f.planned {
                    Some(p) if d > p => format!("  ({} days after the planned date)", p.days_until(d)),
                    _ => String::new(),
                };
                let _ = writeln!(out, "  {:>3}%  {d}  ({w} week{}){late}", a.percent, if w == 1 { "" } else { "s" });
            }
            (_, _, Some(n)) => {
                let _ = writeln!(out, "  {:>3}%  {n} item{} or more", a.percent, if n == 1 { "" } else { "s" });
            }
            _ => {}
        }
    }
    let most = f.histogram.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let unit = if f.by.is_some() { "items" } else { "weeks" };
    let _ = writeln!(out, "\nRuns by {unit}");
    let width = f.histogram.iter().map(|(v, _)| v.to_string().len()).max().unwrap_or(1);
    for (value, n) in &f.histogram {
        let len = (*n as usize * BAR).div_ceil(most as usize);
        let share = f64::from(*n) * 100.0 / f64::from(f.runs.max(1));
        let _ = writeln!(
            out,
            "  {value:>width$}  {:<BAR$} {}%",
            "█".repeat(len),
            crate::model::score::format_number(share)
        );
    }
    out
}
