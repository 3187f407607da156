//! `pm hook install|uninstall`: a git pre-commit hook that runs
//! `pm check --staged`, so that nothing invalid is committed.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::{Product, atomic};

/// The line that marks a hook as pm's own.
const MARKER: &str = "# Installed by `pm hook install`";

/// The hook script: runs this pm on the staged product.
pub fn script(pm: &Path, product_dir: &str) -> String {
    let pm = pm.display().to_string().replace('\'', "'\\''");
    // Git runs hooks from the top of the working tree, where pm finds `product/` by itself;
    // `-C` is needed only for a product folder elsewhere.
    let dir = match product_dir {
        "" | "product" => String::new(),
        other => format!(" -C '{}'", other.replace('\'', "'\\''")),
    };
    format!(
        "#!/bin/sh\n{MARKER}; remove with `pm hook uninstall`.\n\
         # Checks the product files staged for this commit (not the working tree).\n\
         exec '{pm}'{dir} check --staged\n"
    )
}

fn hook_path(product: &Product) -> Result<PathBuf> {
    Ok(product.repo()?.hooks_dir().join("pre-commit"))
}

/// Installs the hook; refuses to replace a hook pm did not write unless `force`.
pub fn install(product: &Product, pm: &Path, force: bool) -> Result<PathBuf> {
    let path = hook_path(product)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    // A hooks folder that is a link could put the script anywhere.
    if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::Refused {
            message: format!("`{}` is a symbolic link; pm does not write through it", dir.display()),
            hint: Some("point `core.hooksPath` at the real folder, or install the hook by hand".to_string()),
        });
    }
    if let Ok(meta) = fs::symlink_metadata(&path) {
        if meta.file_type().is_symlink() {
            return Err(Error::refused(format!(
                "`{}` is a symbolic link; pm does not write through it",
                path.display()
            )));
        }
        let existing = fs::read_to_string(&path).unwrap_or_default();
        if !existing.contains(MARKER) && !force {
            return Err(Error::Refused {
                message: format!("`{}` already exists and was not written by pm", path.display()),
                hint: Some("add `pm check --staged` to it yourself, or replace it with --force".to_string()),
            });
        }
    }
    fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    let product_dir = product.repo_path.clone().unwrap_or_default();
    atomic::write(&path, script(pm, &product_dir).as_bytes())?;
    set_executable(&path)?;
    Ok(path)
}

/// Removes the hook if pm wrote it.
pub fn uninstall(product: &Product) -> Result<Option<PathBuf>> {
    let path = hook_path(product)?;
    match fs::read_to_string(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("cannot read", &path, e)),
        Ok(text) if !text.contains(MARKER) => Err(Error::refused(format!(
            "`{}` was not written by pm; remove it yourself if you want it gone",
            path.display()
        ))),
        Ok(_) => {
            fs::remove_file(&path).map_err(|e| Error::io("cannot remove", &path, e))?;
            Ok(Some(path))
        }
    }
}

#[cfg(unix)]
fn set_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("cannot make executable", path, e))
}

#[cfg(not(unix))]
fn set_executable(_: &Path) -> Result<()> {
    Ok(())
}
