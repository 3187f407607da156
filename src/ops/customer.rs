//! Customers (`product/customers.yaml`): adding them, the views of them with
//! the feedback they gave and the work it asks for. Edits and removals go
//! through the generic [`super::record`] over the kind table; a removal is
//! refused while feedback still cites the customer.

use std::collections::BTreeMap;

use crate::error::{Error, Refusal, Result};
use crate::model::feedback::{Customer, Feedback};
use crate::model::id;
use crate::model::kind::Kind;
use crate::store::edit::{Edit, NewValue};
use crate::store::{CUSTOMERS_FILE, Doc, Product, Workspace};

use super::write;

/// The tier weights a new customers.yaml starts with (DOMAIN.md §9).
pub(crate) const DEFAULT_TIER_WEIGHTS: &str = "{enterprise: 3, mid_market: 2, smb: 1, free: 0.5}";

/// Whether `s` is a customer id: snake_case, starting with a letter.
pub(crate) fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The customer with this id, with its position in the list.
pub(crate) fn find<'a>(ws: &'a Workspace, input: &str) -> Result<(usize, &'a Customer)> {
    let wanted = input.trim();
    let list = &ws.customer_list().customers;
    if let Some(found) = list.iter().enumerate().find(|(_, c)| c.id == wanted) {
        return Ok(found);
    }
    if ws.customers.is_none() {
        return Err(Refusal::NoFile { kind: Kind::Customer, file: "customers.yaml" }.into());
    }
    Err(Error::NotFound {
        noun: "customer",
        suggestions: suggest(wanted, list.iter().map(|c| c.id.as_str())),
        id: wanted.to_string(),
    })
}

/// Ids like `wanted`: a few typos away, else those that contain it (`acme` → `acme_corp`).
pub(crate) fn suggest<'a>(wanted: &str, known: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let close = id::closest(wanted, known.clone());
    if !close.is_empty() || wanted.is_empty() {
        return close;
    }
    let lower = wanted.to_lowercase();
    known.filter(|k| k.contains(&lower)).take(3).map(str::to_string).collect()
}

/// A new customer, as typed.
#[derive(Debug, Default, Clone)]
pub(crate) struct NewCustomer {
    pub id: String,
    pub name: Option<String>,
    pub tier: Option<String>,
    pub segment: Option<String>,
    pub arr: Option<String>,
    pub mrr: Option<String>,
    pub currency: Option<String>,
}

fn money(field: &str, raw: &str) -> Result<String> {
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(format!("{v}")),
        _ => Err(Error::usage(format!("{field}: `{raw}` is not an amount of 0 or more"))),
    }
}

/// Adds a customer to customers.yaml, creating the file (with the default
/// tier weights) when there is none. Refused for an id already taken.
pub(crate) fn add(product: &Product, ws: &Workspace, new: &NewCustomer) -> Result<String> {
    let id = new.id.trim().to_string();
    if !is_id(&id) {
        return Err(Error::usage(format!("`{}` is not a customer id", new.id))
            .with_hint("customer ids are snake_case, like acme_corp"));
    }
    if ws.customer(&id).is_some() {
        return Err(Refusal::Exists { kind: Kind::Customer, id }.into());
    }
    let mut fields: Vec<(String, NewValue)> = vec![("id".into(), NewValue::Str(id.clone()))];
    let mut text_field = |key: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            fields.push((key.into(), NewValue::Str(v.to_string())));
        }
    };
    text_field("name", &new.name);
    text_field("tier", &new.tier);
    text_field("segment", &new.segment);
    if let Some(a) = &new.arr {
        fields.push(("arr".into(), NewValue::Raw(money("arr", a)?)));
    }
    if let Some(m) = &new.mrr {
        fields.push(("mrr".into(), NewValue::Raw(money("mrr", m)?)));
    }
    if let Some(c) = new.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        fields.push(("currency".into(), NewValue::Str(c.to_ascii_uppercase())));
    }
    let mut head = crate::check::schema::SchemaKind::Customers.modeline(CUSTOMERS_FILE);
    head.push_str("# The weight of each tier in demand; a tier not listed weighs 1.\n");
    head.push_str(&format!("tier_weights: {DEFAULT_TIER_WEIGHTS}\n"));
    let current = ws.customers.as_ref().map(|d| (d.path.as_str(), d.text.as_str()));
    write::add_record(product, ws, CUSTOMERS_FILE, current, "customers", &head, fields)?;
    Ok(id)
}

