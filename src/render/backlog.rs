//! Backlog views: the list in every format, one item in full, the board and
//! the score table.

use serde_json::{Map, Value, json};

use crate::model::feedback::Demand;
use crate::model::score::format_number;
use crate::model::{Config, Item};
use crate::ops::backlog::{Details, Scheme};
use crate::store::{Doc, Workspace};

use super::Format;
use super::table::Grid;
use super::text::{terminal, terminal_block};

fn num(v: Option<f64>) -> String {
    v.map(format_number).unwrap_or_default()
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// A JSON number, whole numbers as integers (`19200`, not `19200.0`).
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 { json!(v as i64) } else { json!(v) }
}

/// The JSON form of an item: its fields as in the file, plus `computed`.
pub(crate) fn item_json(ws: &Workspace, path: &str, item: &Item) -> Value {
    let config = &ws.config.value;
    let mut object = match serde_json::to_value(item) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    object.insert(
        "computed".into(),
        json!({
            "path": path,
            "rice_score": item.rice_score().map(number),
            "ice_score": item.ice_score(config).map(number),
            "wsjf_score": item.wsjf_score().map(number),
            "ready": ws.is_ready(item),
        }),
    );
    Value::Object(object)
}

const CSV_COLUMNS: [&str; 16] = [
    "id",
    "type",
    "status",
    "priority",
    "estimate",
    "owner",
    "labels",
    "parent",
    "blocked_by",
    "title",
    "rank",
    "created",
    "updated",
    "rice_score",
    "ice_score",
    "wsjf_score",
];

fn csv_row(config: &Config, i: &Item) -> Vec<String> {
    vec![
        i.id.clone(),
        i.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
        i.status().to_string(),
        opt(&i.priority).to_string(),
        i.estimate.as_ref().map(|e| e.to_string()).unwrap_or_default(),
        opt(&i.owner).to_string(),
        i.labels.join(";"),
        opt(&i.parent).to_string(),
        i.blocked_by.join(";"),
        i.title.clone(),
        opt(&i.rank).to_string(),
        i.created.map(|d| d.to_string()).unwrap_or_default(),
        i.updated.map(|d| d.to_string()).unwrap_or_default(),
        num(i.rice_score()),
        num(i.ice_score(config)),
        num(i.wsjf_score()),
    ]
}

/// `pm backlog list` in any format. `paths` maps a doc to the path shown.
pub(crate) fn list(
    ws: &Workspace,
    items: &[&Doc<Item>],
    format: Format,
    width: Option<usize>,
    path: impl Fn(&str) -> String,
) -> String {
    let config = &ws.config.value;
    match format {
        Format::Table => {
            let mut grid = Grid::new(["ID", "TYPE", "STATUS", "PRI", "EST", "TITLE"]).flexible(5);
            for d in items {
                let i = &d.value;
                grid.row([
                    i.id.as_str(),
                    i.kind.map(|k| k.as_str()).unwrap_or(""),
                    i.status(),
                    opt(&i.priority),
                    &i.estimate.as_ref().map(|e| e.to_string()).unwrap_or_default(),
                    &i.title,
                ]);
            }
            if grid.is_empty() {
                return String::new();
            }
            grid.render(width)
        }
        Format::Json => {
            let values: Vec<Value> = items.iter().map(|d| item_json(ws, &path(&d.path), &d.value)).collect();
            to_json(&values)
        }
        Format::Yaml => {
            let values: Vec<Value> = items.iter().map(|d| item_json(ws, &path(&d.path), &d.value)).collect();
            yaml_serde::to_string(&values).unwrap_or_default()
        }
        Format::Csv => {
            let mut grid = Grid::new(CSV_COLUMNS);
            for d in items {
                grid.row(csv_row(config, &d.value));
            }
            grid.csv()
        }
        Format::Md => {
            let mut grid = Grid::new(["ID", "Type", "Status", "Priority", "Estimate", "Title"]);
            for d in items {
                let i = &d.value;
                grid.row([
                    i.id.as_str(),
                    i.kind.map(|k| k.as_str()).unwrap_or(""),
                    i.status(),
                    opt(&i.priority),
                    &i.estimate.as_ref().map(|e| e.to_string()).unwrap_or_default(),
                    &i.title,
                ]);
            }
            grid.markdown()
        }
    }
}

