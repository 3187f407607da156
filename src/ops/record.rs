//! Any artifact by kind and id: where it lives (its file and its path inside
//! the file, from the kind table) and the generic field edit every kind's
//! `edit` command runs. A kind's own commands (move, check-in, ship) add
//! what its workflow needs; plain field changes all go through here.

use crate::error::{Error, Mistake, Refusal, Result};
use crate::model::Date;
use crate::model::config::Severity;
use crate::model::kind::Kind;
use crate::store::{PRODUCT_FILE, Product, ROADMAP_FILE, Workspace};

use super::fields::FieldOp;
use super::write::{self, Change};
use crate::store::edit::Edit;

/// Where an artifact is: its id, its file and the path of its mapping inside
/// that file, and the file's text as read.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    pub kind: Kind,
    pub id: String,
    pub rel: String,
    pub base: Vec<String>,
    pub text: String,
    /// For a part of a record (a PRD's requirement), the path of the record
    /// that owns it, whose `updated` stamp a removal renews.
    pub record: Option<Vec<String>>,
}

/// Finds the artifact of `kind` named `input` (`RM-2`, `KR-4`, `EXP-1`, `nps`).
pub(crate) fn locate(ws: &Workspace, kind: Kind, input: &str) -> Result<Located> {
    let at = |id: &str, rel: &str, base: Vec<String>, text: &str| Located {
        kind,
        id: id.to_string(),
        rel: rel.to_string(),
        base,
        text: text.to_string(),
        record: None,
    };
    let roadmap_text = || ws.roadmap.as_ref().map(|d| d.text.as_str()).unwrap_or_default();
    Ok(match kind {
        Kind::Backlog => {
            let doc = ws.item(input)?;
            at(&doc.value.id, &doc.path, Vec::new(), &doc.text)
        }
        Kind::Initiative => {
            let (i, initiative) = super::roadmap::initiative(ws, input)?;
            at(&initiative.id, ROADMAP_FILE, vec!["initiatives".into(), i.to_string()], roadmap_text())
        }
        Kind::Milestone => {
            let (i, milestone) = super::roadmap::milestone(ws, input)?;
            at(&milestone.id, ROADMAP_FILE, vec!["milestones".into(), i.to_string()], roadmap_text())
        }
        Kind::Objective => {
            let (doc, i, objective) = super::okr::find_objective(ws, input)?;
            at(&objective.id, &doc.path, vec![i.to_string()], &doc.text)
        }
        Kind::KeyResult => {
            let (doc, oi, ki, kr) = super::okr::find_kr(ws, input)?;
            at(&kr.id, &doc.path, vec![oi.to_string(), "key_results".into(), ki.to_string()], &doc.text)
        }
        Kind::Prd => {
            if let Some((prd, _)) = input.split_once('#') {
                return Err(
                    Mistake::PrdPart { input: input.trim().to_string(), prd: prd.trim().to_ascii_uppercase() }.into()
                );
            }
            let doc = super::prd::find(ws, input)?;
            at(&doc.value.id, &doc.path, Vec::new(), &doc.text)
        }
        Kind::Metric => {
            let doc = super::metric::find(ws, input)?;
            at(&doc.value.id, &doc.path, Vec::new(), &doc.text)
        }
        Kind::Experiment => {
            let doc = super::experiment::find(ws, input)?;
            at(&doc.value.id, &doc.path, Vec::new(), &doc.text)
        }
        Kind::Feedback => {
            let doc = super::feedback::find(ws, input)?;
            at(&doc.value.id, &doc.path, Vec::new(), &doc.text)
        }
        Kind::Customer => {
            let (i, c) = super::customer::find(ws, input)?;
            let text = ws.customers.as_ref().map(|d| d.text.as_str()).unwrap_or_default();
            at(&c.id, crate::store::CUSTOMERS_FILE, vec!["customers".into(), i.to_string()], text)
        }
        Kind::Competitor => {
            let (i, c) = super::competitor::find(ws, input)?;
            let text = ws.competitors.as_ref().map(|d| d.text.as_str()).unwrap_or_default();
            at(&c.id, crate::store::COMPETITORS_FILE, vec!["competitors".into(), i.to_string()], text)
        }
        Kind::Iteration => {
            let (i, it) = super::iteration::find(ws, input)?;
            let text = ws.iterations.as_ref().map(|d| d.text.as_str()).unwrap_or_default();
            at(&it.id, crate::store::ITERATIONS_FILE, vec![i.to_string()], text)
        }
        Kind::Product => {
            let doc = ws
                .product
                .as_ref()
                .ok_or_else(|| Error::from(Refusal::NoFile { kind: Kind::Product, file: PRODUCT_FILE }))?;
            at("product", PRODUCT_FILE, Vec::new(), &doc.text)
        }
        Kind::Config => {
            return Err(Mistake::ConfigByHand.into());
        }
    })
}

