//! The tools `pm mcp` serves: their names, schemas and hints (one table),
//! and how each call becomes the `pm` command line that does the work. The
//! commands run in-process ([`crate::cli::run_captured`]), so a tool gives
//! exactly what the command gives — the same JSON as `--format json`, the
//! same refusals with the same fix — and writes only through the one write
//! path. Nothing here decides anything about the product.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::cli::Run;
use crate::model::kind::Kind;
use crate::ops::write::{self, Expected};
use crate::ops::{prd, record};
use crate::store::{Product, Source, Workspace};

/// The groups `--tools` narrows the server to, each the artifacts of one area.
pub(crate) const GROUPS: [&str; 7] = ["backlog", "roadmap", "okr", "prd", "metric", "experiment", "evidence"];

/// The largest arguments a call may carry (their JSON), so that a runaway
/// client cannot make pm parse and write megabytes.
pub(crate) const MAX_ARGUMENTS: usize = 64 * 1024;

/// A tool: its name, what it says of itself, its input schema, whether it
/// only reads, and the groups it belongs to (empty: every group).
pub(crate) struct Tool {
    pub name: &'static str,
    pub description: &'static str,
    pub read_only: bool,
    /// Whether it can remove or overwrite data (a status move, an edit); adding is not.
    pub destructive: bool,
    pub groups: &'static [&'static str],
    input: fn(&Kinds) -> Value,
}

