use super::*;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use std::ops::Range;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
}

/// A line that is not a key: a full-line comment or a blank line.
#[derive(Debug, Clone)]
enum Extra {
    Comment(String),
    Blank,
}

/// The value of one top-level key, as text the generator controls.
#[derive(Debug, Clone)]
enum Part {
    /// `key: <scalar>   # comment`
    Scalar { value: String, comment: Option<String> },
    /// `key: |` and its lines.
    Literal(Vec<String>),
    /// `key:` and indented children, with full-line comments between children; or
    /// `key: {a: 1, b: x}`.
    Nested { flow: bool, children: Vec<(String, Option<String>)> },
    /// `key: [a, b]`
    FlowList(Vec<String>),
    /// `key:` and `  - item   # comment` lines.
    BlockList(Vec<(String, Option<String>)>),
}

#[derive(Debug, Clone)]
struct Gen {
    entries: Vec<(Vec<Extra>, Part)>,
    trailing: Vec<Extra>,
    final_newline: bool,
}

/// A generated document: its text, and which lines hold each key's entry.
#[derive(Debug)]
struct Doc {
    text: String,
    lines: Vec<String>,
    /// Every key path with the lines of its entry (a flow mapping child: the parent's line).
    spans: Vec<(Vec<String>, Range<usize>)>,
    /// Nested mappings: parent key, header line, flow or not, number of children.
    nested: Vec<(String, usize, bool, usize)>,
    top_keys: usize,
}

fn comment_text() -> impl Strategy<Value = String> + Clone {
    "[ -~]{0,20}".prop_map(|c| format!("# {c}"))
}

fn extra() -> impl Strategy<Value = Extra> {
    prop_oneof![comment_text().prop_map(Extra::Comment), Just(Extra::Blank)]
}

/// A scalar as written in a block or flow context (no plain `,[]{}#:` in it).
fn scalar_text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => "[a-z][a-z0-9 ]{0,10}[a-z0-9]",
        1 => "[0-9]{1,4}",
        1 => "\"[ -~&&[^\"\\\\]]{0,12}\"",
        1 => "'[ -~&&[^']]{0,12}'",
        1 => select(vec!["~", "true", "null", "2025-07-01", "0.8", "\"007\"", "'a: b # c'", "\"\\u00e9\\n\"", "é ü 日本"])
            .prop_map(str::to_owned),
    ]
}

fn part() -> impl Strategy<Value = Part> {
    let trailing = proptest::option::of(comment_text());
    prop_oneof![
        4 => (prop_oneof![4 => scalar_text(), 1 => Just(String::new())], trailing.clone())
            .prop_map(|(value, comment)| Part::Scalar { value, comment }),
        1 => proptest::collection::vec("[a-z][ -~]{0,15}", 1..4).prop_map(Part::Literal),
        1 => (any::<bool>(), proptest::collection::vec((scalar_text(), proptest::option::of(comment_text())), 1..4))
            .prop_map(|(flow, children)| Part::Nested { flow, children }),
        1 => proptest::collection::vec(scalar_text(), 0..4).prop_map(Part::FlowList),
        1 => proptest::collection::vec((scalar_text(), trailing), 1..4).prop_map(Part::BlockList),
    ]
}

fn gen_doc() -> impl Strategy<Value = Gen> {
    (
        proptest::collection::vec((proptest::collection::vec(extra(), 0..2), part()), 1..7),
        proptest::collection::vec(extra(), 0..2),
        any::<bool>(),
    )
        .prop_map(|(entries, trailing, final_newline)| Gen { entries, trailing, final_newline })
}

fn key_name(i: usize) -> String {
    const NAMES: [&str; 7] = ["id", "title", "status", "rice", "labels", "owner", "notes"];
    format!("{}_{i}", NAMES[i % NAMES.len()])
}

fn child_name(i: usize) -> String {
    format!("c{i}")
}

