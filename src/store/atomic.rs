//! Atomic file writes: the bytes go to a temporary file in the target's own
//! directory, are flushed to disk, and the temporary file is renamed over the
//! target. A crash leaves either the old file or the new one, never half of one.
//!
//! A write never goes through a symbolic link: replacing the link would
//! silently turn it into a file, and following it could write anywhere.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};

/// Replaces (or creates) `path` with `bytes`, keeping the old file's permissions.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_link(path)?;
    let temp = write_temp(path, bytes, true)?;
    publish(&temp, path)
}

/// Like [`write`], with the bytes streamed by `fill` and without waiting for
/// them to reach the disk: for files that can be rebuilt (the parse cache,
/// whose checksum catches a file torn by a crash). Readers still see the old
/// file or the new one, whole.
pub(crate) fn write_unsynced_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    refuse_link(path)?;
    let temp = write_temp_with(path, false, fill)?;
    publish(&temp, path)
}

/// Replaces `path` with `bytes` only if it still holds exactly `expected`
/// (what the caller read and edited): a change made by someone else in the
/// meantime is refused rather than silently lost. The comparison and the
/// rename happen under an exclusive lock on the file, so two pm processes
/// editing the same file cannot both succeed.
pub(crate) fn write_if_unchanged(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<()> {
    refuse_link(path)?;
    let temp = write_temp(path, bytes, true)?;
    let result = if_unchanged(path, expected, || publish(&temp, path));
    let _ = fs::remove_file(&temp);
    result
}

/// Removes `path` only if it still holds exactly `expected`, under the same
/// lock as [`write_if_unchanged`]: a change made since it was read is not lost.
pub(crate) fn remove_if_unchanged(path: &Path, expected: &[u8]) -> Result<()> {
    refuse_link(path)?;
    if_unchanged(path, expected, || remove(path))
}

/// Runs `action` while holding an exclusive lock on the file at `path`,
/// if that file still holds exactly `expected`.
fn if_unchanged(path: &Path, expected: &[u8], action: impl FnOnce() -> Result<()>) -> Result<()> {
    let changed = || Error::Refused {
        message: format!("`{}` was changed by someone else since pm read it; nothing written", path.display()),
        hint: Some("re-run the command".to_string()),
    };
    // The lock belongs to the file (inode) opened, and a writer that got
    // it first replaces that file by renaming. Whoever waited must then
    // lock the file now at `path`, or it would compare against the
    // replaced one and overwrite the first writer's change.
    let mut file = loop {
        let file = match super::lock::open_regular(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(changed()),
            Err(e) => return Err(Error::io("cannot read", path, e)),
        };
        super::lock::lock_file(&file, path)?;
        let locked = file.metadata().map_err(|e| Error::io("cannot read", path, e))?;
        match fs::metadata(path) {
            Ok(now) if same_file(&locked, &now) => break file,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(changed()),
            Err(e) => return Err(Error::io("cannot read", path, e)),
        }
    };
    let mut current = Vec::with_capacity(expected.len());
    file.read_to_end(&mut current).map_err(|e| Error::io("cannot read", path, e))?;
    if current != expected {
        return Err(changed());
    }
    // Still holding the lock: a second writer waits, then finds the new text (or no file).
    action()
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    true
}

/// Renames the finished temporary file over `path`, keeping `path`'s permissions.
/// Creates the folder `dir` and the folders above it, as needed.
pub(crate) fn create_dir_all(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))
}

/// Removes the file `path`.
pub(crate) fn remove(path: &Path) -> Result<()> {
    fs::remove_file(path).map_err(|e| Error::io("cannot remove", path, e))
}

/// Makes `path` executable (owner, group and others may run it); nothing
/// to do where files have no such bit.
#[cfg(unix)]
pub(crate) fn set_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("cannot make executable", path, e))
}

#[cfg(not(unix))]
pub fn set_executable(_: &Path) -> Result<()> {
    Ok(())
}

fn publish(temp: &Path, path: &Path) -> Result<()> {
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(temp, meta.permissions());
    }
    fs::rename(temp, path).map_err(|e| {
        let _ = fs::remove_file(temp);
        Error::io("cannot write", path, e)
    })
}

fn refuse_link(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Error::Refused {
            message: format!("`{}` is a symbolic link; pm does not write through it", path.display()),
            hint: Some("replace the link with the file itself".to_string()),
        }),
        _ => Ok(()),
    }
}

