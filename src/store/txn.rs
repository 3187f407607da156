//! Transactions: a change to several files (a renumber, an import, a bulk edit)
//! that is applied whole or not at all, even across a crash. Every file is
//! locked and compared with what pm read, and a journal in pm's state folder
//! records the plan before the first rename, so that [`recover`] can finish or
//! undo a change that a crash interrupted.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};
use crate::store::atomic;
use crate::store::cache::hash;

/// The journal's file name in the state folder.
const JOURNAL: &str = "journal";
/// The file whose lock makes transactions (and recovery) in one state folder
/// take turns: there is one journal per folder.
const LOCK: &str = "journal.lock";

/// The journal's first line. The journal is a line-based text file:
///
/// ```text
/// pm transaction journal 1
/// create<TAB>TARGET<TAB>TEMP
/// replace<TAB>TARGET<TAB>TEMP<TAB>BACKUP
/// remove<TAB>TARGET<TAB>BACKUP
/// end<TAB>COUNT<TAB>CHECKSUM
/// commit
/// rollback
/// ```
///
/// One line per file, in the order the changes are made; paths are absolute,
/// with `\`, tab, newline and carriage return written `\\`, `\t`, `\n`, `\r`.
/// The `end` line holds the number of files and the [`hash`] (16 hex digits)
/// of every byte before it: without a valid `end` line the journal was torn
/// while being written. The `commit` line is appended (and flushed to disk)
/// once every temporary and backup file is on disk; the `rollback` line once a
/// failed transaction starts undoing its renames.
const MAGIC: &str = "pm transaction journal 1";
const COMMIT: &[u8] = b"commit\n";
const ROLLBACK: &[u8] = b"rollback\n";

/// One change to one file of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op {
    /// Create a file that must not exist yet.
    Create { path: PathBuf, bytes: Vec<u8> },
    /// Replace a file that must still hold exactly `expected`.
    Replace { path: PathBuf, expected: Vec<u8>, bytes: Vec<u8> },
    /// Remove a file that must still hold exactly `expected`.
    Remove { path: PathBuf, expected: Vec<u8> },
}

impl Op {}

/// Applies every op or none.
///
/// `state_dir` is where pm keeps its state (`.git/pm`, or pm's cache folder
/// outside git); the journal goes to `state_dir/journal`, and the folder is
/// created if missing. The folder of every file must exist. Refused, having
/// changed nothing, when a path is named twice, is a symbolic link or not a
/// regular file, when a file to replace or remove no longer holds exactly
/// `expected`, or when a file to create exists.
///
/// The steps, each of which may fail or be cut short by a crash:
///
/// 1. Lock `state_dir/journal.lock` (transactions in one state folder take
///    turns; a journal left by a crash is recovered first). Lock every file
///    to replace or remove, in path order, the way
///    [`atomic::write_if_unchanged`] does: an exclusive lock on the file, then
///    a check that the path still names the locked file (retrying if it was
///    replaced meanwhile), so a single-file writer and a transaction can never
///    both succeed on one file. A file to create is not locked: publishing it
///    is a hard link, which fails if the file has appeared meanwhile; creates
///    are published first, so such a conflict is found before any existing
///    file changes.
/// 2. Compare every file with what the caller read.
/// 3. Write the journal's plan (up to its `end` line) and flush it.
/// 4. Write each new content to `.NAME.pm-txn-ID.new` beside its target
///    (flushed and locked, so that nobody can build on it before the
///    transaction ends) and hard-link each file to replace or remove to
///    `.NAME.pm-txn-ID.bak`; flush the folders; append `commit` to the
///    journal. Only now is the transaction committed: a failure or crash
///    before this point leaves the files as they were.
/// 5. Publish: create (hard link), replace (rename) or remove (unlink) each
///    file. If one fails, `rollback` is appended to the journal and every step
///    is undone from the backups, so every file is old again; a crash during
///    that undo is finished by [`recover`], which also undoes.
/// 6. Flush the folders, delete the temporary and backup files, then the journal.
///
/// A crash after step 4 leaves every file new once [`recover`] has run.
pub(crate) fn commit(state_dir: &Path, ops: Vec<Op>) -> Result<()> {
    if ops.is_empty() {
        return Ok(());
    }
    let mut steps = plan(ops)?;
    let _turn = take_turn(state_dir)?;
    for step in &steps {
        if let Some(dir) = step.entry.target.parent() {
            atomic::sweep(dir);
        }
    }
    let journal = state_dir.join(JOURNAL);
    if present(&journal).map_err(|e| Error::io("cannot read", &journal, e))? {
        recover_locked(state_dir)?;
        if present(&journal).map_err(|e| Error::io("cannot read", &journal, e))? {
            return Err(Error::Refused {
                message: format!("`{}` is not a pm journal; nothing written", journal.display()),
                hint: Some("remove it, then re-run the command".to_string()),
            });
        }
    }
    let mut locks = Locks::default();
    for step in &steps {
        check(step, &mut locks)?;
    }
    // Stable: creates first, each group in path order.
    steps.sort_by_key(|s| s.entry.kind != Kind::Create);
    let entries: Vec<Entry> = steps.iter().map(|s| s.entry.clone()).collect();

    let mut file = write_journal(&journal, &entries)?;
    let prepared = prepare(&steps, &mut locks).and_then(|()| sync_dirs(&entries)).and_then(|()| {
        fault(Point::Commit)
            .and_then(|()| file.write_all(COMMIT))
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io("cannot write", &journal, e))
    });
    if let Err(e) = prepared {
        // The journal goes first: whatever a crash leaves now, nothing is
        // renamed, and a journal with `commit` but without its temporary
        // files would be finished as "nothing to do".
        let _ = fs::remove_file(&journal);
        let _ = sync_dir(state_dir);
        discard(&entries);
        return Err(e);
    }

    for (i, step) in steps.iter().enumerate() {
        if let Err(e) = publish(i, step) {
            return Err(roll_back(&journal, &mut file, &entries, e));
        }
    }
    finish(&journal, &entries)
}

