//! Turning `FIELD=VALUE` from the command line into lossless edits, for
//! every kind of artifact alike. A field path (`rice.reach`,
//! `personas.0.description`, `functional_requirements.FR-2.priority`) is
//! resolved against the kind's JSON Schema — the same schema `pm check`
//! validates with, extended by the custom fields of `pm.yaml` — so an
//! unknown name is refused with a did-you-mean instead of being stored, and
//! each value is written as the type its field has. The kind table
//! ([`crate::model::kind`]) adds what a schema cannot say: which fields refer
//! to other artifacts and which are pm's to maintain.

use serde_json::Value;

use crate::check::schema::{self, SchemaKind};
use crate::error::{Error, Mistake, Refusal, Result};
use crate::model::backlog::join;
use crate::model::config::Config;
use crate::model::id;
use crate::model::kind::{Entry, Kind, Role};
use crate::model::{Cycle, Date, rank};
use crate::store::edit::{Edit, NewValue, render_scalar};

/// One field change requested on the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldOp {
    Set(String, String),
    Unset(String),
    Add(String, String),
    Remove(String, String),
}

impl FieldOp {
    fn field(&self) -> &str {
        match self {
            FieldOp::Set(f, _) | FieldOp::Unset(f) | FieldOp::Add(f, _) | FieldOp::Remove(f, _) => f,
        }
    }

    /// The same change to a field of the record at `prefix` (a dotted path:
    /// `functional_requirements.1`).
    pub fn within(&self, prefix: &str) -> FieldOp {
        let at = |f: &str| format!("{prefix}.{f}");
        match self {
            FieldOp::Set(f, v) => FieldOp::Set(at(f), v.clone()),
            FieldOp::Unset(f) => FieldOp::Unset(at(f)),
            FieldOp::Add(f, v) => FieldOp::Add(at(f), v.clone()),
            FieldOp::Remove(f, v) => FieldOp::Remove(at(f), v.clone()),
        }
    }
}

/// Splits `FIELD=VALUE`.
pub(crate) fn parse_assignment(input: &str) -> Result<(String, String)> {
    match input.split_once('=') {
        // The field is kept as typed: a path with spaces at its ends is refused where paths are checked.
        Some((field, value)) if !field.trim().is_empty() => Ok((field.to_string(), value.to_string())),
        _ => Err(Error::usage(format!("`{input}` is not FIELD=VALUE")).with_hint("for example: --set owner=dana")),
    }
}

/// Spellings users type for a field of a backlog item, mapped to its key.
pub(crate) fn canonical(field: &str) -> String {
    let field = field.trim().replace('-', "_");
    match field.as_str() {
        "label" => "labels",
        "blocker" | "blocked" => "blocked_by",
        "ac" | "criterion" | "criteria" => "acceptance_criteria",
        "kr" | "key_result" => "key_results",
        "kind" => "type",
        _ => return field,
    }
    .to_string()
}

/// The record a change applies to: an artifact of `kind` at `base` (the path
/// of its mapping inside the file; empty for a whole-file artifact), whose
/// current value is `value`.
pub(crate) struct Target<'a> {
    pub kind: Kind,
    pub base: Vec<String>,
    pub value: &'a Value,
    pub config: &'a Config,
}

/// A kind's schema, and the schema node of one of its records.
pub(crate) struct Schema {
    root: Value,
    kind: Kind,
}

impl Schema {
    /// The schema of `kind`'s file, with what `config` adds to it.
    pub(crate) fn of(kind: Kind, config: &Config) -> Schema {
        Schema { root: schema::schema(kind.def().file, Some(config)), kind }
    }

    /// The schema node of one record of the kind (the item itself for a
    /// whole-file kind, one element of `initiatives` for an initiative).
    fn record(&self) -> &Value {
        let def = self.kind.def();
        let mut node = &self.root;
        if matches!(def.file, SchemaKind::Okr | SchemaKind::Iterations) {
            node = self.deref(node).get("items").unwrap_or(&Value::Null);
        }
        for list in def.container {
            let object = self.deref(node);
            node = object.pointer(&format!("/properties/{list}")).unwrap_or(&Value::Null);
            node = self.deref(node).get("items").unwrap_or(&Value::Null);
        }
        self.deref(node)
    }

    fn deref<'s>(&'s self, node: &'s Value) -> &'s Value {
        schema::deref(&self.root, node)
    }

    fn def_of<'s>(&'s self, node: &'s Value) -> Option<&'s str> {
        schema::def_name(node)
    }
}

/// The JSON types a node allows (`type: [string, null]` → `[string]`).
fn types(node: &Value) -> Vec<&str> {
    match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ => Vec::new(),
    }
}

