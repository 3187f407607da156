//! A Workspace: every artifact of the product as read from one Source, with
//! its path and raw text, plus the problems found while reading.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::Value;

use crate::error::{Error, Position, Result};
use crate::model::Date;
use crate::model::config::Limits;
use crate::model::kind::FileKind;
use crate::model::score::{REACH_DAYS, Reach};
use crate::model::{
    Competitors, Config, Customers, Experiment, Feedback, Initiative, Item, Iteration, Metric, Milestone, Objective,
    Prd, ProductInfo, Roadmap, id,
};

use super::cache::{self, Cache, Fresh};
use super::product::{CONFIG_FILE, Product};
use super::source::{Listing, Skip, Source, is_reported};
use super::yaml;

/// A place where one artifact refers to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The id of the artifact holding the reference.
    pub from: String,
    /// Its file, below the product folder.
    pub path: String,
    /// The key path of the reference in that file (`["blocked_by", "1"]`).
    pub pointer: Vec<String>,
}

impl Reference {
    /// The field, as shown in messages (`blocked_by`, `links.backlog`).
    pub fn field(&self) -> String {
        self.pointer.iter().filter(|p| p.parse::<usize>().is_err()).cloned().collect::<Vec<_>>().join(".")
    }
}

/// A parsed artifact file.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    /// Path below the product folder, `/`-separated (`backlog/BL-1.yaml`).
    pub path: String,
    /// The file's text exactly as read.
    pub text: String,
    pub value: T,
}

/// What went wrong with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not UTF-8.
    Encoding,
    /// Starts with a byte-order mark. The file is still read.
    ByteOrderMark,
    /// Holds `<<<<<<<` / `=======` / `>>>>>>>` lines from an unresolved merge.
    MergeConflict,
    /// Not valid YAML.
    Syntax,
    /// A key appears twice in one mapping.
    DuplicateKey,
    /// Valid YAML, but not the shape of the artifact (a wrong type, a missing field).
    Shape,
    /// Larger than `limits.max_file_bytes`, nested deeper than `limits.max_depth`,
    /// or expanding too many aliases: not read.
    Limit,
    /// A folder, a link leading outside the product folder or nowhere, or a
    /// device where a file belongs: not read.
    NotAFile,
    /// An artifact file whose YAML extension is spelt otherwise than `.yaml`
    /// (`backlog/BL-4.yml`, `backlog/BL-3.YAML`): not read.
    WrongExtension,
}

/// A file that could not be read as the artifact it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub path: String,
    pub position: Option<Position>,
    pub message: String,
    /// The file's text, when it could be decoded (to show the problem in context).
    pub text: Option<String>,
}

impl Problem {
    /// Whether the file was left out of the workspace because of it.
    pub fn is_fatal(&self) -> bool {
        self.kind != ProblemKind::ByteOrderMark
    }
}

