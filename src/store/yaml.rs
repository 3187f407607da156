//! Parsing YAML text into JSON values, strictly: a key written twice and
//! numbers that JSON cannot hold (NaN, infinity) are errors rather than being
//! silently dropped, so that what pm validates is exactly what the file says.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::Position;

/// A YAML document that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub position: Option<Position>,
    /// The same key appears twice in one mapping.
    pub duplicate_key: bool,
}

const DUPLICATE: &str = "duplicate key";

/// Parses one YAML document. An empty document is `null`.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    match yaml_serde::from_str::<Strict>(text) {
        Ok(Strict(value)) => Ok(value),
        Err(e) => {
            let text = e.to_string();
            // yaml_serde writes " at line L column C" after the problem; the position is kept
            // separately, but any context that follows ("while parsing a flow sequence at ...") stays.
            let message = match text.find(" at line ") {
                Some(i) => {
                    let rest = &text[i + " at line ".len()..];
                    let after = rest.find(", ").map_or("", |j| &rest[j..]);
                    format!("{}{after}", &text[..i])
                }
                None => text,
            };
            Err(YamlError {
                duplicate_key: message.contains(DUPLICATE),
                position: e.location().map(|l| Position { line: l.line(), column: l.column() }),
                message,
            })
        }
    }
}

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("{v} is not a number pm can use (NaN and infinity are not allowed)")))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(Strict(key)) = map.next_key()? {
            let key = match key {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => "null".to_string(),
                _ => return Err(de::Error::custom("a mapping key must be a plain value, not a list or mapping")),
            };
            let Strict(value) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("{DUPLICATE} `{key}`")));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents() {
        assert_eq!(parse("a: 1\nb: [x, 2.5]\nc:\n").unwrap(), serde_json::json!({"a": 1, "b": ["x", 2.5], "c": null}));
        assert_eq!(parse("").unwrap(), Value::Null);
        assert_eq!(parse("# only a comment\n").unwrap(), Value::Null);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse("a: 1\nb:\n  c: 1\n  c: 2\n").unwrap_err();
        assert!(e.duplicate_key, "{}", e.message);
        assert!(e.message.contains("duplicate key `c`"), "{}", e.message);
    }

    #[test]
    fn non_finite_numbers_are_errors() {
        assert!(parse("a: .nan\n").is_err());
        assert!(parse("a: -.inf\n").is_err());
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("a: [1\n").unwrap_err();
        assert_eq!(e.position, Some(Position { line: 2, column: 1 }));
        assert!(!e.duplicate_key);
    }
}
