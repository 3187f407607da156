//! Reading the product's history from git: the life of one artifact, the
//! product changes of each commit, and flow metrics from status changes.
//! Commits are compared by tree and blob ids first; only files that changed
//! are parsed.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{self, Action, ArtifactKind, Change, FieldChange};
use crate::error::{Error, Result};
use crate::git::{Changed, Commit, Repo};
use crate::model::config::Category;
use crate::model::{Date, Item, id};
use crate::store::history_index::Index;
use crate::store::{CONFIG_FILE, Product, Source, Workspace};

use super::progress::Progress;

/// A commit with a date people read.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CommitView {
    pub id: String,
    pub short: String,
    pub author: String,
    pub date: Option<Date>,
    pub summary: String,
}

impl CommitView {
    fn of(c: &Commit) -> CommitView {
        CommitView {
            id: c.id.clone(),
            short: c.short.clone(),
            author: c.author.clone(),
            date: Date::from_unix(c.time, c.offset_minutes),
            summary: c.summary.clone(),
        }
    }
}

/// One commit in an artifact's life.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Event {
    pub commit: CommitView,
    pub action: Action,
    /// The artifact's id in this commit (it changes when it was renumbered).
    pub id: String,
    pub fields: Vec<FieldChange>,
}

/// An artifact's life, newest first.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct History {
    pub id: String,
    pub kind: ArtifactKind,
    pub events: Vec<Event>,
    /// The repository is a shallow clone and history before the oldest event is missing.
    pub cut: bool,
    /// Commits where the artifact's file could not be read (its changes there are unknown).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<crate::diff::Unreadable>,
}

/// Where an artifact lives.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    /// Its own file (`backlog/BL-1.yaml`).
    File(ArtifactKind, String),
    /// An entry of roadmap.yaml.
    Roadmap(ArtifactKind),
    /// An entry of one of the okrs/ files.
    Okrs(ArtifactKind),
}

fn place(prefix: &str, id: &str) -> Result<(String, Place)> {
    let upper = id.trim().to_ascii_uppercase();
    if let Some(n) = id::normalize(id, prefix) {
        return Ok((n.clone(), Place::File(ArtifactKind::Backlog, format!("backlog/{n}.yaml"))));
    }
    let fixed = [
        ("RM", Place::Roadmap(ArtifactKind::Initiative)),
        ("MS", Place::Roadmap(ArtifactKind::Milestone)),
        ("OBJ", Place::Okrs(ArtifactKind::Objective)),
        ("KR", Place::Okrs(ArtifactKind::KeyResult)),
    ];
    for (p, place) in fixed {
        if id::number(&upper, p).is_some() {
            return Ok((upper, place));
        }
    }
    if id::number(&upper, "PRD").is_some() {
        return Ok((upper.clone(), Place::File(ArtifactKind::Prd, format!("prds/{upper}.yaml"))));
    }
    if id::number(&upper, "EXP").is_some() {
        return Ok((upper.clone(), Place::File(ArtifactKind::Experiment, format!("experiments/{upper}.yaml"))));
    }
    let lower = id.trim();
    if !lower.is_empty() && lower.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return Ok((lower.to_string(), Place::File(ArtifactKind::Metric, format!("metrics/{lower}.yaml"))));
    }
    Err(Error::usage(format!("`{id}` is not an id pm keeps history for"))
        .with_hint(format!("backlog items ({prefix}-n), initiatives (RM-n), milestones (MS-n), objectives (OBJ-n), key results (KR-n), PRDs (PRD-n), experiments (EXP-n) or metric ids")))
}

fn join(root: &str, rel: &str) -> String {
    if root.is_empty() { rel.to_string() } else { format!("{root}/{rel}") }
}

/// Parses blobs once each: histories revisit the same blob ids often.
struct Blobs<'a> {
    repo: &'a Repo,
    cache: HashMap<String, std::result::Result<Value, String>>,
}

impl Blobs<'_> {
    /// The parsed YAML of a blob, or why it cannot be read as YAML (not
    /// UTF-8, conflict markers, a syntax error). A blob that git cannot read
    /// (a corrupt or missing object) is an error.
    fn read(&mut self, id: &str) -> Result<std::result::Result<Value, String>> {
        if let Some(v) = self.cache.get(id) {
            return Ok(v.clone());
        }
        // A walk meets a blob again in the next commit or so: a small cache will do.
        if self.cache.len() >= 1024 {
            self.cache.clear();
        }
        let v = match String::from_utf8(self.repo.blob(id)?) {
            Err(_) => Err("not UTF-8".to_string()),
            Ok(t) => match crate::store::conflict_marker(&t) {
                Some(line) => Err(format!("merge-conflict markers at line {line}")),
                None => {
                    crate::store::yaml::parse(t.strip_prefix('\u{feff}').unwrap_or(&t)).map_err(|e| match e.position {
                        Some(p) => format!("{} at line {}", e.message, p.line),
                        None => e.message,
                    })
                }
            },
        };
        self.cache.insert(id.to_string(), v.clone());
        Ok(v)
    }

    /// The parsed YAML of a blob; `None` when it cannot be read as YAML.
    fn value(&mut self, id: &str) -> Result<Option<Value>> {
        Ok(self.read(id)?.ok())
    }
}

