//! Generates a realistic synthetic product for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen -- --items 10000 --commits 1000 --seed 7 /tmp/p10k
//! cargo run --release --example gen -- --items 10000 --peers /tmp/peers /tmp/p10k
//! ```
//!
//! Writes a fresh git repository at OUT (refused if OUT exists) holding
//! `product/` (pm.yaml and product.yaml from examples/acme, N backlog items
//! across every type and status, a roadmap, OKR cycles, PRDs, metrics and
//! experiments scaled with N) as one initial commit, then C commits of
//! realistic changes (status moves along the workflow, priority, owner, label
//! and score edits, re-ranks, new items) with increasing dates. Commits go
//! through `git fast-import`. The output is deterministic for a seed.
//!
//! `--peers DIR` also writes the same items for other tools: `DIR/tasks.json`
//! (Taskwarrior `task import`) and `DIR/backlog/` (Backlog.md).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PM_YAML: &str = include_str!("acme/product/pm.yaml");
const PRODUCT_YAML: &str = include_str!("acme/product/product.yaml");
const SCHEMAS: [(&str, &str); 8] = [
    ("backlog-item", include_str!("acme/product/schemas/backlog-item.schema.json")),
    ("experiment", include_str!("acme/product/schemas/experiment.schema.json")),
    ("metric", include_str!("acme/product/schemas/metric.schema.json")),
    ("okr-cycle", include_str!("acme/product/schemas/okr-cycle.schema.json")),
    ("pm", include_str!("acme/product/schemas/pm.schema.json")),
    ("prd", include_str!("acme/product/schemas/prd.schema.json")),
    ("product", include_str!("acme/product/schemas/product.schema.json")),
    ("roadmap", include_str!("acme/product/schemas/roadmap.schema.json")),
];

const OWNERS: [&str; 12] =
    ["dana", "ravi", "mei", "tomas", "aisha", "lee", "priya", "marco", "sofia", "jonas", "nadia", "kenji"];
const LABELS: [&str; 24] = [
    "checkout",
    "payments",
    "wallets",
    "saved-cards",
    "fraud",
    "sca",
    "pci",
    "refunds",
    "payouts",
    "dashboard",
    "api",
    "mobile",
    "accessibility",
    "performance",
    "i18n",
    "currency",
    "subscriptions",
    "analytics",
    "onboarding",
    "security",
    "ux",
    "tech-debt",
    "support",
    "compliance",
];
const VERBS: [&str; 16] = [
    "Add",
    "Support",
    "Improve",
    "Show",
    "Let merchants configure",
    "Speed up",
    "Validate",
    "Log",
    "Retry",
    "Export",
    "Localize",
    "Simplify",
    "Audit",
    "Cache",
    "Notify shoppers about",
    "Migrate",
];
const NOUNS: [&str; 24] = [
    "saved cards",
    "Apple Pay",
    "Google Pay",
    "3-D Secure challenges",
    "partial refunds",
    "payout reports",
    "the card form",
    "address lookup",
    "currency conversion",
    "fraud rules",
    "webhook deliveries",
    "dispute evidence",
    "the order summary",
    "SEPA mandates",
    "iDEAL payments",
    "subscription renewals",
    "tax calculation",
    "receipt emails",
    "the merchant dashboard",
    "API keys",
    "checkout themes",
    "payment links",
    "settlement files",
    "chargeback alerts",
];
const QUALIFIERS: [&str; 12] = [
    "on mobile",
    "for returning shoppers",
    "in the EU",
    "for large merchants",
    "in the API",
    "after a timeout",
    "at checkout",
    "in the dashboard",
    "for marketplaces",
    "in bulk",
    "per currency",
    "without a page reload",
];
const METRIC_BASES: [(&str, &str, &str); 8] = [
    ("checkout_conversion", "Checkout conversion", "up"),
    ("payment_success_rate", "Payment success rate", "up"),
    ("refund_rate", "Refund rate", "down"),
    ("churn_rate", "Merchant churn rate", "down"),
    ("activation_rate", "Merchant activation rate", "up"),
    ("dispute_rate", "Dispute rate", "down"),
    ("wallet_share", "Share of wallet payments", "up"),
    ("sca_challenge_rate", "3-D Secure challenge rate", "down"),
];
const SEGMENTS: [&str; 6] = ["eu", "us", "uk", "mobile", "desktop", "enterprise"];

/// Statuses of the workflow in `pm.yaml` with the moves it allows (reopen and
/// revive left out, so that the generated history never breaks a done parent).
const NEXT: [(&str, &[&str]); 7] = [
    ("new", &["ready", "wont_do"]),
    ("ready", &["in_progress", "new", "blocked", "wont_do"]),
    ("in_progress", &["in_review", "blocked", "ready", "wont_do"]),
    ("in_review", &["done", "in_progress", "blocked"]),
    ("blocked", &["ready", "in_progress", "wont_do"]),
    ("done", &[]),
    ("wont_do", &[]),
];