fn properties(node: &Value) -> Option<&serde_json::Map<String, Value>> {
    node.get("properties").and_then(Value::as_object)
}

/// Refuses a path segment that could not be a key pm writes.
fn check_segment(path: &str, segment: &str) -> Result<()> {
    let problem = if segment.is_empty() {
        Some("has an empty part")
    } else if segment.contains('/') {
        Some("contains `/`")
    } else if segment == ".." {
        Some("contains `..`")
    } else if segment.trim() != segment {
        Some("has a part that starts or ends with a space")
    } else if segment.chars().any(char::is_control) {
        Some("contains a control character")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::usage(format!("the field path `{}` {problem}", path.escape_debug()))
            .with_hint("a field path is names and list positions joined by dots: rice.reach, personas.0.name")),
        None => Ok(()),
    }
}

/// A field path resolved against the schema and the record's current value.
#[derive(Clone)]
struct Resolved<'s> {
    /// The path for the editor, from the top of the file.
    path: Vec<String>,
    /// What the user called it, for messages (`open_questions.2.status`).
    shown: String,
    /// The schema node of the value at the path.
    node: &'s Value,
    /// Its `$defs` name (`Date`, `Cycle`, `RankKey`, ...).
    def: Option<&'s str>,
    /// The role of the top-level field, when the path is that field itself.
    role: Option<Role>,
    /// The record-list entry description, when the path names such a list.
    entry: Option<&'static Entry>,
    /// Whether the parent mapping requires this key.
    required: bool,
    /// The current value at the path, if any.
    current: Option<&'s Value>,
}

use crate::check::rules::unknown_field::did_you_mean;

