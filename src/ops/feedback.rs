//! Customer feedback: adding evidence, linking it to the work it asks for
//! (backlog items, initiatives, PRDs and their requirements), the views of
//! it, and the demand behind each artifact (DOMAIN.md §9, computed by
//! [`crate::model::feedback::demand`]). Files are created and changed only
//! through [`super::write`].

use std::collections::{HashMap, HashSet};

use crate::error::{Error, Result};
use crate::model::feedback::{self, Demand, Evidence, Feedback, FeedbackSource, Sentiment};
use crate::model::id::{self, Kind};
use crate::model::{Date, Item};
use crate::store::edit::{Edit, NewValue, render_scalar};
use crate::store::ids::{self, IdLock};
use crate::store::{Doc, Product, Workspace};

use super::write;

/// The folder of feedback files, below the product folder.
pub(crate) const DIR: &str = "feedback";
pub(crate) const PREFIX: &str = "FB";

/// The feedback with this id (`fb-3` works), or a not-found error that suggests the closest ids.
pub(crate) fn find<'a>(ws: &'a Workspace, input: &str) -> Result<&'a Doc<Feedback>> {
    let upper = input.trim().to_ascii_uppercase();
    let Some(n) = id::number(&upper, PREFIX) else {
        return Err(Error::usage(format!("`{input}` is not a feedback id")).with_hint("feedback ids look like FB-12"));
    };
    let wanted = format!("{PREFIX}-{n}");
    ws.feedback_doc(&wanted).ok_or_else(|| Error::NotFound {
        noun: "feedback",
        suggestions: id::closest(&wanted, ws.feedback.iter().map(|d| d.value.id.as_str())),
        id: wanted,
    })
}

/// What a link may point to, as typed (`bl-42`, `RM-2`, `prd-3#fr-2`), in its canonical spelling.
pub(crate) fn target(ws: &Workspace, raw: &str) -> Result<(Kind, String)> {
    let upper = raw.trim().to_ascii_uppercase();
    for kind in [Kind::Backlog, Kind::Initiative, Kind::Prd] {
        if id::is_reference(&upper, kind, ws.prefix()) {
            return Ok((kind, upper));
        }
    }
    Err(Error::usage(format!("`{raw}` is not a backlog item, initiative or PRD requirement"))
        .with_hint(format!("feedback links to {}-42, RM-2, PRD-3 or PRD-3#FR-2", ws.prefix())))
}

/// An importance as typed: 1, 2 or 3.
pub(crate) fn importance(raw: &str) -> Result<i64> {
    match raw.trim().parse::<i64>() {
        Ok(n @ 1..=3) => Ok(n),
        _ => Err(Error::usage(format!("importance: `{raw}` is not 1, 2 or 3"))
            .with_hint("1 nice to have, 2 important, 3 critical")),
    }
}

/// `TARGET[:IMPORTANCE]` (`BL-42:3`), as `--link` takes it.
pub(crate) fn parse_link(ws: &Workspace, raw: &str) -> Result<(String, i64)> {
    let (to, imp) = match raw.rsplit_once(':') {
        Some((to, imp)) => (to, importance(imp)?),
        None => (raw, feedback::DEFAULT_IMPORTANCE),
    };
    Ok((target(ws, to)?.1, imp))
}

fn one_of<T: Copy>(field: &str, raw: &str, all: &[T], name: fn(T) -> &'static str) -> Result<T> {
    let v = raw.trim().to_ascii_lowercase().replace('-', "_");
    all.iter().copied().find(|x| name(*x) == v).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|x| name(*x)).collect();
        Error::usage(format!("{field}: `{raw}` is not one of {}", names.join(", ")))
    })
}

pub(crate) fn parse_source(raw: &str) -> Result<FeedbackSource> {
    one_of("source", raw, FeedbackSource::ALL, FeedbackSource::as_str)
}