/// xorshift64* — small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Picks from `(value, weight)` pairs.
    fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut r = self.below(total as usize) as u32;
        for &(v, w) in xs {
            if r < w {
                return v;
            }
            r -= w;
        }
        xs[xs.len() - 1].0
    }
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// (year, month, day) to days since 1970-01-01.
fn days_from(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn date(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A rank key for slot `slot` of `width` base-36 digits, trailing zeros cut
/// (which keeps keys distinct and in the same order).
fn rank_key(slot: u64, width: u32) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut v = slot + 1;
    let mut out = vec![b'0'; width as usize];
    for i in (0..width as usize).rev() {
        out[i] = DIGITS[(v % 36) as usize];
        v /= 36;
    }
    while out.last() == Some(&b'0') {
        out.pop();
    }
    String::from_utf8(out).expect("ascii")
}

#[derive(Clone)]
struct Item {
    id: usize,
    title: String,
    ty: &'static str,
    status: &'static str,
    priority: &'static str,
    estimate: u32,
    owner: &'static str,
    labels: Vec<&'static str>,
    parent: Option<usize>,
    origin: Option<&'static str>,
    blocked_by: Vec<usize>,
    description: String,
    ac: Vec<String>,
    prd: Option<String>,
    key_results: Vec<usize>,
    initiative: Option<usize>,
    milestone: Option<usize>,
    rice: Option<(u32, &'static str, &'static str, &'static str)>,
    ice: Option<(u32, u32, u32)>,
    wsjf: Option<[u32; 4]>,
    kano: Option<&'static str>,
    rank: String,
    created: i64,
    updated: i64,
}

fn closed(status: &str) -> bool {
    status == "done" || status == "wont_do"
}

impl Item {
    fn path(&self) -> String {
        format!("product/backlog/BL-{}.yaml", self.id)
    }

    fn yaml(&self) -> String {
        let mut s = String::with_capacity(1024);
        s.push_str("# yaml-language-server: $schema=../schemas/backlog-item.schema.json\n");
        let _ = writeln!(s, "id: BL-{}", self.id);
        let _ = writeln!(s, "title: {}", self.title);
        let _ = writeln!(s, "type: {}", self.ty);
        let _ = writeln!(s, "status: {}", self.status);
        let _ = writeln!(s, "priority: {}", self.priority);
        let _ = writeln!(s, "estimate: {}", self.estimate);
        let _ = writeln!(s, "owner: {}", self.owner);
        if !self.labels.is_empty() {
            let _ = writeln!(s, "labels: [{}]", self.labels.join(", "));
        }
        if let Some(p) = self.parent {
            let _ = writeln!(s, "parent: BL-{p}");
        }
        if let Some(o) = self.origin {
            let _ = writeln!(s, "origin: {o}");
        }
        if !self.blocked_by.is_empty() {
            let ids: Vec<String> = self.blocked_by.iter().map(|b| format!("BL-{b}")).collect();
            let _ = writeln!(s, "blocked_by: [{}]", ids.join(", "));
        }
        let _ = writeln!(s, "description: |\n  {}", self.description.replace('\n', "\n  "));
        if !self.ac.is_empty() {
            s.push_str("acceptance_criteria:\n");
            for a in &self.ac {
                let _ = writeln!(s, "  - {a}");
            }
        }
        if let Some(p) = &self.prd {
            let _ = writeln!(s, "prd: {p}");
        }
        if !self.key_results.is_empty() {
            let ids: Vec<String> = self.key_results.iter().map(|k| format!("KR-{k}")).collect();
            let _ = writeln!(s, "key_results: [{}]", ids.join(", "));
        }
        if let Some(i) = self.initiative {
            let _ = writeln!(s, "initiative: RM-{i}");
        }
        if let Some(m) = self.milestone {
            let _ = writeln!(s, "milestone: MS-{m}");
        }
        if let Some((r, i, c, e)) = self.rice {
            let _ = writeln!(s, "rice: {{reach: {r}, impact: {i}, confidence: {c}, effort: {e}}}");
        }
        if let Some((i, c, e)) = self.ice {
            let _ = writeln!(s, "ice: {{impact: {i}, confidence: {c}, ease: {e}}}");
        }
        if let Some([a, b, c, d]) = self.wsjf {
            let _ = writeln!(
                s,
                "wsjf: {{user_business_value: {a}, time_criticality: {b}, risk_reduction_opportunity_enablement: {c}, job_size: {d}}}"
            );
        }
        if let Some(k) = self.kano {
            let _ = writeln!(s, "kano: {k}");
        }
        let _ = writeln!(s, "rank: \"{}\"", self.rank);
        let _ = writeln!(s, "created: {}", date(self.created));
        let _ = writeln!(s, "updated: {}", date(self.updated));
        s
    }
}

struct Args {
    items: usize,
    commits: usize,
    seed: u64,
    peers: Option<PathBuf>,
    out: PathBuf,
}

fn usage() -> ! {
    eprintln!("usage: gen --items N [--commits C] [--seed S] [--peers DIR] OUT");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut items = None;
    let mut commits = 0;
    let mut seed = 1;
    let mut peers = None;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--items" => items = Some(val().parse().unwrap_or_else(|_| usage())),
            "--commits" => commits = val().parse().unwrap_or_else(|_| usage()),
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage()),
            "--peers" => peers = Some(PathBuf::from(val())),
            "-h" | "--help" => usage(),
            _ if out.is_none() && !a.starts_with('-') => out = Some(PathBuf::from(a)),
            _ => usage(),
        }
    }
    let items: usize = items.unwrap_or_else(|| usage());
    if items < 10 {
        eprintln!("gen: --items must be at least 10");
        std::process::exit(2);
    }
    Args { items, commits, seed, peers, out: out.unwrap_or_else(|| usage()) }
}

