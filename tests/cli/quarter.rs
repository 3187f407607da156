//! A whole quarter of product work, with pm commands only: the test never
//! writes a product file itself. After every command `pm check` finds no
//! errors, and at every commit it finds nothing at all (no warnings: an
//! objective without key results yet, between `okr add` and `okr kr add`,
//! is a warning for the length of one command).

use crate::env::TestEnv;

struct Quarter {
    env: TestEnv,
    today: String,
}

impl Quarter {
    fn on(&mut self, day: &str) {
        self.today = day.to_string();
    }

    /// Runs pm on `today`; asserts success and that the product has no errors.
    #[track_caller]
    fn pm(&self, args: &[&str]) -> String {
        let run = self.env.run({
            let mut cmd = self.env.pm_cmd(args);
            cmd.env("PM_TODAY", &self.today);
            cmd
        });
        assert_eq!(run.code, 0, "pm {} on {}\n{}", args.join(" "), self.today, run.snapshot());
        let check = self.check();
        assert_eq!(check.0, 0, "errors after pm {} on {}\n{}", args.join(" "), self.today, check.1);
        run.stdout
    }

    /// `pm check` as JSON: the number of errors and the findings.
    fn check(&self) -> (usize, String) {
        let run = self.env.run({
            let mut cmd = self.env.pm_cmd(&["check", "--format", "json"]);
            cmd.env("PM_TODAY", &self.today);
            cmd
        });
        let findings: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap_or_default();
        let errors = findings.iter().filter(|f| f["severity"] == "error").count();
        (errors, run.stdout)
    }

    /// Commits everything on `today`, after asserting that `pm check` finds nothing.
    #[track_caller]
    fn commit(&self, message: &str) {
        let (_, findings) = self.check();
        let mut parsed: Vec<serde_json::Value> = serde_json::from_str(&findings).unwrap();
        // The team's dates were set before it had a month of history to
        // forecast from; forecasts are tested in forecast.rs.
        parsed.retain(|f| f["rule"] != "forecast-late");
        assert!(parsed.is_empty(), "findings before commit `{message}` on {}:\n{findings}", self.today);
        let run = self.env.sh(&format!(
            "git add -A && GIT_AUTHOR_DATE='{d}T17:00:00Z' GIT_COMMITTER_DATE='{d}T17:00:00Z' git commit -q -m '{message}'",
            d = self.today
        ));
        assert_eq!(run.code, 0, "{}", run.snapshot());
    }

    fn yaml(&self, rel: &str) -> serde_json::Value {
        yaml_serde::from_str(&self.env.read(rel)).unwrap()
    }
}