/// What one commit did to the product folder: the entry the history index
/// keeps per commit. Its parts are computed when a command first needs them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Step {
    commit: Commit,
    /// The cut end of a shallow clone: its parent is not in the repository.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    boundary: bool,
    /// Files below the product folder that differ from the first parent
    /// (none for merges and boundaries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    files: Option<Vec<Changed>>,
    /// The product changes `pm log` shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    log: Option<LogPart>,
    /// The status moves of backlog items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moves: Option<Vec<Move>>,
}

impl Step {
    fn merge(&self) -> bool {
        self.commit.parents.len() > 1
    }

    /// Whether a commit's parts are read from the files it changed at all.
    fn skipped(&self) -> bool {
        self.merge() || self.boundary
    }

    fn has(&self, want: Want) -> bool {
        let log_ok = match (want.log, &self.log) {
            (None, _) => true,
            (Some(today), Some(part)) => part.day.is_none_or(|d| d == today),
            (Some(_), None) => false,
        };
        self.skipped() || ((!want.files || self.files.is_some()) && log_ok && (!want.moves || self.moves.is_some()))
    }
}

/// A commit's product changes as `pm log` shows them.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LogPart {
    changes: Vec<StoredChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unreadable: Vec<crate::diff::Unreadable>,
    /// The day they were computed for, when they depend on it (an open
    /// objective's score is as of today); `None` when they hold on any day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day: Option<Date>,
}

/// A [`Change`] as the index keeps it: a field's missing side and a side
/// that holds `null` stay apart.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredChange {
    kind: ArtifactKind,
    id: String,
    title: String,
    action: Action,
    fields: Vec<StoredField>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredField {
    field: String,
    /// Empty when the side has no value, else the one value.
    old: Vec<Value>,
    new: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl StoredChange {
    fn of(c: Change) -> StoredChange {
        let fields = c
            .fields
            .into_iter()
            .map(|f| StoredField {
                field: f.field,
                old: f.old.into_iter().collect(),
                new: f.new.into_iter().collect(),
                note: f.note,
            })
            .collect();
        StoredChange { kind: c.kind, id: c.id, title: c.title, action: c.action, fields }
    }

    fn to_change(&self) -> Change {
        let fields = self
            .fields
            .iter()
            .map(|f| FieldChange {
                field: f.field.clone(),
                old: f.old.first().cloned(),
                new: f.new.first().cloned(),
                note: f.note.clone(),
            })
            .collect();
        Change { kind: self.kind, id: self.id.clone(), title: self.title.clone(), action: self.action.clone(), fields }
    }
}

/// A backlog item's status change in one commit.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Move {
    item: String,
    to: String,
    /// The item's estimate in that commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    estimate: Option<Value>,
}

/// Which parts of a commit's step a command needs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Want {
    files: bool,
    /// The log's changes, as of this day.
    log: Option<Date>,
    moves: bool,
}

impl Want {
    const META: Want = Want { files: false, log: None, moves: false };
    const FILES: Want = Want { files: true, log: None, moves: false };
    const MOVES: Want = Want { files: true, log: None, moves: true };

    fn log(today: Date) -> Want {
        Want { files: true, log: Some(today), moves: false }
    }
}

/// Reads history a commit at a time through the history index: what the
/// index holds is taken from it, the rest is computed (in parallel when
/// there is much of it) and kept for next time.
struct Reader<'a> {
    repo: &'a Repo,
    root: String,
    index: Index<Step>,
}