/// An OKR cycle: name, first day, last day, objective ids with their KR ids.
type Cycle = (String, i64, i64, Vec<(usize, Vec<usize>)>);

/// Everything but the backlog: sizes derived from N.
struct Plan {
    initiatives: usize,
    milestones: usize,
    prds: usize,
    metrics: Vec<(String, String, &'static str)>,
    /// (cycle name, first day, last day, objective ids with their KR ids)
    cycles: Vec<Cycle>,
    krs: usize,
}

fn plan(n: usize) -> Plan {
    let mut metrics = Vec::new();
    let count = (n / 500).clamp(8, 64);
    for k in 0..count {
        let (id, name, dir) = METRIC_BASES[k % METRIC_BASES.len()];
        if k < METRIC_BASES.len() {
            metrics.push((id.to_string(), name.to_string(), dir));
        } else {
            let seg = SEGMENTS[(k / METRIC_BASES.len() - 1) % SEGMENTS.len()];
            let round = (k / METRIC_BASES.len() - 1) / SEGMENTS.len();
            let suffix = if round == 0 { seg.to_string() } else { format!("{seg}_{round}") };
            metrics.push((format!("{id}_{suffix}"), format!("{name} ({suffix})"), dir));
        }
    }
    let per_cycle = (n / 1000).clamp(2, 30);
    let mut cycles = Vec::new();
    let (mut obj, mut kr) = (0, 0);
    for (y, q) in [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3), (2026, 4)] {
        let first = days_from(y, q * 3 - 2, 1);
        let last = if q == 4 { days_from(y + 1, 1, 1) - 1 } else { days_from(y, q * 3 + 1, 1) - 1 };
        let mut objs = Vec::new();
        for o in 0..per_cycle {
            obj += 1;
            let nk = 2 + (o % 3);
            objs.push((obj, (kr + 1..=kr + nk).collect()));
            kr += nk;
        }
        cycles.push((format!("{y}-Q{q}"), first, last, objs));
    }
    Plan {
        initiatives: (n / 100).max(4),
        milestones: (n / 250).max(3),
        prds: (n / 200).max(3),
        metrics,
        cycles,
        krs: kr,
    }
}

fn title(rng: &mut Rng) -> String {
    let v = rng.pick(&VERBS);
    let n = rng.pick(&NOUNS);
    if rng.chance(60) { format!("{v} {n} {}", rng.pick(&QUALIFIERS)) } else { format!("{v} {n}") }
}

