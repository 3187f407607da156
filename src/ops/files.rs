//! Writing a product file safely: every change is checked the way `pm check`
//! would check it — in the context of the whole product — before a byte is
//! written, and written atomically. A change may leave problems the file
//! already had; it may never add one.

use crate::check::{self, Options};
use crate::error::{Error, Result};
use crate::model::config::Severity;
use crate::store::edit::{self, Edit};
use crate::store::{Product, Workspace, atomic};

/// The errors `pm check` reports for file `rel` if it held `text`.
pub fn errors(ws: &Workspace, rel: &str, text: &str) -> Vec<String> {
    let tmp = ws.with_text(rel, text);
    let report = check::check(&tmp, &Options { only: vec![rel.to_string()], ..Options::default() });
    report
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| match &d.help {
            Some(help) => format!("{}: {} — {help}", d.rule, d.message),
            None => format!("{}: {}", d.rule, d.message),
        })
        .collect()
}

/// Refuses `text` for `rel` if it has errors that `before` did not have.
/// `shown` names the file in the refusal.
pub fn validate(ws: &Workspace, rel: &str, shown: &str, before: Option<&str>, text: &str) -> Result<()> {
    let old = before.map(|b| errors(ws, rel, b)).unwrap_or_default();
    let new: Vec<String> = errors(ws, rel, text).into_iter().filter(|e| !old.contains(e)).collect();
    if new.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid { subject: format!("{shown} (nothing written)"), problems: new })
    }
}

fn require_work_tree(ws: &Workspace) -> Result<()> {
    if ws.source.is_work_tree() {
        Ok(())
    } else {
        Err(Error::usage("changes are made in the working tree only").with_hint("drop --at / --staged"))
    }
}

/// Creates the product file `rel` with `text` after checking it; refuses if it exists.
pub fn create(product: &Product, ws: &Workspace, rel: &str, text: &str) -> Result<()> {
    require_work_tree(ws)?;
    validate(ws, rel, &product.display(rel).display().to_string(), None, text)?;
    let path = product.path_for_write(rel)?;
    if let Some(dir) = path.parent() {
        atomic::create_dir_all(dir)?;
    }
    atomic::create_new(&path, text.as_bytes())
}

/// Writes `text` to the product file `rel`, over `before` (what the caller
/// read, refusing a change made since) or, with no `before`, as a new file.
/// A file that exists but could not be read (invalid YAML, above the size
/// limit, a link) is never replaced by a fresh one: what is in it would be lost.
pub fn write_over(product: &Product, ws: &Workspace, rel: &str, before: Option<&str>, text: &str) -> Result<()> {
    require_work_tree(ws)?;
    let path = product.path_for_write(rel)?;
    match before {
        Some(old) => atomic::write_if_unchanged(&path, old.as_bytes(), text.as_bytes()),
        None => {
            if let Some(p) = ws.problems.iter().find(|p| p.path == rel && p.is_fatal()) {
                return Err(Error::Refused {
                    message: format!(
                        "{} cannot be read: {}; nothing written",
                        product.display(rel).display(),
                        p.message
                    ),
                    hint: Some("fix the file first; `pm check` shows where".to_string()),
                });
            }
            atomic::create_new(&path, text.as_bytes())
        }
    }
}

/// Applies lossless `edits` to the product file `rel` (whose current text
/// is `current`), checks the result and writes it. Returns the new text.
pub fn change(product: &Product, ws: &Workspace, rel: &str, current: &str, edits: &[Edit]) -> Result<String> {
    require_work_tree(ws)?;
    let (bom, body) = match current.strip_prefix('\u{feff}') {
        Some(b) => ("\u{feff}", b),
        None => ("", current),
    };
    let text = edit::apply(body, edits).map(|t| format!("{bom}{t}")).map_err(|e| Error::Refused {
        message: format!("cannot edit {}: {e}", product.display(rel).display()),
        hint: Some("edit the file by hand".to_string()),
    })?;
    if text == current {
        return Ok(text);
    }
    validate(ws, rel, &product.display(rel).display().to_string(), Some(current), &text)?;
    // `current` is what the caller read: a change made since then is refused, not overwritten.
    atomic::write_if_unchanged(&product.path_for_write(rel)?, current.as_bytes(), text.as_bytes())?;
    Ok(text)
}
