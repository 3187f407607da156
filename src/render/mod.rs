//! Drawing results for people and programs: tables fitted to the terminal,
//! JSON/YAML/CSV/Markdown, and error reports. The only module that formats
//! output; it never reads files or git. Tabular output is one
//! [`table::Grid`] drawn as a terminal table, CSV or a Markdown table; it
//! makes each cell safe for the output ([`text`]) when it draws.

pub(crate) mod backlog;
pub(crate) mod diagnostics;
pub(crate) mod diff;
pub(crate) mod evidence;
pub(crate) mod experiment;
pub(crate) mod export;
pub(crate) mod forecast;
pub(crate) mod history;
pub(crate) mod import;
pub(crate) mod iteration;
pub(crate) mod launch;
pub(crate) mod metric;
pub(crate) mod okr;
pub(crate) mod prd;
pub(crate) mod product;
pub(crate) mod progress;
pub(crate) mod release;
pub(crate) mod report;
pub(crate) mod review;
pub(crate) mod roadmap;
pub(crate) mod site;
pub(crate) mod table;
pub(crate) mod text;
pub(crate) mod update;

/// Output formats of listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Format {
    #[default]
    Table,
    Json,
    Yaml,
    Csv,
    Md,
}
