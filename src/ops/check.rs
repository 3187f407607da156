//! `pm check`: loads what to check, runs the check pipeline
//! ([`crate::check`]) with what it needs from history, and keeps the
//! schema verdicts in the parse cache. The command draws the report.

use std::collections::HashSet;

use crate::check::{self, Options, Report};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::model::config::Severity;
use crate::store::{CONFIG_FILE, Loader, Product, Source, Workspace};

/// What to check.
pub(crate) struct Request<'a> {
    pub source: &'a Source,
    /// Files or folders to report on, as given (for messages) and below the product folder.
    pub only: Vec<(String, String)>,
    pub strict: bool,
    /// The revision whose statuses the workflow rules compare with.
    pub base: Option<&'a str>,
    pub today: Date,
}

/// Checks the product as `request` says. An unusable pm.yaml is itself the
/// finding: the report then holds what is wrong with it.
pub(crate) fn run(product: &Product, request: &Request) -> Result<Report> {
    let (ws, loader) = match Loader::for_check(product, request.source.clone()) {
        Ok(loaded) => loaded,
        Err(Error::Parse { path, position, message }) if path == product.display(CONFIG_FILE) => {
            let text = request.source.read(product, CONFIG_FILE)?.unwrap_or_default();
            let report = check::check_config_text(CONFIG_FILE, &String::from_utf8_lossy(&text));
            // What the text alone does not show (too large, a link out of the product) is still an error.
            if report.count(Severity::Error) == 0 {
                return Err(Error::Parse { path, position, message });
            }
            return Ok(report);
        }
        Err(e) => return Err(e),
    };
    for (given, rel) in &request.only {
        if !ws.has_path(rel) {
            return Err(Error::usage(format!("`{given}` is not a file or folder of the product")));
        }
    }
    let base = match request.base {
        Some(rev) => Some(Workspace::load(product, Source::Rev(rev.to_string()))?),
        None => None,
    };
    // Forecasts read history from HEAD: for the working tree and the index, not for another revision.
    let forecasts = match request.source {
        Source::Rev(_) => None,
        _ => super::forecast::milestone_forecasts(product, &ws, request.today, &super::progress::Silent),
    };
    let options = Options {
        strict: request.strict,
        base: base.as_ref(),
        only: request.only.iter().map(|(_, rel)| rel.clone()).collect(),
        today: Some(request.today),
        forecasts: forecasts.as_ref(),
        items: None,
    };
    let report = check::check(&ws, &loader.parses, &options);
    loader.save_cache(&ws, &report.schema_verdicts);
    Ok(report)
}

/// The check of a pre-commit hook: what is staged, against HEAD. `None`
/// when the commit changes nothing of the product. Beside the report, how
/// many warnings HEAD already had and the report leaves out.
pub(crate) fn staged(product: &Product, strict: bool, today: Date) -> Result<Option<(Report, usize)>> {
    if crate::store::staged_changes(product)?.is_empty() {
        // The commit changes nothing of the product (or it is not in git yet).
        return Ok(None);
    }
    let (ws, loader) = Loader::for_check(product, Source::Index)?;
    // HEAD's product, when there is one: status changes are checked against
    // it, and what it already had is not repeated on every commit.
    let head = match product.repo()?.has_commits() {
        true => Loader::for_check(product, Source::Rev("HEAD".into())).ok(),
        false => None,
    };
    let base = head.as_ref().map(|(ws, _)| ws);
    let options = Options { strict, base, only: Vec::new(), today: Some(today), ..Options::default() };
    let mut report = check::check(&ws, &loader.parses, &options);
    let old: HashSet<(&str, String, String)> = match &head {
        Some((head, loaded)) => {
            check::check(head, &loaded.parses, &Options { today: Some(today), ..Options::default() })
                .diagnostics
                .into_iter()
                .map(|d| (d.rule, d.path, d.message))
                .collect()
        }
        None => HashSet::new(),
    };
    let before = report.diagnostics.len();
    report
        .diagnostics
        .retain(|d| d.severity == Severity::Error || !old.contains(&(d.rule, d.path.clone(), d.message.clone())));
    let known = before - report.diagnostics.len();
    Ok(Some((report, known)))
}
