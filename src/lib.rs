//! `pm` keeps a product's artifacts (backlog, roadmap, OKRs, PRDs, metrics) as
//! plain YAML files in a git repository. Data flows one way: [`cli`] parses
//! arguments and builds a [`cli::Context`]; [`store`] (and [`git`], for history and
//! the index) loads a [`store::Workspace`] of [`model`] types from a
//! [`store::Source`]; [`ops`] runs one operation on it (writing through the
//! lossless editor in [`store::edit`]); [`render`] draws the result.
//!
//! [`mcp`] is a second front end beside `cli`: it serves the same commands
//! to AI agents over the Model Context Protocol (the cargo feature `mcp`, on
//! by default).
//!
//! `model` and `ops` are free of terminal concerns; only `cli` and `render`
//! know about clap, tables and colours, and only `git` imports `git2`.
//!
//! The modules are private and their items `pub(crate)` (the
//! `unreachable_pub` lint keeps it so): the library's surface is what the
//! binary runs ([`main`]), what the reference test reads ([`Cli`]) and what
//! the fuzz targets drive ([`fuzzing`]).

#![warn(unreachable_pub)]

mod check;
mod cli;
mod diff;
mod error;
mod git;
#[cfg(feature = "mcp")]
mod mcp;
mod model;
mod ops;
mod render;
mod store;

pub use cli::{Cli, main};
pub use error::{Error, Result};

/// What the fuzz targets drive: loading and checking files in memory, and
/// the lossless editor.
pub mod fuzzing {
    pub use crate::check::{Options, check, check_config_text};
    pub use crate::model::Date;
    pub use crate::model::config::Severity;
    pub use crate::store::edit::{Edit, NewValue, apply};
    pub use crate::store::{Parses, Source, Workspace, yaml};
}
