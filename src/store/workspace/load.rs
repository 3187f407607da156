//! Reading a product into a [`Workspace`]: the [`Loader`], which owns the
//! parse cache and what a check reads beside the artifacts ([`Parses`]), so
//! that a workspace itself is plain data.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::Value;

use crate::error::{ConfigPlace, Error, Position, Result};
use crate::model::Date;
use crate::model::config::Limits;
use crate::model::kind::FileKind;
use crate::model::{
    Competitors, Config, Customers, Experiment, Feedback, Item, Iteration, Metric, Objective, Prd, ProductInfo,
    Roadmap, id,
};
use crate::store::cache::{self, Cache, Fresh};
use crate::store::product::{CONFIG_FILE, Product};
use crate::store::source::{Listing, Skip, Source, is_reported};
use crate::store::yaml;

use super::{
    COMPETITORS_FILE, CUSTOMERS_FILE, Doc, ITERATIONS_FILE, PRODUCT_FILE, Problem, ProblemKind, ROADMAP_FILE, Workspace,
};

/// What a check reads beside the artifacts of a workspace.
#[derive(Default)]
pub struct Parses {
    /// The parsed YAML of every file whose schema is to be validated.
    pub values: Vec<(String, cache::Parsed)>,
    /// Files loaded without their parsed YAML (so not in `values`), because
    /// the parse cache says they satisfy the schema with this fingerprint
    /// ([`crate::check::Validators::fingerprint`]).
    pub verdicts: HashMap<String, u64>,
    /// When read from the working tree: the stamp of every file read, for
    /// recording schema verdicts in the cache.
    pub stamps: HashMap<String, cache::Stamp>,
}

/// One read of a product: the parse cache it went through and, for a
/// check, the [`Parses`]. A plain load ([`Loader::load`]) writes the cache
/// back at once; a check's load ([`Loader::for_check`]) keeps the loader
/// until its schema verdicts are known ([`Loader::save_cache`]).
pub(crate) struct Loader {
    pub(crate) parses: Parses,
    /// The parse cache and what this load did with it, until it is saved.
    cache: Option<(Box<Cache>, cache::Use)>,
}

impl Loader {
    /// Reads the product from `source` into a workspace.
    pub(crate) fn load(product: &Product, source: Source) -> Result<Workspace> {
        let (ws, loader) = Loader::read(product, source, false)?;
        loader.save_cache(&ws, &[]);
        Ok(ws)
    }

    /// Reads the product for `pm check`: beside the workspace, the parsed
    /// YAML of every file the parse cache does not know to satisfy its schema.
    pub(crate) fn for_check(product: &Product, source: Source) -> Result<(Workspace, Loader)> {
        Loader::read(product, source, true)
    }

    /// Writes the parse cache this load went through, with the files found
    /// to satisfy their schema (path, stamp, schema fingerprint).
    pub(crate) fn save_cache(self, ws: &Workspace, verdicts: &[(String, cache::Stamp, u64)]) {
        if let Some((cache, used)) = self.cache {
            let texts = ws.texts();
            cache.save(used, verdicts, |path| texts.get(path).copied());
        }
    }

    fn read(product: &Product, source: Source, keep_values: bool) -> Result<(Workspace, Loader)> {
        // Noted before anything is read: a write that lands during the read changes it.
        let generation = match source {
            Source::WorkTree => crate::store::generation::read(&product.state_dir()),
            _ => None,
        };
        // pm.yaml says how much to read of the other files; it is itself read with the default limits.
        let defaults = Limits::default();
        let (max_bytes, cache_at) = match &source {
            Source::WorkTree => {
                let limits = configured_limits(product);
                (limits.max_file_bytes.max(defaults.max_file_bytes), Cache::place(product).map(|p| (p, limits)))
            }
            // Git sources hold every file in memory already.
            _ => (u64::MAX, None),
        };
        // The cache is read while the folder is walked.
        let open = move || cache_at.map(|(path, limits)| Cache::open_at(path, limits));
        let (listing, cache) = source.listing_cached(product, max_bytes, open)?;
        let cache = cache.map(Box::new);
        // A check of a git source without pm.yaml would only report that the
        // configuration is empty; say what is really the matter.
        // (The same for every read of a git source: a missing pm.yaml there is not a file to fix by hand.)
        if (keep_values || !source.is_work_tree()) && !listing.files.iter().any(|(path, _)| path == CONFIG_FILE) {
            let place = match &source {
                Source::Index => ConfigPlace::Index,
                Source::Rev(rev) => ConfigPlace::Rev(rev.clone()),
                Source::WorkTree => ConfigPlace::WorkTree,
            };
            return Err(Error::NoConfig { file: product.display(CONFIG_FILE), place });
        }
        let (mut ws, loader) = Loader::from_listing(product, source, listing, cache, keep_values)?;
        ws.generation = generation;
        Ok((ws, loader))
    }

