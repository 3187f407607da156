use crate::cli::context::{CmdResult, Context};
use crate::ops::prd;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a requirement; prints its id (FR-n, or NFR-n with --nfr)
    Add(AddArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    id: String,
    text: String,
    /// must, should, could or wont (MoSCoW)
    #[arg(long)]
    priority: Option<String>,
    /// A non-functional requirement of this category: performance, security,
    /// reliability, usability, accessibility or compliance
    #[arg(long, value_name = "CATEGORY")]
    nfr: Option<String>,
}

pub fn run(ctx: &Context, command: Command) -> CmdResult {
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
    }
}
