use super::super::{Cx, Rule, Scope};
use crate::check::Finding;
use crate::model::config::Severity;
use crate::model::prd::{PrdStatus, QuestionStatus};

pub(super) static RULE: Rule = Rule {
    name: "prd-open-questions",
    severity: Severity::Warning,
    summary: "an approved PRD still has open questions",
    explanation: "\
Approval should settle the open questions. An approved PRD with questions
still open means the team will build on assumptions nobody agreed to.

Fix: answer them (`status: answered` with an `answer`), or move them to
assumptions.",
    scope: Scope::Workspace { all: check, item: None },
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for doc in &cx.ws.prds {
        let p = &doc.value;
        if p.status() != PrdStatus::Approved {
            continue;
        }
        for (i, q) in p.open_questions.iter().enumerate() {
            if q.status != Some(QuestionStatus::Answered) {
                out.push(
                    Finding::new(
                        RULE.name,
                        &doc.path,
                        format!("/open_questions/{i}"),
                        format!("{} is approved with an open question: {}", p.id, q.q),
                    )
                    .label("still open"),
                );
            }
        }
    }
}
