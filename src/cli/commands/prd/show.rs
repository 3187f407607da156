use crate::cli::context::{CmdResult, Context};
use crate::ops::prd;
use crate::render;

/// Show a PRD: `md` renders a clean document (status badge, stakeholders and
/// approvals, every section, requirements with their backlog coverage);
/// `yaml` prints the file as written; `json` the parsed PRD.
#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Md)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    Md,
    Yaml,
    Json,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let doc = prd::find(&ws, &args.id)?;
    let text = match args.format {
        Format::Md => render::prd::markdown(&doc.value, &prd::coverage(&ws, &doc.value)),
        Format::Yaml => doc.text.clone(),
        Format::Json => render::backlog::to_json(&doc.value),
    };
    ctx.out(&text)
}
