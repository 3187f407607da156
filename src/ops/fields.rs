//! Turning `FIELD=VALUE` from the command line into lossless edits: each
//! known field gets its value checked and rendered as the YAML type the
//! schema expects (numbers stay numbers, ids are normalised, lists stay lists).

use crate::error::{Error, Result};
use crate::model::backlog::join;
use crate::model::config::{Config, FieldType, TSHIRT};
use crate::model::id::{self, Kind};
use crate::model::{Date, rank};
use crate::store::edit::{Edit, NewValue};

/// One field change requested on the command line.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldOp {
    Set(String, String),
    Unset(String),
    Add(String, String),
    Remove(String, String),
}

/// Splits `FIELD=VALUE`.
pub fn parse_assignment(input: &str) -> Result<(String, String)> {
    match input.split_once('=') {
        Some((field, value)) if !field.trim().is_empty() => Ok((field.trim().to_string(), value.to_string())),
        _ => Err(Error::usage(format!("`{input}` is not FIELD=VALUE")).with_hint("for example: --set owner=dana")),
    }
}

/// The field a user means: singular and dashed spellings map to the file's keys.
pub fn canonical(field: &str) -> String {
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Text,
    Enum(&'static [&'static str]),
    Priority,
    Estimate,
    Ref(Kind),
    Texts,
    Refs(Kind),
    Number,
    Date,
    Rank,
    Score(&'static [&'static str]),
    Custom(FieldType),
    Unknown,
}

const RICE_KEYS: [&str; 4] = ["reach", "impact", "confidence", "effort"];
const ICE_KEYS: [&str; 3] = ["impact", "confidence", "ease"];
const WSJF_KEYS: [&str; 4] =
    ["user_business_value", "time_criticality", "risk_reduction_opportunity_enablement", "job_size"];
const TYPES: [&str; 6] = ["epic", "feature", "story", "bug", "chore", "spike"];
const KANO: [&str; 5] = ["must_be", "one_dimensional", "attractive", "indifferent", "reverse"];
const ORIGINS: [&str; 2] = ["customer", "internal"];

fn shape(field: &str, config: &Config) -> Result<Shape> {
    if let Some((block, key)) = field.split_once('.') {
        let keys: &[&str] = match block {
            "rice" => &RICE_KEYS,
            "ice" => &ICE_KEYS,
            "wsjf" => &WSJF_KEYS,
            _ => return Ok(Shape::Unknown),
        };
        if !keys.contains(&key) {
            return Err(Error::usage(format!(
                "`{block}` has no input `{key}`: use one of {}",
                join(keys.iter().copied())
            )));
        }
        return Ok(Shape::Number);
    }
    Ok(match field {
        "id" => {
            return Err(Error::refused("the id cannot be edited").with_hint("use `pm backlog renumber ID --to NEW`"));
        }
        "status" => {
            return Err(
                Error::refused("status changes go through the workflow").with_hint("use `pm backlog move ID STATUS`")
            );
        }
        "title" | "owner" | "description" => Shape::Text,
        "type" => Shape::Enum(&TYPES),
        "kano" => Shape::Enum(&KANO),
        "origin" => Shape::Enum(&ORIGINS),
        "priority" => Shape::Priority,
        "estimate" => Shape::Estimate,
        "parent" => Shape::Ref(Kind::Backlog),
        "prd" => Shape::Ref(Kind::Prd),
        "initiative" => Shape::Ref(Kind::Initiative),
        "milestone" => Shape::Ref(Kind::Milestone),
        "labels" | "acceptance_criteria" => Shape::Texts,
        "blocked_by" => Shape::Refs(Kind::Backlog),
        "key_results" => Shape::Refs(Kind::KeyResult),
        "created" | "updated" => Shape::Date,
        "rank" => Shape::Rank,
        "rice" => Shape::Score(&RICE_KEYS),
        "ice" => Shape::Score(&ICE_KEYS),
        "wsjf" => Shape::Score(&WSJF_KEYS),
        other => match config.custom_fields.iter().find(|f| f.name == other && f.kind == "backlog") {
            Some(custom) => Shape::Custom(custom.ty),
            None => Shape::Unknown,
        },
    })
}

/// A YAML number typed by a user, checked to read back as a number.
pub fn number(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    let parsed: Option<f64> = yaml_serde::from_str::<yaml_serde::Value>(v).ok().and_then(|y| y.as_f64());
    match parsed {
        Some(n) if n.is_finite() => Ok(v.to_string()),
        _ => Err(Error::usage(format!("{field}: `{value}` is not a number"))),
    }
}

