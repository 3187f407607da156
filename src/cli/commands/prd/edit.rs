use crate::cli::commands::roadmap::field_ops;
use crate::cli::context::{CmdResult, Context};
use crate::ops::prd;

/// Change fields of a PRD; only the edited values change. Prose fields
/// (--set problem="..."), lists (--add goals="...", --add stakeholders=Dana:CFO,
/// --add open_questions="...", --add risks="...", --add non_goals="..."),
/// --remove by text or name. With no flags, opens the PRD in your editor
/// and checks it when you save.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PRD (PRD-3)
    id: String,
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
    let doc = prd::find(&ws, &args.id)?;
    let shown = ctx.display(&product, &doc.path);
    if ops.is_empty() {
        let id = doc.value.id.clone();
        return crate::cli::editor::edit(ctx, &doc.text, &format!("{id}.yaml"), &shown, |text| {
            prd::replace_text(&product, &ws, &id, text)
        });
    }
    if prd::edit(&product, &ws, &args.id, &ops, ctx.today())? {
        ctx.note(&format!("Updated {shown}"));
    } else {
        ctx.note(&format!("{shown}: nothing changed"));
    }
    Ok(())
}
