//! Writing generated files (the published site) into an output folder: each
//! file atomically, folders created as needed. Every path is checked before
//! anything is written, so a refused run leaves the folder as it was. Files
//! pm does not write are left alone; nothing is ever deleted.

use std::fs;
use std::path::{Component, Path};

use crate::error::{Error, Result};

use super::atomic;

/// What is at `path`, without following a symbolic link.
enum Kind {
    Missing,
    File,
    Folder,
    Link,
    Other,
}

fn kind(path: &Path) -> Result<Kind> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Ok(Kind::Link),
        Ok(m) if m.is_dir() => Ok(Kind::Folder),
        Ok(m) if m.is_file() => Ok(Kind::File),
        Ok(_) => Ok(Kind::Other),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Kind::Missing),
        Err(e) => Err(Error::io("cannot read", path, e)),
    }
}

fn refuse(shown: &Path, why: &str) -> Error {
    Error::usage(format!("`{}` {why}; nothing written", shown.display()))
        .with_hint("choose another output folder, or move that path out of the way")
}

/// Writes `files` (`/`-separated paths below `dir`, and their bytes) into
/// `dir`, creating it and any folders below it. Refuses, before writing
/// anything, a path that is a symbolic link (pm never writes through one),
/// a folder where a file goes, or a file where a folder goes. `shown` is
/// `dir` as the user typed it, for messages.
pub(crate) fn write_files(dir: &Path, shown: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    match kind(dir)? {
        Kind::Missing | Kind::Folder => {}
        Kind::Link => return Err(refuse(shown, "is a symbolic link")),
        Kind::File | Kind::Other => return Err(refuse(shown, "is not a folder")),
    }
    for (rel, _) in files {
        let parts: Vec<&str> = rel.split('/').collect();
        let plain = Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)));
        if !plain || parts.iter().any(|p| p.is_empty()) {
            // Paths come from pm itself; one that could leave the folder is a bug, not input.
            return Err(Error::usage(format!("`{rel}` is not a plain path below the output folder")));
        }
        let (mut path, mut seen) = (dir.to_path_buf(), shown.to_path_buf());
        for (n, part) in parts.iter().enumerate() {
            path.push(part);
            seen.push(part);
            let last = n + 1 == parts.len();
            match (kind(&path)?, last) {
                (Kind::Missing, _) => break,
                (Kind::Link, _) => return Err(refuse(&seen, "is a symbolic link; pm does not write through it")),
                (Kind::Folder, false) | (Kind::File, true) => {}
                (Kind::Folder, true) => return Err(refuse(&seen, "is a folder where pm writes a file")),
                (Kind::File | Kind::Other, false) => {
                    return Err(refuse(&seen, "is a file where pm needs a folder"));
                }
                (Kind::Other, true) => return Err(refuse(&seen, "is not a regular file")),
            }
        }
    }
    fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", shown, e))?;
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        atomic::write(&path, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<(String, Vec<u8>)> {
        vec![("index.html".into(), b"home".to_vec()), ("prds/PRD-1.html".into(), b"prd".to_vec())]
    }

    #[test]
    fn creates_folders_and_keeps_other_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        fs::create_dir_all(dir.join("prds")).unwrap();
        fs::write(dir.join("CNAME"), "example.com").unwrap();
        fs::write(dir.join("prds/PRD-1.html"), "old").unwrap();
        write_files(&dir, Path::new("site"), &files()).unwrap();
        assert_eq!(fs::read_to_string(dir.join("index.html")).unwrap(), "home");
        assert_eq!(fs::read_to_string(dir.join("prds/PRD-1.html")).unwrap(), "prd");
        assert_eq!(fs::read_to_string(dir.join("CNAME")).unwrap(), "example.com");
        assert_eq!(fs::read_dir(dir.join("prds")).unwrap().count(), 1, "no temporary files left");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_before_writing_anything() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        fs::create_dir_all(&dir).unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("prds")).unwrap();
        let e = write_files(&dir, Path::new("site"), &files()).unwrap_err();
        assert_eq!(e.to_string(), "`site/prds` is a symbolic link; pm does not write through it; nothing written");
        assert!(!dir.join("index.html").exists());
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);

        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let e = write_files(&link, Path::new("link"), &files()).unwrap_err();
        assert_eq!(e.to_string(), "`link` is a symbolic link; nothing written");
    }

    #[test]
    fn refuses_files_and_folders_in_the_way() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(write_files(&file, Path::new("file"), &files()).is_err());
        let dir = tmp.path().join("site");
        fs::create_dir_all(dir.join("index.html")).unwrap();
        let e = write_files(&dir, Path::new("site"), &files()).unwrap_err();
        assert_eq!(e.to_string(), "`site/index.html` is a folder where pm writes a file; nothing written");
        assert!(!dir.join("prds").exists());
        let bad = vec![("../x.html".to_string(), Vec::new())];
        assert!(write_files(&dir, Path::new("site"), &bad).is_err());
    }
}
