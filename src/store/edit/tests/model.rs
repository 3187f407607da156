use super::*;

// ----- property-style checks against an independent model ----------------------------------

/// What the edit should do to the parsed document, computed directly on `Value`s.
fn model(value: &Value, edit: &Edit) -> Result<Value, &'static str> {
    fn key(s: &str) -> Value {
        Value::String(s.to_owned())
    }
    fn new_value(v: &NewValue) -> Value {
        match v {
            NewValue::Str(s) => Value::String(s.clone()),
            NewValue::Raw(r) => yaml_serde::from_str(r).expect("test raw values parse"),
            NewValue::Map(entries) => Value::Mapping(entries.iter().map(|(k, v)| (key(k), new_value(v))).collect()),
            NewValue::Seq(items) => Value::Sequence(items.iter().map(new_value).collect()),
        }
    }
    fn scalar_text(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    /// A segment used on a list must be an index (the top level says so differently).
    fn index(seg: &str, depth: usize) -> Result<usize, &'static str> {
        if seg.is_empty() || !seg.bytes().all(|b| b.is_ascii_digit()) {
            return Err(if depth == 0 { "Unsupported" } else { "NotAMapping" });
        }
        Ok(seg.parse().unwrap_or(usize::MAX))
    }
    /// The value at `seg` below `cur` (a key created as null when `create`).
    fn child<'v>(
        cur: &'v mut Value,
        seg: &str,
        depth: usize,
        create: bool,
    ) -> Result<Option<&'v mut Value>, &'static str> {
        match cur {
            Value::Mapping(map) => {
                Ok(if create { Some(map.entry(key(seg)).or_insert(Value::Null)) } else { map.get_mut(key(seg)) })
            }
            Value::Sequence(seq) => seq.get_mut(index(seg, depth)?).map(Some).ok_or("NoElement"),
            _ => Err("NotAMapping"),
        }
    }
    /// The collection holding the last path segment; `create` makes missing or null parents.
    fn parent<'v>(
        mut cur: &'v mut Value,
        path: &[String],
        create: bool,
    ) -> Result<Option<&'v mut Value>, &'static str> {
        for (depth, seg) in path[..path.len() - 1].iter().enumerate() {
            let Some(next) = child(cur, seg, depth, create)? else {
                return Ok(None);
            };
            if next.is_null() {
                if !create {
                    return Ok(None);
                }
                *next = Value::Mapping(Mapping::new());
            }
            cur = next;
        }
        if cur.is_mapping() || cur.is_sequence() { Ok(Some(cur)) } else { Err("NotAMapping") }
    }
    /// The list an `Append` or `Remove` works on (`None`: missing).
    fn list<'v>(out: &'v mut Value, path: &[String], create: bool) -> Result<Option<&'v mut Value>, &'static str> {
        if path.is_empty() {
            return if out.is_sequence() { Ok(Some(out)) } else { Err("Unsupported") };
        }
        let Some(parent) = parent(out, path, create)? else {
            return Ok(None);
        };
        child(parent, path.last().unwrap(), path.len() - 1, create)
    }

    let mut out = value.clone();
    match edit {
        Edit::Set { path, .. } | Edit::Unset { path } if path.is_empty() => return Err("Unsupported"),
        Edit::Set { path, value } => {
            let parent = parent(&mut out, path, true)?.ok_or("unreachable")?;
            *child(parent, path.last().unwrap(), path.len() - 1, true)?.ok_or("unreachable")? = new_value(value);
        }
        Edit::Unset { path } => match parent(&mut out, path, false)? {
            Some(Value::Mapping(map)) => {
                map.shift_remove(key(path.last().unwrap()));
            }
            Some(Value::Sequence(seq)) => {
                let i = index(path.last().unwrap(), path.len() - 1)?;
                if i >= seq.len() {
                    return Err("NoElement");
                }
                seq.remove(i);
            }
            _ => {}
        },
        Edit::Append { path, value } => {
            let slot = list(&mut out, path, true)?.ok_or("unreachable")?;
            if slot.is_null() {
                *slot = Value::Sequence(Vec::new());
            }
            slot.as_sequence_mut().ok_or("NotASequence")?.push(new_value(value));
        }
        Edit::Remove { path, value } => {
            let slot = list(&mut out, path, false)?.ok_or("NotFound")?;
            if slot.is_null() {
                return Err("NotFound");
            }
            let seq = slot.as_sequence_mut().ok_or("NotASequence")?;
            let before = seq.len();
            seq.retain(|v| scalar_text(v).as_deref() != Some(value.as_str()));
            if seq.len() == before {
                return Err("NotFound");
            }
        }
    }
    Ok(out)
}

