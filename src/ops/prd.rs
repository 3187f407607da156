//! PRDs: creating them from templates, lossless edits, the lifecycle with
//! approvals, requirements, links to the backlog and coverage.

use serde::Serialize;

use crate::check::schema::SchemaKind;
use crate::error::{Error, Result};
use crate::model::prd::{Approval, Moscow, PrdStatus};
use crate::model::{Date, Item, Prd, id};
use crate::store::edit::{Edit, NewValue, render_scalar};
use crate::store::ids::IdLock;
use crate::store::templates::{self, TemplateKind};
use crate::store::{Doc, Product, Workspace};

use super::fields::FieldOp;
use super::files;

pub fn find<'a>(ws: &'a Workspace, input: &str) -> Result<&'a Doc<Prd>> {
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
pub struct NewPrd {
    pub title: String,
    pub template: String,
    pub owner: Option<String>,
    pub initiative: Option<String>,
    pub milestone: Option<String>,
}

/// Creates `prds/PRD-n.yaml` from a template; returns its id and path.
pub fn new(product: &Product, ws: &Workspace, new: &NewPrd, today: Date) -> Result<(String, String)> {
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
    files::create(product, ws, &rel, &text)?;
    Ok((pid, rel))
}

/// List fields whose entries are mappings, and how a typed value becomes one.
fn entry(field: &str, raw: &str) -> Option<NewValue> {
    let s = |v: &str| NewValue::Str(v.trim().to_string());
    Some(NewValue::Map(match field {
        "goals" => vec![("text".into(), s(raw))],
        "stakeholders" => {
            let mut e = vec![];
            match raw.split_once(':') {
                Some((name, role)) => {
                    e.push(("name".into(), s(name)));
                    e.push(("role".into(), s(role)));
                }
                None => e.push(("name".into(), s(raw))),
            }
            e.push(("approval".into(), NewValue::Str("pending".into())));
            e
        }
        "open_questions" => vec![("q".into(), s(raw)), ("status".into(), NewValue::Str("open".into()))],
        "risks" => vec![("text".into(), s(raw))],
        _ => return None,
    }))
}

/// The text an entry of a list of mappings is known by.
fn entry_key(prd: &Prd, field: &str) -> Option<Vec<String>> {
    Some(match field {
        "goals" => prd.goals.iter().map(|g| g.text.clone()).collect(),
        "stakeholders" => prd.stakeholders.iter().map(|s| s.name.clone()).collect(),
        "open_questions" => prd.open_questions.iter().map(|q| q.q.clone()).collect(),
        "risks" => prd.risks.iter().map(|r| r.text.clone()).collect(),
        _ => return None,
    })
}

const TEXT_LISTS: [&str; 6] = ["non_goals", "personas", "designs", "assumptions", "constraints", "dependencies"];
const TEXTS: [&str; 5] = ["title", "owner", "problem", "background", "version"];

fn canonical(field: &str) -> String {
    let f = field.trim().replace('-', "_");
    match f.as_str() {
        "goal" => "goals",
        "stakeholder" => "stakeholders",
        "question" | "open_question" => "open_questions",
        "risk" => "risks",
        "non_goal" => "non_goals",
        "persona" => "personas",
        "design" => "designs",
        "assumption" => "assumptions",
        "constraint" => "constraints",
        "dependency" => "dependencies",
        _ => return f,
    }
    .to_string()
}

fn to_edit(prd: &Prd, op: &FieldOp) -> Result<Edit> {
    let refused = |field: &str, hint: &str| {
        Err(Error::refused(format!("`{field}` is not edited this way")).with_hint(hint.to_string()))
    };
    Ok(match op {
        FieldOp::Set(field, raw) => {
            let field = canonical(field);
            match field.as_str() {
                "id" => return refused("id", "the id is the file name"),
                "status" => return refused("status", "use `pm prd status PRD-n STATUS`"),
                "stakeholders" => {
                    return refused("stakeholders", "use --add stakeholders=NAME:ROLE, and `pm prd approve`");
                }
                "functional_requirements" | "non_functional_requirements" => {
                    return refused(&field, "use `pm prd req add PRD-n TEXT`");
                }
                "initiative" | "milestone" => {
                    Edit::Set { path: vec![field], value: NewValue::Str(raw.trim().to_ascii_uppercase()) }
                }
                f if TEXTS.contains(&f) => Edit::Set { path: vec![field], value: NewValue::Str(raw.clone()) },
                f if TEXT_LISTS.contains(&f) => {
                    let items: Vec<String> = raw
                        .split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| render_scalar(p, true))
                        .collect();
                    Edit::Set { path: vec![field], value: NewValue::Raw(format!("[{}]", items.join(", "))) }
                }
                _ => Edit::Set { path: vec![field], value: NewValue::Str(raw.clone()) },
            }
        }
        FieldOp::Unset(field) => {
            let field = canonical(field);
            if ["id", "title", "status"].contains(&field.as_str()) {
                return Err(Error::refused(format!("`{field}` is required and cannot be unset")));
            }
            Edit::Unset { path: vec![field] }
        }
        FieldOp::Add(field, raw) => {
            let field = canonical(field);
            match entry(&field, raw) {
                Some(value) => Edit::Append { path: vec![field], value },
                None if TEXT_LISTS.contains(&field.as_str()) => {
                    Edit::Append { path: vec![field], value: NewValue::Str(raw.trim().to_string()) }
                }
                None => {
                    return Err(Error::usage(format!("`{field}` is not a list of a PRD"))
                        .with_hint("lists: goals, stakeholders, open_questions, risks, non_goals, personas, designs, assumptions, constraints, dependencies"));
                }
            }
        }
        FieldOp::Remove(field, raw) => {
            let field = canonical(field);
            match entry_key(prd, &field) {
                Some(keys) => {
                    let index = keys.iter().position(|k| k.eq_ignore_ascii_case(raw.trim())).ok_or_else(|| {
                        Error::refused(format!("{} has no entry `{}` in {field}", prd.id, raw.trim()))
                    })?;
                    Edit::Unset { path: vec![field, index.to_string()] }
                }
                None => Edit::Remove { path: vec![field], value: raw.trim().to_string() },
            }
        }
    })
}

