//! `pm competitor ...`: who else solves the problem (`competitors.yaml`),
//! and the feature matrix of them beside us.

use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::model::competitor::Support;
use crate::model::kind::Kind;
use crate::ops::competitor::{self, FeatureChange, NewCompetitor};
use crate::render::{self, evidence as draw};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List competitors with their positioning, pricing and when they were last reviewed
    List(ListArgs),
    /// Show a competitor: positioning, strengths, weaknesses, pricing and features
    Show(ShowArgs),
    /// Add a competitor (creates competitors.yaml)
    Add(Box<AddArgs>),
    /// Change fields of competitors (--set reviewed=2026-12-01, --set features.sso=yes, --add strengths=...)
    Edit(crate::cli::record::EditArgs),
    /// Remove competitors
    Rm(crate::cli::record::RmArgs),
    /// The features compared: add or change one (our support, the work that delivers it, theirs)
    Feature(FeatureArgs),
    /// Remove a feature from the comparison and from every competitor
    FeatureRm(FeatureRmArgs),
    /// The feature matrix: features × competitors (yes, partial, no, planned) beside ours
    Matrix(MatrixArgs),
}

/// List competitors in the file's order.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

/// Show one competitor.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The competitor's id (invoicely)
    id: String,
    /// table (for people), json, yaml
    #[arg(long, short = 'f', value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ShowFormat {
    Table,
    Json,
    Yaml,
}

/// Add a competitor; it counts as reviewed today unless --reviewed says otherwise.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// A snake_case id (invoicely)
    id: String,
    /// Their name
    #[arg(long)]
    name: Option<String>,
    /// Their website
    #[arg(long)]
    url: Option<String>,
    /// Who they sell to and how they pitch it
    #[arg(long)]
    positioning: Option<String>,
    /// Their pricing, in words
    #[arg(long)]
    pricing: Option<String>,
    /// A strength (repeatable)
    #[arg(long = "strength", value_name = "TEXT")]
    strengths: Vec<String>,
    /// A weakness (repeatable)
    #[arg(long = "weakness", value_name = "TEXT")]
    weaknesses: Vec<String>,
    /// The day they were reviewed (default: today)
    #[arg(long, value_name = "DATE")]
    reviewed: Option<String>,
    /// Their support of a feature: KEY=yes|partial|no|planned (repeatable)
    #[arg(long = "feature", value_name = "KEY=SUPPORT")]
    features: Vec<String>,
}

/// Add a feature to the comparison or change it. Setting a competitor's
/// support also marks that competitor reviewed today.
#[derive(Debug, clap::Args)]
pub struct FeatureArgs {
    /// The feature's snake_case key (multi_currency)
    key: String,
    /// How the matrix names it
    #[arg(long)]
    name: Option<String>,
    /// Our support of it
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Support::names()))]
    ours: Option<String>,
    /// The backlog item or initiative that delivers it (BL-42, RM-2)
    #[arg(long, value_name = "ID")]
    delivered_by: Option<String>,
    /// A competitor's support: COMPETITOR=yes|partial|no|planned (repeatable)
    #[arg(long = "theirs", value_name = "COMPETITOR=SUPPORT")]
    theirs: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct FeatureRmArgs {
    /// The feature's key
    key: String,
}

/// The feature matrix: each compared feature with our support and the work
/// that delivers it (with its status), and each competitor's support.
#[derive(Debug, clap::Args)]
pub struct MatrixArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::List(args) => {
            let product = ctx.product()?;
            let ws = ctx.workspace(&product)?;
            ctx.out(&draw::competitor_list(&ws, args.format.into(), ctx.width, ctx.today()))
        }
        Command::Show(args) => {
            let product = ctx.product()?;
            let ws = ctx.workspace(&product)?;
            let (_, c) = competitor::find(&ws, &args.id)?;
            let features = competitor::matrix(&ws);
            let text = match args.format {
                ShowFormat::Table => draw::competitor_text(c, &features, ctx.today()),
                ShowFormat::Json => render::backlog::to_json(&draw::competitor_json(c, ctx.today())),
                ShowFormat::Yaml => yaml_serde::to_string(&draw::competitor_json(c, ctx.today())).unwrap_or_default(),
            };
            ctx.out(&text)
        }
        Command::Add(args) => {
            let (product, ws) = ctx.writable()?;
            let args = *args;
            let new = NewCompetitor {
                id: args.id,
                name: args.name,
                url: args.url,
                positioning: args.positioning,
                pricing: args.pricing,
                strengths: args.strengths,
                weaknesses: args.weaknesses,
                reviewed: args.reviewed,
                features: args.features,
            };
            let id = competitor::add(&product, &ws, &new, ctx.today())?;
            ctx.out(&format!("{id}\n"))?;
            ctx.note(&format!("Added {id} to {}", ctx.display(&product, crate::store::COMPETITORS_FILE)));
            Ok(())
        }
        Command::Edit(args) => crate::cli::record::edit(ctx, Kind::Competitor, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, Kind::Competitor, &args),
        Command::Feature(args) => {
            let (product, ws) = ctx.writable()?;
            let change = FeatureChange {
                key: args.key,
                name: args.name,
                ours: args.ours,
                delivered_by: args.delivered_by,
                theirs: args.theirs,
            };
            let new = competitor::set_feature(&product, &ws, &change, ctx.today())?;
            ctx.note(&format!("{} feature {}", if new { "Added" } else { "Updated" }, change.key.trim()));
            Ok(())
        }
        Command::FeatureRm(args) => {
            let (product, ws) = ctx.writable()?;
            competitor::remove_feature(&product, &ws, &args.key)?;
            ctx.note(&format!("Removed feature {}", args.key.trim()));
            Ok(())
        }
        Command::Matrix(args) => {
            let product = ctx.product()?;
            let ws = ctx.workspace(&product)?;
            ctx.out(&draw::matrix(&competitor::matrix(&ws), args.format.into(), ctx.width))
        }
    }
}
