//! `pm feedback import`: customer evidence from the CSV exports teams have —
//! support conversations (Intercom, Zendesk), feature-request boards (Canny)
//! and survey responses (Typeform, SurveyMonkey, Google Forms) — or any CSV
//! with a column mapping. One piece of feedback a row, each keeping the
//! source's key in `source_id` so that importing the same export again adds
//! only what is new. Every row is checked first; when any is refused, each is
//! listed with its line and nothing is written (unless `skip_bad`).

use std::collections::HashMap;

use crate::error::{Error, Refusal, Result};
use crate::model::Date;
use crate::model::feedback::{FeedbackSource, Sentiment};
use crate::store::edit::render_scalar;
use crate::store::ids::{self, IdLock};
use crate::store::{Product, Workspace};

use super::csv_read::{self, Dialect};
use super::feedback::{self as fb, DIR, PREFIX};
use super::import::{date_for, text_value};
use super::write::{self, Change};

/// The tools whose exports pm knows the columns of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Preset {
    /// Any CSV: columns named like feedback's fields (id, summary, quote, customer, ...).
    Csv,
    Intercom,
    Zendesk,
    Canny,
    Typeform,
    Surveymonkey,
    GoogleForms,
}

/// The fields a column can fill.
pub(crate) const FIELDS: [&str; 12] =
    ["id", "summary", "quote", "customer", "segment", "date", "url", "tags", "sentiment", "source", "votes", "links"];

impl Preset {
    /// Whether a row is one respondent's answers, many of them blank.
    fn is_survey(self) -> bool {
        matches!(self, Preset::Typeform | Preset::Surveymonkey | Preset::GoogleForms)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Preset::Csv => "csv",
            Preset::Intercom => "intercom",
            Preset::Zendesk => "zendesk",
            Preset::Canny => "canny",
            Preset::Typeform => "typeform",
            Preset::Surveymonkey => "surveymonkey",
            Preset::GoogleForms => "google-forms",
        }
    }

    /// Where the feedback comes from.
    fn source(self) -> FeedbackSource {
        match self {
            Preset::Csv | Preset::Canny => FeedbackSource::Other,
            Preset::Intercom | Preset::Zendesk => FeedbackSource::Support,
            Preset::Typeform | Preset::Surveymonkey | Preset::GoogleForms => FeedbackSource::Survey,
        }
    }

    /// The column names (lower case, first found wins) that fill a field.
    pub(crate) fn columns(self, field: &str) -> &'static [&'static str] {
        match (self, field) {
            (Preset::Csv, "id") => &["id", "source_id"],
            (Preset::Csv, "summary") => &["summary", "title"],
            (Preset::Csv, f) => match f {
                "quote" => &["quote"],
                "customer" => &["customer"],
                "segment" => &["segment"],
                "date" => &["date"],
                "url" => &["url"],
                "tags" => &["tags"],
                "sentiment" => &["sentiment"],
                "source" => &["source"],
                "votes" => &["votes"],
                "links" => &["links"],
                _ => &[],
            },
            (Preset::Intercom, f) => match f {
                "id" => &["conversation id", "id"],
                "summary" => &["conversation title", "title", "subject"],
                "quote" => &["first message", "conversation first message", "body"],
                "customer" => &["company name", "company"],
                "date" => &["conversation started at", "created at"],
                "url" => &["conversation url", "url"],
                "tags" => &["conversation tags", "tags"],
                _ => &[],
            },
            (Preset::Zendesk, f) => match f {
                "id" => &["id", "ticket id"],
                "summary" => &["subject"],
                "quote" => &["description"],
                "customer" => &["organization", "organization name"],
                "date" => &["created at", "requested"],
                "url" => &["url"],
                "tags" => &["tags"],
                _ => &[],
            },
            (Preset::Canny, f) => match f {
                "id" => &["id", "post id"],
                "summary" => &["title"],
                "quote" => &["details", "description"],
                "customer" => &["company", "author company"],
                "date" => &["created", "created at"],
                "url" => &["url", "post url"],
                "tags" => &["board", "category"],
                "votes" => &["votes", "vote count"],
                _ => &[],
            },
            (Preset::Typeform, f) => match f {
                "id" => &["#", "response id", "token"],
                "date" => &["submitted at", "submit date (utc)"],
                "customer" => &["company"],
                _ => &[],
            },
            (Preset::Surveymonkey, f) => match f {
                "id" => &["respondent id", "respondentid"],
                "date" => &["end date", "start date"],
                "customer" => &["company"],
                _ => &[],
            },
            (Preset::GoogleForms, f) => match f {
                "date" => &["timestamp"],
                "customer" => &["company"],
                _ => &[],
            },
        }
    }
}

