//! Competitors (`product/competitors.yaml`): who else solves the problem,
//! and the feature matrix of them beside us.

use crate::error::{Error, Refusal, Result};
use crate::model::Date;
use crate::model::competitor::{Competitor, Support};
use crate::model::id::{self, Kind};
use crate::store::edit::{Edit, NewValue, render_scalar};
use crate::store::{COMPETITORS_FILE, Product, Workspace};

use super::write;

fn no_file() -> crate::Error {
    Refusal::NoFile { kind: Kind::Competitor, file: "competitors.yaml" }.into()
}

/// The competitor with this id, with its position in the list.
pub(crate) fn find<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Competitor)> {
    let wanted = input.trim();
    let list = ws.competitors.as_ref().map_or(&[][..], |d| d.value.competitors.as_slice());
    if let Some(found) = list.iter().enumerate().find(|(_, c)| c.id == wanted) {
        return Ok(found);
    }
    if ws.competitors.is_none() {
        return Err(no_file());
    }
    Err(Error::NotFound {
        noun: "competitor",
        suggestions: super::customer::suggest(wanted, list.iter().map(|c| c.id.as_str())),
        id: wanted.to_string(),
    })
}

/// A new competitor, as typed.
#[derive(Debug, Default, Clone)]
pub(crate) struct NewCompetitor {
    pub id: String,
    pub name: Option<String>,
    pub url: Option<String>,
    pub positioning: Option<String>,
    pub pricing: Option<String>,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    /// The day it was reviewed (default: today).
    pub reviewed: Option<String>,
    /// `KEY=yes|partial|no|planned`.
    pub features: Vec<String>,
}

/// `KEY=SUPPORT` as typed (`multi_currency=partial`).
pub(crate) fn parse_feature(raw: &str) -> Result<(String, Support)> {
    let Some((key, support)) = raw.split_once('=') else {
        return Err(Error::usage(format!("`{raw}` is not KEY=SUPPORT"))
            .with_hint(format!("like multi_currency=partial; support is one of {}", Support::names().join(", "))));
    };
    let key = key.trim();
    if !super::customer::is_id(key) {
        return Err(Error::usage(format!("`{key}` is not a feature key")).with_hint("feature keys are snake_case"));
    }
    let support = Support::parse(support.trim())
        .ok_or_else(|| Error::usage(format!("`{}` is not one of {}", support.trim(), Support::names().join(", "))))?;
    Ok((key.to_string(), support))
}

