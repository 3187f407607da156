//! The OKRs page: every cycle, newest first, each objective with its score
//! on Google's 0.0–1.0 scale (as `pm okr show` computes it) and its key
//! results with their progress.

use std::fmt::Write as _;

use crate::model::Cycle;
use crate::model::score::format_number;
use crate::ops::okr::ObjectiveView;
use crate::render::okr::{kind, kr_numbers};

use super::html::{anchor, badge, esc, line, percent, prose, table};
use super::{Input, heading};

pub(super) fn body(input: &Input) -> String {
    let mut out = heading(
        "OKRs",
        Some(
            "Scores run from 0.0 to 1.0: below 0.4 is red, below 0.7 yellow, and green above. Key result progress is (current − baseline) / (target − baseline).",
        ),
    );
    if input.objectives.is_empty() {
        out.push_str("<p>No objectives yet.</p>\n");
        return out;
    }
    let mut cycles: Vec<Option<Cycle>> = Vec::new();
    for v in &input.objectives {
        if !cycles.contains(&v.cycle_shown) {
            cycles.push(v.cycle_shown);
        }
    }
    // Newest first; objectives without a cycle last.
    cycles.sort_by(|a, b| match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    if cycles.len() > 1 {
        out.push_str("<nav aria-label=\"Cycles\">\n<ul class=\"inline\">\n");
        for c in &cycles {
            let (key, label) = names(*c);
            let _ = writeln!(out, "<li><a href=\"#{key}\">{label}</a></li>");
        }
        out.push_str("</ul>\n</nav>\n");
    }
    for c in cycles {
        let (key, label) = names(c);
        let current =
            if c.is_some() && c == input.current_cycle { " <span class=\"badge\">current</span>" } else { "" };
        let _ = write!(out, "<section aria-labelledby=\"{key}\">\n<h2 id=\"{key}\">{label}{current}</h2>\n");
        for v in input.objectives.iter().filter(|v| v.cycle_shown == c) {
            out.push_str(&objective(v));
        }
        out.push_str("</section>\n");
    }
    out
}

/// The id and heading of a cycle's section.
fn names(c: Option<Cycle>) -> (String, String) {
    match c {
        Some(c) => (format!("cycle-{c}"), c.to_string()),
        None => ("no-cycle".to_string(), "No cycle".to_string()),
    }
}

fn objective(v: &ObjectiveView) -> String {
    let o = v.objective;
    let id = anchor(&o.id);
    let mut out = format!(
        "<article class=\"objective\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\"><span class=\"id\">{}</span> {}</h3>\n",
        esc(&o.id),
        line(&o.title)
    );
    let mut facts = Vec::new();
    let k = kind(v);
    if !k.is_empty() {
        facts.push(k.to_string());
    }
    if let Some(l) = o.level {
        facts.push(format!("{l:?}").to_lowercase());
    }
    if let Some(owner) = &o.owner {
        facts.push(format!("owner {}", line(owner)));
    }
    if let Some(s) = o.status {
        facts.push(format!("{s:?}").to_lowercase());
    }
    if let Some(p) = &o.parent {
        facts.push(format!("supports {}", esc(p)));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "<p class=\"facts\">{}</p>", facts.join(" · "));
    }
    match v.score_now {
        Some(score) => {
            let score = crate::model::score::format_fixed(score, 2);
            let band = v.band.map(|b| b.as_str()).unwrap_or("");
            let track = match (v.on_track, v.expected) {
                (Some(true), Some(e)) => {
                    format!(" · on track (expected {} by now)", crate::model::score::format_fixed(e, 2))
                }
                (Some(false), Some(e)) => {
                    format!(" · behind (expected {} by now)", crate::model::score::format_fixed(e, 2))
                }
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "<p class=\"score\">Score <strong>{score}</strong> <meter min=\"0\" max=\"1\" low=\"0.4\" high=\"0.7\" optimum=\"1\" value=\"{score}\" aria-label=\"{} score\">{score}</meter> {}{track}</p>",
                esc(&o.id),
                badge(band, band),
            );
        }
        None => out.push_str("<p class=\"score\">Score: not yet measurable.</p>\n"),
    }
    if let Some(d) = o.description.as_deref().filter(|d| !d.trim().is_empty()) {
        out.push_str(&prose(d));
    }
    if v.key_results_scored.is_empty() {
        out.push_str("<p class=\"muted\">No key results yet.</p>\n");
    } else {
        let rows: Vec<Vec<String>> = v
            .key_results_scored
            .iter()
            .map(|k| {
                let progress = match k.progress {
                    Some(p) => format!(
                        "<progress max=\"100\" value=\"{}\" aria-label=\"{} progress\">{}</progress> {}",
                        crate::model::score::format_fixed(p * 100.0, 0),
                        esc(&k.kr.id),
                        percent(p),
                        percent(p)
                    ),
                    None => "—".to_string(),
                };
                vec![
                    format!("<span id=\"{}\">{}</span>", anchor(&k.kr.id), esc(&k.kr.id)),
                    line(&k.kr.title),
                    progress,
                    esc(&kr_numbers(k)),
                    k.kr.weight.map(format_number).unwrap_or_default(),
                    k.confidence.map(format_number).unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&table(
            &format!("Key results of {}", o.id),
            &["Key result", "Title", "Progress", "Baseline → now → target", "Weight", "Confidence"],
            &rows,
        ));
    }
    let mut links = Vec::new();
    if !v.initiatives.is_empty() {
        let l: Vec<String> =
            v.initiatives.iter().map(|i| format!("<a href=\"roadmap.html#{}\">{}</a>", anchor(i), esc(i))).collect();
        links.push(format!("Initiatives: {}", l.join(", ")));
    }
    if !v.items.is_empty() {
        let l: Vec<String> =
            v.items.iter().map(|i| format!("<a href=\"backlog.html#{}\">{}</a>", anchor(i), esc(i))).collect();
        links.push(format!("Backlog: {}", l.join(", ")));
    }
    for l in links {
        let _ = writeln!(out, "<p class=\"facts\">{l}</p>");
    }
    out.push_str("</article>\n");
    out
}
