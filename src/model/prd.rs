//! Product requirements documents (`product/prds/PRD-<n>.yaml`): the
//! sections of Atlassian's one-page requirements blueprint, stakeholder
//! approvals, and the lifecycle draft → in_review → approved → shipped → archived.

use serde::{Deserialize, Deserializer, Serialize};

use super::date::Date;

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Prd {
    /// `PRD-<n>`, equal to the file name.
    #[schemars(regex(pattern = r"^PRD-[1-9][0-9]*$"))]
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PrdStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Stakeholder>>")]
    pub stakeholders: Vec<Stakeholder>,
    /// The problem, in prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Background and strategic fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Goal>>")]
    pub goals: Vec<Goal>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub non_goals: Vec<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub personas: Vec<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<UserStory>>")]
    pub user_stories: Vec<UserStory>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Requirement>>")]
    pub functional_requirements: Vec<Requirement>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Nfr>>")]
    pub non_functional_requirements: Vec<Nfr>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub designs: Vec<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub assumptions: Vec<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub constraints: Vec<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub dependencies: Vec<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Risk>>")]
    pub risks: Vec<Risk>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Question>>")]
    pub open_questions: Vec<Question>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Release>>")]
    pub release_plan: Vec<Release>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrdStatus {
    Draft,
    InReview,
    Approved,
    Shipped,
    Archived,
    Rejected,
}

impl PrdStatus {
    pub const ALL: [PrdStatus; 6] = [
        PrdStatus::Draft,
        PrdStatus::InReview,
        PrdStatus::Approved,
        PrdStatus::Shipped,
        PrdStatus::Archived,
        PrdStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PrdStatus::Draft => "draft",
            PrdStatus::InReview => "in_review",
            PrdStatus::Approved => "approved",
            PrdStatus::Shipped => "shipped",
            PrdStatus::Archived => "archived",
            PrdStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<PrdStatus> {
        PrdStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The statuses a PRD may move to from this one.
    pub fn next(self) -> &'static [PrdStatus] {
        use PrdStatus::*;
        match self {
            Draft => &[InReview, Archived],
            InReview => &[Approved, Draft, Rejected, Archived],
            Approved => &[Shipped, Draft, Archived],
            Shipped => &[Archived],
            Rejected => &[Draft, Archived],
            Archived => &[],
        }
    }

    /// In review or further along (the sections must be filled in).
    pub fn is_reviewable(self) -> bool {
        matches!(self, PrdStatus::InReview | PrdStatus::Approved | PrdStatus::Shipped)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stakeholder {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    Pending,
    Approved,
    Rejected,
}

impl Stakeholder {
    pub fn approval(&self) -> Approval {
        self.approval.unwrap_or(Approval::Pending)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Goal {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_result: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UserStory {
    /// `US-<n>`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_a: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub i_want: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub so_that: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub acceptance_criteria: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Requirement {
    /// `FR-<n>`.
    #[schemars(regex(pattern = r"^FR-[1-9][0-9]*$"))]
    pub id: String,
    pub text: String,
    /// MoSCoW: must, should, could, wont.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Moscow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Moscow {
    Must,
    Should,
    Could,
    Wont,
}

impl Moscow {
    pub fn as_str(self) -> &'static str {
        match self {
            Moscow::Must => "must",
            Moscow::Should => "should",
            Moscow::Could => "could",
            Moscow::Wont => "wont",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Nfr {
    /// `NFR-<n>`.
    #[schemars(regex(pattern = r"^NFR-[1-9][0-9]*$"))]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<NfrCategory>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NfrCategory {
    Performance,
    Security,
    Reliability,
    Usability,
    Accessibility,
    Compliance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Risk {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Question {
    pub q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<QuestionStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Open,
    Answered,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Release {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub scope: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<String>,
}

/// The `problem` text of each built-in PRD template: a PRD still holding
/// one has no problem statement yet (a test keeps this in step with the
/// templates).
pub(crate) const PLACEHOLDER_PROBLEMS: [&str; 2] = [
    "What problem do customers have, and how do we know? Evidence first.",
    "The problem, who has it, and the evidence.",
];

impl Prd {
    pub fn status(&self) -> PrdStatus {
        self.status.unwrap_or(PrdStatus::Draft)
    }

    /// Whether `sub` (`FR-2`, `NFR-1`, `US-3`) names a part of this PRD.
    pub fn has_part(&self, sub: &str) -> bool {
        self.functional_requirements.iter().any(|r| r.id == sub)
            || self.non_functional_requirements.iter().any(|r| r.id == sub)
            || self.user_stories.iter().any(|u| u.id == sub)
    }

    /// The text of a part (`FR-2`, `NFR-1`; a story's `i_want`), if it has one.
    pub fn part_text(&self, sub: &str) -> Option<&str> {
        let fr = self.functional_requirements.iter().find(|r| r.id == sub).map(|r| r.text.as_str());
        let nfr = || self.non_functional_requirements.iter().find(|r| r.id == sub).map(|r| r.text.as_str());
        let us = || self.user_stories.iter().find(|u| u.id == sub).and_then(|u| u.i_want.as_deref());
        fr.or_else(nfr).or_else(us)
    }

    /// The sections a PRD needs from `in_review` on that are still empty: a
    /// problem that is blank or still a built-in template's placeholder, no
    /// goals, no functional requirements.
    pub fn missing_sections(&self) -> Vec<&'static str> {
        let problem = self.problem.as_deref().map(str::trim).unwrap_or_default();
        let mut out = Vec::new();
        if problem.is_empty() || PLACEHOLDER_PROBLEMS.contains(&problem) {
            out.push("problem");
        }
        if self.goals.is_empty() {
            out.push("goals");
        }
        if self.functional_requirements.is_empty() {
            out.push("functional_requirements");
        }
        out
    }

    pub fn open_questions(&self) -> impl Iterator<Item = &Question> {
        self.open_questions.iter().filter(|q| q.status != Some(QuestionStatus::Answered))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle() {
        use PrdStatus::*;
        assert!(Draft.next().contains(&InReview));
        assert!(!Draft.next().contains(&Approved));
        assert!(InReview.next().contains(&Rejected));
        assert!(Approved.next().contains(&Draft));
        assert!(Rejected.next().contains(&Draft));
        assert!(Shipped.next().contains(&Archived));
        assert!(Archived.next().is_empty());
    }
}
