//! Operations: one function per thing a user can do, taking a loaded
//! [`crate::store::Workspace`] and returning data for the renderer. Commands in
//! [`crate::cli`] are thin wrappers around these. Writes go through
//! [`crate::store::edit`] and [`crate::store::atomic`], and are validated first.

pub mod backlog;
pub mod check;
pub mod compare;
pub mod competitor;
pub(crate) mod csv_read;
pub mod customer;
pub mod experiment;
pub mod export;
pub mod feedback;
pub mod feedback_import;
pub mod fields;
pub mod forecast;
pub mod history;
pub mod hook;
pub mod import;
pub mod init;
pub mod iteration;
pub mod launch;
pub mod metric;
pub mod okr;
pub mod prd;
pub mod product;
pub mod progress;
pub mod publish;
pub mod record;
pub mod release;
pub mod review;
pub mod roadmap;
pub mod schema;
pub mod update;
pub mod write;
