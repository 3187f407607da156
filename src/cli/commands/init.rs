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
    /// Also point AI agents to `pm instructions` in AGENTS.md (created, or
    /// appended to; never overwritten). In an existing product, only this
    #[arg(long)]
    agents: bool,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let dir = ctx.start.join(&args.dir);
    if args.agents && dir.join(crate::store::CONFIG_FILE).is_file() {
        ctx.note(&format!("{}/ is a product already", args.dir.display()));
        return agents(ctx);
    }
    let name = args.name.unwrap_or_else(|| {
        ctx.start.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "product".into())
    });
    let created = ops::init::init(&dir, &args.dir, &name, &args.prefix)?;
    let shown = args.dir.display().to_string();
    ctx.note(&format!("Created product `{name}` in {shown}/"));
    for path in created {
        ctx.note(&format!("  {shown}/{path}"));
    }
    if args.agents {
        agents(ctx)?;
    }
    ctx.note("Next: pm backlog add \"First item\"");
    Ok(())
}

fn agents(ctx: &Context) -> CmdResult {
    let done = match ops::init::agents(&ctx.start)? {
        ops::init::AgentsFile::Created => "Created AGENTS.md: it points agents to `pm instructions`",
        ops::init::AgentsFile::Appended => "Added to AGENTS.md: a section that points agents to `pm instructions`",
        ops::init::AgentsFile::Present => "AGENTS.md already points to `pm instructions`; left as it is",
    };
    ctx.note(done);
    Ok(())
}
