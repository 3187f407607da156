use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog;
use crate::ops::fields::{self, FieldOp};

/// Change fields of an item. Only the edited values change in the file:
/// comments, key order, quoting and unknown fields stay as they are.
/// With no flags, opens the file in $VISUAL or $EDITOR and validates it on save.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// Set a field (repeatable): --set owner=dana, --set rice.reach=900, --set labels=a,b
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    set: Vec<String>,
    /// Remove a field (repeatable)
    #[arg(long = "unset", value_name = "FIELD")]
    unset: Vec<String>,
    /// Append to a list field (repeatable): --add label=ux, --add blocked_by=BL-3
    #[arg(long = "add", value_name = "FIELD=VALUE")]
    add: Vec<String>,
    /// Remove from a list field (repeatable)
    #[arg(long = "remove", value_name = "FIELD=VALUE")]
    remove: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let mut ops = Vec::new();
    for a in &args.set {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Set(f, v));
    }
    for f in &args.unset {
        ops.push(FieldOp::Unset(f.clone()));
    }
    for a in &args.add {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Add(f, v));
    }
    for a in &args.remove {
        let (f, v) = fields::parse_assignment(a)?;
        ops.push(FieldOp::Remove(f, v));
    }
    if ops.is_empty() {
        return edit_in_editor(ctx, &product, &ws, &args.id);
    }
    let id = ws.item(&args.id)?.value.id.clone();
    match backlog::edit(&product, &ws, &args.id, &ops, ctx.today())? {
        Some(doc) => ctx.note(&format!("Updated {}", ctx.display(&product, &doc.path))),
        None => ctx.note(&format!("{id}: nothing changed")),
    }
    Ok(())
}

fn edit_in_editor(
    ctx: &Context,
    product: &crate::store::Product,
    ws: &crate::store::Workspace,
    input: &str,
) -> CmdResult {
    let doc = ws.item(input)?;
    let shown = ctx.display(product, &doc.path);
    crate::cli::editor::edit(ctx, &doc.text, &format!("{}.yaml", doc.value.id), &shown, |text| {
        backlog::replace_text(product, ws, input, text).map(|saved| saved.is_some())
    })
}
