//! What the fuzz targets share: one artifact file loaded and checked in
//! memory, beside the example product's `pm.yaml` and nothing else, so that
//! no input pays for copying a whole product (the earlier target cloned the
//! example per input and ran at about 16 inputs a second).

use pm::fuzzing::{self as check, Options};
use pm::fuzzing::Date;
use pm::fuzzing::Severity;
use pm::fuzzing::{Source, Workspace};

/// The example product's configuration: custom fields, statuses and limits
/// the loader must honour.
pub const CONFIG: &str = include_str!("../../examples/acme/product/pm.yaml");

/// Loads `bytes` as the file at `rel` (below the product folder) and runs
/// every check. Any panic is a bug; findings are the expected outcome.
pub fn load(rel: &str, bytes: &[u8]) {
    let config = vec![("pm.yaml".to_string(), CONFIG.as_bytes().to_vec())];
    let Ok(ws) = Workspace::from_files(Source::WorkTree, config) else { return };
    // Added as a write adds a file: parsed, with its YAML kept for the schema check.
    let (ws, parses) = ws.with_files(vec![(rel.to_string(), Some(bytes.to_vec()))]);
    let report = check::check(&ws, &parses, &Options { today: Date::new(2026, 11, 28), ..Options::default() });
    let _ = report.count(Severity::Error);
}

/// Checks `bytes` as `pm.yaml` itself, then loads a product with it.
pub fn load_config(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = check::check_config_text("pm.yaml", text);
    }
    let config = vec![("pm.yaml".to_string(), bytes.to_vec())];
    if let Ok(ws) = Workspace::from_files(Source::WorkTree, config) {
        let item = ("backlog/BL-1.yaml".to_string(), Some(b"id: BL-1\ntitle: One\nstatus: new\n".to_vec()));
        let (ws, parses) = ws.with_files(vec![item]);
        let _ = check::check(&ws, &parses, &Options { today: Date::new(2026, 11, 28), ..Options::default() });
    }
}
