//! `pm product persona|stakeholder add|edit|rm`: the lists of product.yaml,
//! an entry named by its name.

use crate::cli::args::FieldArgs;
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops::fields::FieldOp;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add one
    Add(AddArgs),
    /// Change fields of one, named by its name: --set description=..., --add goals=...
    Edit(EditArgs),
    /// Remove one
    Rm(RmArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    name: String,
    /// A persona's description
    #[arg(long)]
    description: Option<String>,
    /// A stakeholder's role
    #[arg(long)]
    role: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    name: String,
    #[command(flatten)]
    fields: FieldArgs,
}

#[derive(Debug, clap::Args)]
pub struct RmArgs {
    name: String,
}

/// Runs a command on the list `list` (`personas`, `stakeholders`).
pub(super) fn run(ctx: &Context, list: &str, command: Command) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let shown = ctx.display(&product, crate::store::PRODUCT_FILE);
    let changed = match &command {
        Command::Add(args) => {
            let mut fields = vec![("name", args.name.clone())];
            match list {
                "personas" => fields.extend(args.description.clone().map(|d| ("description", d))),
                _ => fields.extend(args.role.clone().map(|r| ("role", r))),
            }
            crate::ops::product::add_entry(&product, &ws, list, &fields)?
        }
        Command::Edit(args) => {
            let ops = args.fields.ops()?;
            if ops.is_empty() {
                return Err(Error::usage("nothing to change")
                    .with_hint("use --set, --unset, --add or --remove")
                    .into());
            }
            crate::ops::product::edit_entry(&product, &ws, list, &args.name, &ops)?
        }
        Command::Rm(args) => {
            crate::ops::product::edit(&product, &ws, &[FieldOp::Remove(list.into(), args.name.clone())])?
        }
    };
    if changed {
        ctx.note(&format!("Updated {shown}"));
    } else {
        ctx.note(&format!("{shown}: nothing changed"));
    }
    Ok(())
}