impl Schema {
    fn resolve<'s>(&'s self, target: &'s Target<'_>, field: &str) -> Result<Resolved<'s>> {
        let raw = field.trim();
        for segment in field.split('.') {
            check_segment(field, segment)?;
        }
        let mut segments: Vec<String> = raw.split('.').map(str::to_string).collect();
        let record = self.record();
        let top = properties(record);
        // Spellings: dashes for underscores, singular for a list (`label`, `objective`).
        let known = |name: &str| top.is_some_and(|p| p.contains_key(name));
        let typed = segments[0].clone();
        let first = typed.replace('-', "_");
        segments[0] = if known(&typed) {
            typed
        } else if known(&first) {
            first
        } else if self.kind == Kind::Backlog && known(&canonical(&first)) {
            canonical(&first)
        } else if known(&format!("{first}s")) {
            format!("{first}s")
        } else if first.ends_with('y') && known(&format!("{}ies", &first[..first.len() - 1])) {
            format!("{}ies", &first[..first.len() - 1])
        } else {
            first
        };
        let mut node = record;
        let mut def = None;
        let mut value = Some(target.value);
        let mut path = target.base.clone();
        let mut required = false;
        let noun = self.kind.noun();
        for (i, segment) in segments.iter().enumerate() {
            let here = self.deref(node);
            let so_far = segments[..i].join(".");
            if let Some(props) = properties(here) {
                let Some(child) = props.get(segment.as_str()) else {
                    let owner = if i == 0 { article(noun) } else { format!("`{so_far}`") };
                    let mut message = format!("unknown field `{segment}` for {owner}");
                    if let Some(near) = did_you_mean(segment, props.keys().map(String::as_str)) {
                        message.push_str(&format!("; did you mean `{near}`?"));
                    }
                    let mut hint = format!("fields: {}", join(props.keys().map(String::as_str)));
                    if i == 0 && self.kind == Kind::Backlog {
                        hint.push_str("; declare custom fields in pm.yaml under custom_fields");
                    }
                    return Err(Error::usage(message).with_hint(hint));
                };
                required =
                    here.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|k| k == segment));
                def = self.def_of(child);
                node = child;
                value = value.and_then(|v| v.get(segment.as_str())).filter(|v| !v.is_null());
                path.push(segment.clone());
                continue;
            }
            if types(here).contains(&"array") {
                let items = value.and_then(Value::as_array);
                let len = items.map_or(0, Vec::len);
                let index = match segment.parse::<usize>() {
                    Ok(n) if segment == &n.to_string() => n,
                    _ => {
                        // An element by its id (FR-2) or its name.
                        let key = |e: &Value| {
                            ["id", "name"].iter().find_map(|k| e.get(*k).and_then(Value::as_str).map(str::to_string))
                        };
                        items
                            .and_then(|items| {
                                items.iter().position(|e| key(e).is_some_and(|k| k.eq_ignore_ascii_case(segment)))
                            })
                            .ok_or_else(|| {
                                Error::usage(format!("`{so_far}` has no element `{segment}`")).with_hint(
                                    "address an element by its position from 0 or by its id: open_questions.0, functional_requirements.FR-2",
                                )
                            })?
                    }
                };
                if index >= len {
                    return Err(Error::usage(format!(
                        "`{so_far}` has {len} element{}; there is none at position {index}",
                        if len == 1 { "" } else { "s" }
                    ))
                    .with_hint("positions count from 0"));
                }
                node = here.get("items").unwrap_or(&Value::Null);
                def = self.def_of(node);
                value = items.and_then(|items| items.get(index));
                path.push(index.to_string());
                // An element may be removed; a list is never required to keep one.
                required = false;
                continue;
            }
            return Err(Error::usage(format!("`{so_far}` is a single value; it has no field `{segment}`")));
        }
        let role = (segments.len() == 1).then(|| self.kind.role(&segments[0])).flatten();
        let entry =
            (segments.len() == 1).then(|| self.kind.def().entries.iter().find(|e| e.list == segments[0])).flatten();
        Ok(Resolved { path, shown: segments.join("."), node, def, role, entry, required, current: value })
    }

    /// The names of the list fields of a record, for messages.
    fn lists(&self) -> Vec<&str> {
        let record = self.record();
        properties(record)
            .map(|p| {
                p.iter().filter(|(_, n)| types(self.deref(n)).contains(&"array")).map(|(k, _)| k.as_str()).collect()
            })
            .unwrap_or_default()
    }

    /// The value to write at a resolved path for `raw`, checked against its type.
    fn value(&self, r: &Resolved, raw: &str, config: &Config) -> Result<NewValue> {
        let field = r.shown.as_str();
        match r.role {
            Some(Role::Ref(kind)) => return Ok(NewValue::Str(reference(field, raw, kind, &config.id_prefix)?)),
            Some(Role::Refs(kind)) => {
                let items = split_list(raw)
                    .map(|p| reference(field, p, kind, &config.id_prefix).map(|r| render_scalar(&r, true)))
                    .collect::<Result<Vec<_>>>()?;
                return Ok(NewValue::Raw(format!("[{}]", items.join(", "))));
            }
            _ => {}
        }
        let node = self.deref(r.node);
        match r.def {
            Some("Date") => return Ok(NewValue::Raw(date(field, raw)?)),
            Some("Cycle") => {
                let c: Cycle = raw.trim().parse().map_err(|e| Error::usage(format!("{field}: {e}")))?;
                return Ok(NewValue::Str(c.to_string()));
            }
            Some("RankKey") => {
                let v = raw.trim();
                if !rank::is_valid(v) {
                    return Err(Mistake::NotARankKey { field: field.to_string(), raw: raw.to_string() }.into());
                }
                return Ok(NewValue::Raw(format!("\"{v}\"")));
            }
            _ => {}
        }
        if node.get("format").and_then(Value::as_str) == Some("date") {
            return Ok(NewValue::Raw(date(field, raw)?));
        }
        if let Some(options) = node.get("enum").and_then(Value::as_array) {
            return enum_value(field, options, raw);
        }
        let ts = types(node);
        if ts.contains(&"array") {
            let items = self.deref(node.get("items").unwrap_or(&Value::Null));
            if properties(items).is_some() {
                return Err(Error::usage(format!("`{field}` is a list of records; it cannot be set from text"))
                    .with_hint(format!("use --add {field}=VALUE, or set one element's field: {field}.0.FIELD=VALUE")));
            }
            let element =
                Resolved { node: items, def: self.def_of(node.get("items").unwrap_or(&Value::Null)), ..r.clone() };
            let items = split_list(raw)
                .map(|p| self.scalar(&element, p, config).map(|v| inline(&v)))
                .collect::<Result<Vec<_>>>()?;
            return Ok(NewValue::Raw(format!("[{}]", items.join(", "))));
        }
        if let Some(props) = properties(node) {
            let keys: Vec<&str> = props.keys().map(String::as_str).collect();
            // RICE reach may also be `{from: customers}`: a number in a score block.
            let numberish = |node: &Value| {
                types(node).contains(&"number")
                    || node
                        .get("anyOf")
                        .and_then(Value::as_array)
                        .is_some_and(|alts| alts.iter().any(|a| types(self.deref(a)).contains(&"number")))
            };
            let all_numbers = props.values().all(|p| numberish(self.deref(p)));
            if all_numbers && !keys.is_empty() {
                return Ok(NewValue::Raw(score_block(field, &keys, raw)?));
            }
            return Err(Error::usage(format!("`{field}` is a mapping; set its fields one by one"))
                .with_hint(format!("for example --set {field}.{}=VALUE", keys.first().copied().unwrap_or("FIELD"))));
        }
        self.scalar(r, raw, config)
    }

    /// A single value (not a list) of the type at `r`.
    fn scalar(&self, r: &Resolved, raw: &str, config: &Config) -> Result<NewValue> {
        let field = r.shown.as_str();
        let node = self.deref(r.node);
        if r.def == Some("Reach") {
            // A number, or `customers`: counted from customer evidence.
            return match raw.trim().to_ascii_lowercase().as_str() {
                "customers" | "from:customers" | "{from: customers}" => Ok(NewValue::Raw("{from: customers}".into())),
                _ => number(field, raw).map(NewValue::Raw).map_err(|e| {
                    Error::usage(format!("{e}"))
                        .with_hint("a number, or `customers` to count the customers asking for it")
                }),
            };
        }
        if matches!(r.def, Some("Date")) || node.get("format").and_then(Value::as_str) == Some("date") {
            return Ok(NewValue::Raw(date(field, raw)?));
        }
        if let Some(options) = node.get("enum").and_then(Value::as_array) {
            return enum_value(field, options, raw);
        }
        let ts = types(node);
        if ts.contains(&"integer") && !ts.contains(&"string") {
            let v = raw.trim();
            return match v.parse::<i64>() {
                Ok(_) => Ok(NewValue::Raw(v.to_string())),
                Err(_) => Err(Error::usage(format!("{field}: `{raw}` is not a whole number"))),
            };
        }
        if ts.contains(&"number") && !ts.contains(&"string") {
            return Ok(NewValue::Raw(number(field, raw)?));
        }
        if ts.contains(&"boolean") && !ts.contains(&"string") {
            return match raw.trim() {
                "true" | "false" => Ok(NewValue::Raw(raw.trim().to_string())),
                _ => Err(Error::usage(format!("{field}: `{raw}` is not true or false"))),
            };
        }
        if ts.contains(&"string") || ts.is_empty() {
            if node.get("anyOf").is_some() && r.def == Some("Estimate") {
                return estimate(field, raw, config);
            }
            // A value of any type (a goal's target): a number stays a number.
            if ts.is_empty() && raw.trim().parse::<f64>().is_ok_and(f64::is_finite) {
                return Ok(NewValue::Raw(number(field, raw)?));
            }
            if let Some(pattern) = node.get("pattern").and_then(Value::as_str)
                && pattern.starts_with('^')
                && pattern.contains("-[1-9]")
            {
                // An id field: upper-cased, as ids are written.
                return Ok(NewValue::Str(raw.trim().to_ascii_uppercase()));
            }
            return Ok(NewValue::Str(raw.to_string()));
        }
        Err(Error::usage(format!("`{field}` cannot be set from the command line")))
    }
}