#[derive(Clone)]
pub struct Workspace {
    pub source: Source,
    pub config: Doc<Config>,
    /// Backlog items in id order.
    pub items: Vec<Doc<Item>>,
    /// Files that failed to load; the rest of the workspace is still usable.
    pub problems: Vec<Problem>,
    /// The parsed YAML of every artifact file that parsed, when loaded for checking.
    pub values: Vec<(String, cache::Parsed)>,
    /// File stems of every backlog file, loaded or not: a reference to an item
    /// whose file is broken is not a dangling reference.
    pub backlog_stems: HashSet<String>,
    /// `roadmap.yaml`, when it exists and loads.
    pub roadmap: Option<Doc<Roadmap>>,
    /// `product.yaml`, when it exists and loads.
    pub product: Option<Doc<ProductInfo>>,
    /// Stems of the files in `prds/` (`PRD-3`).
    pub prd_stems: HashSet<String>,
    /// OKR cycles (`okrs/<cycle>.yaml`), in file-name order.
    pub okrs: Vec<Doc<Vec<Objective>>>,
    /// Metrics (`metrics/<id>.yaml`), in file-name order.
    pub metrics: Vec<Doc<Metric>>,
    /// Experiments (`experiments/EXP-n.yaml`), in file-name order.
    pub experiments: Vec<Doc<Experiment>>,
    /// PRDs (`prds/PRD-n.yaml`), in id order.
    pub prds: Vec<Doc<Prd>>,
    /// Customer feedback (`feedback/FB-n.yaml`), in id order.
    pub feedback: Vec<Doc<Feedback>>,
    /// `customers.yaml` and `competitors.yaml`, when they exist and load.
    pub customers: Option<Doc<Customers>>,
    pub competitors: Option<Doc<Competitors>>,
    /// `iterations.yaml`, when it exists and loads.
    pub iterations: Option<Doc<Vec<Iteration>>>,
    /// Files loaded for checking without their parsed YAML (so not in
    /// `values`), because the parse cache says they satisfy the schema with
    /// this fingerprint ([`crate::check::Validators::fingerprint`]).
    pub schema_verdicts: HashMap<String, u64>,
    /// When loaded for checking from the working tree: the stamp of every
    /// file read, for recording schema verdicts in the cache.
    pub stamps: HashMap<String, cache::Stamp>,
    by_id: HashMap<String, usize>,
    /// Positions in `items` by parent and by initiative, built when first asked for.
    indexes: std::sync::OnceLock<Indexes>,
    /// pm's write generation when this working tree was read
    /// ([`super::generation`]); `None` when it must be read again before a write.
    generation: Option<Vec<u8>>,
    /// The parse cache and what this load did with it, until a check saves it.
    pending: Option<std::sync::Arc<std::sync::Mutex<Option<PendingCache>>>>,
}

type PendingCache = (Box<Cache>, cache::Use);

/// Items by the id they point to, as positions in `Workspace::items`.
#[derive(Clone, Default)]
struct Indexes {
    children: HashMap<String, Vec<usize>>,
    initiative: HashMap<String, Vec<usize>>,
}

impl Indexes {
    fn of(items: &[Doc<Item>]) -> Indexes {
        let mut index = Indexes::default();
        for (i, d) in items.iter().enumerate() {
            if let Some(parent) = &d.value.parent {
                index.children.entry(parent.clone()).or_default().push(i);
            }
            if let Some(initiative) = &d.value.initiative {
                index.initiative.entry(initiative.clone()).or_default().push(i);
            }
        }
        index
    }
}

pub(super) const BACKLOG_DIR: &str = "backlog";
pub(crate) const ROADMAP_FILE: &str = "roadmap.yaml";
pub(crate) const PRODUCT_FILE: &str = "product.yaml";
pub(crate) const CUSTOMERS_FILE: &str = "customers.yaml";
pub(crate) const COMPETITORS_FILE: &str = "competitors.yaml";
pub(crate) const ITERATIONS_FILE: &str = "iterations.yaml";

impl Workspace {
    pub fn load(product: &Product, source: Source) -> Result<Workspace> {
        Workspace::load_with(product, source, false)
    }

    /// Loads the workspace and keeps every file's parsed YAML in `values`, for
    /// `pm check`. The parse cache is written by [`Workspace::save_cache`],
    /// once the check's schema verdicts are known.
    pub fn load_for_check(product: &Product, source: Source) -> Result<Workspace> {
        Workspace::load_with(product, source, true)
    }

    fn load_with(product: &Product, source: Source, keep_values: bool) -> Result<Workspace> {
        // Noted before anything is read: a write that lands during the read changes it.
        let generation = match source {
            Source::WorkTree => super::generation::read(&product.state_dir()),
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
            let (place, hint) = match &source {
                Source::Index => (
                    "in the index: nothing of the product is staged yet".to_string(),
                    "stage it with `git add`, or check the working tree without --staged",
                ),
                Source::Rev(rev) => (format!("at `{rev}`"), "name a revision that holds the product"),
                Source::WorkTree => ("in the working tree".to_string(), "run `pm init` to create it"),
            };
            return Err(Error::Git {
                message: format!("{} is not {place}", product.display(CONFIG_FILE).display()),
                hint: Some(hint.to_string()),
            });
        }
        let mut ws = Workspace::from_listing(product, source, listing, cache, keep_values)?;
        ws.generation = generation;
        Ok(ws)
    }