fn present(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

fn flow_list(items: &[String]) -> String {
    let items: Vec<String> =
        items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(|s| render_scalar(s, true)).collect();
    format!("[{}]", items.join(", "))
}

/// Adds a competitor to competitors.yaml, creating the file when there is
/// none. Refused for an id already taken; every value is checked first.
pub(crate) fn add(product: &Product, ws: &Workspace, new: &NewCompetitor, today: Date) -> Result<String> {
    let id = new.id.trim().to_string();
    if !super::customer::is_id(&id) {
        return Err(Error::usage(format!("`{}` is not a competitor id", new.id))
            .with_hint("competitor ids are snake_case, like invoicely"));
    }
    if find(ws, &id).is_ok() {
        return Err(Refusal::Exists { kind: Kind::Competitor, id }.into());
    }
    let reviewed = match &new.reviewed {
        Some(d) => d.trim().parse::<Date>().map_err(|e| Error::usage(format!("reviewed: {e}")))?,
        None => today,
    };
    let features = new.features.iter().map(|f| parse_feature(f)).collect::<Result<Vec<_>>>()?;
    let mut fields: Vec<(String, NewValue)> = vec![("id".into(), NewValue::Str(id.clone()))];
    for (key, v) in
        [("name", &new.name), ("url", &new.url), ("positioning", &new.positioning), ("pricing", &new.pricing)]
    {
        if let Some(v) = present(v) {
            fields.push((key.into(), NewValue::Str(v)));
        }
    }
    for (key, v) in [("strengths", &new.strengths), ("weaknesses", &new.weaknesses)] {
        if v.iter().any(|s| !s.trim().is_empty()) {
            fields.push((key.into(), NewValue::Raw(flow_list(v))));
        }
    }
    fields.push(("reviewed".into(), NewValue::Raw(reviewed.to_string())));
    if !features.is_empty() {
        let pairs: Vec<String> = features.iter().map(|(k, s)| format!("{k}: {}", s.as_str())).collect();
        fields.push(("features".into(), NewValue::Raw(format!("{{{}}}", pairs.join(", ")))));
    }
    let mut head = crate::check::schema::SchemaKind::Competitors.modeline(COMPETITORS_FILE);
    head.push_str("# The features compared, with our own support and the work that delivers it.\nfeatures: []\n");
    let current = ws.competitors.as_ref().map(|d| (d.path.as_str(), d.text.as_str()));
    write::add_record(product, ws, COMPETITORS_FILE, current, "competitors", &head, fields)?;
    Ok(id)
}

/// What `pm competitor feature` sets on a feature of the comparison.
#[derive(Debug, Default, Clone)]
pub(crate) struct FeatureChange {
    pub key: String,
    pub name: Option<String>,
    /// Our support: yes, partial, no, planned.
    pub ours: Option<String>,
    /// The backlog item or initiative that delivers it.
    pub delivered_by: Option<String>,
    /// Competitors' support: `COMPETITOR=SUPPORT`.
    pub theirs: Vec<String>,
}

/// Adds a feature to the comparison, or changes it: its name, our support,
/// the work that delivers it, and competitors' support of it — one write.
/// Returns whether it was new.
pub(crate) fn set_feature(product: &Product, ws: &Workspace, change: &FeatureChange, today: Date) -> Result<bool> {
    let key = change.key.trim().to_string();
    if !super::customer::is_id(&key) {
        return Err(Error::usage(format!("`{}` is not a feature key", change.key))
            .with_hint("feature keys are snake_case, like multi_currency"));
    }
    let ours = change
        .ours
        .as_deref()
        .map(|s| {
            Support::parse(s.trim())
                .ok_or_else(|| Error::usage(format!("ours: `{s}` is not one of {}", Support::names().join(", "))))
        })
        .transpose()?;
    let delivered_by = change
        .delivered_by
        .as_deref()
        .map(|raw| {
            let upper = raw.trim().to_ascii_uppercase();
            if id::is_reference(&upper, Kind::Backlog, ws.prefix()) && !upper.contains('#')
                || id::is_reference(&upper, Kind::Initiative, ws.prefix())
            {
                Ok(upper)
            } else {
                Err(Error::usage(format!("delivered-by: `{raw}` is not a backlog item or initiative"))
                    .with_hint(format!("like {}-42 or RM-2", ws.prefix())))
            }
        })
        .transpose()?;
    let mut theirs = Vec::new();
    for raw in &change.theirs {
        let (who, support) = raw
            .split_once('=')
            .map(|(w, s)| (w.trim(), s.trim()))
            .ok_or_else(|| Error::usage(format!("`{raw}` is not COMPETITOR=SUPPORT")))?;
        let (i, _) = find(ws, who)?;
        let support = Support::parse(support)
            .ok_or_else(|| Error::usage(format!("`{support}` is not one of {}", Support::names().join(", "))))?;
        theirs.push((i, support));
    }
    let Some(doc) = &ws.competitors else {
        return Err(no_file());
    };
    let at = doc.value.features.iter().position(|f| f.key == key);
    let mut edits = Vec::new();
    match at {
        Some(i) => {
            let base = vec!["features".to_string(), i.to_string()];
            let with = |k: &str| {
                let mut p = base.clone();
                p.push(k.to_string());
                p
            };
            if let Some(n) = present(&change.name) {
                edits.push(Edit::Set { path: with("name"), value: NewValue::Str(n) });
            }
            if let Some(o) = ours {
                edits.push(Edit::Set { path: with("ours"), value: NewValue::Raw(o.as_str().into()) });
            }
            if let Some(d) = &delivered_by {
                edits.push(Edit::Set { path: with("delivered_by"), value: NewValue::Str(d.clone()) });
            }
        }
        None => {
            let mut fields = vec![("key".to_string(), NewValue::Str(key.clone()))];
            if let Some(n) = present(&change.name) {
                fields.push(("name".into(), NewValue::Str(n)));
            }
            if let Some(o) = ours {
                fields.push(("ours".into(), NewValue::Raw(o.as_str().into())));
            }
            if let Some(d) = &delivered_by {
                fields.push(("delivered_by".into(), NewValue::Str(d.clone())));
            }
            edits.push(Edit::Append { path: vec!["features".into()], value: NewValue::Map(fields) });
        }
    }
    for (i, support) in theirs {
        edits.push(Edit::Set {
            path: vec!["competitors".into(), i.to_string(), "features".into(), key.clone()],
            value: NewValue::Raw(support.as_str().into()),
        });
        edits.push(Edit::Set {
            path: vec!["competitors".into(), i.to_string(), "reviewed".into()],
            value: NewValue::Raw(today.to_string()),
        });
    }
    if at.is_some() && edits.is_empty() {
        return Err(Error::usage("nothing to change").with_hint("give --name, --ours, --delivered-by or --theirs"));
    }
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(at.is_none())
}

/// Removes a feature from the comparison and from every competitor's features, in one write.
pub(crate) fn remove_feature(product: &Product, ws: &Workspace, key: &str) -> Result<()> {
    let Some(doc) = &ws.competitors else {
        return Err(Error::refused("the product has no competitors.yaml yet"));
    };
    let key = key.trim();
    let listed = doc.value.features.iter().position(|f| f.key == key);
    let mut edits = Vec::new();
    for (i, c) in doc.value.competitors.iter().enumerate() {
        if c.features.contains_key(key) {
            edits.push(Edit::Unset { path: vec!["competitors".into(), i.to_string(), "features".into(), key.into()] });
        }
    }
    if let Some(i) = listed {
        edits.push(Edit::Unset { path: vec!["features".into(), i.to_string()] });
    }
    if edits.is_empty() {
        let keys: Vec<&str> = doc.value.features.iter().map(|f| f.key.as_str()).collect();
        return Err(Error::NotFound { noun: "feature", suggestions: id::closest(key, keys), id: key.into() });
    }
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(())
}

/// One row of the matrix: a feature, our support and the work behind it, and each competitor's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MatrixRow {
    pub key: String,
    pub name: String,
    pub ours: Option<Support>,
    pub delivered_by: Option<String>,
    /// The status of the work that delivers it, when it exists.
    pub delivery: Option<String>,
    /// Per competitor, in the file's order.
    pub theirs: Vec<Option<Support>>,
}

