use crate::cli::context::{CmdResult, Context};
use crate::error::Error;

/// Serve the product to AI agents over the Model Context Protocol (stdio):
/// tools to query, create, update, move, rank, link, record, check, diff
/// and report, the JSON Schemas and artifacts as resources, and prompts.
/// Every write is validated like `pm check` and never committed. Clients
/// start it as `pm mcp` (with `-C DIR` to serve another product).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Serve only the tools that read: nothing can be changed
    #[arg(long)]
    read_only: bool,
    /// Serve only the tools and kinds of these areas (comma-separated):
    /// backlog, roadmap, okr, prd, metric, experiment, evidence
    #[arg(long, value_delimiter = ',', value_name = "AREAS")]
    tools: Vec<String>,
}

#[cfg(feature = "mcp")]
pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    use crate::mcp::{self, GROUPS, Selection};
    let mut selection = Selection::all();
    selection.read_only = args.read_only;
    if !args.tools.is_empty() {
        for area in &args.tools {
            if !GROUPS.contains(&area.as_str()) {
                return Err(Error::usage(format!("`{area}` is not an area of tools"))
                    .with_hint(format!("use some of {}", GROUPS.join(",")))
                    .into());
            }
        }
        selection.groups = args.tools;
    }
    mcp::serve(ctx.start.clone(), selection)?;
    Ok(())
}

/// A build without the cargo feature `mcp` keeps the command, so that a
/// client configured for it gets a reason instead of "no such command".
#[cfg(not(feature = "mcp"))]
pub fn run(_ctx: &Context, args: Args) -> CmdResult {
    let _ = (args.read_only, args.tools);
    Err(Error::usage("this pm was built without the MCP server (the cargo feature `mcp`)")
        .with_hint("build pm with its default features: cargo install pm, or cargo build --features mcp")
        .into())
}