fn reference(field: &str, value: &str, kind: Kind, prefix: &str) -> Result<String> {
    let v = value.trim();
    let normalized = match kind {
        Kind::Backlog => id::normalize(v, prefix),
        _ => {
            let upper = v.to_ascii_uppercase();
            id::is_reference(&upper, kind, prefix).then_some(upper)
        }
    };
    normalized.ok_or_else(|| {
        let example = match kind {
            Kind::Backlog => format!("{prefix}-12"),
            Kind::Prd => "PRD-3 or PRD-3#FR-2".to_string(),
            other => format!("{}-1", other.fixed_prefix().unwrap_or("X")),
        };
        Error::usage(format!("{field}: `{value}` is not a {} id (like {example})", kind.noun()))
    })
}

/// Parses `A,B,C[,D]` score inputs into a flow mapping such as
/// `{reach: 800, impact: 2, confidence: 0.8, effort: 3}`.
pub fn score_block(field: &str, keys: &[&str], value: &str) -> Result<String> {
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

/// A scalar for a list element in flow style (`[a, "b, c"]`).
fn flow_item(value: &str) -> String {
    crate::store::edit::render_scalar(value, true)
}

/// The value of one element of a list field (ids are normalised).
fn element(field: &str, shape: Shape, value: &str, prefix: &str) -> Result<String> {
    match shape {
        Shape::Refs(kind) => reference(field, value, kind, prefix),
        _ => Ok(value.to_string()),
    }
}

/// The value to write for `field` (already canonical).
pub fn value(field: &str, raw: &str, config: &Config) -> Result<NewValue> {
    let prefix = config.id_prefix.as_str();
    let shape = shape(field, config)?;
    Ok(match shape {
        Shape::Text => NewValue::Str(raw.to_string()),
        Shape::Enum(values) => {
            let v = raw.trim().to_ascii_lowercase();
            if !values.contains(&v.as_str()) {
                return Err(Error::usage(format!("{field}: `{raw}` is not one of {}", join(values.iter().copied()))));
            }
            NewValue::Str(v)
        }
        Shape::Priority => {
            let v = raw.trim().to_ascii_lowercase();
            let values = config.priority_scheme.values();
            if !values.contains(&v.as_str()) {
                return Err(Error::usage(format!("priority: `{raw}` is not one of {}", join(values.iter().copied()))));
            }
            NewValue::Str(v)
        }
        Shape::Estimate => {
            let upper = raw.trim().to_ascii_uppercase();
            if TSHIRT.contains(&upper.as_str()) || config.tshirt_points.contains_key(&upper) {
                NewValue::Str(upper)
            } else {
                NewValue::Raw(number(field, raw)?)
            }
        }
        Shape::Ref(kind) => NewValue::Str(reference(field, raw, kind, prefix)?),
        Shape::Texts | Shape::Refs(_) => {
            let mut items = Vec::new();
            for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                items.push(flow_item(&element(field, shape, part, prefix)?));
            }
            NewValue::Raw(format!("[{}]", items.join(", ")))
        }
        Shape::Number => NewValue::Raw(number(field, raw)?),
        Shape::Date => NewValue::Raw(date(field, raw)?),
        Shape::Rank => {
            let v = raw.trim();
            if !rank::is_valid(v) {
                return Err(Error::usage(format!("rank: `{raw}` is not a rank key (0-9a-z, not ending in 0)"))
                    .with_hint("use `pm backlog rank ID --before OTHER` to place an item"));
            }
            NewValue::Str(v.to_string())
        }
        Shape::Score(keys) => NewValue::Raw(score_block(field, keys, raw)?),
        Shape::Custom(ty) => custom(field, ty, raw)?,
        Shape::Unknown => inferred(raw),
    })
}

fn date(field: &str, raw: &str) -> Result<String> {
    raw.trim().parse::<Date>().map(|d| d.to_string()).map_err(|e| Error::usage(format!("{field}: {e}")))
}

fn custom(field: &str, ty: FieldType, raw: &str) -> Result<NewValue> {
    Ok(match ty {
        FieldType::Number | FieldType::Integer => NewValue::Raw(number(field, raw)?),
        FieldType::Bool => match raw.trim() {
            "true" | "false" => NewValue::Raw(raw.trim().to_string()),
            _ => return Err(Error::usage(format!("{field}: `{raw}` is not true or false"))),
        },
        FieldType::Date => NewValue::Raw(date(field, raw)?),
        FieldType::List => {
            let items: Vec<String> = raw.split(',').map(str::trim).filter(|p| !p.is_empty()).map(flow_item).collect();
            NewValue::Raw(format!("[{}]", items.join(", ")))
        }
        FieldType::String | FieldType::Enum => NewValue::Str(raw.to_string()),
    })
}

