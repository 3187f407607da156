//! `product.yaml`: showing and editing the product's vision, strategy,
//! personas, stage and stakeholders.

use crate::check::{self, schema::SchemaKind};
use crate::error::{Error, Result};
use crate::model::config::Severity;
use crate::store::edit::{self, Edit, NewValue};
use crate::store::{PRODUCT_FILE, Product, Workspace};

use super::fields::{self, FieldOp, Spec};

const SPECS: [(&str, Spec); 4] = [
    ("name", Spec::Text),
    ("vision", Spec::Text),
    ("strategy", Spec::Text),
    ("stage", Spec::Enum(&["development", "introduction", "growth", "maturity", "decline"])),
];

fn template(name: &str) -> String {
    format!("{}name: {}\n", SchemaKind::Product.modeline(PRODUCT_FILE), crate::store::edit::render_scalar(name, false))
}

/// The edit for one change. `persona` and `stakeholder` add or remove
/// entries by name (`--add stakeholder=Dana:Head of Product` sets a role).
fn to_edit(ws: &Workspace, op: &FieldOp) -> Result<Edit> {
    let entry_list = |field: &str| match field.trim() {
        "persona" | "personas" => Some("personas"),
        "stakeholder" | "stakeholders" => Some("stakeholders"),
        _ => None,
    };
    match op {
        FieldOp::Add(field, raw) if entry_list(field).is_some() => {
            let list = entry_list(field).unwrap_or_default();
            let (name, role) = match raw.split_once(':') {
                Some((n, r)) if list == "stakeholders" => (n.trim(), Some(r.trim())),
                _ => (raw.trim(), None),
            };
            let mut entries = vec![("name".to_string(), NewValue::Str(name.to_string()))];
            if let Some(role) = role {
                entries.push(("role".to_string(), NewValue::Str(role.to_string())));
            }
            Ok(Edit::Append { path: vec![list.to_string()], value: NewValue::Map(entries) })
        }
        FieldOp::Remove(field, raw) if entry_list(field).is_some() => {
            let list = entry_list(field).unwrap_or_default();
            let info = ws.product.as_ref().map(|p| &p.value);
            let names: Vec<&str> = match (list, info) {
                ("personas", Some(i)) => i.personas.iter().map(|p| p.name.as_str()).collect(),
                (_, Some(i)) => i.stakeholders.iter().map(|s| s.name.as_str()).collect(),
                _ => Vec::new(),
            };
            let index = names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(raw.trim()))
                .ok_or_else(|| Error::refused(format!("{list} has no entry named `{}`", raw.trim())))?;
            Ok(Edit::Unset { path: vec![list.to_string(), index.to_string()] })
        }
        other => fields::record_edit(&[], other, &SPECS, &[]),
    }
}

/// Applies the changes to product.yaml (creating it if needed), validates
/// it against its schema and writes it. Returns false if nothing changed.
pub fn edit(product: &Product, ws: &Workspace, ops: &[FieldOp]) -> Result<bool> {
    if !ws.source.is_work_tree() {
        return Err(Error::usage("changes are made in the working tree only").with_hint("drop --at / --staged"));
    }
    let before = ws.product.as_ref().map(|d| d.text.clone());
    let base = before.clone().unwrap_or_else(|| template(ws.config.value.name.as_deref().unwrap_or("Product")));
    let edits = ops.iter().map(|op| to_edit(ws, op)).collect::<Result<Vec<_>>>()?;
    let text = edit::apply(&base, &edits).map_err(|e| Error::Refused {
        message: format!("cannot edit {}: {e}", product.display(PRODUCT_FILE).display()),
        hint: Some("edit the file by hand".into()),
    })?;
    let errors: Vec<String> = check::check_schema_text(ws, SchemaKind::Product, PRODUCT_FILE, &text)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    if !errors.is_empty() {
        return Err(Error::Invalid { subject: "product.yaml (nothing written)".into(), problems: errors });
    }
    if Some(&text) == before.as_ref() {
        return Ok(false);
    }
    super::files::write_over(product, ws, PRODUCT_FILE, before.as_deref(), &text)?;
    Ok(true)
}
