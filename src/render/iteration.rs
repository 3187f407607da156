//! Iterations: the list with committed points, capacity and velocity, and
//! one iteration in full with its items and a burn-up drawn in the terminal.

use std::fmt::Write as _;

use crate::model::Date;
use crate::model::score::format_number;
use crate::ops::iteration::{Detail, Listing, Row};

use super::Format;
use super::table::Grid;
use super::text::terminal;

/// Rows of the burn-up chart.
const HEIGHT: usize = 6;

/// A number, or `missing` when it is unknown.
fn number_or(v: Option<f64>, missing: &str) -> String {
    v.map_or_else(|| missing.to_string(), format_number)
}

fn number(v: Option<f64>) -> String {
    number_or(v, "-")
}

const HEADER: [&str; 10] =
    ["ID", "START", "END", "STATE", "ITEMS", "COMMITTED", "CAPACITY", "DONE", "VELOCITY", "NAME"];

/// A row's cells; `missing` stands for an unknown capacity or velocity.
fn cells(r: &Row, missing: &str) -> Vec<String> {
    let it = r.iteration;
    vec![
        it.id.clone(),
        it.start.to_string(),
        it.end.to_string(),
        r.state.as_str().to_string(),
        r.items.to_string(),
        format_number(r.committed),
        number_or(it.capacity, missing),
        format_number(r.done),
        number_or(r.velocity, missing),
        it.name.clone(),
    ]
}

fn average_line(listing: &Listing) -> Option<String> {
    listing
        .average_velocity
        .map(|v| format!("Average velocity of the last 3 past iterations: {} points", format_number(v)))
}

pub(crate) fn list(listing: &Listing, format: Format, width: Option<usize>) -> String {
    match format {
        Format::Json => super::backlog::to_json(listing),
        Format::Yaml => yaml_serde::to_string(listing).unwrap_or_default(),
        Format::Csv => {
            let mut grid = Grid::new(HEADER);
            for r in &listing.iterations {
                grid.row(cells(r, ""));
            }
            grid.csv()
        }
        Format::Md => {
            let mut grid = Grid::new(HEADER);
            for r in &listing.iterations {
                grid.row(cells(r, "-"));
            }
            let mut out = grid.markdown();
            if let Some(line) = average_line(listing) {
                out.push_str(&format!("\n{line}\n"));
            }
            out
        }
        Format::Table => {
            let mut grid = Grid::new(HEADER).flexible(HEADER.len() - 1);
            for r in &listing.iterations {
                grid.row(cells(r, "-"));
            }
            if grid.is_empty() {
                return "No iterations. Add one with `pm iteration add NAME --start DATE --end DATE`.\n".into();
            }
            let mut out = grid.render(width);
            if let Some(line) = average_line(listing) {
                out.push_str(&format!("\n{line}\n"));
            }
            out
        }
    }
}

