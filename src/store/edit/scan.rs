//! Byte-level scanning of the text around nodes: line starts and ends, blanks, comments,
//! indicators. Every delimiter looked for is ASCII, which never occurs inside a multi-byte UTF-8
//! sequence, so positions found next to them are always char boundaries.

pub(super) fn line_start(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let pos = pos.min(bytes.len());
    bytes[..pos].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// End of the line containing `pos`, before its `\n` or `\r\n`.
pub(super) fn line_content_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let pos = pos.min(bytes.len());
    let newline = bytes[pos..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| pos + i);
    if newline > pos && bytes[newline - 1] == b'\r' { newline - 1 } else { newline }
}

pub(super) fn next_line_start(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let pos = pos.min(bytes.len());
    bytes[pos..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| pos + i + 1)
}

pub(super) fn col(text: &str, pos: usize) -> usize {
    pos.saturating_sub(line_start(text, pos))
}

pub(super) fn only_spaces_before(text: &str, pos: usize) -> bool {
    text.as_bytes().get(line_start(text, pos)..pos).is_some_and(|prefix| prefix.iter().all(|&b| b == b' '))
}

/// Only spaces and `- ` list indicators before `pos` on its line.
pub(super) fn only_indent_before(text: &str, pos: usize) -> bool {
    text.as_bytes().get(line_start(text, pos)..pos).is_some_and(|prefix| {
        prefix.iter().enumerate().all(|(i, &b)| b == b' ' || (b == b'-' && prefix.get(i + 1) == Some(&b' ')))
    })
}

/// Whether the line starting at `pos` holds only blanks (and is not the end of the text).
pub(super) fn is_blank_line(text: &str, pos: usize) -> bool {
    pos < text.len() && text.get(pos..line_content_end(text, pos)).is_some_and(|line| line.trim().is_empty())
}

/// Whether a blank line lies between the line of `from` and the line starting at `to`.
pub(super) fn blank_line_between(text: &str, from: usize, to: usize) -> bool {
    let mut pos = next_line_start(text, from);
    while pos < to {
        if is_blank_line(text, pos) {
            return true;
        }
        pos = next_line_start(text, pos);
    }
    false
}

pub(super) fn skip_inline_ws(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    while matches!(bytes.get(p), Some(b' ' | b'\t')) {
        p += 1;
    }
    p
}

pub(super) fn skip_ws_comments(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = pos;
    loop {
        match bytes.get(p) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => p += 1,
            Some(b'#') => p = line_content_end(text, p),
            _ => return p,
        }
    }
}

/// Position of `indicator` when it is the next thing after whitespace and comments.
pub(super) fn find_indicator(text: &str, pos: usize, indicator: u8) -> Option<usize> {
    let p = skip_ws_comments(text, pos);
    (text.as_bytes().get(p) == Some(&indicator)).then_some(p)
}

/// The `:` of an implicit key, which must be on the key's line.
pub(super) fn find_colon(text: &str, key_end: usize) -> Option<usize> {
    let p = skip_inline_ws(text, key_end);
    (text.as_bytes().get(p) == Some(&b':')).then_some(p)
}

/// Start (including leading blanks) of a comment that follows `pos` on its line.
pub(super) fn tail_comment(text: &str, pos: usize) -> Option<usize> {
    let p = skip_inline_ws(text, pos);
    (text.as_bytes().get(p) == Some(&b'#')).then_some(pos)
}

/// End of a block scalar's header (`|`, `>-`, `|2+`, ...).
pub(super) fn block_header_end(text: &str, header: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = header + 1;
    while bytes.get(p).is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-')) {
        p += 1;
    }
    p
}

/// End of the last line of a block scalar whose header is at `header` and whose parent is
/// indented by `parent_indent`. Trailing blank lines are left out unless chomping keeps them.
pub(super) fn block_scalar_end(text: &str, header: usize, parent_indent: usize) -> usize {
    let bytes = text.as_bytes();
    let indicators = bytes.get(header + 1..block_header_end(text, header)).unwrap_or(&[]);
    let keep = indicators.contains(&b'+');
    let mut content_indent =
        indicators.iter().find(|b| b.is_ascii_digit()).map(|d| parent_indent + usize::from(d - b'0'));
    let mut end = line_content_end(text, header);
    let mut pos = next_line_start(text, header);
    while pos < bytes.len() {
        let line_end = line_content_end(text, pos);
        let line = &bytes[pos..line_end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if line[indent..].iter().all(|&b| b == b' ' || b == b'\t') {
            if keep {
                end = line_end;
            }
        } else {
            let needed = *content_indent.get_or_insert(indent);
            if indent <= parent_indent || indent < needed {
                break;
            }
            end = line_end;
        }
        pos = next_line_start(text, pos);
    }
    end
}
