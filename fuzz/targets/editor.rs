//! Random edits of random documents must round-trip: when the editor accepts
//! an edit, the result parses, the edited value reads back, and every other
//! value of the document is unchanged.
//!
//! Input layout: `document \0 kind path \x01 value`, where kind is one byte
//! (even: set a string, odd: remove) and path is `.`-separated (a number
//! indexes a list).
use pm::fuzzing::{Edit, NewValue, apply};
use pm::fuzzing::yaml;
use serde_json::Value;

/// The value at `path`, or None.
fn get<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, seg| match v {
        Value::Object(m) => m.get(seg),
        Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

/// `v` without the entry at `path`.
fn without(mut v: Value, path: &[String]) -> Value {
    let Some((last, parents)) = path.split_last() else { return Value::Null };
    let mut at = &mut v;
    for seg in parents {
        at = match at {
            Value::Object(m) => match m.get_mut(seg) {
                Some(next) => next,
                None => return v,
            },
            Value::Array(a) => match seg.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                Some(next) => next,
                None => return v,
            },
            _ => return v,
        };
    }
    match at {
        Value::Object(m) => {
            m.remove(last);
        }
        Value::Array(a) => {
            if let Some(i) = last.parse::<usize>().ok().filter(|i| *i < a.len()) {
                a.remove(i);
            }
        }
        _ => {}
    }
    v
}

fn one(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let Some((doc, spec)) = input.split_once('\0') else { return };
    let Some((head, value)) = spec.split_once('\u{1}') else { return };
    let mut chars = head.chars();
    let Some(kind) = chars.next() else { return };
    let path: Vec<String> = chars.as_str().split('.').map(str::to_string).collect();
    if path.iter().any(String::is_empty) {
        return;
    }
    let Ok(before) = yaml::parse(doc) else {
        let _ = apply(doc, &[Edit::Unset { path }]);
        return;
    };
    let set = (kind as u32) % 2 == 0;
    let edit = if set {
        Edit::Set { path: path.clone(), value: NewValue::Str(value.to_string()) }
    } else {
        Edit::Unset { path: path.clone() }
    };
    let Ok(out) = apply(doc, &[edit]) else { return };
    let after = yaml::parse(&out).unwrap_or_else(|e| panic!("edited document does not parse: {e:?}\n{out}"));
    if set {
        assert_eq!(get(&after, &path), Some(&Value::String(value.to_string())), "value does not read back\n{out}");
    } else if !get(&before, &path[..path.len() - 1]).is_some_and(Value::is_array) {
        // (A removed list element's index is taken by the next one.)
        assert_eq!(get(&after, &path), None, "removed entry still there\n{out}");
    }
    // Everything else is as it was.
    if !set {
        assert_eq!(without(before, &path), after, "other values changed\n{out}");
    } else if get(&before, &path).is_some() {
        assert_eq!(without(before, &path), without(after, &path), "other values changed\n{out}");
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| one(data));
}
