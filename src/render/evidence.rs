//! Views of customer evidence: feedback, customers and competitors in every
//! format, and the demand line other views (backlog, roadmap, PRD coverage)
//! show beside an artifact.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::model::Date;
use crate::model::competitor::{Competitor, Support};
use crate::model::feedback::{Customer, Demand, Feedback};
use crate::ops::competitor::{Matrix, MatrixRow};
use crate::ops::customer::{Asked, Row as CustomerRow};
use crate::ops::feedback::Details;
use crate::store::Workspace;

use super::Format;
use super::experiment::num;
use super::table::Grid;
use super::text::{md_cell, terminal};

/// Rows of plain cells drawn as a table, CSV or Markdown; JSON and YAML from values.
pub(crate) struct Listing {
    pub header: Vec<&'static str>,
    /// The column that wraps in a table.
    pub flexible: usize,
    pub rows: Vec<Vec<String>>,
    pub values: Vec<Value>,
}

impl Listing {
    pub(crate) fn render(&self, format: Format, width: Option<usize>) -> String {
        let mut grid = Grid::new(self.header.iter().copied()).flexible(self.flexible);
        for r in &self.rows {
            grid.row(r);
        }
        match format {
            Format::Table if grid.is_empty() => String::new(),
            Format::Table => grid.render(width),
            Format::Json => super::backlog::to_json(&self.values),
            Format::Yaml => yaml_serde::to_string(&self.values).unwrap_or_default(),
            Format::Csv => grid.csv(),
            Format::Md => grid.markdown(),
        }
    }
}

/// A JSON number without float noise; whole numbers as integers.
pub(crate) fn number(v: f64) -> Value {
    let r = (v * 1e9).round() / 1e9;
    if r.fract() == 0.0 && r.abs() < 1e15 { json!(r as i64) } else { json!(r) }
}

fn fields<T: serde::Serialize>(v: &T) -> Map<String, Value> {
    match serde_json::to_value(v) {
        Ok(Value::Object(map)) => map.into_iter().map(|(k, v)| (k, tidy(v))).collect(),
        _ => Map::new(),
    }
}

fn tidy(v: Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Number(n), number),
        Value::Array(items) => Value::Array(items.into_iter().map(tidy).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, tidy(v))).collect()),
        other => other,
    }
}

// ---------------------------------------------------------------- demand

