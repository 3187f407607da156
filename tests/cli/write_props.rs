//! Properties of the one write path over random writes on the example
//! product: every write either succeeds and leaves a product that `pm check`
//! accepts, or is refused and changes no file; a dry run changes nothing and
//! agrees with the real run; without --force statuses move only as the
//! workflow (and the PRD lifecycle) allow; flag edits keep every comment, and
//! a flag edit of one field changes only that field's line and `updated`.
//! Two regression tests keep a bug these properties found in the editor form
//! (a deleted `status:` line skipped the workflow) fixed.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::BoxedStrategy;
use proptest::test_runner::TestCaseError;

use crate::env::{Run, TODAY, TestEnv};

/// Few cases, as every command spawns a process; PROPTEST_CASES asks for more.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases),
        failure_persistence: None,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    }
}

/// One command: pm's arguments, and for the editor form the sed script the
/// editor applies to the file pm opens.
#[derive(Clone)]
struct Write {
    args: Vec<String>,
    sed: Option<String>,
}

impl Write {
    fn pm(args: Vec<String>) -> Write {
        Write { args, sed: None }
    }

    fn dry_run(&self) -> bool {
        self.args.iter().any(|a| a == "--dry-run")
    }
}

/// As a shell command line, to read in a failure.
impl fmt::Debug for Write {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if let Some(sed) = &self.sed {
            write!(f, "EDITOR=<sed -i {sed:?}> ")?;
        }
        write!(f, "pm")?;
        for a in &self.args {
            if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_.=,#/".contains(c)) {
                write!(f, " {a}")?;
            } else {
                write!(f, " {a:?}")?;
            }
        }
        Ok(())
    }
}

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

fn one_of(xs: &'static [&'static str]) -> BoxedStrategy<String> {
    select(xs).prop_map(str::to_string).boxed()
}

