//! `pm check`: every problem in the product at once, each pointing at the
//! exact key or value. The pipeline reads each file once (decoding, conflict
//! markers, YAML, JSON Schema, typed load, done by the Workspace loader), runs
//! the item rules and then the rules over the whole workspace, and only then
//! computes source positions — for the files that have findings.

pub(crate) mod diagnostic;
pub(crate) mod locate;
pub(crate) mod rules;
pub(crate) mod schema;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde_json::Value;

pub(crate) use diagnostic::{At, Diagnostic, Finding, Span};
use rules::{Cx, Scope};
use schema::SchemaKind;

use crate::model::config::Severity;
use crate::model::{Config, Date, Item};
use crate::store::{Doc, Parses, ProblemKind, Workspace, conflict_marker};

/// How to check.
#[derive(Default)]
pub struct Options<'a> {
    /// Warnings count as errors.
    pub strict: bool,
    /// The workspace at `--base`, enabling transition rules.
    pub base: Option<&'a Workspace>,
    /// Report findings only for these files or folders (paths below the product folder).
    pub only: Vec<String>,
    pub today: Option<Date>,
    /// Each milestone's Monte Carlo forecast from history, when the caller
    /// could read enough of it (for `forecast-late`; the check reads no git).
    pub forecasts: Option<&'a std::collections::BTreeMap<String, crate::model::forecast::MilestoneForecast>>,
    /// Run the per-item rules only on the backlog items in these files (all
    /// items when `None`): a write's validation, where no other item's
    /// findings can have changed.
    pub items: Option<&'a HashSet<String>>,
}

/// The outcome: diagnostics sorted by file and position.
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the files that have diagnostics, for showing source lines.
    pub texts: HashMap<String, String>,
    pub files_checked: usize,
    /// Working-tree files found to satisfy their schema now, with the stamp
    /// they were read at and the schema's fingerprint: for the parse cache,
    /// so that the next check need not validate them again.
    pub schema_verdicts: Vec<(String, crate::store::cache::Stamp, u64)>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    pub fn files_with_findings(&self) -> usize {
        self.diagnostics.iter().map(|d| d.path.as_str()).collect::<HashSet<_>>().len()
    }
}

/// Schema validators for one configuration, each kind's built the first
/// time a file of that kind is validated or its fingerprint asked for: a
/// write that checks one changed file compiles one schema, not twelve.
pub(crate) struct Validators<'c> {
    config: &'c Config,
    /// In the order of [`SchemaKind::ALL`].
    kinds: [Lazy; SchemaKind::ALL.len()],
}

/// One kind's schema, its fingerprint and its compiled validator.
#[derive(Default)]
struct Lazy {
    /// The schema validated with (also for the unknown-field walk), and a
    /// hash of its JSON: what a stored verdict is valid for.
    schema: OnceLock<(Value, u64)>,
    validator: OnceLock<jsonschema::Validator>,
}

