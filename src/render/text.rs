//! Making user text safe and tidy for each output: terminal, CSV and Markdown.

/// Text for a terminal: control characters (escape sequences among them)
/// are shown as `\u{..}` instead of being interpreted; newlines become spaces
/// so a cell stays on its line.
pub fn terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Multi-line text for a terminal: like [`terminal`] but newlines are kept.
pub fn terminal_block(s: &str) -> String {
    s.split('\n').map(terminal).collect::<Vec<_>>().join("\n")
}

/// One CSV field (RFC 4180). A cell starting with `=`, `+`, `-` or `@` is
/// prefixed with `'` so spreadsheets do not run it as a formula.
pub fn csv_field(s: &str) -> String {
    let guarded = match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if s.parse::<f64>().is_err() => format!("'{s}"),
        _ => s.to_string(),
    };
    if guarded.contains([',', '"', '\n', '\r']) { format!("\"{}\"", guarded.replace('"', "\"\"")) } else { guarded }
}

/// One Markdown table cell: pipes, HTML and mentions cannot escape the cell.
pub fn md_cell(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_control_characters() {
        assert_eq!(terminal("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb c");
    }

    #[test]
    fn csv_quotes_and_guards_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-3"), "-3");
    }

    #[test]
    fn markdown_cells_stay_cells() {
        assert_eq!(md_cell("a|b <img> @dana"), "a\\|b &lt;img&gt; @\u{200b}dana");
    }
}