/// The backlog at the initial commit.
fn backlog(rng: &mut Rng, n: usize, p: &Plan, ranks: &mut Vec<u64>, width: u32) -> Vec<Item> {
    let start = days_from(2025, 1, 1);
    let mut items: Vec<Item> = Vec::with_capacity(n + 1);
    let (mut epics, mut features) = (Vec::new(), Vec::new());
    for id in 1..=n {
        let ty = match id {
            1 => "epic",
            2 => "feature",
            _ => rng.weighted(&[("epic", 2), ("feature", 10), ("story", 60), ("bug", 18), ("chore", 7), ("spike", 3)]),
        };
        let parent = match ty {
            "epic" => None,
            "feature" => Some(*rng.pick(&epics)),
            _ if rng.chance(80) => Some(*rng.pick(&features)),
            _ if rng.chance(50) => Some(*rng.pick(&epics)),
            _ => None,
        };
        let parent_status = parent.map(|q: usize| items[q - 1].status);
        let mut status = match parent_status {
            Some("done") => rng.weighted(&[("done", 9), ("wont_do", 1)]),
            Some("wont_do") => "wont_do",
            _ => rng.weighted(&[
                ("new", 20),
                ("ready", 14),
                ("in_progress", 12),
                ("in_review", 6),
                ("blocked", 5),
                ("done", 38),
                ("wont_do", 5),
            ]),
        };
        // Epics and features are done only with all their children closed:
        // generated children follow the parent, so parents are rarely done.
        if (ty == "epic" || ty == "feature") && status == "done" && parent_status != Some("done") && !rng.chance(30) {
            status = "in_progress";
        }
        let mut blocked_by = BTreeSet::new();
        if id > 20 && (status == "blocked" || rng.chance(8)) {
            for _ in 0..1 + rng.below(2) {
                let b = 1 + rng.below(id - 1);
                if Some(b) != parent && (status != "done" || closed(items[b - 1].status)) {
                    blocked_by.insert(b);
                }
            }
        }
        let created = start + rng.below(330) as i64;
        let updated = (created + rng.below(60) as i64).min(days_from(2025, 12, 31));
        let mut labels = BTreeSet::new();
        for _ in 0..rng.below(4) {
            labels.insert(*rng.pick(&LABELS));
        }
        let estimate = match ty {
            "epic" => *rng.pick(&[40, 100]),
            "feature" => *rng.pick(&[8, 13, 21, 40]),
            "spike" => *rng.pick(&[1, 2, 3]),
            _ => *rng.pick(&[1, 2, 3, 5, 8, 13]),
        };
        let t = title(rng);
        let description = format!(
            "{t} so that merchants on the {} plan see fewer failed payments.\nRaised by {} in the {} review; see the linked PRD for scope.",
            rng.pick(&["starter", "growth", "enterprise"]),
            rng.pick(&OWNERS),
            rng.pick(&["weekly", "quarterly", "support"]),
        );
        let ac = if ty == "story" || ty == "bug" {
            (0..1 + rng.below(3))
                .map(|k| format!("Given case {}, {} works {}", k + 1, rng.pick(&NOUNS), rng.pick(&QUALIFIERS)))
                .collect()
        } else {
            Vec::new()
        };
        let rice = (rng.chance(60)).then(|| {
            (
                100 * (1 + rng.below(50)) as u32,
                *rng.pick(&["3", "2", "1", "0.5", "0.25"]),
                *rng.pick(&["1", "0.8", "0.5"]),
                *rng.pick(&["0.5", "1", "2", "3", "5"]),
            )
        });
        let fib = [1, 2, 3, 5, 8, 13, 20];
        let wsjf = (ty == "epic" || ty == "feature" || rng.chance(20))
            .then(|| [*rng.pick(&fib), *rng.pick(&fib), *rng.pick(&fib), *rng.pick(&fib)]);
        let ice =
            rng.chance(15).then(|| (1 + rng.below(10) as u32, 1 + rng.below(10) as u32, 1 + rng.below(10) as u32));
        let item = Item {
            id,
            title: t,
            ty,
            status,
            priority: rng.weighted(&[("p0", 5), ("p1", 25), ("p2", 50), ("p3", 20)]),
            estimate,
            owner: OWNERS[rng.below(OWNERS.len())],
            labels: labels.into_iter().collect(),
            parent,
            origin: rng.chance(50).then(|| *rng.pick(&["customer", "internal"])),
            blocked_by: blocked_by.into_iter().collect(),
            description,
            ac,
            prd: (ty != "epic" && rng.chance(15))
                .then(|| format!("PRD-{}#FR-{}", 1 + rng.below(p.prds), 1 + rng.below(5))),
            key_results: if rng.chance(10) { vec![1 + rng.below(p.krs)] } else { Vec::new() },
            initiative: (ty == "epic" && rng.chance(80)).then(|| 1 + rng.below(p.initiatives)),
            milestone: rng.chance(10).then(|| 1 + rng.below(p.milestones)),
            rice,
            ice,
            wsjf,
            kano: rng
                .chance(10)
                .then(|| *rng.pick(&["must_be", "one_dimensional", "attractive", "indifferent", "reverse"])),
            rank: rank_key(ranks.pop().expect("rank slots"), width),
            created,
            updated,
        };
        match ty {
            "epic" => epics.push(id),
            "feature" => features.push(id),
            _ => {}
        }
        items.push(item);
    }
    items
}

fn roadmap(rng: &mut Rng, p: &Plan, items: &[Item]) -> String {
    let mut s =
        String::from("# yaml-language-server: $schema=schemas/roadmap.schema.json\n# Generated roadmap.\nthemes:\n");
    let themes = ["conversion", "trust", "merchant-tools", "international"];
    for t in themes {
        let _ = writeln!(s, "  - name: {t}\n    description: Initiatives about {t}.");
    }
    s.push_str("\ninitiatives:\n");
    let objectives: usize = p.cycles.iter().map(|c| c.3.len()).sum();
    for i in 1..=p.initiatives {
        let epics: Vec<&Item> = items.iter().filter(|it| it.initiative == Some(i)).collect();
        let all_closed = !epics.is_empty() && epics.iter().all(|e| closed(e.status));
        let status =
            if all_closed { "done" } else { rng.weighted(&[("proposed", 2), ("planned", 3), ("in_progress", 5)]) };
        let _ = writeln!(s, "  - id: RM-{i}\n    title: {}", title(rng));
        let _ = writeln!(s, "    outcome: {} up by {} points", rng.pick(&p.metrics).1, 1 + rng.below(9));
        let _ = writeln!(s, "    theme: {}", rng.pick(&themes));
        let horizon = rng.weighted(&[("now", 4), ("next", 3), ("later", 3)]);
        let _ = writeln!(s, "    horizon: {horizon}");
        if horizon != "later" {
            let startd = days_from(2026, 1, 1) + rng.below(400) as i64;
            let _ = writeln!(s, "    start: {}\n    end: {}", date(startd), date(startd + 60 + rng.below(200) as i64));
        }
        let _ = writeln!(s, "    status: {status}");
        let _ = writeln!(s, "    confidence: {}", rng.pick(&["high", "medium", "low"]));
        let _ = writeln!(s, "    owner: {}", rng.pick(&OWNERS));
        if rng.chance(50) {
            let _ = writeln!(s, "    milestones: [MS-{}]", 1 + rng.below(p.milestones));
        }
        let _ = writeln!(s, "    visibility: {}", rng.pick(&["internal", "external"]));
        if rng.chance(70) {
            let _ = writeln!(s, "    objectives: [OBJ-{}]", 1 + rng.below(objectives));
        }
        s.push('\n');
    }
    s.push_str("milestones:\n");
    for m in 1..=p.milestones {
        let d = days_from(2025, 3, 1) + (m * 700 / p.milestones) as i64;
        let status = if d < days_from(2026, 11, 1) { "shipped" } else { "planned" };
        let _ = writeln!(
            s,
            "  - {{id: MS-{m}, name: Release {m}, kind: {}, date: {}, status: {status}}}",
            rng.pick(&["release", "launch", "milestone"]),
            date(d)
        );
    }
    s
}

