//! PRDs: creating them from templates, lossless edits, the lifecycle with
//! approvals, requirements, links to the backlog and coverage.

use serde::Serialize;

use crate::check::schema::SchemaKind;
use crate::error::{Error, Refusal, Result};
use crate::model::kind::Kind;
use crate::model::prd::{Approval, Moscow, PrdStatus};
use crate::model::{Date, Item, Prd, id};
use crate::store::edit::{Edit, NewValue, render_scalar};
use crate::store::ids::IdLock;
use crate::store::templates::{self, TemplateKind};
use crate::store::{Doc, Product, Workspace};

use super::fields::FieldOp;
use super::write::{self, Change};

pub(crate) fn find<'a>(ws: &'a Workspace, input: &str) -> Result<&'a Doc<Prd>> {
    let wanted = input.trim().to_ascii_uppercase();
    let wanted = wanted.split('#').next().unwrap_or_default().to_string();
    ws.prd(&wanted).ok_or_else(|| Error::NotFound {
        noun: "PRD",
        suggestions: id::closest(&wanted, ws.prds.iter().map(|p| p.value.id.as_str())),
        id: wanted,
    })
}

/// What a new PRD starts with.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewPrd {
    pub title: String,
    pub template: String,
    pub owner: Option<String>,
    pub initiative: Option<String>,
    pub milestone: Option<String>,
}

/// Creates `prds/PRD-n.yaml` from a template; returns its id and path.
pub(crate) fn new(product: &Product, ws: &Workspace, new: &NewPrd, today: Date) -> Result<(String, String)> {
    if new.title.trim().is_empty() {
        return Err(Error::usage("the title is empty"));
    }
    let template = templates::get(product, TemplateKind::Prd, &new.template)?;
    let upper = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_ascii_uppercase());
    let lock = IdLock::acquire(product)?;
    let pid = crate::store::ids::next_in(product, "prds", "PRD", &lock)?;
    let rel = format!("prds/{pid}.yaml");
    let mut text = templates::fill(
        &template.text,
        &[
            ("id", Some(pid.clone())),
            ("title", Some(render_scalar(new.title.trim(), false))),
            ("owner", new.owner.as_ref().map(|o| render_scalar(o, false))),
            ("today", Some(today.to_string())),
            ("initiative", upper(&new.initiative)),
            ("milestone", upper(&new.milestone)),
        ],
    );
    if !text.contains("yaml-language-server") {
        text = format!("{}{text}", SchemaKind::Prd.modeline(&rel));
    }
    write::create(product, ws, &rel, &text)?;
    Ok((pid, rel))
}

fn touch(today: Date) -> Edit {
    Edit::Set { path: vec!["updated".into()], value: NewValue::Raw(today.to_string()) }
}

/// Replaces a PRD's whole text (from the editor), checked as a flag edit
/// is: the id stays, a status change follows the PRD lifecycle unless
/// `force`, and `updated` is stamped.
pub(crate) fn replace_text(
    product: &Product,
    ws: &Workspace,
    input: &str,
    text: &str,
    force: bool,
    today: Date,
) -> Result<bool> {
    write::require_work_tree(ws)?;
    let doc = find(ws, input)?;
    if text == doc.text {
        return Ok(false);
    }
    let text = write::edited_text(product, Kind::Prd, &doc.value.id, &doc.path, &doc.text, text, today)?;
    let new = write::parsed(&text);
    if new.is_object() && doc.value.status.is_some() && new.get("status").and_then(|v| v.as_str()).is_none() {
        return Err(Refusal::StatusRemoved { kind: Kind::Prd, id: doc.value.id.clone() }.into());
    }
    if let Some(to) = new.get("status").and_then(|v| v.as_str()).and_then(PrdStatus::parse)
        && to != doc.value.status()
        && !force
        && !doc.value.status().next().contains(&to)
    {
        return Err(transition(&doc.value, to, true).into());
    }
    write::commit(product, ws, vec![Change::replace(&doc.path, doc.text.clone(), text)])?;
    Ok(true)
}

