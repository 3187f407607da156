//! Customer evidence (DOMAIN.md §9): one piece of feedback a file
//! (`product/feedback/FB-<n>.yaml`), the customers it comes from
//! (`product/customers.yaml`, with the weight of each tier), and the
//! demand computed from them:
//!
//! `demand = Σ_c weight(c) × max_{f of c} importance(f)` over the distinct
//! customers c whose feedback links the artifact; anonymous feedback counts
//! as a customer of its own with weight 1. Pure: the caller gathers the
//! evidence (an epic's includes its children's).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Deserializer, Serialize};

use super::date::Date;

fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
    Ok(Option::<BTreeMap<String, f64>>::deserialize(d)?.unwrap_or_default())
}

/// The importance of a link when the file does not say: 1, nice to have.
pub(crate) const DEFAULT_IMPORTANCE: i64 = 1;

/// One piece of evidence: what a customer said, and the work it asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Feedback {
    /// `FB-<n>`, equal to the file name.
    #[schemars(regex(pattern = r"^FB-[1-9][0-9]*$"))]
    pub id: String,
    /// What the feedback asks for or reports, in a line.
    pub summary: String,
    /// The customer's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<FeedbackSource>,
    /// Where it came from (a ticket, a call recording, a post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The customer's id in customers.yaml; absent for anonymous feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The segment it speaks for (`enterprise`); for a known customer, theirs by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The day it was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<Sentiment>,
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<String>>")]
    pub tags: Vec<String>,
    /// The backlog items, initiatives and PRD requirements it asks for.
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Link>>")]
    pub links: Vec<Link>,
    /// The key of the record it was imported from (`intercom:215`), so that an import run again skips it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// Votes the source counted (a Canny post's), kept as the source gave them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<u64>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A link from feedback to the work it asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Link {
    /// A backlog item (`BL-42`), an initiative (`RM-2`), a PRD (`PRD-3`) or one of its requirements (`PRD-3#FR-2`).
    pub to: String,
    /// 1 nice to have (the default), 2 important, 3 critical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<i64>,
}

impl Link {
    pub fn importance(&self) -> i64 {
        self.importance.unwrap_or(DEFAULT_IMPORTANCE)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackSource {
    Interview,
    Survey,
    Support,
    Sales,
    Social,
    FocusGroup,
    Review,
    Analytics,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

impl FeedbackSource {
    pub const ALL: &'static [FeedbackSource] = &[
        FeedbackSource::Interview,
        FeedbackSource::Survey,
        FeedbackSource::Support,
        FeedbackSource::Sales,
        FeedbackSource::Social,
        FeedbackSource::FocusGroup,
        FeedbackSource::Review,
        FeedbackSource::Analytics,
        FeedbackSource::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackSource::Interview => "interview",
            FeedbackSource::Survey => "survey",
            FeedbackSource::Support => "support",
            FeedbackSource::Sales => "sales",
            FeedbackSource::Social => "social",
            FeedbackSource::FocusGroup => "focus_group",
            FeedbackSource::Review => "review",
            FeedbackSource::Analytics => "analytics",
            FeedbackSource::Other => "other",
        }
    }

    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|s| s.as_str()).collect()
    }
}

impl Sentiment {
    pub const ALL: &'static [Sentiment] = &[Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];

    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Positive => "positive",
            Sentiment::Neutral => "neutral",
            Sentiment::Negative => "negative",
        }
    }

    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|s| s.as_str()).collect()
    }
}

/// `product/customers.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Customers {
    #[serde(default, deserialize_with = "list", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Option<Vec<Customer>>")]
    pub customers: Vec<Customer>,
    /// The weight of each tier in demand (`enterprise: 3`); a tier not listed weighs 1.
    #[serde(default, deserialize_with = "map", skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "Option<BTreeMap<String, f64>>")]
    pub tier_weights: BTreeMap<String, f64>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Customer {
    /// A readable snake_case id that feedback cites (`acme_corp`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_]*$"))]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A key of `tier_weights` (`enterprise`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Annual recurring revenue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub arr: Option<f64>,
    /// Monthly recurring revenue; ARR is 12 × MRR when `arr` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub mrr: Option<f64>,
    /// The currency of `arr` and `mrr` (`EUR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Customer {
    /// `arr`, else 12 × `mrr`.
    pub fn arr(&self) -> Option<f64> {
        self.arr.or(self.mrr.map(|m| m * 12.0))
    }

    /// The name, or the id when it has none.
    pub fn label(&self) -> &str {
        self.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&self.id)
    }
}

