//! Roadmap views: Now/Next/Later columns, grouped tables, a terminal
//! timeline, a Markdown document, a Mermaid gantt chart, JSON and YAML.

use std::fmt::Write as _;

use crate::model::Date;
use crate::model::roadmap::{Basis, MilestoneStatus, Progress};
use crate::ops::roadmap::{Grouping, Row, View, group};

use super::table::{Cell, Grid};
use super::text::{md_cell, terminal, terminal_block};

const BAR: usize = 10;

/// `██████░░░░ 60%`, or `—` when no backlog work is linked.
pub(crate) fn bar(p: &Progress) -> String {
    match p.ratio() {
        None => "—".to_string(),
        Some(r) => {
            let filled = ((r * BAR as f64).round() as usize).min(BAR);
            let by = if p.basis == Basis::Count { " by count" } else { "" };
            format!("{}{} {}{by}", "█".repeat(filled), "░".repeat(BAR - filled), crate::model::score::format_percent(r))
        }
    }
}

pub(super) fn percent(p: &Progress) -> String {
    match p.ratio() {
        None => "—".to_string(),
        Some(r) => format!(
            "{}{}",
            crate::model::score::format_percent(r),
            if p.basis == Basis::Count { " (by count)" } else { "" }
        ),
    }
}

fn flags(row: &Row) -> String {
    let mut f = Vec::new();
    if !row.at_risk.is_empty() {
        f.push(format!("at risk: {}", row.at_risk.join("; ")));
    }
    if row.stale {
        f.push("stale: nothing started".to_string());
    }
    f.join("; ")
}

pub(super) fn when(row: &Row) -> String {
    match (row.initiative.quarter, row.start_shown, row.end_shown) {
        (Some(q), _, _) if row.initiative.start.is_none() && row.initiative.end.is_none() => q.to_string(),
        (_, Some(s), Some(e)) => format!("{s} → {e}"),
        (_, Some(s), None) => format!("from {s}"),
        (_, None, Some(e)) => format!("until {e}"),
        _ => String::new(),
    }
}

/// Flags in a word or two, for table cells.
fn short_flags(row: &Row) -> String {
    let mut f = Vec::new();
    if !row.at_risk.is_empty() {
        f.push("⚠ at risk");
    }
    if row.stale {
        f.push("stale");
    }
    f.join(", ")
}

/// `15.5 (3 customers, 2 anonymous)`.
fn demand_short(d: &crate::model::feedback::Demand) -> String {
    let mut who = Vec::new();
    if d.customers > 0 {
        who.push(format!("{} customer{}", d.customers, if d.customers == 1 { "" } else { "s" }));
    }
    if d.anonymous > 0 {
        who.push(format!("{} anonymous", d.anonymous));
    }
    format!("{} ({})", super::experiment::num(d.score), who.join(", "))
}

/// Now / Next / Later as columns.
pub(crate) fn horizons(view: &View, width: Option<usize>) -> String {
    let groups: Vec<_> =
        group(view, Grouping::Horizon).into_iter().filter(|(k, rows)| k != "unscheduled" || !rows.is_empty()).collect();
    let header: Vec<String> = groups.iter().map(|(k, rows)| format!("{} ({})", k.to_uppercase(), rows.len())).collect();
    let mut grid = Grid::new(header);
    for i in 0..groups.len() {
        grid = grid.flexible(i);
    }
    let depth = groups.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    for n in 0..depth {
        grid.row_lines(groups.iter().map(|(_, rows)| match rows.get(n) {
            None => String::new(),
            Some(row) => {
                let mut cell = format!("{} {}\n{}", row.initiative.id, row.initiative.title, bar(&row.progress));
                if !row.demand.is_zero() {
                    cell.push_str(&format!("\ndemand {}", demand_short(&row.demand)));
                }
                let f = flags(row);
                if !f.is_empty() {
                    cell.push_str(&format!("\n⚠ {f}"));
                }
                cell
            }
        }));
    }
    if depth == 0 {
        return "The roadmap has no open initiatives. Add one with `pm roadmap add TITLE`.\n".to_string();
    }
    grid.render(width)
}