pub(crate) fn show(d: &Detail, format: Format, width: Option<usize>) -> String {
    match format {
        Format::Json => return super::backlog::to_json(d),
        Format::Yaml => return yaml_serde::to_string(d).unwrap_or_default(),
        _ => {}
    }
    let (r, it) = (&d.row, d.row.iteration);
    let md = format == Format::Md;
    let mut out = String::new();
    let title = format!("{} {}", it.id, terminal(&it.name));
    let span = format!("{} to {}, {} days, {}", it.start, it.end, it.days(), r.state.as_str());
    if md {
        let _ = writeln!(out, "# {title}\n\n{span}\n");
    } else {
        let _ = writeln!(out, "{title}  ({span})");
    }
    if let Some(goal) = &it.goal {
        let _ = writeln!(out, "Goal: {}", terminal(goal));
    }
    let capacity = match it.capacity {
        Some(c) if r.committed > c => {
            format!(" of {} capacity (over by {})", format_number(c), format_number(r.committed - c))
        }
        Some(c) => format!(" of {} capacity", format_number(c)),
        None => " (no capacity set)".to_string(),
    };
    let lines = [
        format!("Committed: {} points{capacity}", format_number(r.committed)),
        format!("Done:      {} points of its items", format_number(r.done)),
        match (r.velocity, d.average_velocity) {
            (Some(v), Some(avg)) => format!(
                "Velocity:  {} points finished in its days (average of the last 3 past iterations: {})",
                format_number(v),
                format_number(avg)
            ),
            (Some(v), None) => format!("Velocity:  {} points finished in its days", format_number(v)),
            (None, _) => "Velocity:  - (needs git history)".to_string(),
        },
    ];
    for line in lines {
        if md {
            let _ = writeln!(out, "- {line}");
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    out.push('\n');
    let mut grid = Grid::new(["ID", "STATUS", "POINTS", "TITLE"]).flexible(3);
    for p in &d.items {
        grid.row([p.id.clone(), p.status.clone(), number(p.points), p.title.clone()]);
    }
    if grid.is_empty() {
        let _ = writeln!(out, "No items planned. Plan some with `pm iteration plan {} ID...`.", it.id);
    } else if md {
        out.push_str(&grid.markdown());
    } else {
        out.push_str(&grid.render(width));
    }
    if !d.burn_up.is_empty() && format == Format::Table {
        out.push('\n');
        let line: Vec<(Date, f64)> = d.burn_up.iter().map(|day| (day.date, day.done)).collect();
        out.push_str(&burn_up(&line, r.committed, it.capacity, it.start, it.end));
    }
    out
}

/// A burn-up chart: one column per day of the iteration, the points done by
/// that day as a bar, the committed scope as a dotted line; days still to
/// come are blank.
pub(crate) fn burn_up(line: &[(Date, f64)], committed: f64, capacity: Option<f64>, start: Date, end: Date) -> String {
    let days = (start.days_until(end) + 1).max(1) as usize;
    let reached = line.last().map_or(0.0, |(_, v)| *v);
    let top = committed.max(capacity.unwrap_or(0.0)).max(reached).max(1.0);
    let step = top / HEIGHT as f64;
    // The row (1 = lowest) the committed line is drawn on.
    let scope_row = (committed / step).round() as usize;
    let label_width = format_number(top).len();
    let mut out = String::new();
    let capacity = capacity.map(|c| format!(", capacity {}", format_number(c))).unwrap_or_default();
    let _ = writeln!(out, "Burn-up: points done by day (█), committed {} (┈){capacity}", format_number(committed));
    for row in (1..=HEIGHT).rev() {
        let label = if row == HEIGHT { format_number(top) } else { String::new() };
        let mut cells = String::new();
        for day in 0..days {
            let cell = match line.get(day) {
                Some((_, v)) if *v >= step * row as f64 - 1e-9 => '█',
                Some((_, v)) if *v >= step * (row as f64 - 0.5) - 1e-9 => '▄',
                _ if row == scope_row && committed > 0.0 => '┈',
                _ => ' ',
            };
            cells.push(cell);
        }
        let _ = writeln!(out, "{label:>label_width$} ┤{}", cells.trim_end());
    }
    let _ = writeln!(out, "{:>label_width$} └{}", "0", "─".repeat(days));
    let (first, last) = (start.to_string(), end.to_string());
    let gap = days.saturating_sub(first.len() + last.len()).max(1);
    let _ = writeln!(out, "{:>label_width$}  {first}{}{last}", "", " ".repeat(gap));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burn_up_draws_bars_up_to_today_and_the_scope_line() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let start = d("2026-03-02");
        let line: Vec<(Date, f64)> =
            [0.0, 0.0, 3.0, 3.0, 6.0].iter().enumerate().map(|(i, v)| (start.add_days(i as i64), *v)).collect();
        let chart = burn_up(&line, 12.0, None, start, d("2026-03-13"));
        assert_eq!(
            chart,
            "Burn-up: points done by day (█), committed 12 (┈)\n\
             12 ┤┈┈┈┈┈┈┈┈┈┈┈┈\n\
             \x20  ┤\n\
             \x20  ┤\n\
             \x20  ┤    █\n\
             \x20  ┤  ▄▄█\n\
             \x20  ┤  ███\n\
             \x200 └────────────\n\
             \x20   2026-03-02 2026-03-13\n"
        );
    }
}
