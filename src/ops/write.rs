//! The one write path. Every command that changes product files — one field
//! by flag, a whole file from the editor, a bulk move, an import, a
//! renumber — plans its changes as a set of [`Change`]s and hands them to
//! [`commit`], which refuses writes outside the working tree, validates the
//! resulting product with the one pre-write validator (schema plus the rules
//! of `pm check`: a change may leave problems a file already had, never add
//! one), checks the size limits, and writes every file or none.

use std::cell::RefCell;
use std::collections::HashSet;

use serde_json::Value;

use crate::check::diagnostic::Diagnostic;
use crate::check::{self, Options};
use crate::error::{Error, Refusal, Result};
use crate::model::Date;
use crate::model::backlog::Item;
use crate::model::config::Severity;
use crate::model::kind::{FileKind, Kind};
use crate::store::edit::{self, Edit, NewValue};
use crate::store::{Parses, Product, Workspace, atomic, generation, lock};

use super::fields::{FieldOp, Schema, Target};

/// One planned change of one product file (paths below the product folder).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    pub rel: String,
    /// The text the change was planned on; `None` for a new file. A file
    /// that no longer holds exactly this text is not overwritten.
    pub before: Option<String>,
    /// The new text; `None` removes the file.
    pub after: Option<String>,
}

impl Change {
    pub(crate) fn create(rel: impl Into<String>, text: String) -> Change {
        Change { rel: rel.into(), before: None, after: Some(text) }
    }

    pub(crate) fn replace(rel: impl Into<String>, before: String, after: String) -> Change {
        Change { rel: rel.into(), before: Some(before), after: Some(after) }
    }

    pub(crate) fn remove(rel: impl Into<String>, before: String) -> Change {
        Change { rel: rel.into(), before: Some(before), after: None }
    }

    fn is_noop(&self) -> bool {
        self.before.is_some() && self.before == self.after
    }
}

/// Refuses writes to anything but the working tree: `--at` and `--staged`
/// name a revision or the index, which pm only reads.
pub(crate) fn require_work_tree(ws: &Workspace) -> Result<()> {
    if ws.source.is_work_tree() {
        Ok(())
    } else {
        Err(Error::usage("changes are made in the working tree only").with_hint("drop --at / --staged"))
    }
}

/// Applies lossless `edits` to a file's text. The byte-order mark is handled
/// here, once: it stays if the file had one. Line endings are kept by the editor.
pub(crate) fn apply(product: &Product, rel: &str, text: &str, edits: &[Edit]) -> Result<String> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    edit::apply(body, edits).map(|t| format!("{bom}{t}")).map_err(|e| Error::Refused {
        message: format!("cannot edit {}: {e}", product.display(rel).display()),
        hint: Some("edit the file with the command's editor form (no flags), or by hand".to_string()),
    })
}

/// A file's text as parsed YAML (without its byte-order mark), for
/// resolving field paths against current values.
pub(crate) fn parsed(text: &str) -> Value {
    crate::store::yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(text)).unwrap_or(Value::Null)
}

/// The value at `base` inside `root`.
fn at<'v>(root: &'v Value, base: &[String]) -> &'v Value {
    let mut v = root;
    for segment in base {
        v = match v {
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)).unwrap_or(&Value::Null),
            Value::Object(map) => map.get(segment).unwrap_or(&Value::Null),
            _ => &Value::Null,
        };
    }
    v
}

/// The lossless edits for field changes to one record of `kind` (at `base`
/// inside the file whose text is `text`), each field resolved and typed by
/// the kind's schema. Errors name the file.
pub(crate) fn field_edits(
    product: &Product,
    ws: &Workspace,
    kind: Kind,
    rel: &str,
    text: &str,
    base: &[String],
    ops: &[FieldOp],
) -> Result<Vec<Edit>> {
    // Each change is resolved against the text as the changes before it left
    // it, so that positions in a list stay right after an earlier removal.
    let schema = Schema::of(kind, &ws.config.value);
    let mut current = text.to_string();
    let mut edits = Vec::with_capacity(ops.len());
    for op in ops {
        let root = parsed(&current);
        let target = Target { kind, base: base.to_vec(), value: at(&root, base), config: &ws.config.value };
        let edit = schema.edit(&target, op).map_err(|e| in_file(product, rel, e))?;
        current = apply(product, rel, &current, std::slice::from_ref(&edit))?;
        edits.push(edit);
    }
    Ok(edits)
}

