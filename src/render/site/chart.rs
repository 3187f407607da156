//! Pictures without JavaScript: the roadmap timeline (bars positioned in
//! percent, so it fits any width and its labels stay real text) and metric
//! charts as inline SVG, each followed by the same numbers as a table.

use std::fmt::Write as _;

use crate::model::Date;
use crate::model::metric::Direction;
use crate::ops::metric::Summary;
use crate::ops::roadmap::{Row, View};
use crate::render::metric::value;
use crate::render::roadmap::percent;

use super::html::{anchor, esc, line, table};

/// The first day of `d`'s month.
fn month_start(d: Date) -> Date {
    Date::new(d.year(), d.month(), 1).unwrap_or(d)
}

/// The first day of the month after `d`'s.
fn next_month(d: Date) -> Date {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    Date::new(y, m, 1).unwrap_or(d)
}

/// `left: 12.5%`-style offsets over the span `first..end`.
struct Scale {
    first: Date,
    days: f64,
}

impl Scale {
    fn at(&self, d: Date) -> f64 {
        (self.first.days_until(d) as f64 / self.days * 100.0).clamp(0.0, 100.0)
    }
}

/// The roadmap's dated initiatives as bars over months, milestones as
/// diamonds, a line at today; undated initiatives listed under it.
pub(super) fn timeline(view: &View) -> String {
    let dated: Vec<&Row> =
        view.initiatives.iter().filter(|r| r.start_shown.is_some() && r.end_shown.is_some()).collect();
    let milestones: Vec<_> = view.milestones.iter().filter(|m| m.date.is_some()).collect();
    let mut out = String::new();
    if dated.is_empty() && milestones.is_empty() {
        out.push_str("<p>No dated initiatives or milestones.</p>\n");
    } else {
        let mut dates = vec![view.today];
        for r in &dated {
            dates.extend([r.start_shown, r.end_shown].into_iter().flatten());
        }
        dates.extend(milestones.iter().filter_map(|m| m.date));
        let first = month_start(*dates.iter().min().unwrap_or(&view.today));
        let end = next_month(*dates.iter().max().unwrap_or(&view.today));
        let scale = Scale { first, days: first.days_until(end).max(1) as f64 };
        // Quarter starts label the scale.
        let mut ticks = String::new();
        let mut m = first;
        while m < end {
            if (m.month() - 1) % 3 == 0 {
                let _ = write!(
                    ticks,
                    "<span class=\"tick\" style=\"left:{:.2}%\">{}-Q{}</span>",
                    scale.at(m),
                    m.year(),
                    (m.month() - 1) / 3 + 1
                );
            }
            m = next_month(m);
        }
        let today = format!("<span class=\"today\" style=\"left:{:.2}%\"></span>", scale.at(view.today));
        let _ = writeln!(
            out,
            "<p class=\"muted\">From {first} to {}; the vertical line is today, {}.</p>",
            end.add_days(-1),
            view.today
        );
        let _ =
            writeln!(out, "<div class=\"timeline\">\n<div class=\"scale\" aria-hidden=\"true\">{ticks}</div>\n<ol>");
        for r in &dated {
            let (s, e) = (r.start_shown.unwrap_or(view.today), r.end_shown.unwrap_or(view.today));
            let left = scale.at(s);
            let width = (scale.at(e.add_days(1)) - left).max(0.5);
            let risk = if r.at_risk.is_empty() { "" } else { " at-risk" };
            let status = r.initiative.status().as_str();
            let _ = writeln!(
                out,
                "<li><a href=\"#{id}\"><span class=\"id\">{}</span> {}</a> <span class=\"muted\">{s} → {e} · {} · {}</span>\
                 <div class=\"track\" aria-hidden=\"true\">{today}<span class=\"bar status-{}{risk}\" style=\"left:{left:.2}%;width:{width:.2}%\"></span></div></li>",
                esc(&r.initiative.id),
                line(&r.initiative.title),
                status.replace('_', " "),
                esc(&percent(&r.progress)),
                anchor(status),
                id = anchor(&r.initiative.id),
            );
        }
        for m in &milestones {
            let d = m.date.unwrap_or(view.today);
            let _ = writeln!(
                out,
                "<li><a href=\"#{id}\"><span class=\"id\">{}</span> {}</a> <span class=\"muted\">◆ {d}</span>\
                 <div class=\"track\" aria-hidden=\"true\">{today}<span class=\"diamond\" style=\"left:{:.2}%\"></span></div></li>",
                esc(&m.id),
                line(&m.name),
                scale.at(d),
                id = anchor(&m.id),
            );
        }
        out.push_str("</ol>\n</div>\n");
    }
    let undated: Vec<&Row> = view
        .initiatives
        .iter()
        .filter(|r| r.initiative.status().is_open() && (r.start_shown.is_none() || r.end_shown.is_none()))
        .collect();
    if !undated.is_empty() {
        out.push_str("<h3>Not dated</h3>\n<ul>\n");
        for r in undated {
            let _ = writeln!(
                out,
                "<li><a href=\"#{}\"><span class=\"id\">{}</span> {}</a> <span class=\"muted\">{} · {}</span></li>",
                anchor(&r.initiative.id),
                esc(&r.initiative.id),
                line(&r.initiative.title),
                r.horizon_shown.map_or("unscheduled", |h| h.as_str()),
                esc(&percent(&r.progress))
            );
        }
        out.push_str("</ul>\n");
    }
    out
}

