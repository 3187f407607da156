//! `pm customer ...`: the customers feedback comes from (`customers.yaml`).

use crate::cli::FormatArg;
use crate::cli::context::{CmdResult, Context};
use crate::model::kind::Kind;
use crate::ops::customer::{self, NewCustomer};
use crate::render::{self, evidence as draw};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List customers with their tier, weight, segment, ARR and feedback count
    List(ListArgs),
    /// Show a customer: tier and weight, ARR, their feedback and the work it asks for
    Show(ShowArgs),
    /// Add a customer (creates customers.yaml with the default tier weights)
    Add(AddArgs),
    /// Change fields of customers (name, tier, segment, arr, mrr, currency, ...)
    Edit(crate::cli::record::EditArgs),
    /// Remove customers; refused while feedback cites them, unless --force
    Rm(crate::cli::record::RmArgs),
    /// Set the weight of tiers in demand: enterprise=3 smb=1 (a tier not listed weighs 1)
    Weights(WeightsArgs),
}

/// List customers in the file's order.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only these tiers (repeatable, or comma-separated)
    #[arg(long, value_delimiter = ',')]
    tier: Vec<String>,
    /// Only these segments
    #[arg(long, value_delimiter = ',')]
    segment: Vec<String>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t)]
    format: FormatArg,
}

/// Show one customer with what they asked for.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The customer's id (acme_corp)
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

/// Add a customer to customers.yaml. Money is ARR, or MRR (ARR is then 12 ×
/// MRR), in the customer's currency.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// A snake_case id that feedback cites (acme_corp)
    id: String,
    /// The customer's name
    #[arg(long)]
    name: Option<String>,
    /// Their tier: a key of tier_weights (enterprise, mid_market, smb, free, or your own)
    #[arg(long)]
    tier: Option<String>,
    /// Their segment
    #[arg(long)]
    segment: Option<String>,
    /// Annual recurring revenue
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    arr: Option<String>,
    /// Monthly recurring revenue
    #[arg(long, value_name = "AMOUNT", conflicts_with = "arr", allow_hyphen_values = true)]
    mrr: Option<String>,
    /// ISO currency of ARR/MRR (EUR)
    #[arg(long)]
    currency: Option<String>,
}

/// Set tier weights in customers.yaml, all in one write.
#[derive(Debug, clap::Args)]
pub struct WeightsArgs {
    /// TIER=WEIGHT pairs (enterprise=3 free=0.5)
    #[arg(required = true, value_name = "TIER=WEIGHT")]
    pairs: Vec<String>,
}

pub(crate) fn run(ctx: &Context, command: Command) -> CmdResult {
    match command {
        Command::List(args) => {
            let product = ctx.product()?;
            let ws = ctx.workspace(&product)?;
            let rows = customer::list(&ws, &args.tier, &args.segment);
            ctx.out(&draw::customer_list(&rows, args.format.into(), ctx.width))
        }
        Command::Show(args) => {
            let product = ctx.product()?;
            let ws = ctx.workspace(&product)?;
            let (row, asked) = customer::details(&ws, &args.id)?;
            let text = match args.format {
                ShowFormat::Table => draw::customer_text(&row, &asked),
                ShowFormat::Json => render::backlog::to_json(&draw::customer_json(&row, &asked)),
                ShowFormat::Yaml => yaml_serde::to_string(&draw::customer_json(&row, &asked)).unwrap_or_default(),
            };
            ctx.out(&text)
        }
        Command::Add(args) => {
            let (product, ws) = ctx.writable()?;
            let new = NewCustomer {
                id: args.id,
                name: args.name,
                tier: args.tier,
                segment: args.segment,
                arr: args.arr,
                mrr: args.mrr,
                currency: args.currency,
            };
            let id = customer::add(&product, &ws, &new)?;
            ctx.out(&format!("{id}\n"))?;
            ctx.note(&format!("Added {id} to {}", ctx.display(&product, crate::store::CUSTOMERS_FILE)));
            Ok(())
        }
        Command::Edit(args) => crate::cli::record::edit(ctx, Kind::Customer, &args),
        Command::Rm(args) => crate::cli::record::rm(ctx, Kind::Customer, &args),
        Command::Weights(args) => {
            let (product, ws) = ctx.writable()?;
            let set = customer::set_weights(&product, &ws, &args.pairs)?;
            let shown: Vec<String> = set.iter().map(|(t, w)| format!("{t}={}", render::experiment::num(*w))).collect();
            ctx.note(&format!("Tier weights set: {}", shown.join(", ")));
            Ok(())
        }
    }
}
