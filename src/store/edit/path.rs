//! Path resolution: walking an edit's path (keys and element indexes) down the node tree, and
//! recording where each value lives so that the operations know what surrounds it.

use saphyr_parser::ScalarStyle;

use super::logical::Step;
use super::tree::{Entry, Item, Kind, Node};
use super::{EditError, unsupported};

/// Where a value lives in the text.
#[derive(Clone, Copy)]
pub(super) enum Holder<'n> {
    /// The document's root collection.
    Root,
    /// The value of `entry`, entry `index` of mapping `map`.
    Entry { map: &'n Node, entry: &'n Entry, index: usize },
    /// `item`, element `index` of list `seq`.
    Item { seq: &'n Node, item: &'n Item, index: usize },
}

/// A value together with where it lives.
#[derive(Clone, Copy)]
pub(super) struct Slot<'n> {
    pub(super) holder: Holder<'n>,
    pub(super) node: &'n Node,
}

impl Slot<'_> {
    /// Whether the value sits inside a flow collection.
    pub(super) fn in_flow(&self) -> bool {
        match self.holder {
            Holder::Root => false,
            Holder::Entry { map, .. } => map.is_flow(),
            Holder::Item { seq, .. } => seq.is_flow(),
        }
    }

    /// The key or `-` that block content of this value is indented from.
    pub(super) fn anchor(&self) -> Option<usize> {
        match self.holder {
            Holder::Root => None,
            Holder::Entry { entry, .. } => Some(entry.key.start),
            Holder::Item { item, .. } => item.dash,
        }
    }
}

pub(super) struct Resolved<'n> {
    pub(super) steps: Vec<Step>,
    /// The root, then the slot of each path segment that exists, outermost first.
    pub(super) chain: Vec<Slot<'n>>,
    pub(super) target: Target<'n>,
}

pub(super) enum Target<'n> {
    /// The whole path exists; `chain.last()` holds it.
    Found,
    /// `path[depth]` is missing from `map`.
    Missing { map: &'n Node, depth: usize },
    /// `path[..=depth]` is null (`chain.last()`), so the rest of the path is missing.
    UnderNull { depth: usize },
}

impl<'n> Resolved<'n> {
    pub(super) fn last(&self) -> Slot<'n> {
        // The chain always starts with the root.
        self.chain[self.chain.len() - 1]
    }

    /// The collection holding the last slot.
    pub(super) fn parent(&self) -> Option<Slot<'n>> {
        self.chain.len().checked_sub(2).map(|i| self.chain[i])
    }

    pub(super) fn steps_for(&self, path: &[String]) -> Vec<Step> {
        let mut steps = self.steps.clone();
        steps.extend(path[steps.len().min(path.len())..].iter().cloned().map(Step::New));
        steps
    }
}

/// A path segment read as a list index: decimal digits only (an index too large for `usize`
/// is past the end of any list).
fn parse_index(segment: &str) -> Option<usize> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(segment.parse().unwrap_or(usize::MAX))
}

pub(super) fn resolve<'n>(root: &'n Node, path: &[String], dotted: &str) -> Result<Resolved<'n>, EditError> {
    let mut steps = Vec::new();
    let mut chain = vec![Slot { holder: Holder::Root, node: root }];
    if path.is_empty() && !matches!(root.kind, Kind::Seq { .. }) {
        return Err(unsupported(dotted, "the key path is empty"));
    }
    let mut node = root;
    let mut in_flow = false;
    for (depth, segment) in path.iter().enumerate() {
        let here = if depth == 0 { "the top level".to_owned() } else { format!("`{}`", path[..depth].join(".")) };
        if node.props {
            return Err(unsupported(dotted, format!("{here} has an anchor or tag")));
        }
        let slot = match &node.kind {
            Kind::Map { flow, entries } => {
                if in_flow && !flow {
                    return Err(unsupported(dotted, format!("{here} is a single-pair mapping inside a flow list")));
                }
                if entries.iter().any(|e| is_merge_key(&e.key)) {
                    return Err(unsupported(dotted, format!("{here} uses a merge key (`<<`)")));
                }
                let Some(index) = entries.iter().position(|e| scalar_value(&e.key) == Some(segment.as_str())) else {
                    return Ok(Resolved { steps, chain, target: Target::Missing { map: node, depth } });
                };
                let entry = &entries[index];
                if entry.key.props {
                    return Err(unsupported(dotted, "the key has an anchor or tag"));
                }
                steps.push(Step::Entry(index));
                Slot { holder: Holder::Entry { map: node, entry, index }, node: &entry.value }
            }
            Kind::Seq { items, .. } => {
                let Some(index) = parse_index(segment) else {
                    if depth == 0 {
                        return Err(unsupported(dotted, "the top level is a list: the path must start with an index"));
                    }
                    return Err(EditError::NotAMapping { path: path[..depth].join(".") });
                };
                let Some(item) = items.get(index) else {
                    return Err(EditError::NoElement { path: path[..depth].join("."), index });
                };
                steps.push(Step::Element(index));
                Slot { holder: Holder::Item { seq: node, item, index }, node: &item.node }
            }
            _ => return Err(EditError::NotAMapping { path: path[..depth].join(".") }),
        };
        in_flow |= node.is_flow();
        chain.push(slot);
        if depth + 1 == path.len() {
            return Ok(Resolved { steps, chain, target: Target::Found });
        }
        match &slot.node.kind {
            Kind::Map { .. } | Kind::Seq { .. } => node = slot.node,
            Kind::Alias => {
                let here = path[..=depth].join(".");
                return Err(unsupported(dotted, format!("`{here}` is an alias")));
            }
            _ if is_null(slot.node) => {
                return Ok(Resolved { steps, chain, target: Target::UnderNull { depth } });
            }
            _ => {
                return Err(EditError::NotAMapping { path: path[..=depth].join(".") });
            }
        }
    }
    // Only an empty path gets here: the top-level list itself.
    Ok(Resolved { steps, chain, target: Target::Found })
}

pub(super) fn scalar_value(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Scalar { value, .. } => Some(value),
        _ => None,
    }
}

fn is_merge_key(node: &Node) -> bool {
    matches!(&node.kind, Kind::Scalar { value, style: ScalarStyle::Plain } if value == "<<")
}

pub(super) fn is_null(node: &Node) -> bool {
    !node.props
        && matches!(&node.kind, Kind::Scalar { value, style: ScalarStyle::Plain }
            if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
}

/// Anchors, aliases and tags tie a node to other parts of the document (or give it a meaning
/// beyond its text), so nodes carrying them are never rewritten.
pub(super) fn has_props(node: &Node) -> bool {
    node.props
        || match &node.kind {
            Kind::Alias => true,
            Kind::Scalar { .. } => false,
            Kind::Seq { items, .. } => items.iter().any(|i| has_props(&i.node)),
            Kind::Map { entries, .. } => entries.iter().any(|e| has_props(&e.key) || has_props(&e.value)),
        }
}