/// Finishes or rolls back a transaction interrupted by a crash; returns a
/// one-line description of what it did, or None when there was nothing to do.
///
/// A committed journal is finished (every file new) unless the transaction
/// had started rolling back, which is then finished instead (every file old);
/// a journal without `commit` means nothing was renamed yet, and its
/// temporary and backup files are deleted. Running it again after a crash
/// during recovery is harmless. A journal that is not pm's is left alone,
/// with a note saying so. Waits while a transaction is running.
///
/// Recovery locks the files as [`commit`] does, but a crash releases every
/// lock: a single-file write made between the crash and recovery is
/// overwritten when the change is finished (every file new, never a mix), and
/// a file to create that someone else created meanwhile is left to them (said
/// in the note).
pub(crate) fn recover(state_dir: &Path) -> Result<Option<String>> {
    let journal = state_dir.join(JOURNAL);
    if !present(&journal).map_err(|e| Error::io("cannot read", &journal, e))? {
        return Ok(None);
    }
    let _turn = take_turn(state_dir)?;
    let done = recover_locked(state_dir)?;
    if done.is_some() {
        // Files changed: a reader's earlier view of the product is out of date.
        super::generation::bump(state_dir)?;
    }
    Ok(done)
}

/// [`recover`], for the holder of the state folder's lock.
fn recover_locked(state_dir: &Path) -> Result<Option<String>> {
    let journal = state_dir.join(JOURNAL);
    let ignored = || Some(format!("ignored `{}`: it is not a pm journal", journal.display()));
    let meta = match fs::symlink_metadata(&journal) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("cannot read", &journal, e)),
    };
    if !meta.is_file() {
        return Ok(ignored());
    }
    let bytes = fs::read(&journal).map_err(|e| Error::io("cannot read", &journal, e))?;
    let forget = || atomic::remove(&journal);
    let (entries, state) = match parse(&bytes) {
        Parsed::Foreign => return Ok(ignored()),
        Parsed::Torn => {
            // Cut short while being written: nothing else had been done yet.
            forget()?;
            return Ok(Some("rolled back an interrupted change".to_string()));
        }
        Parsed::Journal(entries, state) => (entries, state),
    };
    let count = files(entries.len());
    match state {
        State::Prepared => {
            discard(&entries);
            sync_dirs(&entries)?;
            forget()?;
            Ok(Some(format!("rolled back an interrupted change of {count}")))
        }
        State::Committed => {
            let _locks = lock_targets(&entries)?;
            let mut left = Vec::new();
            for (i, entry) in entries.iter().enumerate() {
                if !redo(i, entry).map_err(|e| Error::io("cannot finish writing", &entry.target, e))? {
                    left.push(format!("`{}`", entry.target.display()));
                }
            }
            finish(&journal, &entries)?;
            let mut note = format!("finished an interrupted change of {count}");
            if !left.is_empty() {
                note.push_str(&format!(" (left {} as someone else had created it)", left.join(", ")));
            }
            Ok(Some(note))
        }
        State::RollingBack => {
            let _locks = lock_targets(&entries)?;
            undo_all(&entries)?;
            sync_dirs(&entries)?;
            forget()?;
            Ok(Some(format!("rolled back an interrupted change of {count}")))
        }
    }
}

fn files(n: usize) -> String {
    if n == 1 { "1 file".to_string() } else { format!("{n} files") }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Create,
    Replace,
    Remove,
}

impl Kind {
    fn word(self) -> &'static [u8] {
        match self {
            Kind::Create => b"create",
            Kind::Replace => b"replace",
            Kind::Remove => b"remove",
        }
    }
}

/// One file of a transaction, as the journal records it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    target: PathBuf,
    /// The new content, beside the target (create, replace).
    temp: Option<PathBuf>,
    /// A hard link to the old file, beside it (replace, remove).
    backup: Option<PathBuf>,
}

/// An entry with what only [`commit`] needs.
struct Step {
    entry: Entry,
    /// The path as the caller named it, for messages.
    shown: PathBuf,
    expected: Vec<u8>,
    bytes: Vec<u8>,
}

/// Canonical paths in path order, each file once, none a link.
fn plan(ops: Vec<Op>) -> Result<Vec<Step>> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let id = format!("{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
    let mut steps = ops
        .into_iter()
        .map(|op| {
            let (kind, shown, expected, bytes) = match op {
                Op::Create { path, bytes } => (Kind::Create, path, Vec::new(), bytes),
                Op::Replace { path, expected, bytes } => (Kind::Replace, path, expected, bytes),
                Op::Remove { path, expected } => (Kind::Remove, path, expected, Vec::new()),
            };
            let target = canonical(&shown)?;
            match fs::symlink_metadata(&target) {
                Ok(meta) if meta.file_type().is_symlink() => return Err(link_refusal(&shown)),
                Ok(meta) if !meta.is_file() => {
                    return Err(Error::refused(format!(
                        "`{}` is not a regular file; pm does not write over it",
                        shown.display()
                    )));
                }
                _ => {}
            }
            let temp = (kind != Kind::Remove).then(|| beside(&target, &id, "new"));
            let backup = (kind != Kind::Create).then(|| beside(&target, &id, "bak"));
            Ok(Step { entry: Entry { kind, target, temp, backup }, shown, expected, bytes })
        })
        .collect::<Result<Vec<_>>>()?;
    steps.sort_by(|a, b| a.entry.target.cmp(&b.entry.target));
    if let Some(pair) = steps.windows(2).find(|w| w[0].entry.target == w[1].entry.target) {
        return Err(Error::refused(format!(
            "`{}` is named twice in one change; nothing written",
            pair[1].shown.display()
        )));
    }
    Ok(steps)
}

