//! The site drawn from a small in-memory product: structure every page must
//! have, escaping of hostile text, and links.

use super::*;
use crate::model::Date;
use crate::ops::{backlog, metric, okr, prd, roadmap};
use crate::store::{Source, Workspace};

const EVIL: &str = "<script>alert(1)</script>";

fn workspace() -> Workspace {
    let files: Vec<(String, Vec<u8>)> = vec![
        ("pm.yaml".into(), b"name: Shop\n".to_vec()),
        (
            "product.yaml".into(),
            b"name: \"Shop <b>&</b>\"\nvision: |\n  Pay in seconds.\n\n  See https://example.com/vision.\nstrategy: Wallets first.\n".to_vec(),
        ),
        (
            "backlog/BL-1.yaml".into(),
            format!("id: BL-1\ntitle: \"{EVIL}\"\ntype: epic\nstatus: in_progress\ninitiative: RM-1\nestimate: 5\n").into_bytes(),
        ),
        ("backlog/BL-2.yaml".into(), b"id: BL-2\ntitle: Story\nstatus: done\nparent: BL-1\nestimate: 3\n".to_vec()),
        (
            "roadmap.yaml".into(),
            format!(
                "initiatives:\n  - id: RM-1\n    title: \"{EVIL}\"\n    horizon: now\n    start: 2026-10-01\n    end: 2027-01-31\n    status: in_progress\n    objectives: [OBJ-1]\n    milestones: [MS-1]\nmilestones:\n  - id: MS-1\n    name: Launch\n    date: 2026-12-15\n"
            )
            .into_bytes(),
        ),
        (
            "okrs/2026-Q4.yaml".into(),
            b"- id: OBJ-1\n  title: Grow\n  key_results:\n    - {id: KR-1, title: Conversion, metric: conversion, baseline: 60, target: 70}\n".to_vec(),
        ),
        (
            "metrics/conversion.yaml".into(),
            format!(
                "id: conversion\nname: \"{EVIL}\"\nunit: percent\ntarget: {{value: 70}}\nobservations:\n  - {{period: 2026-09, value: 62}}\n  - {{period: 2026-10, value: 64, note: \"{EVIL}\"}}\n  - {{period: 2026-11, value: 65}}\n"
            )
            .into_bytes(),
        ),
        (
            "prds/PRD-1.yaml".into(),
            format!(
                "id: PRD-1\ntitle: \"{EVIL}\"\nstatus: draft\ninitiative: RM-1\ndesigns:\n  - \"javascript:alert(1)\"\n  - https://figma.example/file/1\nfunctional_requirements:\n  - {{id: FR-1, text: \"{EVIL}\", priority: must}}\n"
            )
            .into_bytes(),
        ),
        (
            "feedback/FB-1.yaml".into(),
            format!("id: FB-1\nsummary: \"{EVIL}\"\nquote: \"{EVIL}\"\ncustomer: evil\nsegment: \"{EVIL}\"\ndate: 2026-11-02\nlinks: [{{to: BL-1, importance: 3}}]\n").into_bytes(),
        ),
        (
            "customers.yaml".into(),
            format!("customers:\n  - {{id: evil, name: \"{EVIL}\", tier: enterprise, arr: 100, currency: EUR}}\n").into_bytes(),
        ),
        (
            "competitors.yaml".into(),
            format!("features:\n  - {{key: sso, name: \"{EVIL}\", ours: planned, delivered_by: BL-1}}\ncompetitors:\n  - {{id: rival, name: \"{EVIL}\", features: {{sso: yes}}}}\n").into_bytes(),
        ),
    ];
    Workspace::from_files(Source::WorkTree, files).unwrap()
}

fn input(ws: &Workspace) -> Input<'_> {
    let today: Date = "2026-11-28".parse().unwrap();
    Input {
        name: ws.product.as_ref().unwrap().value.name.clone(),
        info: ws.product.as_ref().map(|d| &d.value),
        today,
        source: None,
        roadmap: roadmap::view(ws, today, false),
        objectives: okr::cycle_view(ws, None, today),
        current_cycle: okr::default_cycle(ws, today),
        metrics: metric::list(ws, today),
        board: backlog::board(ws, backlog::GroupBy::Status),
        prds: ws.prds.iter().map(|d| (&d.value, prd::coverage(ws, &d.value))).collect(),
        releases: crate::ops::publish::releases(ws).unwrap(),
        update: Err("there is no git history".into()),
        history: History::Unavailable("not a git repository".into()),
        evidence: crate::ops::feedback::overview(ws, false),
        external: false,
    }
}

fn page<'p>(pages: &'p [Page], path: &str) -> &'p str {
    &pages.iter().find(|p| p.path == path).unwrap_or_else(|| panic!("no {path}")).text
}