/// Names the file in an error about a value in it.
pub(crate) fn in_file(product: &Product, rel: &str, e: Error) -> Error {
    let shown = product.display(rel).display().to_string();
    match e {
        Error::Usage { message, hint } => Error::Usage { message: format!("{shown}: {message}"), hint },
        Error::Refused { message, hint } => Error::Refused { message: format!("{shown}: {message}"), hint },
        Error::Domain(Refusal::ReadOnlyField { kind, field, noun, file: None }) => {
            Refusal::ReadOnlyField { kind, field, noun, file: Some(shown) }.into()
        }
        other => other,
    }
}

/// The edit that stamps `updated` on a record at `base`, for kinds that have it.
pub(crate) fn stamp(kind: Kind, base: &[String], today: Date) -> Option<Edit> {
    kind.def().stamped.then(|| {
        let mut path = base.to_vec();
        path.push("updated".into());
        Edit::Set { path, value: NewValue::Raw(today.to_string()) }
    })
}

/// Applies `edits` to a record and, when they changed anything, stamps
/// `updated` (for kinds that have it). `None` when nothing changed.
pub(crate) fn edit_text(
    product: &Product,
    kind: Kind,
    rel: &str,
    text: &str,
    base: &[String],
    edits: &[Edit],
    today: Date,
) -> Result<Option<String>> {
    let changed = apply(product, rel, text, edits)?;
    if changed == text {
        return Ok(None);
    }
    let stamped = match stamp(kind, base, today) {
        // A user who set `updated` themselves keeps their value.
        Some(s) if !edits.iter().any(|e| matches!(e, Edit::Set { path, .. } | Edit::Unset { path } if path.last().is_some_and(|p| p == "updated") && path.len() == base.len() + 1)) => {
            apply(product, rel, &changed, &[s])?
        }
        _ => changed,
    };
    Ok(Some(stamped))
}

/// A whole new text for an artifact file (from the editor), made ready to
/// write as a flag edit would be: the id cannot change, and `updated` is
/// stamped (for kinds that have it) unless the user changed it. The caller
/// checks what its kind's workflow says of a status change.
pub(crate) fn edited_text(
    product: &Product,
    kind: Kind,
    id: &str,
    rel: &str,
    before: &str,
    text: &str,
    today: Date,
) -> Result<String> {
    let new = parsed(text);
    if let Some(new_id) = new.get("id").and_then(Value::as_str)
        && new_id != id
    {
        return Err(Refusal::IdChanged { kind, id: id.to_string(), to: new_id.to_string() }.into());
    }
    let old = parsed(before);
    match stamp(kind, &[], today) {
        Some(stamp) if new.is_object() && old.get("updated") == new.get("updated") => {
            apply(product, rel, text, &[stamp])
        }
        _ => Ok(text.to_string()),
    }
}

/// An error as a refusal lists it: its file, rule, message and fix.
fn shown(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}: {}: {} — {help}", d.path, d.rule, d.message),
        None => format!("{}: {}: {}", d.path, d.rule, d.message),
    }
}

/// The errors the product would have after `changes` that it does not have
/// now — anywhere, since a change to one file can break a rule reported on
/// another. They are compared without positions: a change moves lines, not
/// problems.
pub(crate) fn new_errors(ws: &Workspace, changes: &[Change]) -> Vec<Diagnostic> {
    new_findings(ws, changes, Severity::Error)
}

/// Like [`new_errors`], for findings of `least` severity or above (a
/// removal looks for the references it would leave dangling, even where a
/// team made that rule a warning).
///
/// Validation is incremental: only the changed files are parsed and checked
/// against their schema, and when only backlog items change, the per-item
/// rules run on the items those changes can affect ([`touched`]); the rules
/// over the whole product run on what is already in memory.
pub(crate) fn new_findings(ws: &Workspace, changes: &[Change], least: Severity) -> Vec<Diagnostic> {
    findings_after(ws, changes, least, true)
}

/// [`new_findings`], with the per-item rules run on every item unless `incremental`.
fn findings_after(ws: &Workspace, changes: &[Change], least: Severity, incremental: bool) -> Vec<Diagnostic> {
    let after = with_texts(ws, changes, |c| c.after.as_ref());
    let scope = if incremental { touched(ws, &after.0, changes) } else { None };
    let found = |(ws, parses): &(Workspace, Parses)| -> Vec<Diagnostic> {
        let report = check::check(ws, parses, &Options { items: scope.as_ref(), ..Options::default() });
        report.diagnostics.into_iter().filter(|d| d.severity >= least).collect()
    };
    let new = found(&after);
    if new.is_empty() {
        return new;
    }
    let before = with_texts(ws, changes, |c| c.before.as_ref());
    let old: HashSet<String> = found(&before).iter().map(shown).collect();
    new.into_iter().filter(|d| !old.contains(&shown(d))).collect()
}