impl<'a> Reader<'a> {
    fn open(product: &'a Product) -> Result<Reader<'a>> {
        static TREES: std::sync::Once = std::sync::Once::new();
        TREES.call_once(Repo::cache_large_trees);
        Ok(Reader {
            repo: product.repo()?,
            root: product.repo_path.clone().unwrap_or_default(),
            index: Index::open(product),
        })
    }

    /// Commits reachable from `from` and not from `exclude`, newest first and
    /// children before their parents (as `git log --date-order`), each with
    /// its step in the index. Each commit the index lacks is read once.
    fn walk(&mut self, from: &str, exclude: Option<&str>) -> Result<Vec<String>> {
        let mut set = self.reach(from)?;
        if let Some(x) = exclude {
            for c in self.reach(x)? {
                set.remove(&c);
            }
        }
        Ok(date_order(&self.index, set.into_iter().collect()))
    }

    /// Every commit reachable from `from`. The cut end of a shallow clone
    /// (a parent missing from the repository) ends the walk.
    fn reach(&mut self, from: &str) -> Result<std::collections::HashSet<String>> {
        let mut seen = std::collections::HashSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(c) = todo.pop() {
            if seen.contains(&c) {
                continue;
            }
            if self.index.get(&c).is_none() {
                let step = meta(self.repo, &c)?;
                self.index.insert(c.clone(), step);
            }
            let step = self.step(&c);
            for (k, p) in step.commit.parents.iter().enumerate() {
                // A first parent is there unless the commit is a boundary.
                let there = if k == 0 && !step.boundary { true } else { self.repo.has_commit(p) };
                if there && !seen.contains(p) {
                    todo.push(p.clone());
                }
            }
            seen.insert(c);
        }
        Ok(seen)
    }

    /// The step of a commit that [`Reader::ensure`] was given.
    fn step(&self, commit: &str) -> &Step {
        self.index.get(commit).expect("ensure() computed every step asked for")
    }

    /// Makes the index hold the parts `want` names of each of `commits`.
    fn ensure(&mut self, commits: &[String], want: Want, progress: &dyn Progress) -> Result<()> {
        for c in commits {
            if self.index.get(c).is_none() {
                let step = meta(self.repo, c)?;
                self.index.insert(c.clone(), step);
            }
        }
        if want == Want::META {
            return Ok(());
        }
        let missing: Vec<(String, Step)> =
            commits.iter().filter(|c| !self.step(c).has(want)).map(|c| (c.clone(), self.step(c).clone())).collect();
        if missing.is_empty() {
            return Ok(());
        }
        progress.start("Indexing history", missing.len() as u64);
        let root = self.root.as_str();
        // One run of commits, read through one repository handle.
        let run = |repo: &Repo, run: &[(String, Step)]| -> Result<Vec<(String, Step)>> {
            let mut blobs = Blobs { repo, cache: HashMap::new() };
            let mut out = Vec::with_capacity(run.len());
            for (c, step) in run {
                out.push((c.clone(), complete(&mut blobs, root, step.clone(), want)?));
                progress.advance(1);
            }
            Ok(out)
        };
        let done: Vec<(String, Step)> = if missing.len() < 64 {
            run(self.repo, &missing)?
        } else {
            use rayon::prelude::*;
            // Runs of neighbouring commits per task: a commit's parent is
            // usually the next one, whose trees are then still cached.
            let size = missing.len().div_ceil(rayon::current_num_threads() * 4).max(16);
            let git_dir = self.repo.git_dir().to_path_buf();
            let runs: Vec<Result<Vec<(String, Step)>>> =
                missing.par_chunks(size).map(|chunk| run(&Repo::reopen(&git_dir)?, chunk)).collect();
            let mut out = Vec::with_capacity(missing.len());
            for r in runs {
                out.extend(r?);
            }
            out
        };
        progress.finish();
        for (c, step) in done {
            self.index.insert(c, step);
        }
        Ok(())
    }

    /// Keeps what was computed for next time, dropping commits no ref reaches
    /// any more. `seen`: how many commits this run walked.
    fn save(mut self, seen: usize) {
        let repo = self.repo;
        self.index.save(seen, || repo.reachable().ok());
    }
}

/// `commits` (each with a step in `index`) newest first, never a parent
/// before one of its children: of the commits whose children are all listed,
/// the one committed last comes next (ties: by id).
fn date_order(index: &Index<Step>, commits: Vec<String>) -> Vec<String> {
    use std::collections::BinaryHeap;
    let at: HashMap<&str, usize> = commits.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
    let step = |i: usize| index.get(&commits[i]).expect("walk() has the step of every commit");
    let parents = |i: usize| step(i).commit.parents.iter().filter_map(|p| at.get(p.as_str()).copied());
    let mut children = vec![0usize; commits.len()];
    for i in 0..commits.len() {
        for p in parents(i) {
            children[p] += 1;
        }
    }
    let key = |i: usize| (step(i).commit.committed, std::cmp::Reverse(commits[i].as_str()), i);
    let mut ready: BinaryHeap<_> = (0..commits.len()).filter(|&i| children[i] == 0).map(key).collect();
    let mut out = Vec::with_capacity(commits.len());
    while let Some((_, _, i)) = ready.pop() {
        out.push(i);
        for p in parents(i) {
            children[p] -= 1;
            if children[p] == 0 {
                ready.push(key(p));
            }
        }
    }
    out.into_iter().map(|i| commits[i].clone()).collect()
}

/// A commit's step without its parts: who, when, and whether it is a merge
/// or the cut end of a shallow clone.
fn meta(repo: &Repo, c: &str) -> Result<Step> {
    let commit = repo.commit(c)?;
    let boundary = match commit.parents.first() {
        Some(p) => !repo.has_commit(p),
        None => repo.is_shallow(),
    };
    Ok(Step { commit, boundary, files: None, log: None, moves: None })
}

/// `step` with the parts `want` names that it lacks.
fn complete(blobs: &mut Blobs, root: &str, mut step: Step, want: Want) -> Result<Step> {
    if step.skipped() {
        return Ok(step);
    }
    let repo = blobs.repo;
    let (c, parent) = (step.commit.id.clone(), step.commit.parents.first().cloned());
    if step.files.is_none() {
        let now = repo.entry_at(&c, root)?;
        let before = match &parent {
            Some(p) => repo.entry_at(p, root)?,
            None => None,
        };
        step.files = Some(if now == before { Vec::new() } else { repo.changed(parent.as_deref(), &c, root)? });
    }
    let files = step.files.clone().unwrap_or_default();
    if let Some(today) = want.log
        && !step.has(Want::log(today))
    {
        step.log = Some(log_part(repo, root, &step.commit, parent.as_deref(), &files, today)?);
    }
    if want.moves && step.moves.is_none() {
        step.moves = Some(moves(blobs, &files)?);
    }
    Ok(step)
}

/// The product changes of one commit, as `pm log` shows them.
fn log_part(
    repo: &Repo,
    root: &str,
    commit: &Commit,
    parent: Option<&str>,
    files: &[Changed],
    today: Date,
) -> Result<LogPart> {
    let yaml: Vec<&Changed> = files.iter().filter(|ch| ch.path.ends_with(".yaml")).collect();
    if yaml.is_empty() {
        return Ok(LogPart { changes: Vec::new(), unreadable: Vec::new(), day: None });
    }
    let new_files: Vec<(String, String)> =
        yaml.iter().filter_map(|ch| ch.new.clone().map(|b| (ch.path.clone(), b))).collect();
    let old_files: Vec<(String, String)> =
        yaml.iter().filter_map(|ch| ch.old.clone().map(|b| (ch.path.clone(), b))).collect();
    let head_ws = partial(repo, root, &commit.id, &new_files)?;
    let base_ws = match parent {
        Some(p) => partial(repo, root, p, &old_files)?,
        None => partial(repo, root, &commit.id, &[])?,
    };
    let changes = diff::diff_with(&base_ws, &head_ws, today, false)
        .into_iter()
        .filter(|ch| ch.kind != ArtifactKind::Config || yaml.iter().any(|y| y.path == CONFIG_FILE))
        .map(StoredChange::of)
        .collect();
    // Only what this commit made unreadable: its parent's files were
    // reported at the parent.
    let unreadable = crate::diff::unreadable(&head_ws, &commit.short)
        .into_iter()
        .filter(|u| !base_ws.problems.iter().any(|p| p.path == u.path && p.is_fatal()))
        .collect();
    let scored = head_ws.objectives().next().is_some() || base_ws.objectives().next().is_some();
    Ok(LogPart { changes, unreadable, day: scored.then_some(today) })
}

/// The status moves of backlog items in one commit. Only changes count: an
/// item that appears already done (an import, the first commit) says
/// nothing about when it was finished.
fn moves(blobs: &mut Blobs, files: &[Changed]) -> Result<Vec<Move>> {
    let mut out = Vec::new();
    for ch in files.iter().filter(|ch| ch.path.starts_with("backlog/")) {
        let status =
            |v: &Option<Value>| v.as_ref().and_then(|v| v.get("status")).and_then(Value::as_str).map(str::to_string);
        let new = match ch.new.as_deref() {
            Some(b) => blobs.value(b)?,
            None => None,
        };
        let old = match ch.old.as_deref() {
            Some(b) => blobs.value(b)?,
            None => None,
        };
        let (Some(to), Some(from)) = (status(&new), status(&old)) else { continue };
        if to == from {
            continue;
        }
        let item = new.as_ref().and_then(|v| v.get("id")).and_then(Value::as_str).unwrap_or_default().to_string();
        let estimate = new.as_ref().and_then(|v| v.get("estimate")).cloned();
        out.push(Move { item, to, estimate });
    }
    Ok(out)
}

/// An artifact in one commit: its value (`None`: not there), or unknown
/// because the file that would hold it cannot be read.
#[derive(Debug, Clone, PartialEq)]
enum Snap {
    Value(Option<Value>),
    Unreadable { path: String, message: String },
}

/// The artifact's value in one commit, for comparison. `at` is the commit
/// and the id of the file that holds the artifact there, for an artifact in
/// a file or the roadmap.
fn snapshot(
    blobs: &mut Blobs,
    repo: &Repo,
    root: &str,
    (commit, blob): (&str, Option<&str>),
    place: &Place,
    id: &str,
    today: Date,
) -> Result<Snap> {
    let unreadable = |path: &str, message: String| Snap::Unreadable { path: path.to_string(), message };
    Ok(match place {
        Place::File(_, rel) => match blob {
            Some(blob) => match blobs.read(blob)? {
                Ok(v) => Snap::Value(Some(v)),
                Err(m) => unreadable(rel, m),
            },
            None => Snap::Value(None),
        },
        Place::Roadmap(kind) => {
            let Some(blob) = blob else { return Ok(Snap::Value(None)) };
            let value = match blobs.read(blob)? {
                Ok(v) => v,
                Err(m) => return Ok(unreadable("roadmap.yaml", m)),
            };
            let list = if *kind == ArtifactKind::Initiative { "initiatives" } else { "milestones" };
            Snap::Value(
                value
                    .get(list)
                    .and_then(Value::as_array)
                    .and_then(|a| a.iter().find(|e| e.get("id").and_then(Value::as_str) == Some(id)))
                    .cloned(),
            )
        }
        Place::Okrs(kind) => {
            // The cycle file that holds it, read as the diff reads it, so
            // that an objective's score and a key result's progress (which
            // `pm log` shows) are part of its history too.
            let mut found = None;
            let mut broken = None;
            for (name, blob) in repo.blob_ids(commit, &join(root, "okrs"))? {
                let objectives = match blobs.read(&blob)? {
                    Ok(Value::Array(objectives)) => objectives,
                    Ok(_) => continue,
                    Err(m) => {
                        broken = Some(unreadable(&format!("okrs/{name}"), m));
                        continue;
                    }
                };
                let holds = |o: &Value| {
                    o.get("id").and_then(Value::as_str) == Some(id)
                        || o.get("key_results")
                            .and_then(Value::as_array)
                            .is_some_and(|krs| krs.iter().any(|k| k.get("id").and_then(Value::as_str) == Some(id)))
                };
                if objectives.iter().any(holds) {
                    let ws = partial(repo, root, commit, &[(format!("okrs/{name}"), blob.clone())])?;
                    found = crate::diff::flat_value(&ws, *kind, id, today);
                }
            }
            match (found, broken) {
                (Some(v), _) => Snap::Value(Some(v)),
                (None, Some(broken)) => broken,
                (None, None) => Snap::Value(None),
            }
        }
    })
}

/// The change a commit made to the file or folder that holds the artifact, if any.
fn touched<'s>(step: &'s Step, place: &Place) -> Option<&'s Changed> {
    let files = step.files.as_deref().unwrap_or_default();
    match place {
        Place::File(_, rel) => files.iter().find(|f| f.path == *rel),
        Place::Roadmap(_) => files.iter().find(|f| f.path == crate::store::ROADMAP_FILE),
        Place::Okrs(_) => files.iter().find(|f| f.path.starts_with("okrs/")),
    }
}

