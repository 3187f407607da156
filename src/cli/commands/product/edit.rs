use crate::cli::commands::roadmap::field_ops;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops;

/// Change product.yaml; only the edited values change. Fields: name, vision,
/// strategy, stage (development, introduction, growth, maturity, decline);
/// lists: `--add persona=NAME`, `--add stakeholder=NAME:ROLE`, `--remove persona=NAME`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    set: Vec<String>,
    #[arg(long = "unset", value_name = "FIELD")]
    unset: Vec<String>,
    #[arg(long = "add", value_name = "FIELD=VALUE")]
    add: Vec<String>,
    #[arg(long = "remove", value_name = "FIELD=VALUE")]
    remove: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let ops = field_ops(&args.set, &args.unset, &args.add, &args.remove)?;
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