/// Groups of arguments, such as `--set owner=x`, picked whole.
fn args_of(xs: &'static [&'static [&'static str]]) -> BoxedStrategy<Vec<String>> {
    select(xs).prop_map(strings).boxed()
}

fn flag(p: f64) -> BoxedStrategy<bool> {
    proptest::bool::weighted(p).boxed()
}

/// Texts that YAML reads as something else unless quoted, and plain ones.
const TEXTS: &[&str] = &[
    "Plain words",
    "Pay with a saved card",
    "a: b",
    "#hash first",
    "x # y",
    "- dash",
    "yes",
    "no",
    "null",
    "~",
    "123",
    "0.5",
    "'single'",
    "\"double\"",
    "it's",
    "[flow]",
    "{map}",
    "trailing ",
    " leading",
    "tab\tin",
    "ünïcödé ✓",
    "",
    "@at",
    "%pct",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "2026-01-01",
    "0x1F",
    "a,b",
    "k=v",
    "line\nbreak",
    "back\\slash",
];

const OWNERS: &[&str] = &["dana", "ravi", "mei", "lee", "tomas", "", "Dana Product", "o'neil", "yes"];

const STATUSES: &[&str] = &["new", "ready", "in_progress", "in_review", "blocked", "done", "wont_do", "limbo", "Done"];

const DATES: &[&str] =
    &["2026-01-01", "2026-11-28", "2027-02-28", "2026-02-30", "2026-13-01", "tomorrow", "26-1-1", ""];

const WHERES: &[&str] = &[
    "status=ready",
    "status=new",
    "status=done",
    "status=blocked",
    "label=payouts",
    "label=checkout",
    "label=saved-cards",
    "owner=dana",
    "owner=nobody",
    "type=bug",
    "priority=p1",
    "status=limbo",
    "bogus=1",
];

/// Existing items mostly, sometimes one that is not there (yet).
fn item() -> BoxedStrategy<String> {
    prop_oneof![
        12 => (1u32..=48).prop_map(|n| format!("BL-{n}")),
        1 => one_of(&["BL-49", "BL-99", "bl-7", "BL-0", "7"]),
    ]
    .boxed()
}

/// Items others refer to (BL-1 and BL-7 are parents, BL-17 blocks BL-19), and any.
fn referenced_item() -> BoxedStrategy<String> {
    prop_oneof![one_of(&["BL-1", "BL-7", "BL-9", "BL-17"]), item()].boxed()
}

fn wheres() -> BoxedStrategy<Vec<String>> {
    vec(one_of(WHERES), 1..=2).prop_map(|ws| ws.into_iter().flat_map(|w| ["--where".to_string(), w]).collect()).boxed()
}

/// The items a bulk command works on: ids, `--where` conditions, or both.
fn selection(items: BoxedStrategy<String>) -> BoxedStrategy<Vec<String>> {
    prop_oneof![
        4 => vec(items.clone(), 1..=3),
        1 => wheres(),
        1 => (vec(items, 1..=2), wheres()).prop_map(|(mut a, b)| {
            a.extend(b);
            a
        }),
    ]
    .boxed()
}

fn backlog_set() -> BoxedStrategy<String> {
    prop_oneof![
        one_of(OWNERS).prop_map(|v| format!("owner={v}")),
        one_of(TEXTS).prop_map(|v| format!("title={v}")),
        one_of(&["p0", "p1", "p2", "p3", "p4", "P1", "must", "", "high"]).prop_map(|v| format!("priority={v}")),
        one_of(&["epic", "feature", "story", "bug", "chore", "spike", "task", ""]).prop_map(|v| format!("type={v}")),
        one_of(&["0", "1", "2", "3", "5", "8", "13", "21", "20", "40", "100", "4", "-1", "XL", "1.5", "abc", ""])
            .prop_map(|v| format!("estimate={v}")),
        one_of(&["0", "1", "500", "12000", "1e3", "-5", "lots", "", "2.5"]).prop_map(|v| format!("rice.reach={v}")),
        one_of(&[
            "impact=2",
            "impact=0.25",
            "impact=7",
            "confidence=0.5",
            "confidence=1.0",
            "confidence=1.5",
            "confidence=80%",
            "effort=0",
            "effort=3",
            "effort=-1",
        ])
        .prop_map(|v| format!("rice.{v}")),
        (one_of(&["created", "updated"]), one_of(DATES)).prop_map(|(f, v)| format!("{f}={v}")),
        one_of(STATUSES).prop_map(|v| format!("status={v}")),
        one_of(&[
            "kano=must_be",
            "kano=attractive",
            "kano=meh",
            "origin=customer",
            "origin=internal",
            "origin=alien",
            "labels=a,b",
            "labels=",
            "labels=checkout,checkout",
            "parent=BL-1",
            "parent=BL-7",
            "parent=BL-99",
            "parent=BL-48",
            "parent=BL-23",
            "parent=BL-19",
            "blocked_by=BL-19",
            "blocked_by=BL-3",
            "blocked_by=BL-99",
            "priorty=p1",
            "ownr=dana",
            "titel=Misspelt",
            "rice.reech=5",
            "estimat=3",
            "rice=5",
            "id=BL-3",
            "id=BL-999",
            "rank=zz",
            "rank=8",
            "rank=0",
            "rank=",
            "description=New text",
            "acceptance_criteria.0=Changed",
            "acceptance_criteria.9=x",
            "wsjf.job_size=8",
            "wsjf.job_size=0",
            "ice.ease=5",
            "ice.impact=11",
            "initiative=RM-2",
            "initiative=RM-99",
            "prd=PRD-1#FR-2",
            "prd=PRD-9",
            "prd=PRD-1#FR-99",
            "milestone=MS-1",
            "milestone=MS-99",
            "key_results=KR-1",
            "labels.0=renamed",
            "labels.5=x",
            "title.x=1",
            "../x=1",
            "a..b=1",
        ]),
    ]
    .boxed()
}

/// One `--set`, `--unset`, `--add` or `--remove` of a backlog item.
fn backlog_op() -> BoxedStrategy<Vec<String>> {
    let unset = one_of(&[
        "owner",
        "estimate",
        "rice",
        "rice.reach",
        "title",
        "id",
        "status",
        "labels",
        "parent",
        "priorty",
        "labels.0",
        "acceptance_criteria.0",
        "blocked_by.0",
        "description",
        "kano",
        "updated",
        "created",
        "rank",
        "type",
        "priority",
        "wsjf",
        "labels.9",
    ]);
    let add = one_of(&[
        "label=new-label",
        "label=checkout",
        "labels=x",
        "label=",
        "label=a b",
        "labels=a,b",
        "blocked_by=BL-3",
        "blocked_by=BL-99",
        "blocked_by=BL-19",
        "acceptance_criteria=It works",
        "ac=Also this",
        "key_results=KR-1",
        "key_result=KR-99",
        "kr=KR-4",
        "priority=p1",
        "owner=x",
    ]);
    let remove = one_of(&[
        "label=checkout",
        "label=missing",
        "labels=payments",
        "blocked_by=BL-17",
        "blocked_by=BL-99",
        "acceptance_criteria=0",
        "acceptance_criteria=Nope",
        "label=",
        "owner=dana",
        "key_results=KR-4",
    ]);
    prop_oneof![
        5 => backlog_set().prop_map(|v| vec!["--set".to_string(), v]),
        1 => unset.prop_map(|v| vec!["--unset".to_string(), v]),
        2 => add.prop_map(|v| vec!["--add".to_string(), v]),
        1 => remove.prop_map(|v| vec!["--remove".to_string(), v]),
    ]
    .boxed()
}

fn cmd(head: &[&str], parts: Vec<Vec<String>>, dry: bool) -> Write {
    let mut args = strings(head);
    args.extend(parts.into_iter().flatten());
    if dry {
        args.push("--dry-run".to_string());
    }
    Write::pm(args)
}

fn backlog_edit() -> BoxedStrategy<Write> {
    (selection(item()), vec(backlog_op(), 1..=3), flag(0.2))
        .prop_map(|(sel, ops, dry)| cmd(&["backlog", "edit"], [vec![sel], ops].concat(), dry))
        .boxed()
}

fn backlog_move() -> BoxedStrategy<Write> {
    (selection(item()), one_of(STATUSES), flag(0.3), flag(0.2))
        .prop_map(|(sel, status, force, dry)| {
            let force = if force { vec!["--force".to_string()] } else { vec![] };
            cmd(&["backlog", "move"], vec![sel, vec![status], force], dry)
        })
        .boxed()
}

fn backlog_rank() -> BoxedStrategy<Write> {
    let place = prop_oneof![
        item().prop_map(|i| vec!["--before".to_string(), i]),
        item().prop_map(|i| vec!["--after".to_string(), i]),
        Just(strings(&["--top"])),
        Just(strings(&["--bottom"])),
    ];
    let by = (one_of(&["rice", "ice", "wsjf", "priority"]), prop_oneof![Just(vec![]), wheres()])
        .prop_map(|(by, w)| [strings(&["--by"]), vec![by], w].concat());
    prop_oneof![
        3 => (vec(item(), 1..=3), place, flag(0.2)).prop_map(|(ids, place, dry)| cmd(&["backlog", "rank"], vec![ids, place], dry)),
        1 => (by, flag(0.2)).prop_map(|(by, dry)| cmd(&["backlog", "rank"], vec![by], dry)),
    ]
    .boxed()
}

fn backlog_rm() -> BoxedStrategy<Write> {
    let sel = prop_oneof![4 => vec(referenced_item(), 1..=2), 1 => wheres()];
    (sel, flag(0.5), flag(0.2))
        .prop_map(|(sel, force, dry)| {
            let force = if force { vec!["--force".to_string()] } else { vec![] };
            cmd(&["backlog", "rm"], vec![sel, force], dry)
        })
        .boxed()
}

fn backlog_add() -> BoxedStrategy<Write> {
    let opt = args_of(&[
        &["-t", "bug"],
        &["-t", "epic"],
        &["-t", "task"],
        &["-p", "p0"],
        &["-p", "p7"],
        &["-e", "5"],
        &["-e", "6"],
        &["-o", "mei"],
        &["--parent", "BL-1"],
        &["--parent", "BL-23"],
        &["--parent", "BL-99"],
        &["--status", "ready"],
        &["--status", "done"],
        &["--status", "limbo"],
        &["-l", "fresh"],
        &["-l", "a b"],
        &["--rice", "100,1,0.5,2"],
        &["--rice", "1,2"],
        &["--ice", "5,5,5"],
        &["--wsjf", "1,2,3,4"],
        &["--blocked-by", "BL-3"],
        &["--blocked-by", "BL-99"],
        &["--prd", "PRD-1#FR-2"],
        &["--prd", "PRD-9"],
        &["--kr", "KR-1"],
        &["--kr", "KR-99"],
        &["--initiative", "RM-1"],
        &["--initiative", "RM-99"],
        &["--milestone", "MS-1"],
        &["--milestone", "MS-99"],
        &["--kano", "attractive"],
        &["--kano", "meh"],
        &["--ac", "It works"],
        &["--template", "bug"],
        &["--template", "nope"],
        &["--set", "owner=zed"],
        &["--set", "priorty=p1"],
    ]);
    (one_of(TEXTS), vec(opt, 0..=3))
        .prop_map(|(title, opts)| cmd(&["backlog", "add"], [vec![vec![title]], opts].concat(), false))
        .boxed()
}

fn roadmap_edit() -> BoxedStrategy<Write> {
    let id = prop_oneof![10 => (1u32..=10).prop_map(|n| format!("RM-{n}")), 1 => Just("RM-99".to_string())];
    let op = args_of(&[
        &["--set", "title=New initiative title"],
        &["--set", "title="],
        &["--set", "title=a: b"],
        &["--set", "owner=mei"],
        &["--set", "status=planned"],
        &["--set", "status=done"],
        &["--set", "status=cancelled"],
        &["--set", "status=limbo"],
        &["--set", "confidence=low"],
        &["--set", "confidence=sure"],
        &["--set", "horizon=later"],
        &["--set", "horizon=never"],
        &["--set", "start=2026-08-01"],
        &["--set", "end=2026-01-01"],
        &["--set", "end=2027-13-01"],
        &["--set", "theme=trust"],
        &["--set", "theme=bogus"],
        &["--set", "quarter=2026-Q4"],
        &["--set", "quarter=2026-Q5"],
        &["--set", "visibility=internal"],
        &["--set", "visibility=public"],
        &["--set", "outcome=Better # really"],
        &["--set", "id=RM-2"],
        &["--unset", "id"],
        &["--add", "milestone=MS-4"],
        &["--set", "tittle=x"],
        &["--add", "objective=OBJ-1"],
        &["--add", "objective=OBJ-99"],
        &["--add", "milestone=MS-3"],
        &["--add", "milestone=MS-99"],
        &["--remove", "milestones=MS-1"],
        &["--remove", "objectives=OBJ-3"],
        &["--unset", "end"],
        &["--unset", "start"],
        &["--unset", "owner"],
        &["--unset", "title"],
        &["--unset", "objectives"],
    ]);
    (id, vec(op, 1..=2)).prop_map(|(id, ops)| cmd(&["roadmap", "edit", &id], ops, false)).boxed()
}

fn product_edit() -> BoxedStrategy<Write> {
    let op = args_of(&[
        &["--set", "vision=Payments for everyone"],
        &["--set", "vision=a: b # c"],
        &["--set", "stage=maturity"],
        &["--set", "stage=bogus"],
        &["--set", "personas.0.description=Runs an agency"],
        &["--set", "personas.7.name=Ghost"],
        &["--set", "personas.1.goals=a,b"],
        &["--set", "personas.0.name=Merchant owner"],
        &["--add", "persona=Finance lead"],
        &["--add", "persona=Returning shopper"],
        &["--add", "stakeholder=Ann:CFO"],
        &["--add", "stakeholder=NoRole"],
        &["--remove", "persona=Risk analyst"],
        &["--remove", "persona=Nobody"],
        &["--remove", "stakeholder=Marco"],
        &["--unset", "strategy"],
        &["--unset", "name"],
        &["--set", "name="],
        &["--set", "nmae=x"],
    ]);
    vec(op, 1..=2).prop_map(|ops| cmd(&["product", "edit"], ops, false)).boxed()
}

fn prd_edit() -> BoxedStrategy<Write> {
    let id = one_of(&["PRD-1", "PRD-2", "PRD-3", "PRD-3", "PRD-9"]);
    let op = args_of(&[
        &["--set", "title=Renamed PRD"],
        &["--set", "owner=mei"],
        &["--set", "status=approved"],
        &["--set", "status=draft"],
        &["--set", "status=shipped"],
        &["--set", "status=limbo"],
        &["--set", "open_questions.0.status=answered"],
        &["--set", "open_questions.0.status=maybe"],
        &["--set", "open_questions.5.status=answered"],
        &["--set", "functional_requirements.fr-2.priority=could"],
        &["--set", "functional_requirements.fr-2.priority=mustnt"],
        &["--set", "functional_requirements.fr-9.priority=could"],
        &["--set", "milestone=MS-1"],
        &["--set", "milestone=MS-99"],
        &["--set", "initiative=RM-2"],
        &["--set", "initiative=RM-99"],
        &["--set", "created=2026-02-30"],
        &["--set", "titel=x"],
        &["--add", "non_goals=Not this"],
        &["--unset", "problem"],
        &["--unset", "title"],
    ]);
    (id, vec(op, 1..=2)).prop_map(|(id, ops)| cmd(&["prd", "edit", &id], ops, false)).boxed()
}

fn prd_status() -> BoxedStrategy<Write> {
    let status = one_of(&["draft", "in_review", "approved", "shipped", "archived", "rejected", "limbo"]);
    (one_of(&["PRD-1", "PRD-2", "PRD-3", "PRD-9"]), status)
        .prop_map(|(id, status)| Write::pm(vec!["prd".to_string(), "status".to_string(), id, status]))
        .boxed()
}

/// `pm backlog edit ID` or `pm prd edit PRD-n` with an editor that runs sed on the file.
fn editor_edit() -> BoxedStrategy<Write> {
    let backlog = one_of(&[
        "s/^status: .*/status: done/",
        "s/^status: .*/status: ready/",
        "s/^status: .*/status: in_progress/",
        "s/^status: .*/status: limbo/",
        "s/^title: .*/title: Edited in the editor/",
        "s/^title: .*/title: a: b/",
        "s/^priority: .*/priority: p9/",
        "s/^priority: .*/priority: p0/",
        "s/^id: .*/id: BL-999/",
        "s/^id: .*/id: BL-3/",
        "s/^rank: .*/rank: \"8\"/",
        "s/^type: .*/type: epic/",
        "s/^parent: .*/parent: BL-23/",
        "$a blocked_by: [BL-19]",
        "$a status: done",
        "s/^rank: .*/rank: [/",
        "s/^estimate: .*/estimate: 7/",
        "s/^parent: .*/parent: BL-99/",
        "s/^created: .*/created: 2026-02-30/",
        "s/^labels: .*/labels: [a, a]/",
        "$a extra_field: 1",
        "1i   bad: indent",
        "/^owner:/d",
        "/^title:/d",
        "/^status:/d",
        "s/x/x/",
        "1,$d",
    ]);
    let prd = one_of(&[
        "s/^status: .*/status: approved/",
        "s/^status: .*/status: draft/",
        "s/^status: .*/status: limbo/",
        "s/^status: .*/status: shipped/",
        "s/^status: .*/status: archived/",
        "/^status:/d",
        "s/^owner: .*/owner: zed/",
        "s/^title: .*/title: [/",
        "/^title:/d",
        "s/^id: .*/id: PRD-1/",
        "s/^milestone: .*/milestone: MS-99/",
    ]);
    prop_oneof![
        3 => (item(), backlog, flag(0.3)).prop_map(|(id, sed, force)| (vec!["backlog".to_string(), "edit".to_string(), id], sed, force)),
        1 => (one_of(&["PRD-1", "PRD-2", "PRD-3"]), prd, flag(0.3)).prop_map(|(id, sed, force)| (vec!["prd".to_string(), "edit".to_string(), id], sed, force)),
    ]
    .prop_map(|(mut args, sed, force)| {
        if force {
            args.push("--force".to_string());
        }
        Write { args, sed: Some(sed) }
    })
    .boxed()
}

fn write() -> BoxedStrategy<Write> {
    prop_oneof![
        6 => backlog_edit(),
        3 => backlog_move(),
        2 => backlog_rank(),
        2 => backlog_rm(),
        2 => backlog_add(),
        2 => roadmap_edit(),
        1 => product_edit(),
        1 => prd_edit(),
        1 => prd_status(),
        2 => editor_edit(),
    ]
    .boxed()
}

/// Runs one write; the `n`th command gets its own editor script. A command
/// that is not the editor form gets an editor that fails, so that nothing
/// ever waits for a terminal.
fn run(env: &TestEnv, w: &Write, n: usize) -> Run {
    let args: Vec<&str> = w.args.iter().map(String::as_str).collect();
    let mut cmd = env.pm_cmd(&args);
    match &w.sed {
        Some(sed) => {
            env.write(&format!("editor/{n}.sed"), &format!("{sed}\n"));
            let script = env.path(&format!("editor/{n}.sed"));
            env.write(&format!("editor/{n}.sh"), &format!("#!/bin/sh\nexec sed -i -f '{}' \"$1\"\n", script.display()));
            cmd.env("EDITOR", format!("sh {}", env.path(&format!("editor/{n}.sh")).display()));
        }
        None => {
            cmd.env("EDITOR", "false");
        }
    }
    env.run(cmd)
}

type Tree = Vec<(PathBuf, Vec<u8>)>;

/// The files that differ between two trees, to read in a failure.
fn changed(before: &Tree, after: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in before {
        match after.iter().find(|(p, _)| p == path) {
            None => out.push(format!("removed {}", path.display())),
            Some((_, b)) if b != bytes => {
                let (old, new) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(b));
                let lines: Vec<String> = old
                    .lines()
                    .zip(new.lines())
                    .filter(|(a, b)| a != b)
                    .map(|(a, b)| format!("-{a}\n+{b}"))
                    .take(3)
                    .collect();
                out.push(format!("changed {}\n{}", path.display(), lines.join("\n")));
            }
            _ => {}
        }
    }
    for (path, _) in after {
        if !before.iter().any(|(p, _)| p == path) {
            out.push(format!("added {}", path.display()));
        }
    }
    out
}