/// Pretty JSON. serde_json escapes C0 control characters; DEL, C1 controls
/// and bidirectional overrides are escaped here too (`\u009b`), so that
/// printing the JSON cannot drive the terminal. The data is unchanged.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    let s = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(s.len() + 1);
    // serde_json escapes ASCII control characters itself; the others (DEL,
    // C1 controls, bidirectional overrides) are all at or above U+007F.
    let mut copied = 0;
    for (i, c) in s.char_indices().filter(|(i, _)| s.as_bytes()[*i] >= 0x7f) {
        if super::text::is_unsafe(c) || c == '\u{7f}' {
            out.push_str(&s[copied..i]);
            out.push_str(&format!("\\u{:04x}", c as u32));
            copied = i + c.len_utf8();
        }
    }
    out.push_str(&s[copied..]);
    out.push('\n');
    out
}

fn related_line(d: &Doc<Item>) -> String {
    format!("{:<8} {:<12} {}", terminal(&d.value.id), terminal(d.value.status()), terminal(&d.value.title))
}

/// The JSON form of `pm backlog show`.
pub(crate) fn details_json(ws: &Workspace, details: &Details, path: &str) -> Value {
    let mut v = item_json(ws, path, &details.doc.value);
    let ids = |docs: &[&Doc<Item>]| docs.iter().map(|d| d.value.id.clone()).collect::<Vec<_>>();
    if let Some(computed) = v.get_mut("computed").and_then(Value::as_object_mut) {
        computed.insert("children".into(), json!(ids(&details.children)));
        computed.insert("blocks".into(), json!(ids(&details.blocks)));
        let open: Vec<&str> = details
            .blocked_by
            .iter()
            .filter(|r| !r.doc.is_some_and(|d| ws.config.value.is_closed(d.value.status())))
            .map(|r| r.id)
            .collect();
        computed.insert("open_blockers".into(), json!(open));
        computed.insert("demand".into(), super::evidence::demand_json(&details.demand));
        let evidence: Vec<Value> = details
            .evidence
            .iter()
            .map(|(f, to, importance)| {
                json!({"feedback": f.value.id, "to": to, "importance": importance, "customer": f.value.customer})
            })
            .collect();
        computed.insert("evidence".into(), Value::Array(evidence));
    }
    v
}

/// `pm backlog show` for people: every field in file order, then scores and
/// relations. Every line is made safe for the terminal: ids, statuses and
/// unknown keys come from the file as much as titles do.
pub(crate) fn details_text(ws: &Workspace, details: &Details, path: &str) -> String {
    terminal_block(&details_lines(ws, details, path))
}

