use crate::cli::context::{CmdResult, Context};
use crate::cli::record::{self, RmArgs};
use crate::model::kind::Kind;

pub(super) type Args = RmArgs;

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    record::rm(ctx, Kind::Initiative, &args)
}
