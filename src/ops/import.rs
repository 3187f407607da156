//! Importing backlog items from other tools: Jira, Linear and generic CSV
//! exports, GitHub issues (`gh issue list --json ...`) and Backlog.md folders.
//!
//! A source is first read into [`Record`]s (one per issue, with where it came
//! from), then mapped onto the product: statuses onto the workflow, priorities
//! onto the priority scheme, estimates onto the estimate scale (rounded to the
//! nearest allowed value), parents and "blocks" links onto the ids of the items
//! imported with them. Each item keeps its source's key in `source_id`
//! (`jira:PAY-12`), so a second run updates the items it created — changing
//! only the values that differ, and only ever adding to lists — instead of
//! duplicating them. Every file is checked as `pm check` would, in the context
//! of the whole import, before anything is written; one bad item refuses all.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::check::schema::SchemaKind;
use crate::error::{Error, Result};
use crate::model::backlog::FIELDS;
use crate::model::config::{Category, Config, EstimateScale, FIBONACCI, FieldType, PriorityScheme, TSHIRT};
use crate::model::score::format_number_exact;
use crate::model::{Date, Item, ItemType, id, rank};
use crate::store::edit::{self, Edit, NewValue, render_scalar};
use crate::store::ids::{self, IdLock};
use crate::store::{Product, Workspace};

use super::progress::Progress;
use super::{fields, write};

// ---------------------------------------------------------------- sources

/// Where the items come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Jira,
    Linear,
    Github,
    Generic,
    BacklogMd,
}

impl SourceKind {
    /// The prefix of `source_id` values (`jira:PAY-12`).
    pub fn prefix(self) -> &'static str {
        match self {
            SourceKind::Jira => "jira",
            SourceKind::Linear => "linear",
            SourceKind::Github => "github",
            SourceKind::Generic => "csv",
            SourceKind::BacklogMd => "backlog-md",
        }
    }

    /// How the source is named in the report.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Jira => "Jira CSV",
            SourceKind::Linear => "Linear CSV",
            SourceKind::Github => "GitHub issues JSON",
            SourceKind::Generic => "CSV",
            SourceKind::BacklogMd => "Backlog.md",
        }
    }
}

/// What a column (or JSON key, or front-matter field) is imported as.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Key,
    /// Another key other issues may use to refer to this one (Jira's numeric `Issue id`).
    AltKey,
    Title,
    Type,
    Status,
    /// Jira's resolution: tells `won't do` from `done`.
    Resolution,
    Priority,
    Estimate,
    /// Labels; `true` when one cell holds several, comma-separated.
    Labels(bool),
    Parent,
    Owner,
    Description,
    Acceptance,
    Created,
    Updated,
    /// Keys of the issues this one blocks.
    Blocks,
    BlockedBy,
    /// Any other field of the item (`--map Sprint=sprint`).
    Field(String),
    Ignore,
}

impl Target {
    /// The field it fills, as the report names it.
    fn field(&self) -> String {
        match self {
            Target::Key => "source_id",
            Target::AltKey => "(key of links)",
            Target::Title => "title",
            Target::Type => "type",
            Target::Status => "status",
            Target::Resolution => "(status: won't do)",
            Target::Priority => "priority",
            Target::Estimate => "estimate",
            Target::Labels(_) => "labels",
            Target::Parent => "parent",
            Target::Owner => "owner",
            Target::Description => "description",
            Target::Acceptance => "acceptance_criteria",
            Target::Created => "created",
            Target::Updated => "updated",
            Target::Blocks => "blocked_by (of the issues it blocks)",
            Target::BlockedBy => "blocked_by",
            Target::Field(f) => return f.clone(),
            Target::Ignore => "(ignored)",
        }
        .to_string()
    }
}

/// The columns each source's export has, and what they become.
fn default_columns(kind: SourceKind) -> Vec<(&'static str, Target)> {
    use Target::*;
    match kind {
        SourceKind::Jira => vec![
            ("Issue key", Key),
            ("Issue id", AltKey),
            ("Summary", Title),
            ("Issue Type", Type),
            ("Status", Status),
            ("Resolution", Resolution),
            ("Priority", Priority),
            ("Story Points", Estimate),
            ("Custom field (Story Points)", Estimate),
            ("Custom field (Story point estimate)", Estimate),
            ("Labels", Labels(false)),
            ("Parent", Parent),
            ("Parent id", Parent),
            ("Custom field (Epic Link)", Parent),
            ("Parent summary", Ignore),
            ("Assignee", Owner),
            ("Description", Description),
            ("Created", Created),
            ("Updated", Updated),
            ("Outward issue link (Blocks)", Blocks),
            ("Inward issue link (Blocks)", BlockedBy),
        ],
        SourceKind::Linear => vec![
            ("ID", Key),
            ("Title", Title),
            ("Description", Description),
            ("Status", Status),
            ("Priority", Priority),
            ("Estimate", Estimate),
            ("Labels", Labels(true)),
            ("Parent issue", Parent),
            ("Assignee", Owner),
            ("Created", Created),
            ("Updated", Updated),
        ],
        SourceKind::Github => vec![
            ("number", Key),
            ("title", Title),
            ("body", Description),
            ("labels", Labels(false)),
            ("state", Status),
            ("assignees", Owner),
            ("createdAt", Created),
            ("updatedAt", Updated),
        ],
        SourceKind::Generic => vec![
            ("id", Key),
            ("key", Key),
            ("source_id", Key),
            ("title", Title),
            ("summary", Title),
            ("type", Type),
            ("status", Status),
            ("state", Status),
            ("priority", Priority),
            ("estimate", Estimate),
            ("points", Estimate),
            ("story points", Estimate),
            ("labels", Labels(true)),
            ("tags", Labels(true)),
            ("parent", Parent),
            ("owner", Owner),
            ("assignee", Owner),
            ("description", Description),
            ("acceptance_criteria", Acceptance),
            ("acceptance criteria", Acceptance),
            ("created", Created),
            ("updated", Updated),
            ("blocked_by", BlockedBy),
            ("blocked by", BlockedBy),
            ("blocks", Blocks),
        ],
        SourceKind::BacklogMd => Vec::new(),
    }
}

/// The target of `--map COLUMN=FIELD`.
fn mapped_target(field: &str) -> Result<Target> {
    let raw = field.trim();
    if raw.is_empty() || raw == "-" || raw.eq_ignore_ascii_case("ignore") {
        return Ok(Target::Ignore);
    }
    let field = fields::canonical(raw);
    Ok(match field.as_str() {
        "source_id" | "key" => Target::Key,
        "title" => Target::Title,
        "type" => Target::Type,
        "status" => Target::Status,
        "resolution" => Target::Resolution,
        "priority" => Target::Priority,
        "estimate" => Target::Estimate,
        "labels" => Target::Labels(true),
        "parent" => Target::Parent,
        "owner" | "assignee" => Target::Owner,
        "description" => Target::Description,
        "acceptance_criteria" => Target::Acceptance,
        "created" => Target::Created,
        "updated" => Target::Updated,
        "blocked_by" => Target::BlockedBy,
        "blocks" => Target::Blocks,
        "id" => {
            return Err(Error::usage("pm allocates ids; map the source's key to `source_id`")
                .with_hint("for example: --map \"Issue key=source_id\""));
        }
        "rank" => return Err(Error::usage("rank is set by pm (imported items go to the bottom, in file order)")),
        f if f.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && f.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.') =>
        {
            Target::Field(f.to_string())
        }
        _ => {
            return Err(Error::usage(format!("`{raw}` is not a field name"))
                .with_hint("fields are written in snake_case: --map \"Team=team\""));
        }
    })
}

/// One issue as read from the source, before it is mapped onto the product.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Where it was read, for messages: `line 7`, `issue #42`, a file name.
    pub at: String,
    pub key: String,
    pub alt_keys: Vec<String>,
    pub title: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub resolution: Option<String>,
    pub priority: Option<String>,
    pub estimate: Option<String>,
    pub labels: Vec<String>,
    pub parent: Option<String>,
    pub owners: Vec<String>,
    pub description: Option<String>,
    pub acceptance: Vec<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub blocks: Vec<String>,
    pub blocked_by: Vec<String>,
    /// Other fields, with every value the source gave (oldest first).
    pub fields: Vec<(String, Vec<String>)>,
}

