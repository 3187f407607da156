use crate::cli::context::{CmdResult, Context};
use crate::ops::backlog::{self, NewItem};
use crate::ops::fields;

/// Add a backlog item. Every value is checked before anything is written;
/// the new id (one past the highest on any branch) is printed on stdout.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's title
    title: String,
    /// epic, feature, story, bug, chore or spike
    #[arg(long = "type", short = 't')]
    kind: Option<String>,
    /// Initial status (default: the first status of the workflow)
    #[arg(long)]
    status: Option<String>,
    /// Priority in the configured scheme (p0-p3, or must/should/could/wont)
    #[arg(long, short = 'p')]
    priority: Option<String>,
    /// Estimate on the configured scale (points, or XS..XXL)
    #[arg(long, short = 'e')]
    estimate: Option<String>,
    /// Who owns the item
    #[arg(long, short = 'o')]
    owner: Option<String>,
    /// A label (repeatable)
    #[arg(long = "label", short = 'l', value_name = "LABEL")]
    labels: Vec<String>,
    /// Parent epic or feature
    #[arg(long, value_name = "ID")]
    parent: Option<String>,
    /// An item this one waits for (repeatable)
    #[arg(long = "blocked-by", value_name = "ID")]
    blocked_by: Vec<String>,
    /// The PRD (PRD-3) or requirement (PRD-3#FR-2) this implements
    #[arg(long, value_name = "PRD")]
    prd: Option<String>,
    /// A key result this item moves (repeatable)
    #[arg(long = "kr", value_name = "KR")]
    key_results: Vec<String>,
    /// Roadmap initiative (epics only)
    #[arg(long, value_name = "RM")]
    initiative: Option<String>,
    /// The milestone (MS-n) the item is planned for
    #[arg(long, value_name = "MS")]
    milestone: Option<String>,
    /// The iteration (IT-n, or `current`) the item is planned into
    #[arg(long, value_name = "IT")]
    iteration: Option<String>,
    /// An acceptance criterion (repeatable)
    #[arg(long = "ac", value_name = "TEXT")]
    acceptance_criteria: Vec<String>,
    /// RICE inputs: reach, impact, confidence, effort
    #[arg(long, value_name = "R,I,C,E")]
    rice: Option<String>,
    /// ICE inputs: impact, confidence, ease
    #[arg(long, value_name = "I,C,E")]
    ice: Option<String>,
    /// WSJF inputs: business value, time criticality, risk reduction, job size
    #[arg(long, value_name = "BV,TC,RR,JS")]
    wsjf: Option<String>,
    /// Kano category: must_be, one_dimensional, attractive, indifferent, reverse
    #[arg(long)]
    kano: Option<String>,
    /// Start from a template: story, bug, epic, or one of the team's (pm template list)
    #[arg(long)]
    template: Option<String>,
    /// Free text describing the item (several lines are kept as a block)
    #[arg(long, short = 'd', value_name = "TEXT")]
    description: Option<String>,
    /// Any other field, custom fields included (repeatable)
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    set: Vec<String>,
}

pub(super) fn run(ctx: &Context, args: Args) -> CmdResult {
    let (product, ws) = ctx.writable()?;
    let mut new = NewItem {
        title: args.title,
        labels: args.labels,
        blocked_by: args.blocked_by,
        key_results: args.key_results,
        acceptance_criteria: args.acceptance_criteria,
        template: args.template,
        ..NewItem::default()
    };
    let named = [
        ("type", args.kind),
        ("status", args.status),
        ("priority", args.priority),
        ("estimate", args.estimate),
        ("owner", args.owner),
        ("parent", args.parent),
        ("prd", args.prd),
        ("initiative", args.initiative),
        ("milestone", args.milestone),
        ("rice", args.rice),
        ("ice", args.ice),
        ("wsjf", args.wsjf),
        ("kano", args.kano),
        ("description", args.description),
    ];
    for (field, value) in named {
        if let Some(value) = value {
            new.fields.push((field.to_string(), value));
        }
    }
    if let Some(it) = &args.iteration {
        new.fields.push(("iteration".to_string(), crate::ops::iteration::plannable(&ws, it, ctx.today())?));
    }
    for assignment in &args.set {
        new.fields.push(fields::parse_assignment(assignment)?);
    }
    let doc = backlog::add(&product, &ws, &new, ctx.today())?;
    ctx.out(&format!("{}\n", doc.value.id))?;
    ctx.note(&format!("Created {}", ctx.display(&product, &doc.path)));
    Ok(())
}