/// The life of one artifact, newest first. Follows a backlog item across a
/// renumbering: when it first appears in a commit that removed another item
/// with the same title, its history continues under the old id. `prefix`
/// is the backlog's id prefix; `uncommitted` says whether an id that history
/// never saw is in the product all the same (asked only then).
pub(crate) fn history(
    product: &Product,
    prefix: &str,
    uncommitted: &dyn Fn(&str) -> bool,
    input: &str,
    today: Date,
    progress: &dyn Progress,
) -> Result<History> {
    let mut reader = Reader::open(product)?;
    if !reader.repo.has_commits() {
        return Err(Error::Git { message: "the repository has no commits yet".into(), hint: None });
    }
    let (repo, root) = (reader.repo, reader.root.clone());
    let (mut id, mut place) = place(prefix, input)?;
    let kind = match &place {
        Place::File(k, _) | Place::Roadmap(k) | Place::Okrs(k) => *k,
    };
    let start_id = id.clone();
    let head = repo.commit_id("HEAD")?;
    let commits = reader.walk(&head, None)?;
    reader.ensure(&commits, Want::FILES, progress)?;
    let mut blobs = Blobs { repo, cache: HashMap::new() };
    let mut events = Vec::new();
    let mut unreadable = Vec::new();
    let mut cut = false;
    let mut seen_at_all = false;
    for c in &commits {
        let step = reader.step(c);
        if step.merge() {
            continue; // merges: each side's own commits carry the changes
        }
        // In a shallow clone the oldest commit shows no parents (or a missing one):
        // history is cut there, and "created" would be wrong.
        if step.boundary {
            cut = true;
            break;
        }
        let Some(change) = touched(step, &place) else { continue };
        let commit = &step.commit;
        let parent = commit.parents.first().cloned();
        let (old_blob, new_blob) = (change.old.clone(), change.new.clone());
        let new = snapshot(&mut blobs, repo, &root, (c, new_blob.as_deref()), &place, &id, today)?;
        let old = match &parent {
            Some(p) => snapshot(&mut blobs, repo, &root, (p, old_blob.as_deref()), &place, &id, today)?,
            None => Snap::Value(None),
        };
        // A side that cannot be read says nothing of the artifact: no event
        // (not "removed", then "created" again), and a warning for the
        // commit that made the file unreadable.
        let (old, new) = match (old, new) {
            (_, Snap::Unreadable { path, message }) => {
                unreadable.push(crate::diff::Unreadable { at: commit.short.clone(), path, message });
                continue;
            }
            (Snap::Unreadable { .. }, _) => continue,
            (Snap::Value(old), Snap::Value(new)) => (old, new),
        };
        if new == old {
            continue; // the shared file changed, this artifact did not
        }
        seen_at_all |= new.is_some() || old.is_some();
        let action = match (&old, &new) {
            (None, Some(_)) => Action::Added,
            (Some(_), None) => Action::Removed,
            _ => Action::Changed,
        };
        let mut fields = match (&old, &new) {
            (Some(o), Some(n)) => diff::field_changes(o, n),
            _ => Vec::new(),
        };
        diff::annotate(kind, &id, &mut fields, None);
        let mut event = Event { commit: CommitView::of(commit), action, id: id.clone(), fields };
        // A backlog item that appears in a commit which removed an item of the same title was renumbered.
        if event.action == Action::Added
            && kind == ArtifactKind::Backlog
            && parent.is_some()
            && let Some(n) = &new
        {
            let title = n.get("title").cloned();
            for ch in step.files.as_deref().unwrap_or_default() {
                if ch.path.starts_with("backlog/")
                    && ch.new.is_none()
                    && let Some(old_blob) = &ch.old
                    && let Some(old_value) = blobs.value(old_blob)?
                    && old_value.get("title").cloned() == title
                    && let Some(old_id) = old_value.get("id").and_then(Value::as_str)
                {
                    event.action = Action::Renumbered { from: old_id.to_string() };
                    event.fields = diff::field_changes(&old_value, n).into_iter().filter(|f| f.field != "id").collect();
                    id = old_id.to_string();
                    place = Place::File(ArtifactKind::Backlog, format!("backlog/{id}.yaml"));
                    break;
                }
            }
        }
        events.push(event);
    }
    reader.save(commits.len());
    if !seen_at_all && cut {
        return Ok(History { id: start_id, kind, events, cut, unreadable });
    }
    if !seen_at_all && uncommitted(&start_id) {
        return Err(Error::refused(format!("{start_id} has no history yet: it is not committed")));
    }
    if !seen_at_all {
        return Err(Error::NotFound { noun: "artifact in history", id: start_id, suggestions: Vec::new() });
    }
    Ok(History { id: start_id, kind, events, cut, unreadable })
}

