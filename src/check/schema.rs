//! JSON Schemas of the artifact files, generated from the model types with
//! schemars. The generic schemas are committed under `schemas/`; a product's
//! own schemas add what its `pm.yaml` configures (id prefix, statuses,
//! priorities, estimate scale, custom fields), for editors and for `pm check`.

use serde_json::{Value, json};

use crate::model::config::{Config, EstimateScale, FIBONACCI, FieldType};
use crate::model::{
    Competitors, Customers, Experiment, Feedback, Item, Iteration, Metric, Objective, Prd, ProductInfo, Roadmap,
    backlog::FIELDS,
};

/// The kinds of file that have a schema: the file kinds of the kind table.
pub(crate) use crate::model::kind::FileKind as SchemaKind;

/// The schema of `kind`; with a configuration, extended by what it configures.
pub(crate) fn schema(kind: SchemaKind, config: Option<&Config>) -> Value {
    let mut schema = match kind {
        SchemaKind::BacklogItem => schemars::schema_for!(Item).to_value(),
        SchemaKind::Config => schemars::schema_for!(Config).to_value(),
        SchemaKind::Roadmap => schemars::schema_for!(Roadmap).to_value(),
        SchemaKind::Product => schemars::schema_for!(ProductInfo).to_value(),
        SchemaKind::Okr => schemars::schema_for!(Vec<Objective>).to_value(),
        SchemaKind::Metric => schemars::schema_for!(Metric).to_value(),
        SchemaKind::Experiment => schemars::schema_for!(Experiment).to_value(),
        SchemaKind::Prd => schemars::schema_for!(Prd).to_value(),
        SchemaKind::Feedback => schemars::schema_for!(Feedback).to_value(),
        SchemaKind::Customers => schemars::schema_for!(Customers).to_value(),
        SchemaKind::Competitors => schemars::schema_for!(Competitors).to_value(),
        SchemaKind::Iterations => schemars::schema_for!(Vec<Iteration>).to_value(),
    };
    if kind == SchemaKind::BacklogItem
        && let Some(props) = schema.pointer_mut("/properties").and_then(Value::as_object_mut)
    {
        // Kept in `extra` by the model; a field of its own for the schema.
        props.insert(
            "source_id".into(),
            json!({"type": ["string", "null"],
                   "description": "The item's key in the tool it was imported from (`jira:PAY-12`); set by `pm import`."}),
        );
    }
    if let Some(object) = schema.as_object_mut() {
        let title = match kind {
            SchemaKind::BacklogItem => "pm backlog item",
            SchemaKind::Config => "pm configuration (pm.yaml)",
            SchemaKind::Roadmap => "pm roadmap (roadmap.yaml)",
            SchemaKind::Product => "pm product (product.yaml)",
            SchemaKind::Okr => "pm OKR cycle (okrs/<cycle>.yaml)",
            SchemaKind::Metric => "pm metric (metrics/<id>.yaml)",
            SchemaKind::Experiment => "pm experiment (experiments/EXP-n.yaml)",
            SchemaKind::Prd => "pm PRD (prds/PRD-n.yaml)",
            SchemaKind::Feedback => "pm customer feedback (feedback/FB-n.yaml)",
            SchemaKind::Customers => "pm customers (customers.yaml)",
            SchemaKind::Competitors => "pm competitors (competitors.yaml)",
            SchemaKind::Iterations => "pm iterations (iterations.yaml)",
        };
        object.insert("title".into(), json!(title));
    }
    inline_optional_enums(&mut schema);
    if let (SchemaKind::BacklogItem, Some(config)) = (kind, config) {
        extend_item_schema(&mut schema, config);
    }
    schema
}

/// The definition a node stands for: `$ref`s into `$defs` followed, and
/// `X | null` (`anyOf`/`oneOf` with a null branch) reduced to `X`.
pub(crate) fn deref<'s>(root: &'s Value, node: &'s Value) -> &'s Value {
    let mut node = node;
    for _ in 0..16 {
        if let Some(name) = def_name(node) {
            match root.pointer(&format!("/$defs/{name}")) {
                Some(def) => node = def,
                None => return node,
            }
            continue;
        }
        match single_branch(node) {
            Some(branch) => node = branch,
            None => return node,
        }
    }
    node
}