/// Finds the artifact named `input`, of whatever kind: a backlog item, an
/// initiative, a milestone, an objective, a key result, a PRD, a metric, an
/// experiment, an iteration, feedback, a customer, a competitor, or
/// `product`. Ids of prefixed kinds never look alike; metric, customer and
/// competitor ids are names, looked up in that order, so the first kind that
/// knows the id is its kind.
pub(crate) fn locate_any(ws: &Workspace, input: &str) -> Result<Located> {
    const KINDS: [Kind; 12] = [
        Kind::Backlog,
        Kind::Initiative,
        Kind::Milestone,
        Kind::Iteration,
        Kind::Objective,
        Kind::KeyResult,
        Kind::Prd,
        Kind::Experiment,
        Kind::Feedback,
        Kind::Metric,
        Kind::Customer,
        Kind::Competitor,
    ];
    if input.trim().eq_ignore_ascii_case("product") {
        return locate(ws, Kind::Product, "product");
    }
    for kind in KINDS {
        if let Ok(found) = locate(ws, kind, input) {
            return Ok(found);
        }
    }
    Err(Mistake::UnknownId { input: input.trim().to_string() }.into())
}

/// The same field changes to several artifacts of one kind, written as one
/// transaction (all or none; with `dry_run`, checked but not written). Each
/// record that changed gets `updated` stamped if its kind has it. Returns
/// the ids of the artifacts that changed, in the order named.
pub(crate) fn edit(
    product: &Product,
    ws: &Workspace,
    kind: Kind,
    inputs: &[String],
    ops: &[FieldOp],
    today: Date,
    dry_run: bool,
) -> Result<Vec<String>> {
    let each: Vec<(String, Vec<FieldOp>)> = inputs.iter().map(|i| (i.clone(), ops.to_vec())).collect();
    edit_each(product, ws, kind, &each, today, dry_run)
}

/// Like [`edit`], with changes of its own for each artifact (the weights of
/// several key results, set together so that they are checked together).
pub(crate) fn edit_each(
    product: &Product,
    ws: &Workspace,
    kind: Kind,
    each: &[(String, Vec<FieldOp>)],
    today: Date,
    dry_run: bool,
) -> Result<Vec<String>> {
    write::require_work_tree(ws)?;
    // Several records may share a file (initiatives in roadmap.yaml): each
    // file's edits build on the previous ones.
    let mut files: Vec<(String, String, String)> = Vec::new();
    let mut changed = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (input, ops) in each {
        let found = locate(ws, kind, input)?;
        // The same artifact named twice is changed once.
        if seen.contains(&found.id) {
            continue;
        }
        seen.push(found.id.clone());
        let slot = match files.iter().position(|(rel, _, _)| *rel == found.rel) {
            Some(i) => i,
            None => {
                files.push((found.rel.clone(), found.text.clone(), found.text.clone()));
                files.len() - 1
            }
        };
        let current = files[slot].2.clone();
        let edits = write::field_edits(product, ws, kind, &found.rel, &current, &found.base, ops)?;
        if let Some(text) = write::edit_text(product, kind, &found.rel, &current, &found.base, &edits, today)? {
            files[slot].2 = text;
            if !changed.contains(&found.id) {
                changed.push(found.id.clone());
            }
        }
    }
    let changes: Vec<Change> =
        files.into_iter().map(|(rel, before, after)| Change::replace(rel, before, after)).collect();
    if dry_run {
        write::validate(product, ws, &changes)?;
    } else {
        write::commit(product, ws, changes)?;
    }
    Ok(changed)
}

/// What a removal did: the artifacts removed and, with `force`, the
/// references to them that were removed too (`(file, field path)`).
#[derive(Debug, Default)]
pub(crate) struct Removed {
    pub ids: Vec<String>,
    pub unlinked: Vec<(String, String)>,
}

/// The rules that report a reference to something that does not exist.
const DANGLING: [&str; 3] = ["dangling-reference", "experiment-dangling-reference", "feedback-dangling-reference"];

/// A JSON pointer as editor path segments.
fn segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
}

/// Orders paths so that removing them one after the other never shifts a
/// position still to be removed: later list positions first.
fn deepest_last_first(paths: &mut [Vec<String>]) {
    let key = |p: &Vec<String>| p.iter().map(|s| s.parse::<usize>().map_or(Err(s.clone()), Ok)).collect::<Vec<_>>();
    paths.sort_by_key(|p| std::cmp::Reverse(key(p)));
}

