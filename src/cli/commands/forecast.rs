use crate::cli::context::{CmdResult, Context};
use crate::error::Error;
use crate::model::Date;
use crate::model::forecast::{DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_WEEKS};
use crate::ops::forecast::{self, Options, Question};
use crate::render;
use crate::render::progress::Bar;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    question: Command,
    /// The seed of the sampler: the same repository and seed give the same answer
    #[arg(long, global = true, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// How many Monte Carlo runs
    #[arg(long, global = true, default_value_t = DEFAULT_RUNS)]
    runs: u32,
    /// How many full weeks of history to sample throughput from
    #[arg(long, global = true, default_value_t = DEFAULT_WEEKS)]
    weeks: u32,
    /// table or json
    #[arg(long, short = 'f', global = true, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// When will N more items be done?
    Items { n: u64 },
    /// When will a milestone's open leaf items be done?
    Milestone { id: String },
    /// When will an initiative's open leaf items be done?
    Initiative { id: String },
    /// How many items will be done by DATE?
    By { date: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Table,
    Json,
}

pub(crate) fn run(ctx: &Context, args: Args) -> CmdResult {
    let product = ctx.product()?;
    let ws = ctx.workspace(&product)?;
    let question = match args.question {
        Command::Items { n } => Question::Items(n),
        Command::Milestone { id } => Question::Milestone(id),
        Command::Initiative { id } => Question::Initiative(id),
        Command::By { date } => Question::By(date.parse::<Date>().map_err(|e| Error::usage(e.to_string()))?),
    };
    let opts = Options { seed: args.seed, runs: args.runs, weeks: args.weeks };
    let f = forecast::forecast(&product, &ws, &question, opts, ctx.today(), &Bar::stderr())?;
    let text = match args.format {
        Format::Table => render::forecast::table(&f),
        Format::Json => render::backlog::to_json(&f),
    };
    ctx.out(&text)
}