impl Customers {
    pub fn get(&self, id: &str) -> Option<&Customer> {
        self.customers.iter().find(|c| c.id == id)
    }

    /// The weight of a customer: its tier's weight, 1 when the tier has none.
    pub fn weight(&self, customer: &Customer) -> f64 {
        customer.tier.as_deref().and_then(|t| self.tier_weights.get(t)).copied().unwrap_or(1.0)
    }
}

/// One link of one piece of feedback to the artifact whose demand is computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Evidence<'a> {
    pub feedback: &'a str,
    /// `None` for anonymous feedback.
    pub customer: Option<&'a str>,
    pub importance: i64,
}

/// The demand behind an artifact.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Demand {
    /// Σ over distinct customers of weight × highest importance.
    pub score: f64,
    /// Distinct named customers.
    pub customers: usize,
    /// Pieces of anonymous feedback (each counted as a customer of weight 1).
    pub anonymous: usize,
    /// Pieces of feedback behind it.
    pub feedback: usize,
    /// The ARR of the named customers, by currency (`""` when a customer has none).
    pub arr: BTreeMap<String, f64>,
}

impl Demand {
    /// Whether nothing asks for it.
    pub(crate) fn is_zero(&self) -> bool {
        self.feedback == 0
    }
}

/// The demand of the evidence given (each piece of feedback counted once,
/// however many of its links point into the artifact). A customer that
/// customers.yaml does not know weighs 1 and brings no ARR.
pub(crate) fn demand<'a>(evidence: impl IntoIterator<Item = Evidence<'a>>, customers: &Customers) -> Demand {
    // Per piece of feedback its highest importance, then per customer.
    let mut by_feedback: BTreeMap<&str, (Option<&str>, i64)> = BTreeMap::new();
    for e in evidence {
        let slot = by_feedback.entry(e.feedback).or_insert((e.customer, e.importance));
        slot.1 = slot.1.max(e.importance);
    }
    let mut by_customer: HashMap<&str, i64> = HashMap::new();
    let mut out = Demand { feedback: by_feedback.len(), ..Demand::default() };
    let mut anonymous = 0.0;
    for (customer, importance) in by_feedback.values() {
        match customer {
            Some(c) => {
                let best = by_customer.entry(c).or_insert(*importance);
                *best = (*best).max(*importance);
            }
            None => {
                out.anonymous += 1;
                anonymous += *importance as f64;
            }
        }
    }
    // Summed in id order, so the same evidence always gives the same float.
    let mut named: Vec<(&str, i64)> = by_customer.into_iter().collect();
    named.sort_unstable();
    out.score = anonymous;
    for (id, importance) in &named {
        let known = customers.get(id);
        let weight = known.map_or(1.0, |c| customers.weight(c));
        out.score += weight * *importance as f64;
        if let Some(c) = known
            && let Some(arr) = c.arr()
        {
            *out.arr
                .entry(c.currency.as_deref().map(|c| c.trim().to_ascii_uppercase()).unwrap_or_default())
                .or_insert(0.0) += arr;
        }
    }
    out.customers = named.len();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customers() -> Customers {
        yaml_serde::from_str(
            "customers:\n\
             - {id: acme, tier: enterprise, arr: 120000, currency: EUR}\n\
             - {id: bolt, tier: mid_market, mrr: 1000, currency: EUR}\n\
             - {id: cora, tier: smb, arr: 5000, currency: USD}\n\
             - {id: dune, tier: free}\n\
             - {id: echo}\n\
             tier_weights: {enterprise: 3, mid_market: 2, smb: 1, free: 0.5}\n",
        )
        .unwrap()
    }

    fn ev(feedback: &'static str, customer: Option<&'static str>, importance: i64) -> Evidence<'static> {
        Evidence { feedback, customer, importance }
    }

    #[test]
    fn nothing_asks_for_it() {
        let d = demand([], &customers());
        assert_eq!(d, Demand::default());
        assert!(d.is_zero());
    }

    #[test]
    fn several_customers_and_tiers() {
        // acme 3 × 2 = 6, bolt 2 × 3 = 6, cora 1 × 1 = 1, dune 0.5 × 2 = 1, echo (no tier) 1 × 3 = 3: 17.
        let d = demand(
            [
                ev("FB-1", Some("acme"), 2),
                ev("FB-2", Some("bolt"), 3),
                ev("FB-3", Some("cora"), 1),
                ev("FB-4", Some("dune"), 2),
                ev("FB-5", Some("echo"), 3),
            ],
            &customers(),
        );
        assert_eq!(d.score, 17.0);
        assert_eq!((d.customers, d.anonymous, d.feedback), (5, 0, 5));
        // acme 120000 + bolt 12 × 1000 = 132000 EUR; cora 5000 USD.
        assert_eq!(d.arr, BTreeMap::from([("EUR".to_string(), 132000.0), ("USD".to_string(), 5000.0)]));
    }

    #[test]
    fn a_customer_counts_once_with_its_highest_importance() {
        // acme asked three times (1, 3, 2): 3 × 3 = 9, not 3 × 6.
        let d = demand(
            [ev("FB-1", Some("acme"), 1), ev("FB-2", Some("acme"), 3), ev("FB-3", Some("acme"), 2)],
            &customers(),
        );
        assert_eq!(d.score, 9.0);
        assert_eq!((d.customers, d.feedback), (1, 3));
        assert_eq!(d.arr["EUR"], 120000.0);
    }

    #[test]
    fn anonymous_feedback_is_a_customer_of_weight_one_each() {
        // Two anonymous pieces 2 + 3 = 5, plus cora 1 × 2 = 2: 7.
        let d = demand([ev("FB-1", None, 2), ev("FB-2", None, 3), ev("FB-3", Some("cora"), 2)], &customers());
        assert_eq!(d.score, 7.0);
        assert_eq!((d.customers, d.anonymous, d.feedback), (1, 2, 3));
    }

    #[test]
    fn one_piece_of_feedback_linking_twice_counts_once() {
        // FB-1 links an epic (1) and its child (3): the customer's best is 3; one piece.
        let d = demand([ev("FB-1", None, 1), ev("FB-1", None, 3)], &customers());
        assert_eq!(d.score, 3.0);
        assert_eq!((d.anonymous, d.feedback), (1, 1));
    }

    #[test]
    fn an_unknown_customer_weighs_one() {
        let d = demand([ev("FB-1", Some("ghost"), 2)], &customers());
        assert_eq!(d.score, 2.0);
        assert_eq!(d.customers, 1);
        assert!(d.arr.is_empty());
    }

    #[test]
    fn weights_and_arr() {
        let c = customers();
        assert_eq!(c.weight(c.get("acme").unwrap()), 3.0);
        assert_eq!(c.weight(c.get("dune").unwrap()), 0.5);
        assert_eq!(c.weight(c.get("echo").unwrap()), 1.0);
        assert_eq!(c.get("bolt").unwrap().arr(), Some(12000.0));
        assert_eq!(c.get("dune").unwrap().arr(), None);
    }

    #[test]
    fn reads_the_domain_example() {
        let f: Feedback = yaml_serde::from_str(
            "id: FB-12\nsummary: Wants invoices in their own currency\nsource: interview\ncustomer: acme_corp\n\
             date: 2026-10-02\nsentiment: negative\ntags: [currency]\n\
             links:\n  - {to: BL-42, importance: 3}\n  - {to: PRD-3#FR-2}\n",
        )
        .unwrap();
        assert_eq!(f.links[0].importance(), 3);
        assert_eq!(f.links[1].importance(), DEFAULT_IMPORTANCE);
        assert_eq!(f.source, Some(FeedbackSource::Interview));
    }
}