/// The comment lines of a file.
fn comments(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes).lines().filter(|l| l.trim_start().starts_with('#')).map(str::to_string).collect()
}

fn history(writes: &[Write]) -> String {
    writes.iter().map(|w| format!("  {w:?}\n")).collect()
}

/// The statuses each status of the product's workflow may move to.
fn workflow(env: &TestEnv) -> BTreeMap<String, Vec<String>> {
    let config: serde_json::Value = yaml_serde::from_str(&env.read("product/pm.yaml")).unwrap();
    let steps = config["workflow"].as_array().unwrap();
    let names = |v: &serde_json::Value| v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
    steps.iter().map(|s| (s["status"].as_str().unwrap().to_string(), names(&s["next"]))).collect()
}

/// The statuses a PRD may move to (pm's PRD lifecycle).
fn prd_next(status: &str) -> Option<Vec<String>> {
    let next: &[&str] = match status {
        "draft" => &["in_review", "archived"],
        "in_review" => &["approved", "draft", "rejected", "archived"],
        "approved" => &["shipped", "draft", "archived"],
        "shipped" => &["archived"],
        "rejected" => &["draft", "archived"],
        "archived" => &[],
        _ => return None,
    };
    Some(strings(next))
}

/// The status of each backlog item and PRD, by file: an item without one
/// has none (""), a PRD without one is a draft.
fn statuses(tree: &Tree) -> BTreeMap<PathBuf, String> {
    tree.iter()
        .filter_map(|(p, bytes)| {
            let folder = p.parent()?;
            let missing = if folder.ends_with("backlog") {
                ""
            } else if folder.ends_with("prds") {
                "draft"
            } else {
                return None;
            };
            let v: serde_json::Value = yaml_serde::from_str(&String::from_utf8_lossy(bytes)).ok()?;
            let status = v.get("status").and_then(|s| s.as_str()).unwrap_or(missing);
            Some((p.clone(), status.to_string()))
        })
        .collect()
}