fn details_lines(ws: &Workspace, details: &Details, path: &str) -> String {
    let config = &ws.config.value;
    let item = &details.doc.value;
    let mut out = format!("{}  {}\n", item.id, terminal(&item.title));
    out.push_str(&format!("{path}\n\n"));
    let fields = match serde_json::to_value(item) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let width = fields.keys().map(|k| k.len()).max().unwrap_or(0);
    for (key, value) in &fields {
        if key == "id" || key == "title" {
            continue;
        }
        let shown = match value {
            Value::String(s) if s.contains('\n') => {
                let body = terminal_block(s.trim_end());
                format!("\n{}", body.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"))
            }
            Value::String(s) => terminal(s),
            Value::Array(items) if key == "acceptance_criteria" => {
                items.iter().map(|i| format!("\n    - {}", terminal(&plain(i)))).collect::<String>()
            }
            Value::Array(items) => items.iter().map(|i| terminal(&plain(i))).collect::<Vec<_>>().join(", "),
            Value::Object(map) => {
                map.iter().map(|(k, v)| format!("{k} {}", terminal(&plain(v)))).collect::<Vec<_>>().join(", ")
            }
            other => terminal(&plain(other)),
        };
        if shown.starts_with('\n') {
            out.push_str(&format!("{key}:{shown}\n"));
        } else {
            out.push_str(&format!("{key:<width$}  {shown}\n"));
        }
    }
    let mut scores = Vec::new();
    if let Some(r) = &item.rice {
        scores.push(format!(
            "RICE  {} × {} × {} / {} = {}",
            match r.reach {
                crate::model::score::Reach::Number(n) => format_number(n),
                crate::model::score::Reach::From { .. } => format!(
                    "{} (customers asking in the last {} days)",
                    r.counted_reach.map(format_number).unwrap_or_else(|| "—".into()),
                    crate::model::score::REACH_DAYS
                ),
            },
            format_number(r.impact),
            format_number(r.confidence_fraction()),
            format_number(r.effort),
            r.score().map(format_number).unwrap_or_else(|| "—".into())
        ));
    }
    if let Some(i) = &item.ice {
        let formula = match config.ice_method {
            crate::model::score::IceMethod::Average => format!(
                "({} + {} + {}) / 3",
                format_number(i.impact),
                format_number(i.confidence),
                format_number(i.ease)
            ),
            crate::model::score::IceMethod::Product => {
                format!("{} × {} × {}", format_number(i.impact), format_number(i.confidence), format_number(i.ease))
            }
        };
        scores.push(format!("ICE   {formula} = {}", format_number(i.score(config.ice_method))));
    }
    if let Some(w) = &item.wsjf {
        scores.push(format!(
            "WSJF  ({} + {} + {}) / {} = {}",
            format_number(w.user_business_value),
            format_number(w.time_criticality),
            format_number(w.risk_reduction_opportunity_enablement),
            format_number(w.job_size),
            w.score().map(format_number).unwrap_or_else(|| "—".into())
        ));
    }
    if !scores.is_empty() {
        out.push_str("\nScores\n");
        for s in scores {
            out.push_str(&format!("  {s}\n"));
        }
    }
    out.push_str(&format!("\nReady: {}\n", if details.ready { "yes" } else { "no" }));
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push_str(&format!("\n{title}\n"));
            for l in lines {
                out.push_str(&format!("  {l}\n"));
            }
        }
    };
    section("Children", details.children.iter().map(|d| related_line(d)).collect());
    section(
        "Blocked by",
        details
            .blocked_by
            .iter()
            .map(|r| match r.doc {
                Some(d) => related_line(d),
                None => format!("{}  (missing)", r.id),
            })
            .collect(),
    );
    section("Blocks", details.blocks.iter().map(|d| related_line(d)).collect());
    if !details.evidence.is_empty() {
        out.push_str(&format!("\nDemand: {}\n", super::evidence::demand_text(&details.demand)));
        for (f, to, importance) in &details.evidence {
            let who = f.value.customer.as_deref().unwrap_or("anonymous");
            let via = if *to == item.id { String::new() } else { format!(" (via {to})") };
            out.push_str(&format!(
                "  {:<6} {:<14} {importance}  {}{via}\n",
                f.value.id,
                terminal(who),
                terminal(&f.value.summary)
            ));
        }
    }
    out
}

/// RICE reach as written, or as counted from customers (`3 customers`; `—` before it is counted).
fn reach_cell(r: &crate::model::score::Rice) -> String {
    match (r.reach, r.counted_reach) {
        (crate::model::score::Reach::Number(n), _) => format_number(n),
        (_, Some(n)) => format!("{} customer{}", format_number(n), if n == 1.0 { "" } else { "s" }),
        (_, None) => "—".to_string(),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Number(n) => n.as_f64().map(format_number).unwrap_or_else(|| n.to_string()),
        other => other.to_string(),
    }
}

/// The board: one column per group, items as `ID title` lines.
pub(crate) fn board(columns: &[(String, Vec<&Doc<Item>>)], width: Option<usize>) -> String {
    let shown: Vec<&(String, Vec<&Doc<Item>>)> = columns.iter().collect();
    let header: Vec<String> =
        shown.iter().map(|(name, items)| format!("{} ({})", name.to_uppercase(), items.len())).collect();
    let mut grid = Grid::new(header);
    for i in 0..shown.len() {
        grid = grid.flexible(i);
    }
    let depth = shown.iter().map(|(_, items)| items.len()).max().unwrap_or(0);
    for row in 0..depth {
        grid.row(
            shown.iter().map(|(_, items)| {
                items.get(row).map(|d| format!("{} {}", d.value.id, d.value.title)).unwrap_or_default()
            }),
        );
    }
    grid.render(width)
}

