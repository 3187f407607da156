//! Locks: the lock files pm keeps (`.git/pm-id.lock`, the journal's
//! `journal.lock`) and the locks it takes on product files while comparing
//! and swapping them.
//!
//! A lock file is opened without following a symbolic link and without
//! blocking (so a named pipe put in its place cannot make pm hang), and must
//! be a regular file. Locks are OS locks (`flock`), which the kernel releases
//! when the holder exits however it exits, so the lock of a dead process is
//! simply taken over. pm never waits forever: after one second it says who
//! holds the lock (the holder writes its pid, start time and command line
//! into the lock file), and after the configured time
//! (`limits.lock_timeout_secs` in pm.yaml, 10 s by default; `PM_LOCK_TIMEOUT`
//! overrides it) it gives up with exit 1.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long pm waits for a lock before it says who holds it.
const REPORT_AFTER: Duration = Duration::from_secs(1);

/// The default of `limits.lock_timeout_secs`.
pub(crate) const DEFAULT_TIMEOUT_SECS: u64 = 10;

/// The lock timeout of this process in milliseconds (`u64::MAX`: not set yet).
static TIMEOUT_MS: AtomicU64 = AtomicU64::new(u64::MAX);

/// Sets how long this process waits for a lock (from pm.yaml); the
/// environment variable `PM_LOCK_TIMEOUT` (seconds, fractions allowed) wins.
pub(crate) fn set_timeout(secs: u64) {
    TIMEOUT_MS.store(secs.saturating_mul(1000).min(u64::MAX - 1), Ordering::Relaxed);
}

/// How long this process waits for a lock.
pub(crate) fn timeout() -> Duration {
    if let Some(secs) = std::env::var("PM_LOCK_TIMEOUT").ok().and_then(|v| v.trim().parse::<f64>().ok())
        && secs.is_finite()
        && secs >= 0.0
    {
        return Duration::from_secs_f64(secs.min(1e9));
    }
    match TIMEOUT_MS.load(Ordering::Relaxed) {
        u64::MAX => Duration::from_secs(DEFAULT_TIMEOUT_SECS),
        ms => Duration::from_millis(ms),
    }
}

/// Opens an existing file without following a symbolic link and without
/// blocking on a pipe or device; only a regular file is returned.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    no_follow(&mut options);
    regular(options.open(path)?)
}

/// Opens (creating it if missing) a lock file: never through a symbolic
/// link, never blocking, a regular file only.
fn open_lock_file(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    no_follow(&mut options);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let refuse = |e: io::Error| {
        if is_link(&e) || e.kind() == io::ErrorKind::InvalidInput {
            Error::Refused {
                message: format!("lock file `{}` is not a regular file; pm does not use it", path.display()),
                hint: Some("remove it; pm creates a new one".to_string()),
            }
        } else {
            Error::io("cannot open lock file", path, e)
        }
    };
    options.open(path).and_then(regular).map_err(refuse)
}

#[cfg(unix)]
fn no_follow(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
}

#[cfg(not(unix))]
fn no_follow(_: &mut OpenOptions) {}

/// Whether opening failed because the path is a symbolic link (`O_NOFOLLOW`).
pub(crate) fn is_link(e: &io::Error) -> bool {
    #[cfg(unix)]
    return e.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

fn regular(file: File) -> io::Result<File> {
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"))
    }
}

/// An exclusive lock on a lock file, released on drop (or when the process exits).
#[derive(Debug)]
pub(crate) struct LockFile {
    _file: File,
}

impl LockFile {
    /// Takes the lock file at `path`, waiting at most [`timeout`]; records
    /// this process as its holder.
    pub(crate) fn acquire(path: &Path, what: &str) -> Result<LockFile> {
        let mut file = open_lock_file(path)?;
        wait_for(&file, path, what, || holder(path))?;
        // Who holds it, for whoever waits next; failing to say so is not an error.
        let _ = (|| -> io::Result<()> {
            file.set_len(0)?;
            file.rewind()?;
            file.write_all(describe_self().as_bytes())
        })();
        Ok(LockFile { _file: file })
    }
}