/// Runs the writes one by one on the example product, each dry run followed
/// by the same command for real.
fn writes_keep_the_product_valid(writes: &[Write]) -> Result<(), TestCaseError> {
    let env = TestEnv::acme();
    let workflow = workflow(&env);
    let mut done: Vec<Write> = Vec::new();
    for w in writes {
        done.push(w.clone());
        let dry = step(&env, &workflow, &done)?;
        if w.dry_run() {
            let real = Write { args: w.args.iter().filter(|a| *a != "--dry-run").cloned().collect(), sed: None };
            done.push(real);
            let before = env.tree("product");
            let run = step(&env, &workflow, &done)?;
            let ctx = format!("the commands:\n{}--- the dry run\n{}", history(&done), dry.snapshot());
            prop_assert_eq!(
                run.code,
                dry.code,
                "the dry run and the real run differ: {}\n--- the real run\n{}",
                ctx,
                run.snapshot()
            );
            // "Dry run: 2 files would change; nothing written"
            let would =
                dry.stderr.lines().find_map(|l| l.strip_prefix("Dry run: ")?.split(' ').next()?.parse::<usize>().ok());
            if let Some(would) = would {
                let files = changed(&before, &env.tree("product"));
                prop_assert_eq!(
                    would,
                    files.len(),
                    "the dry run said otherwise: {}\n--- the real run\n{}",
                    ctx,
                    run.snapshot()
                );
            }
        }
    }
    Ok(())
}