fn kind(e: &EditError) -> &'static str {
    match e {
        EditError::Parse(_) => "Parse",
        EditError::NotAMapping { .. } => "NotAMapping",
        EditError::NotASequence { .. } => "NotASequence",
        EditError::NotFound { .. } => "NotFound",
        EditError::NoElement { .. } => "NoElement",
        EditError::Unsupported { .. } => "Unsupported",
        EditError::Verify { .. } => "Verify",
    }
}

pub(super) const MIXED: &str = "\
# yaml-language-server: $schema=./item.schema.json
id: BL-7
labels:
- ux
- 'checkout'   # quoted
# dependencies come next
blocked_by: [
  BL-9,
  BL-10,
]
notes:
owner: ~
rice:
  reach: 800
  impact: 2

# scoring above, prose below
description: >-
  Folded
  text.
tags: []
";

fn files() -> Vec<String> {
    vec![
        STORY.to_owned(),
        STORY.replace('\n', "\r\n"),
        STORY.trim_end().to_owned(),
        MIXED.to_owned(),
        MIXED.trim_end().replace('\n', "\r\n"),
        "id: BL-1".to_owned(),
    ]
}

pub(super) fn sample_edits() -> Vec<Edit> {
    let paths = [
        "id",
        "status",
        "title",
        "labels",
        "blocked_by",
        "rice",
        "rice.reach",
        "rice.new",
        "wsjf.job_size",
        "wsjf.new",
        "description",
        "customer_quote",
        "created",
        "notes",
        "owner",
        "tags",
        "missing",
        "missing.deep",
        "a.b.c",
        "notes.sub",
        "labels.x",
    ];
    let values = [
        NewValue::Str("x".to_owned()),
        NewValue::Str("needs: quote # here".to_owned()),
        NewValue::Str("multi\nline\n".to_owned()),
        NewValue::Str(String::new()),
        NewValue::Str("yes".to_owned()),
        NewValue::Str("Ünïcode ✓".to_owned()),
        NewValue::Str("it's".to_owned()),
        NewValue::Raw("42".to_owned()),
        NewValue::Raw("[1, two]".to_owned()),
        NewValue::Raw("{a: 1}".to_owned()),
    ];
    let mut edits = Vec::new();
    for p in paths {
        edits.push(unset(p));
        for v in &values {
            edits.push(set(p, v.clone()));
            edits.push(Edit::Append { path: path(p), value: v.clone() });
        }
        for r in ["checkout", "BL-9", "BL-10", "ux", "x", "42", "nope"] {
            edits.push(remove(p, r));
        }
    }
    edits
}

fn full_line_comments(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| l.starts_with('#')).collect()
}

/// Whether `edit` sets or unsets a non-empty mapping or list as a whole.
fn replaces_collection(before: &Value, edit: &Edit) -> bool {
    let (Edit::Set { path, .. } | Edit::Unset { path }) = edit else {
        return false;
    };
    let mut value = before;
    for seg in path {
        let next = match value {
            Value::Mapping(map) => map.get(Value::String(seg.clone())),
            Value::Sequence(seq) => seg.parse::<usize>().ok().and_then(|i| seq.get(i)),
            _ => None,
        };
        let Some(next) = next else {
            return false;
        };
        value = next;
    }
    match value {
        Value::Mapping(map) => !map.is_empty(),
        Value::Sequence(seq) => !seq.is_empty(),
        _ => false,
    }
}

/// Check one edit against the model; returns the new text when both succeeded.
fn check(text: &str, edit: &Edit) -> Option<String> {
    let before: Value = yaml_serde::from_str(text).unwrap();
    let expected = model(&before, edit);
    match (apply(text, std::slice::from_ref(edit)), expected) {
        (Ok(out), Ok(expected)) => {
            let after: Value = yaml_serde::from_str(&out)
                .unwrap_or_else(|e| panic!("{edit:?} on\n{text}\ngave invalid YAML ({e}):\n{out}"));
            assert_eq!(after, expected, "{edit:?} on\n{text}\ngave\n{out}");
            // Replacing or removing a whole block collection takes the comments inside it along.
            if !replaces_collection(&before, edit) {
                for comment in full_line_comments(text) {
                    assert!(out.contains(comment), "{edit:?} lost `{comment}`:\n{out}");
                }
            }
            assert_eq!(text.contains("\r\n"), out.contains("\r\n"), "line endings changed by {edit:?}");
            if text.contains("\r\n") {
                assert!(!out.replace("\r\n", "").contains('\n'), "mixed endings: {out:?}");
            }
            assert_eq!(text.ends_with('\n'), out.ends_with('\n'), "{edit:?}: final newline");
            Some(out)
        }
        (Err(e), Err(model_kind)) => {
            assert_eq!(kind(&e), model_kind, "{edit:?} on\n{text}");
            None
        }
        (got, want) => panic!("{edit:?} on\n{text}\ngot {got:?}, model says {want:?}"),
    }
}