fn okr_cycle(rng: &mut Rng, p: &Plan, cycle: &Cycle) -> String {
    let (name, first, last, objs) = cycle;
    let current = name == "2026-Q4";
    let today = days_from(2026, 11, 27);
    let mut s = format!("# yaml-language-server: $schema=../schemas/okr-cycle.schema.json\n# OKRs for {name}.\n");
    for (k, (obj, krs)) in objs.iter().enumerate() {
        let _ = writeln!(s, "- id: OBJ-{obj}\n  title: {}", title(rng));
        let _ = writeln!(s, "  level: {}", if k == 0 { "company" } else { "team" });
        let _ = writeln!(s, "  type: {}", rng.pick(&["committed", "aspirational"]));
        let _ = writeln!(s, "  owner: {}", rng.pick(&OWNERS));
        if k > 0 {
            let _ = writeln!(s, "  parent: OBJ-{}", objs[0].0);
        }
        let _ = writeln!(s, "  status: {}", if current { "active" } else { "closed" });
        s.push_str("  key_results:\n");
        for kr in krs {
            let (metric, _, dir) = rng.pick(&p.metrics);
            let baseline = 20 + rng.below(60) as i64;
            let delta = 2 + rng.below(10) as i64;
            let target = if *dir == "up" { baseline + delta } else { baseline - delta };
            let _ = writeln!(s, "    - id: KR-{kr}\n      title: Move {metric} from {baseline}% to {target}%");
            let _ = writeln!(s, "      kind: metric\n      metric: {metric}\n      unit: \"%\"");
            let mut value = baseline;
            let _ = writeln!(s, "      baseline: {baseline}\n      target: {target}");
            let mut checkins = String::new();
            let mut d = first + 14;
            while d < *last - 3 && d < today {
                value += (target - baseline).signum() * rng.below(2) as i64;
                let _ = writeln!(
                    checkins,
                    "        - {{date: {}, value: {value}, confidence: 0.{}}}",
                    date(d),
                    4 + rng.below(5)
                );
                d += 14;
            }
            let _ = write!(s, "      current: {value}\n      check_ins:\n{checkins}");
        }
        s.push('\n');
    }
    s
}

fn prd(rng: &mut Rng, p: &Plan, k: usize) -> String {
    let status = rng.weighted(&[("draft", 3), ("in_review", 2), ("approved", 3), ("shipped", 2)]);
    let approved = status == "approved" || status == "shipped";
    let created = days_from(2025, 1, 1) + rng.below(300) as i64;
    let mut s =
        format!("# yaml-language-server: $schema=../schemas/prd.schema.json\nid: PRD-{k}\ntitle: {}\n", title(rng));
    let _ = writeln!(s, "owner: {}\nstatus: {status}\nversion: {}", rng.pick(&OWNERS), 1 + rng.below(4));
    let _ =
        writeln!(s, "initiative: RM-{}\nmilestone: MS-{}", 1 + rng.below(p.initiatives), 1 + rng.below(p.milestones));
    let _ = writeln!(s, "created: {}\nupdated: {}\n\nstakeholders:", date(created), date(created + 30));
    for (name, role) in [("Dana", "Head of Product"), ("Priya", "VP Engineering"), ("Marco", "Compliance officer")] {
        let approval = if approved { "approved" } else { *rng.pick(&["pending", "approved"]) };
        let _ = writeln!(s, "  - {{name: {name}, role: {role}, approval: {approval}, date: {}}}", date(created + 20));
    }
    let metric = &rng.pick(&p.metrics).0;
    let _ = writeln!(
        s,
        "\nproblem: |\n  Merchants lose sales because {} is hard to use {}.\n\ngoals:\n  - {{text: Move {metric}, metric: {metric}, target: {}}}",
        rng.pick(&NOUNS),
        rng.pick(&QUALIFIERS),
        30 + rng.below(60)
    );
    let _ = writeln!(s, "\nnon_goals:\n  - {} {}\n\nfunctional_requirements:", rng.pick(&VERBS), rng.pick(&NOUNS));
    for fr in 1..=5 {
        let _ = writeln!(
            s,
            "  - {{id: FR-{fr}, text: {} {}, priority: {}}}",
            rng.pick(&VERBS),
            rng.pick(&NOUNS),
            rng.pick(&["must", "should", "could"])
        );
    }
    let _ = writeln!(
        s,
        "\nnon_functional_requirements:\n  - {{id: NFR-1, category: performance, text: Responds within 300 ms at the 95th percentile}}"
    );
    s
}

