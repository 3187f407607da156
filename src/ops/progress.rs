//! How a long operation (reading history, importing, publishing) tells how
//! far it got. Operations only count steps; drawing a bar is the command
//! line's business ([`crate::render::progress`]).

/// Receives the progress of one operation, in phases.
pub(crate) trait Progress: Sync {
    /// A new phase of `total` steps, described by `message` ("Reading history").
    fn start(&self, message: &str, total: u64);
    /// `n` more steps of the current phase are done.
    fn advance(&self, n: u64);
    /// The operation is over; whatever was shown goes away.
    fn finish(&self);
}

/// Reports nothing: for callers that show no progress.
pub(crate) struct Silent;

impl Progress for Silent {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}