/// The product changes of one commit.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LogEntry {
    pub commit: CommitView,
    pub changes: Vec<Change>,
    /// Product files of this commit (or its parent) that could not be read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<crate::diff::Unreadable>,
}

/// A workspace holding only some files of a commit (plus its pm.yaml).
fn partial(repo: &Repo, root: &str, commit: &str, files: &[(String, String)]) -> Result<Workspace> {
    let mut list = Vec::new();
    if let Some(cfg) = repo.entry_at(commit, &join(root, CONFIG_FILE))? {
        list.push((CONFIG_FILE.to_string(), repo.blob(&cfg)?));
    } else {
        list.push((CONFIG_FILE.to_string(), b"{}\n".to_vec()));
    }
    for (path, blob) in files {
        if path != CONFIG_FILE {
            list.push((path.clone(), repo.blob(blob)?));
        }
    }
    Workspace::from_files(Source::Rev(commit.to_string()), list)
}

/// Product changes per commit, newest first. `range` is `A..B` or a revision
/// (default HEAD); merges are skipped (their sides' commits carry the changes).
pub(crate) fn log(
    product: &Product,
    range: Option<&str>,
    since: Option<Date>,
    until: Option<Date>,
    today: Date,
    progress: &dyn Progress,
) -> Result<Vec<LogEntry>> {
    let mut out = Vec::new();
    let filter = LogFilter { since, until, ..LogFilter::default() };
    log_each(product, range, &filter, today, progress, &mut |e| {
        out.push(e);
        std::ops::ControlFlow::Continue(())
    })?;
    Ok(out)
}