impl<'c> Validators<'c> {
    pub(crate) fn new(config: &'c Config) -> Validators<'c> {
        Validators { config, kinds: Default::default() }
    }

    fn lazy(&self, kind: SchemaKind) -> &Lazy {
        let i = SchemaKind::ALL.iter().position(|k| *k == kind).expect("every kind is in ALL");
        &self.kinds[i]
    }

    /// The schema of `kind` and its fingerprint, never 0.
    fn schema(&self, kind: SchemaKind) -> &(Value, u64) {
        self.lazy(kind).schema.get_or_init(|| {
            let schema = schema::schema(kind, Some(self.config));
            // The verdict also covers the unknown-field walk of the same schema.
            let mut text = serde_json::to_vec(&schema).unwrap_or_default();
            text.extend_from_slice(b"+unknown-field");
            let fingerprint = crate::store::cache::hash(&text).max(1);
            (schema, fingerprint)
        })
    }

    /// A hash of the schema of `kind`, never 0.
    pub(crate) fn fingerprint(&self, kind: SchemaKind) -> u64 {
        self.schema(kind).1
    }

    fn validate(&self, kind: SchemaKind, path: &str, value: &Value, out: &mut Vec<Finding>) {
        let root = &self.schema(kind).0;
        let validator = self
            .lazy(kind)
            .validator
            .get_or_init(|| jsonschema::validator_for(root).expect("generated schemas are valid"));
        for unknown in schema::unknown_keys(root, value) {
            out.push(unknown_field(kind, path, unknown));
        }
        for error in validator.iter_errors(value) {
            let pointer = error.instance_path().to_string();
            let field = pointer.trim_start_matches('/').replace('/', ".");
            use jsonschema::error::ValidationErrorKind as K;
            let detail = match error.kind() {
                K::Required { property } => {
                    let name = property.as_str().unwrap_or_default().to_string();
                    out.push(
                        Finding::new("schema", path, pointer, format!("missing required key `{name}`"))
                            .label(format!("`{name}` missing in this mapping")),
                    );
                    continue;
                }
                K::Enum { options } => {
                    let listed: Vec<String> = options
                        .as_array()
                        .map(|a| a.iter().filter(|o| !o.is_null()).map(plain).collect())
                        .unwrap_or_default();
                    format!("`{}` is not one of {}", plain(error.instance()), listed.join(", "))
                }
                _ => error.to_string(),
            };
            let message = if field.is_empty() { detail } else { format!("{field}: {detail}") };
            let (pointer, at) = (pointer, At::Value);
            let mut finding =
                Finding::new(rules_schema_name(), path, pointer, message).label("does not match the schema");
            finding.at = at;
            out.push(finding);
        }
    }
}

/// The finding for a key that is no field.
fn unknown_field(kind: SchemaKind, path: &str, unknown: schema::UnknownKey) -> Finding {
    let schema::UnknownKey { at, key, known } = unknown;
    let owner = match (kind.artifact(), at.is_empty()) {
        (Some(k), true) => format!("a {}", k.noun()),
        (None, true) => "this file".to_string(),
        (_, false) => format!("`{}`", at.join(".")),
    };
    let mut message = format!("unknown field `{key}` for {owner}");
    if let Some(near) = rules::unknown_field::did_you_mean(&key, known.iter().map(String::as_str)) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    let help = if kind == SchemaKind::BacklogItem && at.is_empty() {
        "correct the name, or declare the field in pm.yaml under custom_fields".to_string()
    } else {
        format!("correct the name; the fields here are {}", known.join(", "))
    };
    let pointer: String = at.iter().chain([&key]).map(|s| format!("/{}", locate::escape(s))).collect();
    Finding::new(rules::unknown_field::RULE.name, path, pointer, message).at_key().label("not a field").help(help)
}

fn rules_schema_name() -> &'static str {
    "schema"
}

