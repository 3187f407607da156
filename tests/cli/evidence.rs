//! Customer evidence: `pm feedback`, `pm customer`, `pm competitor`, and the
//! demand they give backlog items (DOMAIN.md §9), computed by hand here.

use serde_json::{Value, json};

use crate::TestEnv;
use crate::env::Run;

#[track_caller]
fn assert_exit(run: &Run, code: i32) {
    assert_eq!(run.code, code, "{}", run.snapshot());
}

#[track_caller]
fn json_of(run: &Run) -> Value {
    assert_exit(run, 0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.snapshot()))
}

const CUSTOMERS: &str = "# yaml-language-server: $schema=schemas/customers.schema.json
# Who asks, and how much each tier counts.
tier_weights: {enterprise: 3, mid_market: 2, smb: 1, free: 0.5}
customers:
  - {id: acme_corp, name: Acme Corp, tier: enterprise, segment: enterprise, arr: 120000, currency: EUR}
  - {id: bobs_shop, name: Bob's Shop, tier: smb, segment: smb, mrr: 100, currency: USD}
  - {id: carla, tier: free, segment: smb}
  - {id: dune_ltd, name: Dune, tier: mid_market, segment: enterprise, arr: 50000, currency: EUR}
";

fn item(env: &TestEnv, id: &str, title: &str, extra: &str) {
    env.write(&format!("product/backlog/{id}.yaml"), &format!("id: {id}\ntitle: {title}\nstatus: ready\n{extra}"));
}

fn feedback(env: &TestEnv, id: &str, body: &str) {
    env.write(
        &format!("product/feedback/{id}.yaml"),
        &format!("id: {id}\nsummary: Ask {id}\ndate: 2026-11-02\n{body}"),
    );
}

/// An epic BL-1 with a child BL-2, a lone BL-3, an item nobody asked for
/// (BL-4), and feedback from every tier and from nobody in particular.
fn evidence() -> TestEnv {
    let env = TestEnv::product();
    env.write("product/customers.yaml", CUSTOMERS);
    item(&env, "BL-1", "Any currency", "type: epic\nrank: a\n");
    item(&env, "BL-2", "EUR invoices", "parent: BL-1\nrank: b\n");
    item(&env, "BL-3", "Saved cards", "rank: c\n");
    item(&env, "BL-4", "Dark mode", "rank: d\n");
    // Acme (weight 3) asks for the epic (3) and its child (2): counted once, at 3.
    feedback(
        &env,
        "FB-1",
        "customer: acme_corp\nlinks:\n  - {to: BL-1, importance: 3}\n  - {to: BL-2, importance: 2}\n",
    );
    // Bob (weight 1) asks twice for BL-2: the higher importance, 2, counts.
    feedback(&env, "FB-2", "customer: bobs_shop\nlinks: [{to: BL-2, importance: 1}]\n");
    feedback(&env, "FB-3", "customer: bobs_shop\nlinks: [{to: BL-2, importance: 2}, {to: BL-3, importance: 3}]\n");
    // Carla (free, 0.5) asks for BL-2 critically.
    feedback(&env, "FB-4", "customer: carla\nlinks: [{to: BL-2, importance: 3}]\n");
    // Two anonymous pieces, each its own customer of weight 1.
    feedback(&env, "FB-5", "source: survey\nlinks: [{to: BL-1, importance: 2}]\n");
    feedback(&env, "FB-6", "source: survey\nlinks: [{to: BL-2, importance: 1}, {to: BL-3}]\n");
    // Dune (mid_market, 2) gives feedback that links nothing.
    feedback(&env, "FB-7", "customer: dune_ltd\ntags: [reports]\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "evidence"]);
    env
}

#[test]
fn demand_matches_hand_computed_values() {
    let env = evidence();
    let scored = json_of(&env.pm(&["backlog", "score", "--by", "demand", "--format", "json"]));
    // BL-1 (epic, with BL-2's evidence): acme 3×3 = 9, bob 1×2 = 2, carla 0.5×3 = 1.5,
    // FB-5 1×2 = 2, FB-6 1×1 = 1 → 15.5 from 3 customers and 2 anonymous, 6 pieces.
    // BL-2: acme 3×2 = 6, bob 2, carla 1.5, FB-6 1 → 10.5 from 3 customers, 1 anonymous, 5 pieces.
    // BL-3: bob 1×3 = 3, FB-6 (no importance: 1) 1 → 4.
    // ARR: acme 120000 EUR; bob 12 × 100 = 1200 USD; carla none.
    let rows: Vec<(String, f64)> = scored
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["score"].as_f64().unwrap()))
        .collect();
    assert_eq!(rows, [("BL-1".into(), 15.5), ("BL-2".into(), 10.5), ("BL-3".into(), 4.0)]);
    assert_eq!(
        scored[0]["inputs"],
        json!({"score": 15.5, "customers": 3, "anonymous": 2, "feedback": 6, "arr": {"EUR": 120000, "USD": 1200}})
    );
    assert_eq!(
        scored[1]["inputs"],
        json!({"score": 10.5, "customers": 3, "anonymous": 1, "feedback": 5, "arr": {"EUR": 120000, "USD": 1200}})
    );
    assert_eq!(
        scored[2]["inputs"],
        json!({"score": 4, "customers": 1, "anonymous": 1, "feedback": 2, "arr": {"USD": 1200}})
    );

    let table = env.pm(&["backlog", "score", "--by", "demand"]);
    assert_exit(&table, 0);
    assert_eq!(
        table.stdout,
        "#  ID    STATUS  CUSTOMERS  ANONYMOUS  FEEDBACK  ARR AT STAKE           DEMAND  TITLE\n\
         1  BL-1  ready   3          2          6         120000 EUR + 1200 USD  15.5    Any currency\n\
         2  BL-2  ready   3          1          5         120000 EUR + 1200 USD  10.5    EUR invoices\n\
         3  BL-3  ready   1          1          2         1200 USD               4       Saved cards\n"
    );

    // Sorted by demand, the item nobody asked for comes last, then by rank.
    let listed = env.pm(&["backlog", "list", "--sort", "demand", "--format", "csv"]);
    assert_exit(&listed, 0);
    let ids: Vec<&str> = listed.stdout.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids, ["BL-1", "BL-2", "BL-3", "BL-4"]);

    // Changing a tier weight changes the demand: smb 1 → 4 makes bob's 2 an 8 on BL-2.
    assert_exit(&env.pm(&["customer", "weights", "smb=4"]), 0);
    let scored = json_of(&env.pm(&["backlog", "score", "--by", "demand", "--format", "json"]));
    assert_eq!(scored[1]["id"], "BL-2");
    assert_eq!(scored[1]["score"], json!(16.5));
    assert!(
        env.read("product/customers.yaml")
            .contains("tier_weights: {enterprise: 3, mid_market: 2, smb: 4, free: 0.5}\n")
    );
}