/// Which commits and changes `pm log` shows.
#[derive(Debug, Clone, Default)]
pub(crate) struct LogFilter {
    /// Commits on or after this date.
    pub since: Option<Date>,
    /// Commits on or before this date.
    pub until: Option<Date>,
    /// At most this many entries.
    pub max_count: Option<usize>,
    /// Only the changes of this artifact (an id, any case).
    pub item: Option<String>,
    /// Only the changes of this kind of artifact.
    pub kind: Option<ArtifactKind>,
    /// Commits whose author's name or email contains this (any case).
    pub author: Option<String>,
    /// Commits whose summary contains this (any case), or else the changes
    /// of artifacts whose id or title does.
    pub grep: Option<String>,
}

fn contains(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// Product changes per commit, newest first, handed to `each` as soon as
/// each commit is read; `each` breaks to stop the walk (a closed pipe, a
/// count reached).
pub(crate) fn log_each(
    product: &Product,
    range: Option<&str>,
    filter: &LogFilter,
    today: Date,
    progress: &dyn Progress,
    each: &mut dyn FnMut(LogEntry) -> std::ops::ControlFlow<()>,
) -> Result<()> {
    let repo = product.repo()?;
    if !repo.has_commits() || filter.max_count == Some(0) {
        return Ok(());
    }
    let (since, until) = (filter.since, filter.until);
    // The artifact followed by --item: newest first, so a renumbering
    // switches to the id it had before.
    let mut item = filter.item.as_deref().map(|i| i.trim().to_string());
    let mut shown = 0usize;
    let (from, exclude) = match range.and_then(|r| r.split_once("..")) {
        Some((a, b)) => {
            let b = if b.is_empty() { "HEAD" } else { b.trim_start_matches('.') };
            (repo.commit_id(b)?, Some(repo.commit_id(if a.is_empty() { "HEAD" } else { a })?))
        }
        None => (repo.commit_id(range.unwrap_or("HEAD"))?, None),
    };
    let mut reader = Reader::open(product)?;
    let commits = reader.walk(&from, exclude.as_deref())?;
    // Commits are read in batches that grow, each in parallel: the first
    // lines come at once, and a whole history is read at full speed.
    let (mut start, mut batch) = (0, 16);
    'walk: while start < commits.len() {
        let chunk = &commits[start..(start + batch).min(commits.len())];
        start += chunk.len();
        batch = (batch * 2).min(4096);
        reader.ensure(chunk, Want::META, progress)?;
        let wanted: Vec<String> = chunk
            .iter()
            .filter(|c| {
                let step = reader.step(c);
                let commit = &step.commit;
                let date = Date::from_unix(commit.time, commit.offset_minutes);
                !(since.is_some_and(|s| date.is_some_and(|d| d < s))
                    || until.is_some_and(|u| date.is_some_and(|d| d > u))
                    || filter
                        .author
                        .as_deref()
                        .is_some_and(|a| !contains(&commit.author, a) && !contains(&commit.email, a))
                    || step.merge()
                    || step.boundary)
            })
            .cloned()
            .collect();
        reader.ensure(&wanted, Want::log(today), progress)?;
        for c in &wanted {
            let step = reader.step(c);
            let Some(part) = &step.log else { continue };
            let commit = &step.commit;
            let summary_matches = filter.grep.as_deref().is_none_or(|g| contains(&commit.summary, g));
            let changes: Vec<Change> = part
                .changes
                .iter()
                .filter(|ch| filter.kind.is_none_or(|k| ch.kind == k))
                .filter(|ch| item.as_deref().is_none_or(|id| ch.id.eq_ignore_ascii_case(id)))
                .filter(|ch| {
                    summary_matches
                        || filter.grep.as_deref().is_some_and(|g| contains(&ch.id, g) || contains(&ch.title, g))
                })
                .map(StoredChange::to_change)
                .collect();
            if let Some(id) = &mut item
                && let Some(from) = changes.iter().find_map(|ch| match &ch.action {
                    diff::Action::Renumbered { from } if ch.id.eq_ignore_ascii_case(id) => Some(from.clone()),
                    _ => None,
                })
            {
                *id = from;
            }
            let narrowed = item.is_some() || filter.kind.is_some() || filter.grep.is_some();
            if narrowed && changes.is_empty() {
                continue;
            }
            if !changes.is_empty() || !part.unreadable.is_empty() {
                shown += 1;
                let entry = LogEntry { commit: CommitView::of(commit), changes, unreadable: part.unreadable.clone() };
                if each(entry).is_break() || filter.max_count.is_some_and(|n| shown >= n) {
                    break 'walk;
                }
            }
        }
    }
    reader.save(commits.len());
    Ok(())
}