/// A JSON value as a user wrote it: strings without quotes.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Checks a workspace with what its [`Loader`](crate::store::Loader) parsed
/// of it: the files in `parses` are validated against their schema.
pub fn check(ws: &Workspace, parses: &Parses, options: &Options) -> Report {
    let config = &ws.config.value;
    let today = options.today.unwrap_or_else(Date::today);
    let cx = Cx { ws, config, base: options.base, today, forecasts: options.forecasts };
    let mut findings = Vec::new();

    // 1. Problems found while reading files.
    let mut shape_failures = Vec::new();
    for p in &ws.problems {
        let rule = match p.kind {
            ProblemKind::Encoding => "encoding",
            ProblemKind::ByteOrderMark => "byte-order-mark",
            ProblemKind::MergeConflict => "merge-conflict",
            ProblemKind::Syntax => "yaml-syntax",
            ProblemKind::DuplicateKey => "duplicate-key",
            ProblemKind::Limit => "file-limits",
            ProblemKind::NotAFile => "not-a-file",
            ProblemKind::WrongExtension => "wrong-extension",
            ProblemKind::Shape => {
                shape_failures.push(p);
                continue;
            }
        };
        let mut f = Finding::new(rule, &p.path, "", p.message.clone()).position(p.position);
        match p.kind {
            ProblemKind::Encoding => f = f.label("not UTF-8").help("re-save the file as UTF-8"),
            ProblemKind::ByteOrderMark => f = f.help("save the file as UTF-8 without a byte-order mark"),
            ProblemKind::Syntax => f = f.label("here"),
            ProblemKind::Limit => {
                f = f.help(if p.message.starts_with("aliases") {
                    "write the values out instead of repeating them through aliases"
                } else {
                    "split the file, or raise `limits` in pm.yaml if it really is this large"
                });
                if p.position.is_some() {
                    f = f.label("limit reached here");
                }
            }
            ProblemKind::NotAFile => f = f.help("replace it with the file itself, inside the product folder"),
            ProblemKind::WrongExtension => f = f.help("rename the file to end in `.yaml`"),
            _ => {}
        }
        if p.kind == ProblemKind::MergeConflict {
            f = f
                .label("conflict starts here")
                .help("keep the side you want, delete the other and the <<<<<<< ======= >>>>>>> lines, then `git add` the file");
        }
        findings.push(f);
    }

    // 2. JSON Schema, for every file that parsed, except those the parse
    // cache knows to satisfy this very schema. A verdict for another schema
    // (pm.yaml changed) does not count: such a file is read again.
    let validators = Validators::new(config);
    let stale: Vec<(String, Value)> = {
        let stale: Vec<&String> = parses
            .verdicts
            .iter()
            .filter(|(path, fingerprint)| {
                SchemaKind::of_path(path).is_some_and(|k| validators.fingerprint(k) != **fingerprint)
            })
            .map(|(path, _)| path)
            .collect();
        let texts = if stale.is_empty() { HashMap::new() } else { ws.texts() };
        stale
            .into_par_iter()
            .filter_map(|path| {
                let text = texts.get(path.as_str())?;
                let body = text.strip_prefix('\u{feff}').unwrap_or(text);
                let value = crate::store::yaml::parse_limited(body, config.limits.max_depth).ok()?;
                Some((path.clone(), value))
            })
            .collect()
    };
    let validate = |path: &String, value: &Value| {
        let kind = SchemaKind::of_path(path)?;
        let mut out = Vec::new();
        validators.validate(kind, path, value, &mut out);
        Some((path.clone(), kind, out))
    };
    // Each document is decoded just for its validation, one at a time per thread.
    let mut validated: Vec<(String, SchemaKind, Vec<Finding>)> =
        parses.values.par_iter().filter_map(|(path, parsed)| validate(path, &parsed.value())).collect();
    validated.extend(stale.par_iter().filter_map(|(path, value)| validate(path, value)).collect::<Vec<_>>());
    let mut schema_verdicts = Vec::new();
    for (path, kind, found) in validated {
        if found.is_empty()
            && let Some(stamp) = parses.stamps.get(&path)
        {
            schema_verdicts.push((path, *stamp, validators.fingerprint(kind)));
        }
        findings.extend(found);
    }
    let with_schema_errors: HashSet<&str> =
        findings.iter().filter(|f| f.rule == "schema").map(|f| f.path.as_str()).collect();
    let mut fallback = Vec::new();
    for p in shape_failures {
        if !with_schema_errors.contains(p.path.as_str()) {
            fallback.push(Finding::new("schema", &p.path, "", p.message.clone()));
        }
    }
    findings.extend(fallback);

    // 3. The configuration's own references to rules.
    for name in config.rules.keys() {
        if rules::find(name).is_none() {
            findings.push(
                Finding::new(
                    "config",
                    &ws.config.path,
                    format!("/rules/{}", locate::escape(name)),
                    format!("there is no rule `{name}`"),
                )
                .at_key()
                .help("`pm check --list-rules` lists them"),
            );
        }
    }

    // 4. Rules over each item, then over the workspace. Items that failed to
    // load because of schema errors are checked too, without the broken fields,
    // so that one wrong type does not hide the file's other mistakes.
    let salvaged: Vec<Doc<Item>> = salvage(ws, parses, &findings);
    let in_scope = |doc: &&Doc<Item>| options.items.is_none_or(|paths| paths.contains(&doc.path));
    let item_findings: Vec<Vec<Finding>> = ws
        .items
        .par_iter()
        .filter(in_scope)
        .map(|doc| (doc, false))
        .chain(salvaged.par_iter().map(|doc| (doc, true)))
        .map(|(doc, salvaged)| {
            let mut out = Vec::new();
            for rule in rules::all() {
                match rule.scope {
                    Scope::Item(f) => f(&cx, doc, &mut out),
                    // Workspace rules see only loaded items; a salvaged one gets their per-item check.
                    Scope::Workspace { item: Some(f), .. } if salvaged => f(&cx, doc, &mut out),
                    _ => {}
                }
            }
            out
        })
        .collect();
    findings.extend(item_findings.into_iter().flatten());
    for rule in rules::all() {
        if let Scope::Workspace { all, .. } = rule.scope {
            all(&cx, &mut findings);
        }
    }

    let findings = dedupe(findings);
    let mut texts: HashMap<String, String> = HashMap::new();
    let all_texts = ws.texts();
    let lookup_text = |path: &str| all_texts.get(path).map(|t| t.to_string());
    let only = |path: &str| {
        options.only.is_empty()
            || options
                .only
                .iter()
                .any(|o| o.is_empty() || path == o || path.starts_with(&format!("{}/", o.trim_end_matches('/'))))
    };
    let mut diagnostics = Vec::new();
    let mut by_file: HashMap<String, Vec<Finding>> = HashMap::new();
    for f in findings.into_iter().filter(|f| only(&f.path)) {
        by_file.entry(f.path.clone()).or_default().push(f);
    }
    for (path, file_findings) in by_file {
        let text = lookup_text(&path);
        let resolved = resolve(config, text.as_deref(), file_findings, options.strict);
        if !resolved.is_empty()
            && let Some(text) = text
        {
            texts.insert(path.clone(), text);
        }
        diagnostics.extend(resolved);
    }
    diagnostics.sort_by(|a, b| {
        natural(&a.path).cmp(&natural(&b.path)).then((a.line, a.column, a.rule).cmp(&(b.line, b.column, b.rule)))
    });
    let files_checked = ws.items.len()
        + 1
        + usize::from(ws.roadmap.is_some())
        + usize::from(ws.product.is_some())
        + ws.okrs.len()
        + ws.metrics.len()
        + ws.experiments.len()
        + ws.prds.len()
        + ws.feedback.len()
        + usize::from(ws.customers.is_some())
        + usize::from(ws.competitors.is_some())
        + usize::from(ws.iterations.is_some())
        + ws.problems.iter().filter(|p| p.is_fatal()).count();
    Report { diagnostics, texts, files_checked, schema_verdicts }
}