/// The backlog files whose per-item findings `changes` can change, between
/// the product `before` and `after` them: the changed files, the items they
/// refer to (a parent whose children all closed), and the items that refer
/// to an item in them (an item waiting for one that closed). `None` — every
/// item — when anything but backlog items changes, since items refer to
/// initiatives, PRDs, key results and iterations too.
pub(crate) fn touched(before: &Workspace, after: &Workspace, changes: &[Change]) -> Option<HashSet<String>> {
    if changes.iter().any(|c| FileKind::of_path(&c.rel) != Some(FileKind::BacklogItem)) {
        return None;
    }
    let mut paths: HashSet<String> = changes.iter().map(|c| c.rel.clone()).collect();
    let was: Vec<&Item> = before.items.iter().filter(|d| paths.contains(&d.path)).map(|d| &d.value).collect();
    let is: Vec<&Item> = after.items.iter().filter(|d| paths.contains(&d.path)).map(|d| &d.value).collect();
    let mut ids: HashSet<&str> =
        changes.iter().filter_map(|c| c.rel.strip_prefix("backlog/").and_then(|n| n.strip_suffix(".yaml"))).collect();
    ids.extend(was.iter().chain(&is).map(|i| i.id.as_str()));
    let targets: HashSet<&str> =
        was.iter().chain(&is).flat_map(|i| i.references()).map(|(_, _, target)| target).collect();
    // Every other item is the same before and after: one side is enough.
    let near: Vec<String> = after
        .items
        .iter()
        .filter(|d| {
            targets.contains(d.value.id.as_str()) || d.value.references().iter().any(|(_, _, t)| ids.contains(t))
        })
        .map(|d| d.path.clone())
        .collect();
    paths.extend(near);
    Some(paths)
}

/// A workspace in which each changed file holds `pick(change)`, parsed
/// afresh, with the parsed YAML of those files (so that their schema is
/// validated) and no other.
fn with_texts(ws: &Workspace, changes: &[Change], pick: impl Fn(&Change) -> Option<&String>) -> (Workspace, Parses) {
    ws.with_files(changes.iter().map(|c| (c.rel.clone(), pick(c).map(|t| t.as_bytes().to_vec()))).collect())
}

/// The one pre-write validator: refuses the changes if the product after
/// them has errors that it did not have before ([`new_errors`]: a dependency
/// cycle is reported on its first item, a removed item on those that refer
/// to it), or a file above the size limit.
pub(crate) fn validate(product: &Product, ws: &Workspace, changes: &[Change]) -> Result<()> {
    let limits = ws.config.value.limits;
    for c in changes {
        if let Some(after) = &c.after
            && after.len() as u64 > limits.max_file_bytes
        {
            return Err(Error::Refused {
                message: format!(
                    "{} would be {} bytes, above the limit of {} (limits.max_file_bytes); nothing written",
                    product.display(&c.rel).display(),
                    after.len(),
                    limits.max_file_bytes
                ),
                hint: Some("split the text over several artifacts, or raise the limit in pm.yaml".to_string()),
            });
        }
    }
    let added: Vec<String> = new_errors(ws, changes).iter().map(shown).collect();
    if added.is_empty() {
        return Ok(());
    }
    let subject = match changes {
        [one] => product.display(&one.rel).display().to_string(),
        many => format!("the change to {} files", many.len()),
    };
    let problems = if changes.len() == 1 {
        // One file: its name is already the subject.
        let prefix = format!("{}: ", changes[0].rel);
        added.into_iter().map(|e| e.strip_prefix(&prefix).map(str::to_string).unwrap_or(e)).collect()
    } else {
        added
    };
    Err(Error::Invalid { subject: format!("{subject} (nothing written)"), problems })
}

