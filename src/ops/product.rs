//! `product.yaml`: showing and editing the product's vision, strategy,
//! personas, stage and stakeholders.

use crate::check::schema::SchemaKind;
use crate::error::{Error, Result};
use crate::model::kind::Kind;
use crate::store::edit::{Edit, NewValue};
use crate::store::{PRODUCT_FILE, Product, Workspace};

use super::fields::FieldOp;
use super::write::{self, Change};

fn template(name: &str) -> String {
    format!("{}name: {}\n", SchemaKind::Product.modeline(PRODUCT_FILE), crate::store::edit::render_scalar(name, false))
}

/// Applies the changes to product.yaml (creating it if needed), validates
/// the product as `pm check` would and writes it. Returns false if nothing changed.
pub(crate) fn edit(product: &Product, ws: &Workspace, ops: &[FieldOp]) -> Result<bool> {
    write::require_work_tree(ws)?;
    let before = ws.product.as_ref().map(|d| d.text.clone());
    let base = before.clone().unwrap_or_else(|| template(ws.config.value.name.as_deref().unwrap_or("Product")));
    let edits = write::field_edits(product, ws, Kind::Product, PRODUCT_FILE, &base, &[], ops)?;
    write_edits(product, ws, before, &base, &edits)
}

/// Adds an entry (`personas`, `stakeholders`) with its fields in one write;
/// an entry of the same name is refused.
pub(crate) fn add_entry(product: &Product, ws: &Workspace, list: &str, fields: &[(&str, String)]) -> Result<bool> {
    write::require_work_tree(ws)?;
    let name = fields.first().map(|(_, v)| v.trim()).unwrap_or_default();
    if name.is_empty() {
        return Err(Error::usage("the name is empty"));
    }
    if entry_names(ws, list).iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return Err(Error::refused(format!("`{list}` already has `{name}`")));
    }
    let before = ws.product.as_ref().map(|d| d.text.clone());
    let base = before.clone().unwrap_or_else(|| template(ws.config.value.name.as_deref().unwrap_or("Product")));
    let entry: Vec<(String, NewValue)> = fields
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.to_string(), NewValue::Str(v.trim().to_string())))
        .collect();
    let edits = [Edit::Append { path: vec![list.to_string()], value: NewValue::Map(entry) }];
    write_edits(product, ws, before, &base, &edits)
}

/// The names of the entries of `list` (`personas`, `stakeholders`).
fn entry_names<'a>(ws: &'a Workspace, list: &str) -> Vec<&'a str> {
    match (list, ws.product.as_ref().map(|d| &d.value)) {
        ("personas", Some(i)) => i.personas.iter().map(|p| p.name.as_str()).collect(),
        (_, Some(i)) => i.stakeholders.iter().map(|s| s.name.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// Changes fields of the entry of `list` named `name` (found by its name,
/// never by a position: a name may look like one). Returns false if nothing changed.
pub(crate) fn edit_entry(product: &Product, ws: &Workspace, list: &str, name: &str, ops: &[FieldOp]) -> Result<bool> {
    let name = name.trim();
    let names = entry_names(ws, list);
    let index = names.iter().position(|n| n.eq_ignore_ascii_case(name)).ok_or_else(|| {
        Error::refused(format!("`{list}` has no entry `{name}`")).with_hint(format!("it holds: {}", names.join("; ")))
    })?;
    let under = format!("{list}.{index}");
    let ops: Vec<FieldOp> = ops.iter().map(|op| op.within(&under)).collect();
    edit(product, ws, &ops)
}

fn write_edits(product: &Product, ws: &Workspace, before: Option<String>, base: &str, edits: &[Edit]) -> Result<bool> {
    let text = write::apply(product, PRODUCT_FILE, base, edits)?;
    if Some(&text) == before.as_ref() {
        return Ok(false);
    }
    let change = match before {
        Some(before) => Change::replace(PRODUCT_FILE, before, text),
        None => Change::create(PRODUCT_FILE, text),
    };
    write::commit(product, ws, vec![change])?;
    Ok(true)
}