/// The refusal of moving `prd` to `to` (`edited`: by an edit of the whole file).
fn transition(prd: &Prd, to: PrdStatus, edited: bool) -> Refusal {
    let from = prd.status();
    Refusal::IllegalTransition {
        kind: Kind::Prd,
        id: prd.id.clone(),
        from: from.as_str().to_string(),
        to: to.as_str().to_string(),
        allowed: from.next().iter().map(|s| s.as_str().to_string()).collect(),
        edited,
    }
}

/// What a status change did.
pub(crate) struct StatusChange {
    pub id: String,
    pub from: PrdStatus,
    pub to: PrdStatus,
    /// Stakeholders whose approval was reset (going back to draft after approval).
    pub cleared: Vec<String>,
}

/// Moves a PRD through its lifecycle.
pub(crate) fn set_status(
    product: &Product,
    ws: &Workspace,
    input: &str,
    status: &str,
    today: Date,
) -> Result<StatusChange> {
    let doc = find(ws, input)?;
    let prd = &doc.value;
    let to = PrdStatus::parse(&status.trim().to_ascii_lowercase().replace('-', "_")).ok_or_else(|| {
        Error::usage(format!(
            "`{status}` is not a PRD status: use draft, in_review, approved, shipped, archived or rejected"
        ))
    })?;
    let from = prd.status();
    if from == to {
        return Err(Error::refused(format!("{} is already {}", prd.id, to.as_str())));
    }
    if !from.next().contains(&to) {
        return Err(transition(prd, to, false).into());
    }
    let missing = prd.missing_sections();
    if to.is_reviewable() && !missing.is_empty() {
        return Err(Refusal::MissingSections { id: prd.id.clone(), to: to.as_str().to_string(), missing }.into());
    }
    if to == PrdStatus::Approved {
        if prd.stakeholders.is_empty() {
            return Err(Refusal::NoStakeholders { id: prd.id.clone() }.into());
        }
        let waiting: Vec<String> = prd
            .stakeholders
            .iter()
            .filter(|s| s.approval() != Approval::Approved)
            .map(|s| format!("{} ({})", s.name, format!("{:?}", s.approval()).to_lowercase()))
            .collect();
        if !waiting.is_empty() {
            return Err(Refusal::Waiting { id: prd.id.clone(), waiting }.into());
        }
    }
    let mut edits =
        vec![Edit::Set { path: vec!["status".into()], value: NewValue::Str(to.as_str().into()) }, touch(today)];
    let mut cleared = Vec::new();
    if to == PrdStatus::Draft && matches!(from, PrdStatus::Approved | PrdStatus::InReview) {
        for (i, s) in prd.stakeholders.iter().enumerate() {
            if s.approval() != Approval::Pending {
                cleared.push(s.name.clone());
                edits.push(Edit::Set {
                    path: vec!["stakeholders".into(), i.to_string(), "approval".into()],
                    value: NewValue::Str("pending".into()),
                });
                if s.date.is_some() {
                    edits.push(Edit::Unset { path: vec!["stakeholders".into(), i.to_string(), "date".into()] });
                }
            }
        }
    }
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(StatusChange { id: prd.id.clone(), from, to, cleared })
}