/// The commits of `rev`'s history with the day each was made, newest first
/// (as `git log --date-order`), read through the history index.
pub(crate) fn dated_commits(product: &Product, rev: &str) -> Result<Vec<(String, Option<Date>)>> {
    let mut reader = Reader::open(product)?;
    if !reader.repo.has_commits() {
        return Ok(Vec::new());
    }
    let from = reader.repo.commit_id(rev)?;
    let commits = reader.walk(&from, None)?;
    let out = commits
        .iter()
        .map(|c| {
            let commit = &reader.step(c).commit;
            (c.clone(), Date::from_unix(commit.time, commit.offset_minutes))
        })
        .collect();
    reader.save(commits.len());
    Ok(out)
}

/// One status change of a backlog item, from history.
#[derive(Debug, Clone)]
pub(crate) struct Transition {
    pub(crate) item: String,
    pub(crate) date: Date,
    pub(crate) to: String,
    /// The item's estimate in the commit that made the change.
    pub(crate) estimate: Option<Value>,
}

/// Every status change of every backlog item, oldest first, from the
/// commits that touched backlog/.
/// With `since`, commits made before that day are skipped (their trees are
/// never read), so a reader of recent weeks pays only for recent history.
/// Also the day of the oldest commit history holds (`None` without commits).
pub(crate) fn transitions(
    product: &Product,
    since: Option<Date>,
    progress: &dyn Progress,
) -> Result<(Vec<Transition>, Option<Date>)> {
    let mut reader = Reader::open(product)?;
    if !reader.repo.has_commits() {
        return Ok((Vec::new(), None));
    }
    let head = reader.repo.commit_id("HEAD")?;
    let commits = reader.walk(&head, None)?;
    let wanted: Vec<String> = commits
        .iter()
        .filter(|c| {
            let step = reader.step(c);
            let date = Date::from_unix(step.commit.time, step.commit.offset_minutes);
            !step.merge() && !step.boundary && since.is_none_or(|s| date.is_none_or(|d| d >= s))
        })
        .cloned()
        .collect();
    reader.ensure(&wanted, Want::MOVES, progress)?;
    let mut out = Vec::new();
    for c in &wanted {
        let step = reader.step(c);
        let Some(date) = Date::from_unix(step.commit.time, step.commit.offset_minutes) else { continue };
        for m in step.moves.as_deref().unwrap_or_default() {
            out.push(Transition { item: m.item.clone(), date, to: m.to.clone(), estimate: m.estimate.clone() });
        }
    }
    let first = commits.last().and_then(|c| {
        let commit = &reader.step(c).commit;
        Date::from_unix(commit.time, commit.offset_minutes)
    });
    reader.save(commits.len());
    out.reverse();
    Ok((out, first))
}

/// Each item that moved into a done-category status other than `wont_do`
/// and stayed there (a later move out of done cancels it): the date of its
/// last such move and its points then. Forecasts count these per week;
/// velocity sums their points per iteration.
/// With `since`, only moves made on or after that day are read.
/// Also the day of the oldest commit history holds.
pub(crate) fn finished(
    product: &Product,
    ws: &Workspace,
    since: Option<Date>,
    progress: &dyn Progress,
) -> Result<(Vec<crate::model::iteration::Finished>, Option<Date>)> {
    use crate::model::iteration::Finished;
    // Forecasts (in `pm check`, `roadmap show`, `milestone list`) ask this
    // on every run: the answer is kept for as long as HEAD, the window, the
    // configuration and the history index's key are the same.
    let memo_key = match (crate::store::history_index::key(product), product.repo()?.commit_id("HEAD")) {
        (Some(index), Ok(head)) => {
            let config = serde_json::to_string(&ws.config.value).unwrap_or_default();
            Some(format!("{index}:{head}:{since:?}:{:016x}", crate::store::cache::hash(config.as_bytes())))
        }
        _ => None,
    };
    if let Some(key) = &memo_key
        && let Some(done) = crate::store::history_index::memo_load(product, "finished", key)
    {
        return Ok(done);
    }
    let config = &ws.config.value;
    let mut done: HashMap<String, Finished> = HashMap::new();
    let (moves, first) = transitions(product, since, progress)?;
    for t in moves {
        if config.is_closed(&t.to) && t.to != "wont_do" {
            let points = t
                .estimate
                .and_then(|v| serde_json::from_value::<crate::model::Estimate>(v).ok())
                .and_then(|e| e.points(config));
            done.insert(t.item.clone(), Finished { item: t.item, date: t.date, points });
        } else {
            done.remove(&t.item);
        }
    }
    let mut out: Vec<Finished> = done.into_values().collect();
    out.sort_by(|a, b| (a.date, &a.item).cmp(&(b.date, &b.item)));
    let out = (out, first);
    if let Some(key) = &memo_key {
        crate::store::history_index::memo_save(product, "finished", key, &out);
    }
    Ok(out)
}