/// `path` with its folder resolved: absolute, without `.`, `..` or links on the way.
fn canonical(path: &Path) -> Result<PathBuf> {
    let Some(Component::Normal(name)) = path.components().next_back() else {
        return Err(Error::usage(format!("`{}` does not name a file", path.display())));
    };
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = parent.canonicalize().map_err(|e| Error::io("cannot open directory", parent, e))?;
    Ok(dir.join(name))
}

/// `.NAME.pm-txn-ID.SUFFIX` beside `target`.
fn beside(target: &Path, id: &str, suffix: &str) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(format!(".pm-txn-{id}.{suffix}"));
    target.with_file_name(name)
}

fn link_refusal(shown: &Path) -> Error {
    Error::Refused {
        message: format!("`{}` is a symbolic link; pm does not write through it", shown.display()),
        hint: Some("replace the link with the file itself".to_string()),
    }
}

fn changed(shown: &Path) -> Error {
    Error::Refused {
        message: format!("`{}` was changed by someone else since pm read it; nothing written", shown.display()),
        hint: Some("re-run the command".to_string()),
    }
}

fn created(shown: &Path) -> Error {
    Error::Refused {
        message: format!(
            "`{}` was created by someone else since pm read the product; nothing written",
            shown.display()
        ),
        hint: Some("re-run the command".to_string()),
    }
}

/// Locks `state_dir/journal.lock`, creating the folder if missing.
fn take_turn(state_dir: &Path) -> Result<crate::store::lock::LockFile> {
    atomic::create_dir_all(state_dir)?;
    crate::store::lock::LockFile::acquire(&state_dir.join(LOCK), "the product's transaction journal")
}

/// Exclusive locks held until dropped; each file (inode) once, since a
/// second lock on a file this process already locked would wait forever.
#[derive(Default)]
struct Locks {
    files: Vec<File>,
    ids: Vec<(u64, u64)>,
}

impl Locks {
    /// Locks the file at `path`, making sure it is still the file there once
    /// locked; false when there is none.
    fn lock(&mut self, path: &Path, shown: &Path) -> Result<bool> {
        loop {
            let file = match crate::store::lock::open_regular(path) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
                Err(e) if crate::store::lock::is_link(&e) => return Err(link_refusal(shown)),
                Err(e) => return Err(Error::io("cannot read", shown, e)),
            };
            let locked = file.metadata().map_err(|e| Error::io("cannot read", shown, e))?;
            if file_id(&locked).is_some_and(|id| self.ids.contains(&id)) {
                return Ok(true);
            }
            crate::store::lock::lock_file(&file, shown)?;
            match fs::symlink_metadata(path) {
                Ok(now) if now.file_type().is_symlink() => return Err(link_refusal(shown)),
                Ok(now) if same_file(&locked, &now) => {
                    self.keep(file, &locked);
                    return Ok(true);
                }
                // Replaced by whoever held the lock: lock the new file.
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
                Err(e) => return Err(Error::io("cannot read", shown, e)),
            }
        }
    }

    /// Holds the lock already taken on `file`.
    fn keep(&mut self, file: File, meta: &fs::Metadata) {
        self.ids.extend(file_id(meta));
        self.files.push(file);
    }
}

#[cfg(unix)]
fn file_id(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Whether two metadata describe one file; where that cannot be told (not
/// unix), assumed, as in [`atomic`].
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    match (file_id(a), file_id(b)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Locks the existing targets of a journal, in path order, for recovery.
fn lock_targets(entries: &[Entry]) -> Result<Locks> {
    let mut locks = Locks::default();
    let mut targets: Vec<&Path> = entries.iter().map(|e| e.target.as_path()).collect();
    targets.sort();
    for target in targets {
        locks.lock(target, target)?;
    }
    Ok(locks)
}

/// Locks a file to replace or remove and compares it with what the caller
/// read; for a file to create, checks that there is none.
fn check(step: &Step, locks: &mut Locks) -> Result<()> {
    let entry = &step.entry;
    match entry.kind {
        Kind::Create => match fs::symlink_metadata(&entry.target) {
            Ok(_) => Err(created(&step.shown)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io("cannot read", &step.shown, e)),
        },
        Kind::Replace | Kind::Remove => {
            if !locks.lock(&entry.target, &step.shown)? {
                return Err(changed(&step.shown));
            }
            let current = fs::read(&entry.target).map_err(|e| Error::io("cannot read", &step.shown, e))?;
            if current != step.expected {
                return Err(changed(&step.shown));
            }
            Ok(())
        }
    }
}

fn encode_journal(entries: &[Entry]) -> Vec<u8> {
    let mut out = format!("{MAGIC}\n").into_bytes();
    for entry in entries {
        out.extend_from_slice(entry.kind.word());
        for path in std::iter::once(&entry.target).chain(&entry.temp).chain(&entry.backup) {
            out.push(b'\t');
            for &b in path.as_os_str().as_encoded_bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
        }
        out.push(b'\n');
    }
    let sum = hash(&out);
    out.extend_from_slice(format!("end\t{}\t{sum:016x}\n", entries.len()).as_bytes());
    out
}

fn decode_path(field: &[u8]) -> Option<PathBuf> {
    let mut bytes = Vec::with_capacity(field.len());
    let mut it = field.iter();
    while let Some(&b) = it.next() {
        bytes.push(if b == b'\\' {
            match it.next()? {
                b'\\' => b'\\',
                b't' => b'\t',
                b'n' => b'\n',
                b'r' => b'\r',
                _ => return None,
            }
        } else {
            b
        });
    }
    #[cfg(unix)]
    let path = {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(&bytes))
    };
    #[cfg(not(unix))]
    let path = PathBuf::from(String::from_utf8(bytes).ok()?);
    Some(path)
}

/// How far a transaction got, by its journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The plan is complete; the commit line is not: nothing was renamed.
    Prepared,
    Committed,
    /// A failed transaction was undoing its renames.
    RollingBack,
}

#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    /// Not written by pm (or damaged beyond telling): left alone.
    Foreign,
    /// A plan cut short while being written, before anything else was done.
    Torn,
    Journal(Vec<Entry>, State),
}