/// Records a stakeholder's decision.
pub(crate) fn approve(
    product: &Product,
    ws: &Workspace,
    input: &str,
    name: &str,
    reject: bool,
    note: Option<&str>,
    today: Date,
) -> Result<String> {
    let doc = find(ws, input)?;
    let prd = &doc.value;
    let index = prd.stakeholders.iter().position(|s| s.name.eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
        Refusal::NotAStakeholder {
            id: prd.id.clone(),
            name: name.trim().to_string(),
            stakeholders: prd.stakeholders.iter().map(|s| s.name.clone()).collect(),
        }
    })?;
    let base = vec!["stakeholders".to_string(), index.to_string()];
    let at = |f: &str| [base.clone(), vec![f.to_string()]].concat();
    let decision = if reject { "rejected" } else { "approved" };
    let mut edits = vec![
        Edit::Set { path: at("approval"), value: NewValue::Str(decision.into()) },
        Edit::Set { path: at("date"), value: NewValue::Raw(today.to_string()) },
    ];
    if let Some(n) = note {
        edits.push(Edit::Set { path: at("note"), value: NewValue::Str(n.to_string()) });
    }
    edits.push(touch(today));
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(format!("{} {decision} {} on {today}", prd.stakeholders[index].name, prd.id))
}

/// Adds a functional (or, with a category, non-functional) requirement; returns its id.
pub(crate) fn add_requirement(
    product: &Product,
    ws: &Workspace,
    input: &str,
    text: &str,
    priority: Option<&str>,
    nfr: Option<&str>,
    today: Date,
) -> Result<String> {
    let doc = find(ws, input)?;
    let prd = &doc.value;
    if text.trim().is_empty() {
        return Err(Error::usage("the requirement text is empty"));
    }
    let (field, rid, mut entry) = match nfr {
        Some(category) => {
            let c = category.trim().to_ascii_lowercase();
            let allowed = ["performance", "security", "reliability", "usability", "accessibility", "compliance"];
            if !allowed.contains(&c.as_str()) {
                return Err(Error::usage(format!("`{category}` is not an NFR category: use {}", allowed.join(", "))));
            }
            let rid =
                id::next_after("NFR", prd.non_functional_requirements.iter().filter_map(|r| id::number(&r.id, "NFR")))
                    .map_err(Error::refused)?;
            (
                "non_functional_requirements",
                rid.clone(),
                vec![("id".to_string(), NewValue::Str(rid)), ("category".into(), NewValue::Str(c))],
            )
        }
        None => {
            let rid = id::next_after("FR", prd.functional_requirements.iter().filter_map(|r| id::number(&r.id, "FR")))
                .map_err(Error::refused)?;
            ("functional_requirements", rid.clone(), vec![("id".to_string(), NewValue::Str(rid))])
        }
    };
    entry.push(("text".into(), NewValue::Str(text.trim().to_string())));
    if let Some(p) = priority {
        let p = p.trim().to_ascii_lowercase();
        if !["must", "should", "could", "wont"].contains(&p.as_str()) {
            return Err(Error::usage(format!("`{p}` is not a priority: use must, should, could or wont")));
        }
        if nfr.is_some() {
            return Err(Error::usage("non-functional requirements have a category, not a priority"));
        }
        entry.push(("priority".into(), NewValue::Str(p)));
    }
    let edits = [Edit::Append { path: vec![field.into()], value: NewValue::Map(entry) }, touch(today)];
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(rid)
}

/// Sets a backlog item's `prd` field to a PRD or one of its requirements.
pub(crate) fn link(
    product: &Product,
    ws: &Workspace,
    target: &str,
    item: &str,
    today: Date,
) -> Result<(String, String)> {
    let target = target.trim().to_ascii_uppercase();
    let doc = find(ws, &target)?;
    if let Some((_, part)) = target.split_once('#')
        && !doc.value.has_part(part)
    {
        return Err(Error::NotFound {
            noun: "requirement",
            id: target.clone(),
            suggestions: doc
                .value
                .functional_requirements
                .iter()
                .map(|r| format!("{}#{}", doc.value.id, r.id))
                .take(3)
                .collect(),
        });
    }
    let item_id = ws.item(item)?.value.id.clone();
    super::backlog::edit(product, ws, &item_id, &[FieldOp::Set("prd".into(), target.clone())], today)?;
    Ok((item_id, target))
}