fn metric(rng: &mut Rng, id: &str, name: &str, dir: &str) -> String {
    let mut s = format!("# yaml-language-server: $schema=../schemas/metric.schema.json\nid: {id}\nname: {name}\n");
    let _ = writeln!(s, "description: {name}, computed monthly from the payments warehouse.");
    let _ = writeln!(s, "formula: \"numerator / denominator × 100\"\nunit: percent\ndirection: {dir}");
    let _ = writeln!(s, "bounds: {{min: 0, max: 100}}\ngrain: month\nsource: \"sql:analytics.{id}\"");
    let _ =
        writeln!(s, "owner: {}\ncategory: {}", rng.pick(&OWNERS), rng.pick(&["activation", "retention", "revenue"]));
    let (green, yellow) = if dir == "up" { (70, 50) } else { (10, 20) };
    let _ = writeln!(s, "target: {{value: {green}, by: 2027-03-31}}\nthresholds: {{green: {green}, yellow: {yellow}}}");
    s.push_str("observations:\n");
    let mut v = 20.0 + rng.below(60) as f64;
    for m in 0..22 {
        let (y, mo) = (2025 + m / 12, m % 12 + 1);
        v = (v + (rng.below(21) as f64 - 10.0) / 10.0).clamp(0.5, 99.5);
        let _ = writeln!(s, "  - {{period: {y}-{mo:02}, value: {v:.1}}}");
    }
    s
}

fn experiment(rng: &mut Rng, p: &Plan, k: usize, n: usize) -> String {
    let metric = &rng.pick(&p.metrics).0;
    let start = days_from(2025, 3, 1) + rng.below(400) as i64;
    format!(
        "# yaml-language-server: $schema=../schemas/experiment.schema.json\nid: EXP-{k}\ntitle: Test {}\nhypothesis: >-\n  We believe that changing {} will move {metric} by one point.\nmetric: {metric}\nbaseline: 50\nexpected: {{change: 1, type: absolute}}\nsuccess_criterion: At least one point above control over four weeks\nmethod: ab_test\nowner: {}\nstart: {}\nend: {}\nstatus: concluded\nresult: {{observed: 51.2, verdict: validated}}\ndecision: persevere\nlearnings: |\n  It worked.\nlinks: {{backlog: [BL-{}]}}\n",
        rng.pick(&NOUNS),
        rng.pick(&NOUNS),
        rng.pick(&OWNERS),
        date(start),
        date(start + 28),
        1 + rng.below(n)
    )
}

/// A `git fast-import` stream writer.
struct Stream {
    buf: Vec<u8>,
    marks: usize,
}

impl Stream {
    fn commit(&mut self, who: &str, ts: i64, msg: &str, files: &[(String, String)]) {
        self.marks += 1;
        let _ = write!(
            self.buf,
            "commit refs/heads/main\nmark :{}\nauthor {who} <{who}@acme.example> {ts} +0000\ncommitter {who} <{who}@acme.example> {ts} +0000\ndata {}\n{msg}\n",
            self.marks,
            msg.len()
        );
        for (path, text) in files {
            let _ = write!(self.buf, "M 100644 inline {path}\ndata {}\n{text}\n", text.len());
        }
        self.buf.push(b'\n');
    }
}