/// Runs the last of `writes` and checks what it did: a refused command and a
/// dry run change no file, a successful one leaves a product `pm check`
/// accepts, and without --force statuses only move as the workflow and the
/// PRD lifecycle allow.
fn step(env: &TestEnv, workflow: &BTreeMap<String, Vec<String>>, writes: &[Write]) -> Result<Run, TestCaseError> {
    let (n, w) = (writes.len() - 1, writes.last().unwrap());
    let before = env.tree("product");
    let run = run(env, w, n);
    let ctx = || format!("the commands:\n{}{}", history(writes), run.snapshot());
    prop_assert!(matches!(run.code, 0..=2), "exit code {}: {}", run.code, ctx());
    prop_assert!(!run.stderr.contains("panicked"), "pm crashed: {}", ctx());
    if run.code != 0 || w.dry_run() {
        let after = env.tree("product");
        prop_assert!(
            after == before,
            "a refused or dry-run command changed files:\n{}\n{}",
            changed(&before, &after).join("\n"),
            ctx()
        );
    }
    if run.code == 0 && !w.args.iter().any(|a| a == "--force") {
        let after = statuses(&env.tree("product"));
        for (file, from) in statuses(&before) {
            let Some(to) = after.get(&file) else { continue };
            let in_backlog = file.parent().is_some_and(|d| d.ends_with("backlog"));
            let next = if in_backlog { workflow.get(from.as_str()).cloned() } else { prd_next(&from) };
            let allowed = *to == from || next.is_some_and(|next| next.contains(to));
            prop_assert!(
                allowed,
                "{} went from status {:?} to {:?} without --force: {}",
                file.display(),
                from,
                to,
                ctx()
            );
        }
    }
    if run.code == 0 && w.sed.is_none() {
        // Flag edits are lossless: no comment of a file that stays is lost or changed.
        let after = env.tree("product");
        for (path, bytes) in &before {
            let Some((_, now)) = after.iter().find(|(p, _)| p == path) else { continue };
            let (old, new) = (comments(bytes), comments(now));
            prop_assert_eq!(old, new, "the comments of {} changed: {}", path.display(), ctx());
        }
    }
    if run.code == 0 {
        let check = env.pm(&["check"]);
        prop_assert_eq!(
            check.code,
            0,
            "`pm check` fails after a successful write: {}\n--- pm check\n{}",
            ctx(),
            check.snapshot()
        );
    }
    Ok(run)
}

