use crate::cli::context::{CmdResult, Context};
use crate::cli::record::{self, EditArgs};
use crate::model::kind::Kind;

pub(super) type Args = EditArgs;

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    record::edit(ctx, Kind::Initiative, &args)
}
