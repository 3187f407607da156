//! One grid of cells, drawn three ways: a plain, borderless terminal table
//! (like `git branch -v` or `cargo tree`) fitted to the terminal width, CSV
//! (RFC 4180, written by the `csv` crate) and a Markdown table.
//!
//! Cells hold the raw text; each output makes it safe when the grid is drawn
//! ([`text::terminal`], [`text::csv_cell`], [`text::md_cell`]), so a caller
//! fills a grid once and never escapes a cell itself.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};

use super::text;

/// One cell's raw text and how it is shown.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    /// One line: a line break shows as a space in a terminal and in Markdown.
    Text(String),
    /// Several lines: kept in a terminal and in CSV, `<br>` between them in Markdown.
    Lines(String),
    /// A name and then text: `**BL-1** Title` in Markdown, `BL-1 Title` elsewhere.
    Lead(String, String),
    /// Code such as a commit id: `` `3f2a9c1` `` in Markdown.
    Code(String),
}

impl Cell {
    pub(crate) fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub(crate) fn lead(name: impl Into<String>, text: impl Into<String>) -> Cell {
        Cell::Lead(name.into(), text.into())
    }

    fn plain(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Lines(s) | Cell::Code(s) => s.clone(),
            Cell::Lead(name, s) => format!("{name} {s}"),
        }
    }

    fn terminal(&self) -> String {
        match self {
            Cell::Lines(s) => text::terminal_block(s),
            other => text::terminal(&other.plain()),
        }
    }

    fn csv(&self) -> String {
        text::csv_cell(&self.plain())
    }

    fn markdown(&self) -> String {
        match self {
            Cell::Text(s) => text::md_cell(s),
            Cell::Lines(s) => s.split('\n').map(text::md_cell).collect::<Vec<_>>().join("<br>"),
            Cell::Lead(name, s) => format!("**{}** {}", text::md_cell(name), text::md_cell(s)),
            // A code span cannot escape a backtick; such text is shown as escaped text instead.
            Cell::Code(s) if s.contains('`') => text::md_cell(s),
            Cell::Code(s) => format!("`{}`", text::terminal(s)),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&String> for Cell {
    fn from(s: &String) -> Cell {
        Cell::Text(s.clone())
    }
}

/// A table with a header row. `flexible` columns may wrap to fit the terminal's width.
pub(crate) struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
    flexible: Vec<usize>,
    csv_header_as_given: bool,
}

impl Grid {
    /// Headers can hold user text too (board columns are statuses and owners);
    /// they are made safe for each output like the cells.
    pub(crate) fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Grid {
        let header = header.into_iter().map(Into::into).collect();
        Grid { header, rows: Vec::new(), flexible: Vec::new(), csv_header_as_given: false }
    }

    /// Marks column `index` as the one that wraps when the table is too wide.
    pub(crate) fn flexible(mut self, index: usize) -> Grid {
        self.flexible.push(index);
        self
    }

    /// CSV names its columns in lower case (`ID` → `id`) unless told to keep
    /// them as given (export's columns named after the user's own fields).
    pub(crate) fn csv_header_as_given(mut self) -> Grid {
        self.csv_header_as_given = true;
        self
    }

    /// A row of one-line cells.
    pub(crate) fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(|c| Cell::Text(c.as_ref().to_string())).collect());
    }

    /// A row whose cells may hold several lines.
    pub(crate) fn row_lines<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(|c| Cell::Lines(c.as_ref().to_string())).collect());
    }

    /// A row of cells of any kind.
    pub(crate) fn row_cells(&mut self, cells: impl IntoIterator<Item = Cell>) {
        self.rows.push(cells.into_iter().collect());
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The terminal table, at most `width` columns wide when given.
    pub(crate) fn render(&self, width: Option<usize>) -> String {
        let mut table = Table::new();
        table.load_style(presets::NOTHING);
        table.set_header(self.header.iter().map(|h| text::terminal(h)).collect::<Vec<_>>());
        for row in &self.rows {
            table.add_row(row.iter().map(Cell::terminal).collect::<Vec<_>>());
        }
        let last = self.header.len().saturating_sub(1);
        for (i, column) in table.column_iter_mut().enumerate() {
            column.set_padding((0, if i == last { 0 } else { 2 }));
        }
        match width {
            Some(w) => {
                table.set_content_arrangement(ContentArrangement::Dynamic);
                table.set_width(w.min(u16::MAX as usize) as u16);
                // Only the flexible columns give up width; the others keep their content whole.
                for (i, column) in table.column_iter_mut().enumerate() {
                    if !self.flexible.contains(&i) {
                        column.set_constraint(ColumnConstraint::ContentWidth);
                    }
                }
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        let mut out = String::new();
        for line in table.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// CSV: RFC 4180 with CRLF line ends, a header row, every cell through
    /// [`text::csv_cell`]. A cell holding a comma, quote, line break or tab is
    /// quoted: tools that sniff the delimiter (or read TSV) would split a cell
    /// at a tab.
    pub(crate) fn csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            // The writer quotes every field that holds the comment character, anywhere in it:
            // this is how a tab gets quoted (no CSV line pm writes is a comment).
            .comment(Some(b'\t'))
            .flexible(true)
            .from_writer(Vec::new());
        let header = self.header.iter().map(|h| if self.csv_header_as_given { h.clone() } else { h.to_lowercase() });
        let records = std::iter::once(header.map(|h| text::csv_cell(&h)).collect::<Vec<_>>())
            .chain(self.rows.iter().map(|row| row.iter().map(Cell::csv).collect()));
        for record in records {
            // Writing to memory cannot fail, and rows of any length are allowed.
            if writer.write_record(&record).is_err() {
                break;
            }
        }
        // The fields are UTF-8, so the bytes are too.
        writer.into_inner().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
    }

    /// A Markdown table: the header, a `|---|` rule, a line per row; every
    /// cell through [`text::md_cell`].
    pub(crate) fn markdown(&self) -> String {
        let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        let mut out = line(self.header.iter().map(|h| text::md_cell(h)).collect());
        out.push('|');
        out.push_str(&"---|".repeat(self.header.len()));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row.iter().map(Cell::markdown).collect()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns_without_borders() {
        let mut g = Grid::new(["ID", "TITLE"]).flexible(1);
        g.row(["BL-1", "Short"]);
        g.row(["BL-10", "A longer title"]);
        assert_eq!(g.render(None), "ID     TITLE\nBL-1   Short\nBL-10  A longer title\n");
    }

    #[test]
    fn wraps_only_the_flexible_column() {
        let mut g = Grid::new(["ID", "TITLE"]).flexible(1);
        g.row(["BL-1", "one two three four five six"]);
        let out = g.render(Some(20));
        assert!(out.lines().all(|l| l.chars().count() <= 20), "{out}");
        assert!(out.starts_with("ID    TITLE\nBL-1  one two three"), "{out}");
    }

    #[test]
    fn one_grid_three_outputs_each_escaped_its_way() {
        let mut g = Grid::new(["ID", "TITLE"]);
        g.row(["BL-1", "=1+1 | a\u{1b}[2Jb"]);
        assert_eq!(g.render(None), "ID    TITLE\nBL-1  =1+1 | a\\u{1b}[2Jb\n");
        assert_eq!(g.csv(), "id,title\r\nBL-1,'=1+1 | a\\u{1b}[2Jb\r\n");
        assert_eq!(g.markdown(), "| ID | TITLE |\n|---|---|\n| BL-1 | =1+1 \\| a\\\\u{1b}\\[2Jb |\n");
    }

    #[test]
    fn csv_is_rfc_4180_and_quotes_tabs() {
        let mut g = Grid::new(["a", "b", "c"]);
        g.row(["x, \"y\"", "two\nlines", "a\tb"]);
        g.row(["\tx", "-3", ""]);
        assert_eq!(g.csv(), "a,b,c\r\n\"x, \"\"y\"\"\",\"two\nlines\",\"a\tb\"\r\n\"'\tx\",-3,\r\n");
    }

    #[test]
    fn csv_header_is_lower_case_unless_kept() {
        assert_eq!(Grid::new(["ID", "Tier"]).csv(), "id,tier\r\n");
        assert_eq!(Grid::new(["id", "Tier"]).csv_header_as_given().csv(), "id,Tier\r\n");
    }

    #[test]
    fn markdown_cells_of_each_kind() {
        let mut g = Grid::new(["A", "B", "C"]);
        g.row_cells([Cell::lead("KR-1", "Grow *fast*"), Cell::Lines("one\ntwo|".into()), Cell::Code("3f2a9c1".into())]);
        assert_eq!(
            g.markdown(),
            "| A | B | C |\n|---|---|---|\n| **KR-1** Grow \\*fast\\* | one<br>two\\| | `3f2a9c1` |\n"
        );
        assert_eq!(
            g.render(None),
            "A                 B     C\nKR-1 Grow *fast*  one   3f2a9c1\n                  two|\n"
        );
    }
}