/// Creates `path` with `bytes`; fails if it already exists, even when another
/// process creates it at the same moment.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_link(path)?;
    let temp = write_temp(path, bytes, true)?;
    // A hard link is an atomic "create unless it exists" that still publishes a complete file.
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    linked.map_err(|e| Error::io("cannot create", path, e))
}

fn write_temp(path: &Path, bytes: &[u8], sync: bool) -> Result<PathBuf> {
    write_temp_with(path, sync, |w| w.write_all(bytes))
}

/// Removes the temporary files (`.NAME.<pid>.<n>.pm-tmp`) that processes no
/// longer running left in `dir` (a `kill -9` between writing and renaming),
/// once per folder and process. Only regular files of that exact shape whose
/// process is gone are removed; a live writer's file is left alone.
pub(crate) fn sweep(dir: &Path) {
    static SWEPT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    {
        let Ok(mut swept) = SWEPT.lock() else { return };
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_owner(&name) else { continue };
        if pid != std::process::id() && !alive(pid) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process that made the temporary file named `name`, if it is one of pm's.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".pm-tmp")?;
    let mut parts = rest.rsplitn(3, '.');
    let n = parts.next()?;
    let pid = parts.next()?;
    let target = parts.next()?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(n) && digits(pid) && !target.is_empty()).then(|| pid.parse().ok()).flatten()
}

/// Whether a process with this id is running (on this machine).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
    if pid <= 0 {
        return true;
    }
    // Signal 0 checks that the process exists without sending anything.
    // SAFETY: kill with signal 0 has no effect on the target; it only reports.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    true
}

fn write_temp_with(
    path: &Path,
    sync: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<PathBuf> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    sweep(dir);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.{}.pm-tmp", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = (|| -> std::io::Result<()> {
        let file: File = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        if sync { file.sync_all() } else { Ok(()) }
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::io("cannot write", path, e)
    })?;
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_of_dead_processes_are_swept() {
        assert_eq!(temp_owner(".BL-1.yaml.123.4.pm-tmp"), Some(123));
        assert_eq!(temp_owner(".BL-1.yaml.x.4.pm-tmp"), None);
        assert_eq!(temp_owner("BL-1.yaml.123.4.pm-tmp"), None);
        assert_eq!(temp_owner(".123.4.pm-tmp"), None);
        let dir = tempfile::tempdir().unwrap();
        // A pid above the kernel's maximum belongs to no process.
        let dead = dir.path().join(".BL-1.yaml.99999999.0.pm-tmp");
        let mine = dir.path().join(format!(".BL-2.yaml.{}.0.pm-tmp", std::process::id()));
        let other = dir.path().join(".notes.txt");
        for p in [&dead, &mine, &other] {
            fs::write(p, b"x").unwrap();
        }
        write(&dir.path().join("BL-3.yaml"), b"new\n").unwrap();
        assert!(!dead.exists());
        assert!(mine.exists() && other.exists());
    }

    #[test]
    fn replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("BL-1.yaml");
        write(&path, b"a\n").unwrap();
        write(&path, b"b\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"b\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_write_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, b"precious\n").unwrap();
        let link = dir.path().join("BL-1.yaml");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let e = write(&link, b"x\n").unwrap_err();
        assert!(e.to_string().ends_with("BL-1.yaml` is a symbolic link; pm does not write through it"), "{e}");
        assert!(create_new(&link, b"x\n").is_err());
        assert!(write_if_unchanged(&link, b"precious\n", b"x\n").is_err());
        assert_eq!(fs::read(&outside).unwrap(), b"precious\n");
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn write_if_unchanged_refuses_lost_updates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("BL-1.yaml");
        fs::write(&path, b"a\n").unwrap();
        write_if_unchanged(&path, b"a\n", b"b\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"b\n");
        // Someone else wrote "c" after pm read "b".
        fs::write(&path, b"c\n").unwrap();
        let e = write_if_unchanged(&path, b"b\n", b"d\n").unwrap_err();
        assert!(e.to_string().ends_with("was changed by someone else since pm read it; nothing written"), "{e}");
        assert!(e.is_refusal());
        assert_eq!(fs::read(&path).unwrap(), b"c\n");
        fs::remove_file(&path).unwrap();
        assert!(write_if_unchanged(&path, b"c\n", b"d\n").is_err());
        assert!(!path.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn create_new_refuses_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("BL-1.yaml");
        create_new(&path, b"first\n").unwrap();
        assert!(create_new(&path, b"second\n").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"first\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
