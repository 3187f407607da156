//! PRD pages: an index of every PRD, and each PRD as a document with the
//! sections `pm prd show --format md` prints and its backlog coverage.

use std::fmt::Write as _;

use crate::model::Prd;
use crate::model::prd::{Approval, PrdStatus, QuestionStatus};
use crate::ops::prd::Coverage;
use crate::render::prd::approvals;

use super::html::{anchor, badge, esc, line, linked, list, prose, table};
use super::{Input, heading};

/// Each PRD with the name of its page (`PRD-3.html`): its id made safe for a
/// file name, and made unique should two files claim the same id.
pub(super) fn files<'i, 'a>(input: &'i Input<'a>) -> Vec<(String, &'a Prd, &'i Coverage<'a>)> {
    let mut out: Vec<(String, &Prd, &Coverage)> = Vec::new();
    for (prd, coverage) in &input.prds {
        let stem = anchor(&prd.id);
        let mut name = format!("{stem}.html");
        let mut n = 2;
        while out.iter().any(|(f, _, _)| f.eq_ignore_ascii_case(&name)) || name.eq_ignore_ascii_case("index.html") {
            name = format!("{stem}-{n}.html");
            n += 1;
        }
        out.push((name, prd, coverage));
    }
    out
}

fn status_label(s: PrdStatus) -> &'static str {
    match s {
        PrdStatus::Draft => "Draft",
        PrdStatus::InReview => "In review",
        PrdStatus::Approved => "Approved",
        PrdStatus::Shipped => "Shipped",
        PrdStatus::Archived => "Archived",
        PrdStatus::Rejected => "Rejected",
    }
}

/// `prds/index.html`.
pub(super) fn index(input: &Input) -> String {
    let mut out =
        heading("PRDs", Some("Product requirements documents, with approvals and how much of each is in the backlog."));
    if input.prds.is_empty() {
        out.push_str("<p>No PRDs yet.</p>\n");
        return out;
    }
    let rows: Vec<Vec<String>> = files(input)
        .into_iter()
        .map(|(file, p, c)| {
            let covered = c.requirements.len() - c.uncovered.len();
            vec![
                format!("<a href=\"{file}\">{}</a>", esc(&p.id)),
                line(&p.title),
                status_label(p.status()).to_string(),
                p.owner.as_deref().map(line).unwrap_or_default(),
                esc(&approvals(p)),
                format!("{covered} of {}", c.requirements.len()),
            ]
        })
        .collect();
    out.push_str(&table(
        "PRDs",
        &["PRD", "Title", "Status", "Owner", "Approved", "Requirements in the backlog"],
        &rows,
    ));
    out
}

/// Whether the site has a backlog card for `id`.
/// The ids of the items on the board page, to link to (a set: a PRD page
/// may link hundreds of items, a board hold tens of thousands).
pub(super) fn board_ids<'a>(input: &'a Input) -> std::collections::HashSet<&'a str> {
    input.board.iter().flat_map(|(_, items)| items.iter().map(|d| d.value.id.as_str())).collect()
}

fn item_link(board: &std::collections::HashSet<&str>, id: &str, status: &str) -> String {
    let status = esc(&status.replace('_', " "));
    if board.contains(id) {
        format!("<a href=\"../backlog.html#{}\">{}</a> ({status})", anchor(id), esc(id))
    } else {
        format!("{} ({status})", esc(id))
    }
}

fn section(out: &mut String, key: &str, title: &str, body: &str) {
    if body.is_empty() {
        return;
    }
    let _ = write!(out, "<section aria-labelledby=\"{key}\">\n<h2 id=\"{key}\">{title}</h2>\n{body}</section>\n");
}