/// The kinds a `kind` argument may name, as the selected groups allow.
pub(crate) struct Kinds(Vec<&'static str>);

/// Every artifact kind a tool argument may name, with its group.
const KIND_GROUPS: [(&str, &str); 12] = [
    ("item", "backlog"),
    ("iteration", "backlog"),
    ("initiative", "roadmap"),
    ("milestone", "roadmap"),
    ("objective", "okr"),
    ("key_result", "okr"),
    ("prd", "prd"),
    ("metric", "metric"),
    ("experiment", "experiment"),
    ("feedback", "evidence"),
    ("customer", "evidence"),
    ("competitor", "evidence"),
];

impl Kinds {
    pub(crate) fn of(groups: &[String]) -> Kinds {
        Kinds(KIND_GROUPS.iter().filter(|(_, g)| groups.iter().any(|s| s == g)).map(|(k, _)| *k).collect())
    }

    fn without(&self, kinds: &[&str]) -> Value {
        json!(self.0.iter().filter(|k| !kinds.contains(k)).collect::<Vec<_>>())
    }
}

/// `project_root`: the product folder or below (the server's instructions
/// say so once; the default is the server's `-C`).
fn root() -> Value {
    json!({"type": "string"})
}

fn flags(what: &str) -> Value {
    json!({"type": "object", "description": format!("{what} as {{flag: value}}; true for a switch, a list repeats")})
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

/// The reports `pm_report` gives.
const REPORTS: [&str; 9] =
    ["roadmap", "okr", "flow", "update", "forecast", "release", "launch", "iteration", "evidence"];

/// The tools, in the order `tools/list` gives them.
pub(crate) const TOOLS: [Tool; 11] = [
    Tool {
        name: "pm_query",
        description: "List artifacts of a kind, as `pm <kind> list --format json`. Filters and sorts are that command's flags (item: status, type, label, owner, priority, milestone, text, ready, sort, reverse, limit).",
        read_only: true,
        destructive: false,
        groups: &[],
        input: |k| {
            object(
                json!({"kind": {"enum": k.without(&["key_result"])}, "filters": flags("the list command's flags"),
                       "at": {"type": "string", "description": "git revision to read"}, "project_root": root()}),
                &["kind"],
            )
        },
    },
    Tool {
        name: "pm_get",
        description: "One artifact by id with its computed values, its file and blob (for pm_update's `expected`), optionally its git history.",
        read_only: true,
        destructive: false,
        groups: &[],
        input: |_| {
            object(
                json!({"id": {"type": "string"}, "history": {"type": "boolean"}, "at": {"type": "string"}, "project_root": root()}),
                &["id"],
            )
        },
    },
    Tool {
        name: "pm_create",
        description: "Create an artifact, as `pm <kind> add`; `fields` are that command's flags (item: type, priority, label, parent, estimate; prd: template; objective: cycle; milestone: date; experiment: hypothesis, metric). key_result needs `parent` (OBJ-n). iteration: start, end, capacity. feedback: title is the summary (customer, source, quote, link BL-n:3); customer/competitor: title is the snake_case id (name, tier, arr).",
        read_only: false,
        destructive: false,
        groups: &[],
        input: |k| {
            object(
                json!({"kind": {"enum": k.without(&[])}, "title": {"type": "string"}, "parent": {"type": "string"},
                       "fields": flags("the add command's flags"), "project_root": root()}),
                &["kind", "title"],
            )
        },
    },
    Tool {
        name: "pm_update",
        description: "Edit fields of an artifact losslessly, as `pm <kind> edit ID --set/--add/--remove/--unset`; a PRD's part (PRD-1#FR-2, #US-1, #G-2, #Q-1, #R-3) as `pm prd req|story|goal|question|risk edit`. Dotted paths (rice.reach). With `expected` (pm_get's blob) a concurrent change is refused.",
        read_only: false,
        destructive: true,
        groups: &[],
        input: |_| {
            let map = json!({"type": "object"});
            object(
                json!({"id": {"type": "string"}, "set": map, "add": map, "remove": map,
                       "unset": {"type": "array", "items": {"type": "string"}}, "expected": {"type": "string"}, "project_root": root()}),
                &["id"],
            )
        },
    },
    Tool {
        name: "pm_move",
        description: "Move an artifact through its workflow: item/prd/initiative status, initiative horizon (now|next|later), experiment running|concluded|aborted, milestone shipped|slipped, objective closed. `fields`: the command's flags.",
        read_only: false,
        destructive: true,
        groups: &["backlog", "roadmap", "okr", "prd", "experiment"],
        input: |_| {
            object(
                json!({"id": {"type": "string"}, "to": {"type": "string"}, "fields": flags("extra flags"), "project_root": root()}),
                &["id", "to"],
            )
        },
    },
    Tool {
        name: "pm_link",
        description: "Link a backlog item to a PRD or requirement (PRD-n, PRD-n#FR-m), as `pm prd link`; or feedback (item FB-n) to what it asks for (BL-n, RM-n, PRD-n#FR-m) with importance 1-3, as `pm feedback link`.",
        read_only: false,
        destructive: false,
        groups: &["prd", "evidence"],
        input: |_| {
            object(
                json!({"target": {"type": "string"}, "item": {"type": "string"}, "importance": {"type": "integer"}, "project_root": root()}),
                &["target", "item"],
            )
        },
    },
    Tool {
        name: "pm_rank",
        description: "Rank backlog items, as `pm backlog rank`: exactly one of before, after, top, bottom, by (rice|ice|wsjf|priority).",
        read_only: false,
        destructive: false,
        groups: &["backlog"],
        input: |_| {
            object(
                json!({"ids": {"type": "array", "items": {"type": "string"}}, "before": {"type": "string"}, "after": {"type": "string"},
                       "top": {"type": "boolean"}, "bottom": {"type": "boolean"}, "by": {"type": "string"}, "project_root": root()}),
                &[],
            )
        },
    },
    Tool {
        name: "pm_record",
        description: "Record a value: a key result check-in (KR-n; fields: confidence, note, date) or a metric observation (fields: period, segment, note, replace).",
        read_only: false,
        destructive: false,
        groups: &["okr", "metric"],
        input: |_| {
            object(
                json!({"id": {"type": "string"}, "value": {"type": ["number", "string"]}, "fields": flags("the command's flags"), "project_root": root()}),
                &["id", "value"],
            )
        },
    },
    Tool {
        name: "pm_check",
        description: "Check the product (schemas and cross-file rules), as `pm check --format json`: diagnostics as data.",
        read_only: true,
        destructive: false,
        groups: &[],
        input: |_| {
            object(
                json!({"paths": {"type": "array", "items": {"type": "string"}}, "strict": {"type": "boolean"},
                       "base": {"type": "string"}, "staged": {"type": "boolean"}, "project_root": root()}),
                &[],
            )
        },
    },
    Tool {
        name: "pm_diff",
        description: "Product changes by artifact and field, as `pm diff --format json`: the working tree against HEAD by default, or base..head revisions.",
        read_only: true,
        destructive: false,
        groups: &[],
        input: |_| object(json!({"base": {"type": "string"}, "head": {"type": "string"}, "project_root": root()}), &[]),
    },
    Tool {
        name: "pm_report",
        description: "A report as JSON: roadmap, okr, flow, update (stakeholder update), forecast (`of`: N items, a date, MS-n or RM-n), release (notes of `of` MS-n, or options from/to), launch (`of` MS-n), iteration (`of` IT-n), evidence (demand and competitor matrix). `options`: the command's flags (okr: cycle; update: since; forecast: weeks).",
        read_only: true,
        destructive: false,
        groups: &["backlog", "roadmap", "okr", "evidence"],
        input: |_| {
            object(
                json!({"report": {"enum": REPORTS}, "of": {"type": "string"}, "options": flags("the report's flags"),
                       "at": {"type": "string"}, "project_root": root()}),
                &["report"],
            )
        },
    },
];

/// The output schema of a tool: derived from pm's JSON Schemas where the
/// output is an artifact (a compact outline of each kind served: its
/// required fields and types, the whole schema named as a resource), the
/// shapes of `pm check` and `pm diff`'s JSON, and the report each gives.
/// Full schemas would not fit the tool list's token budget.
fn output(tool: &Tool, kinds: &Kinds) -> Value {
    let string = json!({"type": "string"});
    let result = |schema: Value| json!({"type": "object", "properties": {"result": schema}, "required": ["result"]});
    // Each kind's required fields stay in its branch; their types, the same
    // in every kind (a name typed two ways would be left untyped), are said
    // once for all: the list's token budget has no room to repeat them.
    let (mut outlines, mut types) = (Vec::<Value>::new(), Map::new());
    for mut found in kinds.0.iter().filter_map(|k| outline(k)) {
        if let Some(Value::Object(fields)) = found.as_object_mut().and_then(|o| o.remove("properties")) {
            for (name, schema) in fields {
                match types.get(&name) {
                    Some(seen) if *seen != schema => types.insert(name, json!({})),
                    _ => types.insert(name, schema),
                };
            }
        }
        if !outlines.contains(&found) {
            outlines.push(found);
        }
    }
    match tool.name {
        "pm_get" => json!({"type": "object", "required": ["id", "kind", "file", "blob", "artifact"],
            "properties": {"id": string, "kind": {"enum": kinds.0}, "file": string, "blob": string,
                "artifact": {"type": "object", "properties": types, "anyOf": outlines}, "history": {"type": "object"}}}),
        "pm_query" => result(json!({"type": ["array", "object"], "items": {"type": "object", "required": ["id"]},
            "description": "artifacts as pm_get's; initiative: {initiatives, milestones}; iteration: {iterations}"})),
        "pm_check" => result(json!({"type": "array", "items": crate::render::diagnostics::finding_schema()})),
        "pm_diff" => result(crate::render::diff::json_schema()),
        "pm_report" => {
            let keys: Vec<Value> = REPORT_KEYS
                .iter()
                .map(|(_, keys)| if keys.is_empty() { json!({"type": "array"}) } else { json!({"required": keys}) })
                .collect();
            result(json!({"type": ["array", "object"], "anyOf": keys}))
        }
        _ => json!({"type": "object", "properties": {"message": string, "files": {"type": "array", "items": string}},
            "required": ["message", "files"]}),
    }
}

/// The keys each report's JSON has (none: `okr` is a list of objectives).
const REPORT_KEYS: [(&str, &[&str]); 9] = [
    ("roadmap", &["today", "initiatives", "milestones"]),
    ("okr", &[]),
    ("flow", &["since", "until", "groups"]),
    ("update", &["since", "until", "shipped", "roadmap"]),
    ("forecast", &["question", "remaining", "answers", "sample"]),
    ("release", &["release", "notes", "tell"]),
    ("launch", &["id", "scope", "checklist", "metrics", "feedback"]),
    ("iteration", &["id", "state", "items", "burn_up"]),
    ("evidence", &["demand", "matrix"]),
];

/// The compact schema of an artifact of a kind a tool argument names.
fn outline(kind: &str) -> Option<Value> {
    use crate::check::schema::{SchemaKind as F, outline};
    let (file, path): (F, &[&str]) = match kind {
        "item" => (F::BacklogItem, &[]),
        "iteration" => (F::Iterations, &[]),
        "initiative" => (F::Roadmap, &["initiatives"]),
        "milestone" => (F::Roadmap, &["milestones"]),
        "objective" => (F::Okr, &[]),
        "key_result" => (F::Okr, &["key_results"]),
        "prd" => (F::Prd, &[]),
        "metric" => (F::Metric, &[]),
        "experiment" => (F::Experiment, &[]),
        "feedback" => (F::Feedback, &[]),
        "customer" => (F::Customers, &["customers"]),
        "competitor" => (F::Competitors, &["competitors"]),
        _ => return None,
    };
    Some(outline(file, path))
}

/// Which tools a server serves and which kinds they take.
pub(crate) struct Selection {
    pub read_only: bool,
    pub groups: Vec<String>,
}

impl Selection {
    pub(crate) fn all() -> Selection {
        Selection { read_only: false, groups: GROUPS.iter().map(|g| g.to_string()).collect() }
    }

    pub(crate) fn kinds(&self) -> Kinds {
        Kinds::of(&self.groups)
    }

    /// Whether `tool` is served.
    pub(crate) fn serves(&self, tool: &Tool) -> bool {
        (tool.read_only || !self.read_only)
            && (tool.groups.is_empty() || tool.groups.iter().any(|g| self.groups.iter().any(|s| s == g)))
    }

    /// The `tools/list` entries of the tools served, as MCP describes a tool.
    pub(crate) fn list(&self) -> Vec<Value> {
        let kinds = self.kinds();
        TOOLS
            .iter()
            .filter(|t| self.serves(t))
            .map(|t| {
                json!({
                    "name": t.name,
                    "description": t.description,
                    "inputSchema": (t.input)(&kinds),
                    "outputSchema": output(t, &kinds),
                    // idempotentHint is left out: it means something only for a tool that
                    // writes, and pm's writes are not idempotent (its default, false).
                    "annotations": {"readOnlyHint": t.read_only, "destructiveHint": t.destructive,
                                    "openWorldHint": false},
                })
            })
            .collect()
    }
}

/// What a call gave: the structured content and a short text, or an error
/// text (the CLI's message and fix).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    Done { structured: Value, text: String },
    Failed(String),
}

/// Runs the tool `name` with `arguments` for a server started in `start`.
pub(crate) fn call(selection: &Selection, start: &Path, name: &str, arguments: &Map<String, Value>) -> Outcome {
    let Some(tool) = TOOLS.iter().find(|t| t.name == name) else {
        let names: Vec<&str> = TOOLS.iter().filter(|t| selection.serves(t)).map(|t| t.name).collect();
        return Outcome::Failed(format!(
            "error: there is no tool `{name}`\nhelp: the tools are {}\n",
            names.join(", ")
        ));
    };
    if !selection.serves(tool) {
        let why = if !tool.read_only && selection.read_only {
            "pm mcp runs with --read-only".to_string()
        } else {
            format!("pm mcp serves only --tools {}", selection.groups.join(","))
        };
        return Outcome::Failed(format!(
            "error: `{name}` is not served: {why}\nhelp: restart pm mcp without that option to change files\n"
        ));
    }
    let size = serde_json::to_string(arguments).map(|s| s.len()).unwrap_or(0);
    if size > MAX_ARGUMENTS {
        return Outcome::Failed(format!(
            "error: the arguments are {size} bytes; pm takes at most {MAX_ARGUMENTS}\nhelp: split the change into smaller calls\n"
        ));
    }
    let schema = (tool.input)(&selection.kinds());
    if let Err(problems) = conforms(&schema, arguments) {
        return Outcome::Failed(format!(
            "error: invalid arguments to {name}: {problems}\nhelp: the tool's inputSchema says what it takes\n"
        ));
    }
    let args = Args { map: arguments };
    let start = match args.str("project_root") {
        Some(dir) => start.join(dir),
        None => start.to_path_buf(),
    };
    let result = match name {
        "pm_get" => get(&start, &args),
        "pm_report" if args.str("report") == Some("evidence") => evidence(&start, &args),
        _ => command(name, &start, &args).map(|(argv, expected)| run(tool.read_only, &start, argv, expected)),
    };
    result.unwrap_or_else(Outcome::Failed)
}

/// The problems of `arguments` against a tool's input schema, in one line.
fn conforms(schema: &Value, arguments: &Map<String, Value>) -> Result<(), String> {
    let validator = jsonschema::validator_for(schema).map_err(|e| e.to_string())?;
    let instance = Value::Object(arguments.clone());
    let problems: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| {
            let at = e.instance_path().to_string();
            if at.is_empty() { e.to_string() } else { format!("{at}: {e}") }
        })
        .collect();
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

/// A call's arguments, read by name.
struct Args<'a> {
    map: &'a Map<String, Value>,
}