/// The one branch of `anyOf`/`oneOf` that is not `null`, if there is exactly one.
fn single_branch(node: &Value) -> Option<&Value> {
    let branches = node.get("anyOf").or_else(|| node.get("oneOf")).and_then(Value::as_array)?;
    let mut real = branches.iter().filter(|b| b.get("type").and_then(Value::as_str) != Some("null"));
    match (real.next(), real.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The `$defs` name a node refers to, directly or through a nullable wrapper.
pub(crate) fn def_name(node: &Value) -> Option<&str> {
    fn direct(n: &Value) -> Option<&str> {
        n.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/"))
    }
    direct(node).or_else(|| single_branch(node).and_then(direct))
}

/// A key of a document that its schema does not list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnknownKey {
    /// The path of the mapping holding it (keys and list positions).
    pub at: Vec<String>,
    pub key: String,
    /// The fields that mapping has.
    pub known: Vec<String>,
}

/// Every key of `value` that is no field of its mapping in `root`: mappings
/// that list their `properties` are closed unless their schema gives
/// `additionalProperties` a schema of its own (a map).
pub(crate) fn unknown_keys(root: &Value, value: &Value) -> Vec<UnknownKey> {
    fn walk(root: &Value, node: &Value, value: &Value, at: &mut Vec<String>, out: &mut Vec<UnknownKey>) {
        let node = deref(root, node);
        match value {
            Value::Object(map) => {
                let Some(props) = node.get("properties").and_then(Value::as_object) else { return };
                let open = node.get("additionalProperties").is_some_and(Value::is_object);
                for (key, child) in map {
                    match props.get(key) {
                        Some(child_node) => {
                            at.push(key.clone());
                            walk(root, child_node, child, at, out);
                            at.pop();
                        }
                        None if !open => out.push(UnknownKey {
                            at: at.clone(),
                            key: key.clone(),
                            known: props.keys().cloned().collect(),
                        }),
                        None => {}
                    }
                }
            }
            Value::Array(items) => {
                let Some(item_node) = node.get("items") else { return };
                for (i, item) in items.iter().enumerate() {
                    at.push(i.to_string());
                    walk(root, item_node, item, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(root, root, value, &mut Vec::new(), &mut out);
    out
}

/// `Option<SomeEnum>` comes out of schemars as `anyOf: [{$ref}, {type: null}]`;
/// a plain `enum` with `null` validates the same and gives clearer errors.
fn inline_optional_enums(schema: &mut Value) {
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    inline_in(schema, &defs);
    if let Some(map) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        for def in map.values_mut() {
            inline_in(def, &defs);
        }
    }
}

fn inline_in(schema: &mut Value, defs: &Value) {
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else { return };
    for prop in props.values_mut() {
        let Some([first, second]) = prop.get("anyOf").and_then(Value::as_array).map(Vec::as_slice) else { continue };
        if second != &json!({"type": "null"}) {
            continue;
        }
        let Some(name) = first.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) else {
            continue;
        };
        let Some(values) = defs.get(name).and_then(|d| d.get("enum")).and_then(Value::as_array) else { continue };
        let mut values = values.clone();
        values.push(Value::Null);
        let description = prop.get("description").cloned();
        *prop = json!({"enum": values});
        if let Some(d) = description {
            prop["description"] = d;
        }
    }
}

fn with_null(values: impl IntoIterator<Item = Value>) -> Value {
    let mut v: Vec<Value> = values.into_iter().collect();
    v.push(Value::Null);
    Value::Array(v)
}

fn extend_item_schema(schema: &mut Value, config: &Config) {
    let Some(props) = schema.pointer_mut("/properties").and_then(Value::as_object_mut) else { return };
    let prefix = &config.id_prefix;
    props.insert(
        "id".into(),
        json!({"type": "string", "pattern": format!("^{prefix}-[1-9][0-9]*$"),
               "description": format!("The item id, {prefix}-<n>; equal to the file name.")}),
    );
    props.insert(
        "status".into(),
        json!({"enum": with_null(config.statuses().map(|s| json!(s))), "description": "A status of the workflow in pm.yaml."}),
    );
    props.insert(
        "priority".into(),
        json!({"enum": with_null(config.priority_scheme.values().iter().map(|p| json!(p))),
               "description": "A priority of the scheme in pm.yaml."}),
    );
    let estimates: Vec<Value> = match config.estimate_scale {
        EstimateScale::Fibonacci => FIBONACCI.iter().map(|f| json!(*f as i64)).collect(),
        EstimateScale::Tshirt => config.tshirt_points.keys().map(|k| json!(k)).collect(),
        EstimateScale::Any => Vec::new(),
    };
    let estimate = if estimates.is_empty() {
        json!({"type": ["number", "null"], "minimum": 0})
    } else {
        json!({"enum": with_null(estimates)})
    };
    props.insert("estimate".into(), estimate);
    let mut required: Vec<Value> = schema.pointer("/required").and_then(Value::as_array).cloned().unwrap_or_default();
    let Some(props) = schema.pointer_mut("/properties").and_then(Value::as_object_mut) else { return };
    for field in config.custom_fields.iter().filter(|f| f.kind == "backlog") {
        if FIELDS.contains(&field.name.as_str()) {
            continue;
        }
        let mut s = match field.ty {
            FieldType::String => json!({"type": "string"}),
            FieldType::Number => json!({"type": "number"}),
            FieldType::Integer => json!({"type": "integer"}),
            FieldType::Bool => json!({"type": "boolean"}),
            FieldType::Date => json!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
            FieldType::Enum => json!({"enum": field.values}),
            FieldType::List if field.values.is_empty() => json!({"type": "array", "items": {"type": "string"}}),
            FieldType::List => json!({"type": "array", "items": {"enum": field.values}}),
        };
        s["description"] = json!(format!("Custom field `{}` (pm.yaml)", field.name));
        props.insert(field.name.clone(), s);
        if field.required {
            required.push(json!(field.name));
        }
    }
    schema["required"] = Value::Array(required);
}

/// A compact schema of one artifact in a file of `kind`, for a front end
/// with little room (the MCP tool list): the fields every artifact has
/// (`required`) with their JSON types, and in `description` the resource
/// that serves the whole schema. `path` names the lists that lead from the
/// file to the artifact (`["initiatives"]` in the roadmap, `["key_results"]`
/// in an OKR cycle); a file that is a list holds its artifacts directly.
pub(crate) fn outline(kind: SchemaKind, path: &[&str]) -> Value {
    let root = schema(kind, None);
    let entry = |node: &Value| -> Value {
        let node = deref(&root, node);
        match node.get("items") {
            Some(items) => deref(&root, items).clone(),
            None => node.clone(),
        }
    };
    let mut node = entry(&root);
    for step in path {
        node = entry(node.pointer(&format!("/properties/{step}")).unwrap_or(&Value::Null));
    }
    let required: Vec<&str> =
        node.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let properties: serde_json::Map<String, Value> = required
        .iter()
        .map(|field| {
            let types = node.pointer(&format!("/properties/{field}")).map(|n| json_types(&root, n)).unwrap_or_default();
            let schema = match types.as_slice() {
                [] => json!({}),
                [one] => json!({"type": one}),
                many => json!({"type": many}),
            };
            (field.to_string(), schema)
        })
        .collect();
    json!({"description": format!("pm://schema/{}", kind.name()), "required": required, "properties": properties})
}

/// The JSON types a schema node allows (`$ref`s followed, branches joined).
fn json_types(root: &Value, node: &Value) -> Vec<String> {
    let node = match def_name(node) {
        Some(name) => root.pointer(&format!("/$defs/{name}")).unwrap_or(node),
        None => node,
    };
    let mut out: Vec<String> = Vec::new();
    match node.get("type") {
        Some(Value::String(t)) => out.push(t.clone()),
        Some(Value::Array(ts)) => out.extend(ts.iter().filter_map(Value::as_str).map(str::to_string)),
        _ => {}
    }
    for key in ["anyOf", "oneOf"] {
        for branch in node.get(key).and_then(Value::as_array).into_iter().flatten() {
            out.extend(json_types(root, branch));
        }
    }
    for value in node.get("enum").and_then(Value::as_array).into_iter().flatten().chain(node.get("const")) {
        out.push(
            match value {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            }
            .into(),
        );
    }
    // An integer is a number too: say the wider one once.
    if out.iter().any(|t| t == "number") {
        out.retain(|t| t != "integer");
    }
    out.sort();
    out.dedup();
    out
}

/// The schema as written to disk: pretty JSON with a final newline.
pub(crate) fn to_text(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(schema: &Value, yaml: &str) -> bool {
        let v: Value = crate::store::yaml::parse(yaml).unwrap();
        jsonschema::validator_for(schema).unwrap().is_valid(&v)
    }

    #[test]
    fn outlines_name_the_required_fields_their_types_and_the_whole_schema() {
        assert_eq!(
            outline(SchemaKind::BacklogItem, &[]),
            json!({"description": "pm://schema/backlog-item", "required": ["id", "title"],
                   "properties": {"id": {"type": "string"}, "title": {"type": "string"}}})
        );
        // An entry of a list: a milestone in the roadmap, an iteration in its file.
        assert_eq!(outline(SchemaKind::Roadmap, &["milestones"])["required"], json!(["id", "name"]));
        assert_eq!(outline(SchemaKind::Iterations, &[])["required"], json!(["id", "name", "start", "end"]));
        assert_eq!(outline(SchemaKind::Okr, &["key_results"])["description"], "pm://schema/okr-cycle");
    }

    #[test]
    fn item_schema_accepts_items_and_rejects_wrong_types() {
        let s = schema(SchemaKind::BacklogItem, None);
        assert!(valid(&s, "id: BL-1\ntitle: t\ntype: story\nlabels:\nrank: 5\ncreated: 2026-01-02\nextra: [1]\n"));
        assert!(!valid(&s, "id: BL-1\n"));
        assert!(!valid(&s, "id: BL-1\ntitle: t\ntype: task\n"));
        assert!(!valid(&s, "id: BL-1\ntitle: t\nrice: {reach: 1}\n"));
        assert!(!valid(&s, "id: BL-1\ntitle: [t]\n"));
    }

    #[test]
    fn product_schema_adds_configured_values() {
        let cfg = Config {
            custom_fields: crate::store::yaml::parse("- {name: team, type: enum, values: [web], required: true}")
                .map(|v| serde_json::from_value(v).unwrap())
                .unwrap(),
            ..Config::default()
        };
        let s = schema(SchemaKind::BacklogItem, Some(&cfg));
        assert!(valid(&s, "id: BL-1\ntitle: t\nstatus: ready\npriority: p1\nestimate: 5\nteam: web\n"));
        assert!(!valid(&s, "id: BL-1\ntitle: t\nteam: web\nstatus: doing\n"));
        assert!(!valid(&s, "id: BL-1\ntitle: t\nteam: web\nestimate: 4\n"));
        assert!(!valid(&s, "id: XX-1\ntitle: t\nteam: web\n"));
        assert!(!valid(&s, "id: BL-1\ntitle: t\n"));
    }

    #[test]
    fn modelines_point_at_the_product_schemas() {
        assert_eq!(
            SchemaKind::BacklogItem.modeline("backlog/BL-1.yaml"),
            "# yaml-language-server: $schema=../schemas/backlog-item.schema.json\n"
        );
        assert_eq!(SchemaKind::Config.modeline("pm.yaml"), "# yaml-language-server: $schema=schemas/pm.schema.json\n");
    }
}

#[cfg(test)]
mod stale {
    use super::*;

    /// The committed schemas under `schemas/` must match the model types.
    #[test]
    fn committed_schemas_are_current() {
        for kind in SchemaKind::ALL {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(kind.file_name());
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == to_text(&schema(kind, None)),
                "{} is stale: run `cargo run -- schema --write schemas` and commit the result",
                path.display()
            );
        }
    }

    /// The example product's schemas (extended by its pm.yaml) must match too.
    #[test]
    fn the_example_products_schemas_are_current() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme/product");
        let text = std::fs::read_to_string(root.join("pm.yaml")).unwrap();
        let config: Config = yaml_serde::from_str(&text).unwrap();
        for kind in SchemaKind::ALL {
            let path = root.join("schemas").join(kind.file_name());
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == to_text(&schema(kind, Some(&config))),
                "{} is stale: run `cargo run -- -C examples/acme schema --write product/schemas`",
                path.display()
            );
        }
    }
}
