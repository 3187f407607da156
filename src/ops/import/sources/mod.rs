//! Reading each source into the common [`Record`]: one file per format.
//! CSV exports (Jira, Linear, generic) and GitHub's JSON become a `Table`
//! of named columns first, read onto records through each format's column
//! names and `--map`; Backlog.md folders are read file by file.

mod backlog_md;
mod csv;
mod github;
mod jira;
mod linear;

use std::collections::HashMap;

use serde_json::Value;

use super::invalid;
use crate::error::{Error, Mistake, Result};
use crate::ops::fields;

pub(crate) use backlog_md::parse_backlog_md;

/// Where the items come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceKind {
    Jira,
    Linear,
    Github,
    Generic,
    BacklogMd,
}

impl SourceKind {
    /// The prefix of `source_id` values (`jira:PAY-12`).
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            SourceKind::Jira => "jira",
            SourceKind::Linear => "linear",
            SourceKind::Github => "github",
            SourceKind::Generic => "csv",
            SourceKind::BacklogMd => "backlog-md",
        }
    }

    /// How the source is named in the report.
    pub(crate) fn name(self) -> &'static str {
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
pub(super) enum Target {
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
    pub(super) fn field(&self) -> String {
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
    match kind {
        SourceKind::Jira => jira::columns(),
        SourceKind::Linear => linear::columns(),
        SourceKind::Github => github::columns(),
        SourceKind::Generic => csv::columns(),
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
pub(crate) struct Record {
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

pub(super) fn split_keys(values: &[String]) -> Vec<String> {
    values.iter().flat_map(|v| v.split([',', ';'])).map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect()
}

/// A source read into records, with what was and was not taken from it.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
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
pub(super) struct Table {
    pub(super) columns: Vec<String>,
    pub(super) rows: Vec<(String, Vec<Vec<String>>)>,
}

/// Reads a CSV export (Jira, Linear, generic) or GitHub's JSON into records.
/// `maps` are `--map COLUMN=FIELD` pairs.
pub(crate) fn parse(kind: SourceKind, shown: &str, text: &str, maps: &[(String, String)]) -> Result<Parsed> {
    let table = match kind {
        SourceKind::Github => github::table(shown, text)?,
        SourceKind::BacklogMd => return Err(Mistake::BacklogMdFolder.into()),
        _ => csv::table(shown, text)?,
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
            github::finish(&mut r);
        }
        records.push(r);
    }
    if !problems.is_empty() {
        return Err(invalid(shown, problems));
    }
    Ok(Parsed { kind, shown: shown.to_string(), records, columns, unused, notes: Vec::new() })
}

/// The values of one JSON field: strings as they are, numbers as written,
/// objects by their `login` (people), `name` (labels) or `title`
/// (milestones), lists as several values.
pub(super) fn json_values(v: &Value) -> Vec<String> {
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