pub(crate) fn parse_sentiment(raw: &str) -> Result<Sentiment> {
    one_of("sentiment", raw, Sentiment::ALL, Sentiment::as_str)
}

fn parse_date(field: &str, raw: &str) -> Result<Date> {
    raw.trim().parse::<Date>().map_err(|e| Error::usage(format!("{field}: {e}")))
}

// ---------------------------------------------------------------- add

/// What a new piece of feedback starts with, as typed on the command line.
#[derive(Debug, Default, Clone)]
pub(crate) struct NewFeedback {
    pub summary: String,
    pub quote: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub customer: Option<String>,
    pub segment: Option<String>,
    /// The day it was given (today by default).
    pub date: Option<String>,
    pub sentiment: Option<String>,
    pub tags: Vec<String>,
    /// `TARGET[:IMPORTANCE]`.
    pub links: Vec<String>,
}

/// Adds a piece of feedback with the next free `FB-n` id (past every
/// branch's, like backlog ids). Every value is checked before the id is
/// taken; the file is checked as `pm check` would (an unknown customer or a
/// link to something missing is refused) before it is written.
pub(crate) fn add(product: &Product, ws: &Workspace, new: &NewFeedback, today: Date) -> Result<Doc<Feedback>> {
    if new.summary.trim().is_empty() {
        return Err(Error::usage("the summary is empty").with_hint("say in a line what the customer asks for"));
    }
    let text = |s: &str| render_scalar(s, false);
    let present = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let mut lines: Vec<(&str, String)> = vec![("summary", text(new.summary.trim()))];
    if let Some(q) = present(&new.quote) {
        lines.push(("quote", text(&q)));
    }
    if let Some(s) = &new.source {
        lines.push(("source", parse_source(s)?.as_str().to_string()));
    }
    if let Some(u) = present(&new.url) {
        lines.push(("url", text(&u)));
    }
    if let Some(c) = present(&new.customer) {
        lines.push(("customer", text(&c)));
    }
    if let Some(s) = present(&new.segment) {
        lines.push(("segment", text(&s)));
    }
    let date = new.date.as_deref().map(|d| parse_date("date", d)).transpose()?.unwrap_or(today);
    lines.push(("date", date.to_string()));
    if let Some(s) = &new.sentiment {
        lines.push(("sentiment", parse_sentiment(s)?.as_str().to_string()));
    }
    let tags: Vec<String> =
        new.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).map(|t| render_scalar(t, true)).collect();
    if !tags.is_empty() {
        lines.push(("tags", format!("[{}]", tags.join(", "))));
    }
    let mut links: Vec<(String, i64)> = Vec::new();
    for raw in &new.links {
        let (to, imp) = parse_link(ws, raw)?;
        match links.iter_mut().find(|(t, _)| *t == to) {
            Some(slot) => slot.1 = slot.1.max(imp),
            None => links.push((to, imp)),
        }
    }

    let lock = IdLock::acquire(product)?;
    let id = ids::next_in(product, DIR, PREFIX, &lock)?;
    let rel = format!("{DIR}/{id}.yaml");
    let mut out = crate::check::schema::SchemaKind::Feedback.modeline(&rel);
    out.push_str(&format!("id: {id}\n"));
    for (key, value) in &lines {
        out.push_str(&format!("{key}: {value}\n"));
    }
    if !links.is_empty() {
        out.push_str("links:\n");
        for (to, imp) in &links {
            out.push_str(&format!("  - {{to: {to}, importance: {imp}}}\n"));
        }
    }
    let value = crate::store::yaml::parse(&out).ok().and_then(|v| serde_json::from_value::<Feedback>(v).ok());
    write::create(product, ws, &rel, &out)?;
    drop(lock);
    let value = value.ok_or_else(|| Error::refused(format!("{rel} cannot be read as feedback")))?;
    Ok(Doc { path: rel, text: out, value })
}

// ---------------------------------------------------------------- link