fn inline(v: &NewValue) -> String {
    match v {
        NewValue::Str(s) => render_scalar(s, true),
        NewValue::Raw(r) => r.clone(),
        map @ (NewValue::Map(_) | NewValue::Seq(_)) => crate::store::edit::render_inline(map).unwrap_or_default(),
    }
}

fn split_list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(',').map(str::trim).filter(|p| !p.is_empty())
}

fn enum_value(field: &str, options: &[Value], raw: &str) -> Result<NewValue> {
    let wanted = raw.trim();
    let normal = |s: &str| s.to_ascii_lowercase().replace('-', "_");
    for option in options {
        match option {
            Value::String(s) if normal(s) == normal(wanted) => return Ok(NewValue::Str(s.clone())),
            Value::Number(n) if wanted.parse::<f64>().ok() == n.as_f64() => {
                return Ok(NewValue::Raw(n.to_string()));
            }
            _ => {}
        }
    }
    let listed: Vec<String> = options
        .iter()
        .filter(|o| !o.is_null())
        .map(|o| match o {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    Err(Error::usage(format!("{field}: `{raw}` is not one of {}", listed.join(", "))))
}

fn estimate(field: &str, raw: &str, config: &Config) -> Result<NewValue> {
    let upper = raw.trim().to_ascii_uppercase();
    if crate::model::config::TSHIRT.contains(&upper.as_str()) || config.tshirt_points.contains_key(&upper) {
        Ok(NewValue::Str(upper))
    } else {
        Ok(NewValue::Raw(number(field, raw)?))
    }
}

/// A YAML number typed by a user, checked to read back as a number.
pub(crate) fn number(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    let parsed: Option<f64> = yaml_serde::from_str::<yaml_serde::Value>(v).ok().and_then(|y| y.as_f64());
    match parsed {
        Some(n) if n.is_finite() => Ok(v.to_string()),
        _ => Err(Error::usage(format!("{field}: `{value}` is not a number"))),
    }
}

fn date(field: &str, raw: &str) -> Result<String> {
    raw.trim().parse::<Date>().map(|d| d.to_string()).map_err(|e| Error::usage(format!("{field}: {e}")))
}

/// An id typed by a user, normalised, for a field that refers to `kind`.
fn reference(field: &str, value: &str, kind: Kind, prefix: &str) -> Result<String> {
    let v = value.trim();
    let normalized = match kind {
        Kind::Backlog => id::normalize(v, prefix),
        Kind::Metric => (!v.is_empty()
            && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'))
        .then(|| v.to_string()),
        // Customers and competitors are named by snake_case ids.
        Kind::Customer | Kind::Competitor => (v.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
        .then(|| v.to_string()),
        _ => {
            let upper = v.to_ascii_uppercase();
            id::is_reference(&upper, kind, prefix).then_some(upper)
        }
    };
    normalized.ok_or_else(|| {
        let example = match kind {
            Kind::Backlog => format!("{prefix}-12"),
            Kind::Prd => "PRD-3 or PRD-3#FR-2".to_string(),
            Kind::Metric => "activation_rate".to_string(),
            Kind::Customer => "acme_corp".to_string(),
            Kind::Competitor => "invoicely".to_string(),
            other => format!("{}-1", other.fixed_prefix().unwrap_or("X")),
        };
        Error::usage(format!("{field}: `{value}` is not a {} id (like {example})", kind.noun()))
    })
}

/// Parses `A,B,C[,D]` score inputs into a flow mapping such as
/// `{reach: 800, impact: 2, confidence: 0.8, effort: 3}`.
pub(crate) fn score_block(field: &str, keys: &[&str], value: &str) -> Result<String> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    if parts.len() != keys.len() {
        return Err(Error::usage(format!(
            "{field}: expected {} comma-separated numbers ({}), got `{value}`",
            keys.len(),
            join(keys.iter().copied())
        )));
    }
    let mut entries = Vec::new();
    for (key, part) in keys.iter().zip(parts) {
        entries.push(format!("{key}: {}", number(&format!("{field}.{key}"), part)?));
    }
    Ok(format!("{{{}}}", entries.join(", ")))
}

/// A new element of a list of records from typed text: `Dana:Head of
/// Product` fills the entry's key and the field after the colon.
fn entry_value(entry: &Entry, raw: &str) -> NewValue {
    let s = |v: &str| NewValue::Str(v.trim().to_string());
    let mut fields = Vec::new();
    // As the kind table says: feedback's `bl-42:3` is `{to: BL-42, importance: 3}`.
    let after = |v: &str| match v.trim().parse::<i64>() {
        Ok(n) if entry.after_is_number => NewValue::Raw(n.to_string()),
        _ => s(v),
    };
    let key = |v: &str| if entry.key_is_id { NewValue::Str(v.trim().to_ascii_uppercase()) } else { s(v) };
    match (entry.after_colon, raw.split_once(':')) {
        (Some(second), Some((k, rest))) => {
            fields.push((entry.key.to_string(), key(k)));
            fields.push((second.to_string(), after(rest)));
        }
        _ => fields.push((entry.key.to_string(), key(raw))),
    }
    for (k, v) in entry.defaults {
        fields.push((k.to_string(), NewValue::Str(v.to_string())));
    }
    NewValue::Map(fields)
}

/// "a key result", "an experiment".
pub(crate) fn article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// A list entry as named in a message: its first 40 characters.
fn short(name: &str) -> String {
    match name.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_string(),
    }
}

/// The text an element of a list is known by (a string element itself, or a
/// record's key field).
fn element_name<'v>(element: &'v Value, entry: Option<&Entry>) -> Option<&'v str> {
    match element {
        Value::String(s) => Some(s),
        Value::Object(map) => {
            let keys = entry.map(|e| e.key).into_iter().chain(["id", "name", "title", "text", "q"]);
            keys.into_iter().find_map(|k| map.get(k).and_then(Value::as_str))
        }
        _ => None,
    }
}

