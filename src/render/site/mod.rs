//! The published site (`pm publish`): static HTML pages drawn from the same
//! views the terminal commands show — the roadmap view, scored OKRs, metric
//! summaries, the board, PRDs with their coverage, and the semantic log.
//!
//! No JavaScript: every page is plain HTML with one shared stylesheet, links
//! between pages are relative, so the site works from `file://` and on any
//! static host. Every piece of product text goes through [`html::esc`] (or
//! [`html::linked`], which also turns web and mail URLs into links). The same
//! input gives the same bytes: nothing depends on the clock but `today`,
//! which the caller passes in.

mod backlog;
mod changelog;
mod chart;
mod evidence;
mod home;
pub(crate) mod html;
mod metrics;
mod okrs;
mod prds;
mod releases;
mod roadmap;
mod update;

use std::fmt::Write as _;

pub(crate) use crate::ops::publish::{History, Input};

use html::esc;

/// One file of the site: its path below the output folder (`/`-separated) and its bytes.
pub(crate) struct Page {
    pub path: String,
    pub text: String,
}

/// The stylesheet every page links to.
pub(crate) const STYLE: &str = include_str!("style.css");

/// The sections of the site, in navigation order: file, label.
const NAV: [(&str, &str); 10] = [
    ("index.html", "Home"),
    ("roadmap.html", "Roadmap"),
    ("releases.html", "Releases"),
    ("okrs.html", "OKRs"),
    ("metrics.html", "Metrics"),
    ("backlog.html", "Backlog"),
    ("prds/index.html", "PRDs"),
    ("evidence.html", "Evidence"),
    ("update.html", "Update"),
    ("changelog.html", "Changelog"),
];

/// Every file of the site, in a stable order.
pub(crate) fn site(input: &Input) -> Vec<Page> {
    let mut pages = vec![
        page(input, "index.html", "Home", &home::body(input)),
        page(input, "roadmap.html", "Roadmap", &roadmap::body(input)),
        page(input, "releases.html", "Releases", &releases::body(input)),
        page(input, "okrs.html", "OKRs", &okrs::body(input)),
        page(input, "metrics.html", "Metrics", &metrics::body(input)),
        page(input, "backlog.html", "Backlog", &backlog::body(input)),
        page(input, "prds/index.html", "PRDs", &prds::index(input)),
    ];
    let board = prds::board_ids(input);
    for (file, prd, coverage) in prds::files(input) {
        let title = format!("{}: {}", prd.id, prd.title);
        pages.push(page(input, &format!("prds/{file}"), &title, &prds::body(input, &board, prd, coverage)));
    }
    pages.push(page(input, "evidence.html", "Customer evidence", &evidence::body(input)));
    pages.push(page(input, "update.html", "Update", &update::body(input)));
    pages.push(page(input, "changelog.html", "Changelog", &changelog::body(input)));
    pages.push(Page { path: "style.css".to_string(), text: STYLE.to_string() });
    pages
}

/// The way from `path` back to the site's root: `""` or `"../"`.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A whole page: the shared header, navigation and footer around `body`
/// (which holds the page's `<h1>` and sections).
fn page(input: &Input, path: &str, title: &str, body: &str) -> Page {
    let root = root_of(path);
    let name = esc(&input.name);
    let full_title = if path == "index.html" { name.clone() } else { format!("{} — {name}", esc(title)) };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"pm\">\n\
         <title>{full_title}</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">Skip to content</a>\n\
         <header class=\"site\">\n<p class=\"brand\"><a href=\"{root}index.html\">{name}</a></p>\n\
         <nav aria-label=\"Site\">\n<ul>\n"
    );
    // A PRD's own page belongs to the PRDs section.
    let section = if path.starts_with("prds/") { "prds/index.html" } else { path };
    for (file, label) in NAV {
        let current = if file == section { " aria-current=\"page\"" } else { "" };
        let _ = writeln!(out, "<li><a href=\"{root}{file}\"{current}>{label}</a></li>");
    }
    out.push_str("</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
    out.push_str(body);
    let source = input.source.as_deref().map(|s| format!(", read from {}", esc(s))).unwrap_or_default();
    let _ = write!(
        out,
        "</main>\n<footer class=\"site\">\n<p>Published by pm from the product files{source}; figures as of \
         <time datetime=\"{today}\">{today}</time>.</p>\n</footer>\n</body>\n</html>\n",
        today = input.today
    );
    Page { path: path.to_string(), text: out }
}

/// A page's title as its `<h1>` (escaped here), with an optional line of
/// HTML under it (escaped by the caller).
fn heading(title: &str, lead: Option<&str>) -> String {
    let mut out = format!("<h1>{}</h1>\n", esc(title));
    if let Some(l) = lead {
        let _ = writeln!(out, "<p class=\"lead\">{l}</p>");
    }
    out
}

#[cfg(test)]
mod tests;