impl Record {
    fn take(&mut self, target: &Target, values: Vec<String>) {
        let first = || values.first().cloned();
        match target {
            Target::Key => {
                if self.key.is_empty() {
                    self.key = first().unwrap_or_default();
                }
            }
            Target::AltKey => self.alt_keys.extend(values),
            Target::Title => self.title = self.title.take().or_else(first),
            Target::Type => self.kind = self.kind.take().or_else(first),
            Target::Status => self.status = self.status.take().or_else(first),
            Target::Resolution => self.resolution = self.resolution.take().or_else(first),
            Target::Priority => self.priority = self.priority.take().or_else(first),
            Target::Estimate => self.estimate = self.estimate.take().or_else(first),
            Target::Labels(split) => {
                for v in values {
                    let parts: Vec<String> = if *split {
                        v.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
                    } else {
                        vec![v]
                    };
                    for p in parts {
                        if !self.labels.contains(&p) {
                            self.labels.push(p);
                        }
                    }
                }
            }
            Target::Parent => self.parent = self.parent.take().or_else(first),
            Target::Owner => self.owners.extend(values),
            Target::Description => self.description = self.description.take().or_else(|| Some(values.join("\n\n"))),
            Target::Acceptance => {
                self.acceptance.extend(values.iter().flat_map(|v| v.lines().map(str::trim).map(str::to_string)))
            }
            Target::Created => self.created = self.created.take().or_else(first),
            Target::Updated => self.updated = self.updated.take().or_else(first),
            Target::Blocks => self.blocks.extend(split_keys(&values)),
            Target::BlockedBy => self.blocked_by.extend(split_keys(&values)),
            Target::Field(f) => {
                // A column repeated (Jira writes one `Sprint` column per
                // sprint, oldest first) adds its values to the field's.
                match self.fields.iter_mut().find(|(k, _)| k == f) {
                    Some((_, all)) => all.extend(values),
                    None => self.fields.push((f.clone(), values)),
                }
            }
            Target::Ignore => {}
        }
    }
}

fn split_keys(values: &[String]) -> Vec<String> {
    values.iter().flat_map(|v| v.split([',', ';'])).map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect()
}

/// A source read into records, with what was and was not taken from it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub kind: SourceKind,
    /// The file or folder, as the user named it.
    pub shown: String,
    pub records: Vec<Record>,
    /// `(column, field)` for every column imported.
    pub columns: Vec<(String, String)>,
    /// Columns with values that nothing imported.
    pub unused: Vec<String>,
    /// Things read but not imported (Backlog.md sections, fields).
    pub notes: Vec<String>,
}

/// A table read from a file: column names, and rows of cells, each with the
/// line (CSV) or the issue (JSON) it came from. A cell may hold several values
/// (a JSON list).
struct Table {
    columns: Vec<String>,
    rows: Vec<(String, Vec<Vec<String>>)>,
}

fn invalid(shown: &str, problems: Vec<String>) -> Error {
    Error::Invalid { subject: format!("{shown} (nothing written)"), problems }
}

/// Reads a CSV export (Jira, Linear, generic) or GitHub's JSON into records.
/// `maps` are `--map COLUMN=FIELD` pairs.
pub fn parse(kind: SourceKind, shown: &str, text: &str, maps: &[(String, String)]) -> Result<Parsed> {
    let table = match kind {
        SourceKind::Github => github_table(shown, text)?,
        SourceKind::BacklogMd => return Err(Error::usage("Backlog.md is a folder: use `pm import backlog-md DIR`")),
        _ => csv_table(shown, text)?,
    };
    from_table(kind, shown, table, maps)
}

fn from_table(kind: SourceKind, shown: &str, table: Table, maps: &[(String, String)]) -> Result<Parsed> {
    let defaults = default_columns(kind);
    let mut targets: Vec<Option<Target>> = table
        .columns
        .iter()
        .map(|c| defaults.iter().find(|(name, _)| name.eq_ignore_ascii_case(c.trim())).map(|(_, t)| t.clone()))
        .collect();
    for (column, field) in maps {
        let target = mapped_target(field)?;
        let mut found = false;
        for (i, c) in table.columns.iter().enumerate() {
            if c.trim().eq_ignore_ascii_case(column.trim()) {
                targets[i] = Some(target.clone());
                found = true;
            }
        }
        if !found {
            let mut names: Vec<&str> = table.columns.iter().map(|c| c.as_str()).collect();
            names.dedup();
            return Err(Error::usage(format!("{shown} has no column `{column}`"))
                .with_hint(format!("its columns: {}", names.join(", "))));
        }
    }
    let has = |t: &Target| targets.iter().any(|x| x.as_ref() == Some(t));
    let mut missing = Vec::new();
    if !has(&Target::Key) {
        let key = defaults.iter().find(|(_, t)| *t == Target::Key).map_or("id", |(n, _)| *n);
        missing.push(format!("no `{key}` column (pm keeps each issue's key, to update the item on the next import)"));
    }
    if !has(&Target::Title) {
        let title = defaults.iter().find(|(_, t)| *t == Target::Title).map_or("title", |(n, _)| *n);
        missing.push(format!("no `{title}` column"));
    }
    if !missing.is_empty() {
        return Err(Error::Refused {
            message: format!("{shown} (nothing written): {}", missing.join("; ")),
            hint: Some("name the columns with --map COLUMN=FIELD, for example --map \"Ref=source_id\"".into()),
        });
    }

    let mut columns: Vec<(String, String)> = Vec::new();
    let mut unused: Vec<String> = Vec::new();
    for (i, c) in table.columns.iter().enumerate() {
        match &targets[i] {
            Some(Target::Ignore) => {}
            Some(t) => {
                let pair = (c.clone(), t.field());
                if !columns.contains(&pair) {
                    columns.push(pair);
                }
            }
            None => {
                let used = table.rows.iter().any(|(_, cells)| cells.get(i).is_some_and(|v| !v.is_empty()));
                if used && !unused.contains(c) {
                    unused.push(c.clone());
                }
            }
        }
    }

    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (at, cells) in table.rows {
        let mut r = Record { at: at.clone(), ..Record::default() };
        for (i, values) in cells.into_iter().enumerate() {
            if let Some(t) = &targets[i] {
                let values: Vec<String> = values.into_iter().map(|v| v.trim().to_string()).collect();
                let values: Vec<String> = values.into_iter().filter(|v| !v.is_empty()).collect();
                if !values.is_empty() {
                    r.take(t, values);
                }
            }
        }
        if r.key.is_empty() {
            problems.push(format!("{at}: no key (the issue's id in the source)"));
            continue;
        }
        if r.title.is_none() {
            problems.push(format!("{at}: {} has no title", r.key));
            continue;
        }
        if let Some(first) = seen.insert(r.key.to_lowercase(), at.clone()) {
            problems.push(format!("{at}: {} appears twice (also {first})", r.key));
            continue;
        }
        if kind == SourceKind::Github {
            if r.labels.iter().any(|l| l.eq_ignore_ascii_case("bug")) {
                r.kind = Some("bug".to_string());
            }
            r.key = r.key.trim_start_matches('#').to_string();
        }
        records.push(r);
    }
    if !problems.is_empty() {
        return Err(invalid(shown, problems));
    }
    Ok(Parsed { kind, shown: shown.to_string(), records, columns, unused, notes: Vec::new() })
}

/// RFC 4180 CSV: the header and each record with the line it starts on.
/// Quoted fields may hold commas, quotes (`""`) and line breaks.
pub(crate) fn csv_records(text: &str) -> std::result::Result<Vec<(usize, Vec<String>)>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted_from: Option<usize> = None;
        let mut after_quote = false;
        loop {
            let Some(c) = chars.next() else {
                if let Some(from) = quoted_from {
                    return Err(format!("line {from}: a quoted field is never closed"));
                }
                fields.push(std::mem::take(&mut field));
                break;
            };
            if quoted_from.is_some() {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => {
                        quoted_from = None;
                        after_quote = true;
                    }
                    '\n' => {
                        line += 1;
                        field.push('\n');
                    }
                    '\r' if chars.peek() == Some(&'\n') => {}
                    c => field.push(c),
                }
                continue;
            }
            match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    after_quote = false;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                '"' if field.is_empty() && !after_quote => quoted_from = Some(line),
                c if after_quote => {
                    return Err(format!("line {line}: `{c}` after the closing quote of a field"));
                }
                c => field.push(c),
            }
        }
        // A blank line is not a record.
        if !(fields.len() == 1 && fields[0].is_empty()) {
            records.push((start, fields));
        }
    }
    Ok(records)
}