    /// Whether no write through pm has landed since this working tree was
    /// read, so that a write can be planned and checked on it as it is.
    pub fn is_current(&self, product: &Product) -> bool {
        self.generation.is_some() && super::generation::read(&product.state_dir()) == self.generation
    }

    /// This workspace, to be read again before any write based on it: for
    /// commands that wait for a person (an editor) between reading and writing,
    /// while files may change by hand.
    pub fn read_again_before_writing(&self) -> Workspace {
        Workspace { generation: None, ..self.clone() }
    }

    /// What the Source listed: files read, files the cache holds, and paths passed over.
    fn from_listing(
        product: &Product,
        source: Source,
        listing: Listing,
        cache: Option<Box<Cache>>,
        keep_values: bool,
    ) -> Result<Workspace> {
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
                None if super::source::wrong_extension(&path) => misnamed.push(path),
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
        let config = match read::<Config>(&config_path, config_bytes, &Reading::plain(&defaults)) {
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
        // Written once the workspace holds the texts: by a check with its
        // schema verdicts (`save_cache`), by any other load right away.
        let pending = cache.map(|cache| std::sync::Arc::new(std::sync::Mutex::new(Some((cache, used)))));
        prds.sort_by_key(|d| id::number(&d.value.id, "PRD").unwrap_or(u64::MAX));
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        let mut ws = Workspace::new(source, config, items, problems, values, backlog_stems);
        ws.roadmap = roadmap;
        ws.product = product_info;
        ws.prd_stems = prd_stems;
        ws.okrs = okrs;
        ws.metrics = metrics;
        ws.experiments = experiments;
        ws.prds = prds;
        ws.feedback = feedback;
        ws.customers = customers.pop();
        ws.competitors = competitors.pop();
        ws.iterations = iterations.pop();
        ws.count_reach(Date::today());
        if keep_values {
            ws.schema_verdicts = verdicts;
            ws.stamps = stamps;
        }
        ws.pending = pending;
        if !keep_values {
            ws.save_cache(&[]);
        }
        Ok(ws)
    }

    pub(crate) fn new(
        source: Source,
        config: Doc<Config>,
        items: Vec<Doc<Item>>,
        problems: Vec<Problem>,
        values: Vec<(String, cache::Parsed)>,
        backlog_stems: HashSet<String>,
    ) -> Workspace {
        let mut by_id = HashMap::with_capacity(items.len());
        for (i, doc) in items.iter().enumerate() {
            by_id.entry(doc.value.id.clone()).or_insert(i);
        }
        Workspace {
            source,
            config,
            items,
            problems,
            values,
            backlog_stems,
            roadmap: None,
            product: None,
            prd_stems: HashSet::new(),
            okrs: Vec::new(),
            metrics: Vec::new(),
            experiments: Vec::new(),
            prds: Vec::new(),
            feedback: Vec::new(),
            customers: None,
            competitors: None,
            iterations: None,
            schema_verdicts: HashMap::new(),
            stamps: HashMap::new(),
            by_id,
            indexes: std::sync::OnceLock::new(),
            generation: None,
            pending: None,
        }
    }

    pub fn initiatives(&self) -> &[Initiative] {
        self.roadmap.as_ref().map_or(&[], |r| r.value.initiatives.as_slice())
    }

    pub fn milestones(&self) -> &[Milestone] {
        self.roadmap.as_ref().map_or(&[], |r| r.value.milestones.as_slice())
    }

    /// Iterations in file order (none without iterations.yaml).
    pub fn iterations(&self) -> &[Iteration] {
        self.iterations.as_ref().map_or(&[], |d| d.value.as_slice())
    }

    pub fn iteration(&self, id: &str) -> Option<&Iteration> {
        self.iterations().iter().find(|i| i.id == id)
    }

    pub fn initiative(&self, id: &str) -> Option<&Initiative> {
        self.initiatives().iter().find(|i| i.id == id)
    }

    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones().iter().find(|m| m.id == id)
    }