    /// What the Source listed: files read, files the cache holds, and paths passed over.
    fn from_listing(
        product: &Product,
        source: Source,
        listing: Listing,
        cache: Option<Box<Cache>>,
        keep_values: bool,
    ) -> Result<(Workspace, Loader)> {
        let Listing { files, skipped, cached, stamps } = listing;
        let defaults = Limits::default();
        let skipped: Vec<(String, Skip)> = skipped.into_iter().filter(|(path, _)| is_reported(path)).collect();
        if let Some((path, skip)) = skipped.iter().find(|(path, _)| path == CONFIG_FILE) {
            let message = match skip {
                Skip::TooLarge { bytes } => too_large(*bytes, defaults.max_file_bytes),
                other => other.describe(),
            };
            return Err(Error::Parse { path: product.display(path), position: None, message });
        }
        let mut config = None;
        let mut raw_items = Vec::new();
        let mut roadmap_file = None;
        let mut product_file = None;
        let mut prd_stems = HashSet::new();
        let (mut okr_files, mut metric_files, mut experiment_files) = (Vec::new(), Vec::new(), Vec::new());
        let mut prd_files = Vec::new();
        let (mut feedback_files, mut customers_file, mut competitors_file) = (Vec::new(), None, None);
        let mut iterations_file = None;
        let mut misnamed = Vec::new();
        let inputs = files
            .into_iter()
            .map(|(path, bytes)| (path, Input::Bytes(bytes)))
            .chain(cached.into_iter().map(|path| (path, Input::Cached)));
        for (path, bytes) in inputs {
            match FileKind::of_path(&path) {
                Some(FileKind::Okr) => okr_files.push((path, bytes)),
                Some(FileKind::Metric) => metric_files.push((path, bytes)),
                Some(FileKind::Experiment) => experiment_files.push((path, bytes)),
                Some(FileKind::Config) => config = Some((path, bytes)),
                Some(FileKind::Roadmap) => roadmap_file = Some((path, bytes)),
                Some(FileKind::Product) => product_file = Some((path, bytes)),
                Some(FileKind::Prd) => {
                    if let Some(stem) = path.strip_prefix("prds/").and_then(|n| n.strip_suffix(".yaml")) {
                        prd_stems.insert(stem.to_string());
                    }
                    prd_files.push((path, bytes));
                }
                Some(FileKind::BacklogItem) => raw_items.push((path, bytes)),
                Some(FileKind::Feedback) => feedback_files.push((path, bytes)),
                Some(FileKind::Customers) => customers_file = Some((path, bytes)),
                Some(FileKind::Competitors) => competitors_file = Some((path, bytes)),
                Some(FileKind::Iterations) => iterations_file = Some((path, bytes)),
                None if crate::store::source::wrong_extension(&path) => misnamed.push(path),
                None => {}
            }
        }
        let (config_path, config_bytes) = config.ok_or_else(|| Error::Parse {
            path: product.display(CONFIG_FILE),
            position: None,
            message: match &source {
                Source::WorkTree => "the product's pm.yaml is missing".to_string(),
                Source::Index => "pm.yaml is not in the git index".to_string(),
                Source::Rev(rev) => format!("pm.yaml does not exist at revision `{rev}`"),
            },
        })?;
        let mut problems: Vec<Problem> = misnamed
            .into_iter()
            .map(|path| {
                let right = format!("{}.yaml", &path[..path.rfind('.').unwrap_or(path.len())]);
                Problem {
                    kind: ProblemKind::WrongExtension,
                    message: format!("the file name ends otherwise than `.yaml`; pm reads only `{right}`"),
                    path,
                    position: None,
                    text: None,
                }
            })
            .collect();
        let mut values = Vec::new();
        let config = match read::<Config>(&config_path, config_bytes, &Reading::plain(&defaults, keep_values)) {
            Loaded { doc: Some(doc), value, problems: found, .. } => {
                problems.extend(found);
                if keep_values {
                    values.extend(value.map(|v| (config_path.clone(), v)));
                }
                doc
            }
            Loaded { problems: found, .. } => {
                let p = found.into_iter().find(Problem::is_fatal).unwrap_or(Problem {
                    kind: ProblemKind::Shape,
                    path: config_path.clone(),
                    position: None,
                    message: "cannot be read".to_string(),
                    text: None,
                });
                return Err(Error::Parse { path: product.display(&p.path), position: p.position, message: p.message });
            }
        };
        if let Some((_, first)) = config.value.problems().into_iter().next() {
            return Err(Error::Parse { path: product.display(&config.path), position: None, message: first });
        }
        let limits = config.value.limits;
        // A cache written under other limits cannot serve this load.
        let cache = cache.filter(|c| c.limits().read_alike(&limits));
        let reading =
            Reading { limits: &limits, cache: cache.as_deref(), dir: &product.dir, stamps: &stamps, keep_values };
        for (path, skip) in &skipped {
            let message = match skip {
                Skip::TooLarge { bytes } => too_large(*bytes, limits.max_file_bytes),
                other => other.describe(),
            };
            let kind = match skip {
                Skip::TooLarge { .. } => ProblemKind::Limit,
                Skip::Unmerged => ProblemKind::MergeConflict,
                _ => ProblemKind::NotAFile,
            };
            problems.push(Problem { kind, path: path.clone(), position: None, message, text: None });
        }

        let mut used = cache::Use::default();
        let roadmap_loaded = roadmap_file.map(|(path, bytes)| read::<Roadmap>(&path, bytes, &reading));
        let product_loaded = product_file.map(|(path, bytes)| read::<ProductInfo>(&path, bytes, &reading));
        let mut roadmap = None;
        if let Some(mut l) = roadmap_loaded {
            l.note_use(&mut used);
            problems.extend(l.problems);
            if keep_values {
                values.extend(l.value.map(|v| (l.path.clone(), v)));
            }
            roadmap = l.doc;
        }
        let mut product_info = None;
        if let Some(mut l) = product_loaded {
            l.note_use(&mut used);
            problems.extend(l.problems);
            if keep_values {
                values.extend(l.value.map(|v| (l.path.clone(), v)));
            }
            product_info = l.doc;
        }

        // A file that was not read still exists: a reference to it is not dangling.
        let stems_in = |dir: &str| -> HashSet<String> {
            raw_items
                .iter()
                .chain(&prd_files)
                .map(|(p, _)| p)
                .chain(skipped.iter().map(|(p, _)| p))
                .filter_map(|p| p.strip_prefix(dir).and_then(|n| n.strip_suffix(".yaml")).map(str::to_string))
                .collect()
        };
        let backlog_stems = stems_in("backlog/");
        prd_stems.extend(stems_in("prds/"));
        // Parsing dominates load time; files are independent, so parse them in parallel.
        let loaded: Vec<Loaded<Item>> =
            raw_items.into_par_iter().map(|(path, bytes)| read::<Item>(&path, bytes, &reading)).collect();
        let mut items = docs_of(loaded, keep_values, &mut problems, &mut values, &mut used);
        let prefix = config.value.id_prefix.clone();
        let number = |d: &Doc<Item>| id::number(&d.value.id, &prefix).unwrap_or(u64::MAX);
        items.sort_by(|a, b| (number(a), &a.value.id).cmp(&(number(b), &b.value.id)).then_with(|| a.path.cmp(&b.path)));
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        let mut out = Out { keep_values, problems: &mut problems, values: &mut values, used: &mut used };
        let okrs = read_all::<Vec<Objective>>(okr_files, &reading, &mut out);
        let metrics = read_all::<Metric>(metric_files, &reading, &mut out);
        let experiments = read_all::<Experiment>(experiment_files, &reading, &mut out);
        let mut prds = read_all::<Prd>(prd_files, &reading, &mut out);
        let mut feedback = read_all::<Feedback>(feedback_files, &reading, &mut out);
        feedback.sort_by_key(|d| id::number(&d.value.id, "FB").unwrap_or(u64::MAX));
        let mut customers = read_all::<Customers>(customers_file.into_iter().collect(), &reading, &mut out);
        let mut competitors = read_all::<Competitors>(competitors_file.into_iter().collect(), &reading, &mut out);
        let mut iterations = read_all::<Vec<Iteration>>(iterations_file.into_iter().collect(), &reading, &mut out);
        let (stamps, verdicts) = (std::mem::take(&mut used.stamps), std::mem::take(&mut used.verdicts));
        prds.sort_by_key(|d| id::number(&d.value.id, "PRD").unwrap_or(u64::MAX));
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        let mut ws = Workspace::new(source, config, items, problems, backlog_stems);
        ws.roadmap = roadmap;
        ws.product = product_info;
        ws.prd_stems = prd_stems;
        ws.okrs = okrs.into_iter().collect();
        ws.metrics = metrics.into_iter().collect();
        ws.experiments = experiments.into_iter().collect();
        ws.prds = prds.into_iter().collect();
        ws.feedback = feedback.into_iter().collect();
        ws.customers = customers.pop();
        ws.competitors = competitors.pop();
        ws.iterations = iterations.pop();
        ws.count_reach(Date::today());
        let parses = match keep_values {
            true => Parses { values, verdicts, stamps },
            false => Parses::default(),
        };
        Ok((ws, Loader { parses, cache: cache.map(|cache| (cache, used)) }))
    }
}