fn render(g: &Gen) -> Doc {
    let mut lines: Vec<String> = Vec::new();
    let mut spans = Vec::new();
    let mut nested = Vec::new();
    let extras = |lines: &mut Vec<String>, extras: &[Extra], indent: &str| {
        for e in extras {
            lines.push(match e {
                Extra::Comment(c) => format!("{indent}{c}"),
                Extra::Blank => String::new(),
            });
        }
    };
    let with_comment = |line: String, comment: &Option<String>| match comment {
        Some(c) => format!("{line}   {c}"),
        None => line,
    };
    for (i, (before, part)) in g.entries.iter().enumerate() {
        extras(&mut lines, before, "");
        let key = key_name(i);
        let start = lines.len();
        match part {
            Part::Scalar { value, comment } => {
                let line = if value.is_empty() { format!("{key}:") } else { format!("{key}: {value}") };
                lines.push(with_comment(line, comment));
            }
            Part::Literal(body) => {
                lines.push(format!("{key}: |"));
                lines.extend(body.iter().map(|l| format!("  {l}")));
            }
            Part::Nested { flow: true, children } => {
                let inner: Vec<String> =
                    children.iter().enumerate().map(|(j, (v, _))| format!("{}: {v}", child_name(j))).collect();
                lines.push(format!("{key}: {{{}}}", inner.join(", ")));
                for j in 0..children.len() {
                    spans.push((vec![key.clone(), child_name(j)], start..start + 1));
                }
                nested.push((key.clone(), start, true, children.len()));
            }
            Part::Nested { flow: false, children } => {
                lines.push(format!("{key}:"));
                for (j, (v, comment_before)) in children.iter().enumerate() {
                    if j > 0
                        && let Some(c) = comment_before
                    {
                        lines.push(format!("  {c}"));
                    }
                    spans.push((vec![key.clone(), child_name(j)], lines.len()..lines.len() + 1));
                    lines.push(format!("  {}: {v}", child_name(j)));
                }
                nested.push((key.clone(), start, false, children.len()));
            }
            Part::FlowList(items) => lines.push(format!("{key}: [{}]", items.join(", "))),
            Part::BlockList(items) => {
                lines.push(format!("{key}:"));
                for (v, comment) in items {
                    lines.push(with_comment(format!("  - {v}"), comment));
                }
            }
        }
        spans.push((vec![key], start..lines.len()));
    }
    extras(&mut lines, &g.trailing, "");
    let mut text = lines.join("\n");
    if g.final_newline {
        text.push('\n');
    }
    Doc { lines: lines_of(&text), text, spans, nested, top_keys: g.entries.len() }
}

fn lines_of(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_owned).collect()
}

fn parse(text: &str) -> Value {
    yaml_serde::from_str(text).unwrap_or_else(|e| panic!("does not parse ({e}):\n{text}"))
}

fn get<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, seg| v.as_mapping()?.get(Value::String(seg.clone())))
}

fn mapping_at<'v>(value: &'v mut Value, path: &[String]) -> &'v mut Mapping {
    let v = path.iter().fold(value, |v, seg| v.as_mapping_mut().unwrap().get_mut(Value::String(seg.clone())).unwrap());
    v.as_mapping_mut().unwrap()
}