/// A scalar field of backlog items and values for it, good and bad.
fn scalar_edit() -> BoxedStrategy<(String, String)> {
    let single_line = || select(TEXTS).prop_filter("one line", |t| !t.contains('\n')).prop_map(str::to_string);
    prop_oneof![
        one_of(OWNERS).prop_map(|v| ("owner".to_string(), v)),
        single_line().prop_map(|v| ("owner".to_string(), v)),
        single_line().prop_map(|v| ("title".to_string(), v)),
        one_of(&["p0", "p1", "p2", "p3", "p4", ""]).prop_map(|v| ("priority".to_string(), v)),
        one_of(&["0", "1", "3", "5", "8", "13", "21", "40", "100", "4", "XL", "-1"])
            .prop_map(|v| ("estimate".to_string(), v)),
        one_of(&["epic", "feature", "story", "bug", "chore", "spike", "task"]).prop_map(|v| ("type".to_string(), v)),
        one_of(&["must_be", "one_dimensional", "attractive", "indifferent", "reverse", "meh"])
            .prop_map(|v| ("kano".to_string(), v)),
        one_of(&["customer", "internal", "alien"]).prop_map(|v| ("origin".to_string(), v)),
        one_of(DATES).prop_map(|v| ("created".to_string(), v)),
        one_of(&["0", "1", "750", "12000", "2.5", "-5", "lots"]).prop_map(|v| ("rice.reach".to_string(), v)),
        one_of(&["0.5", "1", "2", "3", "7"]).prop_map(|v| ("rice.effort".to_string(), v)),
        one_of(&["0.5", "0.8", "1.0", "1.5"]).prop_map(|v| ("rice.confidence".to_string(), v)),
        one_of(&["1", "5", "13", "x"]).prop_map(|v| ("wsjf.job_size".to_string(), v)),
    ]
    .boxed()
}