/// What `link` did.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Linked {
    /// A new link, with this importance.
    Added(i64),
    /// The link was there; its importance changed from the first to the second.
    Changed(i64, i64),
    /// The link was there with this importance.
    Unchanged(i64),
}

/// Links feedback to the work it asks for, with an importance (1–3; a new
/// link without one gets 1); a link to the same target has its importance
/// changed when one is given, and is left as it is otherwise. Refused
/// (nothing written) when the target does not exist.
pub(crate) fn link(
    product: &Product,
    ws: &Workspace,
    input: &str,
    to: &str,
    wanted: Option<i64>,
) -> Result<(String, String, Linked)> {
    let doc = find(ws, input)?;
    let (_, to) = target(ws, to)?;
    let at = doc.value.links.iter().position(|l| l.to == to);
    let imp = wanted.unwrap_or(feedback::DEFAULT_IMPORTANCE);
    let (edit, outcome) = match at {
        Some(i) if wanted.is_none_or(|w| doc.value.links[i].importance() == w) => {
            return Ok((doc.value.id.clone(), to, Linked::Unchanged(doc.value.links[i].importance())));
        }
        Some(i) => (
            Edit::Set {
                path: vec!["links".into(), i.to_string(), "importance".into()],
                value: NewValue::Raw(imp.to_string()),
            },
            Linked::Changed(doc.value.links[i].importance(), imp),
        ),
        None => (
            Edit::Append {
                path: vec!["links".into()],
                value: NewValue::Map(vec![
                    ("to".into(), NewValue::Str(to.clone())),
                    ("importance".into(), NewValue::Raw(imp.to_string())),
                ]),
            },
            Linked::Added(imp),
        ),
    };
    write::change(product, ws, &doc.path, &doc.text, &[edit])?;
    Ok((doc.value.id.clone(), to, outcome))
}

/// Removes the link from feedback to `to`; refused when there is none.
pub(crate) fn unlink(product: &Product, ws: &Workspace, input: &str, to: &str) -> Result<(String, String)> {
    let doc = find(ws, input)?;
    let (_, to) = target(ws, to)?;
    let at: Vec<usize> = doc.value.links.iter().enumerate().filter(|(_, l)| l.to == to).map(|(i, _)| i).collect();
    if at.is_empty() {
        let linked: Vec<&str> = doc.value.links.iter().map(|l| l.to.as_str()).collect();
        let hint =
            if linked.is_empty() { "it links nothing".to_string() } else { format!("it links {}", linked.join(", ")) };
        return Err(Error::refused(format!("{} does not link {to}", doc.value.id)).with_hint(hint));
    }
    // Every link to it goes (a file written by hand may hold one twice), last first.
    let edits: Vec<Edit> = at.iter().rev().map(|i| Edit::Unset { path: vec!["links".into(), i.to_string()] }).collect();
    write::change(product, ws, &doc.path, &doc.text, &edits)?;
    Ok((doc.value.id.clone(), to))
}

// ---------------------------------------------------------------- views

/// The segment feedback speaks for: its own, else its customer's.
pub(crate) fn segment<'a>(ws: &'a Workspace, f: &'a Feedback) -> Option<&'a str> {
    f.segment
        .as_deref()
        .or_else(|| f.customer.as_deref().and_then(|c| ws.customer(c)).and_then(|c| c.segment.as_deref()))
}

/// Which feedback `list` shows.
#[derive(Debug, Default, Clone)]
pub(crate) struct Filter {
    pub sources: Vec<String>,
    pub customers: Vec<String>,
    pub segments: Vec<String>,
    pub tags: Vec<String>,
    /// `Some(true)`: only linked; `Some(false)`: only unlinked.
    pub linked: Option<bool>,
    pub since: Option<String>,
}

