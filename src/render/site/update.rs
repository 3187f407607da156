//! The stakeholder update of the last 14 days as a page: what `pm report
//! update --since 14d` prints.

use std::fmt::Write as _;

use crate::model::score::format_fixed;
use crate::ops::update::Moved;
use crate::render::update::{badge, metric_line};

use super::html::{esc, line, table};
use super::{Input, heading};

fn moved(out: &mut String, title: &str, id: &str, rows: &[Moved], none: &str) {
    let _ = writeln!(out, "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{title}</h2>");
    if rows.is_empty() {
        let _ = writeln!(out, "<p>{none}</p>");
    } else {
        out.push_str("<ul>\n");
        for r in rows {
            let _ = writeln!(out, "<li><strong>{}</strong> {}: {}</li>", esc(&r.id), line(&r.title), line(&r.what));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

pub(super) fn body(input: &Input) -> String {
    let mut out =
        heading("Update", Some("The last 14 days from git history, as <code>pm report update</code> writes it."));
    let u = match &input.update {
        Err(why) => {
            let _ = writeln!(out, "<p>There is no update to show: {}.</p>", esc(why));
            return out;
        }
        Ok(u) => u,
    };
    let _ = writeln!(
        out,
        "<p>From <time datetime=\"{s}\">{s}</time> to <time datetime=\"{t}\">{t}</time>, against the product as of \
         <code>{}</code>.</p>",
        esc(&u.base),
        s = u.since,
        t = u.until
    );
    out.push_str("<section aria-labelledby=\"shipped\">\n<h2 id=\"shipped\">Shipped</h2>\n");
    if u.shipped.is_empty() && u.milestones_shipped.is_empty() {
        out.push_str("<p>Nothing shipped in this period.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for m in &u.milestones_shipped {
            let _ = writeln!(
                out,
                "<li>🚀 <strong>{}</strong> {} shipped {}</li>",
                esc(&m.id),
                line(&m.title),
                line(&m.what)
            );
        }
        for s in &u.shipped {
            let about: Vec<String> = s.kind.iter().chain(s.prd.iter()).cloned().collect();
            let about = if about.is_empty() { String::new() } else { format!(" ({})", esc(&about.join(", "))) };
            let _ = writeln!(out, "<li><strong>{}</strong> {}{about}</li>", esc(&s.id), line(&s.title));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    moved(&mut out, "Roadmap changes", "roadmap-changes", &u.roadmap, "No roadmap changes.");
    out.push_str("<section aria-labelledby=\"okr-scores\">\n<h2 id=\"okr-scores\">OKRs</h2>\n");
    if u.objectives.is_empty() {
        out.push_str("<p>No objective's score moved.</p>\n");
    } else {
        let score = |s: Option<f64>| s.map_or("—".to_string(), |s| format_fixed(s, 2));
        let rows: Vec<Vec<String>> = u
            .objectives
            .iter()
            .map(|o| vec![format!("{} {}", esc(&o.id), line(&o.title)), score(o.from), score(o.to)])
            .collect();
        out.push_str(&table("Objective scores", &["Objective", "Then", "Now"], &rows));
    }
    out.push_str("</section>\n<section aria-labelledby=\"metric-moves\">\n<h2 id=\"metric-moves\">Metrics</h2>\n");
    if u.metrics.is_empty() {
        out.push_str("<p>No metric moved.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for m in &u.metrics {
            let _ = writeln!(out, "<li><strong>{}</strong>: {}</li>", line(&m.title), line(&metric_line(m)));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    moved(&mut out, "Experiments concluded", "experiments-concluded", &u.experiments, "None.");
    out.push_str("<section aria-labelledby=\"health\">\n<h2 id=\"health\">Initiatives</h2>\n");
    if u.health.is_empty() {
        out.push_str("<p>No planned or running initiative.</p>\n");
    } else {
        let rows: Vec<Vec<String>> = u
            .health
            .iter()
            .map(|h| {
                let why = h.reasons.join("; ");
                let why = if h.stated { format!("{why} (stated by the team)") } else { why };
                vec![format!("{} {}", esc(&h.id), line(&h.title)), esc(badge(h.health)), line(&why)]
            })
            .collect();
        out.push_str(&table("Initiative health", &["Initiative", "Health", "Why"], &rows));
    }
    out.push_str("</section>\n");
    out
}
