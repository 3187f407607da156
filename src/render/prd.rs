//! Views of PRDs: the list, a Markdown document, and requirement coverage.

use std::fmt::Write as _;

use crate::model::Prd;
use crate::model::prd::{Approval, PrdStatus, QuestionStatus};
use crate::ops::prd::Coverage;

use super::Format;
use super::table::Grid;
use super::text::{md_block, md_cell, terminal_block};

pub(super) fn approvals(p: &Prd) -> String {
    let n = p.stakeholders.len();
    let ok = p.stakeholders.iter().filter(|s| s.approval() == Approval::Approved).count();
    if n == 0 { String::new() } else { format!("{ok}/{n}") }
}

/// `pm prd list`.
pub(crate) fn list(prds: &[&Prd], format: Format, width: Option<usize>) -> String {
    let cells = |p: &Prd| {
        vec![
            p.id.clone(),
            p.status().as_str().to_string(),
            p.owner.clone().unwrap_or_default(),
            approvals(p),
            p.functional_requirements.len().to_string(),
            p.initiative.clone().unwrap_or_default(),
            p.milestone.clone().unwrap_or_default(),
            p.title.clone(),
        ]
    };
    let mut grid =
        Grid::new(["ID", "STATUS", "OWNER", "APPROVED", "FRS", "INITIATIVE", "MILESTONE", "TITLE"]).flexible(7);
    for p in prds {
        grid.row(cells(p));
    }
    match format {
        Format::Json => super::backlog::to_json(&prds),
        Format::Yaml => yaml_serde::to_string(&prds).unwrap_or_default(),
        Format::Csv => grid.csv(),
        Format::Md => grid.markdown(),
        Format::Table => {
            if prds.is_empty() {
                return "No PRDs. Start one with `pm prd new TITLE`.\n".into();
            }
            grid.render(width)
        }
    }
}

fn badge(status: PrdStatus) -> &'static str {
    match status {
        PrdStatus::Draft => "📝 Draft",
        PrdStatus::InReview => "👀 In review",
        PrdStatus::Approved => "✅ Approved",
        PrdStatus::Shipped => "🚀 Shipped",
        PrdStatus::Archived => "🗄️ Archived",
        PrdStatus::Rejected => "⛔ Rejected",
    }
}

fn bullets(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = write!(out, "\n## {title}\n\n");
    for i in items {
        let _ = writeln!(out, "- {}", md_block(i));
    }
}