// ---------------------------------------------------------------- metric charts

const W: f64 = 480.0;
const H: f64 = 220.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// A number for SVG coordinates: two decimals, no `-0`.
fn n(v: f64) -> String {
    let s = format!("{v:.2}");
    if s == "-0.00" { "0.00".to_string() } else { s }
}

/// A line chart of the metric's series (the `all` segment), its target as a
/// dashed line, with an accessible name and a data table beside it.
pub(super) fn metric(s: &Summary) -> String {
    let m = s.metric;
    let unit = m.unit.as_deref();
    let id = anchor(&m.id);
    if s.series.is_empty() {
        return "<p>No observations yet.</p>\n".to_string();
    }
    let values: Vec<f64> = s.series.iter().map(|o| o.value).collect();
    let target = m.target.as_ref().map(|t| t.value);
    let mut lo = values.iter().copied().chain(target).fold(f64::INFINITY, f64::min);
    let mut hi = values.iter().copied().chain(target).fold(f64::NEG_INFINITY, f64::max);
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let pad = if hi.abs() > 1.0 { hi.abs() * 0.1 } else { 1.0 };
        lo -= pad;
        hi += pad;
    } else {
        let pad = (hi - lo) * 0.08;
        lo -= pad;
        hi += pad;
    }
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x = |i: usize| {
        if values.len() == 1 { LEFT + pw / 2.0 } else { LEFT + pw * i as f64 / (values.len() - 1) as f64 }
    };
    let y = |v: f64| TOP + ph * (1.0 - (v - lo) / (hi - lo));
    let (first, last) = (&s.series[0].period, &s.series[s.series.len() - 1].period);
    let latest = values[values.len() - 1];
    let mut desc = format!("{} observations from {first} to {last}; latest {}", values.len(), value(latest, unit));
    if let Some(t) = &m.target {
        let _ = write!(desc, "; target {}", value(t.value, unit));
        if let Some(by) = t.by {
            let _ = write!(desc, " by {by}");
        }
    }
    let better = match m.direction() {
        Direction::Up => "higher is better",
        Direction::Down => "lower is better",
    };
    let _ = write!(desc, "; {better}.");
    let mut out = format!(
        "<figure class=\"chart\">\n<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
        esc(&m.name),
        esc(&desc)
    );
    // Three gridlines with their values: bottom, middle, top.
    for k in 0..3 {
        let v = lo + (hi - lo) * k as f64 / 2.0;
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/><text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            n(LEFT),
            n(W - RIGHT),
            n(LEFT - 6.0),
            n(y(v) + 4.0),
            esc(&value(v, unit)),
            y = n(y(v)),
        );
    }
    let _ = writeln!(
        out,
        "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"start\">{}</text><text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        n(LEFT),
        n(H - 10.0),
        esc(first),
        n(W - RIGHT),
        n(H - 10.0),
        esc(last)
    );
    if let Some(t) = target {
        let _ = writeln!(
            out,
            "<line class=\"target\" x1=\"{}\" x2=\"{}\" y1=\"{ty}\" y2=\"{ty}\"/><text class=\"target-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">target {}</text>",
            n(LEFT),
            n(W - RIGHT),
            n(W - RIGHT - 2.0),
            n(y(t) - 5.0),
            esc(&value(t, unit)),
            ty = n(y(t)),
        );
    }
    let points: Vec<String> = values.iter().enumerate().map(|(i, v)| format!("{},{}", n(x(i)), n(y(*v)))).collect();
    if points.len() > 1 {
        let _ = writeln!(out, "<polyline class=\"series\" points=\"{}\"/>", points.join(" "));
    }
    for (i, v) in values.iter().enumerate() {
        let _ = writeln!(out, "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"3\"/>", n(x(i)), n(y(*v)));
    }
    out.push_str("</svg>\n");
    let _ = writeln!(out, "<figcaption>{}</figcaption>\n</figure>", esc(&desc));
    let rows: Vec<Vec<String>> = s
        .series
        .iter()
        .rev()
        .map(|o| vec![esc(&o.period), esc(&value(o.value, unit)), o.note.as_deref().map(line).unwrap_or_default()])
        .collect();
    let _ = write!(
        out,
        "<details>\n<summary>Observations of {} ({})</summary>\n{}</details>\n",
        esc(&m.name),
        rows.len(),
        table(&format!("Observations of {}", m.name), &["Period", "Value", "Note"], &rows)
    );
    out
}
