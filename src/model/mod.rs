//! Artifact types, ids and the product formulas (RICE, ICE, WSJF, rank keys).
//! Pure data and arithmetic: nothing here touches the file system or git.

pub mod backlog;
pub mod config;
pub mod date;
pub mod id;
pub mod rank;
pub mod score;

pub use backlog::{Estimate, Item, ItemType, Kano};
pub use config::Config;
pub use date::Date;