/// Feedback in id order, filtered.
pub(crate) fn list<'a>(ws: &'a Workspace, filter: &Filter) -> Result<Vec<&'a Doc<Feedback>>> {
    let sources = filter.sources.iter().map(|s| parse_source(s)).collect::<Result<Vec<_>>>()?;
    let since = filter.since.as_deref().map(|d| parse_date("since", d)).transpose()?;
    let lower = |v: &[String]| v.iter().map(|s| s.trim().to_lowercase()).collect::<Vec<_>>();
    let (customers, segments, tags) = (lower(&filter.customers), lower(&filter.segments), lower(&filter.tags));
    Ok(ws
        .feedback
        .iter()
        .filter(|d| {
            let f = &d.value;
            (sources.is_empty() || f.source.is_some_and(|s| sources.contains(&s)))
                && (customers.is_empty()
                    || f.customer.as_deref().is_some_and(|c| customers.contains(&c.to_lowercase())))
                && (segments.is_empty() || segment(ws, f).is_some_and(|s| segments.contains(&s.to_lowercase())))
                && (tags.is_empty() || f.tags.iter().any(|t| tags.contains(&t.to_lowercase())))
                && filter.linked.is_none_or(|l| l != f.links.is_empty())
                && since.is_none_or(|s| f.date.is_some_and(|d| d >= s))
        })
        .collect())
}

/// A link target with what it is called, when it exists.
#[derive(Debug, Clone)]
pub(crate) struct Target<'a> {
    pub to: &'a str,
    pub importance: i64,
    pub title: Option<String>,
}

/// The title of a link target, if it exists.
pub(crate) fn title_of(ws: &Workspace, to: &str) -> Option<String> {
    if let Some(d) = ws.get(to) {
        return Some(d.value.title.clone());
    }
    if let Some(i) = ws.initiative(to) {
        return Some(i.title.clone());
    }
    let (prd, part) = match to.split_once('#') {
        Some((p, part)) => (p, Some(part)),
        None => (to, None),
    };
    let doc = ws.prd(prd)?;
    match part {
        None => Some(doc.value.title.clone()),
        Some(part) => doc.value.part_text(part).map(str::to_string),
    }
}

/// One piece of feedback with its customer and the work it asks for.
#[derive(Debug, Clone)]
pub(crate) struct Details<'a> {
    pub doc: &'a Doc<Feedback>,
    pub customer: Option<&'a crate::model::feedback::Customer>,
    pub segment: Option<&'a str>,
    pub links: Vec<Target<'a>>,
}

pub(crate) fn details<'a>(ws: &'a Workspace, input: &str) -> Result<Details<'a>> {
    let doc = find(ws, input)?;
    let f = &doc.value;
    let links = f
        .links
        .iter()
        .map(|l| Target { to: l.to.as_str(), importance: l.importance(), title: title_of(ws, &l.to) })
        .collect();
    Ok(Details { doc, customer: f.customer.as_deref().and_then(|c| ws.customer(c)), segment: segment(ws, f), links })
}

// ---------------------------------------------------------------- demand