impl Args<'_> {
    fn str(&self, key: &str) -> Option<&str> {
        self.map.get(key).and_then(Value::as_str)
    }

    fn need(&self, key: &str) -> Result<&str, String> {
        self.str(key).ok_or_else(|| format!("error: `{key}` is required\n"))
    }

    fn flag(&self, key: &str) -> bool {
        self.map.get(key).and_then(Value::as_bool).unwrap_or(false)
    }

    fn object(&self, key: &str) -> Option<&Map<String, Value>> {
        self.map.get(key).and_then(Value::as_object)
    }
}

/// A JSON value as a command-line value: strings as they are, numbers and
/// booleans as JSON writes them, a list as its elements joined by commas.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Flags the tool sets itself, or that would make a command print anything
/// but its data or wait for a person: not accepted in `fields`/`filters`.
const RESERVED: [&str; 12] =
    ["format", "f", "help", "h", "version", "at", "staged", "color", "chdir", "c", "no-cache", "edit"];

/// `{flag: value}` as command-line flags: `true` is a switch, `false` leaves
/// it out, a list repeats the flag.
fn push_flags(argv: &mut Vec<String>, map: Option<&Map<String, Value>>) -> Result<(), String> {
    for (key, value) in map.into_iter().flatten() {
        let flag = key.replace('_', "-");
        let valid = flag.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && flag.starts_with(|c: char| c.is_ascii_lowercase());
        if !valid || RESERVED.contains(&flag.as_str()) {
            return Err(format!(
                "error: `{key}` is not a flag a tool may pass\nhelp: name a flag of the command without dashes (status, label)\n"
            ));
        }
        match value {
            Value::Bool(true) => argv.push(format!("--{flag}")),
            Value::Bool(false) | Value::Null => {}
            Value::Array(items) => {
                for item in items {
                    argv.push(format!("--{flag}"));
                    argv.push(scalar(item));
                }
            }
            other => {
                argv.push(format!("--{flag}"));
                argv.push(scalar(other));
            }
        }
    }
    Ok(())
}

/// `--NAME field=value` for each entry of a `{field: value}` edit; a list
/// added or removed is one flag per element.
fn push_edits(argv: &mut Vec<String>, name: &str, map: Option<&Map<String, Value>>, split: bool) {
    for (field, value) in map.into_iter().flatten() {
        match value {
            Value::Array(items) if split => {
                for item in items {
                    argv.push(format!("--{name}"));
                    argv.push(format!("{field}={}", scalar(item)));
                }
            }
            other => {
                argv.push(format!("--{name}"));
                argv.push(format!("{field}={}", scalar(other)));
            }
        }
    }
}

/// The kind of the artifact `id` in the product found from `start`, with
/// where it lives.
fn locate(start: &Path, id: &str, source: Source) -> Result<(Product, record::Located), String> {
    let product = Product::find(start).map_err(|e| error_text(&e))?;
    let ws = Workspace::load(&product, source).map_err(|e| error_text(&e))?;
    let found = record::locate_any(&ws, id).map_err(|e| error_text(&e))?;
    Ok((product, found))
}

fn error_text(e: &crate::Error) -> String {
    match crate::cli::hints::help(e) {
        Some(hint) => format!("error: {e}\nhelp: {hint}\n"),
        None => format!("error: {e}\n"),
    }
}

