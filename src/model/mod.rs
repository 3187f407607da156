//! Artifact types, ids and the product formulas (RICE, ICE, WSJF, rank keys).
//! Pure data and arithmetic: nothing here touches the file system or git.

pub mod backlog;
pub mod competitor;
pub mod config;
pub mod cycle;
pub mod date;
pub mod experiment;
pub mod feedback;
pub mod forecast;
pub mod id;
pub mod iteration;
pub mod kind;
pub mod metric;
pub mod okr;
pub mod prd;
pub mod product;
pub mod rank;
pub mod roadmap;
pub mod score;

pub use backlog::{Estimate, Item, ItemType, Kano};
pub use competitor::Competitors;
pub use config::Config;
pub use cycle::Cycle;
pub use date::Date;
pub use experiment::Experiment;
pub use feedback::{Customers, Feedback};
pub use iteration::Iteration;
pub use metric::Metric;
pub use okr::{KeyResult, Objective};
pub use prd::Prd;
pub use product::ProductInfo;
pub use roadmap::{Initiative, Milestone, Roadmap};