/// For fields pm does not know: numbers and booleans keep their YAML type,
/// everything else is a string.
fn inferred(raw: &str) -> NewValue {
    match yaml_serde::from_str::<yaml_serde::Value>(raw) {
        Ok(yaml_serde::Value::Number(n)) if n.as_f64().is_some_and(f64::is_finite) => {
            NewValue::Raw(raw.trim().to_string())
        }
        Ok(yaml_serde::Value::Bool(_)) => NewValue::Raw(raw.trim().to_string()),
        _ => NewValue::Str(raw.to_string()),
    }
}

fn path(field: &str) -> Vec<String> {
    field.split('.').map(str::to_string).collect()
}

fn require_list(field: &str, config: &Config) -> Result<Shape> {
    let shape = shape(field, config)?;
    match shape {
        Shape::Texts | Shape::Refs(_) | Shape::Unknown | Shape::Custom(FieldType::List) => Ok(shape),
        _ => Err(Error::usage(format!("`{field}` is not a list"))
            .with_hint(format!("use --set {field}=VALUE or --unset {field}"))),
    }
}

/// The lossless edit for one requested change.
pub fn to_edit(op: &FieldOp, config: &Config) -> Result<Edit> {
    let prefix = config.id_prefix.as_str();
    Ok(match op {
        FieldOp::Set(field, raw) => {
            let field = canonical(field);
            Edit::Set { path: path(&field), value: value(&field, raw, config)? }
        }
        FieldOp::Unset(field) => {
            let field = canonical(field);
            match field.as_str() {
                "title" => return Err(Error::refused("title is required and cannot be unset")),
                _ => shape(&field, config)?,
            };
            Edit::Unset { path: path(&field) }
        }
        FieldOp::Add(field, raw) => {
            let field = canonical(field);
            let shape = require_list(&field, config)?;
            Edit::Append { path: path(&field), value: NewValue::Str(element(&field, shape, raw, prefix)?) }
        }
        FieldOp::Remove(field, raw) => {
            let field = canonical(field);
            let shape = require_list(&field, config)?;
            Edit::Remove { path: path(&field), value: element(&field, shape, raw, prefix)? }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(field: &str, value: &str) -> Result<Edit> {
        to_edit(&FieldOp::Set(field.into(), value.into()), &Config::default())
    }

    fn raw(s: &str) -> NewValue {
        NewValue::Raw(s.into())
    }

    #[test]
    fn renders_each_field_as_its_type() {
        let v = |f: &str, x: &str| match set(f, x).unwrap() {
            Edit::Set { value, .. } => value,
            other => panic!("{other:?}"),
        };
        assert_eq!(v("estimate", "5"), raw("5"));
        assert_eq!(v("estimate", "m"), NewValue::Str("M".into()));
        assert_eq!(v("priority", "P1"), NewValue::Str("p1".into()));
        assert_eq!(v("parent", "bl-7"), NewValue::Str("BL-7".into()));
        assert_eq!(v("labels", "a, b c,x:y"), raw("[a, b c, \"x:y\"]"));
        assert_eq!(v("blocked-by", "bl-1,BL-2"), raw("[BL-1, BL-2]"));
        assert_eq!(v("rice", "800,2,0.8,3"), raw("{reach: 800, impact: 2, confidence: 0.8, effort: 3}"));
        assert_eq!(v("rice.reach", "900"), raw("900"));
        assert_eq!(v("created", "2026-01-02"), raw("2026-01-02"));
        assert_eq!(v("story_points", "8"), raw("8"));
        assert_eq!(v("customer_quote", "yes"), NewValue::Str("yes".into()));
        assert_eq!(v("title", "42"), NewValue::Str("42".into()));
    }

    #[test]
    fn refuses_bad_values() {
        for (field, value) in [
            ("estimate", "big"),
            ("priority", "urgent"),
            ("parent", "XX-1"),
            ("rice", "1,2"),
            ("rice.speed", "1"),
            ("created", "2026-02-30"),
            ("type", "task"),
            ("rank", "A"),
            ("id", "BL-3"),
            ("status", "done"),
        ] {
            assert!(set(field, value).is_err(), "{field}={value}");
        }
        let add = FieldOp::Add("priority".into(), "p1".into());
        assert!(to_edit(&add, &Config::default()).is_err());
    }

    #[test]
    fn list_ops_use_the_canonical_field() {
        let add = to_edit(&FieldOp::Add("label".into(), "ux".into()), &Config::default()).unwrap();
        assert_eq!(add, Edit::Append { path: vec!["labels".into()], value: NewValue::Str("ux".into()) });
        let rm = to_edit(&FieldOp::Remove("blocked-by".into(), "bl-3".into()), &Config::default()).unwrap();
        assert_eq!(rm, Edit::Remove { path: vec!["blocked_by".into()], value: "BL-3".into() });
    }
}

/// The kind of value a field of the roadmap or product files holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spec {
    Text,
    Enum(&'static [&'static str]),
    Date,
    Cycle,
    /// A list of ids of one kind.
    Refs(Kind),
    /// A list of free-form strings.
    Texts,
}

/// The value to write for `field` of the given spec, checked.
pub fn spec_value(field: &str, spec: Spec, raw: &str) -> Result<NewValue> {
    Ok(match spec {
        Spec::Text => NewValue::Str(raw.to_string()),
        Spec::Enum(values) => {
            let v = raw.trim().to_ascii_lowercase().replace('-', "_");
            if !values.contains(&v.as_str()) {
                return Err(Error::usage(format!("{field}: `{raw}` is not one of {}", join(values.iter().copied()))));
            }
            NewValue::Str(v)
        }
        Spec::Date => NewValue::Raw(date(field, raw)?),
        Spec::Cycle => {
            let c: crate::model::Cycle = raw.trim().parse().map_err(|e| Error::usage(format!("{field}: {e}")))?;
            NewValue::Str(c.to_string())
        }
        Spec::Refs(_) => {
            let items = raw
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| spec_element(field, spec, p).map(|e| flow_item(&e)))
                .collect::<Result<Vec<_>>>()?;
            NewValue::Raw(format!("[{}]", items.join(", ")))
        }
        Spec::Texts => {
            let items: Vec<String> = raw.split(',').map(str::trim).filter(|p| !p.is_empty()).map(flow_item).collect();
            NewValue::Raw(format!("[{}]", items.join(", ")))
        }
    })
}

