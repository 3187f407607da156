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
    let files = vec![("pm.yaml".to_string(), CONFIG.as_bytes().to_vec()), (rel.to_string(), bytes.to_vec())];
    let Ok(ws) = Workspace::from_files(Source::WorkTree, files) else { return };
    let report = check::check(&ws, &Options { today: Date::new(2026, 11, 28), ..Options::default() });
    let _ = report.count(Severity::Error);
}

/// Checks `bytes` as `pm.yaml` itself, then loads a product with it.
pub fn load_config(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = check::check_config_text("pm.yaml", text);
    }
    let files = vec![
        ("pm.yaml".to_string(), bytes.to_vec()),
        ("backlog/BL-1.yaml".to_string(), b"id: BL-1\ntitle: One\nstatus: new\n".to_vec()),
    ];
    if let Ok(ws) = Workspace::from_files(Source::WorkTree, files) {
        let _ = check::check(&ws, &Options { today: Date::new(2026, 11, 28), ..Options::default() });
    }
}
