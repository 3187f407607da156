//! `pm template ...`.

use crate::cli::context::{CmdResult, Context};
use crate::render::table::Grid;
use crate::store::templates::{self, TemplateKind};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the templates for PRDs (pm prd new --template), backlog items
    /// (pm backlog add --template) and launch checklists (pm milestone
    /// checklist MS-n init): built in, or the team's in product/templates/
    #[command(visible_alias = "ls")]
    List,
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::List => {
            let product = ctx.product()?;
            let mut grid = Grid::new(["KIND", "NAME", "SOURCE"]);
            for kind in [TemplateKind::Prd, TemplateKind::Backlog, TemplateKind::Launch] {
                for t in templates::list(&product, kind)? {
                    let source = if t.source == "built-in" { t.source } else { ctx.display(&product, &t.source) };
                    grid.row([kind.folder(), t.name.as_str(), source.as_str()]);
                }
            }
            ctx.out(&grid.render(ctx.width))
        }
    }
}