/// One element of a list field of the given spec, checked (ids upper-cased).
pub fn spec_element(field: &str, spec: Spec, raw: &str) -> Result<String> {
    match spec {
        Spec::Refs(kind) => reference(field, raw, kind, "BL"),
        Spec::Texts => Ok(raw.to_string()),
        _ => Err(Error::usage(format!("`{field}` is not a list")).with_hint(format!("use --set {field}=VALUE"))),
    }
}

/// The lossless edit for a change to a field of a record at `base` (a path to a mapping),
/// with the fields of that record described by `specs`.
pub fn record_edit(base: &[String], op: &FieldOp, specs: &[(&str, Spec)], fixed: &[&str]) -> Result<Edit> {
    let find = |field: &str| -> Result<(String, Spec)> {
        let field = field.trim().replace('-', "_");
        if fixed.contains(&field.as_str()) {
            return Err(Error::refused(format!("`{field}` cannot be changed this way")));
        }
        let spec = specs.iter().find(|(name, _)| *name == field).map(|(_, s)| *s).unwrap_or(Spec::Text);
        Ok((field, spec))
    };
    let at = |field: &str| -> Vec<String> {
        let mut p = base.to_vec();
        p.push(field.to_string());
        p
    };
    Ok(match op {
        FieldOp::Set(field, raw) => {
            let (field, spec) = find(field)?;
            Edit::Set { path: at(&field), value: spec_value(&field, spec, raw)? }
        }
        FieldOp::Unset(field) => {
            let (field, _) = find(field)?;
            if field == "title" || field == "name" {
                return Err(Error::refused(format!("{field} is required and cannot be unset")));
            }
            Edit::Unset { path: at(&field) }
        }
        FieldOp::Add(field, raw) => {
            let (field, spec) = find(field)?;
            Edit::Append { path: at(&field), value: NewValue::Str(spec_element(&field, spec, raw)?) }
        }
        FieldOp::Remove(field, raw) => {
            let (field, spec) = find(field)?;
            Edit::Remove { path: at(&field), value: spec_element(&field, spec, raw)? }
        }
    })
}