#[test]
fn backlog_show_lists_the_evidence_and_its_demand() {
    let env = evidence();
    let shown = env.pm(&["backlog", "show", "BL-1"]);
    assert_exit(&shown, 0);
    let tail = &shown.stdout[shown.stdout.find("\nDemand:").expect("a demand section")..];
    assert_eq!(
        tail,
        "\nDemand: 15.5 from 3 customers and 2 anonymous (6 pieces of feedback); ARR at stake 120000 EUR + 1200 USD\n  \
         FB-1   acme_corp      3  Ask FB-1\n  \
         FB-1   acme_corp      2  Ask FB-1 (via BL-2)\n  \
         FB-2   bobs_shop      1  Ask FB-2 (via BL-2)\n  \
         FB-3   bobs_shop      2  Ask FB-3 (via BL-2)\n  \
         FB-4   carla          3  Ask FB-4 (via BL-2)\n  \
         FB-5   anonymous      2  Ask FB-5\n  \
         FB-6   anonymous      1  Ask FB-6 (via BL-2)\n"
    );
    let details = json_of(&env.pm(&["backlog", "show", "BL-3", "--format", "json"]));
    assert_eq!(
        details["computed"]["demand"],
        json!({"score": 4, "customers": 1, "anonymous": 1, "feedback": 2, "arr": {"USD": 1200}})
    );
    assert_eq!(
        details["computed"]["evidence"],
        json!([{"feedback": "FB-3", "to": "BL-3", "importance": 3, "customer": "bobs_shop"},
               {"feedback": "FB-6", "to": "BL-3", "importance": 1, "customer": null}])
    );
    // Nobody asked for BL-4: no section, a zero demand in JSON.
    let shown = env.pm(&["backlog", "show", "BL-4"]);
    assert!(!shown.stdout.contains("Demand"), "{}", shown.stdout);
    let details = json_of(&env.pm(&["backlog", "show", "BL-4", "--format", "json"]));
    assert_eq!(details["computed"]["demand"]["score"], json!(0));
}

#[test]
fn backlog_list_filters_by_who_asked() {
    let env = evidence();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["backlog", "list", "--format", "csv"];
        full.extend_from_slice(args);
        let run = env.pm(&full);
        assert_exit(&run, 0);
        run.stdout.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect()
    };
    // Bob asked for BL-2 and BL-3; the epic BL-1 counts its child's evidence.
    assert_eq!(ids(&["--requested-by", "bobs_shop"]), ["BL-1", "BL-2", "BL-3"]);
    assert_eq!(ids(&["--requested-by", "acme_corp"]), ["BL-1", "BL-2"]);
    // Segments come from the feedback, else from its customer (carla: smb).
    assert_eq!(ids(&["--segment", "smb"]), ["BL-1", "BL-2", "BL-3"]);
    assert_eq!(ids(&["--segment", "enterprise", "--type", "epic"]), ["BL-1"]);
    // Dune's feedback links nothing.
    assert!(ids(&["--requested-by", "dune_ltd"]).is_empty());
    let unknown = env.pm(&["backlog", "list", "--requested-by", "acme"]);
    assert_exit(&unknown, 1);
    assert!(unknown.stderr.contains("no customer acme") && unknown.stderr.contains("acme_corp"), "{}", unknown.stderr);
}

