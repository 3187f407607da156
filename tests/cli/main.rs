//! The integration tests: one binary, a hermetic environment per test (a
//! temporary directory, `GIT_CONFIG_GLOBAL=/dev/null`, fixed width, no
//! colour, a pinned date), and snapshots of stdout, stderr and exit code.

mod backlog;
mod cache;
mod check;
mod concurrency;
mod docs;
pub mod env;
mod evidence;
mod experiment;
mod export;
mod forecast;
mod git_edges;
mod history;
mod history_index;
mod hooks;
mod import;
mod init;
mod iteration;
mod launch;
mod lossless;
mod metric;
mod numbers;
mod okr;
mod prd;
mod progress;
mod publish;
mod quarter;
pub(crate) mod reference;
mod release;
mod reliability;
pub(crate) mod replay;
mod roadmap;
mod robustness;
mod sources;
mod write_props;
mod writes;

pub use env::TestEnv;
