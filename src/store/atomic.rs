//! Atomic file writes: the bytes go to a temporary file in the target's own
//! directory, are flushed to disk, and the temporary file is renamed over the
//! target. A crash leaves either the old file or the new one, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{Error, Result};

/// Replaces (or creates) `path` with `bytes`, keeping the old file's permissions.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = write_temp(path, bytes)?;
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(&temp, meta.permissions());
    }
    fs::rename(&temp, path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::io("cannot write", path, e)
    })
}

/// Creates `path` with `bytes`; fails if it already exists, even when another
/// process creates it at the same moment.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = write_temp(path, bytes)?;
    // A hard link is an atomic "create unless it exists" that still publishes a complete file.
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    linked.map_err(|e| Error::io("cannot create", path, e))
}

fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.{}.pm-tmp", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = (|| -> std::io::Result<()> {
        let mut file: File = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
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
    fn replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("BL-1.yaml");
        write(&path, b"a\n").unwrap();
        write(&path, b"b\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"b\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
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
