use crate::cli::args::FieldArgs;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops;

/// Change product.yaml; only the edited values change. Fields: name, vision,
/// strategy, stage (development, introduction, growth, maturity, decline);
/// lists: `--add persona=NAME`, `--add stakeholder=NAME:ROLE`, `--remove persona=NAME`;
/// an entry's fields by position or name: `--set personas.0.description=TEXT`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    fields: FieldArgs,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let ops = args.fields.ops()?;
    if ops.is_empty() {
        return Err(Error::usage("nothing to change").with_hint("use --set, --unset, --add or --remove").into());
    }
    if ops::product::edit(&product, &ws, &ops)? {
        ctx.note(&format!("Updated {}", ctx.display(&product, crate::store::PRODUCT_FILE)));
    } else {
        ctx.note("product.yaml: nothing changed");
    }
    Ok(())
}
