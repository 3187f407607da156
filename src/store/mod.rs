//! Finding the product, reading it from a [`Source`] into a [`Workspace`], and
//! writing files back: losslessly ([`edit`]), atomically ([`atomic`]) and with
//! ids that never collide ([`ids`]). Every read in pm goes through
//! a [`Loader`] ([`Workspace::load`] for a plain read), so each command works
//! on the working tree, the index and any revision alike.

pub(crate) mod atomic;
pub(crate) mod cache;
pub(crate) mod edit;
pub(crate) mod generation;
pub(crate) mod history_index;
pub(crate) mod ids;
pub(crate) mod imports;
pub(crate) mod input;
pub(crate) mod lock;
pub(crate) mod output;
mod pair;
mod product;
mod source;
pub(crate) mod spans;
pub(crate) mod templates;
pub(crate) mod txn;
mod workspace;
pub mod yaml;

pub(crate) use pair::{load_changed, load_pair, staged_changes};
pub(crate) use product::{CONFIG_FILE, Product};
pub use source::Source;
pub(crate) use workspace::Loader;
pub(crate) use workspace::{
    COMPETITORS_FILE, CUSTOMERS_FILE, Doc, ITERATIONS_FILE, PRODUCT_FILE, ProblemKind, ROADMAP_FILE, configured_prefix,
    conflict_marker,
};
pub use workspace::{Parses, Workspace};
