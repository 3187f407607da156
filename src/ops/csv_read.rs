//! Reading the CSV files people bring to pm (exports of Jira, Linear, support
//! and survey tools; observations typed by hand) with the `csv` crate, every
//! record with the line it starts on, for messages.
//!
//! `csv` reads any input without complaint: a quote never closed runs to the
//! end of the file, and text after a closing quote joins the field. pm
//! refuses both, with their line, because a spreadsheet would have read the
//! file differently; so each record is checked against its raw text.

use std::borrow::Cow;
use std::ops::Range;

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
    let mut text = Cow::Borrowed(text);
    let mut rows = Vec::new();
    let mut from = 0;
    // Only a handwritten file with spaces before a quoted field is read more
    // than once: the spaces go, and the reading resumes at that record.
    while let Some((record, spaces)) = read(&text, from, dialect, &mut rows)? {
        text.to_mut().replace_range(spaces, "");
        from = record;
    }
    Ok(rows)
}

/// Reads the records from byte `from` (where a record starts) into `rows`.
/// Stops at a field whose quote is preceded by spaces to drop, with the
/// record's first byte and the spaces.
fn read(text: &str, from: usize, dialect: Dialect, rows: &mut Vec<Row>) -> Result<Option<Resume>, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&text.as_bytes()[from..]);
    let mut record = csv::StringRecord::new();
    let mut line = 1 + text[..from].matches('\n').count();
    let mut counted = from;
    loop {
        let start = from + reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            // The text is UTF-8 and `csv` splits it at ASCII bytes.
            Err(e) => return Err(format!("line {line}: {e}")),
        }
        let end = from + reader.position().byte() as usize;
        // `position` counts the line ends (and blank lines) before the
        // record, and the byte-order mark `csv` drops at the start.
        let skip: &[char] = if start == 0 { &['\r', '\n', '\u{feff}'] } else { &['\r', '\n'] };
        let begin = text[start..end].find(|c| !skip.contains(&c)).map_or(end, |i| start + i);
        line += text[counted..begin].matches('\n').count();
        counted = begin;
        if let Some(spaces) = check(&text[begin..end], &record, line, dialect)? {
            return Ok(Some((begin, begin + spaces.start..begin + spaces.end)));
        }
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
}

/// Where reading resumes: a record's first byte, and the spaces to drop in it.
type Resume = (usize, Range<usize>);

/// Checks the quoting of one record against its raw text (from its first
/// byte to the next record's): `csv` read a field as quoted when it starts
/// with a quote, and unescaped `""`; what it read after the closing quote
/// was not quoted. Returns spaces to drop before a quote (handwritten files).
fn check(raw: &str, record: &csv::StringRecord, line: usize, dialect: Dialect) -> Result<Option<Range<usize>>, String> {
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
            if dialect == Dialect::Handwritten
                && let Some(i) = field.find('"')
            {
                if field[..i].trim().is_empty() {
                    return Ok(Some(p..p + i));
                }
                return Err(stray_quote(line_at(p + i)));
            }
            p += field.len();
        }
        if raw.get(p..).is_some_and(|r| r.starts_with(',')) {
            p += 1;
        }
    }
    Ok(None)
}

fn stray_quote(line: usize) -> String {
    format!("line {line}: a quote inside an unquoted field (quote the whole field)")
}

#[cfg(test)]
mod tests;
