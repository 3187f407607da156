//! A Workspace: every artifact of the product as read from one Source, with
//! its path and raw text, plus the problems found while reading. It is plain
//! data and cheap to copy ([`Docs`]); reading it, through the parse cache, is
//! the [`Loader`]'s job ([`load`]).

mod docs;
mod load;

use std::collections::{HashMap, HashSet};

use crate::error::{Error, Position, Result};
use crate::model::Date;
use crate::model::score::{REACH_DAYS, Reach};
use crate::model::{
    Competitors, Config, Customers, Experiment, Feedback, Initiative, Item, Iteration, Metric, Milestone, Objective,
    Prd, ProductInfo, Roadmap, id,
};

use super::product::Product;
use super::source::Source;

pub(crate) use docs::Docs;
pub(crate) use load::Loader;
pub use load::Parses;
pub(crate) use load::{configured_limits, configured_prefix, conflict_marker};

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
    pub items: Docs<Item>,
    /// Files that failed to load; the rest of the workspace is still usable.
    pub problems: Vec<Problem>,
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
    pub okrs: Docs<Vec<Objective>>,
    /// Metrics (`metrics/<id>.yaml`), in file-name order.
    pub metrics: Docs<Metric>,
    /// Experiments (`experiments/EXP-n.yaml`), in file-name order.
    pub experiments: Docs<Experiment>,
    /// PRDs (`prds/PRD-n.yaml`), in id order.
    pub prds: Docs<Prd>,
    /// Customer feedback (`feedback/FB-n.yaml`), in id order.
    pub feedback: Docs<Feedback>,
    /// `customers.yaml` and `competitors.yaml`, when they exist and load.
    pub customers: Option<Doc<Customers>>,
    pub competitors: Option<Doc<Competitors>>,
    /// `iterations.yaml`, when it exists and loads.
    pub iterations: Option<Doc<Vec<Iteration>>>,
    by_id: HashMap<String, usize>,
    /// Positions in `items` by parent and by initiative, built when first asked for.
    indexes: std::sync::OnceLock<Indexes>,
    /// pm's write generation when this working tree was read
    /// ([`super::generation`]); `None` when it must be read again before a write.
    generation: Option<Vec<u8>>,
}

/// Items by the id they point to, as positions in `Workspace::items`.
#[derive(Clone, Default)]
struct Indexes {
    children: HashMap<String, Vec<usize>>,
    initiative: HashMap<String, Vec<usize>>,
}

impl Indexes {
    fn of(items: &Docs<Item>) -> Indexes {
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
    /// Reads the product from `source` (see [`Loader`]).
    pub fn load(product: &Product, source: Source) -> Result<Workspace> {
        Loader::load(product, source)
    }

    /// Whether no write through pm has landed since this working tree was
    /// read, so that a write can be planned and checked on it as it is.
    pub fn is_current(&self, product: &Product) -> bool {
        self.generation.is_some() && crate::store::generation::read(&product.state_dir()) == self.generation
    }

    /// This workspace, to be read again before any write based on it: for
    /// commands that wait for a person (an editor) between reading and writing,
    /// while files may change by hand.
    pub fn read_again_before_writing(&self) -> Workspace {
        Workspace { generation: None, ..self.clone() }
    }

    pub(crate) fn new(
        source: Source,
        config: Doc<Config>,
        items: Vec<Doc<Item>>,
        problems: Vec<Problem>,
        backlog_stems: HashSet<String>,
    ) -> Workspace {
        let mut by_id = HashMap::with_capacity(items.len());
        for (i, doc) in items.iter().enumerate() {
            by_id.entry(doc.value.id.clone()).or_insert(i);
        }
        Workspace {
            source,
            config,
            items: items.into_iter().collect(),
            problems,
            backlog_stems,
            roadmap: None,
            product: None,
            prd_stems: HashSet::new(),
            okrs: Docs::default(),
            metrics: Docs::default(),
            experiments: Docs::default(),
            prds: Docs::default(),
            feedback: Docs::default(),
            customers: None,
            competitors: None,
            iterations: None,
            by_id,
            indexes: std::sync::OnceLock::new(),
            generation: None,
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
            if let Some(r) = self.items.make_mut(i).value.rice.as_mut() {
                r.counted_reach = Some(n);
            }
        }
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
