use crate::cli::args::FieldArgs;
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
    #[command(flatten)]
    fields: FieldArgs,
    /// In the editor: allow a status change the PRD lifecycle does not allow
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let ops = args.fields.ops()?;
    let doc = prd::find(&ws, &args.id)?;
    let shown = ctx.display(&product, &doc.path);
    if ops.is_empty() {
        let id = doc.value.id.clone();
        return crate::cli::editor::edit(ctx, &product, &doc.text, &format!("{id}.yaml"), &shown, |text| {
            prd::replace_text(&product, &ws, &id, text, args.force, ctx.today())
        });
    }
    if prd::edit(&product, &ws, &args.id, &ops, ctx.today())? {
        ctx.note(&format!("Updated {shown}"));
    } else {
        ctx.note(&format!("{shown}: nothing changed"));
    }
    Ok(())
}