#[test]
fn every_page_has_the_accessible_frame() {
    let ws = workspace();
    let pages = site(&input(&ws));
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "index.html",
            "roadmap.html",
            "releases.html",
            "okrs.html",
            "metrics.html",
            "backlog.html",
            "prds/index.html",
            "prds/PRD-1.html",
            "evidence.html",
            "update.html",
            "changelog.html",
            "style.css"
        ]
    );
    for p in pages.iter().filter(|p| p.path.ends_with(".html")) {
        let t = &p.text;
        assert!(t.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{}", p.path);
        assert!(t.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
        // The skip link is the first thing in the body, and leads to main.
        assert!(t.contains("<body>\n<a class=\"skip\" href=\"#main\">"), "{}", p.path);
        assert!(t.contains("<main id=\"main\""));
        assert_eq!(t.matches("<h1>").count(), 1, "{}", p.path);
        assert!(t.contains("aria-current=\"page\""), "{}", p.path);
        assert!(!t.contains("<script"), "{}", p.path);
        // Headings never skip a level going down.
        let mut level = 1;
        for (i, _) in t.match_indices("<h") {
            let Some(n) = t[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else { continue };
            assert!(n <= level + 1, "{}: h{n} after h{level}", p.path);
            level = n;
        }
    }
    let prd = page(&pages, "prds/PRD-1.html");
    assert!(prd.contains("<link rel=\"stylesheet\" href=\"../style.css\">"));
    assert!(prd.contains("<a href=\"../roadmap.html\">Roadmap</a>"));
    assert!(prd.contains("<a href=\"../roadmap.html#RM-1\">RM-1</a>"));
}

#[test]
fn product_text_is_escaped_everywhere() {
    let ws = workspace();
    let pages = site(&input(&ws));
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    for path in ["roadmap.html", "metrics.html", "backlog.html", "prds/index.html", "prds/PRD-1.html", "evidence.html"]
    {
        assert!(page(&pages, path).contains(escaped), "{path}");
    }
    assert!(page(&pages, "index.html").contains("<title>Shop &lt;b&gt;&amp;&lt;/b&gt;</title>"));
    assert!(page(&pages, "prds/PRD-1.html").contains("<title>PRD-1: &lt;script&gt;"));
    // The evidence page: the item's title, the quote, the segment, the feature and the competitor.
    let evidence = page(&pages, "evidence.html");
    assert!(evidence.matches(escaped).count() >= 5, "{evidence}");
    assert!(!evidence.contains(EVIL));
}

#[test]
fn only_web_urls_become_links() {
    let ws = workspace();
    let pages = site(&input(&ws));
    let prd = page(&pages, "prds/PRD-1.html");
    assert!(prd.contains("<li>javascript:alert(1)</li>"), "{prd}");
    assert!(prd.contains("<li><a href=\"https://figma.example/file/1\">https://figma.example/file/1</a></li>"));
    assert!(!prd.contains("href=\"javascript"));
    assert!(page(&pages, "index.html").contains("<p>See <a href=\"https://example.com/vision\">"));
}

#[test]
fn views_come_from_the_terminal_computations() {
    let ws = workspace();
    let pages = site(&input(&ws));
    let roadmap = page(&pages, "roadmap.html");
    // BL-2 (3 of 3 points under the epic) is done: 100%.
    assert!(roadmap.contains("<progress max=\"100\" value=\"100\" aria-label=\"RM-1 progress\">100%</progress>"));
    assert!(roadmap.contains("<h3 id=\"h-now\">Now <span class=\"count\">(1)</span></h3>"));
    assert!(roadmap.contains("<a href=\"okrs.html#OBJ-1\">OBJ-1</a>"));
    assert!(roadmap.contains("<a href=\"#MS-1\">MS-1</a>"));
    let okrs = page(&pages, "okrs.html");
    // KR-1: (65 − 60) / (70 − 60) from the metric's latest observation.
    assert!(okrs.contains("Score <strong>0.50</strong>"), "{okrs}");
    assert!(okrs.contains("value=\"50\" aria-label=\"KR-1 progress\""));
    let metrics = page(&pages, "metrics.html");
    assert!(
        metrics.contains("<svg viewBox=\"0 0 480 220\" role=\"img\" aria-labelledby=\"conversion-t conversion-d\"")
    );
    assert!(metrics.contains("<title id=\"conversion-t\">&lt;script&gt;"));
    assert!(metrics.contains("<line class=\"target\""));
    assert_eq!(metrics.matches("<circle class=\"point\"").count(), 3);
    let changelog = page(&pages, "changelog.html");
    assert!(changelog.contains("<p>There is no history to show: not a git repository.</p>"));
}

#[test]
fn prd_file_names_stay_in_the_folder() {
    let mut ws = workspace();
    let mut odd = ws.prds[0].clone();
    odd.value.id = "../../etc/passwd".into();
    ws.prds.extend([odd.clone()]);
    ws.prds.extend([odd]);
    let pages = site(&input(&ws));
    let prds: Vec<&str> = pages.iter().map(|p| p.path.as_str()).filter(|p| p.starts_with("prds/")).collect();
    assert_eq!(
        prds,
        ["prds/index.html", "prds/PRD-1.html", "prds/------etc-passwd.html", "prds/------etc-passwd-2.html"]
    );
}
