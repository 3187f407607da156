//! Templates for new PRDs and backlog items: built into the binary from the
//! repository's `templates/` folder, overridable (or extended) by the team in
//! `product/templates/prd/`, `product/templates/backlog/` and
//! `product/templates/launch/`.

use std::path::Path;

use crate::error::{Error, Mistake, Result};

use super::Product;

/// What a template creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TemplateKind {
    Prd,
    Backlog,
    /// The checklist, rollout and rollback a launch milestone starts with.
    Launch,
}

impl TemplateKind {
    pub(crate) fn folder(self) -> &'static str {
        match self {
            TemplateKind::Prd => "prd",
            TemplateKind::Backlog => "backlog",
            TemplateKind::Launch => "launch",
        }
    }
}

/// A template and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    pub kind: TemplateKind,
    pub name: String,
    /// `built-in`, or the team's file (`templates/prd/full.yaml`, below the product folder).
    pub source: String,
    pub text: String,
}

const BUILT_IN: [(TemplateKind, &str, &str); 6] = [
    (TemplateKind::Prd, "full", include_str!("../../templates/prd/full.yaml")),
    (TemplateKind::Prd, "lean", include_str!("../../templates/prd/lean.yaml")),
    (TemplateKind::Backlog, "story", include_str!("../../templates/backlog/story.yaml")),
    (TemplateKind::Backlog, "bug", include_str!("../../templates/backlog/bug.yaml")),
    (TemplateKind::Backlog, "epic", include_str!("../../templates/backlog/epic.yaml")),
    (TemplateKind::Launch, "checklist", include_str!("../../templates/launch/checklist.yaml")),
];

fn team_templates(product: &Product, kind: TemplateKind) -> Result<Vec<Template>> {
    let rel = format!("templates/{}", kind.folder());
    let dir = product.dir.join(&rel);
    // A templates folder that is a link out of the product is not read.
    if dir.exists() && !product.contains(&dir) {
        return Ok(Vec::new());
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("cannot read", dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".yaml") else { continue };
        if stem.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io("cannot read", &path, e))?;
        out.push(Template { kind, name: stem.to_string(), source: format!("{rel}/{name}"), text });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Every template of a kind: the team's first (they override built-ins of the same name).
pub(crate) fn list(product: &Product, kind: TemplateKind) -> Result<Vec<Template>> {
    let mut out = team_templates(product, kind)?;
    for (k, name, text) in BUILT_IN {
        if k == kind && !out.iter().any(|t| t.name == name) {
            out.push(Template { kind, name: name.to_string(), source: "built-in".into(), text: text.to_string() });
        }
    }
    Ok(out)
}

/// The template of this kind and name.
pub(crate) fn get(product: &Product, kind: TemplateKind, name: &str) -> Result<Template> {
    let name = name.trim();
    if name.is_empty() || name.contains(['/', '\\']) || Path::new(name).components().count() != 1 {
        return Err(Error::usage(format!("`{name}` is not a template name")));
    }
    let all = list(product, kind)?;
    all.iter().find(|t| t.name == name).cloned().ok_or_else(|| {
        Mistake::NoTemplate {
            folder: kind.folder(),
            name: name.to_string(),
            names: all.iter().map(|t| t.name.clone()).collect(),
        }
        .into()
    })
}

/// Fills `{{name}}` placeholders. A line whose placeholder has no value is
/// left out, so optional fields disappear instead of being written empty.
pub(crate) fn fill(text: &str, values: &[(&str, Option<String>)]) -> String {
    let mut out = String::with_capacity(text.len());
    'lines: for line in text.split_inclusive('\n') {
        let mut line = line.to_string();
        for (name, value) in values {
            let placeholder = format!("{{{{{name}}}}}");
            if line.contains(&placeholder) {
                match value {
                    Some(v) => line = line.replace(&placeholder, v),
                    None => continue 'lines,
                }
            }
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_placeholder_problems_are_the_built_in_templates() {
        let mut problems: Vec<String> = super::BUILT_IN
            .iter()
            .filter(|(kind, _, _)| *kind == super::TemplateKind::Prd)
            .map(|(_, _, text)| {
                let values = [
                    ("id", Some("PRD-1".to_string())),
                    ("title", Some("t".to_string())),
                    ("owner", None),
                    ("today", Some("2026-01-01".to_string())),
                    ("initiative", None),
                    ("milestone", None),
                ];
                let v: serde_json::Value = yaml_serde::from_str(&super::fill(text, &values)).unwrap();
                v["problem"].as_str().unwrap().trim().to_string()
            })
            .collect();
        problems.sort();
        let mut known: Vec<String> = crate::model::prd::PLACEHOLDER_PROBLEMS.iter().map(|p| p.to_string()).collect();
        known.sort();
        assert_eq!(problems, known);
    }

    use super::*;

    #[test]
    fn fills_and_drops_lines() {
        let t = "id: {{id}}\nowner: {{owner}}\ntitle: {{title}}\n";
        assert_eq!(
            fill(t, &[("id", Some("PRD-1".into())), ("owner", None), ("title", Some("x".into()))]),
            "id: PRD-1\ntitle: x\n"
        );
    }

    #[test]
    fn built_in_templates_are_valid_yaml() {
        for (_, name, text) in BUILT_IN {
            let filled = fill(
                text,
                &[
                    ("id", Some("PRD-1".into())),
                    ("title", Some("T".into())),
                    ("owner", Some("dana".into())),
                    ("today", Some("2026-11-28".into())),
                    ("initiative", None),
                    ("milestone", None),
                ],
            );
            assert!(crate::store::yaml::parse(&filled).is_ok(), "{name}");
        }
    }
}