fn csv_table(shown: &str, text: &str) -> Result<Table> {
    let records = csv_records(text).map_err(|e| invalid(shown, vec![e]))?;
    let mut records = records.into_iter();
    let Some((_, columns)) = records.next() else {
        return Err(invalid(shown, vec!["the file is empty: expected a header line naming the columns".into()]));
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, cells) in records {
        if cells.len() != columns.len() {
            problems.push(format!("line {line}: {} fields, but the header has {}", cells.len(), columns.len()));
            continue;
        }
        rows.push((format!("line {line}"), cells.into_iter().map(|c| vec![c]).collect()));
    }
    if !problems.is_empty() {
        return Err(invalid(shown, problems));
    }
    Ok(Table { columns, rows })
}

/// The values of one JSON field: strings as they are, numbers as written,
/// objects by their `login` (people), `name` (labels) or `title`
/// (milestones), lists as several values.
fn json_values(v: &Value) -> Vec<String> {
    match v {
        Value::Null => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Array(items) => items.iter().flat_map(json_values).collect(),
        Value::Object(map) => ["login", "name", "title", "key", "id"]
            .iter()
            .find_map(|k| map.get(*k).filter(|v| !v.is_null()))
            .map(json_values)
            .unwrap_or_default(),
    }
}

fn github_table(shown: &str, text: &str) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
        invalid(shown, vec![format!("line {}, column {}: {message}", e.line(), e.column())])
    })?;
    let hint = "export issues with `gh issue list --state all --json \
                number,title,body,labels,state,assignees,createdAt,updatedAt,milestone > issues.json`";
    let Value::Array(issues) = value else {
        return Err(Error::Refused {
            message: format!("{shown} (nothing written): expected a JSON array of issues"),
            hint: Some(hint.to_string()),
        });
    };
    let mut columns: Vec<String> = Vec::new();
    for issue in &issues {
        if let Value::Object(map) = issue {
            for k in map.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        let Value::Object(map) = issue else {
            return Err(invalid(shown, vec![format!("element {}: an issue must be a JSON object", i + 1)]));
        };
        let at = match map.get("number") {
            Some(Value::Number(n)) => format!("issue #{n}"),
            _ => format!("element {}", i + 1),
        };
        rows.push((at, columns.iter().map(|c| map.get(c).map(json_values).unwrap_or_default()).collect()));
    }
    Ok(Table { columns, rows })
}

// ---------------------------------------------------------------- Backlog.md

/// `task-3.1` → [3, 1], for ordering tasks as Backlog.md numbers them.
fn task_number(key: &str) -> Vec<u64> {
    let digits = key.rsplit('-').next().unwrap_or("");
    digits.split('.').map(|p| p.parse().unwrap_or(u64::MAX)).collect()
}

fn yaml_strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().flat_map(json_values).collect(),
        Some(Value::String(s)) if s.contains(',') => s.split(',').map(|p| p.trim().to_string()).collect(),
        Some(other) => json_values(other),
        None => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect()
}

/// `- [ ] #2 text` / `- [x] text` → `text`.
fn checkbox(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("- [")?;
    let rest = rest.strip_prefix([' ', 'x', 'X'])?.strip_prefix("] ")?.trim();
    let rest = match rest.strip_prefix('#') {
        Some(numbered) => {
            let digits = numbered.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 { numbered[digits..].trim_start() } else { rest }
        }
        None => rest,
    };
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Reads Backlog.md task files (`(path, text)`) into records.
pub fn parse_backlog_md(shown: &str, files: &[(String, String)]) -> Result<Parsed> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut unused: Vec<String> = Vec::new();
    let known = [
        "id",
        "title",
        "status",
        "assignee",
        "labels",
        "dependencies",
        "priority",
        "created_date",
        "updated_date",
        "parent_task_id",
        "parent",
        "subtasks",
        "ordinal",
    ];
    for (rel, text) in files {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
        let Some(rest) = text.strip_prefix("---\n") else {
            problems.push(format!("{rel}:1: expected YAML front matter starting with `---`"));
            continue;
        };
        let Some(end) = rest.find("\n---\n").map(|i| i + 1).or_else(|| rest.strip_suffix("\n---").map(str::len)) else {
            problems.push(format!("{rel}:1: the front matter is never closed with `---`"));
            continue;
        };
        let (front, body) = (&rest[..end], rest.get(end + 4..).unwrap_or(""));
        let meta = match crate::store::yaml::parse(front) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                problems.push(format!("{rel}:2: the front matter is not a mapping of fields"));
                continue;
            }
            Err(e) => {
                let line = e.position.map_or(2, |p| p.line + 1);
                problems.push(format!("{rel}:{line}: {}", e.message));
                continue;
            }
        };
        let text_of = |k: &str| meta.get(k).and_then(|v| json_values(v).into_iter().next()).filter(|s| !s.is_empty());
        let file_key = rel.rsplit('/').next().unwrap_or(rel).split(" - ").next().unwrap_or("").to_string();
        let key = text_of("id").unwrap_or(file_key);
        let title = text_of("title").or_else(|| {
            rel.rsplit('/').next().and_then(|n| n.split_once(" - ")).map(|(_, t)| t.trim_end_matches(".md").to_string())
        });
        if title.is_none() {
            problems.push(format!("{rel}: {key} has no title"));
            continue;
        }
        let mut r = Record {
            at: rel.clone(),
            key,
            title,
            status: text_of("status"),
            priority: text_of("priority"),
            owners: yaml_strings(meta.get("assignee"))
                .into_iter()
                .map(|a| a.trim_start_matches('@').to_string())
                .collect(),
            labels: yaml_strings(meta.get("labels")),
            blocked_by: yaml_strings(meta.get("dependencies")),
            parent: text_of("parent_task_id").or_else(|| text_of("parent")),
            created: text_of("created_date"),
            updated: text_of("updated_date"),
            ..Record::default()
        };
        for (k, v) in &meta {
            if !known.contains(&k.as_str()) && !json_values(v).is_empty() && !unused.contains(k) {
                unused.push(k.clone());
            }
        }
        // Sections: `## Description`, `## Acceptance Criteria`; others are reported.
        let mut section = String::new();
        let mut description: Vec<&str> = Vec::new();
        for line in body.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                section = h.trim().to_ascii_lowercase();
                if !section.starts_with("description") && !section.starts_with("acceptance criteria") {
                    notes.push(format!("{}: section `{}` not imported", r.key, h.trim()));
                }
                continue;
            }
            let trimmed = line.trim();
            if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
                continue;
            }
            if section.starts_with("description") {
                description.push(line);
            } else if section.starts_with("acceptance criteria") {
                if let Some(c) = checkbox(line) {
                    r.acceptance.push(c);
                } else if !trimmed.is_empty() {
                    notes.push(format!("{}: acceptance criteria line `{trimmed}` is not a `- [ ]` item", r.key));
                }
            }
        }
        let description = description.join("\n");
        let description = description.trim_matches('\n').trim_end();
        if !description.trim().is_empty() {
            r.description = Some(description.to_string());
        }
        records.push(r);
    }
    let mut seen: HashMap<String, String> = HashMap::new();
    for r in &records {
        if let Some(first) = seen.insert(r.key.to_lowercase(), r.at.clone()) {
            problems.push(format!("{}: {} appears twice (also {first})", r.at, r.key));
        }
    }
    if !problems.is_empty() {
        return Err(invalid(shown, problems));
    }
    records.sort_by(|a, b| task_number(&a.key).cmp(&task_number(&b.key)).then(a.key.cmp(&b.key)));
    let columns = [
        ("id", "source_id"),
        ("title", "title"),
        ("status", "status"),
        ("priority", "priority"),
        ("assignee", "owner"),
        ("labels", "labels"),
        ("dependencies", "blocked_by"),
        ("parent_task_id", "parent"),
        ("created_date", "created"),
        ("updated_date", "updated"),
        ("## Description", "description"),
        ("## Acceptance Criteria", "acceptance_criteria"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    Ok(Parsed { kind: SourceKind::BacklogMd, shown: shown.to_string(), records, columns, unused, notes })
}

// ---------------------------------------------------------------- mapping values

/// `In Progress` → `in_progress`, `Won't Do` → `wont_do`.
fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace(['\'', '’'], "").replace(['-', ' ', '/'], "_")
}

