//! `pm release notes`: the backlog items a release delivered, grouped for
//! readers — features, improvements, fixes — each with the PRD it belongs to.
//!
//! A release is a milestone (the items planned for it, directly or through
//! an ancestor, that are done) or a range of revisions (the items that moved
//! into a done status between them). Items closed as `wont_do` delivered
//! nothing and spikes are research, so neither is listed; how many were left
//! out is reported.

use serde::Serialize;

use crate::diff;
use crate::error::Result;
use crate::model::backlog::{Item, ItemType};
use crate::store::{Product, Source, Workspace};

/// The groups of release notes, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Group {
    Features,
    Improvements,
    Fixes,
}

impl Group {
    pub(crate) const ALL: [Group; 3] = [Group::Features, Group::Improvements, Group::Fixes];

    pub(crate) fn heading(self) -> &'static str {
        match self {
            Group::Features => "Features",
            Group::Improvements => "Improvements",
            Group::Fixes => "Fixes",
        }
    }

    /// Epics and features are features, bugs are fixes, stories, chores and
    /// untyped items improvements; spikes are not release notes.
    fn of(kind: Option<ItemType>) -> Option<Group> {
        match kind {
            Some(ItemType::Epic | ItemType::Feature) => Some(Group::Features),
            Some(ItemType::Bug) => Some(Group::Fixes),
            Some(ItemType::Spike) => None,
            Some(ItemType::Story | ItemType::Chore) | None => Some(Group::Improvements),
        }
    }
}

/// One delivered item.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Note {
    pub id: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub group: Group,
    /// The PRD (or PRD requirement) of the item or of its nearest ancestor
    /// that names one.
    pub prd: Option<String>,
    /// The customers whose feedback asked for it (or for one of its descendants), in id order.
    pub customers: Vec<String>,
}

/// A customer to tell about a release: who, and what they asked for that it delivered.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Tell {
    pub customer: String,
    pub name: Option<String>,
    pub items: Vec<String>,
}

/// What a release delivered.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Notes {
    /// `MS-3 Checkout v2` or `v1.0..v1.1`.
    pub release: String,
    pub milestone: Option<String>,
    /// The milestone's date, when it has one.
    pub date: Option<crate::model::Date>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub notes: Vec<Note>,
    /// Done items not listed: closed as `wont_do`, or spikes.
    pub left_out: Vec<String>,
    /// Files that could not be read at either revision.
    pub unreadable: Vec<crate::diff::Unreadable>,
    /// The customers who asked for what it delivered, in id order.
    pub tell: Vec<Tell>,
}

/// Who to tell: each customer named in the notes, with the items they asked for.
fn tell(ws: &Workspace, notes: &[Note]) -> Vec<Tell> {
    let mut by: std::collections::BTreeMap<&str, Vec<String>> = std::collections::BTreeMap::new();
    for n in notes {
        for c in &n.customers {
            by.entry(c.as_str()).or_default().push(n.id.clone());
        }
    }
    by.into_iter()
        .map(|(c, items)| Tell { customer: c.to_string(), name: ws.customer(c).and_then(|c| c.name.clone()), items })
        .collect()
}

impl Notes {
    pub(crate) fn group(&self, g: Group) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.group == g)
    }
}

/// The item and its ancestors, nearest first (a parent cycle ends the walk).
fn lineage<'a>(ws: &'a Workspace, item: &'a Item) -> Vec<&'a Item> {
    let mut out = vec![item];
    let mut seen = std::collections::HashSet::from([item.id.as_str()]);
    let mut at = item;
    while let Some(parent) = at.parent.as_deref().and_then(|p| ws.get(p)) {
        if !seen.insert(parent.value.id.as_str()) {
            break;
        }
        out.push(&parent.value);
        at = &parent.value;
    }
    out
}

/// The milestone an item is planned for: its own, else its nearest
/// ancestor's (a story planned for a later milestone than its epic belongs
/// to the later one).
pub(crate) fn milestone_of<'a>(ws: &'a Workspace, item: &'a Item) -> Option<&'a str> {
    // Most lineages are short: walk them without noting what was seen, and
    // only a long one (a cycle, or a very deep tree) the careful way.
    let mut at = item;
    for _ in 0..64 {
        if let Some(m) = at.milestone.as_deref() {
            return Some(m);
        }
        at = &ws.get(at.parent.as_deref()?)?.value;
    }
    lineage(ws, item).into_iter().find_map(|a| a.milestone.as_deref())
}

