use crate::cli::context::{CmdResult, Context};
use crate::ops::fields::{self, FieldOp};
use crate::ops::roadmap;

/// Change fields of an initiative; only those values change in roadmap.yaml.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The initiative (RM-2)
    id: String,
    /// Set a field (repeatable): --set theme=trust, --set end=2027-03-31
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    set: Vec<String>,
    /// Remove a field (repeatable)
    #[arg(long = "unset", value_name = "FIELD")]
    unset: Vec<String>,
    /// Append to a list field (repeatable): --add milestones=MS-3
    #[arg(long = "add", value_name = "FIELD=VALUE")]
    add: Vec<String>,
    /// Remove from a list field (repeatable)
    #[arg(long = "remove", value_name = "FIELD=VALUE")]
    remove: Vec<String>,
}

/// The field changes asked for on the command line.
pub fn ops(set: &[String], unset: &[String], add: &[String], remove: &[String]) -> Result<Vec<FieldOp>, crate::Error> {
    let mut ops = Vec::new();
    for a in set {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Set(f, v));
    }
    ops.extend(unset.iter().map(|f| FieldOp::Unset(f.clone())));
    for a in add {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Add(f, v));
    }
    for a in remove {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Remove(f, v));
    }
    Ok(ops)
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let ops = ops(&args.set, &args.unset, &args.add, &args.remove)?;
    if ops.is_empty() {
        return Err(crate::Error::usage("nothing to change").with_hint("use --set, --unset, --add or --remove").into());
    }
    let (_, i) = roadmap::initiative(&ws, &args.id)?;
    let id = i.id.clone();
    if roadmap::edit_initiative(&product, &ws, &args.id, &ops)? {
        ctx.note(&format!("Updated {id}"));
    } else {
        ctx.note(&format!("{id}: nothing changed"));
    }
    Ok(())
}