impl Workspace {
    /// A copy of this workspace in which the product file `rel` has `text`,
    /// with that file's parsed YAML: what a write would produce, for checking
    /// it before it happens.
    pub fn with_text(&self, rel: &str, text: &str) -> (Workspace, Parses) {
        self.with_files(vec![(rel.to_string(), Some(text.as_bytes().to_vec()))])
    }

    /// A copy of this workspace in which each of `files` holds its bytes (or
    /// with `None` is removed), with the parsed YAML of those files and no other.
    pub fn with_files(&self, files: Vec<(String, Option<Vec<u8>>)>) -> (Workspace, Parses) {
        let mut ws = self.clone();
        let parses = ws.replace_files(files, true);
        (ws, parses)
    }

    /// Replaces (or with `None` removes) product files, parsing only them.
    pub fn set_files(&mut self, files: Vec<(String, Option<Vec<u8>>)>) {
        self.replace_files(files, false);
    }

    /// [`Workspace::set_files`], with the parsed YAML of the files set when
    /// `keep_value`. In time linear in the workspace: every list is filtered
    /// once and the items sorted once.
    fn replace_files(&mut self, files: Vec<(String, Option<Vec<u8>>)>, keep_value: bool) -> Parses {
        let ws = self;
        let mut parses = Parses::default();
        let rels: HashSet<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
        let gone = |path: &String| rels.contains(path);
        ws.problems.retain(|p| !gone(&p.path));
        ws.items.retain(|d| !gone(&d.path));
        ws.okrs.retain(|d| !gone(&d.path));
        ws.metrics.retain(|d| !gone(&d.path));
        ws.experiments.retain(|d| !gone(&d.path));
        ws.prds.retain(|d| !gone(&d.path));
        ws.feedback.retain(|d| !gone(&d.path));
        for rel in &rels {
            if rel == ROADMAP_FILE {
                ws.roadmap = None;
            }
            if rel == PRODUCT_FILE {
                ws.product = None;
            }
            if rel == CUSTOMERS_FILE {
                ws.customers = None;
            }
            if rel == COMPETITORS_FILE {
                ws.competitors = None;
            }
            if rel == ITERATIONS_FILE {
                ws.iterations = None;
            }
            if let Some(stem) = rel.strip_prefix("backlog/").and_then(|n| n.strip_suffix(".yaml")) {
                ws.backlog_stems.remove(stem);
            }
            if let Some(stem) = rel.strip_prefix("prds/").and_then(|n| n.strip_suffix(".yaml")) {
                ws.prd_stems.remove(stem);
            }
        }
        let kept = ws.items.len();
        for (rel, bytes) in files {
            if let Some(bytes) = bytes {
                if let Some(stem) = rel.strip_prefix("prds/").and_then(|n| n.strip_suffix(".yaml")) {
                    ws.prd_stems.insert(stem.to_string());
                }
                ws.insert_file(&rel, bytes, keep_value.then_some(&mut parses.values));
            }
        }
        // The items kept are in order still: place each new one (as a load orders them).
        let prefix = ws.config.value.id_prefix.clone();
        let number = |d: &Doc<Item>| id::number(&d.value.id, &prefix).unwrap_or(u64::MAX);
        let order = |a: &Doc<Item>, b: &Doc<Item>| {
            (number(a), &a.value.id).cmp(&(number(b), &b.value.id)).then_with(|| a.path.cmp(&b.path))
        };
        ws.items.place_from(kept, |d, new| order(d, new).is_le());
        ws.by_id = ws.items.iter().enumerate().map(|(i, d)| (d.value.id.clone(), i)).rev().collect();
        ws.indexes = std::sync::OnceLock::new();
        ws.count_reach(Date::today());
        parses
    }