/// The one write path: working tree only, validated, atomic. Changes that
/// change nothing are dropped; several files are written as one transaction.
///
/// Writers take turns: under the product's write lock the product is read
/// again if another pm write has landed since the command read it (the write
/// generation, [`crate::store::generation`]), every file the changes were
/// planned on must still hold the text they were planned on, and the changes
/// are validated against the product as it is now, not as the command read it. So a write that would leave a
/// dangling reference because of another write made meanwhile (an item
/// renumbered or removed while a reference to it is added elsewhere) is
/// refused, and two writers can never both succeed on one file.
pub(crate) fn commit(product: &Product, ws: &Workspace, changes: Vec<Change>) -> Result<()> {
    require_work_tree(ws)?;
    let changes: Vec<Change> = changes.into_iter().filter(|c| !c.is_noop()).collect();
    if changes.is_empty() {
        return Ok(());
    }
    // A path pm may not write (through a link, outside the product) is refused first.
    for c in &changes {
        product.path_for_write(&c.rel)?;
    }
    let state = product.state_dir();
    atomic::create_dir_all(&state)?;
    let _turn = lock::LockFile::acquire(&state.join(WRITE_LOCK), "the product's write lock")?;
    let fresh;
    let now = if ws.is_current(product) {
        ws
    } else {
        fresh = Workspace::load(product, ws.source.clone())?;
        &fresh
    };
    for c in &changes {
        // A file to create that exists but cannot be read is refused by `write`, saying why.
        let current = now.text_of(&c.rel);
        let unreadable = now.problems.iter().any(|p| p.path == c.rel && p.is_fatal());
        if current != c.before && (c.before.is_some() || (current.is_some() && !unreadable)) {
            // Named as the file-level compare-and-swap names it.
            let shown = product.dir.join(&c.rel).display().to_string();
            let message = match c.before {
                Some(_) => format!("`{shown}` was changed by someone else since pm read it; nothing written"),
                None => format!("`{shown}` was created by someone else since pm read the product; nothing written"),
            };
            return Err(Error::Refused { message, hint: Some("re-run the command".to_string()) });
        }
    }
    expect(product, &changes)?;
    validate(product, now, &changes)?;
    let written: Vec<String> = changes.iter().map(|c| product.display(&c.rel).display().to_string()).collect();
    // Before the files change, so that a write cut short still leaves the token changed; and after.
    generation::bump(&state)?;
    write(product, now, changes)?;
    generation::bump(&state)?;
    WATCH.with_borrow_mut(|w| {
        if let Some(w) = w {
            w.written.extend(written);
        }
    });
    Ok(())
}

/// A file's content as the caller last read it: the git blob id of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    /// The file, below the product folder.
    pub rel: String,
    pub blob: String,
}

/// What [`watched`] asks of, and learns from, the writes on this thread.
struct Watch {
    expected: Option<Expected>,
    written: Vec<String>,
}

thread_local! {
    static WATCH: RefCell<Option<Watch>> = const { RefCell::new(None) };
}

/// Runs `f` and returns, beside its result, the files its writes changed
/// (as the CLI names them). With `expected`, a write to that file is refused
/// unless the file still holds the content with that blob id: a caller that
/// read a file, thought, and wrote later never overwrites a change made
/// meanwhile. Front ends that serve several callers (`pm mcp`) use this.
pub(crate) fn watched<R>(expected: Option<Expected>, f: impl FnOnce() -> R) -> (R, Vec<String>) {
    let outer = WATCH.replace(Some(Watch { expected, written: Vec::new() }));
    let result = f();
    let watch = WATCH.replace(outer);
    (result, watch.map(|w| w.written).unwrap_or_default())
}

/// Refuses changes to a file that no longer holds the content the caller
/// expected (see [`watched`]). `changes` hold the text as it is now.
fn expect(product: &Product, changes: &[Change]) -> Result<()> {
    let expected = WATCH.with_borrow(|w| w.as_ref().and_then(|w| w.expected.clone()));
    let Some(expected) = expected else { return Ok(()) };
    for c in changes.iter().filter(|c| c.rel == expected.rel) {
        let now = c.before.as_deref().map(|t| crate::git::Repo::hash(t.as_bytes())).unwrap_or_default();
        if now != expected.blob {
            return Err(Error::Refused {
                message: format!(
                    "{} changed since you read it (its blob is {now}, not {}); nothing written",
                    product.display(&c.rel).display(),
                    expected.blob
                ),
                hint: Some("read it again (pm_get gives its blob) and make the change on what it holds now".into()),
            });
        }
    }
    Ok(())
}

/// The file the product's writers take turns on, in pm's state folder.
const WRITE_LOCK: &str = "write.lock";

