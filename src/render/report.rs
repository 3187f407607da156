//! Error reports: the library's errors drawn with miette, with the front end's hint as help text.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use crate::error::Error;

#[derive(Debug)]
struct Report<'a> {
    error: &'a Error,
    help: Option<String>,
}

// Messages quote what users typed and what files hold: shown safely.
impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::text::terminal_block(&self.error.to_string()))
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
}

/// An error as shown on stderr.
pub(crate) fn error(error: &Error, help: Option<String>, color: bool, width: usize) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width);
    let report = Report { error, help: help.map(|h| super::text::terminal_block(&h)) };
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("error: {error}\n");
    }
    out
}

/// A warning line, for problems that did not stop the command.
pub(crate) fn warning(message: &str) -> String {
    format!("warning: {}\n", super::text::terminal(message))
}