    /// Parses one file into its place; its parsed YAML goes to `values` when given.
    fn insert_file(&mut self, rel: &str, bytes: Vec<u8>, mut values: Option<&mut Vec<(String, cache::Parsed)>>) {
        let ws = self;
        let limits = ws.config.value.limits;
        let reading = Reading::plain(&limits, values.is_some());
        let bytes = Input::Bytes(bytes);
        let mut keep = |problems: Vec<Problem>, value: Option<cache::Parsed>| {
            ws.problems.extend(problems);
            if let (Some(values), Some(value)) = (values.as_mut(), value) {
                values.push((rel.to_string(), value));
            }
        };
        let kind = FileKind::of_path(rel);
        if kind == Some(FileKind::BacklogItem) {
            let l = read::<Item>(rel, bytes, &reading);
            keep(l.problems, l.value);
            if let Some(stem) = rel.strip_prefix("backlog/").and_then(|n| n.strip_suffix(".yaml")) {
                ws.backlog_stems.insert(stem.to_string());
            }
            // Sorted by the caller, once for all the files it sets.
            ws.items.extend(l.doc);
        } else if kind == Some(FileKind::Roadmap) {
            let l = read::<Roadmap>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.roadmap = l.doc;
        } else if kind == Some(FileKind::Product) {
            let l = read::<ProductInfo>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.product = l.doc;
        } else if kind == Some(FileKind::Okr) {
            let l = read::<Vec<Objective>>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.okrs.extend(l.doc);
            ws.okrs.sort_by(|a, b| a.path.cmp(&b.path));
        } else if kind == Some(FileKind::Metric) {
            let l = read::<Metric>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.metrics.extend(l.doc);
            ws.metrics.sort_by(|a, b| a.path.cmp(&b.path));
        } else if kind == Some(FileKind::Prd) {
            let l = read::<Prd>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.prds.extend(l.doc);
            ws.prds.sort_by_key(|d| id::number(&d.value.id, "PRD").unwrap_or(u64::MAX));
        } else if kind == Some(FileKind::Feedback) {
            let l = read::<Feedback>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.feedback.extend(l.doc);
            ws.feedback.sort_by_key(|d| id::number(&d.value.id, "FB").unwrap_or(u64::MAX));
        } else if kind == Some(FileKind::Customers) {
            let l = read::<Customers>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.customers = l.doc;
        } else if kind == Some(FileKind::Competitors) {
            let l = read::<Competitors>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.competitors = l.doc;
        } else if kind == Some(FileKind::Iterations) {
            let l = read::<Vec<Iteration>>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.iterations = l.doc;
        } else if kind == Some(FileKind::Experiment) {
            let l = read::<Experiment>(rel, bytes, &reading);
            keep(l.problems, l.value);
            ws.experiments.extend(l.doc);
            ws.experiments.sort_by(|a, b| a.path.cmp(&b.path));
        }
    }
    /// For tests: a working-tree workspace of these files (path below the
    /// product folder, text), with a minimal pm.yaml (`id_prefix: BL`) unless
    /// one is given.
    #[cfg(test)]
    pub(crate) fn in_memory(files: &[(&str, &str)]) -> Workspace {
        let mut all: Vec<(String, Vec<u8>)> =
            files.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())).collect();
        if !all.iter().any(|(p, _)| p == CONFIG_FILE) {
            all.push((CONFIG_FILE.to_string(), b"version: 1\nname: T\nid_prefix: BL\n".to_vec()));
        }
        Workspace::from_files(Source::WorkTree, all).expect("an in-memory workspace")
    }

    /// A workspace of the given files only (paths below the product folder,
    /// pm.yaml among them), as `pm log` compares the files a commit changed.
    pub fn from_files(source: Source, files: Vec<(String, Vec<u8>)>) -> Result<Workspace> {
        let config_bytes = files.iter().find(|(p, _)| p == CONFIG_FILE).map(|(_, b)| b.clone()).unwrap_or_default();
        let text = String::from_utf8_lossy(&config_bytes).into_owned();
        // Read with the default limits, as every load reads pm.yaml.
        let defaults = Limits::default();
        let config: Config = Some(&text)
            .filter(|t| t.len() as u64 <= defaults.max_file_bytes)
            .and_then(|t| yaml::parse_limited(t.strip_prefix('\u{feff}').unwrap_or(t), defaults.max_depth).ok())
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        let doc = Doc { path: CONFIG_FILE.to_string(), text, value: config };
        let mut ws = Workspace::new(source, doc, Vec::new(), Vec::new(), HashSet::new());
        ws.set_files(files.into_iter().filter(|(p, _)| p != CONFIG_FILE).map(|(p, b)| (p, Some(b))).collect());
        Ok(ws)
    }
}