fn touch(today: Date) -> Edit {
    Edit::Set { path: vec!["updated".into()], value: NewValue::Raw(today.to_string()) }
}

/// Applies field changes; returns false when nothing changed.
pub fn edit(product: &Product, ws: &Workspace, input: &str, ops: &[FieldOp], today: Date) -> Result<bool> {
    let doc = find(ws, input)?;
    let mut edits = ops.iter().map(|op| to_edit(&doc.value, op)).collect::<Result<Vec<_>>>()?;
    edits.push(touch(today));
    let text = files::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(text != doc.text)
}

/// Replaces a PRD's whole text (from the editor), after checking it.
pub fn replace_text(product: &Product, ws: &Workspace, input: &str, text: &str) -> Result<bool> {
    let doc = find(ws, input)?;
    if text == doc.text {
        return Ok(false);
    }
    files::validate(ws, &doc.path, &product.display(&doc.path).display().to_string(), Some(&doc.text), text)?;
    files::write_over(product, ws, &doc.path, Some(&doc.text), text)?;
    Ok(true)
}

/// What a status change did.
pub struct StatusChange {
    pub id: String,
    pub from: PrdStatus,
    pub to: PrdStatus,
    /// Stakeholders whose approval was reset (going back to draft after approval).
    pub cleared: Vec<String>,
}

/// Moves a PRD through its lifecycle.
pub fn set_status(product: &Product, ws: &Workspace, input: &str, status: &str, today: Date) -> Result<StatusChange> {
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
        let next: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
        return Err(Error::Refused {
            message: format!("cannot move {} from {} to {}", prd.id, from.as_str(), to.as_str()),
            hint: Some(if next.is_empty() {
                format!("{} is final", from.as_str())
            } else {
                format!("from {} a PRD can move to: {}", from.as_str(), next.join(", "))
            }),
        });
    }
    if to == PrdStatus::Approved {
        if prd.stakeholders.is_empty() {
            return Err(Error::refused(format!("{} has no stakeholders to approve it", prd.id))
                .with_hint(format!("add them: pm prd edit {} --add stakeholders=NAME:ROLE", prd.id)));
        }
        let waiting: Vec<String> = prd
            .stakeholders
            .iter()
            .filter(|s| s.approval() != Approval::Approved)
            .map(|s| format!("{} ({})", s.name, format!("{:?}", s.approval()).to_lowercase()))
            .collect();
        if !waiting.is_empty() {
            return Err(Error::refused(format!("{} cannot be approved: waiting for {}", prd.id, waiting.join(", ")))
                .with_hint(format!("each stakeholder runs: pm prd approve {} --as NAME", prd.id)));
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
    files::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(StatusChange { id: prd.id.clone(), from, to, cleared })
}

/// Records a stakeholder's decision.
pub fn approve(
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
        let names: Vec<&str> = prd.stakeholders.iter().map(|s| s.name.as_str()).collect();
        Error::refused(format!("{} is not a stakeholder of {}", name.trim(), prd.id)).with_hint(if names.is_empty() {
            format!("add stakeholders first: pm prd edit {} --add stakeholders=NAME:ROLE", prd.id)
        } else {
            format!("stakeholders: {}", names.join(", "))
        })
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
    files::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(format!("{} {decision} {} on {today}", prd.stakeholders[index].name, prd.id))
}

/// Adds a functional (or, with a category, non-functional) requirement; returns its id.
pub fn add_requirement(
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
            let n =
                prd.non_functional_requirements.iter().filter_map(|r| id::number(&r.id, "NFR")).max().unwrap_or(0) + 1;
            let rid = format!("NFR-{n}");
            (
                "non_functional_requirements",
                rid.clone(),
                vec![("id".to_string(), NewValue::Str(rid)), ("category".into(), NewValue::Str(c))],
            )
        }
        None => {
            let n = prd.functional_requirements.iter().filter_map(|r| id::number(&r.id, "FR")).max().unwrap_or(0) + 1;
            let rid = format!("FR-{n}");
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
    files::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(rid)
}

/// Sets a backlog item's `prd` field to a PRD or one of its requirements.
pub fn link(product: &Product, ws: &Workspace, target: &str, item: &str, today: Date) -> Result<(String, String)> {
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
pub struct Covered<'a> {
    pub id: String,
    pub text: String,
    pub priority: Option<Moscow>,
    pub items: Vec<CoverItem<'a>>,
    /// Every linked item is closed (and there is at least one).
    pub done: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: &'a str,
}

/// Requirements and their backlog coverage.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage<'a> {
    pub prd: &'a str,
    pub requirements: Vec<Covered<'a>>,
    /// Items linked to the PRD as a whole.
    pub whole: Vec<CoverItem<'a>>,
    pub uncovered: Vec<String>,
    pub musts: usize,
    pub musts_done: usize,
}

pub fn coverage<'a>(ws: &'a Workspace, prd: &'a Prd) -> Coverage<'a> {
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
    let requirements: Vec<Covered> = parts
        .map(|(rid, text, priority)| {
            let docs = linked(&format!("{}#{rid}", prd.id));
            Covered {
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
    }
}