/// One requirement with the backlog items that implement it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Covered<'a> {
    pub id: String,
    pub text: String,
    pub priority: Option<Moscow>,
    pub items: Vec<CoverItem<'a>>,
    /// Every linked item is closed (and there is at least one).
    pub done: bool,
    /// The demand of the feedback linking this requirement.
    pub demand: crate::model::feedback::Demand,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CoverItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: &'a str,
}

/// Requirements and their backlog coverage.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Coverage<'a> {
    pub prd: &'a str,
    pub requirements: Vec<Covered<'a>>,
    /// Items linked to the PRD as a whole.
    pub whole: Vec<CoverItem<'a>>,
    pub uncovered: Vec<String>,
    pub musts: usize,
    pub musts_done: usize,
    /// The demand of the feedback linking the PRD or any of its requirements, each customer once.
    pub demand: crate::model::feedback::Demand,
}

pub(crate) fn coverage<'a>(ws: &'a Workspace, prd: &'a Prd) -> Coverage<'a> {
    let config = &ws.config.value;
    let item = |d: &'a Doc<Item>| CoverItem { id: &d.value.id, title: &d.value.title, status: d.value.status() };
    let linked = |target: &str| -> Vec<&'a Doc<Item>> {
        ws.items.iter().filter(|d| d.value.prd.as_deref() == Some(target)).collect()
    };
    let parts = prd
        .functional_requirements
        .iter()
        .map(|r| (r.id.clone(), r.text.clone(), r.priority))
        .chain(prd.non_functional_requirements.iter().map(|r| (r.id.clone(), r.text.clone(), None)));
    let index = super::feedback::Index::new(ws);
    let mut all_evidence = index.direct(&prd.id).to_vec();
    let requirements: Vec<Covered> = parts
        .map(|(rid, text, priority)| {
            let target = format!("{}#{rid}", prd.id);
            let docs = linked(&target);
            all_evidence.extend_from_slice(index.direct(&target));
            Covered {
                demand: index.direct_demand(&target),
                done: !docs.is_empty() && docs.iter().all(|d| config.is_closed(d.value.status())),
                items: docs.into_iter().map(item).collect(),
                id: rid,
                text,
                priority,
            }
        })
        .collect();
    let musts: Vec<&Covered> = requirements.iter().filter(|r| r.priority == Some(Moscow::Must)).collect();
    Coverage {
        prd: &prd.id,
        uncovered: requirements.iter().filter(|r| r.items.is_empty()).map(|r| r.id.clone()).collect(),
        musts: musts.len(),
        musts_done: musts.iter().filter(|r| r.done).count(),
        whole: linked(&prd.id).into_iter().map(item).collect(),
        requirements,
        demand: crate::model::feedback::demand(all_evidence, ws.customer_list()),
    }
}

// ---------------------------------------------------------------- parts

/// The parts of a PRD that have commands of their own, addressed
/// `PRD-1#FR-2` (requirements and stories by id) or `PRD-1#G-2` (goals,
/// open questions and risks by their place in the list, from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Requirement,
    Story,
    Goal,
    Question,
    Risk,
}

impl Part {
    /// The part a label names by its prefix (`FR-2`, `NFR-1`, `US-3`, `G-1`), if any.
    pub(crate) fn of_label(label: &str) -> Option<Part> {
        let prefix = label.trim().split('-').next()?.to_ascii_uppercase();
        [Part::Requirement, Part::Story, Part::Goal, Part::Question, Part::Risk]
            .into_iter()
            .find(|part| part.lists().iter().any(|(p, _)| *p == prefix))
    }