    /// Every artifact this workspace loaded: its path and text.
    fn docs(&self) -> impl Iterator<Item = (&str, &str)> {
        [Some((&self.config.path, &self.config.text))]
            .into_iter()
            .chain([
                self.roadmap.as_ref().map(|d| (&d.path, &d.text)),
                self.product.as_ref().map(|d| (&d.path, &d.text)),
            ])
            .flatten()
            .chain(self.items.iter().map(|d| (&d.path, &d.text)))
            .chain(self.okrs.iter().map(|d| (&d.path, &d.text)))
            .chain(self.metrics.iter().map(|d| (&d.path, &d.text)))
            .chain(self.experiments.iter().map(|d| (&d.path, &d.text)))
            .chain(self.prds.iter().map(|d| (&d.path, &d.text)))
            .chain(self.feedback.iter().map(|d| (&d.path, &d.text)))
            .chain(self.customers.iter().map(|d| (&d.path, &d.text)))
            .chain(self.competitors.iter().map(|d| (&d.path, &d.text)))
            .chain(self.iterations.iter().map(|d| (&d.path, &d.text)))
            .map(|(p, t)| (p.as_str(), t.as_str()))
    }

    /// Writes the parse cache of a workspace loaded for checking, with the
    /// files found to satisfy their schema (path, stamp, schema fingerprint).
    /// Only the first call of any copy of this workspace writes.
    pub fn save_cache(&self, verdicts: &[(String, cache::Stamp, u64)]) {
        let taken = self.pending.as_ref().and_then(|p| p.lock().ok()?.take());
        if let Some((cache, used)) = taken {
            let texts = self.texts();
            cache.save(used, verdicts, |path| texts.get(path).copied());
        }
    }

    /// The text of every product file this workspace read (loaded or not), by path.
    pub fn texts(&self) -> HashMap<&str, &str> {
        let problems = self.problems.iter().filter_map(|p| Some((p.path.as_str(), p.text.as_deref()?)));
        // An artifact's own text wins over a problem's copy of it.
        problems.chain(self.docs()).collect()
    }

    /// The text of a product file this workspace read (loaded or not).
    pub fn text_of(&self, path: &str) -> Option<String> {
        match self.docs().find(|(p, _)| *p == path) {
            Some((_, text)) => Some(text.to_string()),
            None => self.problems.iter().find(|p| p.path == path).and_then(|p| p.text.clone()),
        }
    }

    /// A copy of this workspace in which the product file `rel` has `text`:
    /// what a write would produce, for checking it before it happens. The
    /// copy keeps the parsed YAML of that one file in `values`.
    pub fn with_text(&self, rel: &str, text: &str) -> Workspace {
        let mut ws = self.clone();
        ws.values.clear();
        ws.set_file(rel, Some(text.as_bytes().to_vec()), true);
        ws
    }

    /// Replaces (or with `None` removes) one product file, parsing only it.
    /// With `keep_value`, its parsed YAML goes into `values`.
    pub fn set_file(&mut self, rel: &str, bytes: Option<Vec<u8>>, keep_value: bool) {
        self.set_files(vec![(rel.to_string(), bytes)], keep_value);
    }

