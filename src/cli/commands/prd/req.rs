use crate::cli::context::{CmdResult, Context};
use crate::ops::prd::{self, Part};

use super::part;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a requirement; prints its id (FR-n, or NFR-n with --nfr)
    Add(AddArgs),
    /// Change a requirement: pm prd req edit PRD-1#FR-2 --set priority=must
    Edit(part::EditArgs),
    /// Remove requirements (refused while a backlog item links to one, unless --force)
    Rm(part::RmArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The PRD (PRD-3)
    id: String,
    /// The requirement
    text: String,
    /// must, should, could or wont (MoSCoW)
    #[arg(long)]
    priority: Option<String>,
    /// A non-functional requirement of this category: performance, security,
    /// reliability, usability, accessibility or compliance
    #[arg(long, value_name = "CATEGORY")]
    nfr: Option<String>,
}

pub(super) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::Add(args) => {
            let (product, ws) = ctx.writable()?;
            let rid = prd::add_requirement(
                &product,
                &ws,
                &args.id,
                &args.text,
                args.priority.as_deref(),
                args.nfr.as_deref(),
                ctx.today(),
            )?;
            ctx.out(&format!("{rid}\n"))?;
            ctx.note(&format!("Added {}#{rid}", args.id.to_ascii_uppercase()));
            Ok(())
        }
        Command::Edit(args) => part::edit(ctx, Part::Requirement, &args),
        Command::Rm(args) => part::rm(ctx, Part::Requirement, &args),
    }
}