/// Median, 85th percentile and maximum of a sample (nearest-rank).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub(crate) struct Stats {
    pub count: usize,
    pub median: Option<f64>,
    pub p85: Option<f64>,
    pub max: Option<f64>,
}

pub(crate) fn stats(mut values: Vec<f64>) -> Stats {
    values.sort_by(f64::total_cmp);
    let rank = |p: f64| -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        let r = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len());
        Some(values[r - 1])
    };
    Stats { count: values.len(), median: rank(0.5), p85: rank(0.85), max: values.last().copied() }
}

/// Flow metrics for one group of items.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Flow {
    pub group: String,
    /// Items finished per ISO week (`2026-W47`), oldest week first.
    pub throughput: Vec<(String, usize)>,
    /// Days from the first move into an in-progress status to done.
    pub cycle_time: Stats,
    /// Days from `created` to done.
    pub lead_time: Stats,
    /// Items in an in-progress status now.
    pub wip: usize,
    /// Days each of them has been in progress, oldest first.
    pub aging: Vec<(String, i64)>,
}

/// How `pm report flow` groups items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlowGroup {
    All,
    Type,
    Label,
    Owner,
}

fn iso_week(d: Date) -> String {
    let (y, w) = d.iso_week();
    format!("{y:04}-W{w:02}")
}

/// Flow metrics over items finished since `since`.
pub(crate) fn flow(
    product: &Product,
    ws: &Workspace,
    since: Date,
    today: Date,
    by: FlowGroup,
    progress: &dyn Progress,
) -> Result<Vec<Flow>> {
    let config = &ws.config.value;
    let (moves, _) = transitions(product, None, progress)?;
    let mut started: HashMap<&str, Date> = HashMap::new();
    let mut done: HashMap<&str, Date> = HashMap::new();
    let mut entered: HashMap<&str, Date> = HashMap::new();
    for t in &moves {
        let category = config.category(&t.to);
        if category == Category::InProgress && t.to != "blocked" {
            started.entry(&t.item).or_insert(t.date);
        }
        if config.is_closed(&t.to) && t.to != "wont_do" {
            done.insert(&t.item, t.date);
        } else {
            done.remove(t.item.as_str());
        }
        entered.insert(&t.item, t.date);
    }
    let groups_of = |item: &Item| -> Vec<String> {
        match by {
            FlowGroup::All => vec!["all".into()],
            FlowGroup::Type => vec![item.kind.map_or("(none)", |k| k.as_str()).to_string()],
            FlowGroup::Owner => vec![item.owner.clone().unwrap_or_else(|| "(none)".into())],
            FlowGroup::Label if item.labels.is_empty() => vec!["(none)".into()],
            FlowGroup::Label => item.labels.clone(),
        }
    };
    let mut groups: Vec<String> = Vec::new();
    for d in &ws.items {
        for g in groups_of(&d.value) {
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
    }
    groups.sort();
    let mut out = Vec::new();
    for g in groups {
        let members: Vec<&Item> = ws.items.iter().map(|d| &d.value).filter(|i| groups_of(i).contains(&g)).collect();
        let mut weeks: HashMap<String, usize> = HashMap::new();
        let (mut cycle, mut lead) = (Vec::new(), Vec::new());
        for i in &members {
            let Some(end) = done.get(i.id.as_str()).copied().filter(|d| *d >= since) else { continue };
            *weeks.entry(iso_week(end)).or_default() += 1;
            if let Some(s) = started.get(i.id.as_str()) {
                cycle.push(s.days_until(end) as f64);
            }
            if let Some(c) = i.created {
                lead.push(c.days_until(end) as f64);
            }
        }
        let mut throughput: Vec<(String, usize)> = Vec::new();
        let mut week = since;
        while week <= today {
            let key = iso_week(week);
            if !throughput.iter().any(|(k, _)| *k == key) {
                throughput.push((key.clone(), weeks.get(&key).copied().unwrap_or(0)));
            }
            week = week.add_days(7);
        }
        let key = iso_week(today);
        if !throughput.iter().any(|(k, _)| *k == key) {
            throughput.push((key.clone(), weeks.get(&key).copied().unwrap_or(0)));
        }
        let wip: Vec<&&Item> = members
            .iter()
            .filter(|i| config.category(i.status()) == Category::InProgress && i.status() != "blocked")
            .collect();
        let mut aging: Vec<(String, i64)> = wip
            .iter()
            .map(|i| {
                let since = started
                    .get(i.id.as_str())
                    .or(entered.get(i.id.as_str()))
                    .copied()
                    .or(i.updated)
                    .or(i.created)
                    .unwrap_or(today);
                (i.id.clone(), since.days_until(today))
            })
            .collect();
        aging.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.push(Flow {
            group: g,
            throughput,
            cycle_time: stats(cycle),
            lead_time: stats(lead),
            wip: wip.len(),
            aging,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let s = stats(vec![5.0, 1.0, 3.0, 2.0, 4.0, 10.0, 7.0]);
        assert_eq!((s.count, s.median, s.p85, s.max), (7, Some(4.0), Some(7.0), Some(10.0)));
        assert_eq!(stats(vec![]).median, None);
        assert_eq!(stats(vec![2.0]).p85, Some(2.0));
    }
}
