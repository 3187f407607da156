//! Customer evidence: the work customers ask for most, by demand, by
//! segment, the newest feedback, and the competitor matrix. Published with
//! `--external`, it names no customer and shows no quote or revenue.

use std::fmt::Write as _;

use crate::model::competitor::Support;
use crate::render::evidence::arr_text;
use crate::render::experiment::num;

use super::html::{badge, esc, line, table};
use super::{Input, heading};

pub(super) fn body(input: &Input) -> String {
    let mut out = heading(
        "Customer evidence",
        Some(
            "What customers ask for, weighted by demand: per customer the highest importance they gave, times \
             their tier's weight, summed (<code>pm backlog score --by demand</code>).",
        ),
    );
    let o = &input.evidence;
    let external = input.external;
    if o.total == 0 && o.matrix.rows.is_empty() {
        out.push_str("<p>No customer feedback yet. Record some with <code>pm feedback add</code>.</p>\n");
        return out;
    }
    let _ = writeln!(
        out,
        "<p>{} pieces of feedback from {} customers; {} not linked to any work yet.</p>",
        o.total, o.customers, o.unlinked
    );
    let demand_cells = |d: &crate::model::feedback::Demand| {
        let mut cells = vec![num(d.score), d.customers.to_string(), d.anonymous.to_string()];
        if !external {
            cells.push(esc(&arr_text(d)));
        }
        cells
    };
    let mut head = vec!["Item", "Status", "Demand", "Customers", "Anonymous"];
    if !external {
        head.push("ARR at stake");
    }
    out.push_str("<section aria-labelledby=\"items\">\n<h2 id=\"items\">Most requested work</h2>\n");
    if o.items.is_empty() {
        out.push_str("<p>No open item is asked for yet.</p>\n");
    } else {
        let rows: Vec<Vec<String>> = o
            .items
            .iter()
            .map(|(d, dm)| {
                let mut row = vec![format!("{} {}", esc(&d.value.id), line(&d.value.title)), esc(d.value.status())];
                row.extend(demand_cells(dm));
                row
            })
            .collect();
        out.push_str(&table("Most requested work", &head, &rows));
    }
    out.push_str("</section>\n");
    if !o.initiatives.is_empty() {
        head[0] = "Initiative";
        out.push_str("<section aria-labelledby=\"initiatives\">\n<h2 id=\"initiatives\">Initiatives</h2>\n");
        let rows: Vec<Vec<String>> = o
            .initiatives
            .iter()
            .map(|(i, dm)| {
                let mut row = vec![format!("{} {}", esc(&i.id), line(&i.title)), esc(i.status().as_str())];
                row.extend(demand_cells(dm));
                row
            })
            .collect();
        out.push_str(&table("Initiatives by demand", &head, &rows));
        out.push_str("</section>\n");
    }
    if !o.segments.is_empty() {
        out.push_str("<section aria-labelledby=\"segments\">\n<h2 id=\"segments\">By segment</h2>\n");
        let rows: Vec<Vec<String>> = o
            .segments
            .iter()
            .map(|s| {
                let top: Vec<String> = s
                    .top
                    .iter()
                    .map(|(id, title, score)| format!("{} {} ({})", esc(id), line(title), num(*score)))
                    .collect();
                vec![esc(&s.name), s.feedback.to_string(), s.customers.to_string(), top.join("<br>")]
            })
            .collect();
        out.push_str(&table("Feedback by segment", &["Segment", "Feedback", "Customers", "Asks most for"], &rows));
        out.push_str("</section>\n");
    }
    if !external && !o.recent.is_empty() {
        out.push_str("<section aria-labelledby=\"recent\">\n<h2 id=\"recent\">Newest feedback</h2>\n<ul>\n");
        for d in &o.recent {
            let f = &d.value;
            let date = f.date.map(|d| format!("<time datetime=\"{d}\">{d}</time> · ")).unwrap_or_default();
            let who = f.customer.as_deref().map(esc).unwrap_or_else(|| "anonymous".into());
            let asks: Vec<String> = f.links.iter().map(|l| esc(&l.to)).collect();
            let asks = if asks.is_empty() { String::new() } else { format!(" → {}", asks.join(", ")) };
            let _ = write!(
                out,
                "<li>{date}<strong>{}</strong> {} <span class=\"muted\">({who}{asks})</span>",
                esc(&f.id),
                line(&f.summary)
            );
            if let Some(q) = &f.quote {
                let _ = write!(out, "<blockquote>{}</blockquote>", line(q));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</section>\n");
    }
    if !o.matrix.rows.is_empty() {
        out.push_str("<section aria-labelledby=\"competitors\">\n<h2 id=\"competitors\">Competitors</h2>\n");
        let mut head: Vec<&str> = vec!["Feature", "Us"];
        head.extend(o.matrix.competitors.iter().map(|(_, name)| name.as_str()));
        let support = |s: Option<Support>| match s {
            Some(s) => badge(s.as_str(), s.as_str()),
            None => "<span class=\"muted\">unknown</span>".to_string(),
        };
        let rows: Vec<Vec<String>> = o
            .matrix
            .rows
            .iter()
            .map(|r| {
                let ours = match (&r.delivered_by, &r.delivery) {
                    (Some(id), Some(status)) => {
                        format!("{} <span class=\"muted\">({} {})</span>", support(r.ours), esc(id), esc(status))
                    }
                    _ => support(r.ours),
                };
                let mut row = vec![line(&r.name), ours];
                row.extend(r.theirs.iter().map(|s| support(*s)));
                row
            })
            .collect();
        out.push_str(&table("Feature matrix", &head, &rows));
        out.push_str("</section>\n");
    }
    out
}
