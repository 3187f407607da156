//! The metrics page: every KPI with its latest value, target, band and trend
//! (as `pm metric show` computes them) and a chart of its series.

use std::fmt::Write as _;

use crate::ops::metric::Summary;
use crate::render::metric::{bands, definition, gap_text, status_text, target_text, trend_text, value};

use super::html::{anchor, badge, esc, line, linked};
use super::{Input, chart, heading};

pub(super) fn body(input: &Input) -> String {
    let mut out = heading(
        "Metrics",
        Some("Each chart shows a metric's series, oldest to newest, with its target as a dashed line."),
    );
    if input.metrics.is_empty() {
        out.push_str("<p>No metrics yet.</p>\n");
        return out;
    }
    // North-star metrics first, then file order.
    let mut metrics: Vec<&Summary> = input.metrics.iter().collect();
    metrics.sort_by_key(|s| !s.metric.is_north_star());
    out.push_str("<nav aria-label=\"Metrics on this page\">\n<ul class=\"inline\">\n");
    for s in &metrics {
        let _ = writeln!(out, "<li><a href=\"#{}\">{}</a></li>", anchor(&s.metric.id), line(&s.metric.name));
    }
    out.push_str("</ul>\n</nav>\n");
    for s in metrics {
        out.push_str(&metric(s));
    }
    out
}

fn metric(s: &Summary) -> String {
    let m = s.metric;
    let unit = m.unit.as_deref();
    let id = anchor(&m.id);
    let star = if m.is_north_star() { " <span class=\"badge badge-star\">North star</span>" } else { "" };
    let mut out = format!(
        "<section class=\"metric\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{} <span class=\"id\">{}</span>{star}</h2>\n",
        line(&m.name),
        esc(&m.id)
    );
    let c = &s.computed;
    let mut facts: Vec<String> = Vec::new();
    if let Some(l) = &c.latest {
        let mut latest = format!("<strong>{}</strong> in {}", esc(&value(l.value, unit)), esc(&l.period));
        let status = status_text(c.status);
        if !status.is_empty() {
            latest.push(' ');
            latest.push_str(&badge(status, status));
        }
        facts.push(format!("Latest: {latest}"));
    }
    if let Some(t) = target_text(m) {
        let gap = gap_text(m, c).map(|g| format!(" ({})", esc(&g))).unwrap_or_default();
        facts.push(format!("Target: {}{gap}", esc(&t)));
    }
    if let Some(t) = trend_text(m, c) {
        facts.push(format!("Trend: {}", esc(&t)));
    }
    if let Some(b) = bands(m) {
        facts.push(format!("Bands: {}", esc(&b)));
    }
    if !facts.is_empty() {
        out.push_str("<ul class=\"facts\">\n");
        for f in facts {
            let _ = writeln!(out, "<li>{f}</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str(&chart::metric(s));
    let def: Vec<(String, String)> = definition(m, false).into_iter().filter(|(k, _)| k != "thresholds").collect();
    if !def.is_empty() {
        out.push_str("<details>\n<summary>Definition</summary>\n<dl>\n");
        for (k, v) in def {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&k), linked(&v));
        }
        out.push_str("</dl>\n</details>\n");
    }
    if !s.segments.is_empty() {
        let list: Vec<String> =
            s.segments
                .iter()
                .filter_map(|seg| {
                    seg.computed.latest.as_ref().map(|l| {
                        format!("{}: {} in {}", line(&seg.segment), esc(&value(l.value, unit)), esc(&l.period))
                    })
                })
                .collect();
        if !list.is_empty() {
            let _ = writeln!(out, "<p class=\"facts\">Latest by segment: {}</p>", list.join("; "));
        }
    }
    out.push_str("</section>\n");
    out
}
