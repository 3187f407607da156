//! Parsing YAML text into JSON values, strictly: a key written twice and
//! numbers that JSON cannot hold (NaN, infinity, integers beyond 64 bits) are
//! errors rather than being silently dropped, so that what pm validates is
//! exactly what the file says. Nesting is bounded by a depth limit, and
//! aliases may not blow a small file up into a huge document ("billion laughs").

use std::fmt;

use saphyr_parser::Event;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::spans::{Events, Spanned, line_column};
use crate::error::Position;
use crate::model::config::MAX_DEPTH_CEILING;

/// How many nodes aliases may add to one document when they are expanded.
/// Product files rarely use aliases at all; a few hundred nodes of shared
/// defaults fit easily, an exponential "billion laughs" does not.
pub const ALIAS_BUDGET: u64 = 10_000;

/// A YAML document that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub position: Option<Position>,
    /// The same key appears twice in one mapping.
    pub duplicate_key: bool,
    /// The document is nested too deeply or expands too many aliases.
    pub limit: bool,
}

const DUPLICATE: &str = "duplicate key";
const TOO_DEEP: &str = "nested deeper than";

/// Parses one YAML document, nested at most as deeply as the YAML reader
/// allows. An empty document is `null`.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    parse_limited(text, MAX_DEPTH_CEILING)
}

/// Parses one YAML document whose mappings and lists nest at most
/// `max_depth` levels (the top-level mapping is level 1).
pub fn parse_limited(text: &str, max_depth: u32) -> Result<Value, YamlError> {
    // Aliases are rare in product files; only then is the extra pass needed.
    if text.contains('*') {
        check_aliases(text)?;
    }
    let max_depth = max_depth.min(MAX_DEPTH_CEILING);
    let de = yaml_serde::Deserializer::from_str(text);
    let result = Seed { depth: 0, max_depth }.deserialize(de);
    match result {
        Ok(value) => Ok(value),
        Err(e) => {
            let location = e.location();
            // yaml_serde writes the position after the problem (" at line L column C"); it is kept
            // separately, but any context that follows ("while parsing a flow sequence at ...") stays.
            let shown = e.to_string();
            let at = location.as_ref().map(|l| format!(" at line {} column {}", l.line(), l.column()));
            let message = match at.as_deref().and_then(|at| shown.find(at).map(|i| (i, at.len()))) {
                Some((i, len)) => format!("{}{}", &shown[..i], &shown[i + len..]),
                None => shown,
            };
            // The path to a node 64 levels down says nothing the position does not.
            let message = match message.find(TOO_DEEP) {
                Some(i) => message[i..].to_string(),
                None => message,
            };
            // The reader's own guards, should they ever trigger before ours.
            let limit = message.contains(TOO_DEEP)
                || message.starts_with("recursion limit exceeded")
                || message.starts_with("repetition limit exceeded");
            let mut position = location.map(|l| Position { line: l.line(), column: l.column() });
            let message = match byte_offset_in_message(&message) {
                Some((head, offset)) if offset <= text.len() => {
                    let (line, column) = line_column(text, offset);
                    position = Some(Position { line, column });
                    head.to_string()
                }
                _ => message,
            };
            Err(YamlError { duplicate_key: message.contains(DUPLICATE), position, message, limit })
        }
    }
}

/// The reader reports some problems (a NUL byte) by byte offset only, as a message ending in
/// " at position N". yaml_serde keeps that offset in a private field of its error and gives it
/// only in the message (its `location()` is then line 1, column 1), so this is the one place
/// that reads a position from the text: the message without it, and the offset.
fn byte_offset_in_message(message: &str) -> Option<(&str, usize)> {
    let (head, offset) = message.rsplit_once(" at position ")?;
    Some((head, offset.parse().ok()?))
}