/// How to read the file.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub preset: Preset,
    /// `FIELD=COLUMN` mappings that override the preset's.
    pub map: Vec<String>,
    /// Links every imported piece gets (`BL-42:2`).
    pub links: Vec<String>,
    /// Write the good rows and list the refused ones, instead of writing nothing.
    pub skip_bad: bool,
    pub dry_run: bool,
}

/// What an import did (or would do, in a dry run).
#[derive(Debug, Clone, Default)]
pub(crate) struct Imported {
    /// The ids created, with the line each came from.
    pub created: Vec<(String, usize)>,
    /// Rows imported before (their `source_id` exists): line and feedback id.
    pub already: Vec<(usize, String)>,
    /// Rows refused, with why (only with `skip_bad`; otherwise the import fails).
    pub refused: Vec<String>,
    /// Customer names of rows that are not in customers.yaml, in order.
    pub unknown_customers: Vec<String>,
    /// The columns filled from, by field.
    pub columns: Vec<(&'static str, String)>,
    /// Survey responses with no answer to the question mapped to the summary: lines left out.
    pub unanswered: Vec<usize>,
}

/// One row turned into the lines of a feedback file (after the id).
struct Row {
    line: usize,
    source_id: String,
    body: String,
}

pub(crate) fn import(
    product: &Product,
    ws: &Workspace,
    shown: &str,
    text: &str,
    opts: &Options,
    today: Date,
) -> Result<Imported> {
    let invalid = |problems: Vec<String>| Error::Invalid { subject: format!("{shown} (nothing written)"), problems };
    let records = csv_read::rows(text, Dialect::Export).map_err(|e| invalid(vec![e]))?;
    let mut records = records.into_iter();
    let Some(csv_read::Row { line: header_line, fields: header }) = records.next() else {
        return Err(invalid(vec!["the file is empty: expected a header line naming the columns".into()]));
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let listed = || header.iter().map(|h| format!("`{}`", h.trim())).collect::<Vec<_>>().join(", ");

    // Which column fills each field: --map first, then the preset's names.
    let mut column: HashMap<&'static str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for raw in &opts.map {
        let Some((field, col)) = raw.split_once('=') else {
            return Err(Error::usage(format!("--map `{raw}` is not FIELD=COLUMN"))
                .with_hint(format!("fields: {}", FIELDS.join(", "))));
        };
        let Some(field) = FIELDS.iter().find(|f| **f == field.trim().to_lowercase()) else {
            return Err(Error::usage(format!("--map: `{}` is not a field", field.trim()))
                .with_hint(format!("fields: {}", FIELDS.join(", "))));
        };
        match names.iter().position(|n| *n == col.trim().to_lowercase()) {
            Some(i) => {
                column.insert(field, i);
            }
            None => {
                problems.push(format!("line {header_line}: no column `{}`; the columns are {}", col.trim(), listed()))
            }
        }
    }
    for field in FIELDS {
        if column.contains_key(field) {
            continue;
        }
        if let Some(i) = opts.preset.columns(field).iter().find_map(|c| names.iter().position(|n| n == c)) {
            column.insert(field, i);
        }
    }
    if !column.contains_key("summary") && problems.is_empty() {
        problems.push(format!(
            "line {header_line}: no column gives the summary; the columns are {} (say which with --map summary=COLUMN)",
            listed()
        ));
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let mut shared_links: Vec<(String, i64)> = Vec::new();
    for raw in &opts.links {
        let (to, imp) = fb::parse_link(ws, raw)?;
        match shared_links.iter_mut().find(|(t, _)| *t == to) {
            Some(slot) => slot.1 = slot.1.max(imp),
            None => shared_links.push((to, imp)),
        }
    }

    // The source ids already imported.
    let mut known: HashMap<String, String> =
        ws.feedback.iter().filter_map(|d| d.value.source_id.clone().map(|s| (s, d.value.id.clone()))).collect();
    let customers = ws.customer_list();
    let find_customer = |raw: &str| -> Option<String> {
        let wanted = raw.trim().to_lowercase();
        customers
            .customers
            .iter()
            .find(|c| c.id == wanted || c.name.as_deref().is_some_and(|n| n.trim().to_lowercase() == wanted))
            .map(|c| c.id.clone())
    };
    let mut out = Imported::default();
    for field in FIELDS {
        if let Some(&i) = column.get(field) {
            out.columns.push((field, header[i].trim().to_string()));
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut seen_in_file: HashMap<String, usize> = HashMap::new();
    for record in records {
        if let Some(problem) = record.ragged(header.len()) {
            problems.push(problem);
            continue;
        }
        let (line, cells) = (record.line, record.fields);
        let cell =
            |field: &str| -> Option<&str> { column.get(field).map(|&i| cells[i].trim()).filter(|v| !v.is_empty()) };
        // A respondent who left the question blank said nothing to import.
        if opts.preset.is_survey() && cell("summary").is_none() {
            out.unanswered.push(line);
            continue;
        }
        let key = match cell("id") {
            Some(id) => id.to_string(),
            // No id column: the row's content is its identity.
            None => format!("row-{}", &crate::git::Repo::hash(cells.join("\u{1f}").as_bytes())[..12]),
        };
        let source_id = format!("{}:{key}", opts.preset.name());
        if let Some(first) = seen_in_file.insert(source_id.clone(), line) {
            problems.push(format!("line {line}: `{key}` was already on line {first}"));
            continue;
        }
        if let Some(id) = known.get(&source_id) {
            out.already.push((line, id.clone()));
            continue;
        }
        match row_body(cell, &source_id, opts.preset, &shared_links, &find_customer, ws, today) {
            Ok(body) => rows.push(Row { line, source_id, body }),
            Err(problem) => {
                if let RowProblem::UnknownCustomer(c) = &problem
                    && !out.unknown_customers.contains(c)
                {
                    out.unknown_customers.push(c.clone());
                }
                problems.push(format!("line {line}: {problem}"))
            }
        }
    }
    if !problems.is_empty() {
        if !opts.skip_bad {
            if out.unknown_customers.is_empty() {
                return Err(invalid(problems));
            }
            let subject = format!("{shown} (nothing written)");
            return Err(Refusal::UnknownCustomers { subject, problems, customers: out.unknown_customers }.into());
        }
        out.refused = problems;
    }
    if rows.is_empty() || opts.dry_run && product.repo.is_none() {
        return Ok(out);
    }
    let lock = IdLock::acquire(product)?;
    let first = ids::next_in(product, DIR, PREFIX, &lock)?;
    let start = crate::model::id::number(&first, PREFIX).unwrap_or(1);
    let mut changes = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let id = format!("{PREFIX}-{}", start + n as u64);
        let rel = format!("{DIR}/{id}.yaml");
        let mut text = crate::check::schema::SchemaKind::Feedback.modeline(&rel);
        text.push_str(&format!("id: {id}\n{}", row.body));
        changes.push(Change { rel, before: None, after: Some(text) });
        known.insert(row.source_id.clone(), id.clone());
        out.created.push((id, row.line));
    }
    if !opts.dry_run {
        write::commit(product, ws, changes)?;
    }
    drop(lock);
    Ok(out)
}

/// Why a row is refused.
enum RowProblem {
    /// The customer cell names no customer in customers.yaml.
    UnknownCustomer(String),
    Other(String),
}

impl From<String> for RowProblem {
    fn from(why: String) -> RowProblem {
        RowProblem::Other(why)
    }
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowProblem::UnknownCustomer(c) => write!(f, "no customer `{c}` in customers.yaml"),
            RowProblem::Other(why) => f.write_str(why),
        }
    }
}

/// The lines of one row's feedback file after `id:`, or why the row is refused.
fn row_body<'c>(
    cell: impl Fn(&str) -> Option<&'c str>,
    source_id: &str,
    preset: Preset,
    shared_links: &[(String, i64)],
    find_customer: &dyn Fn(&str) -> Option<String>,
    ws: &Workspace,
    today: Date,
) -> std::result::Result<String, RowProblem> {
    let quote = cell("quote");
    let summary = match cell("summary") {
        Some(s) => s.lines().next().unwrap_or(s).trim().to_string(),
        None => return Err(RowProblem::Other("the summary is empty".into())),
    };
    let mut out = format!("summary: {}\n", render_scalar(&summary, false));
    if let Some(q) = quote {
        out.push_str(&format!("quote: {}\n", text_value(q)));
    }
    let source = match cell("source") {
        Some(s) => fb::parse_source(s).map_err(|e| e.to_string())?,
        None => preset.source(),
    };
    out.push_str(&format!("source: {}\n", source.as_str()));
    if let Some(u) = cell("url") {
        out.push_str(&format!("url: {}\n", render_scalar(u, false)));
    }
    if let Some(c) = cell("customer") {
        let id = find_customer(c).ok_or_else(|| RowProblem::UnknownCustomer(c.to_string()))?;
        out.push_str(&format!("customer: {id}\n"));
    }
    if let Some(s) = cell("segment") {
        out.push_str(&format!("segment: {}\n", render_scalar(s, false)));
    }
    let date = match cell("date") {
        Some(d) => date_for(d).ok_or_else(|| format!("`{d}` is not a date"))?,
        None => today,
    };
    out.push_str(&format!("date: {date}\n"));
    if let Some(s) = cell("sentiment") {
        let s: Sentiment = fb::parse_sentiment(s).map_err(|e| e.to_string())?;
        out.push_str(&format!("sentiment: {}\n", s.as_str()));
    }
    if let Some(t) = cell("tags") {
        let tags: Vec<String> =
            t.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()).map(|t| render_scalar(t, true)).collect();
        if !tags.is_empty() {
            out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
        }
    }
    let mut links: Vec<(String, i64)> = shared_links.to_vec();
    if let Some(l) = cell("links") {
        for raw in l.split([';', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
            let (to, imp) = fb::parse_link(ws, raw).map_err(|e| e.to_string())?;
            if fb::title_of(ws, &to).is_none() {
                return Err(format!("links: {to} does not exist").into());
            }
            match links.iter_mut().find(|(t, _)| *t == to) {
                Some(slot) => slot.1 = slot.1.max(imp),
                None => links.push((to, imp)),
            }
        }
    }
    if !links.is_empty() {
        out.push_str("links:\n");
        for (to, imp) in &links {
            out.push_str(&format!("  - {{to: {to}, importance: {imp}}}\n"));
        }
    }
    if let Some(v) = cell("votes") {
        let votes: u64 = v.parse().map_err(|_| format!("votes: `{v}` is not a whole number"))?;
        out.push_str(&format!("votes: {votes}\n"));
    }
    out.push_str(&format!("source_id: {}\n", render_scalar(source_id, false)));
    Ok(out)
}
