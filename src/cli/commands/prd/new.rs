use crate::cli::context::{CmdResult, Context};
use crate::ops::prd::{self, NewPrd};

/// Start a PRD from a template (full, lean, or one of the team's in
/// product/templates/prd/); prints its new id.
#[derive(Debug, clap::Args)]
pub struct Args {
    title: String,
    /// full, lean, or a team template name
    #[arg(long, default_value = "full")]
    template: String,
    /// Who owns the PRD
    #[arg(long)]
    owner: Option<String>,
    /// The roadmap initiative (RM-n) it serves
    #[arg(long, value_name = "RM")]
    initiative: Option<String>,
    /// The milestone (MS-n) it ships in
    #[arg(long, value_name = "MS")]
    milestone: Option<String>,
    /// Open the new PRD in your editor
    #[arg(long)]
    edit: bool,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let new = NewPrd {
        title: args.title,
        template: args.template,
        owner: args.owner,
        initiative: args.initiative,
        milestone: args.milestone,
    };
    let (id, rel) = prd::new(&product, &ws, &new, ctx.today())?;
    ctx.out(&format!("{id}\n"))?;
    ctx.note(&format!("Created {}", ctx.display(&product, &rel)));
    if args.edit {
        // Files may change by hand while the editor is open.
        let ws = ctx.workspace(&product)?.read_again_before_writing();
        let doc = prd::find(&ws, &id)?;
        let shown = ctx.display(&product, &doc.path);
        crate::cli::editor::edit(ctx, &product, &doc.text, &format!("{id}.yaml"), &shown, |text| {
            prd::replace_text(&product, &ws, &id, text, false, ctx.today())
        })?;
    }
    Ok(())
}