/// A sort key that orders `BL-9` before `BL-10`.
fn natural(path: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in path.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((std::mem::take(&mut text), digits.parse().unwrap_or(u64::MAX)));
                digits.clear();
            }
            text.push(c);
        }
    }
    out.push((text, digits.parse().unwrap_or(0)));
    out
}

/// Items whose typed load failed, rebuilt without the fields the schema rejected.
fn salvage(ws: &Workspace, parses: &Parses, findings: &[Finding]) -> Vec<Doc<Item>> {
    let failed: HashSet<&str> =
        ws.problems.iter().filter(|p| p.kind == ProblemKind::Shape).map(|p| p.path.as_str()).collect();
    let mut out = Vec::new();
    for (path, value) in parses.values.iter().filter(|(p, _)| failed.contains(p.as_str())) {
        if SchemaKind::of_path(path) != Some(SchemaKind::BacklogItem) {
            continue;
        }
        let Value::Object(mut object) = value.value() else { continue };
        for f in findings.iter().filter(|f| f.path == *path && f.rule == "schema") {
            let key = f.pointer.trim_start_matches('/').split('/').next().unwrap_or_default();
            let tolerated = matches!(key, "status" | "priority" | "estimate")
                && object.get(key).is_some_and(|v| v.is_string() || v.is_number());
            if !key.is_empty() && !tolerated {
                object.remove(key);
            }
        }
        let stem = path.rsplit('/').next().and_then(|n| n.strip_suffix(".yaml")).unwrap_or_default();
        if !object.get("id").is_some_and(Value::is_string) {
            object.insert("id".into(), Value::String(stem.to_string()));
        }
        if !object.get("title").is_some_and(Value::is_string) {
            object.insert("title".into(), Value::String(String::new()));
        }
        if let Ok(item) = Item::deserialize_value(&Value::Object(object)) {
            let text = ws.problems.iter().find(|p| p.path == *path).and_then(|p| p.text.clone()).unwrap_or_default();
            out.push(Doc { path: path.clone(), text, value: item });
        }
    }
    out
}