fn main() {
    let args = parse_args();
    if args.out.exists() {
        eprintln!("gen: {} already exists", args.out.display());
        std::process::exit(1);
    }
    let n = args.items;
    let mut rng = Rng::new(args.seed);
    let p = plan(n);

    // Rank slots for every item there may ever be, shuffled.
    let slots = (n + args.commits + 16) as u64;
    let mut width = 1;
    while 36u64.pow(width) < slots * 8 {
        width += 1;
    }
    let step = 36u64.pow(width) / (slots + 1);
    let mut ranks: Vec<u64> = (0..slots).map(|k| k * step).collect();
    for i in (1..ranks.len()).rev() {
        let j = rng.below(i + 1);
        ranks.swap(i, j);
    }

    let mut items = backlog(&mut rng, n, &p, &mut ranks, width);
    let mut files: Vec<(String, String)> = vec![
        ("product/pm.yaml".into(), PM_YAML.into()),
        ("product/product.yaml".into(), PRODUCT_YAML.into()),
        ("product/roadmap.yaml".into(), roadmap(&mut rng, &p, &items)),
    ];
    for (name, text) in SCHEMAS {
        files.push((format!("product/schemas/{name}.schema.json"), text.into()));
    }
    for c in &p.cycles {
        files.push((format!("product/okrs/{}.yaml", c.0), okr_cycle(&mut rng, &p, c)));
    }
    for k in 1..=p.prds {
        files.push((format!("product/prds/PRD-{k}.yaml"), prd(&mut rng, &p, k)));
    }
    for (id, name, dir) in &p.metrics {
        files.push((format!("product/metrics/{id}.yaml"), metric(&mut rng, id, name, dir)));
    }
    for k in 1..=(n / 2000).max(2) {
        files.push((format!("product/experiments/EXP-{k}.yaml"), experiment(&mut rng, &p, k, n)));
    }
    files.extend(items.iter().map(|it| (it.path(), it.yaml())));

    let mut stream = Stream { buf: Vec::with_capacity(n * 1200 + args.commits * 1500), marks: 0 };
    let t0 = days_from(2026, 1, 1) * 86_400 + 9 * 3600;
    stream.commit("dana", t0, &format!("Synthetic product: {n} backlog items"), &files);

    // History: C commits spread evenly until 2026-11-27.
    let span = (days_from(2026, 11, 27) - days_from(2026, 1, 2)) * 86_400;
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for it in &items {
        if let Some(q) = it.parent {
            children[q].push(it.id);
        }
    }
    for c in 0..args.commits {
        let ts = t0 + 86_400 + span * c as i64 / args.commits.max(1) as i64;
        let day = ts.div_euclid(86_400);
        let who = *rng.pick(&OWNERS);
        let kind = rng.weighted(&[("move", 50), ("edit", 22), ("add", 12), ("rank", 8), ("sprint", 8)]);
        let mut touched: Vec<usize> = Vec::new();
        let mut msg = String::new();
        match kind {
            "move" | "sprint" => {
                let count = if kind == "sprint" { 2 + rng.below(5) } else { 1 };
                for _ in 0..count * 20 {
                    if touched.len() == count {
                        break;
                    }
                    let i = rng.below(items.len());
                    let it = &items[i];
                    let next = NEXT.iter().find(|x| x.0 == it.status).map_or(&[][..], |x| x.1);
                    if next.is_empty() || touched.contains(&i) {
                        continue;
                    }
                    let to = *rng.pick(next);
                    let open = |j: usize| !closed(items[j - 1].status);
                    if to == "done"
                        && (it.blocked_by.iter().any(|&b| open(b)) || children[it.id].iter().any(|&ch| open(ch)))
                    {
                        continue;
                    }
                    let from = it.status;
                    let _ = write!(msg, "{}BL-{}: {from} → {to}", if msg.is_empty() { "" } else { "; " }, it.id);
                    items[i].status = to;
                    touched.push(i);
                }
                if kind == "sprint" && !touched.is_empty() {
                    let label = "sprint";
                    for &i in &touched {
                        if !items[i].labels.contains(&label) {
                            items[i].labels.push(label);
                        }
                    }
                    msg = format!("Sprint planning: {msg}");
                }
            }
            "edit" => {
                let i = rng.below(items.len());
                let it = &mut items[i];
                match rng.below(4) {
                    0 => {
                        it.priority = *rng.pick(&["p0", "p1", "p2", "p3"]);
                        msg = format!("BL-{}: priority {}", it.id, it.priority);
                    }
                    1 => {
                        it.owner = *rng.pick(&OWNERS);
                        msg = format!("BL-{}: owner {}", it.id, it.owner);
                    }
                    2 => {
                        let l = *rng.pick(&LABELS);
                        if !it.labels.contains(&l) {
                            it.labels.push(l);
                        }
                        msg = format!("BL-{}: label {l}", it.id);
                    }
                    _ => {
                        let reach = 100 * (1 + rng.below(50)) as u32;
                        it.rice = Some(it.rice.map_or((reach, "1", "0.8", "2"), |r| (reach, r.1, r.2, r.3)));
                        msg = format!("BL-{}: RICE reach {reach}", it.id);
                    }
                }
                touched.push(i);
            }
            "rank" => {
                let i = rng.below(items.len());
                items[i].rank = rank_key(ranks.pop().expect("rank slots"), width);
                msg = format!("BL-{}: re-ranked", items[i].id);
                touched.push(i);
            }
            _ => {
                let open_parents: Vec<usize> = (0..50)
                    .map(|_| rng.below(items.len()))
                    .filter(|&i| matches!(items[i].ty, "epic" | "feature") && !closed(items[i].status))
                    .collect();
                let id = items.len() + 1;
                let mut it = items[rng.below(items.len())].clone();
                it.id = id;
                it.title = title(&mut rng);
                it.ty = rng.weighted(&[("story", 6), ("bug", 3), ("chore", 1)]);
                it.status = "new";
                it.parent = open_parents.first().map(|&i| items[i].id);
                it.blocked_by.clear();
                it.initiative = None;
                it.rank = rank_key(ranks.pop().expect("rank slots"), width);
                it.created = day;
                it.estimate = *rng.pick(&[1, 2, 3, 5, 8]);
                if let Some(q) = it.parent {
                    children[q].push(id);
                }
                children.push(Vec::new());
                msg = format!("BL-{id}: {}", it.title);
                items.push(it);
                touched.push(id - 1);
            }
        }
        if touched.is_empty() {
            msg = "Backlog grooming".into();
            touched.push(rng.below(items.len()));
            let i = touched[0];
            items[i].owner = who;
        }
        let changed: Vec<(String, String)> = touched
            .iter()
            .map(|&i| {
                items[i].updated = day;
                (items[i].path(), items[i].yaml())
            })
            .collect();
        stream.commit(who, ts, &msg, &changed);
    }

    // The repository.
    let out = &args.out;
    std::fs::create_dir_all(out).expect("create OUT");
    let git = |a: &[&str]| {
        let ok = Command::new("git").arg("-C").arg(out).args(a).status().map(|s| s.success()).unwrap_or(false);
        if !ok {
            eprintln!("gen: git {} failed", a.join(" "));
            std::process::exit(1);
        }
    };
    git(&["init", "-q", "-b", "main"]);
    let mut child = Command::new("git")
        .arg("-C")
        .arg(out)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    child.stdin.take().expect("stdin").write_all(&stream.buf).expect("write to fast-import");
    if !child.wait().map(|s| s.success()).unwrap_or(false) {
        eprintln!("gen: git fast-import failed");
        std::process::exit(1);
    }
    git(&["reset", "-q", "--hard", "main"]);
    eprintln!("gen: {} items, {} commits in {}", items.len(), args.commits + 1, out.display());

    if let Some(dir) = &args.peers {
        peers(dir, &items, &mut rng);
    }
}

