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
pub fn run(ctx: &Context, list: &str, command: Command) -> CmdResult {
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
            let name = args.name.trim();
            // The entry by its name (a name may look like a position: look it up, never count).
            let info = ws.product.as_ref().map(|d| &d.value);
            let names: Vec<&str> = match (list, info) {
                ("personas", Some(i)) => i.personas.iter().map(|p| p.name.as_str()).collect(),
                (_, Some(i)) => i.stakeholders.iter().map(|s| s.name.as_str()).collect(),
                _ => Vec::new(),
            };
            let index = names.iter().position(|n| n.eq_ignore_ascii_case(name)).ok_or_else(|| {
                Error::refused(format!("`{list}` has no entry `{name}`"))
                    .with_hint(format!("it holds: {}", names.join("; ")))
            })?;
            // Each field path goes below the entry: `description` → `personas.3.description`.
            let under = |f: &str| format!("{list}.{index}.{f}");
            let ops: Vec<FieldOp> = args
                .fields
                .ops()?
                .into_iter()
                .map(|op| match op {
                    FieldOp::Set(f, v) => FieldOp::Set(under(&f), v),
                    FieldOp::Unset(f) => FieldOp::Unset(under(&f)),
                    FieldOp::Add(f, v) => FieldOp::Add(under(&f), v),
                    FieldOp::Remove(f, v) => FieldOp::Remove(under(&f), v),
                })
                .collect();
            if ops.is_empty() {
                return Err(Error::usage("nothing to change")
                    .with_hint("use --set, --unset, --add or --remove")
                    .into());
            }
            crate::ops::product::edit(&product, &ws, &ops)?
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