fn parse(bytes: &[u8]) -> Parsed {
    let magic = format!("{MAGIC}\n");
    let Some(mut rest) = bytes.strip_prefix(magic.as_bytes()) else {
        let torn = magic.as_bytes().starts_with(bytes) || bytes.iter().all(|&b| b == 0);
        return if torn { Parsed::Torn } else { Parsed::Foreign };
    };
    let mut entries = Vec::new();
    loop {
        // A line without its newline, or anything before a valid `end` line
        // that does not parse, is a plan cut short.
        let Some(len) = rest.iter().position(|&b| b == b'\n') else { return Parsed::Torn };
        let fields: Vec<&[u8]> = rest[..len].split(|&b| b == b'\t').collect();
        if fields[0] == b"end" {
            let before = bytes.len() - rest.len();
            let valid = fields.len() == 3
                && fields[1] == entries.len().to_string().as_bytes()
                && fields[2] == format!("{:016x}", hash(&bytes[..before])).as_bytes();
            if !valid {
                return Parsed::Torn;
            }
            rest = &rest[len + 1..];
            break;
        }
        let Some(entry) = parse_entry(&fields) else { return Parsed::Torn };
        entries.push(entry);
        rest = &rest[len + 1..];
    }
    let state = if let Some(after) = rest.strip_prefix(COMMIT) {
        if after.starts_with(ROLLBACK) {
            State::RollingBack
        } else if ROLLBACK.starts_with(after) {
            // No rollback line, or one cut short: the undo had not started.
            State::Committed
        } else {
            return Parsed::Foreign;
        }
    } else if COMMIT.starts_with(rest) {
        State::Prepared
    } else {
        return Parsed::Foreign;
    };
    Parsed::Journal(entries, state)
}

fn parse_entry(fields: &[&[u8]]) -> Option<Entry> {
    let kind = match *fields.first()? {
        b"create" => Kind::Create,
        b"replace" => Kind::Replace,
        b"remove" => Kind::Remove,
        _ => return None,
    };
    let mut paths = fields[1..].iter().map(|f| decode_path(f));
    let mut next = || paths.next().flatten();
    let target = next()?;
    let (temp, backup) = match kind {
        Kind::Create => (Some(next()?), None),
        Kind::Replace => (Some(next()?), Some(next()?)),
        Kind::Remove => (None, Some(next()?)),
    };
    if fields.len() != 2 + usize::from(temp.is_some()) + usize::from(backup.is_some()) {
        return None;
    }
    // Recovery deletes the temporary and backup files: only ever pm's own, beside their target.
    let ours = |side: &PathBuf| {
        side.parent() == target.parent()
            && side.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with('.') && n.contains(".pm-txn-")
            })
    };
    let valid = target.is_absolute() && target.file_name().is_some() && temp.iter().chain(&backup).all(ours);
    valid.then_some(Entry { kind, target, temp, backup })
}

/// Writes the journal's plan and flushes it and its folder.
fn write_journal(journal: &Path, entries: &[Entry]) -> Result<File> {
    let body = encode_journal(entries);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(journal)
        .map_err(|e| Error::io("cannot write", journal, e))?;
    let written = (|| -> io::Result<()> {
        #[cfg(test)]
        if hook::at(Point::Journal) == Some(hook::Fault::Crash) {
            file.write_all(&body[..body.len() / 2])?;
        }
        fault(Point::Journal)?;
        file.write_all(&body)?;
        file.sync_all()?;
        sync_dir(journal.parent().unwrap_or(Path::new(".")))
    })();
    written.map_err(|e| {
        let _ = fs::remove_file(journal);
        Error::io("cannot write", journal, e)
    })?;
    Ok(file)
}

/// Writes (flushed, and locked until the transaction ends) each new content
/// beside its target, and links each old file to its backup name.
fn prepare(steps: &[Step], locks: &mut Locks) -> Result<()> {
    for (i, step) in steps.iter().enumerate() {
        let entry = &step.entry;
        fault(Point::Prepare(i)).map_err(|e| Error::io("cannot write", &step.shown, e))?;
        if let Some(temp) = &entry.temp {
            let keep_mode = (entry.kind == Kind::Replace).then_some(entry.target.as_path());
            let (file, meta) =
                write_new(temp, &step.bytes, keep_mode).map_err(|e| Error::io("cannot write", &step.shown, e))?;
            locks.keep(file, &meta);
        }
        if let Some(backup) = &entry.backup {
            fs::hard_link(&entry.target, backup).map_err(|e| Error::io("cannot back up", &step.shown, e))?;
        }
    }
    Ok(())
}

/// Creates `temp` with `bytes` (and the permissions of `keep_mode`), flushed and locked.
fn write_new(temp: &Path, bytes: &[u8], keep_mode: Option<&Path>) -> io::Result<(File, fs::Metadata)> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(temp)?;
    if let Some(old) = keep_mode {
        file.set_permissions(fs::metadata(old)?.permissions())?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    file.lock()?;
    let meta = file.metadata()?;
    Ok((file, meta))
}

