//! What `pm mcp` offers besides tools: resources (the JSON Schemas of
//! product files, any artifact's file, pm.yaml) and prompts for a PM's
//! routines (grooming the backlog, drafting a PRD, the weekly update). Each
//! is read through the same commands and loading as the CLI.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::check::schema::SchemaKind;
use crate::ops::record;
use crate::store::{CONFIG_FILE, Product, Source, Workspace};

/// The resources `resources/list` names: pm.yaml and each schema.
pub(crate) fn resources() -> Vec<Value> {
    let mut out = vec![json!({"uri": "pm://pm.yaml", "name": "pm.yaml", "mimeType": "application/yaml",
        "description": "the product's configuration: workflow, priorities, custom fields, rules"})];
    for kind in SchemaKind::ALL {
        out.push(json!({"uri": format!("pm://schema/{}", kind.name()), "name": format!("schema {}", kind.name()),
            "mimeType": "application/schema+json"}));
    }
    out
}

/// The resource templates: any artifact's file by id, any schema by kind.
pub(crate) fn templates() -> Vec<Value> {
    vec![
        json!({"uriTemplate": "pm://artifact/{id}", "name": "artifact", "mimeType": "application/yaml",
            "description": "the file that holds an artifact (BL-12, RM-2, OBJ-1, KR-3, PRD-1, EXP-2, a metric id)"}),
        json!({"uriTemplate": "pm://schema/{kind}", "name": "schema", "mimeType": "application/schema+json"}),
    ]
}

/// Reads the resource `uri` for a server started in `start`: its contents
/// entry, or why there is none.
pub(crate) fn read(start: &Path, uri: &str) -> Result<Value, String> {
    let text = |mime: &str, text: String| json!({"uri": uri, "mimeType": mime, "text": text});
    if let Some(kind) = uri.strip_prefix("pm://schema/") {
        let run =
            crate::cli::run_captured(["-C".to_string(), start.display().to_string(), "schema".into(), kind.into()]);
        return if run.code == 0 { Ok(text("application/schema+json", run.out)) } else { Err(run.err) };
    }
    let product = Product::find(start).map_err(|e| e.to_string())?;
    if uri == "pm://pm.yaml" {
        let path = product.dir.join(CONFIG_FILE);
        let body = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok(text("application/yaml", body));
    }
    if let Some(id) = uri.strip_prefix("pm://artifact/") {
        let ws = Workspace::load(&product, Source::WorkTree).map_err(|e| e.to_string())?;
        let found = record::locate_any(&ws, id).map_err(|e| e.to_string())?;
        return Ok(text("application/yaml", found.text));
    }
    Err(format!("there is no resource `{uri}`: pm serves pm://pm.yaml, pm://schema/{{kind}} and pm://artifact/{{id}}"))
}

/// The prompts `prompts/list` names.
pub(crate) fn prompts() -> Vec<Value> {
    vec![
        json!({"name": "groom-backlog", "description": "Groom the backlog: the ready items, their scores and gaps, and what to change",
            "arguments": [{"name": "focus", "description": "a label or milestone to groom (optional)", "required": false}]}),
        json!({"name": "draft-prd", "description": "Draft a PRD from a template, with requirements linked to backlog items",
            "arguments": [{"name": "title", "description": "what the PRD is about", "required": true},
                          {"name": "template", "description": "a PRD template (pm template list)", "required": false}]}),
        json!({"name": "weekly-update", "description": "Write the weekly stakeholder update from the product's history",
            "arguments": [{"name": "since", "description": "the window (7d, 14d or a date; default 7d)", "required": false}]}),
    ]
}

/// The prompt `name` with `arguments`: its messages, with the product's
/// current data where the routine starts from it.
pub(crate) fn prompt(start: &Path, name: &str, arguments: &Map<String, Value>) -> Result<Value, String> {
    let arg = |key: &str| arguments.get(key).and_then(Value::as_str).map(str::to_string);
    let root = start.display().to_string();
    let text = match name {
        "groom-backlog" => {
            let mut argv = vec![
                "-C".to_string(),
                root,
                "backlog".into(),
                "list".into(),
                "--ready".into(),
                "--format".into(),
                "md".into(),
            ];
            if let Some(focus) = arg("focus") {
                argv.extend(["--text".to_string(), focus]);
            }
            let run = crate::cli::run_captured(argv);
            format!(
                "Groom this product's backlog. The items ready to start, in rank order:\n\n{}\n\
                 For each: is the title clear, is it sized (estimate) and scored (rice or wsjf), is its priority right? \
                 Propose changes, then make them with pm_update (use `expected` from pm_get), re-order with pm_rank, \
                 split large items with pm_create (parent). Finish with pm_check and show pm_diff.",
                if run.code == 0 { run.out } else { run.err }
            )
        }
        "draft-prd" => {
            let title = arg("title").ok_or("draft-prd needs the argument `title`")?;
            let template =
                arg("template").map(|t| format!(" with fields {{\"template\": \"{t}\"}}")).unwrap_or_default();
            format!(
                "Draft a PRD titled \"{title}\". Create it with pm_create (kind prd){template}, then read it with pm_get \
                 and fill problem, goals, requirements and open questions with pm_update (set/add on its fields). \
                 Find the backlog items that deliver it with pm_query (kind item, filters text) and link each with pm_link. \
                 Finish with pm_check and show pm_diff; do not commit."
            )
        }
        "weekly-update" => {
            let since = arg("since").unwrap_or_else(|| "7d".to_string());
            let run = crate::cli::run_captured([
                "-C".to_string(),
                root,
                "report".into(),
                "update".into(),
                "--since".into(),
                since,
            ]);
            format!(
                "Write this week's stakeholder update from the report below (computed from git history). Lead with \
                 what shipped and what changed on the roadmap, then OKR and metric movement, then risks; keep numbers as given.\n\n{}",
                if run.code == 0 { run.out } else { run.err }
            )
        }
        other => {
            return Err(format!("there is no prompt `{other}`: pm has groom-backlog, draft-prd and weekly-update"));
        }
    };
    Ok(json!({"description": name, "messages": [{"role": "user", "content": {"type": "text", "text": text}}]}))
}