/// The path of a key or list position that exists in the record, whatever
/// the schema says of it.
fn existing(target: &Target, field: &str) -> Option<Vec<String>> {
    let mut value = target.value;
    let mut path = target.base.clone();
    for segment in field.trim().split('.') {
        check_segment(field, segment).ok()?;
        value = match value {
            Value::Object(map) => map.get(segment)?,
            Value::Array(items) => {
                let index = segment.parse::<usize>().ok().filter(|i| i.to_string() == segment)?;
                items.get(index)?
            }
            _ => return None,
        };
        path.push(segment.to_string());
    }
    Some(path)
}

/// The lossless edit for one requested change to the record `target`.
#[cfg(test)]
pub(crate) fn to_edit(target: &Target, op: &FieldOp) -> Result<Edit> {
    let schema = Schema::of(target.kind, target.config);
    schema.edit(target, op)
}

impl Schema {
    /// The lossless edit for one requested change to the record `target`.
    pub(crate) fn edit(&self, target: &Target, op: &FieldOp) -> Result<Edit> {
        let r = match self.resolve(target, op.field()) {
            Ok(r) => r,
            // A key that is no field can still be removed: that is how a typo is fixed.
            Err(e) => match (op, existing(target, op.field())) {
                (FieldOp::Unset(_), Some(path)) => return Ok(Edit::Unset { path }),
                _ => return Err(e),
            },
        };
        let noun = self.kind.noun();
        match r.role {
            Some(Role::Id) => {
                return Err(Refusal::ReadOnlyField {
                    kind: self.kind,
                    field: "id",
                    noun: Some(article(noun)),
                    file: None,
                }
                .into());
            }
            Some(Role::Status(_)) => {
                return Err(Refusal::ReadOnlyField {
                    kind: self.kind,
                    field: "status",
                    noun: Some(article(noun)),
                    file: None,
                }
                .into());
            }
            _ => {}
        }
        let node = self.deref(r.node);
        let is_list = types(node).contains(&"array");
        let list_error = |verb: &str| {
            Error::usage(format!("`{}` is not a list; --{verb} works on lists", r.shown)).with_hint(format!(
                "use --set {}=VALUE; the lists of a {noun} are {}",
                r.shown,
                join(self.lists())
            ))
        };
        Ok(match op {
            FieldOp::Set(_, raw) if r.required && raw.trim().is_empty() => {
                return Err(Error::usage(format!("`{}` is required and cannot be empty", r.shown)));
            }
            FieldOp::Set(_, raw) => Edit::Set { path: r.path.clone(), value: self.value(&r, raw, target.config)? },
            FieldOp::Unset(_) => {
                if r.required {
                    return Err(Error::refused(format!("`{}` is required and cannot be unset", r.shown)));
                }
                Edit::Unset { path: r.path.clone() }
            }
            FieldOp::Add(_, raw) => {
                if !is_list {
                    return Err(list_error("add"));
                }
                let items_node = node.get("items").unwrap_or(&Value::Null);
                let existing = r.current.and_then(Value::as_array);
                let value = if properties(self.deref(items_node)).is_some() {
                    let entry = r.entry.ok_or_else(|| {
                        Error::usage(format!("`{}` is a list of records that pm adds with its own command", r.shown))
                    })?;
                    if entry.key == "id" {
                        return Err(Mistake::IdedEntry { shown: r.shown.clone(), list: entry.list }.into());
                    }
                    entry_value(entry, raw)
                } else {
                    let element = Resolved { node: items_node, def: self.def_of(items_node), role: None, ..r.clone() };
                    match r.role {
                        Some(Role::Refs(kind)) => {
                            NewValue::Str(reference(&r.shown, raw, kind, &target.config.id_prefix)?)
                        }
                        _ => self.scalar(&element, raw, target.config)?,
                    }
                };
                let name = match &value {
                    NewValue::Str(s) => Some(s.clone()),
                    NewValue::Map(fields) => fields.first().and_then(|(_, v)| match v {
                        NewValue::Str(s) => Some(s.clone()),
                        _ => None,
                    }),
                    NewValue::Raw(raw) => Some(raw.clone()),
                    NewValue::Seq(_) => None,
                };
                if let (Some(name), Some(existing)) = (name, existing)
                    && existing.iter().any(|e| {
                        element_name(e, r.entry).is_some_and(|n| n.eq_ignore_ascii_case(&name))
                            || e.as_f64().is_some_and(|n| name.parse::<f64>().ok() == Some(n))
                    })
                {
                    return Err(Error::refused(format!("`{}` already has `{name}`", r.shown)));
                }
                Edit::Append { path: r.path.clone(), value }
            }
            FieldOp::Remove(_, raw) => {
                if !is_list {
                    return Err(list_error("remove"));
                }
                let wanted = match r.role {
                    Some(Role::Refs(kind)) => reference(&r.shown, raw, kind, &target.config.id_prefix)?,
                    _ => raw.trim().to_string(),
                };
                let existing = r.current.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                let index = existing
                    .iter()
                    .position(|e| {
                        element_name(e, r.entry).is_some_and(|n| n.eq_ignore_ascii_case(&wanted))
                            || e.as_f64().is_some_and(|n| wanted.parse::<f64>().ok() == Some(n))
                    })
                    .ok_or_else(|| {
                        let names: Vec<String> =
                            existing.iter().filter_map(|e| element_name(e, r.entry)).map(short).collect();
                        let hint = match names.len() {
                            0 => "the list is empty".to_string(),
                            1..=5 => format!("it holds: {}", names.join("; ")),
                            n => format!("it holds: {}; and {} more", names[..5].join("; "), n - 5),
                        };
                        Error::refused(format!("`{}` has no entry `{wanted}`", r.shown)).with_hint(hint)
                    })?;
                let mut path = r.path.clone();
                path.push(index.to_string());
                Edit::Unset { path }
            }
        })
    }