/// Makes the change to the `i`th file, in [`commit`].
fn publish(i: usize, step: &Step) -> Result<()> {
    let entry = &step.entry;
    let shown = &step.shown;
    let injected = fault(Point::Publish(i));
    let temp = entry.temp.as_deref().unwrap_or(Path::new(""));
    match entry.kind {
        Kind::Create => injected.and_then(|()| fs::hard_link(temp, &entry.target)).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists { created(shown) } else { Error::io("cannot create", shown, e) }
        }),
        Kind::Replace => {
            injected.and_then(|()| fs::rename(temp, &entry.target)).map_err(|e| Error::io("cannot write", shown, e))
        }
        Kind::Remove => {
            injected.and_then(|()| fs::remove_file(&entry.target)).map_err(|e| Error::io("cannot remove", shown, e))
        }
    }
}

/// Makes the change to the `i`th file again if it is not made yet, in
/// recovery; false when a file to create was created by someone else.
fn redo(i: usize, entry: &Entry) -> io::Result<bool> {
    fault(Point::Publish(i))?;
    match (entry.kind, &entry.temp, &entry.backup) {
        (Kind::Create, Some(temp), _) if present(temp)? => match fs::hard_link(temp, &entry.target) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Ok(same_file(&fs::symlink_metadata(temp)?, &fs::symlink_metadata(&entry.target)?));
            }
            Err(e) => return Err(e),
        },
        (Kind::Replace, Some(temp), _) if present(temp)? => fs::rename(temp, &entry.target)?,
        // Only the file the backup shows to be the old one.
        (Kind::Remove, _, Some(backup)) if present(backup)? => {
            if let Ok(now) = fs::symlink_metadata(&entry.target)
                && same_file(&fs::symlink_metadata(backup)?, &now)
            {
                fs::remove_file(&entry.target)?;
            }
        }
        _ => {}
    }
    Ok(true)
}

/// Undoes the change to the `i`th file if it was made, and deletes its
/// temporary and backup files. Safe to repeat, and on a file not changed yet.
fn undo(i: usize, entry: &Entry) -> io::Result<()> {
    fault(Point::Undo(i))?;
    match entry.kind {
        Kind::Create => {
            if let Some(temp) = &entry.temp
                && let Ok(ours) = fs::symlink_metadata(temp)
            {
                if let Ok(now) = fs::symlink_metadata(&entry.target)
                    && same_file(&ours, &now)
                {
                    fs::remove_file(&entry.target)?;
                }
                remove_if_present(temp)?;
            }
        }
        Kind::Replace | Kind::Remove => {
            if let Some(backup) = &entry.backup
                && present(backup)?
            {
                fs::rename(backup, &entry.target)?;
                // Renaming a file over another link to itself does nothing.
                remove_if_present(backup)?;
            }
            if let Some(temp) = &entry.temp {
                remove_if_present(temp)?;
            }
        }
    }
    Ok(())
}

/// Undoes every file, last first; tries them all, and fails with the first failure.
fn undo_all(entries: &[Entry]) -> Result<()> {
    let mut first = None;
    for (i, entry) in entries.iter().enumerate().rev() {
        if let Err(e) = undo(i, entry) {
            first.get_or_insert(Error::io("cannot restore", &entry.target, e));
        }
    }
    first.map_or(Ok(()), Err)
}

/// Undoes a committed transaction after publishing failed with `error`, which it returns.
fn roll_back(journal: &Path, file: &mut File, entries: &[Entry], error: Error) -> Error {
    // If this cannot be written, a crash during the undo would be finished
    // forward from the files not yet restored: a mix. Nothing better is left to try.
    let _ = file.write_all(ROLLBACK).and_then(|()| file.sync_all());
    // When the undo fails too, the journal stays and `recover` tries again.
    if undo_all(entries).is_ok() && sync_dirs(entries).is_ok() {
        let _ = fs::remove_file(journal);
    }
    error
}

/// After every change is made: flushes the folders, then deletes the
/// temporary and backup files, then the journal.
fn finish(journal: &Path, entries: &[Entry]) -> Result<()> {
    sync_dirs(entries)?;
    fault(Point::Finish).map_err(|e| Error::io("cannot write", journal, e))?;
    for path in entries.iter().flat_map(|e| e.temp.iter().chain(&e.backup)) {
        remove_if_present(path).map_err(|e| Error::io("cannot remove", path, e))?;
    }
    sync_dirs(entries)?;
    remove_if_present(journal).map_err(|e| Error::io("cannot remove", journal, e))
}

/// Deletes every temporary and backup file, as far as it can (nothing was renamed).
fn discard(entries: &[Entry]) {
    for path in entries.iter().flat_map(|e| e.temp.iter().chain(&e.backup)) {
        let _ = remove_if_present(path);
    }
}