/// One table, grouped by theme, status or objective.
pub(crate) fn grouped(view: &View, by: Grouping, width: Option<usize>) -> String {
    let label = match by {
        Grouping::Theme => "THEME",
        Grouping::Status => "STATUS",
        Grouping::Objective => "OBJECTIVE",
        Grouping::Horizon => "HORIZON",
    };
    let mut grid = Grid::new([label, "ID", "TITLE", "HORIZON", "WHEN", "PROGRESS", "FLAGS"]).flexible(2).flexible(6);
    for (key, rows) in group(view, by) {
        for (n, row) in rows.iter().enumerate() {
            grid.row([
                if n == 0 { key.as_str() } else { "" },
                &row.initiative.id,
                &row.initiative.title,
                row.horizon_shown.map_or("", |h| h.as_str()),
                &when(row),
                &bar(&row.progress),
                &short_flags(row),
            ]);
        }
    }
    if grid.is_empty() {
        return "The roadmap has no initiatives. Add one with `pm roadmap add TITLE`.\n".to_string();
    }
    grid.render(width)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn month_index(d: Date) -> i32 {
    d.year() as i32 * 12 + d.month() as i32 - 1
}

/// Initiatives as bars over months, today marked, milestones as ◆, undated ones listed by horizon.
pub(crate) fn timeline(view: &View) -> String {
    terminal_block(&timeline_lines(view))
}

fn timeline_lines(view: &View) -> String {
    let dated: Vec<&Row> =
        view.initiatives.iter().filter(|r| r.start_shown.is_some() && r.end_shown.is_some()).collect();
    let dated_milestones: Vec<_> = view.milestones.iter().filter(|m| m.date.is_some()).collect();
    let mut out = String::new();
    if dated.is_empty() && dated_milestones.is_empty() {
        out.push_str("No dated initiatives or milestones.\n");
    } else {
        let mut dates: Vec<Date> = vec![view.today];
        for r in &dated {
            dates.extend([r.start_shown, r.end_shown].into_iter().flatten());
        }
        dates.extend(dated_milestones.iter().filter_map(|m| m.date));
        let first = dates.iter().map(|d| month_index(*d)).min().unwrap_or(0);
        let last = dates.iter().map(|d| month_index(*d)).max().unwrap_or(0);
        let months = (last - first + 1) as usize;
        // Four columns a month; a day's column within its month by quarters of the month.
        let column = |d: Date| ((month_index(d) - first) * 4) as usize + ((d.day() as usize - 1) / 8).min(3);
        let labels: Vec<String> = dated
            .iter()
            .map(|r| format!("{} {}", r.initiative.id, terminal(&r.initiative.title)))
            .chain(dated_milestones.iter().map(|m| format!("◆ {} {}", m.id, terminal(&m.name))))
            .map(|l| truncate(&l, 36))
            .collect();
        let lw = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0).max(4);
        let mut year_cells = vec![' '; months * 4 + 4];
        let mut names = " ".repeat(lw + 2);
        for m in 0..months {
            let idx = first + m as i32;
            let (year, month) = (idx.div_euclid(12), idx.rem_euclid(12) as usize);
            if m == 0 || month == 0 {
                for (k, ch) in year.to_string().chars().enumerate() {
                    year_cells[m * 4 + k] = ch;
                }
            }
            names.push_str(MONTHS[month]);
            names.push(' ');
        }
        let years = format!("{}{}", " ".repeat(lw + 2), year_cells.into_iter().collect::<String>());
        out.push_str(years.trim_end());
        out.push('\n');
        out.push_str(names.trim_end());
        out.push('\n');
        let today = column(view.today);
        let draw = |cells: Vec<char>| -> String {
            let mut cells = cells;
            if cells.get(today) == Some(&' ') {
                cells[today] = '┆';
            }
            cells.into_iter().collect::<String>()
        };
        for (n, r) in dated.iter().enumerate() {
            let mut cells = vec![' '; months * 4];
            let (s, e) = (column(r.start_shown.unwrap_or(view.today)), column(r.end_shown.unwrap_or(view.today)));
            for c in cells.iter_mut().take(e + 1).skip(s) {
                *c = '█';
            }
            let line = format!("{:<lw$}  {}  {}", labels[n], draw(cells), percent(&r.progress));
            let f = flags(r);
            out.push_str(line.trim_end());
            if !f.is_empty() {
                out.push_str(&format!("  ⚠ {f}"));
            }
            out.push('\n');
        }
        for (n, m) in dated_milestones.iter().enumerate() {
            let mut cells = vec![' '; months * 4];
            if let Some(d) = m.date {
                cells[column(d)] = '◆';
            }
            let status = match m.status.unwrap_or(MilestoneStatus::Planned) {
                MilestoneStatus::Planned => "planned",
                MilestoneStatus::Shipped => "shipped",
                MilestoneStatus::Missed => "missed",
            };
            // Beside a planned date, the date 85 % of the forecast runs finish by.
            let forecast = match &view.forecasts {
                Some(f) if status != "shipped" => {
                    format!("  85%: {}", forecast_cell(m, f.get(&m.id).map(|f| f.p85)))
                }
                _ => String::new(),
            };
            let line = format!(
                "{:<lw$}  {}  {} {status}{forecast}",
                labels[dated.len() + n],
                draw(cells),
                m.date.map(|d| d.to_string()).unwrap_or_default()
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str(&format!("{:<lw$}  {}┆ today {}\n", "", " ".repeat(today), view.today));
    }
    let undated: Vec<&Row> =
        view.initiatives.iter().filter(|r| r.start_shown.is_none() || r.end_shown.is_none()).collect();
    if !undated.is_empty() {
        out.push_str("\nUndated\n");
        for (key, rows) in group(view, Grouping::Horizon) {
            let rows: Vec<_> =
                rows.into_iter().filter(|r| undated.iter().any(|u| u.initiative.id == r.initiative.id)).collect();
            for r in rows {
                out.push_str(&format!(
                    "  {:<6} {} {}  {}\n",
                    key,
                    r.initiative.id,
                    terminal(&r.initiative.title),
                    percent(&r.progress)
                ));
            }
        }
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max - 1).collect::<String>()) }
}