/// The items planned for a milestone: directly, or through an ancestor.
pub(crate) fn planned<'a>(ws: &'a Workspace, milestone: &str) -> Vec<&'a Item> {
    ws.items.iter().map(|d| &d.value).filter(|i| milestone_of(ws, i) == Some(milestone)).collect()
}

pub(crate) fn id_order(id: &str) -> (String, u64) {
    let (prefix, n) = id.rsplit_once('-').unwrap_or((id, ""));
    (prefix.to_string(), n.parse().unwrap_or(u64::MAX))
}

/// Sorts the closed items of `ws` into notes and the ones left out.
fn collect<'a>(ws: &'a Workspace, items: impl Iterator<Item = &'a Item>) -> (Vec<Note>, Vec<String>) {
    let config = &ws.config.value;
    let index = super::feedback::Index::new(ws);
    let mut notes = Vec::new();
    let mut left_out = Vec::new();
    for item in items.filter(|i| config.is_closed(i.status())) {
        let group = if item.status() == "wont_do" { None } else { Group::of(item.kind) };
        match group {
            None => left_out.push(item.id.clone()),
            Some(group) => notes.push(Note {
                id: item.id.clone(),
                title: item.title.clone(),
                kind: item.kind.map(|k| k.as_str().to_string()),
                group,
                prd: lineage(ws, item).into_iter().find_map(|i| i.prd.clone()),
                customers: {
                    let mut c: Vec<String> =
                        index.item_links(&item.id).iter().filter_map(|(_, e)| e.customer.map(str::to_string)).collect();
                    c.sort();
                    c.dedup();
                    c
                },
            }),
        }
    }
    notes.sort_by_key(|n| id_order(&n.id));
    left_out.sort_by_key(|id| id_order(id));
    (notes, left_out)
}

/// The notes of a milestone: its done items, planned for it directly or
/// through an ancestor.
pub(crate) fn milestone(ws: &Workspace, input: &str) -> Result<Notes> {
    let (_, m) = super::roadmap::milestone(ws, input)?;
    Ok(of_milestone(ws, m))
}

/// The notes of this milestone.
pub(crate) fn of_milestone(ws: &Workspace, m: &crate::model::roadmap::Milestone) -> Notes {
    let (notes, left_out) = collect(ws, planned(ws, &m.id).into_iter());
    Notes {
        release: format!("{} {}", m.id, m.name),
        milestone: Some(m.id.clone()),
        date: m.date,
        from: None,
        to: None,
        tell: tell(ws, &notes),
        notes,
        left_out,
        unreadable: Vec::new(),
    }
}

/// The notes of a range of revisions: the items that are done at `to` and
/// were not done (or did not exist) at `from`.
/// An item renumbered in between is looked up under its old id, and one
/// revived from `wont_do` and finished counts as delivered.
pub(crate) fn range(product: &Product, from: &str, to: &str, today: crate::model::Date) -> Result<Notes> {
    let repo = product.repo()?;
    let (a, b) = (repo.commit_id(from)?, repo.commit_id(to)?);
    let (before, head, _) = crate::store::load_pair(product, &Source::Rev(a), &Source::Rev(b))?;
    let mut unreadable = diff::unreadable(&before, from);
    unreadable.extend(diff::unreadable(&head, to));
    let renumbered: std::collections::HashMap<String, String> = diff::diff(&before, &head, today)
        .into_iter()
        .filter_map(|c| match c.action {
            diff::Action::Renumbered { from } => Some((c.id, from)),
            _ => None,
        })
        .collect();
    // Done before (not as wont_do), or closed the same way then and now:
    // nothing this range did.
    let settled = |item: &Item| {
        let id = renumbered.get(&item.id).map_or(item.id.as_str(), String::as_str);
        before.get(id).is_some_and(|d| {
            let was = d.value.status();
            before.config.value.is_closed(was) && (was != "wont_do" || was == item.status())
        })
    };
    let moved = head.items.iter().map(|d| &d.value).filter(|i| !settled(i));
    let (notes, left_out) = collect(&head, moved);
    Ok(Notes {
        release: format!("{from}..{to}"),
        milestone: None,
        date: None,
        from: Some(from.to_string()),
        to: Some(to.to_string()),
        tell: tell(&head, &notes),
        notes,
        left_out,
        unreadable,
    })
}
