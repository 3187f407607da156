//! Building blocks of the site's HTML: escaping, the only way user text
//! reaches a page; links, made only from `http:`, `https:` and `mailto:`
//! URLs; prose paragraphs; anchors and file names derived from ids.

use std::fmt::Write as _;

use crate::render::text::is_unsafe;

/// Text for an HTML element or a quoted attribute value: `& < > " '` become
/// character references, and control characters (escape sequences, bidi
/// overrides) are shown as `\u{..}` like on a terminal. Line breaks and
/// tabs stay; the caller decides what they mean.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// One line of text: like [`esc`], with line breaks and tabs as spaces.
pub(crate) fn line(s: &str) -> String {
    esc(&s.replace(['\n', '\t'], " "))
}

/// The schemes that may become links. Anything else (`javascript:`,
/// `data:`, `file:`, relative paths) stays text.
const SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// Where a URL starting at `s` ends: at whitespace or a character that
/// cannot be part of it here, without trailing punctuation.
fn url_len(s: &str) -> usize {
    let end = s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`') || is_unsafe(c));
    let mut url = &s[..end.unwrap_or(s.len())];
    while let Some(last) = url.chars().last() {
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?') || unbalanced {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            break;
        }
    }
    url.len()
}

/// A URL that may become a link: one of [`SCHEMES`] with something after it.
fn linkable(url: &str) -> bool {
    SCHEMES.iter().any(|s| url.len() > s.len() && url[..s.len()].eq_ignore_ascii_case(s))
}

/// One line of text in which `http:`, `https:` and `mailto:` URLs become
/// links; everything else is escaped text.
pub(crate) fn linked(s: &str) -> String {
    let s = s.replace(['\n', '\t'], " ");
    let mut out = String::new();
    let mut rest = s.as_str();
    loop {
        // The earliest URL start at a word boundary.
        let start = rest.char_indices().find(|&(i, _)| {
            let at_boundary = i == 0 || rest[..i].ends_with(|c: char| c.is_whitespace() || "([{".contains(c));
            at_boundary
                && SCHEMES.iter().any(|sc| rest[i..].get(..sc.len()).is_some_and(|p| p.eq_ignore_ascii_case(sc)))
        });
        let Some((i, _)) = start else {
            out.push_str(&esc(rest));
            return out;
        };
        let n = url_len(&rest[i..]);
        let url = &rest[i..i + n];
        out.push_str(&esc(&rest[..i]));
        if linkable(url) {
            let _ = write!(out, "<a href=\"{}\">{}</a>", esc(url), esc(url));
            rest = &rest[i + n..];
        } else {
            // A bare scheme (`https://` and nothing): text, and move past it.
            let skip = n.max(rest[i..].chars().next().map_or(1, char::len_utf8));
            out.push_str(&esc(&rest[i..i + skip]));
            rest = &rest[i + skip..];
        }
    }
}

/// Prose as paragraphs: blank lines separate them, single line breaks are
/// spaces (as YAML block text is usually wrapped), URLs are links.
pub(crate) fn prose(s: &str) -> String {
    let text = s.replace("\r\n", "\n");
    let mut out = String::new();
    for para in text.trim().split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let joined = para.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "<p>{}</p>", linked(&joined));
    }
    out
}

/// An `id` attribute value (and fragment) from an artifact id: ASCII letters,
/// digits, `-` and `_` kept, anything else `-`. Artifact ids are already of
/// this form; the rest is defence against odd files.
pub(crate) fn anchor(id: &str) -> String {
    let a: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if a.is_empty() { "-".to_string() } else { a }
}

/// A percentage for people: `62%`.
pub(crate) fn percent(ratio: f64) -> String {
    crate::model::score::format_percent(ratio)
}

/// A wide table in a region that scrolls on its own on a narrow screen, so the
/// page never does; focusable, so the keyboard can scroll it too.
pub(crate) fn table(label: &str, head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "<div class=\"table-wrap\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n<table>\n<thead><tr>",
        esc(label)
    );
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (n, cell) in row.iter().enumerate() {
            // The first cell names the row; cells are already HTML.
            if n == 0 {
                let _ = write!(out, "<th scope=\"row\">{cell}</th>");
            } else {
                let _ = write!(out, "<td>{cell}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}

/// A bulleted list of escaped, linked lines; nothing when empty.
pub(crate) fn list(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul>\n");
    for i in items {
        let _ = writeln!(out, "<li>{}</li>", linked(i));
    }
    out.push_str("</ul>\n");
    out
}

/// A short label with a colour that says the same as its text.
pub(crate) fn badge(kind: &str, text: &str) -> String {
    format!("<span class=\"badge badge-{}\">{}</span>", anchor(kind), esc(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(esc("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(esc("a \"b\" & 'c'"), "a &quot;b&quot; &amp; &#39;c&#39;");
        assert_eq!(esc("x\u{1b}[31m\u{202e}y"), "x\\u{1b}[31m\\u{202e}y");
        assert_eq!(line("two\nlines"), "two lines");
    }

    #[test]
    fn only_web_and_mail_urls_become_links() {
        assert_eq!(
            linked("see https://example.com/a?b=1&c=2."),
            "see <a href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a>."
        );
        assert_eq!(
            linked("mailto:dana@example.com"),
            "<a href=\"mailto:dana@example.com\">mailto:dana@example.com</a>"
        );
        assert_eq!(linked("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(linked("data:text/html,<b>x</b>"), "data:text/html,&lt;b&gt;x&lt;/b&gt;");
        assert_eq!(linked("(http://a.example/x)"), "(<a href=\"http://a.example/x\">http://a.example/x</a>)");
        assert_eq!(linked("https://"), "https://");
        assert_eq!(linked("xhttps://a.example"), "xhttps://a.example");
        // A quote cannot end the attribute: it ends the URL.
        assert_eq!(
            linked("https://a.example/\"onmouseover=\"x"),
            "<a href=\"https://a.example/\">https://a.example/</a>&quot;onmouseover=&quot;x"
        );
    }

    #[test]
    fn prose_keeps_paragraphs() {
        assert_eq!(prose("one\ntwo\n\nthree <b>\n"), "<p>one two</p>\n<p>three &lt;b&gt;</p>\n");
        assert_eq!(prose("  \n"), "");
    }

    #[test]
    fn anchors_are_plain() {
        assert_eq!(anchor("RM-3"), "RM-3");
        assert_eq!(anchor("../x y\"z"), "---x-y-z");
        assert_eq!(anchor(""), "-");
    }
}