/// Checks every edit on every file against the model; returns how many were checked.
fn check_every(files: &[String], edits: &[Edit]) -> usize {
    let mut checked = 0;
    for text in files {
        for edit in edits {
            check(text, edit);
            checked += 1;
        }
    }
    checked
}

/// Checks `chains` chains of `length` edits on each file, each edit picked from `edits` by a
/// fixed pseudo-random sequence from `seed`; returns how many edits succeeded.
fn check_chains(files: &[String], edits: &[Edit], seed: u64, chains: usize, length: usize) -> usize {
    let mut next = pseudo_random(seed);
    let mut succeeded = 0;
    for text in files {
        for _ in 0..chains {
            let mut current = text.clone();
            for _ in 0..length {
                let edit = &edits[next(edits.len())];
                if let Some(out) = check(&current, edit) {
                    current = out;
                    succeeded += 1;
                }
            }
        }
    }
    succeeded
}

#[test]
fn property_every_single_edit_matches_the_model() {
    assert!(check_every(&files(), &sample_edits()) > 3000);
}

#[test]
fn property_random_edit_chains_match_the_model() {
    check_chains(&files(), &sample_edits(), 0x5eed_1234_abcd_0001, 60, 8);
}

// ----- the same checks on lists of mappings: index paths and mapping values ---------------

fn product_files() -> Vec<String> {
    vec![
        ROADMAP.to_owned(),
        ROADMAP.replace('\n', "\r\n"),
        ROADMAP.trim_end().to_owned(),
        OKRS.to_owned(),
        OKRS.trim_end().replace('\n', "\r\n"),
        "- a\n- b".to_owned(),
    ]
}

pub(super) fn product_edits() -> Vec<Edit> {
    let paths = [
        "",
        "0",
        "1",
        "2",
        "id",
        "0.id",
        "0.owner",
        "0.key_results",
        "0.key_results.0",
        "0.key_results.0.id",
        "0.key_results.1.current",
        "0.key_results.0.check_ins",
        "0.key_results.0.check_ins.1",
        "0.key_results.0.check_ins.0.value",
        "0.key_results.1.check_ins",
        "1.key_results.0.check_ins",
        "1.key_results.0",
        "1.key_results.x",
        "1.new.deep",
        "themes",
        "themes.0",
        "themes.2",
        "themes.5",
        "initiatives",
        "initiatives.0",
        "initiatives.1",
        "initiatives.2",
        "initiatives.3",
        "initiatives.0.id",
        "initiatives.1.id",
        "initiatives.0.title",
        "initiatives.0.milestones",
        "initiatives.0.milestones.0",
        "initiatives.1.objectives",
        "initiatives.1.objectives.0",
        "initiatives.2.blocked_by",
        "initiatives.2.blocked_by.1",
        "initiatives.1.rice",
        "initiatives.x",
        "milestones",
        "milestones.0",
        "milestones.1",
        "milestones.0.status",
        "milestones.1.status",
        "milestones.0.id",
        "missing",
        "missing.0",
    ];
    let values = [
        NewValue::Str("x".to_owned()),
        NewValue::Str("needs: quote # here".to_owned()),
        NewValue::Str("multi\nline\n".to_owned()),
        NewValue::Raw("42".to_owned()),
        NewValue::Raw("[1, two]".to_owned()),
        NewValue::Raw("{a: 1}".to_owned()),
        map(&[("id", string("N-1")), ("title", string("a: b")), ("tags", raw("[a, b]"))]),
        map(&[("rice", map(&[("reach", raw("800")), ("note", string("it's"))])), ("ok", raw("true"))]),
        NewValue::Map(Vec::new()),
    ];
    let mut edits = Vec::new();
    for p in paths {
        let p = if p.is_empty() { Vec::new() } else { path(p) };
        edits.push(Edit::Unset { path: p.clone() });
        for v in &values {
            edits.push(Edit::Set { path: p.clone(), value: v.clone() });
            edits.push(Edit::Append { path: p.clone(), value: v.clone() });
        }
        for r in ["conversion", "RM-1", "OBJ-1", "a", "x", "42"] {
            edits.push(Edit::Remove { path: p.clone(), value: r.to_owned() });
        }
    }
    edits
}

#[test]
fn property_index_paths_and_maps_match_the_model() {
    assert!(check_every(&product_files(), &product_edits()) > 5000);
}

#[test]
fn property_random_edit_chains_on_lists_of_mappings_match_the_model() {
    let succeeded = check_chains(&product_files(), &product_edits(), 0x0c0f_fee0_2027_0001, 80, 10);
    assert!(succeeded > 1000, "{succeeded}");
}
