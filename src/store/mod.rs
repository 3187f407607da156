//! Finding the product, reading it from a [`Source`] into a [`Workspace`], and
//! writing files back: losslessly ([`edit`]), atomically ([`atomic`]) and with
//! ids that never collide ([`ids`]). Every read in pm goes through
//! [`Workspace::load`], so each command works on the working tree, the index
//! and any revision alike.

pub mod atomic;
pub mod cache;
pub mod edit;
pub(crate) mod generation;
pub mod history_index;
pub mod ids;
pub mod imports;
pub mod input;
pub mod lock;
pub mod output;
mod pair;
mod product;
mod source;
pub(crate) mod spans;
pub mod templates;
pub mod txn;
mod workspace;
pub mod yaml;

pub use pair::{load_changed, load_pair, staged_changes};
pub use product::{CONFIG_FILE, Product};
pub use source::Source;
pub use workspace::{
    COMPETITORS_FILE, CUSTOMERS_FILE, Doc, ITERATIONS_FILE, PRODUCT_FILE, Problem, ProblemKind, ROADMAP_FILE,
    Workspace, configured_prefix, conflict_marker,
};