/// Refuses documents whose aliases, expanded, would add more than
/// [`ALIAS_BUDGET`] nodes. One pass over the parser's events, counting the
/// nodes below each anchor; nothing is expanded.
fn check_aliases(text: &str) -> Result<(), YamlError> {
    let mut sizes: std::collections::HashMap<usize, u64> = std::collections::HashMap::new();
    // Open collections: their anchor and the node count when they started.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let (mut nodes, mut added) = (0u64, 0u64);
    // A syntax error ends the pass; the real parse reports it.
    for Spanned { event, span, .. } in Events::new(text) {
        match event {
            Event::Scalar(_, _, anchor, _) => {
                nodes += 1;
                if anchor != 0 {
                    sizes.insert(anchor, 1);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, nodes));
                nodes += 1;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = open.pop()
                    && anchor != 0
                {
                    sizes.insert(anchor, nodes - start);
                }
            }
            Event::Alias(anchor) => {
                let size = sizes.get(&anchor).copied().unwrap_or(1);
                nodes = nodes.saturating_add(size);
                added = added.saturating_add(size);
                if added > ALIAS_BUDGET {
                    return Err(YamlError {
                        message: format!(
                            "aliases expand to more than {ALIAS_BUDGET} values; pm does not read documents that large"
                        ),
                        position: Some(Position { line: span.start.line(), column: span.start.col() + 1 }),
                        duplicate_key: false,
                        limit: true,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Reads one node `depth` levels down.
#[derive(Clone, Copy)]
struct Seed {
    depth: u32,
    max_depth: u32,
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor { depth: self.depth, max_depth: self.max_depth })
    }
}

struct StrictVisitor {
    /// Collections above this node.
    depth: u32,
    max_depth: u32,
}

impl StrictVisitor {
    /// The seed for a child of a collection at this visitor's level.
    fn child<E: de::Error>(&self) -> Result<Seed, E> {
        let depth = self.depth + 1;
        if depth > self.max_depth {
            return Err(E::custom(format!(
                "{TOO_DEEP} {} levels; pm reads at most `limits.max_depth` levels",
                self.max_depth
            )));
        }
        Ok(Seed { depth, max_depth: self.max_depth })
    }
}

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

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(Value::Number(v.into())),
            Err(_) => Err(E::custom(format!("{v} is too large a number for pm (whole numbers fit in 64 bits)"))),
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        match u64::try_from(v) {
            Ok(v) => Ok(Value::Number(v.into())),
            Err(_) => Err(E::custom(format!("{v} is too large a number for pm (whole numbers fit in 64 bits)"))),
        }
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
        Seed { depth: self.depth, max_depth: self.max_depth }.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let child = self.child()?;
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element_seed(child)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let child = self.child()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(child)? {
            let key = match key {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => "null".to_string(),
                _ => return Err(de::Error::custom("a mapping key must be a plain value, not a list or mapping")),
            };
            let value = map.next_value_seed(child)?;
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
    fn nesting_is_bounded() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse_limited(&nested(3), 3).is_ok());
        let e = parse_limited(&nested(4), 3).unwrap_err();
        assert!(e.limit && !e.duplicate_key, "{e:?}");
        assert_eq!(e.message, "nested deeper than 3 levels; pm reads at most `limits.max_depth` levels");
        assert!(e.position.is_some(), "{e:?}");
        // Far beyond any limit: an error, not a stack overflow.
        assert!(parse(&nested(10_000)).unwrap_err().limit);
        let block: String = (0..200).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert!(parse_limited(&block, 64).unwrap_err().limit);
    }

    #[test]
    fn alias_bombs_are_refused_before_expansion() {
        let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (name, prev) in
            ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            text.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
        }
        let e = parse(&text).unwrap_err();
        assert!(e.limit, "{e:?}");
        assert_eq!(e.message, "aliases expand to more than 10000 values; pm does not read documents that large");
        assert_eq!(e.position.map(|p| p.line), Some(5));
        // Modest sharing is fine.
        assert_eq!(
            parse("d: &d {x: 1}\na: *d\nb: *d\n").unwrap(),
            serde_json::json!({"d": {"x": 1}, "a": {"x": 1}, "b": {"x": 1}})
        );
    }

    #[test]
    fn integers_beyond_64_bits_are_errors() {
        let e = parse("a: 123456789012345678901234567890\n").unwrap_err();
        assert_eq!(
            e.message,
            "a: 123456789012345678901234567890 is too large a number for pm (whole numbers fit in 64 bits)"
        );
        let e = parse("a: -123456789012345678901234567890\n").unwrap_err();
        assert!(e.message.starts_with("a: -123456789012345678901234567890 is too large"), "{}", e.message);
        assert_eq!(parse("a: 18446744073709551615\n").unwrap(), serde_json::json!({"a": 18446744073709551615u64}));
    }

    #[test]
    fn control_characters_are_placed() {
        let e = parse("id: BL-10\ntitle: a\u{0}b\n").unwrap_err();
        assert_eq!(e.message, "control characters are not allowed");
        assert_eq!(e.position, Some(Position { line: 2, column: 9 }));
    }

    #[test]
    fn byte_offsets_are_read_from_the_end_of_the_message() {
        assert_eq!(
            byte_offset_in_message("control characters are not allowed at position 17"),
            Some(("control characters are not allowed", 17))
        );
        assert_eq!(byte_offset_in_message("did not find expected key at position 3, while parsing"), None);
        assert_eq!(byte_offset_in_message("duplicate key `a`"), None);
    }

    #[test]
    fn positions_come_from_the_error_not_from_text_in_the_message() {
        // A key that reads like a position stays in the message whole.
        let e = parse("\"x at line 9 column 9\": 1\n\"x at line 9 column 9\": 2\n").unwrap_err();
        assert_eq!(e.message, "duplicate key `x at line 9 column 9`");
        assert!(e.position.is_some(), "{e:?}");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("a: [1\n").unwrap_err();
        assert_eq!(e.position, Some(Position { line: 2, column: 1 }));
        assert!(!e.duplicate_key);
    }
}
