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

pub mod check;
pub mod cli;
pub mod diff;
pub mod error;
pub mod git;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod model;
pub mod ops;
pub mod render;
pub mod store;

pub use error::{Error, Result};
