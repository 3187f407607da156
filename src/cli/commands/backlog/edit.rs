use crate::cli::args::{FieldArgs, Selection};
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops::backlog;

/// Change fields of one or more items. Only the edited values change in each
/// file: comments, key order, quoting and unknown fields stay as they are.
/// Several items (ids, --where) are changed together or not at all. With one
/// id and no flags, opens the file in $VISUAL or $EDITOR and checks it on save.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The items (BL-12 BL-14 ...)
    ids: Vec<String>,
    #[command(flatten)]
    fields: FieldArgs,
    /// Plan the items into this iteration (IT-n, or `current`)
    #[arg(long, value_name = "IT")]
    iteration: Option<String>,
    #[command(flatten)]
    selection: Selection,
    /// In the editor: allow a status change the workflow does not allow
    #[arg(long)]
    force: bool,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let mut ops = args.fields.ops()?;
    if let Some(it) = &args.iteration {
        ops.push(crate::ops::fields::FieldOp::Set(
            "iteration".into(),
            crate::ops::iteration::plannable(&ws, it, ctx.today())?,
        ));
    }
    if ops.is_empty() {
        return match (args.ids.as_slice(), args.selection.conditions.is_empty()) {
            ([id], true) => edit_in_editor(ctx, &product, &ws, id, args.force),
            _ => Err(Error::usage("nothing to change").with_hint("use --set, --unset, --add or --remove").into()),
        };
    }
    let filter = super::where_filter(ctx, &ws, &args.selection)?;
    let docs = backlog::select(&ws, &args.ids, filter.as_ref())?;
    let mut plans = Vec::new();
    for doc in &docs {
        match backlog::plan_edit(&product, &ws, doc, &ops, ctx.today())? {
            Some(plan) => plans.push(plan),
            None => ctx.note(&format!("{}: nothing changed", doc.value.id)),
        }
    }
    super::apply(ctx, &product, &ws, &plans, args.selection.dry_run, |p| format!("Updated {} ({})", p.id, p.note))
}

fn edit_in_editor(
    ctx: &Context,
    product: &crate::store::Product,
    ws: &crate::store::Workspace,
    input: &str,
    force: bool,
) -> CmdResult {
    let doc = ws.item(input)?;
    let shown = ctx.display(product, &doc.path);
    // Files may change by hand while the editor is open.
    let ws = &ws.read_again_before_writing();
    crate::cli::editor::edit(ctx, product, &doc.text, &format!("{}.yaml", doc.value.id), &shown, |text| {
        backlog::replace_text(product, ws, input, text, force, ctx.today()).map(|saved| saved.is_some())
    })
}