/// `pm backlog score`: inputs and result per item, best first.
/// `demands` holds the demand of each item (in `items`' order) for the demand scheme.
pub(crate) fn score(
    ws: &Workspace,
    items: &[&Doc<Item>],
    demands: &[Demand],
    scheme: Scheme,
    format: Format,
    width: Option<usize>,
) -> String {
    let config = &ws.config.value;
    let header: &[&str] = match scheme {
        Scheme::Rice => &["REACH", "IMPACT", "CONFIDENCE", "EFFORT", "RICE"],
        Scheme::Ice => &["IMPACT", "CONFIDENCE", "EASE", "ICE"],
        Scheme::Wsjf => &["BV", "TC", "RR/OE", "COD", "SIZE", "WSJF"],
        Scheme::Demand => &["CUSTOMERS", "ANONYMOUS", "FEEDBACK", "ARR AT STAKE", "DEMAND"],
    };
    let inputs = |n: usize, i: &Item| match (scheme, demands.get(n)) {
        (Scheme::Demand, Some(d)) => (
            vec![
                d.customers.to_string(),
                d.anonymous.to_string(),
                d.feedback.to_string(),
                super::evidence::arr_text(d),
            ],
            Some(d.score),
        ),
        _ => score_inputs(config, scheme, i),
    };
    match format {
        Format::Json | Format::Yaml => {
            let rows: Vec<Value> = items
                .iter()
                .enumerate()
                .map(|(n, d)| {
                    let (_, score) = inputs(n, &d.value);
                    let block = match scheme {
                        Scheme::Rice => serde_json::to_value(d.value.rice).unwrap_or_default(),
                        Scheme::Ice => serde_json::to_value(d.value.ice).unwrap_or_default(),
                        Scheme::Wsjf => serde_json::to_value(d.value.wsjf).unwrap_or_default(),
                        Scheme::Demand => demands.get(n).map(super::evidence::demand_json).unwrap_or_default(),
                    };
                    json!({"position": n + 1, "id": d.value.id, "title": d.value.title, "status": d.value.status(), "inputs": block, "score": score.map(number)})
                })
                .collect();
            if format == Format::Json { to_json(&rows) } else { yaml_serde::to_string(&rows).unwrap_or_default() }
        }
        Format::Csv | Format::Md | Format::Table => {
            let mut head: Vec<&str> = vec!["#", "ID", "STATUS"];
            head.extend(header.iter().copied());
            head.push("TITLE");
            let last = head.len() - 1;
            let mut grid = Grid::new(head).flexible(last);
            for (n, d) in items.iter().enumerate() {
                let (cells, score) = inputs(n, &d.value);
                let mut row = vec![(n + 1).to_string(), d.value.id.clone(), d.value.status().to_string()];
                row.extend(cells);
                row.push(num(score));
                row.push(d.value.title.clone());
                grid.row(row);
            }
            match format {
                Format::Csv => grid.csv(),
                Format::Md => grid.markdown(),
                _ if grid.is_empty() => String::new(),
                _ => grid.render(width),
            }
        }
    }
}

/// The formula's inputs as cells, and its result.
fn score_inputs(config: &Config, scheme: Scheme, item: &Item) -> (Vec<String>, Option<f64>) {
    match scheme {
        Scheme::Rice => match item.rice {
            Some(r) => {
                let mut cells = vec![reach_cell(&r)];
                cells.extend([r.impact, r.confidence_fraction(), r.effort].map(format_number));
                (cells, r.score())
            }
            None => (Vec::new(), None),
        },
        Scheme::Ice => match item.ice {
            Some(c) => ([c.impact, c.confidence, c.ease].map(format_number).to_vec(), Some(c.score(config.ice_method))),
            None => (Vec::new(), None),
        },
        Scheme::Wsjf => match item.wsjf {
            Some(w) => {
                let parts = [
                    w.user_business_value,
                    w.time_criticality,
                    w.risk_reduction_opportunity_enablement,
                    w.cost_of_delay(),
                    w.job_size,
                ];
                (parts.map(format_number).to_vec(), w.score())
            }
            None => (Vec::new(), None),
        },
        Scheme::Demand => (Vec::new(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::to_json;

    #[test]
    fn json_escapes_what_a_terminal_would_interpret_and_nothing_else() {
        let v = serde_json::json!({"t": "a\u{1b}b\u{7f}c\u{85}d\u{202e}e\u{2069}f é 😀\n"});
        assert_eq!(to_json(&v), "{\n  \"t\": \"a\\u001bb\\u007fc\\u0085d\\u202ee\\u2069f é 😀\\n\"\n}\n");
    }
}
