//! Writing the JSON Schemas to a folder.

use std::path::Path;

use crate::check::schema::{self, SchemaKind};
use crate::error::{Error, Result};
use crate::model::Config;
use crate::store::atomic;

/// Writes every schema into `dir` (created if needed); returns the file names.
pub(crate) fn write_all(dir: &Path, config: Option<&Config>) -> Result<Vec<String>> {
    if dir.is_symlink() {
        return Err(Error::refused(format!("`{}` is a symbolic link; pm does not write through it", dir.display())));
    }
    crate::store::atomic::create_dir_all(dir)?;
    let mut written = Vec::new();
    for kind in SchemaKind::ALL {
        let name = kind.file_name();
        atomic::write(&dir.join(&name), schema::to_text(&schema::schema(kind, config)).as_bytes())?;
        written.push(name);
    }
    Ok(written)
}
