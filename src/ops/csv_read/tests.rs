use super::*;

fn export(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    Ok(rows(text, Dialect::Export)?.into_iter().map(|r| (r.line, r.fields)).collect())
}

fn handwritten(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    Ok(rows(text, Dialect::Handwritten)?.into_iter().map(|r| (r.line, r.fields)).collect())
}

fn row(line: usize, fields: &[&str]) -> (usize, Vec<String>) {
    (line, fields.iter().map(|f| f.to_string()).collect())
}

#[test]
fn reads_quoted_csv_with_line_numbers() {
    let text = "a,b\r\n1,\"x, \"\"y\"\"\nz\"\r\n\r\n2,3\n";
    assert_eq!(export(text).unwrap(), [row(1, &["a", "b"]), row(2, &["1", "x, \"y\"\nz"]), row(5, &["2", "3"])]);
    assert_eq!(export("a\n\"open\n").unwrap_err(), "line 2: a quoted field is never closed");
    assert_eq!(export("a,b\n\"x\"y,1\n").unwrap_err(), "line 2: `y` after the closing quote of a field");
}

#[test]
fn quoted_fields_hold_line_breaks_and_doubled_quotes() {
    let text = "id,note\n1,\"one\ntwo\"\n2,\"say \"\"hi\"\"\"\n3,\"\"\n";
    assert_eq!(
        export(text).unwrap(),
        [row(1, &["id", "note"]), row(2, &["1", "one\ntwo"]), row(4, &["2", "say \"hi\""]), row(5, &["3", ""])]
    );
    // A quote inside an unquoted field is text in an export.
    assert_eq!(export("a\nsay \"hi\"\n").unwrap()[1], row(2, &["say \"hi\""]));
}

#[test]
fn a_byte_order_mark_crlf_and_blank_lines_are_not_data() {
    let text = "\u{feff}id,title\r\n\r\nA-1,\"two\r\nlines\"\r\n\r\n\r\nA-2,x\r\n\r\n";
    assert_eq!(
        export(text).unwrap(),
        [row(1, &["id", "title"]), row(3, &["A-1", "two\nlines"]), row(7, &["A-2", "x"])]
    );
    // Handwritten files keep what was written inside quotes, and skip lines of spaces.
    assert_eq!(
        handwritten("a\r\n\"x\r\ny\"\r\n   \r\nb").unwrap(),
        [row(1, &["a"]), row(2, &["x\r\ny"]), row(5, &["b"])]
    );
}

#[test]
fn the_last_line_needs_no_line_end() {
    assert_eq!(export("a,b\n1,2").unwrap(), [row(1, &["a", "b"]), row(2, &["1", "2"])]);
    assert_eq!(export("a,b\n1,\n").unwrap()[1], row(2, &["1", ""]));
    assert_eq!(export("").unwrap(), []);
}

#[test]
fn ragged_rows_are_reported_with_their_line() {
    let rows = rows("a,b\n1,2\n\n\"x\ny\",2,3\n", Dialect::Export).unwrap();
    assert_eq!(rows[1].ragged(2), None);
    assert_eq!(rows[2].ragged(2).as_deref(), Some("line 4: 3 fields, but the header has 2"));
}

#[test]
fn unclosed_quotes_name_the_line_of_the_quote_or_of_the_record() {
    let text = "a,b\n1,\"x\n\ny\n";
    assert_eq!(export(text).unwrap_err(), "line 2: a quoted field is never closed");
    assert_eq!(export("a,b\n1,x\n2,y\n3,\"oh\n").unwrap_err(), "line 4: a quoted field is never closed");
    assert_eq!(handwritten("a,b\n1,x,\n\"y\n").unwrap_err(), "line 3: a quoted field is not closed");
}

#[test]
fn text_after_a_closing_quote_is_refused_with_its_line() {
    assert_eq!(
        export("id,title\nX-1,\"quoted\" then text\n").unwrap_err(),
        "line 2: ` ` after the closing quote of a field"
    );
    assert_eq!(export("a\n\"two\nlines\"!\n").unwrap_err(), "line 3: `!` after the closing quote of a field");
    // Spaces after the quote are allowed by hand, and kept for the caller to trim.
    assert_eq!(handwritten("a,b\n\"x\"  ,1\n").unwrap()[1], row(2, &["x  ", "1"]));
    assert_eq!(handwritten("a\n\"x\" y\n").unwrap_err(), "line 2: text after a closing quote");
    assert_eq!(
        handwritten("a\n\"x\" \"y\"\n").unwrap_err(),
        "line 2: a quote inside an unquoted field (quote the whole field)"
    );
}

#[test]
fn handwritten_files_may_put_spaces_before_a_quoted_field() {
    let text = "period,value,note\n2026-07, 2.5,  \"a note, with a comma\"\n2026-08,3, \"x\"\n";
    assert_eq!(
        handwritten(text).unwrap(),
        [
            row(1, &["period", "value", "note"]),
            row(2, &["2026-07", " 2.5", "a note, with a comma"]),
            row(3, &["2026-08", "3", "x"])
        ]
    );
    assert_eq!(
        handwritten("a\nsay \"hi\"\n").unwrap_err(),
        "line 2: a quote inside an unquoted field (quote the whole field)"
    );
    // Tabs count as spaces; a quoted field after them keeps its line breaks,
    // commas and doubled quotes, and the next record's line is counted.
    let text = "p,note\n2026-07,\t \"two\nlines, \"\"quoted\"\"\"\n2026-08, \"x\"\n";
    assert_eq!(
        handwritten(text).unwrap(),
        [row(1, &["p", "note"]), row(2, &["2026-07", "two\nlines, \"quoted\""]), row(4, &["2026-08", "x"])]
    );
    // Spaces before a quote that is never closed: the record's line is named.
    assert_eq!(handwritten("p,note\n2026-07, \"open\n").unwrap_err(), "line 2: a quoted field is not closed");
}

#[test]
fn wide_characters_do_not_move_the_checks() {
    assert_eq!(export("a,b\n\"名前\",\"é\"\"\"\n").unwrap()[1], row(2, &["名前", "é\""]));
    assert_eq!(export("a\n\"名前\"前\n").unwrap_err(), "line 2: `前` after the closing quote of a field");
}
