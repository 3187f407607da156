//! Drawing results for people and programs: tables fitted to the terminal,
//! JSON/YAML/CSV/Markdown, and error reports. The only module that formats
//! output; it never reads files or git. Tabular output is one
//! [`table::Grid`] drawn as a terminal table, CSV or a Markdown table; it
//! makes each cell safe for the output ([`text`]) when it draws.

pub mod backlog;
pub mod diagnostics;
pub mod diff;
pub mod evidence;
pub mod experiment;
pub mod export;
pub mod forecast;
pub mod history;
pub mod import;
pub mod iteration;
pub mod launch;
pub mod metric;
pub mod okr;
pub mod prd;
pub mod product;
pub mod progress;
pub mod release;
pub mod report;
pub mod review;
pub mod roadmap;
pub mod site;
pub mod table;
pub mod text;
pub mod update;

/// Output formats of listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Yaml,
    Csv,
    Md,
}
