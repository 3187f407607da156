//! `product.yaml`: showing and editing the product's vision, strategy,
//! personas, stage and stakeholders.

use crate::check::schema::SchemaKind;
use crate::error::Result;
use crate::model::kind::Kind;
use crate::store::{PRODUCT_FILE, Product, Workspace};

use super::fields::FieldOp;
use super::write::{self, Change};

fn template(name: &str) -> String {
    format!("{}name: {}\n", SchemaKind::Product.modeline(PRODUCT_FILE), crate::store::edit::render_scalar(name, false))
}

/// Applies the changes to product.yaml (creating it if needed), validates
/// the product as `pm check` would and writes it. Returns false if nothing changed.
pub fn edit(product: &Product, ws: &Workspace, ops: &[FieldOp]) -> Result<bool> {
    write::require_work_tree(ws)?;
    let before = ws.product.as_ref().map(|d| d.text.clone());
    let base = before.clone().unwrap_or_else(|| template(ws.config.value.name.as_deref().unwrap_or("Product")));
    let edits = write::field_edits(product, ws, Kind::Product, PRODUCT_FILE, &base, &[], ops)?;
    let text = write::apply(product, PRODUCT_FILE, &base, &edits)?;
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
