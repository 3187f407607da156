//! Operations: one function per thing a user can do, taking a loaded
//! [`crate::store::Workspace`] and returning data for the renderer. Commands in
//! [`crate::cli`] are thin wrappers around these. Writes go through
//! [`crate::store::edit`] and [`crate::store::atomic`], and are validated first.

pub(crate) mod backlog;
pub(crate) mod check;
pub(crate) mod compare;
pub(crate) mod competitor;
pub(crate) mod csv_read;
pub(crate) mod customer;
pub(crate) mod experiment;
pub(crate) mod export;
pub(crate) mod feedback;
pub(crate) mod feedback_import;
pub(crate) mod fields;
pub(crate) mod forecast;
pub(crate) mod history;
pub(crate) mod hook;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod iteration;
pub(crate) mod launch;
pub(crate) mod metric;
pub(crate) mod okr;
pub(crate) mod prd;
pub(crate) mod product;
pub(crate) mod progress;
pub(crate) mod publish;
pub(crate) mod record;
pub(crate) mod release;
pub(crate) mod review;
pub(crate) mod roadmap;
pub(crate) mod schema;
pub(crate) mod update;
pub(crate) mod write;