/// Strings that YAML likes to read as something else, or that need quoting or escapes.
fn tricky_string() -> impl Strategy<Value = String> + Clone {
    let fixed = select(vec![
        "",
        " ",
        "  ",
        " lead",
        "trail ",
        "007",
        "0",
        "-0",
        "+1",
        "-1",
        "0.5",
        "1e3",
        "0x1F",
        "0o17",
        "1_000",
        "12:30",
        ".inf",
        "-.inf",
        ".nan",
        "true",
        "False",
        "null",
        "Null",
        "~",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "n",
        "2025-07-01",
        "a: b",
        "a:b",
        "key:",
        ":",
        "#x",
        "a #b",
        "a# b",
        "#",
        "'",
        "''",
        "\"",
        "\"q\"",
        "'q'",
        "- x",
        "-",
        "? x",
        "?",
        "[x]",
        "{x: y}",
        "a,b",
        "a, b",
        "*ref",
        "&anchor",
        "!tag",
        "!!str",
        "%x",
        "@x",
        "`x",
        "|",
        ">",
        "<<",
        "=",
        "\\",
        "\\n",
        "---",
        "...",
        "--- x",
        "\n",
        "a\nb",
        "a\n",
        "\n\nb",
        "a\n\n",
        "a\n b",
        " \na",
        "\t",
        "a\tb",
        "\r",
        "a\r\nb",
        "é",
        "日本語",
        "emoji 🎉",
        "\u{FEFF}x",
        "\u{85}",
        "\u{2028}",
        "\u{2028} ",
        "a\u{2028}b",
        "\u{2029}",
        "\u{0}",
        "\u{7f}",
        "\u{1b}[0m",
        "\u{a0}",
        "x\u{a0}",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        2 => fixed.clone(),
        2 => "[ -~]{0,12}",
        2 => "(?s).{0,12}",
        1 => (fixed.clone(), "[a-z ]{0,4}", fixed).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

/// Which key to set: an existing top-level key or nested child, a new top-level key, or a
/// new child in a nested mapping.
fn set_target(doc: &Doc, pick: Index, new: bool) -> (Vec<String>, Option<Range<usize>>) {
    if new {
        let choices = doc.nested.len() + 1;
        return match pick.index(choices).checked_sub(1) {
            None => (vec!["added".to_owned()], None),
            Some(n) => {
                let (parent, header, flow, _) = &doc.nested[n];
                let span = flow.then_some(*header..header + 1);
                (vec![parent.clone(), "added".to_owned()], span)
            }
        };
    }
    let (path, span) = pick.get(&doc.spans);
    (path.clone(), Some(span.clone()))
}

/// `out` is `orig` with `span` replaced by some lines; with no span, with some lines
/// inserted in one place.
fn only_span_changed(orig: &[String], out: &[String], span: Option<Range<usize>>) -> Result<(), TestCaseError> {
    let span = span.unwrap_or_else(|| {
        let p = orig.iter().zip(out).take_while(|(a, b)| a == b).count();
        p..p
    });
    let kept_after = orig.len() - span.end;
    prop_assert!(out.len() >= span.start + kept_after, "lines lost");
    prop_assert_eq!(&out[..span.start], &orig[..span.start]);
    prop_assert_eq!(&out[out.len() - kept_after..], &orig[span.end..]);
    Ok(())
}

fn any_edit() -> impl Strategy<Value = Edit> {
    let segment = prop_oneof![
        select(vec!["id_0", "title_1", "status_2", "rice_3", "c0", "c1", "0", "1", "2", "5", "added", "a", ""])
            .prop_map(str::to_owned),
        "(?s).{0,6}",
    ];
    let path = proptest::collection::vec(segment, 0..4);
    let raw = prop_oneof![
        select(vec!["5", "true", "[a, b]", "{x: 1}", "[]", "{}", "|", "- a", "a: b", "[", "&a x", "*a", "!t x"])
            .prop_map(str::to_owned),
        "(?s).{0,10}",
    ];
    let value = prop_oneof![
        3 => tricky_string().prop_map(NewValue::Str),
        1 => raw.clone().prop_map(NewValue::Raw),
        1 => proptest::collection::vec(("[a-z]{1,3}", tricky_string().prop_map(NewValue::Str)), 0..3)
            .prop_map(NewValue::Map),
    ];
    prop_oneof![
        (path.clone(), value.clone()).prop_map(|(path, value)| Edit::Set { path, value }),
        path.clone().prop_map(|path| Edit::Unset { path }),
        (path.clone(), value).prop_map(|(path, value)| Edit::Append { path, value }),
        (path, tricky_string()).prop_map(|(path, value)| Edit::Remove { path, value }),
    ]
}

/// Arbitrary text: random strings, generated documents, and generated documents with a
/// few YAML-significant pieces spliced in or characters dropped.
fn any_text() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        ":",
        " ",
        "  ",
        "\n",
        "-",
        "- ",
        "#",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        "\"",
        "|",
        ">",
        "&a ",
        "*a",
        "!t ",
        "<<: ",
        "\t",
        "\r\n",
        "\r",
        "? ",
        "---\n",
        "...\n",
        "~",
        "é",
        "\u{FEFF}",
        "%YAML 1.2\n",
    ];
    let mutation = (any::<Index>(), any::<bool>(), select(PIECES));
    prop_oneof![
        "(?s).{0,80}",
        proptest::collection::vec(select(PIECES), 0..20).prop_map(|p| p.concat()),
        gen_doc().prop_map(|g| render(&g).text),
        (gen_doc(), proptest::collection::vec(mutation, 1..4)).prop_map(|(g, mutations)| {
            let mut chars: Vec<char> = render(&g).text.chars().collect();
            for (at, delete, piece) in mutations {
                let at = at.index(chars.len() + 1);
                if delete && at < chars.len() {
                    chars.remove(at);
                } else {
                    chars.splice(at..at, piece.chars());
                }
            }
            chars.into_iter().collect()
        }),
    ]
}

/// (a) and (b) for one case.
fn check_set(g: &Gen, pick: Index, new: bool, value: String) -> Result<(), TestCaseError> {
    let doc = render(g);
    let before = parse(&doc.text);
    let (path, span) = set_target(&doc, pick, new);
    let edit = Edit::Set { path: path.clone(), value: NewValue::Str(value.clone()) };
    let out = apply(&doc.text, std::slice::from_ref(&edit))
        .map_err(|e| TestCaseError::fail(format!("{edit:?} on\n{}\nfailed: {e}", doc.text)))?;
    let after = parse(&out);
    prop_assert_eq!(get(&after, &path), Some(&Value::String(value.clone())), "{}", out);
    let mut expected = before;
    let (last, parents) = path.split_last().unwrap();
    mapping_at(&mut expected, parents).insert(Value::String(last.clone()), Value::String(value));
    prop_assert_eq!(&after, &expected, "{}", out);
    // A block scalar ending a file without a final newline gets a header that strips
    // the line break a new key after it adds, so its value stays (and nothing else changes).
    let mut orig = doc.lines.clone();
    if span.is_none()
        && path.len() == 1
        && !g.final_newline
        && g.trailing.is_empty()
        && matches!(g.entries.last(), Some((_, Part::Literal(_))))
    {
        let header = format!("{}: |", key_name(g.entries.len() - 1));
        if let Some(line) = orig.iter_mut().rev().find(|l| **l == header) {
            line.push('-');
        }
    }
    only_span_changed(&orig, &lines_of(&out), span)?;
    prop_assert_eq!(out.ends_with('\n'), doc.text.ends_with('\n'));
    Ok(())
}

/// (c) for one case.
fn check_unset(g: &Gen, pick: Index) -> Result<(), TestCaseError> {
    let doc = render(g);
    let before = parse(&doc.text);
    let (path, span) = pick.get(&doc.spans).clone();
    let edit = Edit::Unset { path: path.clone() };
    let out = apply(&doc.text, std::slice::from_ref(&edit))
        .map_err(|e| TestCaseError::fail(format!("{edit:?} on\n{}\nfailed: {e}", doc.text)))?;
    let after = parse(&out);
    let mut expected = before;
    let (last, parents) = path.split_last().unwrap();
    mapping_at(&mut expected, parents).shift_remove(Value::String(last.clone()));
    prop_assert_eq!(&after, &expected, "{}", out);

    let orig = &doc.lines;
    let mut out_lines = lines_of(&out);
    let n = g.entries.len();
    if !doc.text.ends_with('\n')
        && path.len() == 1
        && path[0] == key_name(n - 1)
        && n >= 2
        && g.entries[n - 1].0.is_empty()
        && g.trailing.is_empty()
        && matches!(g.entries[n - 2].1, Part::Literal(_))
    {
        // The last key removed right after a block scalar keeps the line break before
        // it (the scalar's value holds it): the file now ends with a newline.
        prop_assert!(out.ends_with('\n'), "{}", out);
        out_lines.pop();
    }
    let nested = doc.nested.iter().find(|n| parents.first() == Some(&n.0));
    // The lines that must go, and how many lines may take their place.
    let (gone, replaced_by) = match nested {
        Some((_, header, true, _)) => (*header..header + 1, 1),
        Some((_, header, false, 1)) => (*header..span.end, 1),
        Some(_) => (span, 0),
        None if doc.top_keys == 1 => (span, 1),
        None => (span, 0),
    };
    let kept_after = orig.len() - gone.end;
    prop_assert_eq!(out_lines.len(), gone.start + replaced_by + kept_after, "{}", out);
    prop_assert_eq!(&out_lines[..gone.start], &orig[..gone.start]);
    prop_assert_eq!(&out_lines[gone.start + replaced_by..], &orig[gone.end..]);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// (a) Setting a key (existing or new, top-level or nested) to any string reads back
    /// as exactly that string, and nothing else in the document changes value; (b) every
    /// line outside the key's entry is kept, in order, comments included (a new key's
    /// lines are inserted in one place).
    #[test]
    fn set_string_reads_back_and_keeps_other_lines(
        g in gen_doc(),
        pick in any::<Index>(),
        new in proptest::bool::weighted(0.2),
        value in tricky_string(),
    ) {
        check_set(&g, pick, new, value)?;
    }

    /// (c) Removing a key removes exactly its entry's lines: every other key keeps its
    /// value and every comment not on those lines stays, in order. (A mapping losing its
    /// last key becomes `{}` on its header line.)
    #[test]
    fn unset_removes_only_the_entry(g in gen_doc(), pick in any::<Index>()) {
        check_unset(&g, pick)?;
    }

    /// (d) `apply` never panics, whatever the text and the edit; when it succeeds the
    /// result is valid YAML.
    #[test]
    fn apply_never_panics(text in any_text(), edits in proptest::collection::vec(any_edit(), 1..3)) {
        if let Ok(out) = apply(&text, &edits) {
            prop_assert!(yaml_serde::from_str::<Value>(&out).is_ok(), "{edits:?} on {text:?} gave {out:?}");
        }
    }
}