/// A schema finding is dropped where a more specific rule reports the same node.
fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    let specific: HashSet<(String, String)> =
        findings.iter().filter(|f| f.rule != "schema").map(|f| (f.path.clone(), f.pointer.clone())).collect();
    let mut seen = HashSet::new();
    findings
        .into_iter()
        .filter(|f| f.rule != "schema" || !specific.contains(&(f.path.clone(), f.pointer.clone())))
        .filter(|f| seen.insert((f.rule, f.path.clone(), f.pointer.clone(), f.message.clone())))
        .collect()
}

/// The severity a rule has in this product.
pub(crate) fn severity(config: &Config, rule: &str, strict: bool) -> Severity {
    let default = rules::find(rule).map_or(Severity::Error, |r| r.severity);
    let s = config.rules.get(rule).copied().unwrap_or(default);
    if strict && s == Severity::Warning { Severity::Error } else { s }
}

/// Turns one file's findings into diagnostics with positions.
fn resolve(config: &Config, text: Option<&str>, findings: Vec<Finding>, strict: bool) -> Vec<Diagnostic> {
    let bom = text.is_some_and(|t| t.starts_with('\u{feff}'));
    let shift = if bom { '\u{feff}'.len_utf8() } else { 0 };
    let body = text.map(|t| &t[shift..]);
    let needs_locations = findings.iter().any(|f| f.position.is_none() || f.rule == "duplicate-key");
    let locations = match (needs_locations, body) {
        (true, Some(body)) => Some(locate::locate(body)),
        _ => None,
    };
    let mut out = Vec::new();
    for f in findings {
        let severity = severity(config, f.rule, strict);
        if severity == Severity::Off {
            continue;
        }
        // Duplicate keys: one diagnostic per repeated key, found by the position-aware parse.
        if f.rule == "duplicate-key"
            && let (Some(loc), Some(body)) = (&locations, body)
            && !loc.duplicates.is_empty()
        {
            for (pointer, span) in &loc.duplicates {
                let key = pointer.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
                out.push(diagnostic(
                    &f,
                    severity,
                    body,
                    Some(*span),
                    format!("duplicate key `{key}`"),
                    Some("written again here".into()),
                    Some("keep one of the two entries".into()),
                ));
            }
            continue;
        }
        let span = match (f.position, body) {
            (Some(p), Some(body)) => {
                let offset = locate::offset_of(body, p.line, p.column);
                Some(Span { offset, len: 1 })
            }
            (Some(_), None) | (None, None) => None,
            (None, Some(_)) => locations.as_ref().and_then(|loc| find_span(loc, &f.pointer, f.at)),
        };
        let (message, label, help) = (f.message.clone(), f.label.clone(), f.help.clone());
        match body {
            Some(body) => out.push(diagnostic(&f, severity, body, span, message, label, help)),
            None => out.push(Diagnostic {
                rule: f.rule,
                severity,
                path: f.path.clone(),
                line: f.position.map(|p| p.line),
                column: f.position.map(|p| p.column),
                span: None,
                message,
                label,
                help,
                pointer: f.pointer.clone(),
            }),
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn diagnostic(
    f: &Finding,
    severity: Severity,
    body: &str,
    span: Option<Span>,
    message: String,
    label: Option<String>,
    help: Option<String>,
) -> Diagnostic {
    let span = span.unwrap_or(Span { offset: 0, len: body.lines().next().map_or(0, str::len).max(1) });
    let (line, column) = locate::line_column(body, span.offset);
    let len = span.len.min(body.len().saturating_sub(span.offset));
    Diagnostic {
        rule: f.rule,
        severity,
        path: f.path.clone(),
        line: Some(line),
        column: Some(column),
        span: Some(Span { offset: span.offset, len }),
        message,
        label,
        help,
        pointer: f.pointer.clone(),
    }
}

/// The span for a pointer; a missing node is shown at its closest existing ancestor.
fn find_span(loc: &locate::Locations, pointer: &str, at: At) -> Option<Span> {
    let mut p = pointer.to_string();
    let mut first = true;
    loop {
        let found = match at {
            At::Key if first => loc.keys.get(&p).or_else(|| loc.values.get(&p)),
            // A missing node is shown on the key that holds its parent, which reads better than the value.
            _ if !first => loc.keys.get(&p).or_else(|| loc.values.get(&p)),
            _ => loc.values.get(&p),
        };
        if let Some(span) = found {
            return Some(*span);
        }
        if p.is_empty() {
            return None;
        }
        p = match p.rfind('/') {
            Some(i) => p[..i].to_string(),
            None => String::new(),
        };
        first = false;
    }
}

/// The YAML of a file's text; when it does not parse, `None` and the
/// `yaml-syntax` / `duplicate-key` finding that says why.
fn parse_text(path: &str, body: &str, findings: &mut Vec<Finding>) -> Option<serde_json::Value> {
    match crate::store::yaml::parse(body) {
        Ok(value) => Some(value),
        Err(e) => {
            let rule = if e.duplicate_key { "duplicate-key" } else { "yaml-syntax" };
            findings.push(Finding::new(rule, path, "", e.message).position(e.position));
            None
        }
    }
}

/// Findings for a `pm.yaml` that cannot be loaded: nothing else can be
/// checked until it is fixed, so this is the whole report.
pub fn check_config_text(path: &str, text: &str) -> Report {
    let defaults = Config::default();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut findings = Vec::new();
    if let Some(line) = conflict_marker(body) {
        findings.push(
            Finding::new("merge-conflict", path, "", "unresolved merge conflict")
                .position(Some(crate::error::Position { line, column: 1 })),
        );
    } else {
        if let Some(value) = parse_text(path, body, &mut findings) {
            Validators::new(&defaults).validate(SchemaKind::Config, path, &value, &mut findings);
            if let Ok(config) = serde_json::from_value::<Config>(value) {
                for (pointer, message) in config.problems() {
                    findings.push(Finding::new("config", path, pointer, message).label("cannot be used"));
                }
            }
        }
    }
    let diagnostics = resolve(&defaults, Some(text), findings, false);
    let mut texts = HashMap::new();
    texts.insert(path.to_string(), text.to_string());
    Report { diagnostics, texts, files_checked: 1, schema_verdicts: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Source;

    fn doc(path: &str, text: &str) -> Doc<Item> {
        let value = crate::store::yaml::parse(text).unwrap();
        Doc { path: path.into(), text: text.into(), value: Item::deserialize_value(&value).unwrap() }
    }

    fn workspace(config: Config, items: &[&str]) -> Workspace {
        let docs: Vec<Doc<Item>> = items
            .iter()
            .map(|t| {
                let id = t.lines().next().unwrap().trim_start_matches("id: ").to_string();
                doc(&format!("backlog/{id}.yaml"), t)
            })
            .collect();
        let stems = docs.iter().map(|d| d.value.id.clone()).collect();
        let config = Doc { path: "pm.yaml".into(), text: String::new(), value: config };
        Workspace::new(Source::WorkTree, config, docs, Vec::new(), stems)
    }

    /// What `pm check` reports for the item file `backlog/BL-9.yaml` holding `text`.
    fn check_item_text(ws: &Workspace, path: &str, text: &str) -> Vec<Diagnostic> {
        let (ws, parses) = ws.with_text(path, text);
        let today = Some("2026-11-28".parse::<Date>().unwrap());
        check(&ws, &parses, &Options { only: vec![path.to_string()], today, ..Options::default() }).diagnostics
    }

    fn rules_of(ws: &Workspace, text: &str) -> Vec<(&'static str, usize, usize)> {
        check_item_text(ws, "backlog/BL-9.yaml", text)
            .into_iter()
            .map(|d| (d.rule, d.line.unwrap_or(0), d.column.unwrap_or(0)))
            .collect()
    }

    #[test]
    fn every_mistake_is_reported_at_its_place() {
        let ws = workspace(
            Config::default(),
            &["id: BL-1\ntitle: Epic\ntype: epic\n", "id: BL-2\ntitle: Story\ntype: story\n"],
        );
        let text = "id: BL-9\ntitle: ' '\ntype: feature\nstatus: doing\npriority: P9\nestimate: 4\nparent: BL-2\n\
                    blocked_by: [BL-77]\nrice: {reach: 1, impact: 4, confidence: 300, effort: 0}\n\
                    ice: {impact: 0, confidence: 5, ease: 11}\nrank: \"a0\"\ncreated: 2026-02-02\nupdated: 2026-02-01\n\
                    milestone: RM-1\n";
        assert_eq!(
            rules_of(&ws, text),
            [
                ("invalid-enum", 4, 9),
                ("invalid-enum", 5, 11),
                ("invalid-enum", 6, 11),
                ("wrong-kind-reference", 7, 9),
                ("dangling-reference", 8, 14),
                ("invalid-enum", 9, 26),
                ("score-range", 9, 41),
                ("score-range", 9, 54),
                ("score-range", 10, 15),
                ("score-range", 10, 39),
                ("invalid-rank", 11, 7),
                ("updated-before-created", 13, 10),
                ("wrong-kind-reference", 14, 12),
            ]
        );
    }

    #[test]
    fn a_valid_item_has_no_findings() {
        let ws = workspace(Config::default(), &["id: BL-1\ntitle: Epic\ntype: epic\n"]);
        let text = "id: BL-9\ntitle: Pay\ntype: story\nstatus: ready\nparent: BL-1\nrice: {reach: 1, impact: 2, confidence: 80, effort: 1}\n";
        assert_eq!(rules_of(&ws, text), []);
    }

    #[test]
    fn custom_fields_extend_the_schema() {
        let config = Config {
            custom_fields: serde_json::from_value(serde_json::json!([
                {"name": "team", "type": "enum", "values": ["web", "mobile"]},
                {"name": "customer", "required": true}
            ]))
            .unwrap(),
            ..Config::default()
        };
        let ws = workspace(config, &[]);
        let found = check_item_text(&ws, "backlog/BL-9.yaml", "id: BL-9\ntitle: t\nteam: desktop\n");
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["missing required key `customer`", "team: `desktop` is not one of web, mobile"]);
    }

    #[test]
    fn estimates_follow_the_configured_scale() {
        let tshirt = Config { estimate_scale: crate::model::config::EstimateScale::Tshirt, ..Config::default() };
        let ws = workspace(tshirt, &[]);
        assert_eq!(rules_of(&ws, "id: BL-9\ntitle: t\nestimate: M\n"), []);
        assert_eq!(rules_of(&ws, "id: BL-9\ntitle: t\nestimate: 5\n"), [("invalid-enum", 3, 11)]);
    }

    #[test]
    fn cycles_are_found_before_writing() {
        let ws = workspace(Config::default(), &["id: BL-1\ntitle: a\nblocked_by: [BL-9]\n"]);
        // Reported on the first item of the cycle, which is not the file that closed it.
        let (ws, parses) = ws.with_text("backlog/BL-9.yaml", "id: BL-9\ntitle: b\nblocked_by: [BL-1]\n");
        let found = check(&ws, &parses, &Options::default()).diagnostics;
        assert_eq!(found[0].rule, "dependency-cycle");
        assert_eq!(found[0].path, "backlog/BL-1.yaml");
        assert_eq!(found[0].message, "cycle: BL-1 → BL-9 → BL-1");
    }
}
