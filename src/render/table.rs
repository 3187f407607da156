//! Plain, borderless tables (like `git branch -v` or `cargo tree`) fitted to
//! the terminal width: only the columns marked flexible wrap, and only when
//! the line would not fit.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};

use super::text;

/// A table with a header row. `flexible` columns may wrap to fit `width`.
pub struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    flexible: Vec<usize>,
}

impl Grid {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Grid {
        // Headers can hold user text too (board columns are statuses and owners).
        let header = header.into_iter().map(|h| text::terminal(&h.into())).collect();
        Grid { header, rows: Vec::new(), flexible: Vec::new() }
    }

    /// Marks column `index` as the one that wraps when the table is too wide.
    pub fn flexible(mut self, index: usize) -> Grid {
        self.flexible.push(index);
        self
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(|c| text::terminal(c.as_ref())).collect());
    }

    /// A row whose cells may hold several lines.
    pub fn row_lines<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(|c| text::terminal_block(c.as_ref())).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as text, at most `width` columns wide when given.
    pub fn render(&self, width: Option<usize>) -> String {
        let mut table = Table::new();
        table.load_style(presets::NOTHING);
        table.set_header(self.header.clone());
        for row in &self.rows {
            table.add_row(row.clone());
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
}