/// Writes validated changes: one file atomically with compare-and-swap,
/// several as a transaction.
fn write(product: &Product, ws: &Workspace, changes: Vec<Change>) -> Result<()> {
    for c in &changes {
        if c.before.is_none()
            && let Some(p) = ws.problems.iter().find(|p| p.path == c.rel && p.is_fatal())
        {
            // A file that exists but could not be read is never replaced by a fresh one.
            return Err(Refusal::Unreadable {
                file: product.display(&c.rel).display().to_string(),
                problem: p.message.clone(),
            }
            .into());
        }
    }
    if let [one] = changes.as_slice() {
        let path = product.path_for_write(&one.rel)?;
        return match (&one.before, &one.after) {
            (Some(before), Some(after)) => atomic::write_if_unchanged(&path, before.as_bytes(), after.as_bytes()),
            (None, Some(after)) => {
                if let Some(dir) = path.parent() {
                    atomic::create_dir_all(dir)?;
                }
                atomic::create_new(&path, after.as_bytes())
            }
            (Some(before), None) => atomic::remove_if_unchanged(&path, before.as_bytes()),
            (None, None) => Ok(()),
        };
    }
    let mut ops = Vec::new();
    for c in changes {
        let path = product.path_for_write(&c.rel)?;
        if let Some(dir) = path.parent() {
            atomic::create_dir_all(dir)?;
        }
        ops.push(match (c.before, c.after) {
            (Some(expected), Some(after)) => {
                crate::store::txn::Op::Replace { path, expected: expected.into_bytes(), bytes: after.into_bytes() }
            }
            (None, Some(after)) => crate::store::txn::Op::Create { path, bytes: after.into_bytes() },
            (Some(expected), None) => crate::store::txn::Op::Remove { path, expected: expected.into_bytes() },
            (None, None) => continue,
        });
    }
    crate::store::txn::commit(&product.state_dir(), ops)
}

/// Applies lossless `edits` to the file `rel` (whose current text is
/// `current`) and writes the result through [`commit`]. Returns the new text.
pub(crate) fn change(product: &Product, ws: &Workspace, rel: &str, current: &str, edits: &[Edit]) -> Result<String> {
    require_work_tree(ws)?;
    let text = apply(product, rel, current, edits)?;
    commit(product, ws, vec![Change::replace(rel, current.to_string(), text.clone())])?;
    Ok(text)
}

/// Creates the product file `rel` with `text` through [`commit`]; refused if it exists.
pub(crate) fn create(product: &Product, ws: &Workspace, rel: &str, text: &str) -> Result<()> {
    commit(product, ws, vec![Change::create(rel, text.to_string())])
}