/// The workflow status a source status means, if pm can tell.
fn status_for(config: &Config, raw: &str, resolution: Option<&str>) -> Option<String> {
    let n = norm(raw);
    let mut status = if config.step(&n).is_some() {
        Some(n.clone())
    } else {
        let (wanted, category) =
            match n.as_str() {
                "backlog" | "open" | "new" | "triage" | "to_do" | "todo" | "unstarted" | "reopened" | "idea"
                | "draft" => ("new", Category::Todo),
                "ready" | "selected_for_development" | "ready_for_development" | "planned" | "committed" => {
                    ("ready", Category::Todo)
                }
                "in_progress" | "started" | "doing" | "in_development" | "active" | "wip" => {
                    ("in_progress", Category::InProgress)
                }
                "in_review" | "review" | "code_review" | "in_qa" | "qa" | "testing" | "in_test"
                | "ready_for_review" => ("in_review", Category::InProgress),
                "blocked" | "on_hold" | "waiting" => ("blocked", Category::InProgress),
                "done" | "closed" | "resolved" | "completed" | "complete" | "released" | "shipped" | "merged" => {
                    ("done", Category::Done)
                }
                "canceled" | "cancelled" | "wont_do" | "wont_fix" | "duplicate" | "rejected" | "obsolete"
                | "invalid" | "not_planned" => ("wont_do", Category::Done),
                _ => return None,
            };
        match config.step(wanted) {
            Some(_) => Some(wanted.to_string()),
            None => config.workflow.iter().find(|s| s.category == category).map(|s| s.status.clone()),
        }
    };
    // Jira closes work that will not be done with a resolution.
    if let (Some(s), Some(res)) = (&status, resolution)
        && config.is_closed(s)
        && matches!(
            norm(res).as_str(),
            "wont_do" | "wont_fix" | "duplicate" | "cannot_reproduce" | "declined" | "obsolete" | "incomplete"
        )
        && config.step("wont_do").is_some()
    {
        status = Some("wont_do".to_string());
    }
    status
}

/// Whether a source type is a sub-task (Jira's `Sub-task`).
fn is_subtask(raw: &str) -> bool {
    matches!(norm(raw).as_str(), "sub_task" | "subtask")
}

fn type_for(raw: &str) -> Option<ItemType> {
    Some(match norm(raw).as_str() {
        "epic" => ItemType::Epic,
        "feature" | "new_feature" => ItemType::Feature,
        "story" | "user_story" | "improvement" | "enhancement" => ItemType::Story,
        "bug" | "defect" | "incident" | "problem" => ItemType::Bug,
        "task" | "sub_task" | "subtask" | "chore" | "technical_task" | "maintenance" => ItemType::Chore,
        "spike" | "research" | "investigation" => ItemType::Spike,
        _ => return None,
    })
}

/// What a source priority means on the product's scheme: `Some(None)` for an
/// explicit "no priority", `None` when pm cannot tell.
fn priority_for(scheme: PriorityScheme, raw: &str, numeric: bool) -> Option<Option<String>> {
    let n = norm(raw);
    let values = scheme.values();
    if values.contains(&n.as_str()) {
        return Some(Some(n));
    }
    let level = match n.as_str() {
        "0" if numeric => return Some(None),
        "1" if numeric => 0,
        "2" if numeric => 1,
        "3" if numeric => 2,
        "4" if numeric => 3,
        "no_priority" | "none" | "unprioritized" => return Some(None),
        "highest" | "blocker" | "critical" | "urgent" | "showstopper" | "p0" | "must" => 0,
        "high" | "major" | "important" | "p1" | "should" => 1,
        "medium" | "normal" | "moderate" | "p2" | "could" => 2,
        "low" | "lowest" | "minor" | "trivial" | "p3" => 3,
        "wont" if scheme == PriorityScheme::Moscow => return Some(Some("wont".into())),
        "wont" => 3,
        _ => return None,
    };
    Some(Some(match scheme {
        PriorityScheme::P => values[level].to_string(),
        // "Won't have" is a decision, not a low priority: low stays "could".
        PriorityScheme::Moscow => ["must", "should", "could", "could"][level].to_string(),
    }))
}

/// The nearest of `allowed` to `v`; on a tie, the larger (estimates err high).
fn nearest(v: f64, allowed: impl IntoIterator<Item = f64>) -> Option<f64> {
    allowed.into_iter().min_by(|a, b| (a - v).abs().total_cmp(&(b - v).abs()).then(b.total_cmp(a)))
}

/// An estimate on the product's scale: the text to write, and a note when it was rounded.
fn estimate_for(config: &Config, raw: &str) -> std::result::Result<(String, Option<String>), String> {
    let raw = raw.trim();
    let size = raw.to_ascii_uppercase();
    let is_size = TSHIRT.contains(&size.as_str()) || config.tshirt_points.contains_key(&size);
    let number: Option<f64> = raw.parse::<f64>().ok().filter(|v| v.is_finite());
    let points = match number {
        Some(v) if v < 0.0 => return Err(format!("estimate `{raw}` is negative")),
        Some(v) => Some(v),
        None if is_size => config.tshirt_points.get(&size).copied(),
        None => return Err(format!("estimate `{raw}` is not a number or a t-shirt size")),
    };
    let scale = format!("{:?}", config.estimate_scale).to_lowercase();
    match config.estimate_scale {
        EstimateScale::Tshirt => {
            if is_size && config.tshirt_points.contains_key(&size) {
                return Ok((size, None));
            }
            let v = points.ok_or_else(|| format!("estimate `{raw}` has no points in tshirt_points"))?;
            let best = nearest(v, config.tshirt_points.values().copied())
                .ok_or_else(|| "tshirt_points in pm.yaml is empty".to_string())?;
            let name =
                config.tshirt_points.iter().find(|(_, p)| **p == best).map(|(k, _)| k.clone()).unwrap_or_default();
            Ok((name.clone(), Some(format!("{raw} → {name} (nearest on the tshirt scale)"))))
        }
        EstimateScale::Fibonacci | EstimateScale::Any => {
            let v = points.ok_or_else(|| format!("estimate `{raw}` has no points in tshirt_points"))?;
            let target =
                if config.estimate_scale == EstimateScale::Fibonacci { nearest(v, FIBONACCI).unwrap_or(v) } else { v };
            let text = format_number_exact(target);
            let note = if number.is_some_and(|n| n == target) {
                None
            } else if number.is_some() {
                Some(format!("{raw} → {text} (nearest on the {scale} scale)"))
            } else {
                Some(format!("{raw} → {text} ({size} in tshirt_points, on the {scale} scale)"))
            };
            Ok((text, note))
        }
    }
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A date in the formats exports use: ISO (`2026-03-12`, `2026-03-12T10:15:00Z`,
/// `2026-03-12 10:15`), Jira's `12/Mar/26 10:15 AM`, and the US month-first
/// `3/12/2026 10:15:00` of Google Forms and SurveyMonkey.
pub(crate) fn date_for(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    if let Some(d) = raw.get(..10).and_then(|s| s.parse().ok()) {
        return Some(d);
    }
    let first = raw.split_whitespace().next()?;
    let parts: Vec<&str> = first.split('/').collect();
    if let [month, day, year] = parts[..]
        && let (Ok(month), Ok(day), Ok(year)) = (month.parse::<i8>(), day.parse::<i8>(), year.parse::<i16>())
    {
        return Date::new(if year < 100 { 2000 + year } else { year }, month, day);
    }
    if let [day, month, year] = parts[..] {
        let month = MONTHS.iter().position(|m| month.to_ascii_lowercase().starts_with(m))? as i8 + 1;
        let year: i16 = year.parse().ok()?;
        let year = if year < 100 { 2000 + year } else { year };
        return Date::new(year, month, day.parse().ok()?);
    }
    None
}

/// Multi-line text as a literal block (`|`), the way people write
/// descriptions; a plain or quoted scalar when a block cannot hold it.
pub(crate) fn text_value(s: &str) -> String {
    let body = s.trim_end();
    let lines: Vec<&str> = body.split('\n').collect();
    let representable = body.contains('\n')
        && !body.starts_with([' ', '\t', '\n'])
        && !lines.iter().any(|l| !l.is_empty() && l.trim().is_empty())
        && body.chars().all(|c| c == '\n' || c == '\t' || !c.is_control());
    if !representable {
        return render_scalar(body, false);
    }
    let indented: Vec<String> =
        lines.iter().map(|l| if l.is_empty() { String::new() } else { format!("  {l}") }).collect();
    format!("|\n{}", indented.join("\n"))
}

fn flow_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| render_scalar(i, true)).collect::<Vec<_>>().join(", "))
}