/// One customer with what pm knows of it.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    pub customer: &'a Customer,
    pub weight: f64,
    /// Their feedback, in id order.
    pub feedback: Vec<&'a Doc<Feedback>>,
}

/// Customers in file order, or only those of `tiers` / `segments`.
pub(crate) fn list<'a>(ws: &'a Workspace, tiers: &[String], segments: &[String]) -> Vec<Row<'a>> {
    let all = ws.customer_list();
    let mut by_customer: BTreeMap<&str, Vec<&Doc<Feedback>>> = BTreeMap::new();
    for d in &ws.feedback {
        if let Some(c) = &d.value.customer {
            by_customer.entry(c.as_str()).or_default().push(d);
        }
    }
    let matches = |wanted: &[String], v: &Option<String>| {
        wanted.is_empty() || v.as_deref().is_some_and(|v| wanted.iter().any(|w| w.eq_ignore_ascii_case(v)))
    };
    all.customers
        .iter()
        .filter(|c| matches(tiers, &c.tier) && matches(segments, &c.segment))
        .map(|c| Row {
            customer: c,
            weight: all.weight(c),
            feedback: by_customer.remove(c.id.as_str()).unwrap_or_default(),
        })
        .collect()
}

/// Work a customer asked for: the target, its title, and the highest importance they gave it.
#[derive(Debug, Clone)]
pub(crate) struct Asked {
    pub to: String,
    pub title: Option<String>,
    pub importance: i64,
    /// Their feedback linking it, in id order.
    pub feedback: Vec<String>,
}

/// One customer with its feedback and the work that feedback asks for.
pub(crate) fn details<'a>(ws: &'a Workspace, input: &str) -> Result<(Row<'a>, Vec<Asked>)> {
    let (_, c) = find(ws, input)?;
    let row = list(ws, &[], &[])
        .into_iter()
        .find(|r| r.customer.id == c.id)
        .ok_or_else(|| Error::refused("customer vanished"))?;
    let mut asked: Vec<Asked> = Vec::new();
    for d in &row.feedback {
        for l in &d.value.links {
            match asked.iter_mut().find(|a| a.to == l.to) {
                Some(a) => {
                    a.importance = a.importance.max(l.importance());
                    a.feedback.push(d.value.id.clone());
                }
                None => asked.push(Asked {
                    to: l.to.clone(),
                    title: super::feedback::title_of(ws, &l.to),
                    importance: l.importance(),
                    feedback: vec![d.value.id.clone()],
                }),
            }
        }
    }
    asked.sort_by(|a, b| b.importance.cmp(&a.importance).then_with(|| a.to.cmp(&b.to)));
    Ok((row, asked))
}

/// Sets tier weights (`enterprise=3`, `free=0.5`) in customers.yaml, in one
/// write; every pair is checked first. Weights are numbers above 0.
pub(crate) fn set_weights(product: &Product, ws: &Workspace, pairs: &[String]) -> Result<Vec<(String, f64)>> {
    let Some(doc) = &ws.customers else {
        return Err(Refusal::NoFile { kind: Kind::Customer, file: "customers.yaml" }.into());
    };
    let mut set: Vec<(String, f64)> = Vec::new();
    for raw in pairs {
        let Some((tier, w)) = raw.split_once('=') else {
            return Err(Error::usage(format!("`{raw}` is not TIER=WEIGHT")).with_hint("like enterprise=3"));
        };
        let tier = tier.trim();
        if !is_id(tier) {
            return Err(Error::usage(format!("`{tier}` is not a tier name")).with_hint("tier names are snake_case"));
        }
        let weight = match w.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => v,
            _ => {
                return Err(Error::usage(format!("{tier}: `{}` is not a weight above 0", w.trim()))
                    .with_hint("a tier that should not count can be left out of the customers' tiers instead"));
            }
        };
        match set.iter_mut().find(|(t, _)| t == tier) {
            Some(slot) => slot.1 = weight,
            None => set.push((tier.to_string(), weight)),
        }
    }
    let edits: Vec<Edit> = set
        .iter()
        .map(|(tier, w)| Edit::Set {
            path: vec!["tier_weights".into(), tier.clone()],
            value: NewValue::Raw(format!("{w}")),
        })
        .collect();
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok(set)
}