    pub(crate) fn noun(self) -> &'static str {
        match self {
            Part::Requirement => "requirement",
            Part::Story => "user story",
            Part::Goal => "goal",
            Part::Question => "open question",
            Part::Risk => "risk",
        }
    }

    /// The label prefix of each list holding this part.
    fn lists(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Part::Requirement => &[("FR", "functional_requirements"), ("NFR", "non_functional_requirements")],
            Part::Story => &[("US", "user_stories")],
            Part::Goal => &[("G", "goals")],
            Part::Question => &[("Q", "open_questions")],
            Part::Risk => &[("R", "risks")],
        }
    }

    /// Whether the part is named by its place in the list rather than an id.
    fn positional(self) -> bool {
        matches!(self, Part::Goal | Part::Question | Part::Risk)
    }

    fn examples(self) -> String {
        let forms: Vec<String> = self.lists().iter().map(|(p, _)| format!("PRD-n#{p}-k")).collect();
        let from_one = if self.positional() { ", k its place in the list from 1" } else { "" };
        format!("{}s are {}{from_one}", self.noun(), forms.join(" or "))
    }
}

/// The ids of a PRD's list (`None` for lists of records without one).
fn labels(prd: &Prd, list: &str) -> Vec<Option<String>> {
    match list {
        "functional_requirements" => prd.functional_requirements.iter().map(|r| Some(r.id.clone())).collect(),
        "non_functional_requirements" => prd.non_functional_requirements.iter().map(|r| Some(r.id.clone())).collect(),
        "user_stories" => prd.user_stories.iter().map(|u| Some(u.id.clone())).collect(),
        "goals" => vec![None; prd.goals.len()],
        "open_questions" => vec![None; prd.open_questions.len()],
        "risks" => vec![None; prd.risks.len()],
        _ => Vec::new(),
    }
}

/// One part of a PRD: the PRD, the part's label (`FR-2`, `G-1`), the list
/// holding it and its position there (from 0).
pub(crate) struct PartAt<'a> {
    pub doc: &'a Doc<Prd>,
    pub label: String,
    pub list: &'static str,
    pub index: usize,
}

impl PartAt<'_> {
    /// `PRD-1#FR-2`.
    pub(crate) fn address(&self) -> String {
        format!("{}#{}", self.doc.value.id, self.label)
    }
}

/// Finds the part of `kind` at `address` (`PRD-1#FR-2`, `prd-1#g-2`).
pub(crate) fn part<'a>(ws: &'a Workspace, kind: Part, address: &str) -> Result<PartAt<'a>> {
    let bad = || Error::usage(format!("`{address}` does not name a {}", kind.noun())).with_hint(kind.examples());
    let (prd, sub) = address.trim().split_once('#').ok_or_else(bad)?;
    let doc = find(ws, prd)?;
    let sub = sub.trim().to_ascii_uppercase();
    for (prefix, list) in kind.lists() {
        let Some(n) = id::number(&sub, prefix) else { continue };
        let labels = labels(&doc.value, list);
        let index = if kind.positional() {
            usize::try_from(n).ok().and_then(|n| n.checked_sub(1)).filter(|i| *i < labels.len())
        } else {
            labels.iter().position(|l| l.as_deref() == Some(sub.as_str()))
        };
        return match index {
            Some(index) => Ok(PartAt { doc, label: sub, list, index }),
            None => Err(Error::NotFound {
                noun: kind.noun(),
                id: format!("{}#{sub}", doc.value.id),
                suggestions: part_labels(&doc.value, kind)
                    .into_iter()
                    .filter(|l| l.starts_with(prefix))
                    .map(|l| format!("{}#{l}", doc.value.id))
                    .take(3)
                    .collect(),
            }),
        };
    }
    Err(bad())
}

/// The labels of every part of this kind in a PRD (`FR-1`, `G-1`, `G-2`).
pub(crate) fn part_labels(prd: &Prd, kind: Part) -> Vec<String> {
    let mut out = Vec::new();
    for (prefix, list) in kind.lists() {
        for (i, label) in labels(prd, list).into_iter().enumerate() {
            out.push(label.unwrap_or_else(|| format!("{prefix}-{}", i + 1)));
        }
    }
    out
}

