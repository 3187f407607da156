use crate::cli::context::{CmdResult, Context};
use crate::ops::launch;
use crate::render;

/// A launch's checklist: shown without a subcommand; `init` fills it from a
/// launch template, `add`, `done`, `undo` and `rm` change it. Items are named
/// by their number or their text.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = false, subcommand_precedence_over_arg = false)]
pub struct Args {
    /// The launch milestone (MS-1)
    id: String,
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, clap::Subcommand)]
pub(super) enum Action {
    /// Fill an empty checklist (and the rollout and rollback plans) from a
    /// launch template: the team's in product/templates/launch/, else built in
    Init {
        /// The template's name
        #[arg(long, default_value = "checklist")]
        template: String,
    },
    /// Add an item to the checklist
    Add {
        /// What must be done before the launch ships
        item: String,
        /// Who does it
        #[arg(long)]
        owner: Option<String>,
    },
    /// Mark an item done, by its number or its text
    Done { item: String },
    /// Mark a done item open again
    Undo { item: String },
    /// Remove an item
    Rm { item: String },
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let Some(action) = args.action else {
        let product = ctx.product()?;
        let ws = ctx.workspace(&product)?;
        let (m, l) = launch::checklist(&ws, &args.id)?;
        return ctx.out(&render::launch::checklist(m, &l));
    };
    let (product, ws) = ctx.writable()?;
    let id = ws.milestones().iter().find(|m| m.id.eq_ignore_ascii_case(args.id.trim())).map(|m| m.id.clone());
    let id = id.unwrap_or_else(|| args.id.clone());
    match action {
        Action::Init { template } => {
            let (id, n) = launch::init(&product, &ws, &args.id, &template)?;
            ctx.note(&format!(
                "{id}: checklist of {n} item{} from the `{template}` template",
                if n == 1 { "" } else { "s" }
            ));
        }
        Action::Add { item, owner } => {
            let n = launch::add(&product, &ws, &args.id, &item, owner.as_deref())?;
            ctx.note(&format!("{id}: added item {n}, \"{}\"", item.trim()));
        }
        Action::Done { item } => {
            let text = launch::set_done(&product, &ws, &args.id, &item, true)?;
            ctx.note(&format!("{id}: done \"{text}\""));
        }
        Action::Undo { item } => {
            let text = launch::set_done(&product, &ws, &args.id, &item, false)?;
            ctx.note(&format!("{id}: open again \"{text}\""));
        }
        Action::Rm { item } => {
            let text = launch::remove(&product, &ws, &args.id, &item)?;
            ctx.note(&format!("{id}: removed \"{text}\""));
        }
    }
    Ok(())
}