/// Where the results of reading files go.
struct Out<'a> {
    keep_values: bool,
    problems: &'a mut Vec<Problem>,
    values: &'a mut Vec<(String, cache::Parsed)>,
    used: &'a mut cache::Use,
}

/// Reads every file of one kind, in parallel, in path order.
fn read_all<T: serde::de::DeserializeOwned + Send>(
    mut files: Vec<(String, Input)>,
    reading: &Reading,
    out: &mut Out,
) -> Vec<Doc<T>> {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let loaded: Vec<Loaded<T>> = files.into_par_iter().map(|(path, input)| read::<T>(&path, input, reading)).collect();
    docs_of(loaded, out.keep_values, out.problems, out.values, out.used)
}

/// The artifacts of files read, with their problems, values and cache use
/// moved out. The artifacts take the place of the list they come from, so
/// that a large product is not held twice.
fn docs_of<T>(
    mut loaded: Vec<Loaded<T>>,
    keep_values: bool,
    problems: &mut Vec<Problem>,
    values: &mut Vec<(String, cache::Parsed)>,
    used: &mut cache::Use,
) -> Vec<Doc<T>> {
    for l in &mut loaded {
        l.note_use(used);
        problems.append(&mut l.problems);
        if keep_values && let Some(v) = l.value.take() {
            values.push((l.path.clone(), v));
        }
    }
    loaded.into_iter().filter_map(|l| l.doc).collect()
}