/// Adds a part: `key` fills its key field (a goal's or risk's text, a
/// question), a story gets the next `US-n`; `ops` are changes to the new
/// part's fields, each checked against the PRD schema as `--set` is.
/// Returns the new part's address.
pub(crate) fn add_part(
    product: &Product,
    ws: &Workspace,
    kind: Part,
    input: &str,
    key: Option<&str>,
    ops: &[FieldOp],
    today: Date,
) -> Result<String> {
    write::require_work_tree(ws)?;
    let doc = find(ws, input)?;
    let prd = &doc.value;
    let (prefix, list) = kind.lists()[0];
    let len = labels(prd, list).len();
    let entry =
        Kind::Prd.def().entries.iter().find(|e| e.list == list).expect("every PRD part is an entry of the kind table");
    let (key, label) = match kind {
        Part::Story => {
            let highest = prd.user_stories.iter().filter_map(|u| id::number(&u.id, "US")).max().unwrap_or(0);
            let n = highest
                .checked_add(1)
                .ok_or_else(|| Error::refused(format!("{} has no user story id left", prd.id)))?;
            let label = format!("US-{n}");
            (label.clone(), label)
        }
        _ => (key.unwrap_or_default().trim().to_string(), format!("{prefix}-{}", len + 1)),
    };
    if key.is_empty() {
        return Err(Error::usage(format!("the {} is empty", kind.noun())));
    }
    // The new entry (its key and the kind table's defaults), then each field
    // change resolved against the text with the entry in it.
    let mut fields = vec![(entry.key.to_string(), NewValue::Str(key))];
    fields.extend(entry.defaults.iter().map(|(k, v)| (k.to_string(), NewValue::Str(v.to_string()))));
    let mut edits = vec![Edit::Append { path: vec![list.into()], value: NewValue::Map(fields) }];
    let appended = write::apply(product, &doc.path, &doc.text, &edits)?;
    let within = format!("{list}.{len}");
    let ops: Vec<FieldOp> = ops.iter().map(|op| op.within(&within)).collect();
    edits.extend(write::field_edits(product, ws, Kind::Prd, &doc.path, &appended, &[], &ops)?);
    let text = write::edit_text(product, Kind::Prd, &doc.path, &doc.text, &[], &edits, today)?
        .expect("an added entry changes the file");
    write::commit(product, ws, vec![Change::replace(&doc.path, doc.text.clone(), text)])?;
    Ok(format!("{}#{label}", prd.id))
}

/// Changes fields of one part (`--set text=...` on `PRD-1#FR-2`), through
/// the same field edit as `pm prd edit`.
pub(crate) fn edit_part(
    product: &Product,
    ws: &Workspace,
    kind: Part,
    address: &str,
    ops: &[FieldOp],
    today: Date,
) -> Result<(String, bool)> {
    let at = part(ws, kind, address)?;
    let prefix = format!("{}.{}", at.list, at.index);
    let ops: Vec<FieldOp> = ops.iter().map(|op| op.within(&prefix)).collect();
    let changed =
        super::record::edit(product, ws, Kind::Prd, std::slice::from_ref(&at.doc.value.id), &ops, today, false)?;
    Ok((at.address(), !changed.is_empty()))
}

/// Removes parts (one transaction; refused while a backlog item links to a
/// removed requirement or story, unless `force`, which unlinks it).
pub(crate) fn remove_parts(
    product: &Product,
    ws: &Workspace,
    kind: Part,
    addresses: &[String],
    force: bool,
    dry_run: bool,
    today: Date,
) -> Result<super::record::Removed> {
    let mut targets = Vec::new();
    for address in addresses {
        let at = part(ws, kind, address)?;
        targets.push(super::record::Located {
            kind: Kind::Prd,
            id: at.address(),
            rel: at.doc.path.clone(),
            base: vec![at.list.to_string(), at.index.to_string()],
            text: at.doc.text.clone(),
            record: Some(Vec::new()),
        });
    }
    super::record::remove_located(product, ws, targets, force, dry_run, today)
}