/// ARR at stake by currency: `132000 EUR + 5000 USD`.
pub(crate) fn arr_text(d: &Demand) -> String {
    d.arr
        .iter()
        .map(|(cur, v)| if cur.is_empty() { num(*v) } else { format!("{} {}", num(*v), terminal(cur)) })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// `17 from 5 customers and 2 anonymous (9 pieces of feedback); ARR at stake 132000 EUR`.
pub(crate) fn demand_text(d: &Demand) -> String {
    if d.is_zero() {
        return "0 (no feedback asks for it)".to_string();
    }
    let mut who = Vec::new();
    if d.customers > 0 {
        who.push(format!("{} customer{}", d.customers, plural(d.customers)));
    }
    if d.anonymous > 0 {
        who.push(format!("{} anonymous", d.anonymous));
    }
    let mut s =
        format!("{} from {} ({} piece{} of feedback)", num(d.score), who.join(" and "), d.feedback, plural(d.feedback));
    if !d.arr.is_empty() {
        let _ = write!(s, "; ARR at stake {}", arr_text(d));
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The JSON form of a demand.
pub(crate) fn demand_json(d: &Demand) -> Value {
    let arr: Map<String, Value> = d.arr.iter().map(|(k, v)| (k.clone(), number(*v))).collect();
    json!({"score": number(d.score), "customers": d.customers, "anonymous": d.anonymous,
           "feedback": d.feedback, "arr": arr})
}

// ---------------------------------------------------------------- feedback

fn feedback_json(ws_segment: Option<&str>, doc_path: &str, f: &Feedback) -> Value {
    let mut object = fields(f);
    object.insert("computed".into(), json!({"path": doc_path, "segment": ws_segment}));
    Value::Object(object)
}

/// One listed piece of feedback: the doc, its path as shown, its effective segment.
pub(crate) struct FeedbackRow<'a> {
    pub feedback: &'a Feedback,
    pub path: String,
    pub segment: Option<&'a str>,
}

/// `pm feedback list`.
pub(crate) fn feedback_list(rows: &[FeedbackRow], format: Format, width: Option<usize>) -> String {
    let listing = Listing {
        header: vec!["ID", "DATE", "SOURCE", "CUSTOMER", "SEGMENT", "LINKS", "SUMMARY"],
        flexible: 6,
        rows: rows
            .iter()
            .map(|r| {
                let f = r.feedback;
                let links: Vec<String> = f.links.iter().map(|l| format!("{}:{}", l.to, l.importance())).collect();
                vec![
                    f.id.clone(),
                    f.date.map(|d| d.to_string()).unwrap_or_default(),
                    f.source.map(|s| s.as_str().to_string()).unwrap_or_default(),
                    f.customer.clone().unwrap_or_default(),
                    r.segment.unwrap_or_default().to_string(),
                    links.join(if format == Format::Csv { ";" } else { " " }),
                    f.summary.clone(),
                ]
            })
            .collect(),
        values: rows.iter().map(|r| feedback_json(r.segment, &r.path, r.feedback)).collect(),
    };
    listing.render(format, width)
}

fn link_line(to: &str, importance: i64, title: Option<&str>) -> String {
    let word = match importance {
        1 => "nice to have",
        2 => "important",
        3 => "critical",
        _ => "importance out of range",
    };
    match title {
        Some(t) => format!("{to} ({importance}, {word}) {}", terminal(t)),
        None => format!("{to} ({importance}, {word}) — not found"),
    }
}

fn who_text(c: &Customer, weight: Option<f64>) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &c.tier {
        parts.push(match weight {
            Some(w) => format!("{}, weight {}", terminal(t), num(w)),
            None => terminal(t),
        });
    }
    if let Some(arr) = c.arr() {
        parts.push(format!(
            "ARR {}{}",
            num(arr),
            c.currency.as_deref().map(|c| format!(" {}", terminal(c))).unwrap_or_default()
        ));
    }
    let label = if c.name.is_some() { format!("{} ({})", terminal(c.label()), c.id) } else { c.id.clone() };
    if parts.is_empty() { label } else { format!("{label} — {}", parts.join(", ")) }
}

/// `pm feedback show` for people.
pub(crate) fn feedback_text(d: &Details, path: &str, weight: Option<f64>) -> String {
    let f = &d.doc.value;
    let mut out = format!("{}  {}\n", f.id, terminal(&f.summary));
    let mut line = |k: &str, v: String| {
        let _ = writeln!(out, "{k:<10}{v}");
    };
    line("file", path.to_string());
    if let Some(q) = &f.quote {
        line("quote", format!("“{}”", terminal(q)));
    }
    line(
        "customer",
        match (&f.customer, d.customer) {
            (Some(_), Some(c)) => who_text(c, weight),
            (Some(id), None) => format!("{id} (not in customers.yaml)"),
            (None, _) => "anonymous".to_string(),
        },
    );
    if let Some(s) = d.segment {
        line("segment", terminal(s));
    }
    if let Some(s) = f.source {
        line("source", s.as_str().to_string());
    }
    if let Some(u) = &f.url {
        line("url", terminal(u));
    }
    if let Some(date) = f.date {
        line("date", date.to_string());
    }
    if let Some(s) = f.sentiment {
        line("sentiment", s.as_str().to_string());
    }
    if !f.tags.is_empty() {
        line("tags", terminal(&f.tags.join(", ")));
    }
    if d.links.is_empty() {
        line("asks for", "nothing linked yet (pm feedback link ID TARGET --importance 1|2|3)".to_string());
    }
    for (i, l) in d.links.iter().enumerate() {
        line(if i == 0 { "asks for" } else { "" }, link_line(l.to, l.importance, l.title.as_deref()));
    }
    out
}

/// `pm feedback show --format md`.
pub(crate) fn feedback_markdown(d: &Details) -> String {
    let f = &d.doc.value;
    let mut out = format!("## {}: {}\n\n", f.id, md_cell(&f.summary));
    if let Some(q) = &f.quote {
        let _ = writeln!(out, "> {}\n", md_cell(q));
    }
    let who = match (&f.customer, d.customer) {
        (Some(_), Some(c)) => md_cell(c.label()),
        (Some(id), None) => md_cell(id),
        (None, _) => "anonymous".to_string(),
    };
    let _ = writeln!(out, "- Customer: {who}");
    if let Some(s) = d.segment {
        let _ = writeln!(out, "- Segment: {}", md_cell(s));
    }
    if let Some(s) = f.source {
        let _ = writeln!(out, "- Source: {}", s.as_str());
    }
    if let Some(date) = f.date {
        let _ = writeln!(out, "- Date: {date}");
    }
    if let Some(s) = f.sentiment {
        let _ = writeln!(out, "- Sentiment: {}", s.as_str());
    }
    if !d.links.is_empty() {
        let mut grid = Grid::new(["Asks for", "Importance", "Title"]);
        for l in &d.links {
            grid.row([l.to, &l.importance.to_string(), l.title.as_deref().unwrap_or("(not found)")]);
        }
        out.push('\n');
        out.push_str(&grid.markdown());
    }
    out
}

/// `pm feedback show --format json`.
pub(crate) fn feedback_details_json(d: &Details, path: &str) -> Value {
    let mut v = feedback_json(d.segment, path, &d.doc.value);
    let links: Vec<Value> = d
        .links
        .iter()
        .map(|l| json!({"to": l.to, "importance": l.importance, "title": l.title, "found": l.title.is_some()}))
        .collect();
    v["computed"]["links"] = Value::Array(links);
    v["computed"]["customer"] = d.customer.map_or(Value::Null, |c| Value::Object(fields(c)));
    v
}

// ---------------------------------------------------------------- customers

/// `pm customer list`.
pub(crate) fn customer_list(rows: &[CustomerRow], format: Format, width: Option<usize>) -> String {
    let listing = Listing {
        header: vec!["ID", "NAME", "TIER", "WEIGHT", "SEGMENT", "ARR", "CURRENCY", "FEEDBACK"],
        flexible: 1,
        rows: rows
            .iter()
            .map(|r| {
                let c = r.customer;
                vec![
                    c.id.clone(),
                    c.name.clone().unwrap_or_default(),
                    c.tier.clone().unwrap_or_default(),
                    num(r.weight),
                    c.segment.clone().unwrap_or_default(),
                    c.arr().map(num).unwrap_or_default(),
                    c.currency.clone().unwrap_or_default(),
                    r.feedback.len().to_string(),
                ]
            })
            .collect(),
        values: rows
            .iter()
            .map(|r| {
                let mut o = fields(r.customer);
                let ids: Vec<&str> = r.feedback.iter().map(|d| d.value.id.as_str()).collect();
                o.insert(
                    "computed".into(),
                    json!({"weight": number(r.weight), "arr": r.customer.arr().map(number), "feedback": ids}),
                );
                Value::Object(o)
            })
            .collect(),
    };
    listing.render(format, width)
}

/// `pm customer show` for people.
pub(crate) fn customer_text(row: &CustomerRow, asked: &[Asked]) -> String {
    let c = row.customer;
    let mut out = format!("{}  {}\n", c.id, terminal(c.label()));
    let mut line = |k: &str, v: String| {
        let _ = writeln!(out, "{k:<10}{v}");
    };
    if let Some(t) = &c.tier {
        line("tier", format!("{} (weight {})", terminal(t), num(row.weight)));
    } else {
        line("tier", format!("none (weight {})", num(row.weight)));
    }
    if let Some(s) = &c.segment {
        line("segment", terminal(s));
    }
    if let Some(arr) = c.arr() {
        let cur = c.currency.as_deref().map(|c| format!(" {}", terminal(c))).unwrap_or_default();
        let from_mrr = if c.arr.is_none() { " (12 × MRR)" } else { "" };
        line("ARR", format!("{}{cur}{from_mrr}", num(arr)));
    }
    out.push_str(&format!("\nFeedback ({})\n", row.feedback.len()));
    for d in &row.feedback {
        let f = &d.value;
        let date = f.date.map(|d| format!("{d}  ")).unwrap_or_default();
        let _ = writeln!(out, "  {:<6} {date}{}", f.id, terminal(&f.summary));
    }
    out.push_str(&format!("\nAsks for ({})\n", asked.len()));
    for a in asked {
        let _ =
            writeln!(out, "  {}  (via {})", link_line(&a.to, a.importance, a.title.as_deref()), a.feedback.join(", "));
    }
    out
}

/// `pm customer show --format json`.
pub(crate) fn customer_json(row: &CustomerRow, asked: &[Asked]) -> Value {
    let mut o = fields(row.customer);
    let feedback: Vec<Value> = row
        .feedback
        .iter()
        .map(|d| json!({"id": d.value.id, "summary": d.value.summary, "date": d.value.date.map(|d| d.to_string())}))
        .collect();
    let asked: Vec<Value> = asked
        .iter()
        .map(|a| json!({"to": a.to, "title": a.title, "importance": a.importance, "feedback": a.feedback}))
        .collect();
    o.insert(
        "computed".into(),
        json!({"weight": number(row.weight), "arr": row.customer.arr().map(number), "feedback": feedback, "asks_for": asked}),
    );
    Value::Object(o)
}

// ---------------------------------------------------------------- competitors

/// A review older than this many days is stale (the `competitor-review-stale` rule).
const STALE_DAYS: i64 = 180;

fn reviewed_text(reviewed: Option<Date>, today: Date) -> String {
    match reviewed {
        None => "never".to_string(),
        Some(d) => {
            let days = d.days_until(today);
            let stale = if days > STALE_DAYS { ", stale" } else { "" };
            match days {
                0 => format!("{d} (today)"),
                1 => format!("{d} (1 day ago{stale})"),
                n if n > 1 => format!("{d} ({n} days ago{stale})"),
                _ => format!("{d} (in the future)"),
            }
        }
    }
}

fn competitor_value(c: &Competitor, today: Date) -> Value {
    let mut o = fields(c);
    let age = c.reviewed.map(|d| d.days_until(today));
    o.insert("computed".into(), json!({"review_age_days": age, "stale": age.is_none_or(|a| a > STALE_DAYS)}));
    Value::Object(o)
}

/// `pm competitor list`.
pub(crate) fn competitor_list(ws: &Workspace, format: Format, width: Option<usize>, today: Date) -> String {
    let list = ws.competitors.as_ref().map_or(&[][..], |d| d.value.competitors.as_slice());
    let listing = Listing {
        header: vec!["ID", "NAME", "POSITIONING", "PRICING", "FEATURES", "REVIEWED"],
        flexible: 2,
        rows: list
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.name.clone().unwrap_or_default(),
                    c.positioning.clone().unwrap_or_default(),
                    c.pricing.clone().unwrap_or_default(),
                    c.features.len().to_string(),
                    if format == Format::Table {
                        reviewed_text(c.reviewed, today)
                    } else {
                        c.reviewed.map(|d| d.to_string()).unwrap_or_default()
                    },
                ]
            })
            .collect(),
        values: list.iter().map(|c| competitor_value(c, today)).collect(),
    };
    listing.render(format, width)
}