/// Every link of every piece of feedback, by the id it points to.
pub(crate) struct Index<'a> {
    ws: &'a Workspace,
    by_target: HashMap<&'a str, Vec<Evidence<'a>>>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(ws: &'a Workspace) -> Index<'a> {
        Index::of(ws, |_| true)
    }

    /// The links of the feedback `keep` accepts only.
    pub(crate) fn of(ws: &'a Workspace, keep: impl Fn(&Feedback) -> bool) -> Index<'a> {
        let mut by_target: HashMap<&str, Vec<Evidence>> = HashMap::new();
        for d in ws.feedback.iter().filter(|d| keep(&d.value)) {
            let f = &d.value;
            for l in &f.links {
                by_target.entry(l.to.as_str()).or_default().push(Evidence {
                    feedback: f.id.as_str(),
                    customer: f.customer.as_deref(),
                    importance: l.importance(),
                });
            }
        }
        Index { ws, by_target }
    }

    /// The evidence linked to exactly `id`.
    pub(crate) fn direct(&self, id: &str) -> &[Evidence<'a>] {
        self.by_target.get(id).map_or(&[], Vec::as_slice)
    }

    /// The evidence of a backlog item: its own and its descendants' (an epic's includes its children's).
    pub(crate) fn item_evidence(&self, id: &str) -> Vec<Evidence<'a>> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack = vec![id.to_string()];
        while let Some(next) = stack.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            out.extend_from_slice(self.direct(&next));
            stack.extend(self.ws.children(&next).map(|c| c.value.id.clone()));
        }
        out
    }

    /// The links behind a backlog item (its own and its descendants'): the
    /// id linked and the evidence, in feedback id order, then target.
    pub(crate) fn item_links(&self, id: &str) -> Vec<(String, Evidence<'a>)> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack = vec![id.to_string()];
        while let Some(next) = stack.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            out.extend(self.direct(&next).iter().map(|e| (next.clone(), *e)));
            stack.extend(self.ws.children(&next).map(|c| c.value.id.clone()));
        }
        out.sort_by(|(a_to, a), (b_to, b)| {
            (id::number(a.feedback, PREFIX), a_to).cmp(&(id::number(b.feedback, PREFIX), b_to))
        });
        out
    }

    /// The demand behind a backlog item (with its descendants).
    pub(crate) fn item(&self, id: &str) -> Demand {
        feedback::demand(self.item_evidence(id), self.ws.customer_list())
    }

    /// The demand behind an initiative, a PRD or a requirement: the feedback linking it.
    pub(crate) fn direct_demand(&self, id: &str) -> Demand {
        feedback::demand(self.direct(id).iter().copied(), self.ws.customer_list())
    }

    /// Whether some feedback of `customer` (or in `segment`) asks for the item or its descendants.
    pub(crate) fn item_requested(&self, id: &str, customer: Option<&str>, segment_name: Option<&str>) -> bool {
        self.item_evidence(id).iter().any(|e| {
            let f = self.ws.feedback_doc(e.feedback).map(|d| &d.value);
            customer.is_none_or(|c| e.customer.is_some_and(|ec| ec.eq_ignore_ascii_case(c)))
                && segment_name
                    .is_none_or(|s| f.and_then(|f| segment(self.ws, f)).is_some_and(|fs| fs.eq_ignore_ascii_case(s)))
        })
    }
}

/// The demand behind each item, in the items' order.
pub(crate) fn item_demands(ws: &Workspace, items: &[&Doc<Item>]) -> Vec<Demand> {
    let index = Index::new(ws);
    items.iter().map(|d| index.item(&d.value.id)).collect()
}

// ---------------------------------------------------------------- overview