    /// The value a new record's field gets from `raw` (for `add` commands).
    pub(crate) fn new_value(&self, target: &Target, field: &str, raw: &str) -> Result<(String, NewValue)> {
        let r = self.resolve(target, field)?;
        let value = self.value(&r, raw, target.config)?;
        Ok((r.path.last().cloned().unwrap_or_default(), value))
    }

    /// The top-level fields of a record in schema order.
    pub(crate) fn field_names(&self) -> Vec<&str> {
        properties(self.record()).map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default()
    }
}

/// The value to write for the top-level backlog-item `field` (already canonical).
pub(crate) fn value(field: &str, raw: &str, config: &Config) -> Result<NewValue> {
    let empty = Value::Object(Default::default());
    let target = Target { kind: Kind::Backlog, base: Vec::new(), value: &empty, config };
    let schema = Schema::of(Kind::Backlog, config);
    let r = schema.resolve(&target, field)?;
    match r.role {
        Some(Role::Id) => {
            Err(Refusal::ReadOnlyField { kind: Kind::Backlog, field: "id", noun: None, file: None }.into())
        }
        Some(Role::Status(_)) => {
            Err(Refusal::ReadOnlyField { kind: Kind::Backlog, field: "status", noun: None, file: None }.into())
        }
        _ => schema.value(&r, raw, config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn edit_of(kind: Kind, value: &Value, op: FieldOp) -> Result<Edit> {
        let config = Config::default();
        to_edit(&Target { kind, base: Vec::new(), value, config: &config }, &op)
    }

    fn set(field: &str, value: &str) -> Result<Edit> {
        edit_of(Kind::Backlog, &json!({"id": "BL-1", "title": "t"}), FieldOp::Set(field.into(), value.into()))
    }

    fn raw(s: &str) -> NewValue {
        NewValue::Raw(s.into())
    }

    fn message(e: Error) -> String {
        format!("{e} — {}", e.hint().unwrap_or_default())
    }

    #[test]
    fn renders_each_field_as_its_type() {
        let v = |f: &str, x: &str| match set(f, x).unwrap() {
            Edit::Set { value, .. } => value,
            other => panic!("{other:?}"),
        };
        assert_eq!(v("estimate", "5"), raw("5"));
        assert_eq!(v("priority", "P1"), NewValue::Str("p1".into()));
        assert_eq!(v("parent", "bl-7"), NewValue::Str("BL-7".into()));
        assert_eq!(v("labels", "a, b c,x:y"), raw("[a, b c, \"x:y\"]"));
        assert_eq!(v("blocked-by", "bl-1,BL-2"), raw("[BL-1, BL-2]"));
        assert_eq!(v("rice", "800,2,0.8,3"), raw("{reach: 800, impact: 2, confidence: 0.8, effort: 3}"));
        assert_eq!(v("rice.reach", "900"), raw("900"));
        assert_eq!(v("rice.reach", "customers"), raw("{from: customers}"));
        assert_eq!(v("created", "2026-01-02"), raw("2026-01-02"));
        assert_eq!(v("title", "42"), NewValue::Str("42".into()));
        assert_eq!(v("type", "Bug"), NewValue::Str("bug".into()));
        assert_eq!(v("rank", "a5"), raw("\"a5\""));
    }

    #[test]
    fn refuses_bad_values() {
        for (field, value) in [
            ("estimate", "4"),
            ("priority", "urgent"),
            ("parent", "XX-1"),
            ("rice", "1,2"),
            ("rice.speed", "1"),
            ("created", "2026-02-30"),
            ("created", "tomorrow"),
            ("type", "task"),
            ("rank", "A"),
            ("id", "BL-3"),
            ("status", "done"),
            ("priorty", "p1"),
            ("../x", "1"),
            ("rice..reach", "1"),
            (" owner", "x"),
            ("title.x", "1"),
        ] {
            assert!(set(field, value).is_err(), "{field}={value}");
        }
    }

    #[test]
    fn unknown_fields_get_a_did_you_mean() {
        assert_eq!(
            message(set("priorty", "p1").unwrap_err()),
            "unknown field `priorty` for a backlog item; did you mean `priority`? — fields: id, title, type, status, \
             priority, estimate, owner, labels, parent, origin, blocked_by, description, acceptance_criteria, prd, \
             key_results, initiative, milestone, iteration, rice, ice, wsjf, kano, rank, created, updated, source_id; declare custom \
             fields in pm.yaml under custom_fields"
        );
        assert_eq!(
            message(set("rice.reech", "1").unwrap_err()).split(" — ").next().unwrap(),
            "unknown field `reech` for `rice`; did you mean `reach`?"
        );
    }

    #[test]
    fn paths_address_list_elements_by_index_and_id() {
        let prd = json!({"id": "PRD-1", "title": "t", "open_questions": [{"q": "a"}, {"q": "b"}],
                         "functional_requirements": [{"id": "FR-1", "text": "x"}, {"id": "FR-2", "text": "y"}]});
        let e = edit_of(Kind::Prd, &prd, FieldOp::Set("open_questions.1.status".into(), "answered".into())).unwrap();
        assert_eq!(
            e,
            Edit::Set {
                path: vec!["open_questions".into(), "1".into(), "status".into()],
                value: NewValue::Str("answered".into())
            }
        );
        let e = edit_of(Kind::Prd, &prd, FieldOp::Set("functional_requirements.fr-2.priority".into(), "must".into()))
            .unwrap();
        assert_eq!(
            e,
            Edit::Set {
                path: vec!["functional_requirements".into(), "1".into(), "priority".into()],
                value: NewValue::Str("must".into())
            }
        );
        let e = edit_of(Kind::Prd, &prd, FieldOp::Set("open_questions.2.status".into(), "answered".into()));
        assert_eq!(
            message(e.unwrap_err()),
            "`open_questions` has 2 elements; there is none at position 2 — positions count from 0"
        );
        let e = edit_of(Kind::Prd, &prd, FieldOp::Set("open_questions.0.status".into(), "maybe".into()));
        assert!(message(e.unwrap_err()).starts_with("open_questions.0.status: `maybe` is not one of"));
    }

    #[test]
    fn lists_take_add_and_remove() {
        let item = json!({"id": "BL-1", "title": "t", "labels": ["ux"]});
        let add = edit_of(Kind::Backlog, &item, FieldOp::Add("label".into(), "billing".into())).unwrap();
        assert_eq!(add, Edit::Append { path: vec!["labels".into()], value: NewValue::Str("billing".into()) });
        let dup = edit_of(Kind::Backlog, &item, FieldOp::Add("label".into(), "UX".into()));
        assert_eq!(message(dup.unwrap_err()), "`labels` already has `UX` — ");
        let rm = edit_of(Kind::Backlog, &item, FieldOp::Remove("labels".into(), "ux".into())).unwrap();
        assert_eq!(rm, Edit::Unset { path: vec!["labels".into(), "0".into()] });
        let scalar = edit_of(Kind::Backlog, &item, FieldOp::Add("priority".into(), "p1".into()));
        assert!(message(scalar.unwrap_err()).starts_with("`priority` is not a list; --add works on lists — use --set priority=VALUE; the lists of a backlog item are labels, blocked_by, acceptance_criteria, key_results"));
    }

    #[test]
    fn singular_names_find_their_list() {
        let roadmap_initiative = json!({"id": "RM-1", "title": "t"});
        let e =
            edit_of(Kind::Initiative, &roadmap_initiative, FieldOp::Add("objective".into(), "obj-1".into())).unwrap();
        assert_eq!(e, Edit::Append { path: vec!["objectives".into()], value: NewValue::Str("OBJ-1".into()) });
    }

    #[test]
    fn records_are_added_from_text() {
        let product = json!({"name": "Acme", "stakeholders": [{"name": "Dana"}]});
        let e = edit_of(Kind::Product, &product, FieldOp::Add("stakeholder".into(), "Lee: CFO".into())).unwrap();
        assert_eq!(
            e,
            Edit::Append {
                path: vec!["stakeholders".into()],
                value: NewValue::Map(vec![
                    ("name".into(), NewValue::Str("Lee".into())),
                    ("role".into(), NewValue::Str("CFO".into()))
                ])
            }
        );
        let dup = edit_of(Kind::Product, &product, FieldOp::Add("stakeholder".into(), "dana".into()));
        assert!(dup.is_err());
        let rm = edit_of(Kind::Product, &product, FieldOp::Remove("stakeholders".into(), "DANA".into())).unwrap();
        assert_eq!(rm, Edit::Unset { path: vec!["stakeholders".into(), "0".into()] });
    }
}