/// `pm competitor show` for people.
pub(crate) fn competitor_text(c: &Competitor, matrix: &Matrix, today: Date) -> String {
    let mut out = format!("{}  {}\n", c.id, terminal(c.label()));
    let mut line = |k: &str, v: String| {
        let _ = writeln!(out, "{k:<12}{v}");
    };
    if let Some(u) = &c.url {
        line("url", terminal(u));
    }
    if let Some(p) = &c.positioning {
        line("positioning", terminal(p));
    }
    if let Some(p) = &c.pricing {
        line("pricing", terminal(p));
    }
    line("reviewed", reviewed_text(c.reviewed, today));
    for (label, list) in [("strengths", &c.strengths), ("weaknesses", &c.weaknesses)] {
        for (i, s) in list.iter().enumerate() {
            line(if i == 0 { label } else { "" }, format!("- {}", terminal(s)));
        }
    }
    let col = matrix.competitors.iter().position(|(id, _)| *id == c.id);
    let rows: Vec<&MatrixRow> =
        matrix.rows.iter().filter(|r| col.is_some_and(|i| r.theirs[i].is_some()) || r.ours.is_some()).collect();
    if !rows.is_empty() {
        out.push_str("\nFeatures            theirs    ours\n");
        for r in rows {
            let theirs = col.and_then(|i| r.theirs[i]).map_or("-", Support::as_str);
            let ours = r.ours.map_or("-", Support::as_str);
            let _ = writeln!(out, "  {:<18}{theirs:<10}{ours}", terminal(&r.name));
        }
    }
    out
}