/// A Markdown document for stakeholders.
pub(crate) fn markdown(view: &View, by: Grouping, product: &str) -> String {
    let mut out = format!("# Roadmap — {}\n\n_As of {}._\n", md_cell(product), view.today);
    let with_demand = view.initiatives.iter().any(|r| !r.demand.is_zero());
    for (key, rows) in group(view, by) {
        if rows.is_empty() {
            continue;
        }
        let heading = match key.as_str() {
            "now" => "Now".to_string(),
            "next" => "Next".to_string(),
            "later" => "Later".to_string(),
            other => other.replace('_', " "),
        };
        let _ = write!(out, "\n## {}\n\n", md_cell(&heading));
        let mut header = vec!["Initiative", "Outcome", "Theme", "When", "Status", "Progress"];
        if with_demand {
            header.push("Demand");
        }
        let mut grid = Grid::new(header);
        for r in rows {
            let i = r.initiative;
            let mut status = i.status().as_str().replace('_', " ");
            if !r.at_risk.is_empty() {
                status.push_str(" ⚠ at risk");
            }
            let mut row = vec![
                Cell::lead(&i.id, &i.title),
                Cell::text(i.outcome.as_deref().unwrap_or("")),
                Cell::text(i.theme.as_deref().unwrap_or("")),
                Cell::text(when(r)),
                Cell::text(status),
                Cell::text(percent(&r.progress)),
            ];
            if with_demand {
                row.push(Cell::text(if r.demand.is_zero() { String::new() } else { demand_short(&r.demand) }));
            }
            grid.row_cells(row);
        }
        out.push_str(&grid.markdown());
    }
    if !view.milestones.is_empty() {
        let forecasts = view.forecasts.as_ref();
        let mut header = vec!["Milestone", "Kind", "Date"];
        if forecasts.is_some() {
            header.push("Forecast (85%)");
        }
        header.push("Status");
        let mut grid = Grid::new(header);
        for m in &view.milestones {
            let kind = m.kind.map(|k| format!("{k:?}").to_lowercase()).unwrap_or_default();
            let status = m.status.map(|s| format!("{s:?}").to_lowercase()).unwrap_or_else(|| "planned".into());
            let mut row = vec![
                Cell::lead(&m.id, &m.name),
                Cell::text(kind),
                Cell::text(m.date.map(|d| d.to_string()).unwrap_or_default()),
            ];
            if let Some(f) = forecasts {
                row.push(Cell::text(forecast_cell(m, f.get(&m.id).map(|f| f.p85))));
            }
            row.push(Cell::text(status));
            grid.row_cells(row);
        }
        out.push_str("\n## Milestones\n\n");
        out.push_str(&grid.markdown());
    }
    out
}

/// Text safe inside a Mermaid gantt task name: no line breaks, no `:` or `;`
/// that would end the name, no `#` entity, no backtick that could close the
/// Markdown fence around the chart.
fn mermaid_text(s: &str) -> String {
    terminal(s).replace(':', " -").replace(';', ",").replace('#', "No. ").replace('`', "'")
}

/// A Mermaid task id from an artifact id (`RM-3` → `rm3`): letters and digits only.
fn mermaid_id(id: &str) -> String {
    id.chars().filter(char::is_ascii_alphanumeric).flat_map(|c| c.to_lowercase()).collect()
}