/// Adds a record to the list at `list` (empty: the file's top-level list)
/// of `rel`: appended losslessly when the file exists (`current`: its path
/// and text), else the file is created as `head` (modeline, comments, other
/// keys) followed by the list holding the record.
pub(crate) fn add_record(
    product: &Product,
    ws: &Workspace,
    rel: &str,
    current: Option<(&str, &str)>,
    list: &str,
    head: &str,
    fields: Vec<(String, NewValue)>,
) -> Result<()> {
    let path: Vec<String> = if list.is_empty() { Vec::new() } else { vec![list.to_string()] };
    if let Some((path_now, text)) = current {
        change(product, ws, path_now, text, &[Edit::Append { path, value: NewValue::Map(fields) }])?;
        return Ok(());
    }
    let lines: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            let v = match v {
                NewValue::Str(s) => edit::render_scalar(s, false),
                NewValue::Raw(r) => r.clone(),
                map @ (NewValue::Map(_) | NewValue::Seq(_)) => edit::render_inline(map).unwrap_or_default(),
            };
            format!("{k}: {v}")
        })
        .collect();
    let out = if list.is_empty() {
        format!("{head}- {}\n", lines.join("\n  "))
    } else {
        format!("{head}{list}:\n  - {}\n", lines.join("\n    "))
    };
    create(product, ws, rel, &out)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn product(items: &[(&str, &str)]) -> Workspace {
        let files: Vec<(String, String)> = items
            .iter()
            .map(|(id, rest)| (format!("backlog/{id}.yaml"), format!("id: {id}\ntitle: {id}\n{rest}")))
            .collect();
        Workspace::in_memory(&files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect::<Vec<_>>())
    }

    fn text(ws: &Workspace, id: &str) -> String {
        ws.text_of(&format!("backlog/{id}.yaml")).unwrap()
    }

    fn set(ws: &Workspace, id: &str, from: &str, to: &str) -> Change {
        let before = text(ws, id);
        assert!(before.contains(from), "{id} holds no `{from}`");
        Change::replace(format!("backlog/{id}.yaml"), before.clone(), before.replacen(from, to, 1))
    }

    fn all(found: Vec<Diagnostic>) -> Vec<String> {
        found.iter().map(shown).collect()
    }

    /// Findings reported on items the change does not touch are found all
    /// the same, and incremental validation finds exactly what a check of the
    /// whole product finds.
    #[test]
    fn incremental_validation_finds_what_a_whole_check_finds() {
        let ws = product(&[
            ("BL-1", "type: epic\nstatus: done\n"),
            ("BL-2", "type: story\nstatus: done\nparent: BL-1\n"),
            ("BL-3", "type: story\nstatus: done\n"),
            ("BL-4", "type: story\nstatus: in_progress\nblocked_by: [BL-3]\n"),
            ("BL-5", "type: story\nstatus: new\nblocked_by: [BL-6]\n"),
            ("BL-6", "type: story\nstatus: new\n"),
            ("BL-7", "type: spike\nstatus: new\nparent: BL-1\n"),
            ("BL-8", "type: story\nstatus: new\n"),
        ]);
        let cases: Vec<(Vec<Change>, Vec<&str>)> = vec![
            // A child reopened: its done parent now has open work (reported on BL-1).
            (
                vec![set(&ws, "BL-2", "status: done", "status: in_progress")],
                vec![
                    "backlog/BL-1.yaml: done-with-open-children: BL-1 is done but has open children: BL-2 (in_progress)",
                ],
            ),
            // A blocker reopened: the item in progress waits for it (reported on BL-4).
            (
                vec![set(&ws, "BL-3", "status: done", "status: ready")],
                vec![
                    "backlog/BL-4.yaml: in-progress-while-blocked: BL-4 is in_progress but waits for BL-3, which is ready",
                ],
            ),
            // A cycle closed by one new reference (reported on the first item of the cycle).
            (
                vec![set(&ws, "BL-6", "status: new\n", "status: new\nblocked_by: [BL-5]\n")],
                vec!["backlog/BL-5.yaml: dependency-cycle: cycle: BL-5 → BL-6 → BL-5"],
            ),
            // An item removed that others refer to.
            (
                vec![Change::remove("backlog/BL-6.yaml", text(&ws, "BL-6"))],
                vec!["backlog/BL-5.yaml: dangling-reference: no backlog item BL-6"],
            ),
            // A new item whose parent is a spike.
            (
                vec![Change::create(
                    "backlog/BL-9.yaml",
                    "id: BL-9\ntitle: x\ntype: story\nstatus: new\nparent: BL-7\n".into(),
                )],
                vec!["backlog/BL-9.yaml: wrong-kind-reference: a story cannot have a spike (BL-7) as its parent"],
            ),
            // BL-1's finding (done with BL-7 open) is there before and after: not new.
            (vec![set(&ws, "BL-8", "status: new", "status: ready")], vec![]),
        ];
        for (changes, expected) in cases {
            let incremental = all(findings_after(&ws, &changes, Severity::Info, true));
            let whole = all(findings_after(&ws, &changes, Severity::Info, false));
            assert_eq!(incremental, whole, "{changes:?}");
            assert_eq!(incremental.len(), expected.len(), "{incremental:#?}");
            for e in &expected {
                assert!(incremental.iter().any(|f| f.starts_with(e)), "{e} not in {incremental:#?}");
            }
        }
    }

    #[test]
    fn a_write_touches_its_items_their_references_and_their_referrers() {
        let ws = product(&[
            ("BL-1", "type: epic\nstatus: new\n"),
            ("BL-2", "type: story\nstatus: new\nparent: BL-1\n"),
            ("BL-3", "type: story\nstatus: new\nblocked_by: [BL-2]\n"),
            ("BL-4", "type: story\nstatus: new\n"),
        ]);
        let change = set(&ws, "BL-2", "status: new", "status: ready");
        let (after, _) = with_texts(&ws, std::slice::from_ref(&change), |c| c.after.as_ref());
        let mut paths: Vec<String> = touched(&ws, &after, &[change]).unwrap().into_iter().collect();
        paths.sort();
        assert_eq!(paths, ["backlog/BL-1.yaml", "backlog/BL-2.yaml", "backlog/BL-3.yaml"]);
        // Anything but backlog items: every item.
        let roadmap = Change::create("roadmap.yaml", "initiatives: []\n".into());
        assert_eq!(touched(&ws, &ws, &[roadmap]), None);
    }
}