/// Removes artifacts of `kind` (whole files, or entries of the file that
/// holds them) as one transaction. While anything refers to them, the
/// removal is refused with the references listed, unless `force`, which
/// removes those references in the same transaction.
pub(crate) fn remove(
    product: &Product,
    ws: &Workspace,
    kind: Kind,
    inputs: &[String],
    force: bool,
    dry_run: bool,
    today: Date,
) -> Result<Removed> {
    let targets = inputs.iter().map(|input| locate(ws, kind, input)).collect::<Result<Vec<_>>>()?;
    remove_located(product, ws, targets, force, dry_run, today)
}

/// [`remove`] of artifacts (or parts of one) already located.
pub(crate) fn remove_located(
    product: &Product,
    ws: &Workspace,
    targets: Vec<Located>,
    force: bool,
    dry_run: bool,
    today: Date,
) -> Result<Removed> {
    write::require_work_tree(ws)?;
    let mut removed = Removed::default();
    // Per file: its path, its text as read, and the entries to remove from it
    // (`None`: the whole file).
    type Entries = Option<Vec<Vec<String>>>;
    let mut files: Vec<(String, String, Entries)> = Vec::new();
    let mut stamps: Vec<(String, Kind, Vec<String>)> = Vec::new();
    for found in targets {
        if removed.ids.contains(&found.id) {
            continue;
        }
        removed.ids.push(found.id.clone());
        if let Some(record) = &found.record
            && !stamps.iter().any(|(rel, _, r)| *rel == found.rel && r == record)
        {
            stamps.push((found.rel.clone(), found.kind, record.clone()));
        }
        match files.iter_mut().find(|(rel, _, _)| *rel == found.rel) {
            Some((_, _, Some(entries))) => entries.push(found.base.clone()),
            Some((_, _, None)) => {}
            None => {
                let entries = (!found.base.is_empty()).then(|| vec![found.base.clone()]);
                files.push((found.rel.clone(), found.text.clone(), entries));
            }
        }
    }
    let mut planned: Vec<(String, String, Option<String>)> = Vec::new();
    for (rel, text, entries) in files {
        let after = match entries {
            None => None,
            Some(mut entries) => {
                deepest_last_first(&mut entries);
                let mut edits: Vec<Edit> = entries.into_iter().map(|path| Edit::Unset { path }).collect();
                edits.extend(
                    stamps
                        .iter()
                        .filter(|(r, _, _)| *r == rel)
                        .filter_map(|(_, kind, record)| write::stamp(*kind, record, today)),
                );
                Some(write::apply(product, &rel, &text, &edits)?)
            }
        };
        planned.push((rel, text, after));
    }
    let changes = |planned: &[(String, String, Option<String>)]| -> Vec<Change> {
        planned
            .iter()
            .map(|(rel, before, after)| Change { rel: rel.clone(), before: Some(before.clone()), after: after.clone() })
            .collect()
    };
    // References to what goes are the dangling references the removal would make.
    let dangling: Vec<(String, String, String)> = write::new_findings(ws, &changes(&planned), Severity::Info)
        .into_iter()
        .filter(|d| DANGLING.contains(&d.rule))
        .map(|d| (d.path, d.pointer, d.message))
        .collect();
    if !dangling.is_empty() && !force {
        let listed: Vec<String> = dangling
            .iter()
            .map(|(path, pointer, _)| format!("{} ({})", product.display(path).display(), segments(pointer).join(".")))
            .collect();
        return Err(Error::refused(format!("{} referenced by {}", removed.ids.join(", "), listed.join(", ")))
            .with_hint("remove those references first, or use --force to remove them too"));
    }
    // With --force, each reference goes too, in the same transaction.
    let mut by_file: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for (path, pointer, _) in &dangling {
        removed.unlinked.push((path.clone(), segments(pointer).join(".")));
        match by_file.iter_mut().find(|(p, _)| p == path) {
            Some((_, pointers)) => pointers.push(segments(pointer)),
            None => by_file.push((path.clone(), vec![segments(pointer)])),
        }
    }
    for (path, mut pointers) in by_file {
        deepest_last_first(&mut pointers);
        let edits: Vec<Edit> = pointers.into_iter().map(|path| Edit::Unset { path }).collect();
        match planned.iter_mut().find(|(rel, _, _)| *rel == path) {
            Some((_, _, Some(after))) => *after = write::apply(product, &path, after, &edits)?,
            Some((_, _, None)) => {}
            None => {
                let text = ws.text_of(&path).unwrap_or_default();
                let after = write::apply(product, &path, &text, &edits)?;
                planned.push((path, text, Some(after)));
            }
        }
    }
    let changes = changes(&planned);
    if dry_run {
        write::validate(product, ws, &changes)?;
    } else {
        write::commit(product, ws, changes)?;
    }
    Ok(removed)
}
