//! `pm hook install|uninstall`: a git pre-commit hook that runs
//! `pm check --hook` on what is staged, so that nothing invalid is committed.

use std::path::{Path, PathBuf};

use crate::error::{Error, Refusal, Result};
use crate::store::input::{self, Entry};
use crate::store::{Product, atomic};

/// The line that marks a hook as pm's own.
const MARKER: &str = "# Installed by `pm hook install`";

/// The hook script: runs the `pm` on PATH (the one installed when there is
/// none) on what is staged, as `pm check --hook`.
pub(crate) fn script(pm: &Path, product_dir: &str) -> String {
    let pm = pm.display().to_string().replace('\'', "'\\''");
    // Git runs hooks from the top of the working tree, where pm finds `product/` by itself;
    // `-C` is needed only for a product folder elsewhere.
    let dir = match product_dir {
        "" | "product" => String::new(),
        other => format!(" -C '{}'", other.replace('\'', "'\\''")),
    };
    format!(
        "#!/bin/sh\n{MARKER}; remove with `pm hook uninstall`.\n\
         # Checks the product files staged for this commit against HEAD (not the working tree).\n\
         pm=$(command -v pm) || pm='{pm}'\n\
         exec \"$pm\"{dir} check --hook\n"
    )
}

fn hook_path(product: &Product) -> Result<PathBuf> {
    Ok(product.repo()?.hooks_dir().join("pre-commit"))
}

/// Installs the hook; refuses to replace a hook pm did not write unless `force`.
pub(crate) fn install(product: &Product, pm: &Path, force: bool) -> Result<PathBuf> {
    let path = hook_path(product)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    // A hooks folder that is a link could put the script anywhere.
    if input::entry(dir) == Entry::Link {
        return Err(Error::Refused {
            message: format!("`{}` is a symbolic link; pm does not write through it", dir.display()),
            hint: Some("point `core.hooksPath` at the real folder, or install the hook by hand".to_string()),
        });
    }
    let found = input::entry(&path);
    if found == Entry::Link {
        return Err(Error::refused(format!("`{}` is a symbolic link; pm does not write through it", path.display())));
    }
    if found != Entry::Missing {
        let existing = input::read_text_if_exists(&path).ok().flatten().unwrap_or_default();
        if !existing.contains(MARKER) && !force {
            return Err(Refusal::ForeignHook { path: path.display().to_string() }.into());
        }
    }
    atomic::create_dir_all(dir)?;
    let product_dir = product.repo_path.clone().unwrap_or_default();
    atomic::write(&path, script(pm, &product_dir).as_bytes())?;
    atomic::set_executable(&path)?;
    Ok(path)
}

/// Removes the hook if pm wrote it.
pub(crate) fn uninstall(product: &Product) -> Result<Option<PathBuf>> {
    let path = hook_path(product)?;
    match input::read_text_if_exists(&path)? {
        None => Ok(None),
        Some(text) if !text.contains(MARKER) => Err(Error::refused(format!(
            "`{}` was not written by pm; remove it yourself if you want it gone",
            path.display()
        ))),
        Some(_) => {
            atomic::remove(&path)?;
            Ok(Some(path))
        }
    }
}