/// A file as the Source listed it.
enum Input {
    Bytes(Vec<u8>),
    /// Unchanged since the cache stored its text and parse.
    Cached,
}

/// How files are read in one load.
struct Reading<'a> {
    limits: &'a Limits,
    cache: Option<&'a Cache>,
    /// The product folder, to read a file the cache turns out not to hold after all.
    dir: &'a std::path::Path,
    /// The stamp of each file read from disk.
    stamps: &'a HashMap<String, cache::Stamp>,
    /// Whether the parsed YAML of each file is wanted too.
    keep_values: bool,
}

impl<'a> Reading<'a> {
    /// Reading without a cache, keeping each file's parsed YAML or not.
    fn plain(limits: &'a Limits, keep_values: bool) -> Reading<'a> {
        static NONE: std::sync::OnceLock<HashMap<String, cache::Stamp>> = std::sync::OnceLock::new();
        Reading {
            limits,
            cache: None,
            dir: std::path::Path::new(""),
            stamps: NONE.get_or_init(HashMap::new),
            keep_values,
        }
    }
}

/// The outcome of reading one file.
struct Loaded<T> {
    path: String,
    doc: Option<Doc<T>>,
    value: Option<cache::Parsed>,
    problems: Vec<Problem>,
    /// Served from the cache.
    hit: bool,
    /// Read and parsed now, and worth storing in the cache.
    fresh: Option<Fresh>,
    /// The file's stamp, when read from the working tree.
    stamp: Option<cache::Stamp>,
    /// Loaded without its value: it satisfies the schema with this fingerprint.
    verdict: Option<u64>,
}

impl<T> Loaded<T> {
    fn note_use(&mut self, used: &mut cache::Use) {
        if self.hit {
            used.hits.push(self.path.clone());
        }
        used.fresh.extend(self.fresh.take());
        if let Some(stamp) = self.stamp {
            used.stamps.insert(self.path.clone(), stamp);
        }
        if let Some(verdict) = self.verdict {
            used.verdicts.insert(self.path.clone(), verdict);
        }
    }
}

/// The limits pm.yaml sets, read ahead of the other files; the defaults
/// when it cannot be read (loading it properly then reports why).
pub(crate) fn configured_limits(product: &Product) -> Limits {
    configured(product, "limits").and_then(|v| serde_json::from_value::<Limits>(v).ok()).unwrap_or_default()
}

/// The backlog's id prefix in the working tree's pm.yaml, without reading
/// the rest of the product.
pub(crate) fn configured_prefix(product: &Product) -> String {
    configured(product, "id_prefix")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| Config::default().id_prefix)
}