/// The name a tool argument gives a kind, and the command group that has its commands.
fn kind_name(kind: Kind) -> (&'static str, &'static [&'static str]) {
    match kind {
        Kind::Backlog => ("item", &["backlog"]),
        Kind::Initiative => ("initiative", &["roadmap"]),
        Kind::Milestone => ("milestone", &["milestone"]),
        Kind::Objective => ("objective", &["okr"]),
        Kind::KeyResult => ("key_result", &["okr", "kr"]),
        Kind::Prd => ("prd", &["prd"]),
        Kind::Metric => ("metric", &["metric"]),
        Kind::Experiment => ("experiment", &["experiment"]),
        Kind::Product | Kind::Config => ("product", &["product"]),
        Kind::Feedback => ("feedback", &["feedback"]),
        Kind::Customer => ("customer", &["customer"]),
        Kind::Competitor => ("competitor", &["competitor"]),
        Kind::Iteration => ("iteration", &["iteration"]),
    }
}

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

/// The command line of a call, and the file content a write expects.
fn command(name: &str, start: &Path, args: &Args) -> Result<(Vec<String>, Option<Expected>), String> {
    let mut argv = vec!["-C".to_string(), start.display().to_string()];
    let mut expected = None;
    match name {
        "pm_query" => {
            let list: &[&str] = match args.need("kind")? {
                "item" => &["backlog", "list"],
                "initiative" => &["roadmap", "show"],
                "milestone" => &["milestone", "list"],
                "objective" => &["okr", "show"],
                "prd" => &["prd", "list"],
                "metric" => &["metric", "list"],
                "iteration" => &["iteration", "list"],
                "feedback" => &["feedback", "list"],
                "customer" => &["customer", "list"],
                "competitor" => &["competitor", "list"],
                _ => &["experiment", "list"],
            };
            read_json(&mut argv, args, list, "filters")?;
        }
        "pm_create" => {
            let title = args.need("title")?.to_string();
            let kind = args.need("kind")?;
            let add: &[&str] = match kind {
                "item" => &["backlog", "add"],
                "initiative" => &["roadmap", "add"],
                "milestone" => &["milestone", "add"],
                "objective" => &["okr", "add"],
                "key_result" => &["okr", "kr", "add"],
                "prd" => &["prd", "new"],
                "metric" => &["metric", "add"],
                "iteration" => &["iteration", "add"],
                "feedback" => &["feedback", "add"],
                "customer" => &["customer", "add"],
                "competitor" => &["competitor", "add"],
                _ => &["experiment", "add"],
            };
            argv.extend(strings(add));
            if kind == "key_result" {
                let parent = args.str("parent").ok_or("error: a key result needs `parent`: its objective (OBJ-n)\n")?;
                argv.push(parent.to_string());
            }
            if kind == "experiment" {
                argv.extend(["--title".to_string(), title]);
            } else {
                argv.push(title);
            }
            if kind == "item"
                && let Some(parent) = args.str("parent")
            {
                argv.extend(["--parent".to_string(), parent.to_string()]);
            }
            push_flags(&mut argv, args.object("fields"))?;
        }
        "pm_update" => {
            let id = args.need("id")?;
            // `PRD-1#FR-2`: a part of a PRD, edited by its own command.
            let (id, part) = match id.split_once('#') {
                Some((prd, part)) => (prd, Some(part)),
                None => (id, None),
            };
            let (_, found) = locate(start, id, Source::WorkTree)?;
            let (kind, group) = kind_name(found.kind);
            match part {
                Some(part) => {
                    let sub = match (found.kind, prd::Part::of_label(part)) {
                        (Kind::Prd, Some(prd::Part::Requirement)) => "req",
                        (Kind::Prd, Some(prd::Part::Story)) => "story",
                        (Kind::Prd, Some(prd::Part::Goal)) => "goal",
                        (Kind::Prd, Some(prd::Part::Question)) => "question",
                        (Kind::Prd, Some(prd::Part::Risk)) => "risk",
                        _ => {
                            return Err(format!(
                                "error: `{id}#{part}` is not a part of a PRD\nhelp: name a requirement, story, goal, question or risk: PRD-1#FR-2, PRD-1#US-1, PRD-1#G-2, PRD-1#Q-1, PRD-1#R-3\n"
                            ));
                        }
                    };
                    argv.extend(strings(&["prd", sub, "edit", &format!("{}#{part}", found.id)]));
                }
                None => {
                    argv.extend(strings(group));
                    argv.push("edit".into());
                    if kind != "product" {
                        argv.push(found.id.clone());
                    }
                }
            }
            let before = argv.len();
            if let Some(unset) = args.map.get("unset").and_then(Value::as_array) {
                for field in unset {
                    argv.extend(["--unset".to_string(), scalar(field)]);
                }
            }
            push_edits(&mut argv, "set", args.object("set"), false);
            push_edits(&mut argv, "add", args.object("add"), true);
            push_edits(&mut argv, "remove", args.object("remove"), true);
            if argv.len() == before {
                return Err("error: nothing to change\nhelp: give set, add, remove or unset\n".into());
            }
            if let Some(blob) = args.str("expected") {
                expected = Some(Expected { rel: found.rel.clone(), blob: blob.to_string() });
            }
        }
        "pm_move" => {
            let (id, to) = (args.need("id")?, args.need("to")?);
            let (_, found) = locate(start, id, Source::WorkTree)?;
            let id = found.id.clone();
            let verb: Vec<String> = match (found.kind, to) {
                (Kind::Backlog, _) => strings(&["backlog", "move", &id, to]),
                (Kind::Prd, _) => strings(&["prd", "status", &id, to]),
                (Kind::Initiative, "now" | "next" | "later") => strings(&["roadmap", "move", &id, to]),
                (Kind::Initiative, _) => strings(&["roadmap", "status", &id, to]),
                (Kind::Experiment, "running") => strings(&["experiment", "start", &id]),
                (Kind::Experiment, "concluded") => strings(&["experiment", "conclude", &id]),
                (Kind::Experiment, "aborted") => strings(&["experiment", "abort", &id]),
                (Kind::Milestone, "shipped") => strings(&["milestone", "ship", &id]),
                (Kind::Milestone, "slipped") => strings(&["milestone", "slip", &id]),
                (Kind::Objective, "closed") => strings(&["okr", "close", &id]),
                (kind, _) => {
                    return Err(format!(
                        "error: a {} cannot move to `{to}`\nhelp: see pm_move's description for where each kind moves\n",
                        kind_name(kind).0
                    ));
                }
            };
            argv.extend(verb);
            push_flags(&mut argv, args.object("fields"))?;
        }
        "pm_link" => {
            let (target, item) = (args.need("target")?, args.need("item")?);
            if item.trim().to_ascii_uppercase().starts_with("FB-") {
                argv.extend(strings(&["feedback", "link", item, target]));
                if let Some(importance) = args.map.get("importance") {
                    argv.extend(["--importance".to_string(), scalar(importance)]);
                }
            } else {
                argv.extend(strings(&["prd", "link", target, item]));
            }
        }
        "pm_rank" => {
            argv.extend(strings(&["backlog", "rank"]));
            for (key, flag) in [("before", "--before"), ("after", "--after"), ("by", "--by")] {
                if let Some(v) = args.str(key) {
                    argv.extend(strings(&[flag, v]));
                }
            }
            for key in ["top", "bottom"] {
                if args.flag(key) {
                    argv.push(format!("--{key}"));
                }
            }
            if let Some(ids) = args.map.get("ids").and_then(Value::as_array) {
                argv.extend(ids.iter().map(scalar));
            }
        }
        "pm_record" => {
            let id = args.need("id")?;
            let value = args.map.get("value").map(scalar).unwrap_or_default();
            let (_, found) = locate(start, id, Source::WorkTree)?;
            match found.kind {
                Kind::KeyResult => argv.extend(strings(&["okr", "checkin", &found.id, &value])),
                Kind::Metric => argv.extend(strings(&["metric", "record", &found.id, &value])),
                kind => {
                    return Err(format!(
                        "error: values are recorded for key results and metrics, not a {}\n",
                        kind_name(kind).0
                    ));
                }
            }
            push_flags(&mut argv, args.object("fields"))?;
        }
        "pm_check" => {
            argv.extend(strings(&["check", "--format", "json"]));
            if args.flag("strict") {
                argv.push("--strict".into());
            }
            if args.flag("staged") {
                argv.push("--staged".into());
            }
            if let Some(base) = args.str("base") {
                argv.extend(strings(&["--base", base]));
            }
            if let Some(paths) = args.map.get("paths").and_then(Value::as_array) {
                argv.push("--".into());
                argv.extend(paths.iter().map(scalar));
            }
        }
        "pm_diff" => {
            argv.extend(strings(&["diff", "--format", "json"]));
            match (args.str("base"), args.str("head")) {
                (Some(base), head) => {
                    argv.extend(["--".to_string(), base.to_string()]);
                    argv.extend(head.map(str::to_string));
                }
                // The working tree against HEAD is `pm diff`'s default.
                (None, Some(head)) => argv.extend(strings(&["--", "HEAD", head])),
                (None, None) => {}
            }
        }
        _ => {
            let of = || args.need("of").map_err(|_| "error: this report needs `of`: what it is of (see pm_report)\n");
            let report: Vec<String> = match args.need("report")? {
                "roadmap" => strings(&["roadmap", "show"]),
                "okr" => strings(&["okr", "show"]),
                "flow" => strings(&["report", "flow"]),
                "forecast" => forecast_question(start, of()?)?,
                "release" => match args.str("of") {
                    Some(ms) => strings(&["release", "notes", "--milestone", ms]),
                    None => strings(&["release", "notes"]),
                },
                "launch" => strings(&["report", "launch", of()?]),
                "iteration" => strings(&["iteration", "show", of()?]),
                _ => strings(&["report", "update"]),
            };
            let report: Vec<&str> = report.iter().map(String::as_str).collect();
            read_json(&mut argv, args, &report, "options")?;
        }
    }
    Ok((argv, expected))
}

/// The `pm forecast` question `of` asks: N items, by a date, or a
/// milestone's or an initiative's open items.
fn forecast_question(start: &Path, of: &str) -> Result<Vec<String>, String> {
    if of.trim().parse::<u64>().is_ok() {
        return Ok(strings(&["forecast", "items", of.trim()]));
    }
    if of.trim().parse::<crate::model::Date>().is_ok() {
        return Ok(strings(&["forecast", "by", of.trim()]));
    }
    let (_, found) = locate(start, of, Source::WorkTree)?;
    match found.kind {
        Kind::Milestone => Ok(strings(&["forecast", "milestone", &found.id])),
        Kind::Initiative => Ok(strings(&["forecast", "initiative", &found.id])),
        kind => Err(format!(
            "error: a forecast is of a number of items, a date, a milestone or an initiative, not a {}\n",
            kind_name(kind).0
        )),
    }
}

/// `pm_report` evidence: the backlog ranked by customer demand (`pm backlog
/// score --by demand`, with the call's options) beside the competitor matrix.
fn evidence(start: &Path, args: &Args) -> Result<Outcome, String> {
    let base = vec!["-C".to_string(), start.display().to_string()];
    let mut score = base.clone();
    read_json(&mut score, args, &["backlog", "score", "--by", "demand"], "options")?;
    let mut matrix = base;
    read_json(&mut matrix, args, &["competitor", "matrix"], "no options")?;
    let mut result = json!({});
    let mut notes = String::new();
    for (key, argv) in [("demand", score), ("matrix", matrix)] {
        let run = crate::cli::run_captured(argv);
        result[key] = serde_json::from_str::<Value>(&run.out).map_err(|_| run.err.clone())?;
        notes.push_str(&run.err);
    }
    Ok(Outcome::Done { text: summary(&result, &notes), structured: json!({"result": result}) })
}

/// A reading command with JSON output, the flags of the call's `options`
/// (or `filters`) object, and its revision.
fn read_json(argv: &mut Vec<String>, args: &Args, command: &[&str], flags: &str) -> Result<(), String> {
    argv.extend(strings(command));
    argv.extend(strings(&["--format", "json"]));
    push_flags(argv, args.object(flags))?;
    at(argv, args);
    Ok(())
}

/// `--at REV` when the call reads a revision.
fn at(argv: &mut Vec<String>, args: &Args) {
    if let Some(rev) = args.str("at") {
        argv.extend(strings(&["--at", rev]));
    }
}

/// Runs a command line in-process and turns what it printed into an outcome.
fn run(read_only: bool, start: &Path, argv: Vec<String>, expected: Option<Expected>) -> Outcome {
    let (run, files): (Run, Vec<String>) = write::watched(expected, || crate::cli::run_captured(argv));
    let _ = start;
    if read_only {
        // A reading command that printed its JSON succeeded, with findings
        // (exit 1) or warnings about files it skipped alongside.
        return match serde_json::from_str::<Value>(&run.out) {
            Ok(result) => Outcome::Done { text: summary(&result, &run.err), structured: json!({"result": result}) },
            Err(_) if run.code == 0 => Outcome::Done { text: run.err.clone(), structured: json!({"result": run.out}) },
            Err(_) => Outcome::Failed(run.err),
        };
    }
    if run.code != 0 {
        return Outcome::Failed(run.err);
    }
    let message = format!("{}{}", run.out, run.err).trim_end().to_string();
    let text = if files.is_empty() {
        format!("{message}\nNo file changed.")
    } else {
        format!("{message}\nChanged: {} (not committed; review with `git diff`)", files.join(", "))
    };
    Outcome::Done { structured: json!({"message": message, "files": files}), text }
}

/// A short text for a reading tool's JSON: how many entries, and the warnings.
fn summary(result: &Value, err: &str) -> String {
    let what = match result {
        Value::Array(items) => format!("{} entries", items.len()),
        Value::Object(map) => match map.get("diagnostics").and_then(Value::as_array) {
            Some(d) => format!("{} diagnostics", d.len()),
            None => format!("an object with {}", map.keys().take(6).cloned().collect::<Vec<_>>().join(", ")),
        },
        other => other.to_string(),
    };
    format!("{what} in structuredContent.result\n{err}").trim_end().to_string()
}

/// `pm_get`: the artifact as its kind's `show --format json` gives it (or
/// its entry in the kind's listing), its file and blob, and its history.
fn get(start: &Path, args: &Args) -> Result<Outcome, String> {
    let id = args.need("id")?;
    let source = match args.str("at") {
        Some(rev) => Source::Rev(rev.to_string()),
        None => Source::WorkTree,
    };
    let (product, found) = locate(start, id, source)?;
    let (kind, _) = kind_name(found.kind);
    let id = found.id.clone();
    let mut base = vec!["-C".to_string(), start.display().to_string()];
    if let Some(rev) = args.str("at") {
        base.extend(strings(&["--at", rev]));
    }
    let show: Vec<String> = match found.kind {
        Kind::Backlog => strings(&["backlog", "show", &id]),
        Kind::Prd => strings(&["prd", "show", &id]),
        Kind::Metric => strings(&["metric", "show", &id]),
        Kind::Experiment => strings(&["experiment", "show", &id]),
        Kind::Initiative => strings(&["roadmap", "show"]),
        Kind::Milestone => strings(&["milestone", "list"]),
        Kind::Iteration => strings(&["iteration", "show", &id]),
        Kind::Objective | Kind::KeyResult => strings(&["okr", "show", "--all"]),
        Kind::Product | Kind::Config => strings(&["product", "show"]),
        Kind::Feedback => strings(&["feedback", "show", &id]),
        Kind::Customer => strings(&["customer", "show", &id]),
        Kind::Competitor => strings(&["competitor", "show", &id]),
    };
    let json_of = |tail: Vec<String>| -> Result<Value, String> {
        let mut argv = base.clone();
        argv.extend(tail);
        argv.extend(strings(&["--format", "json"]));
        let run = crate::cli::run_captured(argv);
        serde_json::from_str::<Value>(&run.out).map_err(|_| run.err)
    };
    let listing = json_of(show)?;
    let artifact = find_entry(&listing, &id).unwrap_or(listing);
    let mut out = json!({
        "id": id,
        "kind": kind,
        "file": product.display(&found.rel).display().to_string(),
        "blob": crate::git::Repo::hash(found.text.as_bytes()),
        "artifact": artifact,
    });
    if args.flag("history") {
        out["history"] = json_of(strings(&["history", &id]))?;
    }
    let text =
        format!("{kind} {id} in {} (blob {})", out["file"].as_str().unwrap_or(""), out["blob"].as_str().unwrap_or(""));
    Ok(Outcome::Done { structured: out, text })
}

/// The entry with `id` anywhere in a listing (an initiative in the roadmap,
/// a key result under its objective); `None` when the listing is the artifact.
fn find_entry(listing: &Value, id: &str) -> Option<Value> {
    match listing {
        Value::Object(map) => {
            if map.get("id").and_then(Value::as_str) == Some(id) {
                return Some(listing.clone());
            }
            map.values().find_map(|v| find_entry(v, id))
        }
        Value::Array(items) => items.iter().find_map(|v| find_entry(v, id)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// A copy of examples/acme in a temporary folder (no git: these tools
    /// need none), and its root.
    fn acme() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = tmp.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let root = tmp.path().to_path_buf();
        (tmp, root)
    }

    /// The example as a git repository with history, as the forecast tests
    /// of the CLI build it: the first commit on 2026-09-01, then two leaf
    /// items done in each of the eight weeks up to 2026-11-17. Today is
    /// 2026-11-28 (`PM_TODAY`, set once for this test binary).
    fn acme_with_history() -> (tempfile::TempDir, PathBuf) {
        static TODAY: std::sync::Once = std::sync::Once::new();
        // SAFETY: set once, before any of these tests reads it; every
        // test that reads today wants this date.
        TODAY.call_once(|| unsafe { std::env::set_var("PM_TODAY", "2026-11-28") });
        let (tmp, root) = acme();
        let commit = |date: &str| {
            let git = |args: &[&str]| {
                let out = std::process::Command::new("git")
                    .args(args)
                    .current_dir(&root)
                    .env("GIT_CONFIG_GLOBAL", "/dev/null")
                    .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
                    .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            };
            git(&["add", "-A"]);
            git(&["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", date]);
        };
        let out = std::process::Command::new("git").args(["init", "-q"]).current_dir(&root).output().unwrap();
        assert!(out.status.success());
        commit("2026-09-01");
        let leaves = [
            "BL-24", "BL-27", "BL-46", "BL-47", "BL-43", "BL-28", "BL-37", "BL-25", "BL-30", "BL-45", "BL-33", "BL-35",
            "BL-36", "BL-38", "BL-39", "BL-29",
        ];
        let weeks = [
            "2026-09-29",
            "2026-10-06",
            "2026-10-13",
            "2026-10-20",
            "2026-10-27",
            "2026-11-03",
            "2026-11-10",
            "2026-11-17",
        ];
        for (w, day) in weeks.iter().enumerate() {
            for id in &leaves[2 * w..2 * w + 2] {
                let run =
                    crate::cli::run_captured(["-C", root.to_str().unwrap(), "backlog", "move", id, "done", "--force"]);
                assert_eq!(run.code, 0, "{}", run.err);
            }
            commit(day);
        }
        (tmp, root)
    }

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn failed(o: Outcome) -> String {
        match o {
            Outcome::Failed(text) => text,
            Outcome::Done { text, .. } => panic!("expected a failure, got: {text}"),
        }
    }

    fn done(o: Outcome) -> Value {
        match o {
            Outcome::Done { structured, .. } => structured,
            Outcome::Failed(text) => panic!("expected success, got: {text}"),
        }
    }

    #[test]
    fn the_tool_list_fits_the_token_budget() {
        let all = Selection::all().list();
        let names: Vec<&str> = all.iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "pm_query",
                "pm_get",
                "pm_create",
                "pm_update",
                "pm_move",
                "pm_link",
                "pm_rank",
                "pm_record",
                "pm_check",
                "pm_diff",
                "pm_report"
            ]
        );
        // About four characters a token.
        let chars = serde_json::to_string(&json!({"tools": all})).unwrap().len();
        assert!(chars / 4 < 3000, "tools/list is {chars} characters");
        let hints: Vec<(bool, bool)> = all
            .iter()
            .map(|t| {
                let a = &t["annotations"];
                (a["readOnlyHint"].as_bool().unwrap(), a["destructiveHint"].as_bool().unwrap())
            })
            .collect();
        assert_eq!(hints[0], (true, false));
        assert_eq!(hints[3], (false, true));
        assert_eq!(hints[2], (false, false));
    }

    #[test]
    fn read_only_and_areas_narrow_the_list() {
        let read = Selection { read_only: true, ..Selection::all() }.list();
        let names: Vec<&str> = read.iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["pm_query", "pm_get", "pm_check", "pm_diff", "pm_report"]);
        let okr = Selection { read_only: false, groups: vec!["okr".into()] }.list();
        let names: Vec<&str> = okr.iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "pm_query",
                "pm_get",
                "pm_create",
                "pm_update",
                "pm_move",
                "pm_record",
                "pm_check",
                "pm_diff",
                "pm_report"
            ]
        );
        assert_eq!(okr[2]["inputSchema"]["properties"]["kind"]["enum"], json!(["objective", "key_result"]));
    }

    #[test]
    fn query_gives_the_cli_json() {
        let (_tmp, root) = acme();
        let out = done(call(
            &Selection::all(),
            &root,
            "pm_query",
            &args(json!({"kind": "item", "filters": {"status": ["ready"], "limit": 2}})),
        ));
        let cli = crate::cli::run_captured([
            "-C",
            root.to_str().unwrap(),
            "backlog",
            "list",
            "--status",
            "ready",
            "--limit",
            "2",
            "--format",
            "json",
        ]);
        assert_eq!(cli.code, 0);
        assert_eq!(out["result"], serde_json::from_str::<Value>(&cli.out).unwrap());
        assert_eq!(out["result"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn update_refuses_a_stale_blob_and_writes_a_fresh_one() {
        let (_tmp, root) = acme();
        let all = Selection::all();
        let got = done(call(&all, &root, "pm_get", &args(json!({"id": "BL-1"}))));
        let path = root.join("product/backlog/BL-1.yaml");
        let before = std::fs::read_to_string(&path).unwrap();
        assert_eq!(got["blob"], json!(crate::git::Repo::hash(before.as_bytes())));
        assert_eq!(got["file"], json!("product/backlog/BL-1.yaml"));

        let stale = "0".repeat(40);
        let text = failed(call(
            &all,
            &root,
            "pm_update",
            &args(json!({"id": "BL-1", "set": {"estimate": 8}, "expected": stale})),
        ));
        assert!(text.contains("changed since you read it"), "{text}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

        let out = done(call(
            &all,
            &root,
            "pm_update",
            &args(json!({"id": "BL-1", "set": {"estimate": 8}, "expected": got["blob"]})),
        ));
        assert_eq!(out["files"], json!(["product/backlog/BL-1.yaml"]));
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(after.contains("estimate: 8"), "{after}");
        // Only the edited value (and the `updated` stamp) changed.
        let changed = before.lines().zip(after.lines()).filter(|(a, b)| a != b).count();
        assert!(changed <= 2, "{changed} lines changed");
    }

    #[test]
    fn a_write_a_rule_refuses_leaves_the_file() {
        let (_tmp, root) = acme();
        let path = root.join("product/backlog/BL-1.yaml");
        let before = std::fs::read_to_string(&path).unwrap();
        let text = failed(call(
            &Selection::all(),
            &root,
            "pm_update",
            &args(json!({"id": "BL-1", "set": {"parent": "BL-9999"}})),
        ));
        assert!(text.contains("no backlog item BL-9999") && text.contains("nothing written"), "{text}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    }

    #[test]
    fn bad_calls_are_tool_errors() {
        let (_tmp, root) = acme();
        let all = Selection::all();
        let t = failed(call(&all, &root, "pm_nope", &Map::new()));
        assert!(t.starts_with("error: there is no tool `pm_nope`\nhelp: the tools are pm_query, pm_get"), "{t}");
        let t = failed(call(&all, &root, "pm_query", &args(json!({"kind": 3}))));
        assert!(t.starts_with("error: invalid arguments to pm_query: /kind: 3 is not one of"), "{t}");
        let t = failed(call(&all, &root, "pm_query", &args(json!({}))));
        assert!(t.contains("\"kind\" is a required property"), "{t}");
        let big = "x".repeat(MAX_ARGUMENTS);
        let t = failed(call(&all, &root, "pm_create", &args(json!({"kind": "item", "title": big}))));
        assert!(t.contains(&format!("pm takes at most {MAX_ARGUMENTS}")), "{t}");
        let t = failed(call(&all, &root, "pm_query", &args(json!({"kind": "item", "filters": {"at": "HEAD"}}))));
        assert!(t.starts_with("error: `at` is not a flag a tool may pass"), "{t}");
        let t = failed(call(&all, &root, "pm_update", &args(json!({"id": "BL-1"}))));
        assert_eq!(t, "error: nothing to change\nhelp: give set, add, remove or unset\n");
        let t = failed(call(&all, &root, "pm_get", &args(json!({"id": "NOPE-1"}))));
        assert!(t.starts_with("error: no artifact has the id `NOPE-1`"), "{t}");
        let read = Selection { read_only: true, ..Selection::all() };
        let t = failed(call(&read, &root, "pm_create", &args(json!({"kind": "item", "title": "x"}))));
        assert!(t.starts_with("error: `pm_create` is not served: pm mcp runs with --read-only"), "{t}");
        assert!(!root.join("product/backlog/BL-999.yaml").exists());
    }

    #[test]
    fn evidence_is_created_linked_and_read_like_any_kind() {
        let (_tmp, root) = acme();
        let all = Selection::all();
        let out = done(call(
            &all,
            &root,
            "pm_create",
            &args(
                json!({"kind": "feedback", "title": "Klarna at checkout", "fields": {"customer": "hopcrate", "link": "BL-15:2"}}),
            ),
        ));
        let file = out["files"][0].as_str().unwrap().to_string();
        assert!(file.ends_with("product/feedback/FB-46.yaml"), "{file}");
        done(call(&all, &root, "pm_link", &args(json!({"item": "FB-46", "target": "RM-6", "importance": 3}))));
        let text = std::fs::read_to_string(root.join(&file)).unwrap();
        assert!(
            text.contains("customer: hopcrate\n")
                && text.contains("{to: BL-15, importance: 2}")
                && text.contains("to: RM-6"),
            "{text}"
        );
        let got = done(call(&all, &root, "pm_get", &args(json!({"id": "FB-46"}))));
        assert_eq!(got["kind"], "feedback");
        assert_eq!(got["artifact"]["computed"]["links"][1]["to"], "RM-6");
        let listed = done(call(
            &all,
            &root,
            "pm_query",
            &args(json!({"kind": "feedback", "filters": {"customer": "hopcrate"}})),
        ));
        let ids: Vec<&str> = listed["result"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert_eq!(ids.last(), Some(&"FB-46"));
        // A customer that does not exist is refused as the CLI refuses it.
        let refused = failed(call(
            &all,
            &root,
            "pm_create",
            &args(json!({"kind": "feedback", "title": "x", "fields": {"customer": "nobody"}})),
        ));
        assert!(refused.contains("no customer nobody"), "{refused}");
        // The evidence area alone serves the evidence kinds only.
        let evidence = Selection { read_only: false, groups: vec!["evidence".into()] };
        failed(call(&evidence, &root, "pm_create", &args(json!({"kind": "item", "title": "x"}))));
    }

    #[test]
    fn create_lists_the_file_it_wrote() {
        let (_tmp, root) = acme();
        let out = done(call(
            &Selection::all(),
            &root,
            "pm_create",
            &args(
                json!({"kind": "item", "title": "Export invoices", "fields": {"type": "story", "label": ["billing", "csv"]}}),
            ),
        ));
        let files = out["files"].as_array().unwrap();
        assert_eq!(files.len(), 1);
        let file = root.join(files[0].as_str().unwrap());
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("title: Export invoices") && text.contains("billing") && text.contains("csv"), "{text}");
    }

    fn report(root: &Path, report: &str, of: Option<&str>, options: Value) -> Value {
        let mut a = json!({"report": report, "options": options});
        if let Some(of) = of {
            a["of"] = json!(of);
        }
        done(call(&Selection::all(), root, "pm_report", &args(a)))["result"].clone()
    }

    #[test]
    fn reports_give_forecasts_release_notes_launches_iterations_and_evidence() {
        let (_tmp, root) = acme_with_history();
        // Two done a week for eight weeks: six more items take three weeks.
        let f = report(&root, "forecast", Some("6"), json!({"weeks": 8}));
        assert_eq!(f["question"], "6 items");
        assert_eq!(f["today"], "2026-11-28");
        let weeks: Vec<u64> = f["answers"].as_array().unwrap().iter().map(|a| a["weeks"].as_u64().unwrap()).collect();
        assert_eq!(weeks, [3, 3, 3]);
        assert_eq!(f["answers"][0]["date"], "2026-12-19");
        assert_eq!(f["sample"][0], json!({"week_of": "2026-09-28", "done": 2}));
        let by = report(&root, "forecast", Some("2027-01-02"), json!({"weeks": 8}));
        assert_eq!(by["weeks_until"], 5);
        assert_eq!(by["answers"][0]["items"], 10);
        let ms = report(&root, "forecast", Some("MS-1"), json!({"weeks": 8}));
        assert!(ms["question"].as_str().unwrap().contains("MS-1"), "{ms}");
        let t = failed(call(&Selection::all(), &root, "pm_report", &args(json!({"report": "forecast", "of": "BL-1"}))));
        assert!(
            t.starts_with(
                "error: a forecast is of a number of items, a date, a milestone or an initiative, not a item"
            ),
            "{t}"
        );

        let notes = report(&root, "release", Some("MS-1"), json!({}));
        assert_eq!(notes["release"], "MS-1 Wallets GA");
        let ids: Vec<&str> = notes["notes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["BL-9", "BL-17", "BL-18", "BL-19"]);
        assert_eq!(notes["notes"][0]["group"], "features");

        let launch = report(&root, "launch", Some("MS-4"), json!({}));
        assert_eq!(
            (&launch["id"], &launch["name"], &launch["shipped"]),
            (&json!("MS-4"), &json!("Checkout v2 beta"), &json!(true))
        );
        assert_eq!(launch["metrics"][0]["id"], "checkout_conversion");
        assert_eq!(launch["metrics"][0]["before"], json!({"period": "2026-09", "value": 66.4}));
        assert_eq!(launch["key_results"][0]["id"], "KR-4");

        let all = Selection::all();
        // The example's Sprint 49 (IT-6, 2026-11-16 to 2026-11-29, capacity 20) is running.
        let created = done(call(
            &all,
            &root,
            "pm_create",
            &args(json!({"kind": "iteration", "title": "Sprint 51",
            "fields": {"start": "2026-12-14", "end": "2026-12-27", "capacity": 10}})),
        ));
        assert!(created["files"][0].as_str().unwrap().ends_with("iterations.yaml"), "{created}");
        done(call(&all, &root, "pm_update", &args(json!({"id": "BL-10", "set": {"iteration": "IT-6"}}))));
        let it = report(&root, "iteration", Some("IT-6"), json!({}));
        assert_eq!(
            (&it["id"], &it["state"], &it["capacity"], &it["committed"]),
            (&json!("IT-6"), &json!("current"), &json!(20), &json!(13))
        );
        assert_eq!(it["items"][0]["id"], "BL-10");
        // One point a day from its start to today (2026-11-16 to 2026-11-28).
        assert_eq!(it["burn_up"].as_array().unwrap().len(), 13);

        let evidence = report(&root, "evidence", None, json!({}));
        assert_eq!(evidence["demand"][0]["id"], "BL-5");
        assert_eq!(evidence["demand"][0]["inputs"]["customers"], 5);
        assert_eq!(evidence["matrix"]["competitors"][0], json!({"id": "paynest", "name": "PayNest"}));
        assert_eq!(evidence["matrix"]["features"][0]["key"], "apple_pay");
        let t = failed(call(&all, &root, "pm_report", &args(json!({"report": "launch"}))));
        assert!(t.starts_with("error: this report needs `of`"), "{t}");
    }

    #[test]
    fn update_edits_a_part_of_a_prd() {
        let (_tmp, root) = acme();
        let all = Selection::all();
        let path = root.join("product/prds/PRD-1.yaml");
        let before = std::fs::read_to_string(&path).unwrap();
        let out = done(call(&all, &root, "pm_update", &args(json!({"id": "PRD-1#FR-4", "set": {"priority": "must"}}))));
        assert_eq!(out["files"], json!(["product/prds/PRD-1.yaml"]));
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(
            after.contains(
                "{id: FR-4, text: Expired saved cards are refreshed through the account updater, priority: must}"
            ),
            "{after}"
        );
        let changed = before.lines().zip(after.lines()).filter(|(a, b)| a != b).count();
        assert!(changed <= 2, "{changed} lines changed");
        // A stale blob is refused for a part as for the whole PRD.
        let t = failed(call(
            &all,
            &root,
            "pm_update",
            &args(json!({"id": "PRD-1#FR-4", "set": {"priority": "could"}, "expected": "0".repeat(40)})),
        ));
        assert!(t.contains("changed since you read it"), "{t}");
        let t = failed(call(&all, &root, "pm_update", &args(json!({"id": "PRD-1#XX-1", "set": {"priority": "must"}}))));
        assert!(t.starts_with("error: `PRD-1#XX-1` is not a part of a PRD"), "{t}");
        let t =
            failed(call(&all, &root, "pm_update", &args(json!({"id": "PRD-1#FR-99", "set": {"priority": "must"}}))));
        assert!(t.contains("FR-99"), "{t}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
    }

    /// What every tool returns validates against the output schema it
    /// declares, for every kind and report.
    #[test]
    fn outputs_validate_against_their_output_schemas() {
        let (_tmp, root) = acme_with_history();
        let all = Selection::all();
        let schemas: Map<String, Value> = all
            .list()
            .into_iter()
            .map(|t| (t["name"].as_str().unwrap().to_string(), t["outputSchema"].clone()))
            .collect();
        let check = |tool: &str, a: Value| {
            let out = done(call(&all, &root, tool, &args(a.clone())));
            let validator = jsonschema::validator_for(&schemas[tool]).unwrap();
            let problems: Vec<String> =
                validator.iter_errors(&out).map(|e| format!("{}: {e}", e.instance_path())).collect();
            assert!(problems.is_empty(), "{tool} {a}: {problems:?}");
        };
        for kind in KIND_GROUPS.iter().map(|(k, _)| *k).filter(|k| *k != "key_result") {
            check("pm_query", json!({"kind": kind}));
        }
        for id in [
            "BL-1",
            "RM-1",
            "MS-1",
            "OBJ-1",
            "KR-1",
            "PRD-1",
            "checkout_conversion",
            "EXP-1",
            "FB-1",
            "hopcrate",
            "paynest",
            "IT-1",
        ] {
            check("pm_get", json!({"id": id}));
        }
        check("pm_get", json!({"id": "BL-24", "history": true}));
        for (report, of) in [
            ("roadmap", None),
            ("okr", None),
            ("flow", None),
            ("update", None),
            ("forecast", Some("6")),
            ("release", Some("MS-1")),
            ("launch", Some("MS-4")),
            ("iteration", Some("IT-1")),
            ("evidence", None),
        ] {
            let mut a = json!({"report": report});
            if let Some(of) = of {
                a["of"] = json!(of);
            }
            check("pm_report", a);
        }
        check("pm_update", json!({"id": "BL-1", "set": {"estimate": 8}}));
        check("pm_create", json!({"kind": "item", "title": "Pay by link"}));
        check("pm_move", json!({"id": "BL-1", "to": "in_review"}));
        check("pm_rank", json!({"ids": ["BL-2"], "top": true}));
        check("pm_link", json!({"item": "BL-2", "target": "PRD-1#FR-1"}));
        check("pm_record", json!({"id": "KR-4", "value": 67}));
        check("pm_check", json!({}));
        check("pm_diff", json!({}));
        // The findings and changes are there, not an empty list that validates anything.
        let diff = done(call(&all, &root, "pm_diff", &Map::new()));
        assert!(diff["result"]["changes"].as_array().unwrap().len() >= 3, "{diff}");
        // A schema that would take the wrong shape refuses it.
        let validator = jsonschema::validator_for(&schemas["pm_check"]).unwrap();
        assert!(!validator.is_valid(&json!({"result": [{"rule": "x"}]})));
    }
}