    /// [`Workspace::set_file`] for many files at once, in time linear in
    /// the workspace: every list is filtered once and the items sorted once.
    pub fn set_files(&mut self, files: Vec<(String, Option<Vec<u8>>)>, keep_value: bool) {
        let ws = self;
        let rels: HashSet<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
        let gone = |path: &String| rels.contains(path);
        ws.problems.retain(|p| !gone(&p.path));
        ws.values.retain(|(p, _)| !gone(p));
        ws.items.retain(|d| !gone(&d.path));
        ws.okrs.retain(|d| !gone(&d.path));
        ws.metrics.retain(|d| !gone(&d.path));
        ws.experiments.retain(|d| !gone(&d.path));
        ws.prds.retain(|d| !gone(&d.path));
        ws.feedback.retain(|d| !gone(&d.path));
        for rel in &rels {
            ws.schema_verdicts.remove(rel);
            ws.stamps.remove(rel);
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
                ws.insert_file(&rel, bytes, keep_value);
            }
        }
        // The items kept are in order still: place each new one (as a load orders them).
        let prefix = ws.config.value.id_prefix.clone();
        let number = |d: &Doc<Item>| id::number(&d.value.id, &prefix).unwrap_or(u64::MAX);
        let order = |a: &Doc<Item>, b: &Doc<Item>| {
            (number(a), &a.value.id).cmp(&(number(b), &b.value.id)).then_with(|| a.path.cmp(&b.path))
        };
        for doc in ws.items.split_off(kept) {
            let at = ws.items.partition_point(|d| order(d, &doc).is_le());
            ws.items.insert(at, doc);
        }
        ws.by_id = ws.items.iter().enumerate().map(|(i, d)| (d.value.id.clone(), i)).rev().collect();
        ws.indexes = std::sync::OnceLock::new();
        ws.count_reach(Date::today());
    }

    /// Counts the reach of every item whose RICE reach is `{from:
    /// customers}`: the distinct customers whose feedback given in the last
    /// [`REACH_DAYS`] days (up to `today`) links the item or one of its
    /// descendants; each anonymous piece counts one.
    fn count_reach(&mut self, today: Date) {
        let wanted: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].value.rice.is_some_and(|r| matches!(r.reach, Reach::From { .. })))
            .collect();
        if wanted.is_empty() {
            return;
        }
        let since = today.add_days(-REACH_DAYS);
        let mut by_target: HashMap<&str, Vec<(Option<&str>, &str)>> = HashMap::new();
        for d in &self.feedback {
            let f = &d.value;
            if !f.date.is_some_and(|d| d >= since && d <= today) {
                continue;
            }
            for l in &f.links {
                by_target.entry(l.to.as_str()).or_default().push((f.customer.as_deref(), f.id.as_str()));
            }
        }
        let mut counted = Vec::new();
        for &i in &wanted {
            let mut who: HashSet<String> = HashSet::new();
            let mut seen = HashSet::new();
            let mut stack = vec![self.items[i].value.id.clone()];
            while let Some(next) = stack.pop() {
                if !seen.insert(next.clone()) {
                    continue;
                }
                for (customer, feedback) in by_target.get(next.as_str()).into_iter().flatten() {
                    who.insert(match customer {
                        Some(c) => format!("customer:{c}"),
                        None => format!("anonymous:{feedback}"),
                    });
                }
                stack.extend(self.children(&next).map(|c| c.value.id.clone()));
            }
            counted.push((i, who.len() as f64));
        }
        for (i, n) in counted {
            if let Some(r) = self.items[i].value.rice.as_mut() {
                r.counted_reach = Some(n);
            }
        }
    }

    fn insert_file(&mut self, rel: &str, bytes: Vec<u8>, keep_value: bool) {
        let ws = self;
        let limits = ws.config.value.limits;
        let reading = Reading::plain(&limits);
        let bytes = Input::Bytes(bytes);
        let mut keep = |problems: Vec<Problem>, value: Option<cache::Parsed>| {
            ws.problems.extend(problems);
            if keep_value {
                ws.values.extend(value.map(|v| (rel.to_string(), v)));
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
        let mut ws = Workspace::new(source, doc, Vec::new(), Vec::new(), Vec::new(), HashSet::new());
        ws.set_files(files.into_iter().filter(|(p, _)| p != CONFIG_FILE).map(|(p, b)| (p, Some(b))).collect(), false);
        Ok(ws)
    }

    /// The value a key result's progress is computed from, and where it came
    /// from: the latest observation of its metric (as of `as_of`, for a
    /// finished cycle) when it has one, else `current`, else the last check-in.
    pub fn kr_value(
        &self,
        kr: &crate::model::KeyResult,
        as_of: Option<crate::model::Date>,
    ) -> (Option<f64>, &'static str) {
        // Each source's value with the date it is as of: an observation as
        // of the end of its period (or today, for a period still running), a
        // check-in as of its date. The newest wins; a check-in wins a tie,
        // being the explicit statement.
        let until = as_of.unwrap_or_else(crate::model::Date::today);
        let from_metric = kr
            .metric
            .as_deref()
            .and_then(|m| self.metric(m))
            .and_then(|m| match as_of {
                Some(date) => m.value.latest_as_of(None, date),
                None => m.value.latest(None),
            })
            .map(|o| (o.value, o.parsed_period().map_or(until, |p| p.end().min(until))));
        let from_checkin =
            kr.check_ins.iter().filter(|c| c.date <= until).max_by_key(|c| c.date).map(|c| (c.value, c.date));
        match (from_metric, from_checkin, kr.current) {
            (Some((m, m_date)), Some((c, c_date)), _) => {
                if c_date >= m_date {
                    (Some(c), "check_in")
                } else {
                    (Some(m), "metric")
                }
            }
            (Some((m, _)), None, _) => (Some(m), "metric"),
            (None, _, Some(v)) => (Some(v), "current"),
            (None, Some((c, _)), None) => (Some(c), "check_in"),
            _ => (None, "none"),
        }
    }

    /// Every objective with the file it is in.
    pub fn objectives(&self) -> impl Iterator<Item = (&Doc<Vec<Objective>>, usize, &Objective)> {
        self.okrs.iter().flat_map(|d| d.value.iter().enumerate().map(move |(i, o)| (d, i, o)))
    }

    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives().find(|(_, _, o)| o.id == id).map(|(_, _, o)| o)
    }

    /// Every key result with its objective.
    pub fn key_results(&self) -> impl Iterator<Item = (&Objective, &crate::model::KeyResult)> {
        self.objectives().flat_map(|(_, _, o)| o.key_results.iter().map(move |k| (o, k)))
    }

    pub fn metric(&self, id: &str) -> Option<&Doc<Metric>> {
        self.metrics.iter().find(|m| m.value.id == id)
    }

    pub fn prd(&self, id: &str) -> Option<&Doc<Prd>> {
        self.prds.iter().find(|p| p.value.id == id)
    }

    pub fn experiment(&self, id: &str) -> Option<&Doc<Experiment>> {
        self.experiments.iter().find(|e| e.value.id == id)
    }

    pub fn feedback_doc(&self, id: &str) -> Option<&Doc<Feedback>> {
        self.feedback.iter().find(|f| f.value.id == id)
    }

    /// The customers file's content (empty when there is none).
    pub fn customer_list(&self) -> &Customers {
        static NONE: std::sync::OnceLock<Customers> = std::sync::OnceLock::new();
        self.customers.as_ref().map_or_else(|| NONE.get_or_init(Customers::default), |d| &d.value)
    }

    pub fn customer(&self, id: &str) -> Option<&crate::model::feedback::Customer> {
        self.customer_list().get(id)
    }

    /// Epics (or any items) linked to an initiative through their `initiative` field, in item order.
    pub fn linked_to_initiative<'a>(&'a self, initiative: &'a str) -> impl Iterator<Item = &'a Doc<Item>> + 'a {
        let index = self.indexes.get_or_init(|| Indexes::of(&self.items));
        index.initiative.get(initiative).into_iter().flatten().map(move |&i| &self.items[i])
    }

    /// The leaf items below `roots` (items without children; a root without
    /// children counts itself), each once.
    pub fn leaves_under<'a>(&'a self, roots: &[&'a Doc<Item>]) -> Vec<&'a Doc<Item>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut stack: Vec<&Doc<Item>> = roots.to_vec();
        while let Some(d) = stack.pop() {
            if !seen.insert(d.value.id.as_str()) {
                continue;
            }
            let before = stack.len();
            stack.extend(self.children(&d.value.id));
            if stack.len() == before {
                out.push(d);
            }
        }
        out.sort_by_key(|d| id::number(&d.value.id, self.prefix()));
        out
    }

    /// Whether an artifact of this kind and id exists. Kinds this workspace
    /// does not load yet answer `None`: a reference to them cannot be judged.
    pub fn exists(&self, kind: id::Kind, target: &str) -> Option<bool> {
        use id::Kind;
        match kind {
            Kind::Backlog => Some(self.has_item(target)),
            Kind::Initiative => Some(self.initiative(target).is_some()),
            Kind::Milestone => Some(self.milestone(target).is_some()),
            Kind::Prd => {
                let (doc, part) = match target.split_once('#') {
                    Some((d, p)) => (d, Some(p)),
                    None => (target, None),
                };
                match (self.prd(doc), part) {
                    (Some(prd), Some(part)) => Some(prd.value.has_part(part)),
                    (Some(_), None) => Some(true),
                    (None, _) => Some(self.prd_stems.contains(doc)),
                }
            }
            Kind::Objective => Some(self.objective(target).is_some()),
            Kind::KeyResult => Some(self.key_results().any(|(_, k)| k.id == target)),
            Kind::Experiment => Some(self.experiment(target).is_some()),
            Kind::Metric => Some(self.metrics.iter().any(|d| d.value.id == target)),
            Kind::Feedback => Some(self.feedback_doc(target).is_some()),
            Kind::Customer => Some(self.customer(target).is_some()),
            Kind::Competitor => Some(self.competitors.as_ref().is_some_and(|c| c.value.get(target).is_some())),
            Kind::Iteration => Some(self.iteration(target).is_some()),
            Kind::Product => Some(self.product.is_some()),
            Kind::Config => Some(true),
        }
    }

    /// Whether `rel` (a path below the product folder) is a file or folder this workspace read.
    pub fn has_path(&self, rel: &str) -> bool {
        let rel = rel.trim_end_matches('/');
        if rel.is_empty() {
            return true;
        }
        let dir = format!("{rel}/");
        let mut paths = self
            .items
            .iter()
            .map(|d| d.path.as_str())
            .chain(self.problems.iter().map(|p| p.path.as_str()))
            .chain([self.config.path.as_str()])
            .chain(self.roadmap.as_ref().map(|d| d.path.as_str()))
            .chain(self.product.as_ref().map(|d| d.path.as_str()))
            .chain(self.okrs.iter().map(|d| d.path.as_str()))
            .chain(self.metrics.iter().map(|d| d.path.as_str()))
            .chain(self.experiments.iter().map(|d| d.path.as_str()))
            .chain(self.prds.iter().map(|d| d.path.as_str()))
            .chain(self.feedback.iter().map(|d| d.path.as_str()))
            .chain(self.customers.as_ref().map(|d| d.path.as_str()))
            .chain(self.competitors.as_ref().map(|d| d.path.as_str()))
            .chain(self.iterations.as_ref().map(|d| d.path.as_str()));
        paths.any(|p| p == rel || p.starts_with(&dir))
            || ["backlog", "okrs", "metrics", "experiments", "prds", "feedback"].contains(&rel)
    }

    /// Whether a backlog item with this id exists, even if its file is broken.
    pub fn has_item(&self, id: &str) -> bool {
        self.by_id.contains_key(id) || self.backlog_stems.contains(id)
    }

    pub fn prefix(&self) -> &str {
        &self.config.value.id_prefix
    }

    pub fn get(&self, id: &str) -> Option<&Doc<Item>> {
        self.by_id.get(id).map(|&i| &self.items[i])
    }

    /// The item with this id (typed by a user: `bl-7` works), or a
    /// not-found error that suggests the closest ids.
    pub fn item(&self, input: &str) -> Result<&Doc<Item>> {
        let normalized = id::normalize(input, self.prefix());
        if let Some(doc) = normalized.as_deref().and_then(|id| self.get(id)) {
            return Ok(doc);
        }
        if normalized.is_none() {
            return Err(Error::usage(format!("`{input}` is not a backlog id"))
                .with_hint(format!("backlog ids look like {}-12", self.prefix())));
        }
        let wanted = normalized.unwrap_or_default();
        let suggestions = id::closest(&wanted, self.items.iter().map(|d| d.value.id.as_str()));
        Err(Error::NotFound { noun: "backlog item", id: wanted, suggestions })
    }

    /// Whether the item is closed (its status is in the `done` category).
    /// Unknown ids count as open.
    pub fn is_closed(&self, id: &str) -> bool {
        self.get(id).is_some_and(|d| self.config.value.is_closed(d.value.status()))
    }

    /// Items whose parent is `id`, in item order.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Doc<Item>> + 'a {
        let index = self.indexes.get_or_init(|| Indexes::of(&self.items));
        index.children.get(id).into_iter().flatten().map(move |&i| &self.items[i])
    }

    /// Items that list `id` in `blocked_by`.
    pub fn blocked<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Doc<Item>> + 'a {
        self.items.iter().filter(move |d| d.value.blocked_by.iter().any(|b| b == id))
    }

    /// Every (item, field) that refers to `id`.
    pub fn references_to(&self, id: &str) -> Vec<Reference> {
        let mut out = Vec::new();
        for doc in &self.items {
            if let Some(p) = &doc.value.parent
                && p == id
                && doc.value.id != id
            {
                out.push(Reference {
                    from: doc.value.id.clone(),
                    path: doc.path.clone(),
                    pointer: vec!["parent".into()],
                });
            }
            for (i, b) in doc.value.blocked_by.iter().enumerate() {
                if b == id && doc.value.id != id {
                    out.push(Reference {
                        from: doc.value.id.clone(),
                        path: doc.path.clone(),
                        pointer: vec!["blocked_by".into(), i.to_string()],
                    });
                }
            }
        }
        for doc in &self.experiments {
            for (i, b) in doc.value.backlog_links().iter().enumerate() {
                if b == id {
                    out.push(Reference {
                        from: doc.value.id.clone(),
                        path: doc.path.clone(),
                        pointer: vec!["links".into(), "backlog".into(), i.to_string()],
                    });
                }
            }
        }
        for doc in &self.feedback {
            for (i, l) in doc.value.links.iter().enumerate() {
                if l.to == id {
                    out.push(Reference {
                        from: doc.value.id.clone(),
                        path: doc.path.clone(),
                        pointer: vec!["links".into(), i.to_string(), "to".into()],
                    });
                }
            }
        }
        if let Some(doc) = &self.competitors {
            for (i, f) in doc.value.features.iter().enumerate() {
                if f.delivered_by.as_deref() == Some(id) {
                    out.push(Reference {
                        from: f.key.clone(),
                        path: doc.path.clone(),
                        pointer: vec!["features".into(), i.to_string(), "delivered_by".into()],
                    });
                }
            }
        }
        out
    }

    /// Ready: not closed, and nothing in `blocked_by` still open.
    pub fn is_ready(&self, item: &Item) -> bool {
        !self.config.value.is_closed(item.status()) && item.blocked_by.iter().all(|b| self.is_closed(b))
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
    /// Reading without a cache.
    fn plain(limits: &'a Limits) -> Reading<'a> {
        static NONE: std::sync::OnceLock<HashMap<String, cache::Stamp>> = std::sync::OnceLock::new();
        Reading {
            limits,
            cache: None,
            dir: std::path::Path::new(""),
            stamps: NONE.get_or_init(HashMap::new),
            keep_values: true,
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
            let (line, column) = super::spans::line_column(valid, valid.len());
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