/// One setting of the working tree's pm.yaml, read with the default limits.
fn configured(product: &Product, key: &str) -> Option<Value> {
    let defaults = Limits::default();
    let bytes = Source::WorkTree.read(product, CONFIG_FILE).ok()??;
    if bytes.len() as u64 > defaults.max_file_bytes {
        return None;
    }
    let text = std::str::from_utf8(&bytes).ok()?;
    yaml::parse_limited(text.strip_prefix('\u{feff}').unwrap_or(text), defaults.max_depth).ok()?.get(key).cloned()
}

/// Why a file above the size limit was not read.
fn too_large(bytes: u64, limit: u64) -> String {
    format!(
        "the file is {bytes} bytes, more than the limit of {limit} (`limits.max_file_bytes` in pm.yaml); pm did not read it"
    )
}

/// Reads one artifact file: its size, decoding, merge-conflict markers,
/// YAML (within the nesting and alias limits), then the typed shape.
fn read<T: serde::de::DeserializeOwned>(path: &str, input: Input, reading: &Reading) -> Loaded<T> {
    let limits = reading.limits;
    let mut out = Loaded {
        path: path.to_string(),
        doc: None,
        value: None,
        problems: Vec::new(),
        hit: false,
        fresh: None,
        stamp: reading.stamps.get(path).copied(),
        verdict: None,
    };
    let problem = |kind, position, message: String, text: Option<&str>| Problem {
        kind,
        path: path.to_string(),
        position,
        message,
        text: text.map(str::to_string),
    };
    let bytes = match input {
        Input::Bytes(bytes) => bytes,
        Input::Cached => match reading.cache.and_then(|c| Some((c, c.text(path)?))) {
            Some((cache, text)) => {
                out.hit = true;
                out.stamp = cache.stamp(path);
                if text.starts_with('\u{feff}') {
                    out.problems.push(bom_problem(path));
                }
                // Most loads need only the artifact, not its JSON value; a
                // check needs the value only of a file not known to satisfy the schema.
                let verdict = cache.schema(path);
                if (!reading.keep_values || verdict != 0)
                    && let Some(value) = cache.typed::<T>(path)
                {
                    out.doc = Some(Doc { path: path.to_string(), text, value });
                    out.verdict = (reading.keep_values && verdict != 0).then_some(verdict);
                    return out;
                }
                match cache.value(path) {
                    Some(value) => typed(&mut out, text, value, reading.keep_values),
                    None => out.hit = false,
                }
                if out.hit {
                    return out;
                }
                match std::fs::read(reading.dir.join(path)) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        out.problems.push(problem(ProblemKind::NotAFile, None, format!("cannot be read: {e}"), None));
                        return out;
                    }
                }
            }
            None => match std::fs::read(reading.dir.join(path)) {
                Ok(bytes) => bytes,
                Err(e) => {
                    out.problems.push(problem(ProblemKind::NotAFile, None, format!("cannot be read: {e}"), None));
                    return out;
                }
            },
        },
    };
    if bytes.len() as u64 > limits.max_file_bytes {
        out.problems.push(problem(
            ProblemKind::Limit,
            None,
            too_large(bytes.len() as u64, limits.max_file_bytes),
            None,
        ));
        return out;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            // The bytes before the first invalid one are valid UTF-8 by definition.
            let valid = std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]).unwrap_or_default();
            let (line, column) = crate::store::spans::line_column(valid, valid.len());
            out.problems.push(problem(
                ProblemKind::Encoding,
                Some(Position { line, column }),
                "the file is not valid UTF-8".to_string(),
                None,
            ));
            return out;
        }
    };
    let body = match text.strip_prefix('\u{feff}') {
        Some(body) => {
            out.problems.push(bom_problem(path));
            body
        }
        None => text.as_str(),
    };
    if let Some(line) = conflict_marker(body) {
        out.problems.push(problem(
            ProblemKind::MergeConflict,
            Some(Position { line, column: 1 }),
            "unresolved merge conflict".to_string(),
            Some(&text),
        ));
        return out;
    }
    let value = match yaml::parse_limited(body, limits.max_depth) {
        Ok(v) => v,
        Err(e) => {
            let kind = if e.limit {
                ProblemKind::Limit
            } else if e.duplicate_key {
                ProblemKind::DuplicateKey
            } else {
                ProblemKind::Syntax
            };
            out.problems.push(problem(kind, e.position, e.message, Some(&text)));
            return out;
        }
    };
    if let Some(cache) = reading.cache
        && let Some(stamp) = reading.stamps.get(path)
        && cache.storable(stamp)
    {
        out.fresh = Some(Fresh::new(path, *stamp, &text, &value));
    }
    typed(&mut out, text, value, reading.keep_values);
    out
}

/// The typed artifact from a file's parsed YAML; the YAML is kept when `keep` is set.
fn typed<T: serde::de::DeserializeOwned>(out: &mut Loaded<T>, text: String, value: Value, keep: bool) {
    match T::deserialize(&value) {
        Ok(typed) => out.doc = Some(Doc { path: out.path.clone(), text, value: typed }),
        Err(e) => out.problems.push(Problem {
            kind: ProblemKind::Shape,
            path: out.path.clone(),
            position: None,
            message: e.to_string(),
            text: Some(text),
        }),
    }
    if keep {
        out.value = Some(cache::Parsed::new(&value));
    }
}

fn bom_problem(path: &str) -> Problem {
    Problem {
        kind: ProblemKind::ByteOrderMark,
        path: path.to_string(),
        position: Some(Position { line: 1, column: 1 }),
        message: "the file starts with a byte-order mark".to_string(),
        text: None,
    }
}

/// The line of the first merge-conflict marker, if any.
pub(crate) fn conflict_marker(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.starts_with("<<<<<<< ") || l == "<<<<<<<" || l == "=======" || l.starts_with(">>>>>>> ") || l == ">>>>>>>"
        })
        .map(|i| i + 1)
}