/// Ways a hand-edited item file may look, which an edit must keep.
#[derive(Clone, Copy, Debug)]
enum Look {
    AsIs,
    /// `owner: dana  # keep this note` on the edited field's line.
    TrailingComment,
    /// A comment line just above the edited field.
    CommentAbove,
    /// A blank line, a comment and a key pm does not know, at the end.
    UnknownKeyAtEnd,
    /// CRLF line breaks.
    Crlf,
    /// No line break after the last line.
    NoFinalNewline,
    /// A `---` document start.
    DocumentStart,
}

const NOTE: &str = "  # keep this note";

fn look() -> BoxedStrategy<Look> {
    select(
        &[
            Look::AsIs,
            Look::TrailingComment,
            Look::CommentAbove,
            Look::UnknownKeyAtEnd,
            Look::Crlf,
            Look::NoFinalNewline,
            Look::DocumentStart,
        ][..],
    )
    .boxed()
}

/// `text` given `look` around the lines of `key` (`owner:`).
fn dress(text: &str, key: &str, look: Look) -> String {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines = text.split_inclusive('\n');
    match look {
        Look::AsIs => text.to_string(),
        Look::TrailingComment => lines
            .map(|l| match l.strip_suffix(eol) {
                Some(body) if l.starts_with(key) && !l.contains(NOTE) => format!("{body}{NOTE}{eol}"),
                _ => l.to_string(),
            })
            .collect(),
        Look::CommentAbove => lines
            .map(|l| if l.starts_with(key) { format!("# about this field{eol}{l}") } else { l.to_string() })
            .collect(),
        Look::UnknownKeyAtEnd if text.ends_with('\n') => {
            format!("{text}{eol}# kept as written{eol}x-note: 'keep me'{eol}")
        }
        Look::Crlf if !text.contains('\r') => text.replace('\n', "\r\n"),
        Look::NoFinalNewline => text.trim_end_matches(['\r', '\n']).to_string(),
        Look::DocumentStart if !text.starts_with("---") => format!("---{eol}{text}"),
        _ => text.to_string(),
    }
}

fn is_numeric_field(field: &str) -> bool {
    field == "estimate" || field.contains('.')
}