/// `pm competitor show --format json`.
pub(crate) fn competitor_json(c: &Competitor, today: Date) -> Value {
    competitor_value(c, today)
}

/// `pm competitor matrix`.
pub(crate) fn matrix(m: &Matrix, format: Format, width: Option<usize>) -> String {
    // CSV leaves an unknown support empty (a leading `-` would be read as a formula).
    let none = if format == Format::Csv { "" } else { "-" };
    let support = |s: Option<Support>| s.map_or(none, Support::as_str).to_string();
    let delivery = |r: &MatrixRow| match (&r.delivered_by, &r.delivery) {
        (Some(id), Some(status)) => format!("{id} ({status})"),
        (Some(id), None) => format!("{id} (not found)"),
        (None, _) => String::new(),
    };
    match format {
        Format::Json | Format::Yaml => {
            let rows: Vec<Value> = m
                .rows
                .iter()
                .map(|r| {
                    let theirs: Map<String, Value> = m
                        .competitors
                        .iter()
                        .zip(&r.theirs)
                        .map(|((id, _), s)| (id.clone(), s.map_or(Value::Null, |s| json!(s.as_str()))))
                        .collect();
                    json!({"key": r.key, "name": r.name, "ours": r.ours.map(Support::as_str),
                           "delivered_by": r.delivered_by, "delivery_status": r.delivery, "competitors": theirs})
                })
                .collect();
            let competitors: Vec<Value> =
                m.competitors.iter().map(|(id, name)| json!({"id": id, "name": name})).collect();
            let v = json!({"competitors": competitors, "features": rows});
            if format == Format::Json {
                super::backlog::to_json(&v)
            } else {
                yaml_serde::to_string(&v).unwrap_or_default()
            }
        }
        Format::Table | Format::Csv | Format::Md => {
            if m.rows.is_empty() && format == Format::Table {
                return String::new();
            }
            let mut header: Vec<String> = vec!["FEATURE".into(), "OURS".into(), "DELIVERED BY".into()];
            header.extend(
                m.competitors.iter().map(|(id, name)| if format == Format::Csv { id.clone() } else { name.clone() }),
            );
            let mut grid = Grid::new(header).flexible(0);
            for r in &m.rows {
                let mut row = vec![
                    if format == Format::Csv { r.key.clone() } else { r.name.clone() },
                    support(r.ours),
                    if format == Format::Csv { r.delivered_by.clone().unwrap_or_default() } else { delivery(r) },
                ];
                row.extend(r.theirs.iter().map(|s| support(*s)));
                grid.row(row);
            }
            match format {
                Format::Table => grid.render(width),
                Format::Csv => grid.csv(),
                _ => grid.markdown(),
            }
        }
    }
}