#[test]
fn feedback_add_writes_one_file_and_refuses_bad_input() {
    let env = evidence();
    let run = env.pm(&[
        "feedback",
        "add",
        "Wants invoices: in their \"own\" currency",
        "--customer",
        "dune_ltd",
        "--source",
        "interview",
        "--quote",
        "We lose deals",
        "--sentiment",
        "negative",
        "--tag",
        "currency,invoices",
        "--link",
        "bl-2:3",
        "--link",
        "RM-9",
        "--date",
        "2026-11-20",
    ]);
    // RM-9 does not exist: refused, nothing written.
    assert_exit(&run, 1);
    assert_eq!(
        run.stderr,
        "  × product/feedback/FB-8.yaml (nothing written): feedback-dangling-reference: no initiative RM-9\n  \
         │ — link an existing one, or remove the link\n"
    );
    assert!(!env.exists("product/feedback/FB-8.yaml"));

    let run = env.pm(&[
        "feedback",
        "add",
        "Wants invoices: in their \"own\" currency",
        "--customer",
        "dune_ltd",
        "--source",
        "interview",
        "--quote",
        "We lose deals",
        "--sentiment",
        "negative",
        "--tag",
        "currency,invoices",
        "--link",
        "bl-2:3",
        "--date",
        "2026-11-20",
    ]);
    assert_exit(&run, 0);
    assert_eq!(run.stdout, "FB-8\n");
    assert_eq!(run.stderr, "Created product/feedback/FB-8.yaml\n");
    assert_eq!(
        env.read("product/feedback/FB-8.yaml"),
        "# yaml-language-server: $schema=../schemas/feedback.schema.json\nid: FB-8\n\
         summary: \"Wants invoices: in their \\\"own\\\" currency\"\nquote: We lose deals\nsource: interview\n\
         customer: dune_ltd\ndate: 2026-11-20\nsentiment: negative\ntags: [currency, invoices]\n\
         links:\n  - {to: BL-2, importance: 3}\n"
    );
    // Anonymous, dated today, nothing linked.
    let run = env.pm(&["feedback", "add", "Dark mode please"]);
    assert_exit(&run, 0);
    assert_eq!(
        env.read("product/feedback/FB-9.yaml"),
        "# yaml-language-server: $schema=../schemas/feedback.schema.json\nid: FB-9\nsummary: Dark mode please\ndate: 2026-11-28\n"
    );

    let before = env.tree("product");
    for (args, code, says) in [
        // Refusals by the checks exit 1, unusable input 2.
        (&["feedback", "add", "x", "--customer", "nobody"][..], 1, "no customer nobody"),
        (&["feedback", "add", "x", "--link", "BL-99:2"][..], 1, "BL-99 — did you mean BL-4"),
        (&["feedback", "add", "x", "--link", "BL-2:4"][..], 2, "importance: `4` is not 1, 2 or 3"),
        (&["feedback", "add", "x", "--link", "OBJ-1"][..], 2, "is not a backlog item, initiative or PRD requirement"),
        (&["feedback", "add", "x", "--date", "2026-13-01"][..], 2, "date:"),
        (&["feedback", "add", "  "][..], 2, "the summary is empty"),
        (&["feedback", "add", "x", "--source", "email"][..], 2, "invalid value 'email'"),
    ] {
        let run = env.pm(args);
        assert_exit(&run, code);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    assert_eq!(env.tree("product"), before, "a refused add wrote something");
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn feedback_links_change_losslessly() {
    let env = evidence();
    env.write(
        "product/feedback/FB-7.yaml",
        "id: FB-7   # from the QBR\nsummary: Ask FB-7\n# who said it\ncustomer: dune_ltd\ntags: [reports]\nnotes: kept as written\n",
    );
    let run = env.pm(&["feedback", "link", "fb-7", "BL-3", "--importance", "2"]);
    assert_exit(&run, 0);
    assert_eq!(run.stderr, "Linked FB-7 to BL-3 (importance 2)\n");
    let run = env.pm(&["feedback", "link", "FB-7", "bl-3", "-i", "3"]);
    assert_eq!(run.stderr, "FB-7 → BL-3: importance 2 → 3\n");
    let run = env.pm(&["feedback", "link", "FB-7", "BL-3", "-i", "3"]);
    assert_eq!(run.stderr, "FB-7 links BL-3 with importance 3 already: nothing changed\n");
    assert_eq!(
        env.read("product/feedback/FB-7.yaml"),
        "id: FB-7   # from the QBR\nsummary: Ask FB-7\n# who said it\ncustomer: dune_ltd\ntags: [reports]\nnotes: kept as written\n\
         links:\n  - to: BL-3\n    importance: 3\n"
    );
    // Dune (mid_market, 2) × 3 = 6 joins BL-3's demand of 4.
    let scored = json_of(&env.pm(&["backlog", "score", "--by", "demand", "--format", "json"]));
    let bl3 = scored.as_array().unwrap().iter().find(|r| r["id"] == "BL-3").unwrap();
    assert_eq!(bl3["score"], json!(10));

    let before = env.read("product/feedback/FB-7.yaml");
    for (args, code, says) in [
        (&["feedback", "link", "FB-7", "BL-42"][..], 1, "feedback-dangling-reference"),
        (&["feedback", "link", "FB-7", "BL-3", "-i", "0"][..], 2, "is not 1, 2 or 3"),
        (&["feedback", "link", "FB-70", "BL-3"][..], 1, "FB-70"),
        (&["feedback", "unlink", "FB-7", "BL-1"][..], 1, "FB-7 does not link BL-1"),
    ] {
        let run = env.pm(args);
        assert_exit(&run, code);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    assert_eq!(env.read("product/feedback/FB-7.yaml"), before);

    let run = env.pm(&["feedback", "unlink", "FB-7", "BL-3"]);
    assert_exit(&run, 0);
    assert_eq!(
        env.read("product/feedback/FB-7.yaml"),
        "id: FB-7   # from the QBR\nsummary: Ask FB-7\n# who said it\ncustomer: dune_ltd\ntags: [reports]\nnotes: kept as written\nlinks: []\n"
    );
}

#[test]
fn feedback_list_filters_and_formats() {
    let env = evidence();
    let run = env.pm(&["feedback", "list", "--customer", "bobs_shop"]);
    assert_exit(&run, 0);
    assert_eq!(
        run.stdout,
        "ID    DATE        SOURCE  CUSTOMER   SEGMENT  LINKS          SUMMARY\n\
         FB-2  2026-11-02          bobs_shop  smb      BL-2:1         Ask FB-2\n\
         FB-3  2026-11-02          bobs_shop  smb      BL-2:2 BL-3:3  Ask FB-3\n"
    );
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["feedback", "list", "--format", "json"];
        full.extend_from_slice(args);
        json_of(&env.pm(&full)).as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&["--unlinked"]), ["FB-7"]);
    assert_eq!(ids(&["--source", "survey"]), ["FB-5", "FB-6"]);
    assert_eq!(ids(&["--segment", "enterprise"]), ["FB-1", "FB-7"]);
    assert_eq!(ids(&["--tag", "REPORTS"]), ["FB-7"]);
    assert_eq!(ids(&["--since", "2026-11-03"]), Vec::<String>::new());
    assert_eq!(ids(&["--linked"]).len(), 6);
    let csv = env.pm(&["feedback", "list", "--customer", "bobs_shop", "--format", "csv"]);
    assert_eq!(
        csv.stdout,
        "id,date,source,customer,segment,links,summary\r\nFB-2,2026-11-02,,bobs_shop,smb,BL-2:1,Ask FB-2\r\n\
         FB-3,2026-11-02,,bobs_shop,smb,BL-2:2;BL-3:3,Ask FB-3\r\n"
    );
    let shown = env.pm(&["feedback", "show", "FB-1"]);
    assert_exit(&shown, 0);
    assert_eq!(
        shown.stdout,
        "FB-1  Ask FB-1\nfile      product/feedback/FB-1.yaml\n\
         customer  Acme Corp (acme_corp) — enterprise, weight 3, ARR 120000 EUR\nsegment   enterprise\n\
         date      2026-11-02\nasks for  BL-1 (3, critical) Any currency\n          BL-2 (2, important) EUR invoices\n"
    );
}

#[test]
fn customers_are_added_shown_and_removed_through_pm() {
    let env = TestEnv::product();
    let run = env.pm(&[
        "customer",
        "add",
        "acme_corp",
        "--name",
        "Acme Corp",
        "--tier",
        "enterprise",
        "--arr",
        "120000",
        "--currency",
        "eur",
    ]);
    assert_exit(&run, 0);
    assert_eq!(run.stdout, "acme_corp\n");
    assert_exit(&env.pm(&["customer", "add", "bobs", "--tier", "smb", "--mrr", "250.5", "--segment", "smb"]), 0);
    assert_eq!(
        env.read("product/customers.yaml"),
        "# yaml-language-server: $schema=schemas/customers.schema.json\n\
         # The weight of each tier in demand; a tier not listed weighs 1.\n\
         tier_weights: {enterprise: 3, mid_market: 2, smb: 1, free: 0.5}\ncustomers:\n  \
         - id: acme_corp\n    name: Acme Corp\n    tier: enterprise\n    arr: 120000\n    currency: EUR\n  \
         - id: bobs\n    tier: smb\n    segment: smb\n    mrr: 250.5\n"
    );
    let before = env.read("product/customers.yaml");
    for (args, code, says) in [
        (&["customer", "add", "acme_corp"][..], 1, "customer acme_corp exists already"),
        (&["customer", "add", "Acme Corp"][..], 2, "is not a customer id"),
        (&["customer", "add", "x", "--arr", "-5"][..], 2, "arr: `-5` is not an amount of 0 or more"),
        (&["customer", "weights", "smb=0"][..], 2, "smb: `0` is not a weight above 0"),
        (&["customer", "weights", "smb"][..], 2, "`smb` is not TIER=WEIGHT"),
    ] {
        let run = env.pm(args);
        assert_exit(&run, code);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    assert_eq!(env.read("product/customers.yaml"), before);

    // bobs: 12 × 250.5 = 3006 ARR.
    let list = env.pm(&["customer", "list", "--format", "csv"]);
    assert_eq!(
        list.stdout,
        "id,name,tier,weight,segment,arr,currency,feedback\r\nacme_corp,Acme Corp,enterprise,3,,120000,EUR,0\r\nbobs,,smb,1,smb,3006,,0\r\n"
    );
    assert_exit(&env.pm(&["feedback", "add", "Saved cards", "--customer", "bobs"]), 0);
    let shown = env.pm(&["customer", "show", "bobs"]);
    assert_eq!(
        shown.stdout,
        "bobs  bobs\ntier      smb (weight 1)\nsegment   smb\nARR       3006 (12 × MRR)\n\nFeedback (1)\n  FB-1   2026-11-28  Saved cards\n\nAsks for (0)\n"
    );
    let run = env.pm(&["customer", "edit", "bobs", "--set", "tier=enterprise"]);
    assert_exit(&run, 0);
    assert!(env.read("product/customers.yaml").contains("  - id: bobs\n    tier: enterprise\n"));

    // Cited by FB-1: refused, then removed with the citation.
    let run = env.pm(&["customer", "rm", "bobs"]);
    assert_exit(&run, 1);
    assert!(run.stderr.contains("bobs referenced by product/feedback/FB-1.yaml (customer)"), "{}", run.stderr);
    assert_exit(&env.pm(&["customer", "rm", "bobs", "--force"]), 0);
    assert!(!env.read("product/customers.yaml").contains("bobs"));
    assert!(!env.read("product/feedback/FB-1.yaml").contains("customer:"));
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn removing_linked_work_is_refused_while_feedback_asks_for_it() {
    let env = evidence();
    let run = env.pm(&["backlog", "rm", "BL-3"]);
    assert_exit(&run, 1);
    assert!(
        run.stderr.contains("product/feedback/FB-3.yaml (links.1)")
            && run.stderr.contains("product/feedback/FB-6.yaml (links.1)"),
        "{}",
        run.stderr
    );
    assert_exit(&env.pm(&["backlog", "rm", "BL-3", "--force"]), 0);
    assert!(env.read("product/feedback/FB-3.yaml").contains("links: [{to: BL-2, importance: 2}]\n"));
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn competitors_and_the_feature_matrix() {
    let env = evidence();
    assert_exit(
        &env.pm(&[
            "competitor",
            "add",
            "invoicely",
            "--name",
            "Invoicely",
            "--positioning",
            "Invoicing for freelancers",
            "--pricing",
            "$9/month",
            "--strength",
            "Cheap",
            "--weakness",
            "No API",
            "--feature",
            "multi_currency=yes",
            "--feature",
            "saved_cards=no",
        ]),
        0,
    );
    assert_exit(&env.pm(&["competitor", "add", "payfast", "--name", "PayFast", "--reviewed", "2026-03-01"]), 0);
    assert_exit(
        &env.pm(&[
            "competitor",
            "feature",
            "multi_currency",
            "--name",
            "Multi-currency",
            "--ours",
            "planned",
            "--delivered-by",
            "bl-1",
            "--theirs",
            "payfast=partial",
        ]),
        0,
    );
    assert_exit(&env.pm(&["competitor", "feature", "dark_mode", "--ours", "no"]), 0);
    assert_eq!(
        env.read("product/competitors.yaml"),
        "# yaml-language-server: $schema=schemas/competitors.schema.json\n\
         # The features compared, with our own support and the work that delivers it.\n\
         features:\n  - key: multi_currency\n    name: Multi-currency\n    ours: planned\n    delivered_by: BL-1\n  \
         - key: dark_mode\n    ours: no\n\
         competitors:\n  - id: invoicely\n    name: Invoicely\n    positioning: Invoicing for freelancers\n    pricing: $9/month\n    \
         strengths: [Cheap]\n    weaknesses: [No API]\n    reviewed: 2026-11-28\n    features: {multi_currency: yes, saved_cards: no}\n  \
         - id: payfast\n    name: PayFast\n    reviewed: 2026-11-28\n    features:\n      multi_currency: partial\n"
    );
    let matrix = env.pm(&["competitor", "matrix"]);
    assert_exit(&matrix, 0);
    assert_eq!(
        matrix.stdout,
        "FEATURE         OURS     DELIVERED BY  Invoicely  PayFast\n\
         Multi-currency  planned  BL-1 (ready)  yes        partial\n\
         dark_mode       no                     -          -\n\
         saved_cards     -                      no         -\n"
    );
    let csv = env.pm(&["competitor", "matrix", "--format", "csv"]);
    assert_eq!(
        csv.stdout,
        "feature,ours,delivered by,invoicely,payfast\r\nmulti_currency,planned,BL-1,yes,partial\r\ndark_mode,no,,,\r\nsaved_cards,,,no,\r\n"
    );
    let json = json_of(&env.pm(&["competitor", "matrix", "--format", "json"]));
    assert_eq!(
        json["features"][0],
        json!({"key": "multi_currency", "name": "Multi-currency", "ours": "planned", "delivered_by": "BL-1",
               "delivery_status": "ready", "competitors": {"invoicely": "yes", "payfast": "partial"}})
    );
    let md = env.pm(&["competitor", "matrix", "--format", "md"]);
    assert!(
        md.stdout.starts_with("| FEATURE | OURS | DELIVERED BY | Invoicely | PayFast |\n|---|---|---|---|---|\n"),
        "{}",
        md.stdout
    );

    // A review older than 180 days is stale: 2026-03-01 → 2026-11-28 is 272 days.
    assert_exit(&env.pm(&["competitor", "edit", "payfast", "--set", "reviewed=2026-03-01"]), 0);
    let list = env.pm(&["competitor", "list"]);
    assert!(
        list.stdout.contains("payfast    PayFast") && list.stdout.contains("2026-03-01 (272 days ago, stale)"),
        "{}",
        list.stdout
    );
    let check = env.pm(&["check"]);
    assert!(check.stdout.contains("competitor-review-stale"), "{}", check.snapshot());

    let before = env.read("product/competitors.yaml");
    for (args, code, says) in [
        (&["competitor", "add", "invoicely"][..], 1, "competitor invoicely exists already"),
        (
            &["competitor", "add", "x", "--feature", "sso=maybe"][..],
            2,
            "`maybe` is not one of yes, partial, no, planned",
        ),
        (&["competitor", "feature", "sso", "--theirs", "nobody=yes"][..], 1, "no competitor nobody"),
        (&["competitor", "feature", "sso", "--delivered-by", "OBJ-1"][..], 2, "is not a backlog item or initiative"),
        (&["competitor", "feature-rm", "sso"][..], 1, "no feature sso"),
    ] {
        let run = env.pm(args);
        assert_exit(&run, code);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    assert_eq!(env.read("product/competitors.yaml"), before);

    assert_exit(&env.pm(&["competitor", "feature-rm", "multi_currency"]), 0);
    let after = env.read("product/competitors.yaml");
    assert!(!after.contains("multi_currency"), "{after}");
    assert!(after.contains("features: {saved_cards: no}"), "{after}");
    assert_exit(&env.pm(&["competitor", "rm", "payfast"]), 0);
    assert!(!env.read("product/competitors.yaml").contains("payfast"));
}

#[test]
fn roadmap_and_prd_coverage_show_demand() {
    let env = evidence();
    assert_exit(
        &env.pm(&["roadmap", "add", "Invoicing", "--theme", "billing", "--horizon", "now", "--visibility", "external"]),
        0,
    );
    assert_exit(&env.pm(&["roadmap", "add", "Dark", "--theme", "ui", "--horizon", "later"]), 0);
    assert_exit(&env.pm(&["backlog", "edit", "BL-1", "--set", "initiative=RM-1"]), 0);
    // Acme asks for RM-1 directly too (importance 1): counted once, at its highest (3 via BL-1).
    assert_exit(&env.pm(&["feedback", "add", "Roadmap ask", "--customer", "acme_corp", "--link", "RM-1:1"]), 0);
    let json = json_of(&env.pm(&["roadmap", "show", "--format", "json"]));
    let rm1 = json["initiatives"].as_array().unwrap().iter().find(|r| r["id"] == "RM-1").unwrap();
    assert_eq!(
        rm1["demand"],
        json!({"score": 15.5, "customers": 3, "anonymous": 2, "feedback": 7, "arr": {"EUR": 120000.0, "USD": 1200.0}})
    );
    let md = env.pm(&["roadmap", "show", "--format", "md"]);
    assert!(md.stdout.contains("| Progress | Demand |\n"), "{}", md.stdout);
    assert!(md.stdout.contains("| 15.5 (3 customers, 2 anonymous) |\n"), "{}", md.stdout);
    let horizons = env.pm(&["roadmap", "show"]);
    assert!(horizons.stdout.contains("demand 15.5 (3 customers, 2"), "{}", horizons.stdout);
    // The external roadmap leaves revenue out.
    let external = json_of(&env.pm(&["roadmap", "show", "--external", "--format", "json"]));
    assert_eq!(external["initiatives"][0]["demand"]["arr"], json!({}));
    assert_eq!(external["initiatives"][0]["demand"]["score"], json!(15.5));

    assert_exit(&env.pm(&["prd", "new", "Invoices"]), 0);
    assert_exit(&env.pm(&["prd", "req", "add", "PRD-1", "Invoices in EUR", "--priority", "must"]), 0);
    assert_exit(&env.pm(&["prd", "req", "add", "PRD-1", "Invoices in GBP"]), 0);
    // FR-1: anonymous 1×2 + dune (mid_market, 2)×3 = 8; the PRD as a whole adds bob 1×1 → 9.
    assert_exit(&env.pm(&["feedback", "add", "EUR", "--link", "PRD-1#FR-1:2"]), 0);
    assert_exit(&env.pm(&["feedback", "link", "FB-7", "prd-1#fr-1", "-i", "3"]), 0);
    assert_exit(&env.pm(&["feedback", "add", "Docs", "--customer", "bobs_shop", "--link", "PRD-1"]), 0);
    let coverage = env.pm(&["prd", "coverage", "PRD-1"]);
    assert_exit(&coverage, 0);
    assert_eq!(
        coverage.stdout,
        "REQ   PRIORITY  ITEMS   DONE  DEMAND  REQUIREMENT\nFR-1  must      ⚠ none        8       Invoices in EUR\n\
         FR-2            ⚠ none                Invoices in GBP\n\n0 of 2 requirements have backlog items; must-haves done: 0 of 1.\n\
         Demand: 9 from 2 customers and 1 anonymous (3 pieces of feedback); ARR at stake 50000 EUR + 1200 USD\n"
    );
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn survey_responses_become_nps_and_csat_observations() {
    let env = TestEnv::product();
    env.write(
        "product/metrics/nps.yaml",
        "id: nps\nname: Net Promoter Score\nunit: score\ndirection: up\ngrain: month\n",
    );
    env.write(
        "product/metrics/support_satisfaction.yaml",
        "id: support_satisfaction\nname: Support CSAT\nunit: percent\ndirection: up\n",
    );
    // 12 answers: promoters 9, 10, 10, 9, 9 (5); passives 7, 8, 8 (3); detractors 0, 6, 3, 6 (4);
    // one blank. All: (5 − 4) / 12 × 100 = 8.33… → 8.3.
    // pro: 9, 7, 0, 10, 3, 9 → promoters 3, detractors 2 of 6: 16.66… → 16.7.
    // free: 8, 6, 10, 8, 6, 9 → promoters 2, detractors 2 of 6: 0.
    env.write(
        "responses.csv",
        "Submitted At,\"How likely are you to recommend us? (0-10)\",Plan\n\
         2026-11-02,9,pro\n2026-11-02,8,free\n2026-11-03,7,pro\n2026-11-03,6,free\n2026-11-04,0,pro\n\
         2026-11-04,,pro\n2026-11-05,10,free\n2026-11-05,10,pro\n2026-11-06,3,pro\n2026-11-06,8,free\n\
         2026-11-07,9,pro\n2026-11-07,6,free\n2026-11-08,9,free\n",
    );
    let run = env.pm(&[
        "metric",
        "import-responses",
        "nps",
        "responses.csv",
        "--period",
        "2026-11",
        "--column",
        "how likely are you to recommend us? (0-10)",
        "--segment-column",
        "plan",
    ]);
    assert_exit(&run, 0);
    assert_eq!(
        run.stdout,
        "NPS 2026-11: 8.3 (12 responses: 5 promoters, 3 passives, 4 detractors)\n\
         NPS 2026-11 free: 0 (6 responses: 2 promoters, 2 passives, 2 detractors)\n\
         NPS 2026-11 pro: 16.7 (6 responses: 3 promoters, 1 passives, 2 detractors)\n"
    );
    assert_eq!(
        run.stderr,
        "Left out 1 blank answer(s) (line 7)\nRecorded 3 observation(s) in product/metrics/nps.yaml\n"
    );
    assert!(env.read("product/metrics/nps.yaml").ends_with(
        "observations:\n  \
         - period: 2026-11\n    value: 8.3\n    note: \"12 responses: 5 promoters, 3 passives, 4 detractors\"\n  \
         - period: 2026-11\n    value: 0\n    segment: free\n    note: \"6 responses: 2 promoters, 2 passives, 2 detractors\"\n  \
         - period: 2026-11\n    value: 16.7\n    segment: pro\n    note: \"6 responses: 3 promoters, 1 passives, 2 detractors\"\n"
    ));
    // The same period again is refused, nothing written.
    let before = env.read("product/metrics/nps.yaml");
    let again = env.pm(&[
        "metric",
        "import-responses",
        "nps",
        "responses.csv",
        "--period",
        "2026-11",
        "--column",
        "How likely are you to recommend us? (0-10)",
    ]);
    assert_exit(&again, 1);
    assert!(
        again.stderr.contains("2026-11 is already recorded") && again.stderr.contains("add --replace"),
        "{}",
        again.stderr
    );
    assert_eq!(env.read("product/metrics/nps.yaml"), before);
    // With --replace, the overall value is replaced in place (no segment column this time: the segments stay).
    env.write("more.csv", "score\n10\n10\n0\n");
    let run = env.pm(&["metric", "import-responses", "nps", "more.csv", "--period", "2026-11", "--replace"]);
    assert_exit(&run, 0);
    // (2 − 1) / 3 × 100 = 33.33… → 33.3.
    assert_eq!(run.stdout, "NPS 2026-11: 33.3 (3 responses: 2 promoters, 0 passives, 1 detractors)\n");
    assert_eq!(
        env.read("product/metrics/nps.yaml"),
        before.replace(
            "value: 8.3\n    note: \"12 responses: 5 promoters, 3 passives, 4 detractors\"",
            "value: 33.3\n    note: \"3 responses: 2 promoters, 0 passives, 1 detractors\""
        )
    );

    // CSAT, named by --scale: 5, 4, 3, 4, 5, 1, 2, 4 → 5 of 8 satisfied = 62.5.
    env.write("csat.csv", "score,team\n5,a\n4,a\n3,b\n4,b\n5,a\n1,b\n2,a\n4,b\n");
    let run = env.pm(&[
        "metric",
        "import-responses",
        "support_satisfaction",
        "csat.csv",
        "--period",
        "2026-10",
        "--scale",
        "csat",
    ]);
    assert_exit(&run, 0);
    assert_eq!(run.stdout, "CSAT 2026-10: 62.5 (8 responses: 5 satisfied (4-5), 3 not)\n");
    // Without --scale a metric whose id does not say is refused.
    let run = env.pm(&["metric", "import-responses", "support_satisfaction", "csat.csv", "--period", "2026-09"]);
    assert_exit(&run, 2);
    assert!(run.stderr.contains("--scale nps or --scale csat"), "{}", run.stderr);

    // Answers off the scale: each line listed, nothing written.
    env.write("bad.csv", "score\n10\n11\nabc\n7.5\n-1\n");
    let before = env.read("product/metrics/nps.yaml");
    let run = env.pm(&["metric", "import-responses", "nps", "bad.csv", "--period", "2026-10"]);
    assert_exit(&run, 1);
    for line in [
        "line 3: `11` is not a whole number from 0 to 10",
        "line 4: `abc` is not a number from 0 to 10",
        "line 5: `7.5` is not a whole number from 0 to 10",
        "line 6: `-1` is not a whole number from 0 to 10",
    ] {
        assert!(run.stderr.contains(line), "{line}: {}", run.stderr);
    }
    let run = env.pm(&["metric", "import-responses", "nps", "csat.csv", "--period", "2026-10", "--column", "nope"]);
    assert_exit(&run, 1);
    assert!(run.stderr.contains("no column `nope`; the columns are `score`, `team`"), "{}", run.stderr);
    assert_eq!(env.read("product/metrics/nps.yaml"), before);
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn feedback_imports_from_exports_once() {
    let env = evidence();
    env.write(
        "zendesk.csv",
        "Id,Subject,Description,Organization,Created at,URL,Tags,Priority\n\
         4521,Refunds take too long,\"Our customers wait 10 days.\nCan you speed it up?\",Acme Corp,2026-11-02 10:31:00,https://x.zendesk.com/tickets/4521,\"refunds, payouts\",high\n\
         4522,Need EUR payouts,,,2026-11-03T08:00:00Z,,,\n\
         4523,Dark mode,,Globex,2026-11-04,,,\n\
         4524,Faster exports,,dune_ltd,03/Nov/26,,,\n",
    );
    // Globex is no customer: the whole file is refused, nothing written.
    let before = env.tree("product");
    let run = env.pm(&["feedback", "import", "zendesk.csv", "--from", "zendesk"]);
    assert_exit(&run, 1);
    // What to do is said after the rows, in the help.
    assert_eq!(
        run.stderr,
        "  × zendesk.csv (nothing written): line 5: no customer `Globex` in customers.yaml\n  \
         help: `Globex`: add it with `pm customer add ID --name NAME --tier TIER` (a cell names a\n        \
         customer by id or by name), or leave the cell empty for anonymous feedback\n"
    );
    assert_eq!(env.tree("product"), before);

    let run = env.pm(&["feedback", "import", "zendesk.csv", "--from", "zendesk", "--skip-bad", "--link", "BL-3:2"]);
    assert_exit(&run, 0);
    assert_eq!(
        run.stdout,
        "Columns: id ← Id, summary ← Subject, quote ← Description, customer ← Organization, date ← Created at, url ← URL, tags ← Tags\n\
         Created 3 pieces of feedback: FB-8 … FB-10\n"
    );
    assert_eq!(
        run.stderr,
        "warning: skipped line 5: no customer `Globex` in customers.yaml\n\
         help: `Globex`: add it with `pm customer add ID --name NAME --tier TIER` (a cell names a customer by id or by name), or leave the cell empty for anonymous feedback\n"
    );
    assert_eq!(
        env.read("product/feedback/FB-8.yaml"),
        "# yaml-language-server: $schema=../schemas/feedback.schema.json\nid: FB-8\nsummary: Refunds take too long\n\
         quote: |\n  Our customers wait 10 days.\n  Can you speed it up?\nsource: support\nurl: https://x.zendesk.com/tickets/4521\n\
         customer: acme_corp\ndate: 2026-11-02\ntags: [refunds, payouts]\nlinks:\n  - {to: BL-3, importance: 2}\nsource_id: zendesk:4521\n"
    );
    assert_eq!(
        env.read("product/feedback/FB-9.yaml"),
        "# yaml-language-server: $schema=../schemas/feedback.schema.json\nid: FB-9\nsummary: Need EUR payouts\nsource: support\n\
         date: 2026-11-03\nlinks:\n  - {to: BL-3, importance: 2}\nsource_id: zendesk:4522\n"
    );
    assert!(env.read("product/feedback/FB-10.yaml").contains("customer: dune_ltd\ndate: 2026-11-03\n"));
    // Again: nothing new; Globex added, its row comes in.
    let run = env.pm(&["feedback", "import", "zendesk.csv", "--from", "zendesk", "--skip-bad"]);
    assert_eq!(
        run.stdout.lines().skip(1).collect::<Vec<_>>(),
        ["Nothing new to import", "Already imported: 3 row(s) (FB-8, FB-9, FB-10)"]
    );
    assert_exit(&env.pm(&["customer", "add", "globex", "--name", "Globex"]), 0);
    let run = env.pm(&["feedback", "import", "zendesk.csv", "--from", "zendesk"]);
    assert_exit(&run, 0);
    assert!(run.stdout.contains("Created 1 piece of feedback: FB-11\n"), "{}", run.stdout);
    assert!(env.read("product/feedback/FB-11.yaml").contains("customer: globex\n"));
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn feedback_imports_survey_and_board_exports() {
    let env = evidence();
    // Google Forms: no id column, US dates; the open question is mapped to the summary.
    env.write(
        "forms.csv",
        "Timestamp,What should we build next?,Company,Email\n\
         11/2/2026 10:31:00,Invoices in EUR,Acme Corp,a@acme.test\n\
         11/3/2026 9:00:00,Saved cards,,x@y.test\n\
         11/3/2026 9:05:00,,,\n",
    );
    let run = env.pm(&["feedback", "import", "forms.csv", "--from", "google-forms"]);
    assert_exit(&run, 1);
    assert!(
        run.stderr.contains("no column gives the summary") && run.stderr.contains("--map summary=COLUMN"),
        "{}",
        run.stderr
    );
    // A respondent who left the question blank (line 4) is left out, not refused.
    let run = env.pm(&[
        "feedback",
        "import",
        "forms.csv",
        "--from",
        "google-forms",
        "--map",
        "summary=what should we build next?",
    ]);
    assert_exit(&run, 0);
    assert!(run.stderr.contains("Left out 1 response(s) with no answer (line 4)"), "{}", run.stderr);
    let fb8 = env.read("product/feedback/FB-8.yaml");
    assert!(fb8.contains("summary: Invoices in EUR\nsource: survey\ncustomer: acme_corp\ndate: 2026-11-02\nsource_id: google-forms:row-"), "{fb8}");
    let again = env.pm(&[
        "feedback",
        "import",
        "forms.csv",
        "--from",
        "google-forms",
        "--map",
        "summary=What should we build next?",
        "--skip-bad",
    ]);
    assert!(again.stdout.contains("Already imported: 2 row(s) (FB-8, FB-9)"), "{}", again.stdout);

    // Canny posts keep their votes; a generic CSV links through its `links` column.
    env.write(
        "canny.csv",
        "ID,Title,Details,Board,Votes,Created\np1,Dark mode,Please,Feature Requests,41,2026-10-01\n",
    );
    assert_exit(&env.pm(&["feedback", "import", "canny.csv", "--from", "canny", "--link", "BL-4"]), 0);
    assert!(env.read("product/feedback/FB-10.yaml").ends_with(
        "source: other\ndate: 2026-10-01\ntags: [Feature Requests]\nlinks:\n  - {to: BL-4, importance: 1}\nvotes: 41\nsource_id: canny:p1\n"
    ));
    env.write("any.csv", "summary,customer,links,sentiment\nFaster,bobs_shop,BL-3:3;BL-4,negative\nBroken,,BL-77,\n");
    let run = env.pm(&["feedback", "import", "any.csv"]);
    assert_exit(&run, 1);
    assert!(run.stderr.contains("line 3:") && run.stderr.contains("BL-77"), "{}", run.stderr);
    let run = env.pm(&["feedback", "import", "any.csv", "--skip-bad", "--dry-run"]);
    assert_exit(&run, 0);
    assert!(run.stdout.contains("Would create 1 piece of feedback: FB-11\n"), "{}", run.stdout);
    assert!(!env.exists("product/feedback/FB-11.yaml"));
    assert_exit(&env.pm(&["feedback", "import", "any.csv", "--skip-bad"]), 0);
    assert!(env.read("product/feedback/FB-11.yaml").contains(
        "customer: bobs_shop\ndate: 2026-11-28\nsentiment: negative\nlinks:\n  - {to: BL-3, importance: 3}\n  - {to: BL-4, importance: 1}\n"
    ));
    let bad_map = env.pm(&["feedback", "import", "any.csv", "--map", "colour=summary"]);
    assert_exit(&bad_map, 2);
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn release_notes_name_the_customers_to_tell() {
    let env = evidence();
    assert_exit(&env.pm(&["milestone", "add", "Invoices v1", "--date", "2026-12-01"]), 0);
    assert_exit(&env.pm(&["backlog", "edit", "BL-2", "BL-3", "--set", "milestone=MS-1"]), 0);
    for id in ["BL-2", "BL-3"] {
        assert_exit(&env.pm(&["backlog", "move", id, "done", "--force"]), 0);
    }
    let run = env.pm(&["release", "notes", "--milestone", "MS-1"]);
    assert_exit(&run, 0);
    // BL-2: acme (FB-1), bob (FB-2, FB-3), carla (FB-4), one anonymous; BL-3: bob, one anonymous.
    assert_eq!(
        run.stdout,
        "# Release notes: MS-1 Invoices v1 (2026-12-01)\n\n## Improvements\n\n- EUR invoices (BL-2)\n- Saved cards (BL-3)\n\n\
         ## Customers to tell\n\n- Acme Corp (acme_corp): BL-2\n- Bob's Shop (bobs_shop): BL-2, BL-3\n- carla: BL-2\n"
    );
    let json = json_of(&env.pm(&["release", "notes", "--milestone", "MS-1", "--format", "json"]));
    assert_eq!(json["notes"][1]["customers"], json!(["bobs_shop"]));
    assert_eq!(json["tell"][1], json!({"customer": "bobs_shop", "name": "Bob's Shop", "items": ["BL-2", "BL-3"]}));
    // For a public release, no customer is named.
    let public = env.pm(&["release", "notes", "--milestone", "MS-1", "--external"]);
    assert_exit(&public, 0);
    assert!(public.stdout.ends_with("- Saved cards (BL-3)\n"), "{}", public.stdout);
}

#[test]
fn the_launch_report_lists_feedback_since_the_launch() {
    let env = evidence();
    assert_exit(&env.pm(&["milestone", "add", "Invoices GA", "--date", "2026-11-01", "--kind", "launch"]), 0);
    assert_exit(&env.pm(&["backlog", "edit", "BL-3", "--set", "milestone=MS-1"]), 0);
    // Dated before the launch: left out.
    assert_exit(&env.pm(&["feedback", "add", "Early ask", "--date", "2026-10-20", "--link", "BL-3:2"]), 0);
    let run = env.pm(&["report", "launch", "MS-1"]);
    assert_exit(&run, 0);
    let tail = &run.stdout[run.stdout.find("## Customer feedback").expect("a feedback section")..];
    assert_eq!(
        tail,
        "## Customer feedback since 2026-11-01\n\n\
         - **FB-3** Ask FB-3 (2026-11-02, bobs_shop) → BL-3\n\
         - **FB-6** Ask FB-6 (2026-11-02, anonymous) → BL-3\n"
    );
    let json = json_of(&env.pm(&["report", "launch", "MS-1", "--format", "json"]));
    assert_eq!(json["feedback"][0]["about"], json!(["BL-3"]));
}

#[test]
fn evidence_exports_as_the_lists_print_it() {
    let env = evidence();
    let export = env.pm(&["export", "--kind", "feedback", "--format", "csv"]);
    assert_exit(&export, 0);
    assert_eq!(export.stdout, env.pm(&["feedback", "list", "--format", "csv"]).stdout);
    assert!(export.stdout.starts_with("id,date,source,customer,segment,links,summary\r\nFB-1,2026-11-02,,acme_corp,enterprise,BL-1:3;BL-2:2,Ask FB-1\r\n"));
    let customers = env.pm(&["export", "--kind", "customers", "--out", "customers.json"]);
    assert_exit(&customers, 0);
    assert_eq!(customers.stderr, "Exported 4 customers to customers.json\n");
    let v: Value = serde_json::from_str(&env.read("customers.json")).unwrap();
    assert_eq!(v[1]["computed"], json!({"weight": 1, "arr": 1200, "feedback": ["FB-2", "FB-3"]}));
}

#[test]
fn review_shows_how_demand_moves() {
    let env = evidence();
    env.git(&["checkout", "-q", "-b", "feedback"]);
    // Dune (mid_market, 2) asks for BL-3 critically: 4 + 2 × 3 = 10, and a second customer.
    assert_exit(&env.pm(&["feedback", "link", "FB-7", "BL-3", "--importance", "3"]), 0);
    env.git(&["commit", "-qam", "Dune asks for saved cards"]);
    let run = env.pm(&["review", "--base", "main"]);
    assert_exit(&run, 0);
    assert!(
        run.stdout.contains(
            "**Demand** (customer evidence, DOMAIN.md §9):\n\n|  | Demand | Customers |\n|---|---|---|\n| **BL-3** Saved cards | 4 → 10 | 2 → 3 |\n\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("| Customer evidence changes | 1 |"), "{}", run.stdout);
}

#[test]
fn rice_reach_can_count_the_customers_asking() {
    let env = evidence();
    // Older than 90 days before 2026-11-28 (2026-08-30 and earlier): not counted.
    assert_exit(
        &env.pm(&["feedback", "add", "Old ask", "--customer", "dune_ltd", "--date", "2026-08-01", "--link", "BL-2:3"]),
        0,
    );
    assert_exit(&env.pm(&["backlog", "edit", "BL-2", "--set", "rice=1,2,0.8,2", "--set", "rice.reach=customers"]), 0);
    assert!(
        env.read("product/backlog/BL-2.yaml")
            .contains("rice: {reach: {from: customers}, impact: 2, confidence: 0.8, effort: 2}\n")
    );
    // BL-2's askers in the window: acme, bob, carla and one anonymous piece (FB-6) = 4;
    // RICE = 4 × 2 × 0.8 / 2 = 3.2.
    let shown = env.pm(&["backlog", "show", "BL-2"]);
    assert!(
        shown.stdout.contains("RICE  4 (customers asking in the last 90 days) × 2 × 0.8 / 2 = 3.2\n"),
        "{}",
        shown.stdout
    );
    let scored = json_of(&env.pm(&["backlog", "score", "--format", "json"]));
    let bl2 = scored.as_array().unwrap().iter().find(|r| r["id"] == "BL-2").unwrap();
    assert_eq!(bl2["score"], json!(3.2));
    assert_eq!(bl2["inputs"]["reach"], json!({"from": "customers"}));
    let table = env.pm(&["backlog", "score"]);
    assert!(table.stdout.contains("BL-2  ready   4 customers  2       0.8         2       3.2"), "{}", table.stdout);
    // The epic would count its child's askers too, each once: acme, bob, carla, FB-5, FB-6 = 5.
    assert_exit(&env.pm(&["backlog", "edit", "BL-1", "--set", "rice=1,1,1,1", "--set", "rice.reach=customers"]), 0);
    let scored = json_of(&env.pm(&["backlog", "score", "--format", "json"]));
    let bl1 = scored.as_array().unwrap().iter().find(|r| r["id"] == "BL-1").unwrap();
    assert_eq!(bl1["score"], json!(5));
    let bad = env.pm(&["backlog", "edit", "BL-2", "--set", "rice.reach=many"]);
    assert_exit(&bad, 2);
    assert!(bad.stderr.contains("`customers`"), "{}", bad.stderr);
    assert_exit(&env.pm(&["check"]), 0);
}

#[test]
fn evidence_edits_keep_what_the_user_meant() {
    let env = evidence();
    // Linking again without an importance keeps the one given before.
    let run = env.pm(&["feedback", "link", "FB-1", "BL-1"]);
    assert_eq!(run.stderr, "FB-1 links BL-1 with importance 3 already: nothing changed\n");
    // Edits take customer ids and write link importances as numbers, ids upper-cased.
    assert_exit(&env.pm(&["feedback", "edit", "FB-5", "--set", "customer=dune_ltd", "--add", "links=bl-3:2"]), 0);
    assert!(env.read("product/feedback/FB-5.yaml").ends_with(
        "source: survey\nlinks: [{to: BL-1, importance: 2}, {to: BL-3, importance: 2}]\ncustomer: dune_ltd\n"
    ));
    // A file written by hand with the same link twice: unlink removes both.
    env.write(
        "product/feedback/FB-7.yaml",
        "id: FB-7\nsummary: Twice\nlinks:\n  - {to: BL-4, importance: 1}\n  - {to: BL-4, importance: 3}\n",
    );
    assert_exit(&env.pm(&["feedback", "unlink", "FB-7", "BL-4"]), 0);
    assert_eq!(env.read("product/feedback/FB-7.yaml"), "id: FB-7\nsummary: Twice\nlinks: []\n");
    // Tags that YAML would read as flow syntax are quoted.
    assert_exit(&env.pm(&["feedback", "add", "Odd tags", "--tag", "x],y}"]), 0);
    assert!(env.read("product/feedback/FB-8.yaml").contains("tags: [\"x]\", \"y}\"]\n"));
    // A compared feature cannot be delivered by work that does not exist, and work that delivers one is not removed silently.
    let run = env.pm(&["competitor", "add", "rival", "--feature", "sso=yes"]);
    assert_exit(&run, 0);
    let before = env.tree("product");
    let run = env.pm(&["competitor", "feature", "sso", "--delivered-by", "BL-99"]);
    assert_exit(&run, 1);
    assert_eq!(env.tree("product"), before, "a refused feature change wrote something");
    assert!(run.stderr.contains("name the backlog item or initiative that delivers it"), "{}", run.stderr);
    assert!(run.stderr.contains("feature sso: no") && run.stderr.contains("BL-99"), "{}", run.stderr);
    assert_exit(&env.pm(&["competitor", "feature", "sso", "--delivered-by", "BL-4"]), 0);
    let before = env.tree("product");
    let run = env.pm(&["backlog", "rm", "BL-4"]);
    assert_exit(&run, 1);
    assert_eq!(env.tree("product"), before);
    assert!(run.stderr.contains("use --force to remove them too"), "{}", run.stderr);
    assert!(run.stderr.contains("product/competitors.yaml (features.0.delivered_by)"), "{}", run.stderr);
    // Tier weights and compared features show in diff.
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "edits"]);
    assert_exit(&env.pm(&["customer", "weights", "smb=4"]), 0);
    let diff = env.pm(&["diff"]);
    assert!(diff.stdout.contains("  ~ tier-weights Tier weights\n      smb  1 → 4\n"), "{}", diff.stdout);
    // A lower-case currency joins its upper-case bucket.
    assert_exit(&env.pm(&["customer", "edit", "dune_ltd", "--set", "currency=eur"]), 0);
    let shown = env.pm(&["backlog", "show", "BL-3", "--format", "json"]);
    let v: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(v["computed"]["demand"]["arr"], json!({"EUR": 50000, "USD": 1200}));
}

#[test]
fn survey_responses_refuse_short_rows_and_a_segment_named_all() {
    let env = TestEnv::product();
    env.write("product/metrics/nps.yaml", "id: nps\nname: NPS\nunit: score\ndirection: up\n");
    env.write("r.csv", "id,score,plan\n1,10,pro\n2\n3,7,all\n");
    let run =
        env.pm(&["metric", "import-responses", "nps", "r.csv", "--period", "2026-10", "--segment-column", "plan"]);
    assert_exit(&run, 1);
    assert!(run.stderr.contains("line 3: 1 fields, but the header has 3"), "{}", run.stderr);
    assert!(run.stderr.contains("line 4: `all` names all responses, not a segment"), "{}", run.stderr);
    assert!(!run.stderr.contains("--replace"), "{}", run.stderr);
    assert_eq!(env.read("product/metrics/nps.yaml"), "id: nps\nname: NPS\nunit: score\ndirection: up\n");
}
