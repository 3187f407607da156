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
    /// The PRDs (PRD-3 PRD-4 ...)
    #[arg(required = true)]
    ids: Vec<String>,
    #[command(flatten)]
    fields: FieldArgs,
    /// In the editor: allow a status change the PRD lifecycle does not allow
    #[arg(long)]
    force: bool,
    /// Print what would change, and check it, without writing anything
    #[arg(long)]
    dry_run: bool,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let ops = args.fields.ops()?;
    if !ops.is_empty() {
        let edit = crate::cli::record::EditArgs { ids: args.ids, fields: args.fields, dry_run: args.dry_run };
        return crate::cli::record::edit(ctx, crate::model::kind::Kind::Prd, &edit);
    }
    let [input] = args.ids.as_slice() else {
        return Err(crate::Error::usage("nothing to change")
            .with_hint("use --set, --unset, --add or --remove, or name one PRD to open it in your editor")
            .into());
    };
    let (product, ws) = ctx.writable()?;
    let doc = prd::find(&ws, input)?;
    let shown = ctx.display(&product, &doc.path);
    let id = doc.value.id.clone();
    // Files may change by hand while the editor is open.
    let ws = ws.read_again_before_writing();
    crate::cli::editor::edit(ctx, &product, &doc.text, &format!("{id}.yaml"), &shown, |text| {
        prd::replace_text(&product, &ws, &id, text, args.force, ctx.today())
    })
}
