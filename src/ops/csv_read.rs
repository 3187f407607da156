//! Reading the CSV files people bring to pm (exports of Jira, Linear, support
//! and survey tools; observations typed by hand) with the `csv` crate, every
//! record with the line it starts on, for messages.
//!
//! `csv` reads any input without complaint: a quote never closed runs to the
//! end of the file, and text after a closing quote joins the field. pm
//! refuses both, with their line, because a spreadsheet would have read the
//! file differently; so each record is checked against its raw text.

use std::borrow::Cow;

/// How strictly quotes are read. Each kind of file keeps the rules (and the
/// messages) it has always had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Exports (backlog and feedback imports): a quote inside an unquoted
    /// field is text, nothing may follow a closing quote, and line breaks in
    /// quoted fields are `\n`.
    Export,
    /// Files written by hand (metric observations and survey responses):
    /// spaces may surround a quoted field (`2026-07, "a note"`), a quote
    /// inside an unquoted field is an error, and quoted fields are kept as
    /// written; a line of spaces is blank.
    Handwritten,
}

/// One record, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) line: usize,
    pub(crate) fields: Vec<String>,
}

impl Row {
    /// The problem with a row that has another number of fields than the header.
    pub(crate) fn ragged(&self, columns: usize) -> Option<String> {
        let (line, fields) = (self.line, self.fields.len());
        (fields != columns).then(|| format!("line {line}: {fields} fields, but the header has {columns}"))
    }
}

/// The records of `text` (a byte-order mark is ignored, blank lines are
/// skipped), or the first malformed one as `line N: ...`.
pub(crate) fn rows(text: &str, dialect: Dialect) -> Result<Vec<Row>, String> {
    let text = match dialect {
        Dialect::Handwritten => unspaced(text),
        Dialect::Export => Cow::Borrowed(text),
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    let mut line = 1;
    let mut counted = 0;
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // The text is UTF-8 and `csv` splits it at ASCII bytes.
            Err(e) => return Err(format!("line {line}: {e}")),
        }
        let end = reader.position().byte() as usize;
        // `position` counts the line ends (and blank lines) before the
        // record, and the byte-order mark `csv` drops at the start.
        let skip: &[char] = if start == 0 { &['\r', '\n', '\u{feff}'] } else { &['\r', '\n'] };
        let begin = text[start..end].find(|c| !skip.contains(&c)).map_or(end, |i| start + i);
        line += text[counted..begin].matches('\n').count();
        counted = begin;
        check(&text[begin..end], &record, line, dialect)?;
        let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
        let blank = match dialect {
            Dialect::Export => fields.len() == 1 && fields[0].is_empty(),
            Dialect::Handwritten => fields.len() == 1 && fields[0].trim().is_empty(),
        };
        if blank {
            continue;
        }
        if dialect == Dialect::Export {
            for f in &mut fields {
                if f.contains('\r') {
                    *f = f.replace("\r\n", "\n");
                }
            }
        }
        rows.push(Row { line, fields });
    }
    Ok(rows)
}

/// A handwritten file without the spaces that stand before a quoted field
/// (`2026-07, "a, note"`), which `csv` would read as part of an unquoted
/// field. One pass, keeping every line break (so lines are counted as in
/// the file).
fn unspaced(text: &str) -> Cow<'_, str> {
    if !text.contains('"') {
        return Cow::Borrowed(text);
    }
    let gap = |c: char| c.is_whitespace() && c != '\n' && c != '\r';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut field_start = true;
    while let Some(c) = rest.chars().next() {
        if field_start {
            let spaces = rest.len() - rest.trim_start_matches(gap).len();
            if rest[spaces..].starts_with('"') {
                // The quoted field whole, so that its commas and line breaks start nothing.
                let end = spaces + closing_quote(&rest[spaces..]);
                out.push_str(&rest[spaces..end]);
                rest = &rest[end..];
                field_start = false;
                continue;
            }
        }
        field_start = matches!(c, ',' | '\n' | '\r');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Where a quoted field starting `s` ends: after its closing quote (a
/// doubled quote is text), or at the end of `s` when it is never closed.
fn closing_quote(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'"', Some(b'"')) => i += 2,
            (b'"', _) => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Checks the quoting of one record against its raw text (from its first
/// byte to the next record's): `csv` read a field as quoted when it starts
/// with a quote, and unescaped `""`; what it read after the closing quote
/// was not quoted.
fn check(raw: &str, record: &csv::StringRecord, line: usize, dialect: Dialect) -> Result<(), String> {
    let line_at = |at: usize| line + raw[..at].matches('\n').count();
    let mut p = 0;
    for field in record {
        // Never when `csv` read the raw text as described above.
        let Some(rest) = raw.get(p..) else { break };
        if rest.starts_with('"') {
            let escaped = field.replace('"', "\"\"");
            let same = raw[p + 1..].bytes().zip(escaped.bytes()).take_while(|(a, b)| a == b).count();
            let close = p + 1 + same;
            if raw.as_bytes().get(close) != Some(&b'"') {
                return Err(match dialect {
                    Dialect::Export => format!("line {}: a quoted field is never closed", line_at(p)),
                    Dialect::Handwritten => format!("line {line}: a quoted field is not closed"),
                });
            }
            let after = close + 1;
            let tail = &raw[after..raw[after..].find([',', '\r', '\n']).map_or(raw.len(), |i| after + i)];
            match dialect {
                Dialect::Export => {
                    if let Some(c) = tail.chars().next() {
                        return Err(format!("line {}: `{c}` after the closing quote of a field", line_at(after)));
                    }
                }
                Dialect::Handwritten => {
                    if let Some((i, c)) = tail.char_indices().find(|(_, c)| !c.is_whitespace()) {
                        return Err(if c == '"' {
                            stray_quote(line_at(after + i))
                        } else {
                            format!("line {}: text after a closing quote", line_at(after + i))
                        });
                    }
                }
            }
            p = after + tail.len();
        } else {
            // (Spaces before a quoted field are gone: see `unspaced`.)
            if dialect == Dialect::Handwritten
                && let Some(i) = field.find('"')
            {
                return Err(stray_quote(line_at(p + i)));
            }
            p += field.len();
        }
        if raw.get(p..).is_some_and(|r| r.starts_with(',')) {
            p += 1;
        }
    }
    Ok(())
}

fn stray_quote(line: usize) -> String {
    format!("line {line}: a quote inside an unquoted field (quote the whole field)")
}

#[cfg(test)]
mod tests;
