use std::path::PathBuf;

use crate::check::schema::{self, SchemaKind};
use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::ops;

/// Print or write the JSON Schemas of the product's files. Inside a product
/// they include what its pm.yaml configures (statuses, priorities, custom
/// fields); point your editor's YAML extension at them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// backlog-item or pm (the configuration)
    kind: Option<String>,
    /// Write every schema into DIR (for example product/schemas)
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    write: Option<PathBuf>,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let config = ctx.product().ok().and_then(|p| ctx.workspace(&p).ok()).map(|ws| ws.config.value);
    if let Some(dir) = args.write {
        let written = ops::schema::write_all(&ctx.start.join(&dir), config.as_ref())?;
        for name in written {
            ctx.note(&format!("Wrote {}", dir.join(name).display()));
        }
        return Ok(());
    }
    let kind = match args.kind.as_deref() {
        None => SchemaKind::BacklogItem,
        Some(name) => SchemaKind::parse(name).ok_or_else(|| {
            let names: Vec<&str> = SchemaKind::ALL.iter().map(|k| k.name()).collect();
            Error::usage(format!("there is no schema `{name}`: use one of {}", names.join(", ")))
        })?,
    };
    ctx.out(&schema::to_text(&schema::schema(kind, config.as_ref())))
}
