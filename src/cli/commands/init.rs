use std::path::PathBuf;

use crate::cli::context::{CmdResult, Context};
use crate::ops;

/// Create a product folder: a commented pm.yaml and the empty layout
/// (backlog/, okrs/, prds/, metrics/, experiments/, templates/).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The product folder to create
    #[arg(long, default_value = "product", value_name = "DIR")]
    dir: PathBuf,
    /// Prefix of backlog ids (BL-1, BL-2, ...)
    #[arg(long, default_value = "BL")]
    prefix: String,
    /// Product name (default: the name of the current folder)
    #[arg(long)]
    name: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> CmdResult {
    let dir = ctx.start.join(&args.dir);
    let name = args.name.unwrap_or_else(|| {
        ctx.start.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "product".into())
    });
    let created = ops::init::init(&dir, &args.dir, &name, &args.prefix)?;
    let shown = args.dir.display().to_string();
    ctx.note(&format!("Created product `{name}` in {shown}/"));
    for path in created {
        ctx.note(&format!("  {shown}/{path}"));
    }
    ctx.note("Next: pm backlog add \"First item\"");
    Ok(())
}
