//! `pm export`: every kind in CSV, JSON and Markdown, `--out` (atomic, never
//! through a symbolic link) and formula injection in CSV cells.

use insta::assert_snapshot;

use crate::TestEnv;

#[test]
fn backlog_csv_is_rfc_4180_with_a_header() {
    let env = TestEnv::acme();
    let run = env.pm(&["export", "--format", "csv"]);
    run.success();
    assert_eq!(run.stderr, "");
    // A header and one record per item; multi-line cells are quoted. The
    // columns are the item's fields in the order pm writes them (one list,
    // `model::backlog::FIELDS`), the scoring inputs exported as their scores.
    assert!(run.stdout.starts_with(
        "id,title,type,status,priority,estimate,owner,labels,parent,origin,blocked_by,description,\
         acceptance_criteria,prd,key_results,initiative,milestone,iteration,rice_score,ice_score,wsjf_score,kano,\
         rank,created,updated\r\n"
    ));
    assert!(run.stdout.ends_with("\r\n"));
    assert_snapshot!("backlog_csv", run.stdout);
    // The iteration an item is planned in is a column like any other field.
    env.pm(&["iteration", "plan", "IT-3", "BL-47"]).success();
    let planned = env.pm(&["export", "--format", "csv"]);
    let mut csv = csv::Reader::from_reader(planned.success().stdout.as_bytes());
    let column = csv.headers().unwrap().iter().position(|h| h == "iteration").unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let planned: Vec<(&str, &str)> =
        rows.iter().filter(|r| !r[column].is_empty()).map(|r| (&r[0], &r[column])).collect();
    assert_eq!(planned, [("BL-47", "IT-3")]);
}

#[test]
fn csv_cells_cannot_run_as_formulas() {
    let env = TestEnv::product();
    env.declare_fields(&["note"]);
    env.pm(&[
        "backlog",
        "add",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "--label",
        "+cmd",
        "--set",
        "note=@SUM(A1)",
    ])
    .success();
    let run = env.pm(&["export", "--format", "csv"]);
    run.success();
    let row = run.stdout.lines().nth(1).unwrap();
    assert!(row.starts_with("BL-1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,new,,,,'+cmd,"), "{row}");
    assert!(row.ends_with(",'@SUM(A1)"), "{row}");
    assert!(run.stdout.lines().next().unwrap().ends_with(",updated,note"));
}

#[test]
fn json_is_what_the_list_commands_print() {
    let env = TestEnv::acme();
    let pairs: &[(&[&str], &[&str])] = &[
        (&["export", "--format", "json"], &["backlog", "list", "--format", "json"]),
        (&["export", "--kind", "roadmap", "--format", "json"], &["roadmap", "show", "--format", "json"]),
        (&["export", "--kind", "okrs", "--format", "json"], &["okr", "show", "--all", "--format", "json"]),
        (&["export", "--kind", "prds", "--format", "json"], &["prd", "list", "--format", "json"]),
        (&["export", "--kind", "metrics", "--format", "json"], &["metric", "list", "--format", "json"]),
    ];
    for (export, list) in pairs {
        let a = env.pm(export);
        let b = env.pm(list);
        a.success();
        b.success();
        assert_eq!(a.stdout, b.stdout, "{export:?} vs {list:?}");
    }
}

#[test]
fn every_kind_as_csv() {
    let env = TestEnv::acme();
    let mut out = String::new();
    for kind in ["roadmap", "okrs", "prds", "metrics"] {
        let run = env.pm(&["export", "--kind", kind, "--format", "csv"]);
        run.success();
        let head: Vec<&str> = run.stdout.split("\r\n").take(4).collect();
        out.push_str(&format!("$ pm export --kind {kind} --format csv | head -4\n{}\n\n", head.join("\n")));
    }
    assert_snapshot!("csv_heads", out);
}

#[test]
fn markdown_documents() {
    let env = TestEnv::acme();
    let backlog = env.pm(&["export", "--format", "md"]);
    backlog.success();
    assert_snapshot!("backlog_md", backlog.stdout);
    for kind in ["roadmap", "okrs", "prds", "metrics"] {
        let run = env.pm(&["export", "--kind", kind, "--format", "md"]);
        run.success();
        assert!(run.stdout.starts_with("# "), "{kind}: {}", run.stdout);
    }
    let prds = env.pm(&["export", "--kind", "prds", "--format", "md"]);
    assert!(prds.stdout.contains("# PRD-1: Saved cards for returning shoppers"));
    assert!(prds.stdout.contains("# PRD-3: Self-service refunds"));
}

#[test]
fn out_writes_a_file_and_infers_the_format() {
    let env = TestEnv::acme();
    let run = env.pm(&["export", "--out", "backlog.csv"]);
    run.success();
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "Exported 48 items to backlog.csv\n");
    let stdout = env.pm(&["export", "--format", "csv"]).stdout;
    assert_eq!(env.read("backlog.csv"), stdout);
    // Replacing an existing file is fine; leftover temporary files are not.
    env.pm(&["export", "--kind", "roadmap", "--out", "backlog.csv", "--format", "json"]).success();
    assert!(env.read("backlog.csv").starts_with("{\n  \"today\": \"2026-11-28\""));
    let names: Vec<String> =
        std::fs::read_dir(&env.work).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("pm-tmp")), "{names:?}");
    // With a byte-order mark for Excel.
    env.pm(&["export", "--out", "excel.csv", "--bom"]).success();
    assert!(env.read("excel.csv").starts_with("\u{feff}id,title,"));
}

#[test]
fn out_needs_a_format_it_can_tell() {
    let env = TestEnv::acme();
    let run = env.pm(&["export", "--out", "backlog.txt"]);
    assert_eq!(run.code, 2);
    assert_snapshot!(run.snapshot());
    assert!(!env.exists("backlog.txt"));
}

#[cfg(unix)]
#[test]
fn out_refuses_a_symlink() {
    let env = TestEnv::acme();
    env.write("secret.txt", "keep me\n");
    std::os::unix::fs::symlink(env.path("secret.txt"), env.path("export.csv")).unwrap();
    let run = env.pm(&["export", "--format", "csv", "--out", "export.csv"]);
    assert_eq!(run.code, 1);
    assert_snapshot!(run.snapshot());
    assert_eq!(env.read("secret.txt"), "keep me\n");
    assert!(env.path("export.csv").is_symlink());
}

#[test]
fn export_reads_any_revision() {
    let env = TestEnv::acme();
    env.pm(&["backlog", "add", "Not committed yet"]).success();
    let now = env.pm(&["export", "--format", "csv"]);
    let head = env.pm(&["--at", "HEAD", "export", "--format", "csv"]);
    now.success();
    head.success();
    assert!(now.stdout.contains("\nBL-49,Not committed yet,"), "{}", now.stdout);
    // HEAD holds everything the working tree holds but the new item.
    let committed: String =
        now.stdout.split_inclusive('\n').filter(|l| !l.starts_with("BL-49,Not committed yet,")).collect();
    assert_eq!(head.stdout, committed);
}
