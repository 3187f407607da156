//! Bytes → parse → schema → integrity: the input replaces one file of the
//! example product (its first byte picks which), and the whole product is
//! checked. Any panic is a bug; findings are the expected outcome.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pm::check::{self, Options};
use pm::model::Date;
use pm::model::config::Severity;
use pm::store::{Product, Source, Workspace};

const FILES: [&str; 8] = [
    "backlog/BL-1.yaml",
    "backlog/BL-999.yaml",
    "roadmap.yaml",
    "product.yaml",
    "okrs/2026-Q4.yaml",
    "metrics/checkout_conversion.yaml",
    "experiments/EXP-1.yaml",
    "prds/PRD-1.yaml",
];

fn acme() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/acme");
        let product = Product::find(&dir).expect("examples/acme is a product");
        Workspace::load_for_check(&product, Source::WorkTree).expect("examples/acme loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    if pick == 0xff {
        // pm.yaml itself.
        if let Ok(text) = std::str::from_utf8(bytes) {
            let _ = check::check_config_text("pm.yaml", text);
        }
        return;
    }
    let mut ws = acme().clone();
    ws.set_file(FILES[pick as usize % FILES.len()], Some(bytes.to_vec()), true);
    let today = Date::new(2026, 11, 28);
    let report = check::check(&ws, &Options { today, ..Options::default() });
    let _ = report.count(Severity::Error);
});