/// The feature matrix: the listed features in their order, then any feature
/// only competitors name (in key order); competitors in the file's order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Matrix {
    pub competitors: Vec<(String, String)>,
    pub rows: Vec<MatrixRow>,
}

pub(crate) fn matrix(ws: &Workspace) -> Matrix {
    let Some(doc) = &ws.competitors else {
        return Matrix { competitors: Vec::new(), rows: Vec::new() };
    };
    let all = &doc.value;
    let competitors = all.competitors.iter().map(|c| (c.id.clone(), c.label().to_string())).collect();
    let delivery = |to: &str| -> Option<String> {
        if let Some(d) = ws.get(to) {
            return d.value.status.clone();
        }
        ws.initiative(to).map(|i| i.status().as_str().to_string())
    };
    let mut rows: Vec<MatrixRow> = all
        .features
        .iter()
        .map(|f| MatrixRow {
            key: f.key.clone(),
            name: f.label().to_string(),
            ours: f.ours,
            delivered_by: f.delivered_by.clone(),
            delivery: f.delivered_by.as_deref().and_then(delivery),
            theirs: all.competitors.iter().map(|c| c.features.get(&f.key).copied()).collect(),
        })
        .collect();
    let mut extra: Vec<&String> = all
        .competitors
        .iter()
        .flat_map(|c| c.features.keys())
        .filter(|k| !all.features.iter().any(|f| &f.key == *k))
        .collect();
    extra.sort();
    extra.dedup();
    for key in extra {
        rows.push(MatrixRow {
            key: key.clone(),
            name: key.clone(),
            ours: None,
            delivered_by: None,
            delivery: None,
            theirs: all.competitors.iter().map(|c| c.features.get(key).copied()).collect(),
        });
    }
    Matrix { competitors, rows }
}
