use crate::cli::context::{CmdResult, Context};
use crate::cli::record::{self, EditArgs};
use crate::model::kind::Kind;

pub type Args = EditArgs;

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    record::edit(ctx, Kind::Initiative, &args)
}