/// The same items for Taskwarrior (`tasks.json`) and Backlog.md (`backlog/`).
fn peers(dir: &Path, items: &[Item], rng: &mut Rng) {
    let tasks = dir.join("backlog/tasks");
    std::fs::create_dir_all(&tasks).expect("create peers dir");
    std::fs::write(
        dir.join("backlog/config.yml"),
        "project_name: \"Bench\"\ndefault_status: \"To Do\"\nstatuses: [\"To Do\", \"In Progress\", \"Done\"]\nlabels: []\ndate_format: yyyy-mm-dd\nmax_column_width: 20\nauto_open_browser: false\ndefault_port: 6420\nremote_operations: false\nauto_commit: false\nfilesystem_only: true\nbypass_git_hooks: false\ncheck_active_branches: false\nactive_branch_days: 30\ntask_prefix: \"task\"\n",
    )
    .expect("write config.yml");
    let uuids: Vec<String> = items
        .iter()
        .map(|_| {
            let (a, b) = (rng.next(), rng.next());
            format!(
                "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                a >> 32,
                (a >> 16) & 0xffff,
                a & 0xfff,
                b >> 52,
                b & 0xffff_ffff_ffff
            )
        })
        .collect();
    let mut json = String::from("[\n");
    for (k, it) in items.iter().enumerate() {
        let (tw_status, bl_status) = match it.status {
            "done" => ("completed", "Done"),
            "wont_do" => ("deleted", "Done"),
            "in_progress" | "in_review" | "blocked" => ("pending", "In Progress"),
            _ => ("pending", "To Do"),
        };
        let entry = date(it.created).replace('-', "") + "T090000Z";
        let modified = date(it.updated).replace('-', "") + "T090000Z";
        let tags: Vec<String> = it.labels.iter().map(|l| format!("\"{}\"", l.replace('-', "_"))).collect();
        let prio = match it.priority {
            "p0" | "p1" => "H",
            "p2" => "M",
            _ => "L",
        };
        let _ = write!(
            json,
            "{{\"uuid\":\"{}\",\"description\":\"{}\",\"status\":\"{tw_status}\",\"entry\":\"{entry}\",\"modified\":\"{modified}\",\"project\":\"{}\",\"priority\":\"{prio}\",\"tags\":[{}]",
            uuids[k],
            it.title,
            it.ty,
            tags.join(",")
        );
        if tw_status != "pending" {
            let _ = write!(json, ",\"end\":\"{modified}\"");
        }
        if !it.blocked_by.is_empty() {
            let deps: Vec<&str> = it.blocked_by.iter().map(|&b| uuids[b - 1].as_str()).collect();
            let _ = write!(json, ",\"depends\":\"{}\"", deps.join(","));
        }
        json.push('}');
        json.push_str(if k + 1 < items.len() { ",\n" } else { "\n" });

        let slug: String = it.title.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' }).collect();
        let mut md = format!(
            "---\nid: TASK-{}\ntitle: \"{}\"\nstatus: {bl_status}\nassignee:\n  - '@{}'\ncreated_date: '{} 09:00'\n",
            it.id,
            it.title,
            it.owner,
            date(it.created)
        );
        md.push_str(if it.labels.is_empty() { "labels: []\n" } else { "labels:\n" });
        for l in &it.labels {
            let _ = writeln!(md, "  - {l}");
        }
        md.push_str(if it.blocked_by.is_empty() { "dependencies: []\n" } else { "dependencies:\n" });
        for b in &it.blocked_by {
            let _ = writeln!(md, "  - TASK-{b}");
        }
        let _ = write!(md, "ordinal: {}\n---\n\n## Description\n\n{}\n", it.id * 1000, it.description);
        std::fs::write(tasks.join(format!("task-{} - {slug}.md", it.id)), md).expect("write task");
    }
    json.push_str("]\n");
    std::fs::write(dir.join("tasks.json"), json).expect("write tasks.json");
    eprintln!("gen: peers data in {}", dir.display());
}
