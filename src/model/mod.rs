//! Artifact types, ids and the product formulas (RICE, ICE, WSJF, rank keys).
//! Pure data and arithmetic: nothing here touches the file system or git.

pub(crate) mod backlog;
pub(crate) mod competitor;
pub(crate) mod config;
pub(crate) mod cycle;
pub(crate) mod date;
pub(crate) mod experiment;
pub(crate) mod feedback;
pub(crate) mod forecast;
pub(crate) mod id;
pub(crate) mod iteration;
pub(crate) mod kind;
pub(crate) mod metric;
pub(crate) mod okr;
pub(crate) mod prd;
pub(crate) mod product;
pub(crate) mod rank;
pub(crate) mod roadmap;
pub(crate) mod score;

pub(crate) use backlog::{Estimate, Item, ItemType};
pub(crate) use competitor::Competitors;
pub(crate) use config::Config;
pub(crate) use cycle::Cycle;
pub use date::Date;
pub(crate) use experiment::Experiment;
pub(crate) use feedback::{Customers, Feedback};
pub(crate) use iteration::Iteration;
pub(crate) use metric::Metric;
pub(crate) use okr::{KeyResult, Objective};
pub(crate) use prd::Prd;
pub(crate) use product::ProductInfo;
pub(crate) use roadmap::{Initiative, Milestone, Roadmap};