/// `pm prd show --format md`: the PRD as a document.
pub(crate) fn markdown(p: &Prd, coverage: &Coverage) -> String {
    let mut out = format!("# {}: {}\n\n**{}**", md_cell(&p.id), md_cell(&p.title), badge(p.status()));
    let mut meta = Vec::new();
    if let Some(o) = &p.owner {
        meta.push(format!("Owner: {}", md_cell(o)));
    }
    if let Some(v) = &p.version {
        meta.push(format!("Version: {}", md_cell(v.to_string().trim_matches('"'))));
    }
    if let Some(i) = &p.initiative {
        meta.push(format!("Initiative: {}", md_cell(i)));
    }
    if let Some(m) = &p.milestone {
        meta.push(format!("Milestone: {}", md_cell(m)));
    }
    if let Some(u) = p.updated {
        meta.push(format!("Updated: {u}"));
    }
    if !meta.is_empty() {
        let _ = write!(out, " · {}", meta.join(" · "));
    }
    out.push('\n');
    if !p.stakeholders.is_empty() {
        out.push_str("\n## Stakeholders\n\n");
        let mut grid = Grid::new(["Name", "Role", "Approval", "Date", "Note"]);
        for s in &p.stakeholders {
            let approval = match s.approval() {
                Approval::Approved => "✅ approved",
                Approval::Rejected => "❌ rejected",
                Approval::Pending => "⏳ pending",
            };
            grid.row([
                s.name.as_str(),
                s.role.as_deref().unwrap_or(""),
                approval,
                &s.date.map(|d| d.to_string()).unwrap_or_default(),
                s.note.as_deref().unwrap_or(""),
            ]);
        }
        out.push_str(&grid.markdown());
    }
    if let Some(problem) = &p.problem {
        let _ = write!(out, "\n## Problem\n\n{}\n", super::text::md_prose(problem));
    }
    if let Some(b) = &p.background {
        let _ = write!(out, "\n## Background\n\n{}\n", super::text::md_prose(b));
    }
    if !p.goals.is_empty() {
        out.push_str("\n## Goals\n\n");
        let mut grid = Grid::new(["Goal", "Measured by", "Target"]);
        for g in &p.goals {
            let by = g.metric.as_deref().or(g.key_result.as_deref()).unwrap_or("");
            let target = g.target.as_ref().map(|t| t.to_string().trim_matches('"').to_string()).unwrap_or_default();
            grid.row([g.text.as_str(), by, &target]);
        }
        out.push_str(&grid.markdown());
    }
    bullets(&mut out, "Non-goals", &p.non_goals);
    bullets(&mut out, "Personas", &p.personas);
    if !p.user_stories.is_empty() {
        out.push_str("\n## User stories\n\n");
        for u in &p.user_stories {
            let _ = writeln!(
                out,
                "- **{}** As a {}, I want {}, so that {}.",
                md_cell(&u.id),
                md_cell(u.as_a.as_deref().unwrap_or("…")),
                md_cell(u.i_want.as_deref().unwrap_or("…")),
                md_cell(u.so_that.as_deref().unwrap_or("…"))
            );
            for a in &u.acceptance_criteria {
                let _ = writeln!(out, "  - {}", md_cell(a));
            }
        }
    }
    let covered = |rid: &str| -> String {
        coverage
            .requirements
            .iter()
            .find(|r| r.id == rid)
            .map(|r| {
                if r.items.is_empty() {
                    "⚠ not in the backlog".to_string()
                } else {
                    r.items
                        .iter()
                        .map(|i| format!("{} ({})", i.id, i.status.replace('_', " ")))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            })
            .unwrap_or_default()
    };
    if !p.functional_requirements.is_empty() {
        out.push_str("\n## Functional requirements\n\n");
        let mut grid = Grid::new(["ID", "Requirement", "Priority", "Backlog"]);
        for r in &p.functional_requirements {
            grid.row([r.id.as_str(), &r.text, r.priority.map(|p| p.as_str()).unwrap_or(""), &covered(&r.id)]);
        }
        out.push_str(&grid.markdown());
        if coverage.musts > 0 {
            let _ = writeln!(out, "\nMust-haves done: {} of {}.", coverage.musts_done, coverage.musts);
        }
    }
    if !p.non_functional_requirements.is_empty() {
        out.push_str("\n## Non-functional requirements\n\n");
        let mut grid = Grid::new(["ID", "Category", "Requirement", "Backlog"]);
        for r in &p.non_functional_requirements {
            grid.row([
                r.id.clone(),
                r.category.map(|c| format!("{c:?}").to_lowercase()).unwrap_or_default(),
                r.text.clone(),
                covered(&r.id),
            ]);
        }
        out.push_str(&grid.markdown());
    }
    bullets(&mut out, "Designs", &p.designs);
    bullets(&mut out, "Assumptions", &p.assumptions);
    bullets(&mut out, "Constraints", &p.constraints);
    bullets(&mut out, "Dependencies", &p.dependencies);
    if !p.risks.is_empty() {
        out.push_str("\n## Risks\n\n");
        let mut grid = Grid::new(["Risk", "Likelihood", "Impact", "Mitigation"]);
        for r in &p.risks {
            grid.row([
                r.text.as_str(),
                r.likelihood.as_deref().unwrap_or(""),
                r.impact.as_deref().unwrap_or(""),
                r.mitigation.as_deref().unwrap_or(""),
            ]);
        }
        out.push_str(&grid.markdown());
    }
    if !p.open_questions.is_empty() {
        out.push_str("\n## Open questions\n\n");
        let mut grid = Grid::new(["Question", "Owner", "Status", "Answer"]);
        for q in &p.open_questions {
            let status = if q.status == Some(QuestionStatus::Answered) { "answered" } else { "open" };
            grid.row([q.q.as_str(), q.owner.as_deref().unwrap_or(""), status, q.answer.as_deref().unwrap_or("")]);
        }
        out.push_str(&grid.markdown());
    }
    if !p.release_plan.is_empty() {
        out.push_str("\n## Release plan\n\n");
        let mut grid = Grid::new(["Milestone", "Scope", "Criteria"]);
        for r in &p.release_plan {
            grid.row([r.milestone.as_deref().unwrap_or(""), &r.scope.join(", "), r.criteria.as_deref().unwrap_or("")]);
        }
        out.push_str(&grid.markdown());
    }
    out
}

/// `pm prd coverage`.
pub(crate) fn coverage(c: &Coverage, width: Option<usize>) -> String {
    terminal_block(&coverage_lines(c, width))
}

fn coverage_lines(c: &Coverage, width: Option<usize>) -> String {
    // The demand column only when some feedback links a requirement.
    let with_demand = c.requirements.iter().any(|r| !r.demand.is_zero());
    let mut header = vec!["REQ", "PRIORITY", "ITEMS", "DONE"];
    if with_demand {
        header.push("DEMAND");
    }
    header.push("REQUIREMENT");
    let last = header.len() - 1;
    let mut grid = Grid::new(header).flexible(last).flexible(2);
    for r in &c.requirements {
        let items = if r.items.is_empty() {
            "⚠ none".to_string()
        } else {
            r.items.iter().map(|i| format!("{} {}", i.id, i.status)).collect::<Vec<_>>().join(", ")
        };
        let mut cells = vec![
            r.id.clone(),
            r.priority.map(|p| p.as_str()).unwrap_or("").to_string(),
            items,
            if r.done { "yes" } else { "" }.to_string(),
        ];
        if with_demand {
            cells.push(if r.demand.is_zero() { String::new() } else { super::experiment::num(r.demand.score) });
        }
        cells.push(r.text.clone());
        grid.row(cells);
    }
    let mut out = if grid.is_empty() {
        "No requirements yet. Add one with `pm prd req add`.\n".into()
    } else {
        grid.render(width)
    };
    if !c.whole.is_empty() {
        let _ = writeln!(
            out,
            "\nLinked to {} as a whole: {}",
            c.prd,
            c.whole.iter().map(|i| format!("{} {}", i.id, i.status)).collect::<Vec<_>>().join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\n{} of {} requirements have backlog items; must-haves done: {} of {}.",
        c.requirements.len() - c.uncovered.len(),
        c.requirements.len(),
        c.musts_done,
        c.musts
    );
    if !c.demand.is_zero() {
        let _ = writeln!(out, "Demand: {}", super::evidence::demand_text(&c.demand));
    }
    out
}
