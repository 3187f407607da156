//! Making user text safe and tidy for each output: terminal, CSV and Markdown.
//!
//! Anything read from a product file or typed by a user is untrusted: a title
//! may hold terminal escape sequences (`\x1b]0;owned\x07` renames the
//! window, `\x1b[2J` clears the screen), Markdown that breaks out of a table
//! cell, HTML, `@mentions`, or a spreadsheet formula. Each output escapes
//! what is dangerous in it, and nothing else.

/// Characters that must not reach a terminal as they are: control characters
/// (C0, DEL and C1, escape sequences among them) and the bidirectional
/// overrides and isolates that reorder what is shown ("Trojan Source").
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `\u{1b}` for an unsafe character.
fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// Text for a terminal: control characters (escape sequences among them)
/// are shown as `\u{..}` instead of being interpreted; newlines become spaces
/// so a cell stays on its line.
pub(crate) fn terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unsafe(c) => out.push_str(&escaped(c)),
            c => out.push(c),
        }
    }
    out
}

/// Multi-line text for a terminal: like [`terminal`] but newlines are kept.
pub(crate) fn terminal_block(s: &str) -> String {
    s.split('\n').map(terminal).collect::<Vec<_>>().join("\n")
}

/// One CSV cell before quoting (the `csv` crate quotes, in
/// [`Grid::csv`](super::table::Grid::csv)). A cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is prefixed with `'` so spreadsheets
/// do not run it as a formula (plain numbers such as `-3` stay numbers);
/// control characters other than line breaks and tabs are shown as `\u{..}`.
pub(crate) fn csv_cell(s: &str) -> String {
    let number = s.parse::<f64>().is_ok() && s.bytes().all(|b| b.is_ascii_digit() || b".eE+-".contains(&b));
    let guarded = match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !number => format!("'{s}"),
        _ => s.to_string(),
    };
    guarded
        .chars()
        .map(|c| if is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t') { escaped(c) } else { c.to_string() })
        .collect()
}

/// One Markdown table cell: pipes, HTML and mentions cannot escape the cell.
pub(crate) fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in terminal(s).chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@\u{200b}"),
            '\\' | '`' | '*' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A line of Markdown prose or a list item: like [`md_cell`], and a line
/// cannot start a heading, quote, list or rule of its own.
pub(crate) fn md_block(s: &str) -> String {
    let cell = md_cell(s);
    let trimmed = cell.trim_start();
    let indent = &cell[..cell.len() - trimmed.len()];
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    match trimmed.as_bytes().get(digits) {
        Some(b'#' | b'>' | b'-' | b'+' | b'=' | b'~' | b'_') if digits == 0 => format!("{indent}\\{trimmed}"),
        Some(b'.' | b')') if digits > 0 => format!("{indent}{}\\{}", &trimmed[..digits], &trimmed[digits..]),
        _ => cell,
    }
}

/// Prose as Markdown paragraphs: each line kept and escaped (so that it shows
/// as typed: a leading `-` stays a dash), blank lines as paragraph breaks.
pub(crate) fn md_prose(s: &str) -> String {
    s.trim()
        .split("\n\n")
        .map(|para| para.lines().map(|l| md_block(l.trim())).collect::<Vec<_>>().join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_lines_and_paragraphs() {
        assert_eq!(md_prose("  One line\nand the next.\n\n- a dash\n"), "One line\nand the next.\n\n\\- a dash");
        assert_eq!(md_prose(""), "");
    }

    #[test]
    fn neutralises_control_characters() {
        assert_eq!(terminal("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb c");
    }

    #[test]
    fn csv_guards_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "a,b");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("-3"), "-3");
    }

    #[test]
    fn markdown_cells_stay_cells() {
        assert_eq!(md_cell("a|b <img> @dana"), "a\\|b &lt;img&gt; @\u{200b}dana");
        assert_eq!(md_cell("x\u{1b}[31m\ny"), "x\\\\u{1b}\\[31m y");
    }

    #[test]
    fn markdown_lines_start_no_blocks() {
        assert_eq!(md_block("# Heading"), "\\# Heading");
        assert_eq!(md_block("> quote"), "&gt; quote");
        assert_eq!(md_block("~~~ fence"), "\\~~~ fence");
        assert_eq!(md_block("- item"), "\\- item");
        assert_eq!(md_block("1. first"), "1\\. first");
        assert_eq!(md_block("2026 was good"), "2026 was good");
        assert_eq!(md_block("plain # text"), "plain # text");
    }

    #[test]
    fn bidi_overrides_and_c1_controls_are_shown() {
        assert_eq!(terminal("a\u{202e}b\u{9b}c\u{7f}"), "a\\u{202e}b\\u{9b}c\\u{7f}");
        assert_eq!(terminal("\u{1b}]0;owned\u{7}"), "\\u{1b}]0;owned\\u{7}");
    }

    #[test]
    fn csv_neutralises_formulas_and_controls() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
        assert_eq!(csv_cell("+1"), "+1");
        assert_eq!(csv_cell("-inf"), "'-inf");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "'\rx");
        assert_eq!(csv_cell("a\tb"), "a\tb");
        assert_eq!(csv_cell("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(csv_cell("two\nlines"), "two\nlines");
    }
}
