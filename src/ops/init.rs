//! `pm init`: a new product folder with a commented `pm.yaml` and the empty layout.

use std::path::{Path, PathBuf};

use crate::check::schema::SchemaKind;
use crate::error::{Error, Result};
use crate::model::{Config, id};
use crate::store::input::{self, Entry};
use crate::store::{atomic, edit::render_scalar};

const CONFIG_TEMPLATE: &str = include_str!("../../templates/pm.yaml");

/// The folders of a product, each kept in git by an empty `.gitkeep`.
pub(crate) const FOLDERS: [&str; 6] = ["backlog", "okrs", "prds", "metrics", "experiments", "templates"];

/// Creates the product folder `dir`. Returns the paths created, relative to `dir`.
/// `shown` is the folder as the user named it, for messages.
pub(crate) fn init(dir: &Path, shown: &Path, name: &str, prefix: &str) -> Result<Vec<String>> {
    if !id::valid_prefix(prefix) {
        return Err(Error::usage(format!("`{prefix}` cannot be an id prefix"))
            .with_hint("use 1-10 upper-case letters other than RM, MS, OBJ, KR, PRD, EXP (for example BL or ACME)"));
    }
    let found = input::entry(dir);
    if found == Entry::Link {
        return Err(Error::refused(format!("`{}` is a symbolic link; pm init does not follow it", shown.display())));
    }
    if found == Entry::File {
        return Err(Error::refused(format!("`{}` exists and is not a folder", shown.display())));
    }
    if found == Entry::Folder {
        let existing = input::names_in(dir)?;
        if !existing.is_empty() {
            let mut names = existing;
            names.sort();
            let what = if names.iter().any(|n| n == "pm.yaml") {
                "a product (it holds pm.yaml)".to_string()
            } else {
                format!("files: {}", names.into_iter().take(5).collect::<Vec<_>>().join(", "))
            };
            return Err(Error::Refused {
                message: format!("`{}` already exists and holds {what}", shown.display()),
                hint: Some("pm init never overwrites; choose another folder with --dir".to_string()),
            });
        }
    }
    let name_yaml = render_scalar(name, false);
    let files_config = CONFIG_TEMPLATE.replace("{{name}}", &name_yaml).replace("{{prefix}}", prefix);
    let files: Vec<(String, String)> = vec![
        ("pm.yaml".to_string(), CONFIG_TEMPLATE.replace("{{name}}", &name_yaml).replace("{{prefix}}", prefix)),
        (
            "product.yaml".to_string(),
            format!(
                "{}# The product: vision, strategy, personas and life-cycle stage\n\
                 # (development, introduction, growth, maturity or decline).\n\
                 name: {name_yaml}\nvision: \"\"\nstage: development\n",
                SchemaKind::Product.modeline("product.yaml")
            ),
        ),
        (
            "roadmap.yaml".to_string(),
            format!(
                "{}# The roadmap: themes, initiatives (RM-n) and milestones (MS-n).\n\
                 themes: []\ninitiatives: []\nmilestones: []\n",
                SchemaKind::Roadmap.modeline("roadmap.yaml")
            ),
        ),
    ];
    atomic::create_dir_all(dir)?;
    let mut created = Vec::new();
    for (rel, text) in files {
        atomic::create_new(&dir.join(&rel), text.as_bytes())?;
        created.push(rel);
    }
    let config: Config =
        crate::store::yaml::parse(&files_config).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    for name in super::schema::write_all(&dir.join("schemas"), Some(&config))? {
        created.push(format!("schemas/{name}"));
    }
    for folder in FOLDERS {
        let path: PathBuf = dir.join(folder);
        atomic::create_dir_all(&path)?;
        atomic::create_new(&path.join(".gitkeep"), b"")?;
        created.push(format!("{folder}/"));
    }
    Ok(created)
}

/// The section `pm init --agents` adds to AGENTS.md.
pub(crate) const AGENTS_POINTER: &str = "## Product management (pm)

This repository keeps its product — backlog, roadmap, OKRs, PRDs, metrics and
experiments — as YAML files managed with `pm`. Run `pm instructions` for how to
read and change them (commands, `--format json`, exit codes), or connect the MCP
server `pm mcp`. Check your changes with `pm check` and `pm diff`; do not commit
them unless asked.
";

/// What [`agents`] did to AGENTS.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgentsFile {
    Created,
    Appended,
    /// It already points to `pm instructions`: left as it was.
    Present,
}

/// Adds [`AGENTS_POINTER`] to `dir/AGENTS.md`: creates the file, or appends
/// to what it holds (never rewriting a byte of it), or leaves a file that
/// already mentions `pm instructions` alone.
pub(crate) fn agents(dir: &Path) -> Result<AgentsFile> {
    let path = dir.join("AGENTS.md");
    match input::entry(&path) {
        Entry::Link => {
            return Err(Error::refused(format!(
                "`{}` is a symbolic link; pm does not write through it",
                path.display()
            )));
        }
        Entry::Folder => return Err(Error::refused(format!("`{}` is a folder", path.display()))),
        _ => {}
    }
    let Some(before) = input::read_text_if_exists(&path)? else {
        atomic::create_new(&path, AGENTS_POINTER.as_bytes())?;
        return Ok(AgentsFile::Created);
    };
    if before.contains("pm instructions") {
        return Ok(AgentsFile::Present);
    }
    let gap = if before.is_empty() || before.ends_with("\n\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let after = format!("{before}{gap}{AGENTS_POINTER}");
    atomic::write_if_unchanged(&path, before.as_bytes(), after.as_bytes())?;
    Ok(AgentsFile::Appended)
}

#[cfg(test)]
mod agents_tests {
    use super::*;

    #[test]
    fn agents_md_is_created_appended_and_never_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("AGENTS.md");
        assert_eq!(agents(tmp.path()).unwrap(), AgentsFile::Created);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), AGENTS_POINTER);
        // A second run finds its pointer and leaves the file alone.
        assert_eq!(agents(tmp.path()).unwrap(), AgentsFile::Present);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), AGENTS_POINTER);

        // A file of the user's, without a final newline: kept byte for byte, the section after a blank line.
        std::fs::write(&path, "# Agents\n\nUse cargo test.").unwrap();
        assert_eq!(agents(tmp.path()).unwrap(), AgentsFile::Appended);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("# Agents\n\nUse cargo test.\n\n{AGENTS_POINTER}"));
        std::fs::write(&path, "# Agents\n").unwrap();
        assert_eq!(agents(tmp.path()).unwrap(), AgentsFile::Appended);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("# Agents\n\n{AGENTS_POINTER}"));
    }
}