/// A Mermaid `gantt` chart, one section per theme, milestones as markers.
pub(crate) fn mermaid(view: &View, product: &str) -> String {
    let mut out = format!(
        "gantt\n    title {} roadmap\n    dateFormat YYYY-MM-DD\n    axisFormat %b %Y\n",
        mermaid_text(product)
    );
    let mut themes: Vec<String> = Vec::new();
    for r in &view.initiatives {
        let t = r.initiative.theme.clone().unwrap_or_else(|| "Other".into());
        if !themes.contains(&t) {
            themes.push(t);
        }
    }
    for theme in &themes {
        let rows: Vec<&Row> = view
            .initiatives
            .iter()
            .filter(|r| r.initiative.theme.as_deref().unwrap_or("Other") == theme)
            .filter(|r| r.start_shown.is_some() && r.end_shown.is_some())
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    section {}", mermaid_text(theme));
        for r in rows {
            let i = r.initiative;
            let mut tags = Vec::new();
            if !r.at_risk.is_empty() {
                tags.push("crit");
            }
            match i.status() {
                crate::model::roadmap::InitiativeStatus::Done => tags.push("done"),
                crate::model::roadmap::InitiativeStatus::InProgress => tags.push("active"),
                _ => {}
            }
            let task = mermaid_id(&i.id);
            tags.push(&task);
            let (s, e) = (r.start_shown.unwrap_or(view.today), r.end_shown.unwrap_or(view.today));
            let _ = writeln!(
                out,
                "    {} ({}) :{}, {s}, {e}",
                mermaid_text(&i.title),
                mermaid_text(&i.id),
                tags.join(", ")
            );
        }
    }
    let dated: Vec<_> = view.milestones.iter().filter(|m| m.date.is_some()).collect();
    if !dated.is_empty() {
        out.push_str("    section Milestones\n");
        for m in dated {
            let id = mermaid_id(&m.id);
            let _ = writeln!(
                out,
                "    {} ({}) :milestone, {id}, {}, 0d",
                mermaid_text(&m.name),
                mermaid_text(&m.id),
                m.date.map(|d| d.to_string()).unwrap_or_default()
            );
        }
    }
    for r in view.initiatives.iter().filter(|r| r.start_shown.is_none() || r.end_shown.is_none()) {
        let _ = writeln!(
            out,
            "    %% undated ({}): {} {}",
            r.horizon_shown.map_or("unscheduled", |h| h.as_str()),
            mermaid_text(&r.initiative.id),
            mermaid_text(&r.initiative.title)
        );
    }
    out
}

/// Markdown with the gantt chart in a fenced block, as GitHub renders it.
pub(crate) fn mermaid_block(view: &View, product: &str) -> String {
    format!("```mermaid\n{}```\n", mermaid(view, product))
}

/// The 85 % forecast beside a milestone's date: blank once shipped, a dash
/// when it cannot be computed.
fn forecast_cell(m: &crate::model::Milestone, p85: Option<crate::model::Date>) -> String {
    match (m.status, p85) {
        (Some(MilestoneStatus::Shipped), _) => String::new(),
        (_, Some(d)) => d.to_string(),
        (_, None) => "-".to_string(),
    }
}

/// `pm milestone list`.
pub(crate) fn milestones(
    rows: &[crate::ops::roadmap::MilestoneRow],
    format: super::Format,
    width: Option<usize>,
) -> String {
    use super::Format;
    let status = |m: &crate::model::Milestone| {
        m.status.map(|s| format!("{s:?}").to_lowercase()).unwrap_or_else(|| "planned".into())
    };
    let kind = |m: &crate::model::Milestone| m.kind.map(|k| format!("{k:?}").to_lowercase()).unwrap_or_default();
    let cells = |r: &crate::ops::roadmap::MilestoneRow| {
        vec![
            r.milestone.id.clone(),
            r.milestone.date.map(|d| d.to_string()).unwrap_or_default(),
            forecast_cell(r.milestone, r.forecast_85),
            kind(r.milestone),
            status(r.milestone),
            r.initiatives.join(", "),
            if r.items.is_empty() { String::new() } else { format!("{}/{} done", r.items_done, r.items.len()) },
            r.milestone.name.clone(),
        ]
    };
    let mut grid = Grid::new(["ID", "DATE", "85%", "KIND", "STATUS", "INITIATIVES", "ITEMS", "NAME"]).flexible(7);
    for r in rows {
        grid.row(cells(r));
    }
    match format {
        Format::Json => super::backlog::to_json(&rows),
        Format::Yaml => yaml_serde::to_string(&rows).unwrap_or_default(),
        Format::Csv => grid.csv(),
        Format::Md => grid.markdown(),
        Format::Table => {
            if grid.is_empty() {
                "No milestones. Add one with `pm milestone add NAME --date D`.\n".into()
            } else {
                grid.render(width)
            }
        }
    }
}