/// Dresses item BL-`n` as `look`, sets `field` to `value` and checks that
/// only the field's line and `updated` changed, or that nothing did.
fn one_edit_changes_one_line(env: &TestEnv, n: u32, field: &str, value: &str, look: Look) -> Result<(), TestCaseError> {
    let rel = format!("product/backlog/BL-{n}.yaml");
    let id = format!("BL-{n}");
    let set = format!("{field}={value}");
    let key = format!("{}:", field.split('.').next().unwrap());
    env.write(&rel, &dress(&env.read(&rel), &key, look));
    let tree = env.tree("product");
    let before = env.read(&rel);
    let run = env.pm(&["backlog", "edit", &id, "--set", &set]);
    let ctx = || format!("pm backlog edit {id} --set {set:?} (the file dressed {look:?})\n{}", run.snapshot());
    prop_assert!(matches!(run.code, 0..=2) && !run.stderr.contains("panicked"), "{}", ctx());
    let after_tree = env.tree("product");
    let others =
        |t: &Tree| t.iter().filter(|(p, _)| !p.ends_with(format!("backlog/{id}.yaml"))).cloned().collect::<Tree>();
    prop_assert!(others(&tree) == others(&after_tree), "other files changed: {}", ctx());
    let after = env.read(&rel);
    if run.code != 0 {
        prop_assert_eq!(&after, &before, "a refused edit changed the file: {}", ctx());
        return Ok(());
    }
    let parsed: serde_json::Value = yaml_serde::from_str(&after).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let got = field.split('.').fold(&parsed, |v, k| &v[k]);
    let reads_back = match got {
        serde_json::Value::String(s) => !is_numeric_field(field) && s == value,
        serde_json::Value::Number(x) => is_numeric_field(field) && value.parse::<f64>().ok() == x.as_f64(),
        _ => false,
    };
    prop_assert!(reads_back, "`{}` reads back as {}, not {:?}: {}\n{}", field, got, value, ctx(), after);
    if after == before {
        return Ok(());
    }
    // Lines with their line breaks, so that a changed break shows too.
    let is_key = |l: &str| l.starts_with(&key);
    let is_updated = |l: &str| l.starts_with("updated:");
    let (b, a): (Vec<&str>, Vec<&str>) =
        (before.split_inclusive('\n').collect(), after.split_inclusive('\n').collect());
    let diff = || format!("{}\n--- before\n{before}\n--- after\n{after}", ctx());
    prop_assert!(
        a.iter().any(|l| l.trim_end_matches(['\r', '\n']) == format!("updated: {TODAY}")),
        "`updated` not stamped: {}",
        diff()
    );
    let key_lines: Vec<&&str> = a.iter().filter(|l| is_key(l)).collect();
    prop_assert_eq!(key_lines.len(), 1, "{}", diff());
    if b.iter().any(|l| is_key(l) && l.contains(NOTE)) {
        prop_assert!(key_lines[0].contains(NOTE), "the comment on the edited line was lost: {}", diff());
    }
    if b.iter().any(|l| is_key(l)) {
        prop_assert_eq!(a.len(), b.len(), "{}", diff());
        for (x, y) in b.iter().zip(&a) {
            prop_assert!(x == y || (is_key(x) && is_key(y)) || (is_updated(x) && is_updated(y)), "{}", diff());
        }
    } else {
        prop_assert_eq!(a.len(), b.len() + 1, "a new field adds one line: {}", diff());
        // The last line may gain the line break it lacked.
        let rest = |ls: &[&str]| -> Vec<String> {
            ls.iter()
                .filter(|l| !is_key(l) && !is_updated(l))
                .map(|l| l.trim_end_matches(['\r', '\n']).to_string())
                .collect()
        };
        prop_assert_eq!(rest(&b), rest(&a), "{}", diff());
        let eol = |ls: &[&str]| ls.iter().filter(|l| l.ends_with('\n')).all(|l| l.ends_with("\r\n"));
        prop_assert_eq!(eol(&b), eol(&a), "line breaks changed: {}", diff());
    }
    Ok(())
}

/// Found by these properties: the editor form checked a status change only
/// when the new text had a status, so deleting the `status:` line of BL-8
/// (in_progress) was written without --force and left the item outside the
/// workflow. It is refused and changes nothing.
#[test]
fn the_editor_cannot_remove_the_status() {
    let env = TestEnv::acme();
    let before = env.tree("product");
    let edit = Write { args: strings(&["backlog", "edit", "BL-8"]), sed: Some("/^status:/d".to_string()) };
    let run = run(&env, &edit, 0);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("BL-8: the status was removed; nothing written"), "{}", run.stderr);
    assert_eq!(env.tree("product"), before);
}

/// The same for PRDs: deleting the `status:` line of shipped PRD-1 made it a
/// draft without --force. It is refused and changes nothing.
#[test]
fn the_prd_editor_cannot_remove_the_status() {
    let env = TestEnv::acme();
    env.pm(&["prd", "status", "PRD-1", "shipped"]).success();
    let before = env.tree("product");
    let edit = Write { args: strings(&["prd", "edit", "PRD-1"]), sed: Some("/^status:/d".to_string()) };
    let run = run(&env, &edit, 0);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("PRD-1: the status was removed; nothing written"), "{}", run.stderr);
    assert_eq!(env.tree("product"), before);
}

proptest! {
    #![proptest_config(config(20))]

    #[test]
    fn random_write_sequences_keep_the_product_valid(writes in vec(write(), 1..=14)) {
        writes_keep_the_product_valid(&writes)?;
    }

    #[test]
    fn flag_edits_change_only_the_edited_values(edits in vec((1u32..=48, scalar_edit(), look()), 1..=6)) {
        let env = TestEnv::acme();
        for (n, (field, value), look) in &edits {
            one_edit_changes_one_line(&env, *n, field, value, *look)?;
        }
    }
}