/// A YAML value of a field pm does not model, as plain text for comparing.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------- the import

/// How many issues went from one source value to one pm value.
#[derive(Debug, Clone, Default)]
pub struct Tally(pub Vec<(String, String, usize)>);

impl Tally {
    fn add(&mut self, from: &str, to: &str) {
        match self.0.iter_mut().find(|(f, t, _)| f == from && t == to) {
            Some(e) => e.2 += 1,
            None => self.0.push((from.to_string(), to.to_string(), 1)),
        }
    }
}

/// One item the import created, updated or left alone.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    /// The source's key (`PAY-12`).
    pub key: String,
    /// The file, below the product folder.
    pub path: String,
    pub title: String,
    pub kind: Option<ItemType>,
    pub status: String,
    /// For updates: the fields changed.
    pub changed: Vec<String>,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: SourceKind,
    pub shown: String,
    pub dry_run: bool,
    pub records: usize,
    pub created: Vec<Outcome>,
    pub updated: Vec<Outcome>,
    pub unchanged: Vec<Outcome>,
    pub columns: Vec<(String, String)>,
    pub statuses: Tally,
    pub types: Tally,
    pub priorities: Tally,
    /// Estimates moved onto the scale: `PAY-4: 4 → 5 (nearest on the fibonacci scale)`.
    pub rounded: Vec<String>,
    /// What could not be mapped, one sentence each.
    pub not_mapped: Vec<String>,
    pub unused: Vec<String>,
    /// Fields changed both here and in the source since the last import.
    pub conflicts: Vec<Conflict>,
    /// Sub-tasks placed under their parent's epic or feature: `BL-7 (PAY-107) …`.
    pub subtasks: Vec<String>,
}

/// How an import treats what it finds.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub dry_run: bool,
    /// Take the source's value of a field changed on both sides.
    pub prefer_source: bool,
    /// The type Jira sub-tasks become (chore by default, or story).
    pub subtask_type: ItemType,
}

impl Default for Options {
    fn default() -> Self {
        Options { dry_run: false, prefer_source: false, subtask_type: ItemType::Chore }
    }
}

/// An item as the source says it should be. `None` leaves a field alone.
#[derive(Debug, Default)]
struct Desired {
    title: String,
    kind: Option<ItemType>,
    /// Mapped from the source (updates set it); otherwise the initial status, for new items.
    status: Option<String>,
    priority: Option<String>,
    estimate: Option<String>,
    owner: Option<String>,
    labels: Vec<String>,
    parent: Option<String>,
    blocked_by: Vec<String>,
    description: Option<String>,
    acceptance: Vec<String>,
    created: Option<Date>,
    updated: Option<Date>,
    fields: Vec<(String, String)>,
}

enum Change {
    Create { text: String },
    Update { old: String, text: String, changed: Vec<String> },
    Unchanged,
}

struct Planned<'a> {
    record: &'a Record,
    id: String,
    rel: String,
    source_id: String,
    desired: Desired,
    existing: Option<&'a Item>,
    change: Change,
}

/// The items already imported from this source, by lower-cased `source_id`.
fn already_imported(ws: &Workspace) -> Result<HashMap<String, (&str, &Item)>> {
    let mut out: HashMap<String, (&str, &Item)> = HashMap::new();
    for d in &ws.items {
        let Some(Value::String(sid)) = d.value.extra.get("source_id") else { continue };
        if let Some((_, other)) = out.insert(sid.to_lowercase(), (d.path.as_str(), &d.value)) {
            return Err(Error::Refused {
                message: format!("{} and {} both have source_id `{sid}`", other.id, d.value.id),
                hint: Some("give one of them another source_id (or remove it) before importing".to_string()),
            });
        }
    }
    Ok(out)
}