/// Takes an exclusive lock on an open product file, waiting at most [`timeout`].
pub(crate) fn lock_file(file: &File, path: &Path) -> Result<()> {
    wait_for(file, path, &format!("`{}`", path.display()), || None)
}

/// Tries to lock `file` until it succeeds or the timeout passes; after a
/// second says on stderr who holds it.
fn wait_for(file: &File, path: &Path, what: &str, holder: impl Fn() -> Option<String>) -> Result<()> {
    let start = Instant::now();
    let timeout = timeout();
    let mut told = false;
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(Error::io("cannot lock", path, e)),
        }
        let waited = start.elapsed();
        let by = || format!(" by {}", holder().unwrap_or_else(|| "another process".to_string()));
        if waited >= timeout {
            return Err(Error::Refused {
                message: format!(
                    "{what} is locked{}; gave up after {}; nothing written",
                    by(),
                    seconds(timeout)
                ),
                hint: Some(
                    "wait for the other pm to finish and re-run the command (limits.lock_timeout_secs in pm.yaml sets how long pm waits)"
                        .to_string(),
                ),
            });
        }
        if !told && waited >= REPORT_AFTER {
            told = true;
            eprintln!("pm: waiting for {what}, locked{}", by());
        }
        std::thread::sleep(pause.min(timeout.saturating_sub(waited)));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

fn seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs == secs.trunc() { format!("{secs} s") } else { format!("{secs:.1} s") }
}

/// This process as a lock file records it: pid, start time, command line.
fn describe_self() -> String {
    let command: Vec<String> = std::env::args().collect();
    format!("pid {}\nsince {}\ncommand {}\n", std::process::id(), jiff::Timestamp::now(), command.join(" "))
}

/// Who holds the lock file at `path`, as its holder recorded it.
fn holder(path: &Path) -> Option<String> {
    let mut text = String::new();
    open_regular(path).ok()?.take(4096).read_to_string(&mut text).ok()?;
    let field =
        |name: &str| text.lines().find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' '))).map(shown);
    let pid = field("pid")?;
    let mut out = format!("pid {pid}");
    if let Some(command) = field("command") {
        out.push_str(&format!(" (`{command}`)"));
    }
    if let Some(since) = field("since") {
        out.push_str(&format!(" since {since}"));
    }
    Some(out)
}

/// A recorded value made safe for the terminal: control characters shown, at most 200 characters.
fn shown(value: &str) -> String {
    value
        .chars()
        .take(200)
        .map(|c| {
            if c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symbolic_link_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        let link = dir.path().join("pm-id.lock");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = LockFile::acquire(&link, "id allocation").unwrap_err();
        assert!(e.to_string().contains("is not a regular file; pm does not use it"), "{e}");
        assert!(!target.exists(), "the link was followed");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_does_not_hang() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pm-id.lock");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = LockFile::acquire(&fifo, "id allocation").unwrap_err();
        assert!(e.is_refusal(), "{e}");
        assert!(e.to_string().contains("is not a regular file"), "{e}");
        assert!(open_regular(&fifo).is_err());
    }

    #[test]
    fn the_holder_is_recorded_and_shown_safely() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        let held = LockFile::acquire(&path, "x").unwrap();
        let who = holder(&path).unwrap();
        assert!(who.starts_with(&format!("pid {} (`", std::process::id())), "{who}");
        assert!(who.contains(" since 20"), "{who}");
        drop(held);
        std::fs::write(&path, "pid 1\ncommand pm \u{1b}]0;x\u{7}\n").unwrap();
        assert_eq!(holder(&path).unwrap(), "pid 1 (`pm \\u{1b}]0;x\\u{7}`)");
        // Released on drop: taken again at once.
        LockFile::acquire(&path, "x").unwrap();
    }
}