fn present(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Flushes the folder of every target, so that renames and new names in it survive a crash.
fn sync_dirs(entries: &[Entry]) -> Result<()> {
    let dirs: BTreeSet<&Path> = entries.iter().filter_map(|e| e.target.parent()).collect();
    for dir in dirs {
        sync_dir(dir).map_err(|e| Error::io("cannot write", dir, e))?;
    }
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        // Some file systems cannot flush a folder; there is nothing more to do there.
        Err(e) if matches!(e.kind(), io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported) => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

/// A point in a transaction where tests make a step fail or the process "crash".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
enum Point {
    Journal,
    Prepare(usize),
    Commit,
    Publish(usize),
    Undo(usize),
    Finish,
}

/// Nothing outside tests; in tests, the fault planned for `point`: an error,
/// or a panic that skips every clean-up, as a crash would.
fn fault(point: Point) -> io::Result<()> {
    #[cfg(test)]
    match hook::at(point) {
        Some(hook::Fault::Fail) => return Err(io::Error::other(format!("injected failure at {point:?}"))),
        Some(hook::Fault::Crash) => panic!("simulated crash at {point:?}"),
        Some(hook::Fault::Touch(path)) => fs::write(path, "theirs\n")?,
        None => {}
    }
    let _ = point;
    Ok(())
}

#[cfg(test)]
mod hook {
    use std::cell::RefCell;
    use std::path::PathBuf;

    use super::Point;

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) enum Fault {
        Fail,
        Crash,
        /// Someone else writes this file, and the step goes on.
        Touch(PathBuf),
    }

    thread_local! {
        static PLAN: RefCell<Vec<(Point, Fault)>> = const { RefCell::new(Vec::new()) };
    }

    pub(crate) fn set(plan: &[(Point, Fault)]) {
        PLAN.with(|p| *p.borrow_mut() = plan.to_vec());
    }

    pub(crate) fn at(point: Point) -> Option<Fault> {
        PLAN.with(|p| p.borrow().iter().find(|(q, _)| *q == point).map(|(_, f)| f.clone()))
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use super::hook::Fault;
    use super::*;

    /// A product with `x/a`, `x/b` and `y/c`, and a state folder.
    struct Fixture {
        _dir: tempfile::TempDir,
        root: PathBuf,
        state: PathBuf,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("x")).unwrap();
        fs::create_dir_all(root.join("y")).unwrap();
        fs::write(root.join("x/a"), "a1\n").unwrap();
        fs::write(root.join("x/b"), "b1\n").unwrap();
        fs::write(root.join("y/c"), "c1\n").unwrap();
        let state = root.join("state");
        Fixture { _dir: dir, root, state }
    }

    impl Fixture {
        /// Replace `x/a`, remove `x/b`, create `x/new`, replace `y/c`: in
        /// path order x/a, x/b, x/new, y/c; published x/new, x/a, x/b, y/c.
        fn ops(&self) -> Vec<Op> {
            vec![
                Op::Replace { path: self.root.join("y/c"), expected: b"c1\n".to_vec(), bytes: b"c2\n".to_vec() },
                Op::Create { path: self.root.join("x/new"), bytes: b"new\n".to_vec() },
                Op::Remove { path: self.root.join("x/b"), expected: b"b1\n".to_vec() },
                Op::Replace { path: self.root.join("x/a"), expected: b"a1\n".to_vec(), bytes: b"a2\n".to_vec() },
            ]
        }

        /// Every file in `x` and `y` with its content, leftovers included.
        fn files(&self) -> Vec<(String, String)> {
            let mut out = Vec::new();
            for dir in ["x", "y"] {
                for entry in fs::read_dir(self.root.join(dir)).unwrap() {
                    let entry = entry.unwrap();
                    let text = fs::read_to_string(entry.path()).unwrap();
                    out.push((format!("{dir}/{}", entry.file_name().to_string_lossy()), text));
                }
            }
            out.sort();
            out
        }

        fn assert_old(&self) {
            assert_eq!(self.files(), pairs(&[("x/a", "a1\n"), ("x/b", "b1\n"), ("y/c", "c1\n")]));
            assert!(!self.state.join(JOURNAL).exists());
        }

        fn assert_new(&self) {
            assert_eq!(self.files(), pairs(&[("x/a", "a2\n"), ("x/new", "new\n"), ("y/c", "c2\n")]));
            assert!(!self.state.join(JOURNAL).exists());
        }

        /// Runs `commit` with `plan` injected; it must "crash".
        fn crash(&self, plan: &[(Point, Fault)]) {
            hook::set(plan);
            let result = catch_unwind(AssertUnwindSafe(|| commit(&self.state, self.ops())));
            hook::set(&[]);
            assert!(result.is_err(), "no crash with {plan:?}");
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn applies_every_op() {
        let f = fixture();
        commit(&f.state, f.ops()).unwrap();
        f.assert_new();
        assert_eq!(recover(&f.state).unwrap(), None);
        commit(&f.state, Vec::new()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_of_replaced_files() {
        use std::os::unix::fs::PermissionsExt;
        let f = fixture();
        fs::set_permissions(f.root.join("x/a"), fs::Permissions::from_mode(0o640)).unwrap();
        commit(&f.state, f.ops()).unwrap();
        assert_eq!(fs::metadata(f.root.join("x/a")).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn a_changed_file_refuses_the_whole_change() {
        let f = fixture();
        fs::write(f.root.join("y/c"), "someone else\n").unwrap();
        let e = commit(&f.state, f.ops()).unwrap_err();
        assert!(e.is_refusal());
        assert!(e.to_string().ends_with("y/c` was changed by someone else since pm read it; nothing written"), "{e}");
        fs::write(f.root.join("y/c"), "c1\n").unwrap();
        f.assert_old();
        // A file to replace that is gone is a change too.
        fs::remove_file(f.root.join("x/a")).unwrap();
        let e = commit(&f.state, f.ops()).unwrap_err();
        assert!(e.to_string().contains("x/a` was changed by someone else"), "{e}");
    }

    #[test]
    fn a_create_over_an_existing_file_is_refused() {
        let f = fixture();
        fs::write(f.root.join("x/new"), "theirs\n").unwrap();
        let e = commit(&f.state, f.ops()).unwrap_err();
        assert!(e.is_refusal());
        assert!(
            e.to_string().ends_with("x/new` was created by someone else since pm read the product; nothing written")
        );
        fs::remove_file(f.root.join("x/new")).unwrap();
        f.assert_old();
    }

    #[test]
    fn a_file_created_while_publishing_refuses_and_rolls_back() {
        let f = fixture();
        let mut ops = f.ops();
        ops.push(Op::Create { path: f.root.join("y/z"), bytes: b"z\n".to_vec() });
        // Published x/new, y/z, ...: someone creates y/z just before pm links it.
        hook::set(&[(Point::Publish(1), Fault::Touch(f.root.join("y/z")))]);
        let e = commit(&f.state, ops).unwrap_err();
        hook::set(&[]);
        assert!(e.is_refusal());
        assert!(e.to_string().ends_with("y/z` was created by someone else since pm read the product; nothing written"));
        assert_eq!(fs::read(f.root.join("y/z")).unwrap(), b"theirs\n");
        fs::remove_file(f.root.join("y/z")).unwrap();
        f.assert_old();
    }

    #[test]
    fn hard_linked_targets_are_locked_once() {
        let f = fixture();
        fs::remove_file(f.root.join("y/c")).unwrap();
        fs::hard_link(f.root.join("x/a"), f.root.join("y/c")).unwrap();
        let ops = vec![
            Op::Replace { path: f.root.join("x/a"), expected: b"a1\n".to_vec(), bytes: b"p\n".to_vec() },
            Op::Replace { path: f.root.join("y/c"), expected: b"a1\n".to_vec(), bytes: b"q\n".to_vec() },
        ];
        commit(&f.state, ops).unwrap();
        assert_eq!(f.files(), pairs(&[("x/a", "p\n"), ("x/b", "b1\n"), ("y/c", "q\n")]));
    }

    #[test]
    fn a_commit_first_finishes_an_interrupted_change() {
        let f = fixture();
        f.crash(&[(Point::Publish(2), Fault::Crash)]);
        let ops = vec![Op::Replace { path: f.root.join("x/a"), expected: b"a2\n".to_vec(), bytes: b"a3\n".to_vec() }];
        commit(&f.state, ops).unwrap();
        assert_eq!(f.files(), pairs(&[("x/a", "a3\n"), ("x/new", "new\n"), ("y/c", "c2\n")]));
        assert!(!f.state.join(JOURNAL).exists());
    }

    #[test]
    fn duplicate_paths_are_refused() {
        let f = fixture();
        let mut ops = f.ops();
        ops.push(Op::Remove { path: f.root.join("x/./a"), expected: b"a1\n".to_vec() });
        let e = commit(&f.state, ops).unwrap_err();
        assert!(e.to_string().ends_with("is named twice in one change; nothing written"), "{e}");
        f.assert_old();
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_refused() {
        let f = fixture();
        let outside = f.root.join("outside");
        fs::write(&outside, "a1\n").unwrap();
        fs::remove_file(f.root.join("x/a")).unwrap();
        std::os::unix::fs::symlink(&outside, f.root.join("x/a")).unwrap();
        let e = commit(&f.state, f.ops()).unwrap_err();
        assert!(e.to_string().ends_with("x/a` is a symbolic link; pm does not write through it"), "{e}");
        assert_eq!(fs::read(&outside).unwrap(), b"a1\n");
        assert!(fs::symlink_metadata(f.root.join("x/a")).unwrap().file_type().is_symlink());
        assert!(!f.state.join(JOURNAL).exists());
    }

    #[test]
    fn a_failed_rename_rolls_back_every_file() {
        for k in 0..4 {
            let f = fixture();
            hook::set(&[(Point::Publish(k), Fault::Fail)]);
            let e = commit(&f.state, f.ops()).unwrap_err();
            hook::set(&[]);
            assert!(matches!(e, Error::Io { .. }), "{e}");
            let name = ["x/new", "x/a", "x/b", "y/c"][k];
            assert!(e.to_string().contains(&format!("{name}`: injected failure")), "{e}");
            f.assert_old();
        }
    }

    #[test]
    fn a_failure_before_the_commit_leaves_nothing() {
        let points = [Point::Journal, Point::Prepare(0), Point::Prepare(1), Point::Prepare(3), Point::Commit];
        for point in points {
            let f = fixture();
            hook::set(&[(point, Fault::Fail)]);
            let e = commit(&f.state, f.ops()).unwrap_err();
            hook::set(&[]);
            assert!(e.to_string().contains("injected failure"), "{e}");
            f.assert_old();
        }
    }

    #[test]
    fn a_crash_after_the_commit_is_finished_by_recover() {
        let points = [Point::Publish(0), Point::Publish(1), Point::Publish(2), Point::Publish(3), Point::Finish];
        for point in points {
            let f = fixture();
            f.crash(&[(point, Fault::Crash)]);
            assert!(f.state.join(JOURNAL).exists());
            let note = recover(&f.state).unwrap();
            assert_eq!(note.as_deref(), Some("finished an interrupted change of 4 files"), "{point:?}");
            f.assert_new();
            assert_eq!(recover(&f.state).unwrap(), None);
            f.assert_new();
        }
    }

    #[test]
    fn a_crash_during_recovery_is_finished_by_the_next_recovery() {
        let f = fixture();
        f.crash(&[(Point::Publish(1), Fault::Crash)]);
        hook::set(&[(Point::Publish(2), Fault::Crash)]);
        assert!(catch_unwind(|| recover(&f.state)).is_err());
        hook::set(&[]);
        assert!(recover(&f.state).unwrap().unwrap().starts_with("finished"));
        f.assert_new();
    }

    #[test]
    fn finishing_the_same_journal_twice_is_harmless() {
        let f = fixture();
        f.crash(&[(Point::Publish(2), Fault::Crash)]);
        let journal = fs::read(f.state.join(JOURNAL)).unwrap();
        recover(&f.state).unwrap().unwrap();
        // As if the journal's deletion had been lost in a crash.
        fs::write(f.state.join(JOURNAL), &journal).unwrap();
        assert!(recover(&f.state).unwrap().unwrap().starts_with("finished"));
        f.assert_new();
    }

    #[test]
    fn a_crash_before_the_commit_is_rolled_back_by_recover() {
        let points = [Point::Prepare(0), Point::Prepare(2), Point::Prepare(3), Point::Commit];
        for point in points {
            let f = fixture();
            f.crash(&[(point, Fault::Crash)]);
            assert!(f.state.join(JOURNAL).exists());
            let note = recover(&f.state).unwrap();
            assert_eq!(note.as_deref(), Some("rolled back an interrupted change of 4 files"), "{point:?}");
            f.assert_old();
        }
    }

    #[test]
    fn a_half_written_journal_is_rolled_back() {
        let f = fixture();
        f.crash(&[(Point::Journal, Fault::Crash)]);
        let torn = fs::read(f.state.join(JOURNAL)).unwrap();
        assert!(torn.starts_with(MAGIC.as_bytes()) && !torn.ends_with(b"\n"));
        assert_eq!(recover(&f.state).unwrap().as_deref(), Some("rolled back an interrupted change"));
        f.assert_old();
        // A journal torn inside its first line, or never written at all.
        for torn in [&b""[..], b"pm trans", &[0; 64]] {
            fs::write(f.state.join(JOURNAL), torn).unwrap();
            assert_eq!(recover(&f.state).unwrap().as_deref(), Some("rolled back an interrupted change"));
            f.assert_old();
        }
    }

    #[test]
    fn a_crash_while_rolling_back_is_rolled_back_by_recover() {
        let f = fixture();
        f.crash(&[(Point::Publish(2), Fault::Fail), (Point::Undo(1), Fault::Crash)]);
        let journal = fs::read(f.state.join(JOURNAL)).unwrap();
        assert!(journal.ends_with(b"commit\nrollback\n"));
        assert_eq!(recover(&f.state).unwrap().as_deref(), Some("rolled back an interrupted change of 4 files"));
        f.assert_old();
    }

    #[test]
    fn a_foreign_journal_is_left_alone_with_a_note() {
        let f = fixture();
        assert_eq!(recover(&f.state).unwrap(), None);
        fs::create_dir_all(&f.state).unwrap();
        let journal = f.state.join(JOURNAL);
        fs::write(&journal, "shopping list\n\u{1}\u{2}").unwrap();
        let note = recover(&f.state).unwrap().unwrap();
        assert!(note.starts_with("ignored `") && note.ends_with("journal`: it is not a pm journal"), "{note}");
        assert!(journal.exists());
        let e = commit(&f.state, f.ops()).unwrap_err();
        assert!(e.to_string().ends_with("journal` is not a pm journal; nothing written"), "{e}");
        fs::remove_file(&journal).unwrap();
        f.assert_old();
        // A valid plan followed by something other than `commit`.
        let entries: Vec<Entry> = plan(f.ops()).unwrap().into_iter().map(|s| s.entry).collect();
        let mut bytes = encode_journal(&entries);
        bytes.extend_from_slice(b"bogus\n");
        assert_eq!(parse(&bytes), Parsed::Foreign);
    }

    #[test]
    fn the_journal_reads_back_what_was_written() {
        let entries = vec![
            Entry {
                kind: Kind::Create,
                target: "/p/a\tb".into(),
                temp: Some("/p/.a\tb.pm-txn-1-0.new".into()),
                backup: None,
            },
            Entry {
                kind: Kind::Replace,
                target: "/p/c\\d\ne".into(),
                temp: Some("/p/.c\\d\ne.pm-txn-1-0.new".into()),
                backup: Some("/p/.c\\d\ne.pm-txn-1-0.bak".into()),
            },
            Entry {
                kind: Kind::Remove,
                target: "/q/f".into(),
                temp: None,
                backup: Some("/q/.f.pm-txn-1-0.bak".into()),
            },
        ];
        let mut bytes = encode_journal(&entries);
        assert_eq!(parse(&bytes), Parsed::Journal(entries.clone(), State::Prepared));
        bytes.extend_from_slice(b"comm");
        assert_eq!(parse(&bytes), Parsed::Journal(entries.clone(), State::Prepared));
        bytes.extend_from_slice(b"it\nroll");
        assert_eq!(parse(&bytes), Parsed::Journal(entries.clone(), State::Committed));
        bytes.extend_from_slice(b"back\n");
        assert_eq!(parse(&bytes), Parsed::Journal(entries.clone(), State::RollingBack));
        // Damage anywhere in the plan: not trusted.
        let mut damaged = encode_journal(&entries);
        damaged[40] ^= 1;
        assert_eq!(parse(&damaged), Parsed::Torn);
        // A plan naming files that are not pm's own beside their target.
        let wild =
            vec![Entry { kind: Kind::Remove, target: "/p/a".into(), temp: None, backup: Some("/etc/passwd".into()) }];
        assert_eq!(parse(&encode_journal(&wild)), Parsed::Torn);
    }

    #[test]
    fn a_transaction_and_a_single_file_write_never_both_succeed() {
        for _ in 0..20 {
            let f = fixture();
            let a = f.root.join("x/a");
            let (txn, single) = std::thread::scope(|s| {
                let txn = s.spawn(|| commit(&f.state, f.ops()));
                let single = s.spawn(|| atomic::write_if_unchanged(&a, b"a1\n", b"theirs\n"));
                (txn.join().unwrap(), single.join().unwrap())
            });
            assert!(txn.is_ok() != single.is_ok(), "{txn:?} {single:?}");
            if txn.is_ok() {
                f.assert_new();
            } else {
                assert_eq!(fs::read(&a).unwrap(), b"theirs\n");
                assert!(fs::read(f.root.join("x/b")).is_ok() && !f.root.join("x/new").exists());
            }
        }
    }

    #[test]
    fn two_transactions_on_one_file_never_both_succeed() {
        for _ in 0..20 {
            let f = fixture();
            let other = f.root.join("other-state");
            let only_a =
                || vec![Op::Replace { path: f.root.join("x/a"), expected: b"a1\n".to_vec(), bytes: b"a3\n".to_vec() }];
            let (one, two) = std::thread::scope(|s| {
                let one = s.spawn(|| commit(&f.state, f.ops()));
                let two = s.spawn(|| commit(&other, only_a()));
                (one.join().unwrap(), two.join().unwrap())
            });
            assert!(one.is_ok() != two.is_ok(), "{one:?} {two:?}");
        }
    }
}
