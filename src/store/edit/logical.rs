//! The logical model: the same edit applied to the parsed value. [`super::apply`] compares the
//! re-parsed new text with this value, so an edit that changed anything else is refused.

use yaml_serde::{Mapping, Value};

use super::render::check_raw;
use super::{EditError, NewValue, unsupported};

/// One step of a path in the parsed value: an existing mapping entry by position (positions
/// match the text because the parser keeps mapping order), a list element by index, or a key to
/// create.
#[derive(Debug, Clone)]
pub(super) enum Step {
    Entry(usize),
    Element(usize),
    New(String),
}

pub(super) fn logical_slot<'v>(root: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    let mut current = root;
    for step in steps {
        current = match step {
            Step::Entry(i) => current.as_mapping_mut()?.iter_mut().nth(*i).map(|(_, v)| v)?,
            Step::Element(i) => current.as_sequence_mut()?.get_mut(*i)?,
            Step::New(key) => {
                if current.is_null() {
                    *current = Value::Mapping(Mapping::new());
                }
                current.as_mapping_mut()?.entry(Value::String(key.clone())).or_insert(Value::Null)
            }
        };
    }
    Some(current)
}

pub(super) fn logical_value(value: &NewValue, dotted: &str) -> Result<Value, EditError> {
    match value {
        NewValue::Str(s) => Ok(Value::String(s.clone())),
        NewValue::Raw(raw) => check_raw(raw, dotted).map(|(_, v)| v),
        NewValue::Map(entries) => {
            let mut map = Mapping::new();
            for (key, value) in entries {
                let value = logical_value(value, dotted)?;
                if map.insert(Value::String(key.clone()), value).is_some() {
                    return Err(unsupported(dotted, format!("the new mapping has the key `{key}` twice")));
                }
            }
            Ok(Value::Mapping(map))
        }
        NewValue::Seq(items) => {
            Ok(Value::Sequence(items.iter().map(|v| logical_value(v, dotted)).collect::<Result<_, _>>()?))
        }
    }
}