/// The customer evidence of the whole product, as the published page shows it.
#[derive(Debug, Clone)]
pub(crate) struct Overview<'a> {
    /// Pieces of feedback, and how many link nothing yet.
    pub total: usize,
    pub unlinked: usize,
    /// Distinct customers who gave feedback.
    pub customers: usize,
    /// Open items some feedback asks for, highest demand first (then backlog order).
    pub items: Vec<(&'a Doc<Item>, Demand)>,
    /// Initiatives some feedback asks for, highest demand first.
    pub initiatives: Vec<(&'a crate::model::Initiative, Demand)>,
    /// Per segment (the feedback's, else its customer's): pieces, distinct
    /// customers, and the three items it asks for most.
    pub segments: Vec<Segment>,
    /// The newest feedback first (left out of external views: it names customers and quotes them).
    pub recent: Vec<&'a Doc<Feedback>>,
    pub matrix: super::competitor::Matrix,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub name: String,
    pub feedback: usize,
    pub customers: usize,
    /// Item id, title and the segment's demand for it.
    pub top: Vec<(String, String, f64)>,
}

/// How many of the newest pieces the overview lists.
const RECENT: usize = 10;

/// The overview; `external` leaves out what names or quotes customers and their revenue.
pub(crate) fn overview(ws: &Workspace, external: bool) -> Overview<'_> {
    let config = &ws.config.value;
    let index = Index::new(ws);
    let strip = |mut d: Demand| {
        if external {
            d.arr.clear();
        }
        d
    };
    let mut items: Vec<(&Doc<Item>, Demand)> = ws
        .items
        .iter()
        .filter(|d| !config.is_closed(d.value.status()))
        .map(|d| (d, strip(index.item(&d.value.id))))
        .filter(|(_, dm)| !dm.is_zero())
        .collect();
    let order: HashMap<&str, usize> = {
        let mut docs: Vec<&Doc<Item>> = items.iter().map(|(d, _)| *d).collect();
        super::backlog::sort_items(ws, &mut docs, super::backlog::SortKey::Rank);
        docs.iter().enumerate().map(|(n, d)| (d.value.id.as_str(), n)).collect()
    };
    items.sort_by(|a, b| {
        b.1.score.total_cmp(&a.1.score).then(order[a.0.value.id.as_str()].cmp(&order[b.0.value.id.as_str()]))
    });
    let mut initiatives: Vec<_> = ws
        .initiatives()
        .iter()
        .filter(|i| !external || i.is_external())
        .map(|i| (i, strip(super::roadmap::demand(ws, &index, &i.id))))
        .filter(|(_, dm)| !dm.is_zero())
        .collect();
    initiatives.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));

    let mut names: Vec<String> = ws.feedback.iter().filter_map(|d| segment(ws, &d.value)).map(str::to_string).collect();
    names.sort();
    names.dedup();
    let segments = names
        .into_iter()
        .map(|name| {
            let of_segment = |f: &Feedback| segment(ws, f) == Some(name.as_str());
            let pieces: Vec<&Doc<Feedback>> = ws.feedback.iter().filter(|d| of_segment(&d.value)).collect();
            let customers: HashSet<&str> = pieces.iter().filter_map(|d| d.value.customer.as_deref()).collect();
            let seg_index = Index::of(ws, of_segment);
            let mut top: Vec<(String, String, f64)> = items
                .iter()
                .map(|(d, _)| (d.value.id.clone(), d.value.title.clone(), seg_index.item(&d.value.id).score))
                .filter(|(_, _, s)| *s > 0.0)
                .collect();
            top.sort_by(|a, b| b.2.total_cmp(&a.2));
            top.truncate(3);
            Segment { name, feedback: pieces.len(), customers: customers.len(), top }
        })
        .collect();
    let mut recent: Vec<&Doc<Feedback>> = if external { Vec::new() } else { ws.feedback.iter().collect() };
    recent.sort_by(|a, b| {
        b.value
            .date
            .cmp(&a.value.date)
            .then_with(|| id::number(&b.value.id, PREFIX).cmp(&id::number(&a.value.id, PREFIX)))
    });
    recent.truncate(RECENT);
    let customers: HashSet<&str> = ws.feedback.iter().filter_map(|d| d.value.customer.as_deref()).collect();
    Overview {
        total: ws.feedback.len(),
        unlinked: ws.feedback.iter().filter(|d| d.value.links.is_empty()).count(),
        customers: customers.len(),
        items,
        initiatives,
        segments,
        recent,
        matrix: super::competitor::matrix(ws),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn importances() {
        assert_eq!(importance("3").unwrap(), 3);
        assert_eq!(importance(" 1 ").unwrap(), 1);
        assert!(importance("0").is_err());
        assert!(importance("4").is_err());
        assert!(importance("2.5").is_err());
    }

    #[test]
    fn sources_and_sentiments() {
        assert_eq!(parse_source("focus-group").unwrap(), FeedbackSource::FocusGroup);
        assert!(parse_source("email").is_err());
        assert_eq!(parse_sentiment("Negative").unwrap(), Sentiment::Negative);
    }
}