/// Imports `parsed` into the product. With `dry_run`, writes nothing and
/// reports what would be done; otherwise every file is checked first and
/// then written, or nothing is.
pub fn import(
    product: &Product,
    ws: &Workspace,
    parsed: &Parsed,
    options: Options,
    today: Date,
    progress: &dyn Progress,
) -> Result<Report> {
    write::require_work_tree(ws)?;
    let dry_run = options.dry_run;
    let config = &ws.config.value;
    let prefix = parsed.kind.prefix();
    let existing = already_imported(ws)?;
    let mut bases = crate::store::imports::load(product, prefix);
    let mut report = Report {
        kind: parsed.kind,
        shown: parsed.shown.clone(),
        dry_run,
        records: parsed.records.len(),
        created: Vec::new(),
        updated: Vec::new(),
        unchanged: Vec::new(),
        columns: parsed.columns.clone(),
        statuses: Tally::default(),
        types: Tally::default(),
        priorities: Tally::default(),
        rounded: Vec::new(),
        not_mapped: parsed.notes.clone(),
        unused: parsed.unused.clone(),
        conflicts: Vec::new(),
        subtasks: Vec::new(),
    };

    // Ids: the items imported before keep theirs; new ones get fresh ids, in file order.
    let new_count =
        parsed.records.iter().filter(|r| !existing.contains_key(&format!("{prefix}:{}", r.key).to_lowercase())).count();
    let lock =
        if new_count > 0 && (!dry_run || product.repo.is_some()) { Some(IdLock::acquire(product)?) } else { None };
    let mut next = match &lock {
        Some(lock) => id::number(&ids::next_id(product, ws.prefix(), lock)?, ws.prefix()).unwrap_or(1),
        None => {
            let names: Vec<String> = ws.backlog_stems.iter().map(|s| format!("{s}.yaml")).collect();
            let max = ids::max_number(names.iter().map(String::as_str), ws.prefix());
            id::next_number(max).ok_or_else(|| Error::refused(id::exhausted(ws.prefix(), max)))?
        }
    };
    let mut by_key: HashMap<String, String> = HashMap::new();
    for (sid, (_, item)) in &existing {
        if let Some(key) = sid.strip_prefix(&format!("{prefix}:")) {
            by_key.insert(key.to_string(), item.id.clone());
        }
    }
    let mut plans: Vec<Planned> = Vec::new();
    for r in &parsed.records {
        let source_id = format!("{prefix}:{}", r.key);
        let (id, rel, item) = match existing.get(&source_id.to_lowercase()) {
            Some((path, item)) => (item.id.clone(), path.to_string(), Some(*item)),
            None => {
                if next > id::MAX_NUMBER {
                    return Err(Error::refused(id::exhausted(ws.prefix(), id::MAX_NUMBER)));
                }
                let id = format!("{}-{next}", ws.prefix());
                // At most MAX_NUMBER + 1, which the check above refuses to use.
                next += 1;
                (id.clone(), format!("backlog/{id}.yaml"), None)
            }
        };
        by_key.insert(r.key.to_lowercase(), id.clone());
        for alt in &r.alt_keys {
            by_key.entry(alt.to_lowercase()).or_insert_with(|| id.clone());
        }
        plans.push(Planned {
            record: r,
            id,
            rel,
            source_id,
            desired: Desired::default(),
            existing: item,
            change: Change::Unchanged,
        });
    }

    // Values.
    let mut problems: Vec<String> = Vec::new();
    let numeric_priority = parsed.kind == SourceKind::Linear;
    for p in &mut plans {
        let r = p.record;
        let who = format!("{} ({})", p.id, r.key);
        let d = &mut p.desired;
        d.title = r.title.clone().unwrap_or_default().replace('\n', " ");
        if let Some(raw) = &r.kind {
            let mapped = if is_subtask(raw) { Some(options.subtask_type) } else { type_for(raw) };
            match mapped {
                Some(t) => {
                    report.types.add(raw, t.as_str());
                    d.kind = Some(t);
                }
                None => report.not_mapped.push(format!("{who}: type `{raw}` is not a pm type; left unset")),
            }
        }
        if let Some(raw) = &r.status {
            match status_for(config, raw, r.resolution.as_deref()) {
                Some(s) => {
                    let from = match &r.resolution {
                        Some(res) if config.is_closed(&s) && s == "wont_do" => format!("{raw} ({res})"),
                        _ => raw.clone(),
                    };
                    report.statuses.add(&from, &s);
                    d.status = Some(s);
                }
                None if p.existing.is_none() => report.not_mapped.push(format!(
                    "{who}: status `{raw}` is not in the workflow; the item starts as {}",
                    config.initial_status()
                )),
                None => report.not_mapped.push(format!("{who}: status `{raw}` is not in the workflow; left as it is")),
            }
        }
        if let Some(raw) = &r.priority {
            match priority_for(config.priority_scheme, raw, numeric_priority) {
                Some(Some(v)) => {
                    report.priorities.add(raw, &v);
                    d.priority = Some(v);
                }
                Some(None) => report.priorities.add(raw, "(none)"),
                None => report.not_mapped.push(format!("{who}: priority `{raw}` has no match in the priority scheme")),
            }
        }
        if let Some(raw) = &r.estimate {
            match estimate_for(config, raw) {
                Ok((v, note)) => {
                    if let Some(note) = note {
                        report.rounded.push(format!("{who}: {note}"));
                    }
                    d.estimate = Some(v);
                }
                Err(e) => report.not_mapped.push(format!("{who}: {e}")),
            }
        }
        if let Some((first, rest)) = r.owners.split_first() {
            d.owner = Some(first.trim_start_matches('@').to_string());
            if !rest.is_empty() {
                report.not_mapped.push(format!(
                    "{who}: pm keeps one owner: {} kept, {} not",
                    first.trim_start_matches('@'),
                    rest.join(", ")
                ));
            }
        }
        d.labels = r.labels.clone();
        d.description = r.description.as_ref().map(|t| t.replace("\r\n", "\n")).filter(|t| !t.trim().is_empty());
        d.acceptance = r.acceptance.iter().filter(|a| !a.is_empty()).cloned().collect();
        for (field, raw, slot) in [("created", &r.created, &mut d.created), ("updated", &r.updated, &mut d.updated)] {
            if let Some(raw) = raw {
                match date_for(raw) {
                    Some(date) => *slot = Some(date),
                    None => report.not_mapped.push(format!("{who}: {field} `{raw}` is not a date pm reads")),
                }
            }
        }
        for (field, values) in &r.fields {
            // A list field gets every value; any other the last one (the
            // current sprint of an issue that was in several).
            let list = config.custom_fields.iter().any(|c| c.name == *field && c.ty == FieldType::List);
            let raw = if list { values.join(",") } else { values.last().cloned().unwrap_or_default() };
            let raw = &raw;
            match fields::value(field, raw, config) {
                Ok(_) => d.fields.push((field.clone(), raw.clone())),
                Err(e) => problems.push(format!("{who}: {e}")),
            }
        }
    }

    // Links between items: parents, and "blocks" in either direction.
    let resolve = |key: &str| by_key.get(&key.to_lowercase()).cloned();
    let mut blocked: Vec<(usize, String)> = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        for key in &p.record.blocked_by {
            match resolve(key) {
                Some(id) => blocked.push((i, id)),
                None => report
                    .not_mapped
                    .push(format!("{} ({}): blocked by {key}, which is not imported", p.id, p.record.key)),
            }
        }
        for key in &p.record.blocks {
            match plans.iter().position(|q| q.record.key.eq_ignore_ascii_case(key)) {
                Some(j) => blocked.push((j, p.id.clone())),
                None => report.not_mapped.push(format!(
                    "{} ({}): blocks {key}, which is not in {}; link it there",
                    p.id, p.record.key, parsed.shown
                )),
            }
        }
    }
    for (i, id) in blocked {
        if id != plans[i].id && !plans[i].desired.blocked_by.contains(&id) {
            plans[i].desired.blocked_by.push(id);
        }
    }
    let kinds: HashMap<String, Option<ItemType>> = plans
        .iter()
        .map(|p| (p.id.clone(), p.desired.kind.or(p.existing.and_then(|e| e.kind))))
        .chain(ws.items.iter().map(|d| (d.value.id.clone(), d.value.kind)))
        .fold(HashMap::new(), |mut m, (k, v)| {
            m.entry(k).or_insert(v);
            m
        });
    for i in 0..plans.len() {
        let Some(key) = plans[i].record.parent.clone() else { continue };
        let who = format!("{} ({})", plans[i].id, plans[i].record.key);
        let Some(parent) = resolve(&key) else {
            report.not_mapped.push(format!("{who}: parent {key} is not imported; parent left unset"));
            continue;
        };
        let child_kind = kinds.get(&plans[i].id).copied().flatten();
        let parent_kind = kinds.get(&parent).copied().flatten();
        let allowed = |parent_kind: Option<ItemType>| match (child_kind, parent_kind) {
            (Some(c), Some(pk)) => c.allowed_parents().contains(&pk),
            _ => true,
        };
        // A Jira sub-task's parent is a story or task, which pm does not
        // nest under: it becomes a child of that item's epic or feature.
        if plans[i].record.kind.as_deref().is_some_and(is_subtask) && !allowed(parent_kind) {
            let grand = plans
                .iter()
                .find(|q| q.id == parent)
                .and_then(|q| q.record.parent.as_deref().and_then(resolve))
                .or_else(|| ws.get(&parent).and_then(|d| d.value.parent.clone()));
            if let Some(grand) = grand.filter(|g| allowed(kinds.get(g).copied().flatten())) {
                let shown = plans.iter().find(|q| q.id == parent).map_or(key.as_str(), |q| q.record.key.as_str());
                report
                    .subtasks
                    .push(format!("{who}: sub-task of {shown} ({parent}): child of {grand}, the parent of {parent}"));
                plans[i].desired.parent = Some(grand);
                continue;
            }
        }
        if !allowed(parent_kind) {
            let (c, pk) = (child_kind.unwrap_or(ItemType::Story), parent_kind.unwrap_or(ItemType::Story));
            let shown = plans.iter().find(|q| q.id == parent).map_or(key.as_str(), |q| q.record.key.as_str());
            report.not_mapped.push(format!(
                "{who}: parent {shown} ({parent}) not kept: a {} cannot have a {} as its parent",
                c.as_str(),
                pk.as_str()
            ));
            continue;
        }
        plans[i].desired.parent = Some(parent);
    }

    // Texts. New items go to the bottom of the backlog, in file order.
    let bottom = ws.items.iter().filter_map(|d| d.value.rank.as_deref()).filter(|k| rank::is_valid(k)).max();
    let mut keys = spread(bottom, plans.iter().filter(|p| p.existing.is_none()).count()).into_iter();
    for p in &mut plans {
        match p.existing {
            None => {
                let key = keys.next().unwrap_or_else(|| "i".to_string());
                let text = new_text(config, p, &key, today).unwrap_or_else(|e| {
                    problems.push(format!("{} ({}): {e}", p.id, p.record.key));
                    String::new()
                });
                p.change = Change::Create { text };
            }
            Some(item) => {
                let old = ws.text_of(&p.rel).unwrap_or_default();
                let base = bases.get(&p.source_id.to_lowercase());
                match update_text(config, p, item, &old, base, options.prefer_source, today) {
                    Ok((Some((text, changed)), conflicts)) => {
                        report.conflicts.extend(conflicts);
                        p.change = Change::Update { old, text, changed };
                    }
                    Ok((None, conflicts)) => {
                        report.conflicts.extend(conflicts);
                        p.change = Change::Unchanged;
                    }
                    Err(e) => problems.push(format!("{} ({}): {e}", p.id, p.record.key)),
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(invalid(&parsed.shown, problems));
    }

    // Check the product as it will be after the import, then write every
    // file or none.
    let changes: Vec<write::Change> = plans
        .iter()
        .filter_map(|p| match &p.change {
            Change::Create { text } => Some(write::Change::create(&p.rel, text.clone())),
            Change::Update { text, old, .. } => Some(write::Change::replace(&p.rel, old.clone(), text.clone())),
            Change::Unchanged => None,
        })
        .collect();
    progress.start("Checking items", plans.len() as u64);
    write::validate(product, ws, &changes).map_err(|e| match e {
        Error::Invalid { problems, .. } => {
            // Each problem named by the item and the source record it came from.
            let named = problems
                .into_iter()
                .map(|e| {
                    plans
                        .iter()
                        .find_map(|p| {
                            let rest = e.strip_prefix(&format!("{}: ", p.rel))?;
                            Some(format!("{} ({}): {rest}", p.id, p.record.key))
                        })
                        .unwrap_or(e)
                })
                .collect();
            invalid(&parsed.shown, named)
        }
        other => other,
    })?;
    progress.advance(plans.len() as u64);
    if !dry_run {
        progress.start("Writing items", plans.len() as u64);
        write::commit(product, ws, changes)?;
        // What the source said this time is the base of the next import,
        // except for conflicts kept here: they stay conflicts until resolved
        // (the same value on both sides, or --prefer source).
        for p in &plans {
            let key = p.source_id.to_lowercase();
            let old = bases.remove(&key).unwrap_or_default();
            let mut new: BTreeMap<String, String> = source_values(&p.desired).into_iter().collect();
            for c in report.conflicts.iter().filter(|c| c.id == p.id && !c.taken) {
                match old.get(&c.field) {
                    Some(b) => new.insert(c.field.clone(), b.clone()),
                    None => new.remove(&c.field),
                };
            }
            bases.insert(key, new);
        }
        crate::store::imports::save(product, prefix, &bases)?;
    }
    drop(lock);
    progress.finish();

    for p in plans {
        let status = p.desired.status.clone().or(p.existing.map(|e| e.status().to_string()));
        let mut outcome = Outcome {
            id: p.id,
            key: p.record.key.clone(),
            path: p.rel,
            title: p.desired.title,
            kind: p.desired.kind.or(p.existing.and_then(|e| e.kind)),
            status: status.unwrap_or_else(|| config.initial_status().to_string()),
            changed: Vec::new(),
        };
        match p.change {
            Change::Create { .. } => report.created.push(outcome),
            Change::Update { changed, .. } => {
                outcome.changed = changed;
                report.updated.push(outcome);
            }
            Change::Unchanged => report.unchanged.push(outcome),
        }
    }
    Ok(report)
}

/// `n` increasing rank keys after `lo`, found by bisection so that they stay
/// short however many there are (placing each after the previous one would
/// make every key a character longer than the one before, every few items).
fn spread(lo: Option<&str>, n: usize) -> Vec<String> {
    fn fill(lo: Option<&str>, hi: Option<&str>, n: usize, out: &mut Vec<String>) {
        if n == 0 {
            return;
        }
        let Some(mid) = rank::between(lo, hi) else { return };
        let left = (n - 1) / 2;
        fill(lo, Some(&mid), left, out);
        out.push(mid.clone());
        fill(Some(&mid), hi, n - 1 - left, out);
    }
    let mut out = Vec::with_capacity(n);
    fill(lo, None, n, &mut out);
    out
}

/// The text of a new item file: known fields in schema order, then
/// `source_id`, then other mapped fields.
fn new_text(config: &Config, p: &Planned, rank_key: &str, today: Date) -> Result<String> {
    let d = &p.desired;
    let created = d.created.unwrap_or(today);
    let updated = d.updated.filter(|u| *u >= created).unwrap_or(created);
    let mut values: Vec<(&str, String)> = vec![("title", render_scalar(&d.title, false))];
    values.extend(d.kind.map(|k| ("type", k.as_str().to_string())));
    let status = d.status.clone().unwrap_or_else(|| config.initial_status().to_string());
    values.push(("status", render_scalar(&status, false)));
    values.extend(d.priority.as_ref().map(|v| ("priority", render_scalar(v, false))));
    values.extend(d.estimate.as_ref().map(|v| ("estimate", v.clone())));
    values.extend(d.owner.as_ref().map(|v| ("owner", render_scalar(v, false))));
    if !d.labels.is_empty() {
        values.push(("labels", flow_list(&d.labels)));
    }
    values.extend(d.parent.as_ref().map(|v| ("parent", v.clone())));
    if !d.blocked_by.is_empty() {
        values.push(("blocked_by", flow_list(&d.blocked_by)));
    }
    values.extend(d.description.as_ref().map(|v| ("description", text_value(v))));
    if !d.acceptance.is_empty() {
        let block: String = d.acceptance.iter().map(|c| format!("\n  - {}", render_scalar(c, false))).collect();
        values.push(("acceptance_criteria", block));
    }
    values.push(("rank", format!("\"{rank_key}\"")));
    values.push(("created", created.to_string()));
    values.push(("updated", updated.to_string()));
    let mut out = SchemaKind::BacklogItem.modeline(&p.rel);
    out.push_str(&format!("id: {}\n", p.id));
    for field in FIELDS {
        if let Some((_, text)) = values.iter().find(|(k, _)| *k == field) {
            let sep = if text.starts_with('\n') { "" } else { " " };
            out.push_str(&format!("{field}:{sep}{text}\n"));
        }
    }
    out.push_str(&format!("source_id: {}\n", render_scalar(&p.source_id, false)));
    for (field, raw) in &d.fields {
        let text = match fields::value(field, raw, config)? {
            NewValue::Str(s) => render_scalar(&s, false),
            NewValue::Raw(r) => r,
            map @ (NewValue::Map(_) | NewValue::Seq(_)) => {
                edit::render_inline(&map).map_err(|e| Error::refused(format!("{field}: {e}")))?
            }
        };
        out.push_str(&format!("{field}: {text}\n"));
    }
    Ok(out)
}

/// The fields a re-import merges, with the value the source gives each
/// (mapped onto the product), as text for comparison.
fn source_values(d: &Desired) -> Vec<(String, String)> {
    let mut out = vec![("title".to_string(), d.title.clone())];
    out.extend(d.kind.map(|k| ("type".to_string(), k.as_str().to_string())));
    for (field, value) in [
        ("status", &d.status),
        ("priority", &d.priority),
        ("estimate", &d.estimate),
        ("owner", &d.owner),
        ("parent", &d.parent),
    ] {
        out.extend(value.clone().map(|v| (field.to_string(), v)));
    }
    out.extend(d.description.as_ref().map(|v| ("description".to_string(), v.trim_end().to_string())));
    out.extend(d.fields.iter().cloned());
    out
}

/// The same field of the item as it is here.
fn local_value(item: &Item, field: &str) -> Option<String> {
    match field {
        "title" => Some(item.title.clone()),
        "type" => item.kind.map(|k| k.as_str().to_string()),
        "status" => Some(item.status().to_string()),
        "priority" => item.priority.clone(),
        "estimate" => item.estimate.as_ref().map(|e| e.to_string()),
        "owner" => item.owner.clone(),
        "parent" => item.parent.clone(),
        "description" => item.description.as_deref().map(|d| d.trim_end().to_string()),
        other => item.extra.get(other).map(plain),
    }
}

/// What a re-import does with one field: the source's value (`source`), the
/// value here (`local`) and what the source said at the last import (`base`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// Nothing to do: equal, or only changed here.
    Keep,
    /// Only the source changed it (or it is new here): take the source's.
    Take,
    /// Both sides changed it since the last import (or there is no record
    /// of one and the values differ).
    Conflict,
}

fn merge(source: &str, local: Option<&str>, base: Option<&str>) -> Merge {
    if local == Some(source) {
        return Merge::Keep;
    }
    match (base, local) {
        (Some(b), _) if b == source => Merge::Keep,
        (Some(b), Some(l)) if b == l => Merge::Take,
        (Some(_), None) => Merge::Conflict,
        (None, None) => Merge::Take,
        _ => Merge::Conflict,
    }
}

/// A field left as it is here although the source has another value.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: String,
    pub key: String,
    pub field: String,
    pub local: Option<String>,
    pub source: String,
    /// Whether the source's value was taken (`--prefer source`).
    pub taken: bool,
}

