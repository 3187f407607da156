use std::collections::HashMap;

use super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::Item;
use crate::model::config::Severity;
use crate::store::Doc;

pub(super) static RULE: Rule = Rule {
    name: "dependency-cycle",
    severity: Severity::Error,
    summary: "items form a cycle through parent or blocked_by",
    explanation: "\
Following `parent` and `blocked_by` links must never lead back to where it
started: an item cannot be its own ancestor, and work that waits for itself
can never start. Cycles are found over the union of both kinds of link.

Example: BL-3 has `blocked_by: [BL-5]` and BL-5 has `blocked_by: [BL-3]`.

Fix: remove one of the links in the cycle shown.",
    scope: Scope::Workspace { all: check_all, item: Some(check_item) },
};

/// The links out of an item, with the field each sits in.
fn links(item: &Item) -> impl Iterator<Item = (&'static str, usize, &str)> {
    item.parent
        .iter()
        .map(|p| ("parent", 0, p.as_str()))
        .chain(item.blocked_by.iter().enumerate().map(|(i, b)| ("blocked_by", i, b.as_str())))
}

fn at(field: &str, index: usize) -> String {
    if field == "parent" { "/parent".to_string() } else { format!("/blocked_by/{index}") }
}

/// A path of links from `from` back to `to`, if there is one, following the workspace
/// (with `doc` standing in for its own id).
fn path_back<'a>(cx: &'a Cx, doc: &'a Doc<Item>, from: &'a str, to: &str) -> Option<Vec<&'a str>> {
    let lookup = |id: &str| -> Option<&'a Item> {
        if id == doc.value.id { Some(&doc.value) } else { cx.ws.get(id).map(|d| &d.value) }
    };
    let mut came_from: HashMap<&str, &str> = HashMap::new();
    let mut stack = vec![from];
    came_from.insert(from, "");
    while let Some(id) = stack.pop() {
        if id == to {
            let mut path = vec![id];
            let mut cur = id;
            while let Some(prev) = came_from.get(cur).filter(|p| !p.is_empty()) {
                path.push(prev);
                cur = prev;
            }
            path.reverse();
            return Some(path);
        }
        if let Some(item) = lookup(id) {
            for (_, _, next) in links(item) {
                if !came_from.contains_key(next) {
                    came_from.insert(next, id);
                    stack.push(next);
                }
            }
        }
    }
    None
}

/// For writes: would this item be on a cycle?
fn check_item(cx: &Cx, doc: &Doc<Item>, out: &mut Vec<Finding>) {
    let me = doc.value.id.as_str();
    for (field, index, next) in links(&doc.value) {
        if let Some(path) = path_back(cx, doc, next, me) {
            let mut chain = vec![me];
            chain.extend(path);
            out.push(cycle_finding(&doc.path, field, index, &chain));
            return;
        }
    }
}

fn cycle_finding(path: &str, field: &str, index: usize, chain: &[&str]) -> Finding {
    Finding::new(RULE.name, path, at(field, index), format!("cycle: {}", chain.join(" → ")))
        .label("this link closes the cycle")
        .help("remove one of the links in the cycle")
}

/// Objectives whose `parent` chain comes back to them, reported once on the lowest id.
fn objective_cycles(cx: &Cx, out: &mut Vec<Finding>) {
    let parents: HashMap<&str, &str> =
        cx.ws.objectives().filter_map(|(_, _, o)| o.parent.as_deref().map(|p| (o.id.as_str(), p))).collect();
    for (doc, i, o) in cx.ws.objectives() {
        let mut chain = vec![o.id.as_str()];
        let mut cur = o.id.as_str();
        while let Some(&p) = parents.get(cur) {
            if p == o.id {
                chain.push(p);
                let lowest = chain.iter().min_by_key(|c| crate::model::id::number(c, "OBJ")).copied();
                if lowest == Some(o.id.as_str()) {
                    out.push(
                        Finding::new(
                            RULE.name,
                            &doc.path,
                            format!("/{i}/parent"),
                            format!("cycle: {}", chain.join(" → ")),
                        )
                        .label("this link closes the cycle")
                        .help("an objective cannot support itself; remove one parent link"),
                    );
                }
                break;
            }
            if chain.contains(&p) {
                break;
            }
            chain.push(p);
            cur = p;
        }
    }
}

/// For `pm check`: every strongly connected component of the link graph with
/// a cycle in it, reported once, on its lowest id.
fn check_all(cx: &Cx, out: &mut Vec<Finding>) {
    objective_cycles(cx, out);
    let items = &cx.ws.items;
    let index: HashMap<&str, usize> = items.iter().enumerate().map(|(i, d)| (d.value.id.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> =
        items.iter().map(|d| links(&d.value).filter_map(|(_, _, t)| index.get(t).copied()).collect()).collect();
    for component in tarjan(&edges) {
        let cyclic = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if !cyclic {
            continue;
        }
        let first = *component
            .iter()
            .min_by_key(|&&i| (crate::model::id::number(&items[i].value.id, &cx.config.id_prefix), i))
            .unwrap_or(&component[0]);
        let doc = &items[first];
        for (field, idx, next) in links(&doc.value) {
            if let Some(path) = path_back(cx, doc, next, &doc.value.id) {
                let mut chain = vec![doc.value.id.as_str()];
                chain.extend(path);
                out.push(cycle_finding(&doc.path, field, idx, &chain));
                break;
            }
        }
    }
}

/// Tarjan's strongly connected components, iteratively (deep graphs must not overflow the stack).
fn tarjan(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn finds_components() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let mut comps: Vec<Vec<usize>> = tarjan(&edges)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        comps.sort();
        assert_eq!(comps, vec![vec![0, 1, 2], vec![3], vec![4]]);
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] }).collect();
        assert_eq!(tarjan(&edges).len(), 1);
    }
}