#[test]
fn a_quarter_of_product_work_with_pm_commands_only() {
    let env = TestEnv::new();
    env.git(&["init", "-q", "-b", "main"]);
    let mut q = Quarter { env, today: "2026-09-28".into() };

    // ---- Strategy: the product, its personas, stakeholders and KPIs.
    q.pm(&["init", "--name", "Ledger"]);
    q.pm(&[
        "product",
        "edit",
        "--set",
        "vision=Every freelancer gets paid on time without chasing anyone",
        "--set",
        "strategy=Win agencies of 2-20 people with invoicing that chases for them",
        "--set",
        "stage=growth",
    ]);
    q.pm(&["product", "persona", "add", "Agency owner", "--description", "Runs a studio of 2-20 people"]);
    q.pm(&["product", "persona", "add", "Freelancer", "--description", "Works alone, invoices monthly"]);
    q.pm(&["product", "stakeholder", "add", "Dana", "--role", "Head of Product"]);
    q.pm(&["product", "stakeholder", "add", "Priya", "--role", "VP Engineering"]);
    q.pm(&[
        "metric",
        "add",
        "activation_rate",
        "--name",
        "Activation rate",
        "--unit",
        "percent",
        "--target",
        "40",
        "--by",
        "2026-12-31",
    ]);
    q.pm(&[
        "metric",
        "add",
        "paid_on_time",
        "--name",
        "Invoices paid on time",
        "--unit",
        "percent",
        "--target",
        "80",
        "--by",
        "2026-12-31",
    ]);
    q.pm(&[
        "metric",
        "add",
        "churn",
        "--name",
        "Monthly churn",
        "--unit",
        "percent",
        "--direction",
        "down",
        "--target",
        "2",
        "--by",
        "2026-12-31",
    ]);
    q.pm(&[
        "metric",
        "add",
        "mrr",
        "--name",
        "Monthly recurring revenue",
        "--unit",
        "currency:EUR",
        "--target",
        "60000",
        "--by",
        "2026-12-31",
    ]);
    for (metric, value) in [("activation_rate", "31"), ("paid_on_time", "64"), ("churn", "3.4"), ("mrr", "41000")] {
        q.pm(&["metric", "record", metric, value, "--period", "2026-08"]);
    }
    q.commit("Strategy and KPIs");

    // ---- OKRs: three objectives, seven key results, weighted with --rebalance.
    q.on("2026-10-01");
    assert_eq!(
        q.pm(&[
            "okr",
            "add",
            "Get new agencies to their first paid invoice",
            "--cycle",
            "2026-Q4",
            "--type",
            "committed",
            "--owner",
            "dana"
        ]),
        "OBJ-1\n"
    );
    assert_eq!(
        q.pm(&[
            "okr",
            "kr",
            "add",
            "OBJ-1",
            "Raise activation from 31% to 40%",
            "--metric",
            "activation_rate",
            "--target",
            "40",
            "--weight",
            "1"
        ]),
        "KR-1\n"
    );
    q.pm(&["okr", "kr", "add", "OBJ-1", "Onboarding checklist live", "--milestone", "--weight", "0.4", "--rebalance"]);
    q.pm(&["okr", "kr", "edit", "KR-2", "--set", "steps_total=4"]);
    q.pm(&[
        "okr",
        "add",
        "Invoices get paid without chasing",
        "--cycle",
        "2026-Q4",
        "--type",
        "aspirational",
        "--owner",
        "priya",
    ]);
    q.pm(&["okr", "kr", "add", "OBJ-2", "Paid on time from 64% to 80%", "--metric", "paid_on_time", "--target", "80"]);
    q.pm(&["okr", "kr", "add", "OBJ-2", "Churn from 3.4% to 2%", "--metric", "churn", "--target", "2"]);
    q.pm(&["okr", "kr", "add", "OBJ-2", "Automatic reminders for every plan", "--milestone"]);
    q.pm(&[
        "okr",
        "add",
        "Grow revenue from agencies",
        "--cycle",
        "2026-Q4",
        "--type",
        "aspirational",
        "--owner",
        "dana",
    ]);
    q.pm(&[
        "okr",
        "kr",
        "add",
        "OBJ-3",
        "MRR from €41k to €60k",
        "--metric",
        "mrr",
        "--target",
        "60000",
        "--weight",
        "1",
    ]);
    q.pm(&["okr", "kr", "add", "OBJ-3", "Annual plans launched", "--milestone", "--weight", "0.3", "--rebalance"]);
    // The weights of OBJ-2 set together, checked once.
    q.pm(&["okr", "kr", "weights", "KR-3=0.5", "KR-4=0.3", "KR-5=0.2"]);
    let okrs = q.yaml("product/okrs/2026-Q4.yaml");
    let weights: Vec<f64> =
        okrs[0]["key_results"].as_array().unwrap().iter().map(|k| k["weight"].as_f64().unwrap()).collect();
    assert_eq!(weights, [0.6, 0.4]);
    let weights: Vec<f64> =
        okrs[2]["key_results"].as_array().unwrap().iter().map(|k| k["weight"].as_f64().unwrap()).collect();
    assert_eq!(weights, [0.7, 0.3]);

    // ---- Roadmap: three milestones, seven initiatives serving the OKRs.
    q.pm(&["milestone", "add", "Beta", "--date", "2026-11-13", "--kind", "release"]);
    q.pm(&["milestone", "add", "GA", "--date", "2026-12-11", "--kind", "launch"]);
    q.pm(&["milestone", "add", "Annual plans", "--date", "2026-12-18", "--kind", "release"]);
    let initiatives = [
        ("Guided onboarding", "now", "OBJ-1", "KR-2", "MS-1"),
        ("Invoice templates", "now", "OBJ-1", "KR-1", "MS-1"),
        ("Payment reminders", "now", "OBJ-2", "KR-5", "MS-2"),
        ("Late-payment insights", "next", "OBJ-2", "KR-3", "MS-2"),
        ("Retention nudges", "next", "OBJ-2", "KR-4", "MS-2"),
        ("Annual billing", "now", "OBJ-3", "KR-7", "MS-3"),
        ("Partner referrals", "later", "OBJ-3", "KR-6", "MS-3"),
    ];
    for (title, horizon, objective, kr, milestone) in initiatives {
        q.pm(&[
            "roadmap",
            "add",
            title,
            "--horizon",
            horizon,
            "--quarter",
            "2026-Q4",
            "--status",
            "planned",
            "--objective",
            objective,
            "--kr",
            kr,
            "--milestone",
            milestone,
            "--owner",
            "dana",
        ]);
    }

    // ---- Backlog: an epic per initiative, 35 stories under them.
    for (i, (title, _, _, _, milestone)) in initiatives.iter().enumerate() {
        let rm = format!("RM-{}", i + 1);
        q.pm(&[
            "backlog",
            "add",
            title,
            "--type",
            "epic",
            "--initiative",
            &rm,
            "--milestone",
            milestone,
            "--priority",
            "p1",
        ]);
    }
    let mut stories = Vec::new();
    for epic in 1..=7 {
        for n in 1..=5 {
            let title = format!("Story {n} of epic {epic}");
            let estimate = ["1", "2", "3", "5", "8"][n - 1];
            let priority = ["p0", "p1", "p1", "p2", "p3"][n - 1];
            let out = q.pm(&[
                "backlog",
                "add",
                &title,
                "--type",
                "story",
                "--parent",
                &format!("BL-{epic}"),
                "--estimate",
                estimate,
                "--priority",
                priority,
                "--milestone",
                initiatives[epic - 1].4,
                "--description",
                "What the agency owner sees, and why it matters.",
                "--ac",
                "It works on a phone",
            ]);
            stories.push(out.trim().to_string());
        }
    }
    assert_eq!(stories.len(), 35);
    assert_eq!(stories.last().unwrap(), "BL-42");
    // The epics of the `now` initiatives are ready, so each has work to show.
    for epic in ["BL-1", "BL-2", "BL-3", "BL-6"] {
        q.pm(&["backlog", "move", epic, "ready"]);
    }
    q.pm(&["backlog", "rank", "--by", "priority"]);
    q.commit("Plan Q4");

    // ---- October: work starts, KPIs and check-ins.
    q.on("2026-10-09");
    for id in ["BL-8", "BL-13"] {
        q.pm(&["backlog", "move", id, "ready"]);
        q.pm(&["backlog", "move", id, "in_progress"]);
    }
    q.pm(&["backlog", "move", "BL-1", "in_progress"]);
    q.pm(&["roadmap", "status", "RM-1", "in_progress"]);
    q.pm(&["metric", "record", "activation_rate", "33.5", "--period", "2026-09"]);
    q.pm(&["okr", "checkin", "KR-2", "1", "--confidence", "0.8", "--note", "Checklist designed"]);
    q.commit("Week 2");

    q.on("2026-10-23");
    for id in ["BL-8", "BL-13"] {
        q.pm(&["backlog", "move", id, "in_review"]);
        q.pm(&["backlog", "move", id, "done"]);
    }
    // A wrong value recorded, then corrected.
    q.pm(&["metric", "record", "paid_on_time", "6.8", "--period", "2026-09"]);
    q.pm(&["metric", "record", "paid_on_time", "68", "--period", "2026-09", "--replace"]);
    q.pm(&["metric", "record", "churn", "3.1", "--period", "2026-09"]);
    q.pm(&["metric", "record", "mrr", "44500", "--period", "2026-09"]);
    q.pm(&["okr", "checkin", "KR-3", "68", "--confidence", "0.6"]);
    q.commit("Week 4");
    let obs = q.yaml("product/metrics/paid_on_time.yaml")["observations"].clone();
    assert_eq!(obs.as_array().unwrap().len(), 2);
    assert_eq!(obs[1]["value"], 68);

    // ---- The PRD for reminders, through review to approval.
    q.on("2026-10-26");
    assert_eq!(
        q.pm(&[
            "prd",
            "new",
            "Automatic payment reminders",
            "--template",
            "lean",
            "--owner",
            "priya",
            "--initiative",
            "RM-3",
            "--milestone",
            "MS-2"
        ]),
        "PRD-1\n"
    );
    q.pm(&[
        "prd",
        "edit",
        "PRD-1",
        "--set",
        "problem=Freelancers chase late invoices by hand; a third are paid late",
        "--add",
        "stakeholders=Dana:Head of Product",
        "--add",
        "stakeholders=Priya:VP Engineering",
    ]);
    q.pm(&["prd", "goal", "add", "PRD-1", "More invoices paid on time", "--metric", "paid_on_time", "--target", "80"]);
    q.pm(&["prd", "goal", "add", "PRD-1", "Reminders shipped", "--kr", "KR-5"]);
    assert_eq!(
        q.pm(&["prd", "req", "add", "PRD-1", "A reminder goes out 3 days before the due date", "--priority", "must"]),
        "FR-1\n"
    );
    q.pm(&["prd", "req", "add", "PRD-1", "The owner can turn reminders off per client", "--priority", "should"]);
    q.pm(&["prd", "req", "add", "PRD-1", "Reminders never go out twice", "--nfr", "reliability"]);
    q.pm(&[
        "prd",
        "story",
        "add",
        "PRD-1",
        "--as-a",
        "freelancer",
        "--i-want",
        "my clients reminded for me",
        "--so-that",
        "I never chase anyone",
        "--ac",
        "A reminder before the due date",
    ]);
    q.pm(&["prd", "question", "add", "PRD-1", "Which channels: email only, or SMS too?", "--owner", "priya"]);
    q.pm(&[
        "prd",
        "risk",
        "add",
        "PRD-1",
        "Reminders land in spam",
        "--impact",
        "high",
        "--mitigation",
        "Send from the agency's domain",
    ]);
    q.pm(&["prd", "status", "PRD-1", "in_review"]);
    q.pm(&["prd", "question", "answer", "PRD-1#Q-1", "Email first; SMS in Q1"]);
    q.pm(&["prd", "req", "edit", "PRD-1#FR-2", "--set", "priority=could"]);
    q.pm(&["prd", "approve", "PRD-1", "--as", "Dana"]);
    q.pm(&["prd", "approve", "PRD-1", "--as", "Priya", "--note", "Email only for now"]);
    q.pm(&["prd", "status", "PRD-1", "approved"]);
    // Its requirements get backlog work.
    q.pm(&["prd", "link", "PRD-1#FR-1", "BL-18"]);
    q.pm(&["prd", "link", "PRD-1#FR-2", "BL-19"]);
    q.commit("PRD-1 approved");
    let prd = q.yaml("product/prds/PRD-1.yaml");
    assert_eq!(prd["status"], "approved");
    assert_eq!(prd["open_questions"][0]["status"], "answered");
    assert_eq!(prd["goals"][1]["key_result"], "KR-5");

    // ---- An experiment on activation.
    q.on("2026-10-28");
    assert_eq!(
        q.pm(&[
            "experiment",
            "add",
            "--title",
            "Checklist nudges",
            "--hypothesis",
            "A checklist email on day 2 lifts activation",
            "--metric",
            "activation_rate",
            "--baseline",
            "33.5",
            "--expected",
            "3",
            "--end",
            "2026-11-25",
            "--backlog",
            "BL-9"
        ]),
        "EXP-1\n"
    );
    q.pm(&["experiment", "start", "EXP-1", "--date", "2026-10-28"]);
    q.commit("Experiment on activation");

    // ---- November: the beta ships, a milestone slips, work on a branch.
    q.on("2026-11-13");
    for id in ["BL-9", "BL-10", "BL-14"] {
        q.pm(&["backlog", "move", id, "ready"]);
        q.pm(&["backlog", "move", id, "in_progress"]);
    }
    q.pm(&["milestone", "slip", "MS-1", "--to", "2026-11-27", "--reason", "Checklist copy in review"]);
    q.pm(&["metric", "record", "activation_rate", "35.2", "--period", "2026-10"]);
    q.pm(&["metric", "record", "paid_on_time", "71", "--period", "2026-10"]);
    q.pm(&["metric", "record", "churn", "2.9", "--period", "2026-10"]);
    q.pm(&["metric", "record", "mrr", "47900", "--period", "2026-10"]);
    q.pm(&["okr", "checkin", "KR-2", "2", "--confidence", "0.7"]);
    q.commit("Beta slips two weeks");
    let roadmap = q.yaml("product/roadmap.yaml");
    assert_eq!(roadmap["milestones"][0]["date"], "2026-11-27");
    assert_eq!(roadmap["milestones"][0]["slips"][0]["from"], "2026-11-13");

    q.env.git(&["checkout", "-qb", "reminders"]);
    q.on("2026-11-20");
    q.pm(&["backlog", "move", "BL-18", "ready"]);
    q.pm(&["backlog", "move", "BL-18", "in_progress"]);
    q.pm(&["backlog", "edit", "BL-19", "--set", "priority=p0"]);
    q.pm(&[
        "backlog",
        "add",
        "Reminder email copy",
        "--type",
        "story",
        "--parent",
        "BL-3",
        "--priority",
        "p1",
        "--estimate",
        "2",
        "--milestone",
        "MS-2",
    ]);
    q.commit("Reminders: start");
    let review = q.pm(&["review", "--base", "main"]);
    assert!(review.contains("| Backlog items added | 1 |"), "{review}");
    assert!(review.contains("| Backlog items reprioritised | 1 |"), "{review}");
    assert!(review.contains("| Backlog items changed | 1 |"), "{review}");
    assert!(review.contains("**BL-43** Reminder email copy — added (story, p1, parent BL-3)"), "{review}");
    assert!(review.contains("✅ This branch introduces no new problems."), "{review}");
    q.env.git(&["checkout", "-q", "main"]);
    q.env.git(&["merge", "-q", "--no-ff", "-m", "Merge reminders", "reminders"]);

    // ---- The experiment ends; the beta ships.
    q.on("2026-11-27");
    q.pm(&[
        "experiment",
        "conclude",
        "EXP-1",
        "--observed",
        "37.1",
        "--verdict",
        "validated",
        "--decision",
        "persevere",
        "--learnings",
        "Day-2 nudges work",
        "--date",
        "2026-11-25",
    ]);
    for id in ["BL-9", "BL-10", "BL-11", "BL-12"] {
        if id == "BL-11" || id == "BL-12" {
            q.pm(&["backlog", "move", id, "ready"]);
            q.pm(&["backlog", "move", id, "in_progress"]);
        }
        q.pm(&["backlog", "move", id, "in_review"]);
        q.pm(&["backlog", "move", id, "done"]);
    }
    q.pm(&["backlog", "move", "BL-1", "in_review"]);
    q.pm(&["backlog", "move", "BL-1", "done"]);
    q.pm(&["roadmap", "status", "RM-1", "done"]);
    q.pm(&["milestone", "ship", "MS-1"]);
    q.pm(&["okr", "checkin", "KR-2", "4", "--confidence", "1", "--note", "Checklist live"]);
    q.commit("Beta shipped");

    // ---- December: the last check-ins; a KR dropped and an observation withdrawn.
    q.on("2026-12-04");
    q.pm(&["metric", "record", "activation_rate", "38.4", "--period", "2026-11"]);
    q.pm(&["metric", "record", "paid_on_time", "74", "--period", "2026-11"]);
    q.pm(&["metric", "record", "churn", "2.6", "--period", "2026-11"]);
    q.pm(&["metric", "record", "mrr", "52300", "--period", "2026-11"]);
    q.pm(&["metric", "record", "mrr", "99999", "--period", "2026-11", "--segment", "test"]);
    q.pm(&["metric", "obs", "rm", "mrr", "2026-11", "--segment", "test"]);
    q.pm(&["okr", "checkin", "KR-5", "1", "--confidence", "0.9"]);
    q.pm(&["okr", "kr", "edit", "KR-6", "--set", "owner=dana"]);
    q.pm(&["roadmap", "edit", "RM-7", "--set", "horizon=later", "--set", "confidence=low"]);
    q.commit("December numbers");

    // ---- What the quarter adds up to, computed by hand.
    let show = q.pm(&["okr", "show", "--cycle", "2026-Q4", "--format", "json"]);
    let view: serde_json::Value = serde_json::from_str(&show).unwrap();
    let objectives = view.as_array().or_else(|| view["objectives"].as_array()).unwrap().clone();
    let score = |id: &str| {
        objectives
            .iter()
            .find(|o| o["id"] == id || o["objective"]["id"] == id)
            .map(|o| o["score"].as_f64().or(o["score_now"].as_f64()).unwrap())
            .unwrap()
    };
    // OBJ-1: KR-1 activation 31 → 38.4 of 40 = 7.4/9 = 0.8222 (weight 0.6); KR-2 4 of 4 steps = 1 (0.4).
    // 0.6 × 0.8222 + 0.4 × 1 = 0.8933.
    assert!((score("OBJ-1") - 0.8933).abs() < 0.001, "{}", score("OBJ-1"));
    // OBJ-2: KR-3 on time 64 → 74 of 80 = 10/16 = 0.625 (0.5); KR-4 churn 3.4 → 2.6 of 2 = 0.8/1.4 = 0.5714 (0.3);
    // KR-5 done = 1 (0.2). 0.3125 + 0.1714 + 0.2 = 0.6839.
    assert!((score("OBJ-2") - 0.6839).abs() < 0.001, "{}", score("OBJ-2"));
    let (errors, findings) = q.check();
    assert_eq!(errors, 0, "{findings}");
    // Nothing but two milestones that the quarter's throughput will not make in time.
    let parsed: Vec<serde_json::Value> = serde_json::from_str(&findings).unwrap();
    let late: Vec<(&str, &str)> = parsed
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["message"].as_str().unwrap().split(' ').next().unwrap()))
        .collect();
    assert_eq!(late, [("forecast-late", "MS-2"), ("forecast-late", "MS-3")], "{findings}");
    // Every file was written by pm: the product's history has only pm's files in it.
    let files = q.env.git(&["ls-files", "product"]);
    assert!(files.lines().count() > 50, "{files}");
}