/// `prds/PRD-n.html`.
pub(super) fn body(input: &Input, board: &std::collections::HashSet<&str>, p: &Prd, coverage: &Coverage) -> String {
    let mut out = heading(&format!("{}: {}", p.id, p.title), None);
    let mut meta = vec![format!("Status: {}", badge(p.status().as_str(), status_label(p.status())))];
    if let Some(o) = &p.owner {
        meta.push(format!("Owner: {}", line(o)));
    }
    if let Some(v) = &p.version {
        meta.push(format!("Version: {}", line(v.to_string().trim_matches('"'))));
    }
    if let Some(i) = &p.initiative {
        let link = if input.roadmap.initiatives.iter().any(|r| &r.initiative.id == i) {
            format!("<a href=\"../roadmap.html#{}\">{}</a>", anchor(i), esc(i))
        } else {
            esc(i)
        };
        meta.push(format!("Initiative: {link}"));
    }
    if let Some(m) = &p.milestone {
        let link = if input.roadmap.milestones.iter().any(|x| &x.id == m) {
            format!("<a href=\"../roadmap.html#{}\">{}</a>", anchor(m), esc(m))
        } else {
            esc(m)
        };
        meta.push(format!("Milestone: {link}"));
    }
    if let Some(u) = p.updated {
        meta.push(format!("Updated: <time datetime=\"{u}\">{u}</time>"));
    }
    out.push_str("<ul class=\"facts inline\">\n");
    for m in meta {
        let _ = writeln!(out, "<li>{m}</li>");
    }
    out.push_str("</ul>\n");

    if !p.stakeholders.is_empty() {
        let rows: Vec<Vec<String>> = p
            .stakeholders
            .iter()
            .map(|s| {
                let approval = match s.approval() {
                    Approval::Approved => badge("green", "approved"),
                    Approval::Rejected => badge("red", "rejected"),
                    Approval::Pending => badge("pending", "pending"),
                };
                vec![
                    line(&s.name),
                    s.role.as_deref().map(line).unwrap_or_default(),
                    approval,
                    s.date.map(|d| d.to_string()).unwrap_or_default(),
                    s.note.as_deref().map(linked).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "stakeholders",
            "Stakeholders",
            &table("Stakeholders", &["Name", "Role", "Approval", "Date", "Note"], &rows),
        );
    }
    section(&mut out, "problem", "Problem", &p.problem.as_deref().map(prose).unwrap_or_default());
    section(&mut out, "background", "Background", &p.background.as_deref().map(prose).unwrap_or_default());
    if !p.goals.is_empty() {
        let rows: Vec<Vec<String>> = p
            .goals
            .iter()
            .map(|g| {
                let by = g.metric.as_deref().or(g.key_result.as_deref()).unwrap_or("");
                let target = g.target.as_ref().map(|t| t.to_string().trim_matches('"').to_string()).unwrap_or_default();
                vec![linked(&g.text), line(by), line(&target)]
            })
            .collect();
        section(&mut out, "goals", "Goals", &table("Goals", &["Goal", "Measured by", "Target"], &rows));
    }
    section(&mut out, "non-goals", "Non-goals", &list(&p.non_goals));
    section(&mut out, "personas", "Personas", &list(&p.personas));
    if !p.user_stories.is_empty() {
        let mut body = String::from("<ul>\n");
        for u in &p.user_stories {
            let _ = write!(
                body,
                "<li><strong>{}</strong> As a {}, I want {}, so that {}.",
                esc(&u.id),
                line(u.as_a.as_deref().unwrap_or("…")),
                line(u.i_want.as_deref().unwrap_or("…")),
                line(u.so_that.as_deref().unwrap_or("…"))
            );
            if !u.acceptance_criteria.is_empty() {
                body.push('\n');
                body.push_str(&list(&u.acceptance_criteria));
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n");
        section(&mut out, "user-stories", "User stories", &body);
    }
    let covered = |rid: &str| -> String {
        coverage
            .requirements
            .iter()
            .find(|r| r.id == rid)
            .map(|r| {
                if r.items.is_empty() {
                    "<span class=\"warning\">not in the backlog</span>".to_string()
                } else {
                    r.items.iter().map(|i| item_link(board, i.id, i.status)).collect::<Vec<_>>().join(", ")
                }
            })
            .unwrap_or_default()
    };
    if !p.functional_requirements.is_empty() {
        let rows: Vec<Vec<String>> = p
            .functional_requirements
            .iter()
            .map(|r| {
                vec![
                    esc(&r.id),
                    linked(&r.text),
                    r.priority.map(|p| p.as_str()).unwrap_or("").to_string(),
                    covered(&r.id),
                ]
            })
            .collect();
        let mut body = table("Functional requirements", &["ID", "Requirement", "Priority", "Backlog"], &rows);
        if coverage.musts > 0 {
            let _ = writeln!(body, "<p>Must-haves done: {} of {}.</p>", coverage.musts_done, coverage.musts);
        }
        section(&mut out, "functional", "Functional requirements", &body);
    }
    if !p.non_functional_requirements.is_empty() {
        let rows: Vec<Vec<String>> = p
            .non_functional_requirements
            .iter()
            .map(|r| {
                vec![
                    esc(&r.id),
                    r.category.map(|c| format!("{c:?}").to_lowercase()).unwrap_or_default(),
                    linked(&r.text),
                    covered(&r.id),
                ]
            })
            .collect();
        section(
            &mut out,
            "non-functional",
            "Non-functional requirements",
            &table("Non-functional requirements", &["ID", "Category", "Requirement", "Backlog"], &rows),
        );
    }
    if !coverage.whole.is_empty() {
        let items: Vec<String> = coverage.whole.iter().map(|i| item_link(board, i.id, i.status)).collect();
        section(&mut out, "linked", "Backlog items for the whole PRD", &format!("<p>{}</p>\n", items.join(", ")));
    }
    section(&mut out, "designs", "Designs", &list(&p.designs));
    section(&mut out, "assumptions", "Assumptions", &list(&p.assumptions));
    section(&mut out, "constraints", "Constraints", &list(&p.constraints));
    section(&mut out, "dependencies", "Dependencies", &list(&p.dependencies));
    if !p.risks.is_empty() {
        let rows: Vec<Vec<String>> = p
            .risks
            .iter()
            .map(|r| {
                vec![
                    linked(&r.text),
                    r.likelihood.as_deref().map(line).unwrap_or_default(),
                    r.impact.as_deref().map(line).unwrap_or_default(),
                    r.mitigation.as_deref().map(linked).unwrap_or_default(),
                ]
            })
            .collect();
        section(&mut out, "risks", "Risks", &table("Risks", &["Risk", "Likelihood", "Impact", "Mitigation"], &rows));
    }
    if !p.open_questions.is_empty() {
        let rows: Vec<Vec<String>> = p
            .open_questions
            .iter()
            .map(|q| {
                let status = if q.status == Some(QuestionStatus::Answered) { "answered" } else { "open" };
                vec![
                    linked(&q.q),
                    q.owner.as_deref().map(line).unwrap_or_default(),
                    status.to_string(),
                    q.answer.as_deref().map(linked).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "questions",
            "Open questions",
            &table("Open questions", &["Question", "Owner", "Status", "Answer"], &rows),
        );
    }
    if !p.release_plan.is_empty() {
        let rows: Vec<Vec<String>> = p
            .release_plan
            .iter()
            .map(|r| {
                vec![
                    r.milestone.as_deref().map(line).unwrap_or_default(),
                    line(&r.scope.join(", ")),
                    r.criteria.as_deref().map(linked).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "release-plan",
            "Release plan",
            &table("Release plan", &["Milestone", "Scope", "Criteria"], &rows),
        );
    }
    out
}