/// An item's new text and the fields that changed in it.
type Updated = (String, Vec<String>);

/// The edited text of an item imported before, changing only what the source
/// changed since the last import (`base`); `None` when nothing changes.
/// Fields changed on both sides are conflicts: kept here unless
/// `prefer_source`.
fn update_text(
    config: &Config,
    p: &Planned,
    item: &Item,
    old: &str,
    base: Option<&BTreeMap<String, String>>,
    prefer_source: bool,
    today: Date,
) -> Result<(Option<Updated>, Vec<Conflict>)> {
    let d = &p.desired;
    let mut edits = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let mut conflicts = Vec::new();
    for (field, source) in source_values(d) {
        let local = local_value(item, &field);
        let take = match merge(&source, local.as_deref(), base.and_then(|b| b.get(&field)).map(String::as_str)) {
            Merge::Keep => false,
            Merge::Take => true,
            Merge::Conflict => {
                conflicts.push(Conflict {
                    id: p.id.clone(),
                    key: p.record.key.clone(),
                    field: field.clone(),
                    local: local.clone(),
                    source: source.clone(),
                    taken: prefer_source,
                });
                prefer_source
            }
        };
        if !take {
            continue;
        }
        let value = match field.as_str() {
            "estimate" if source.parse::<f64>().is_ok() => NewValue::Raw(source.clone()),
            // A block scalar's text ends with a newline; a one-line value stays one line.
            "description" if source.contains('\n') => NewValue::Str(format!("{source}\n")),
            "title" | "type" | "status" | "priority" | "estimate" | "owner" | "parent" | "description" => {
                NewValue::Str(source.clone())
            }
            custom => fields::value(custom, &source, config)?,
        };
        edits.push(Edit::Set { path: vec![field.clone()], value });
        changed.push(field);
    }
    // Lists only grow: what people added in pm stays.
    let lists: [(&str, &Vec<String>, &Vec<String>); 3] = [
        ("labels", &d.labels, &item.labels),
        ("blocked_by", &d.blocked_by, &item.blocked_by),
        ("acceptance_criteria", &d.acceptance, &item.acceptance_criteria),
    ];
    for (field, wanted, have) in lists {
        let missing: Vec<&String> = wanted.iter().filter(|w| !have.contains(w)).collect();
        if missing.is_empty() {
            continue;
        }
        for m in missing {
            edits.push(Edit::Append { path: vec![field.to_string()], value: NewValue::Str(m.clone()) });
        }
        changed.push(field.to_string());
    }
    if changed.is_empty() {
        return Ok((None, conflicts));
    }
    let created = item.created.or(d.created);
    let updated = d.updated.filter(|u| created.is_none_or(|c| *u >= c) && item.updated.is_none_or(|i| *u >= i));
    let updated = updated.unwrap_or(today);
    edits.push(Edit::Set { path: vec!["updated".into()], value: NewValue::Raw(updated.to_string()) });
    let (bom, body) = match old.strip_prefix('\u{feff}') {
        Some(b) => ("\u{feff}", b),
        None => ("", old),
    };
    let text = edit::apply(body, &edits).map_err(|e| {
        Error::refused(format!("cannot update {}: {e}", p.rel))
            .with_hint(format!("edit it by hand: pm backlog edit {}", p.id))
    })?;
    Ok((Some((format!("{bom}{text}"), changed)), conflicts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_way_merge_of_one_field() {
        use super::Merge::*;
        // (source, here, base) → what happens.
        let cases = [
            ("p1", Some("p1"), Some("p2"), Keep),     // both sides agree
            ("p2", Some("p0"), Some("p2"), Keep),     // changed only here
            ("p1", Some("p2"), Some("p2"), Take),     // changed only in the source
            ("p1", Some("p0"), Some("p2"), Conflict), // changed on both sides
            ("p1", None, Some("p2"), Conflict),       // removed here, changed there
            ("p1", None, Some("p1"), Keep),           // removed here only
            ("p1", None, None, Take),                 // nothing here to lose
            ("p1", Some("p0"), None, Conflict),       // no record: differing values are kept
            ("p1", Some("p1"), None, Keep),
        ];
        for (source, local, base, want) in cases {
            assert_eq!(merge(source, local, base), want, "{source} {local:?} {base:?}");
        }
    }

    #[test]
    fn reads_quoted_csv_with_line_numbers() {
        let text = "a,b\r\n1,\"x, \"\"y\"\"\nz\"\r\n\r\n2,3\n";
        let rows = csv_records(text).unwrap();
        assert_eq!(rows[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(rows[1], (2, vec!["1".to_string(), "x, \"y\"\nz".to_string()]));
        assert_eq!(rows[2], (5, vec!["2".to_string(), "3".to_string()]));
        assert_eq!(csv_records("a\n\"open\n").unwrap_err(), "line 2: a quoted field is never closed");
        assert_eq!(csv_records("a,b\n\"x\"y,1\n").unwrap_err(), "line 2: `y` after the closing quote of a field");
    }

    #[test]
    fn maps_statuses_onto_the_workflow() {
        let c = Config::default();
        assert_eq!(status_for(&c, "To Do", None).as_deref(), Some("new"));
        assert_eq!(status_for(&c, "In Progress", None).as_deref(), Some("in_progress"));
        assert_eq!(status_for(&c, "Code Review", None).as_deref(), Some("in_review"));
        assert_eq!(status_for(&c, "Done", Some("Won't Do")).as_deref(), Some("wont_do"));
        assert_eq!(status_for(&c, "Done", Some("Done")).as_deref(), Some("done"));
        assert_eq!(status_for(&c, "Canceled", None).as_deref(), Some("wont_do"));
        assert_eq!(status_for(&c, "Waiting for customer", None), None);
    }

    #[test]
    fn maps_priorities_onto_the_scheme() {
        let p = |raw, numeric| priority_for(PriorityScheme::P, raw, numeric);
        assert_eq!(p("Highest", false), Some(Some("p0".into())));
        assert_eq!(p("Medium", false), Some(Some("p2".into())));
        assert_eq!(p("1", true), Some(Some("p0".into())));
        assert_eq!(p("0", true), Some(None));
        assert_eq!(p("1", false), None);
        assert_eq!(priority_for(PriorityScheme::Moscow, "Low", false), Some(Some("could".into())));
        assert_eq!(priority_for(PriorityScheme::Moscow, "P0", false), Some(Some("must".into())));
    }

    #[test]
    fn rounds_estimates_to_the_scale() {
        let c = Config::default();
        assert_eq!(estimate_for(&c, "5").unwrap(), ("5".into(), None));
        assert_eq!(estimate_for(&c, "4").unwrap().0, "5");
        assert_eq!(estimate_for(&c, "16").unwrap().0, "13");
        assert_eq!(estimate_for(&c, "0.5").unwrap().0, "1");
        assert_eq!(estimate_for(&c, "M").unwrap().0, "3");
        assert!(estimate_for(&c, "-1").is_err());
        let tshirt = Config { estimate_scale: EstimateScale::Tshirt, ..Config::default() };
        assert_eq!(estimate_for(&tshirt, "m").unwrap(), ("M".into(), None));
        assert_eq!(estimate_for(&tshirt, "7").unwrap().0, "XL");
    }

    #[test]
    fn spreads_rank_keys_and_keeps_them_short() {
        let keys = spread(Some("i"), 1000);
        assert_eq!(keys.len(), 1000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]) && keys[0].as_str() > "i");
        assert!(keys.iter().all(|k| rank::is_valid(k) && k.len() <= 4), "{:?}", keys.iter().map(|k| k.len()).max());
        assert_eq!(spread(None, 3), ["9", "i", "r"]);
    }

    #[test]
    fn reads_dates_from_exports() {
        let d = |s: &str| date_for(s).map(|d| d.to_string());
        assert_eq!(d("2026-03-12T10:15:00.000Z").as_deref(), Some("2026-03-12"));
        assert_eq!(d("12/Mar/26 10:15 AM").as_deref(), Some("2026-03-12"));
        assert_eq!(d("2026-03-12 10:15").as_deref(), Some("2026-03-12"));
        assert_eq!(d("11/2/2026 10:31:00").as_deref(), Some("2026-11-02"));
        assert_eq!(d("11/02/2026 10:31:22 AM").as_deref(), Some("2026-11-02"));
        assert_eq!(d("13/02/2026"), None);
        assert_eq!(d("yesterday"), None);
    }

    #[test]
    fn reads_backlog_md_checkboxes() {
        assert_eq!(checkbox("- [ ] #1 Users can log in").as_deref(), Some("Users can log in"));
        assert_eq!(checkbox("- [x] Done already").as_deref(), Some("Done already"));
        assert_eq!(checkbox("- plain"), None);
    }

    #[test]
    fn descriptions_become_literal_blocks() {
        assert_eq!(text_value("one\ntwo\n"), "|\n  one\n  two");
        assert_eq!(text_value("one line"), "one line");
        assert_eq!(text_value("  indented\nx"), "\"  indented\\nx\"");
    }
}
