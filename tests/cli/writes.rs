//! The one write path: typed field edits, the editor as a write like any
//! other, bulk changes as one transaction, and rank keys that stay short.
//! Each reproduction of the write-path issue is a test here.

use std::collections::BTreeSet;

use crate::env::TestEnv;

/// Runs pm and asserts that it was refused with `code` and that no file of
/// the product changed.
#[track_caller]
fn refused(env: &TestEnv, args: &[&str], code: i32) -> String {
    let before = env.tree("product");
    let run = env.pm(args);
    assert_eq!(run.code, code, "{}", run.snapshot());
    assert_eq!(env.tree("product"), before, "a refused `pm {}` changed files", args.join(" "));
    run.stderr
}

/// A message without the line breaks and frame of its terminal rendering.
fn flat(text: &str) -> String {
    text.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ")
}

fn yaml(env: &TestEnv, rel: &str) -> serde_json::Value {
    yaml_serde::from_str(&env.read(rel)).unwrap()
}

fn rank_of(env: &TestEnv, id: &str) -> String {
    yaml(env, &format!("product/backlog/{id}.yaml"))["rank"].as_str().unwrap().to_string()
}

#[test]
fn a_misspelt_field_is_refused_with_a_did_you_mean() {
    let env = TestEnv::acme();
    let stderr = refused(&env, &["backlog", "edit", "BL-19", "--set", "priorty=p1"], 2);
    let flat = flat(&stderr);
    assert!(
        flat.contains(
            "product/backlog/BL-19.yaml: unknown field `priorty` for a backlog item; did you mean `priority`?"
        ),
        "{stderr}"
    );
    assert!(flat.contains("declare custom fields in pm.yaml under custom_fields"), "{stderr}");
    // The same name, declared, is a field like any other.
    env.declare_fields(&["priorty"]);
    env.pm(&["backlog", "edit", "BL-19", "--set", "priorty=p1"]).success();
    assert!(env.read("product/backlog/BL-19.yaml").contains("\npriorty: p1\n"));
}

#[test]
fn dotted_paths_address_nested_values_and_list_elements() {
    let env = TestEnv::acme();
    let product = env.read("product/product.yaml");
    env.pm(&["product", "edit", "--set", "personas.0.description=Runs an agency"]).success();
    let expected = product.replacen(
        "description: Buys from the same shops every month, mostly on a phone.",
        "description: Runs an agency",
        1,
    );
    assert_eq!(env.read("product/product.yaml"), expected);
    assert!(!env.read("product/product.yaml").contains("personas.0"));

    // By position and by id; `updated` stamped because something changed.
    env.pm(&["prd", "edit", "PRD-2", "--set", "open_questions.0.status=answered"]).success();
    let after = env.read("product/prds/PRD-2.yaml");
    assert!(after.contains("owner: ravi, status: answered}"), "{after}");
    let v = yaml(&env, "product/prds/PRD-2.yaml");
    assert_eq!(v["updated"], "2026-11-28");
    let stderr = refused(&env, &["prd", "edit", "PRD-2", "--set", "open_questions.3.status=answered"], 2);
    assert!(stderr.contains("`open_questions` has 1 element; there is none at position 3"), "{stderr}");
    env.pm(&["prd", "edit", "PRD-1", "--set", "functional_requirements.fr-2.priority=could"]).success();
    let v = yaml(&env, "product/prds/PRD-1.yaml");
    let fr2 = v["functional_requirements"].as_array().unwrap().iter().find(|r| r["id"] == "FR-2").unwrap();
    assert_eq!(fr2["priority"], "could");
}

#[test]
fn bad_paths_are_refused_and_write_nothing() {
    let env = TestEnv::acme();
    for path in ["../x", "a..b", ".x", "x.", " owner", "rice./reach", "owner\u{7}"] {
        let stderr = refused(&env, &["backlog", "edit", "BL-1", "--set", &format!("{path}=1")], 2);
        assert!(stderr.contains("the field path"), "{path}: {stderr}");
    }
    // A value that is not of the field's type.
    let stderr = refused(&env, &["backlog", "edit", "BL-1", "--set", "created=tomorrow"], 2);
    assert!(stderr.contains("created: `tomorrow` is not a date: use YYYY-MM-DD"), "{stderr}");
    let stderr = flat(&refused(&env, &["backlog", "edit", "BL-1", "--add", "priority=p1"], 2));
    assert!(
        stderr.contains("`priority` is not a list; --add works on lists")
            && stderr.contains("labels, blocked_by, acceptance_criteria, key_results"),
        "{stderr}"
    );
    let stderr = refused(&env, &["backlog", "edit", "BL-1", "--set", "title.x=1"], 2);
    assert!(stderr.contains("`title` is a single value; it has no field `x`"), "{stderr}");
}

#[test]
fn a_change_that_breaks_another_file_is_refused() {
    let env = TestEnv::acme();
    // BL-26 waits for BL-24; BL-24 waiting for BL-26 closes a cycle, which is reported on another file.
    let stderr = refused(&env, &["backlog", "edit", "BL-24", "--add", "blocked_by=BL-26"], 1);
    assert!(flat(&stderr).contains("dependency-cycle"), "{stderr}");
}

#[test]
fn reopening_an_item_under_closed_work_names_what_to_reopen_with_it() {
    let env = TestEnv::acme();
    // BL-17 is done, under the done epic BL-9, and blocks the done BL-19.
    let stderr = flat(&refused(&env, &["backlog", "move", "BL-17", "in_progress"], 1));
    assert!(stderr.contains("BL-9 is done but has open children: BL-17 (in_progress)"), "{stderr}");
    assert!(stderr.contains("BL-19 is done but is blocked by open items: BL-17 (in_progress)"), "{stderr}");
    // Reopened together, they pass.
    env.pm(&["backlog", "move", "BL-9", "BL-17", "BL-19", "in_progress"]).success();
    env.pm(&["check"]).success();
}

#[test]
fn singular_names_find_their_list_field() {
    let env = TestEnv::acme();
    env.pm(&["roadmap", "edit", "RM-1", "--add", "objective=obj-1"]).success();
    let v = yaml(&env, "product/roadmap.yaml");
    assert_eq!(v["initiatives"][0]["objectives"], serde_json::json!(["OBJ-3", "OBJ-1"]));
    assert!(!env.read("product/roadmap.yaml").contains("objective:"));
    // A second time is a duplicate.
    let stderr = refused(&env, &["roadmap", "edit", "RM-1", "--add", "objectives=OBJ-1"], 1);
    assert!(stderr.contains("`objectives` already has `OBJ-1`"), "{stderr}");
    env.pm(&["check"]).success();
}

#[test]
fn a_field_that_is_no_field_can_still_be_removed() {
    let env = TestEnv::acme();
    let text = env.read("product/backlog/BL-3.yaml");
    env.write("product/backlog/BL-3.yaml", &format!("{text}priorty: p1\n"));
    let check = env.pm(&["check"]);
    assert!(check.stdout.contains("unknown field `priorty` for a backlog item; did you mean `priority`?"));
    env.pm(&["backlog", "edit", "BL-3", "--unset", "priorty"]).success();
    let after = env.read("product/backlog/BL-3.yaml");
    assert!(!after.contains("priorty"), "{after}");
    assert!(!env.pm(&["check"]).stdout.contains("unknown-field"));
}

fn editor(env: &TestEnv, name: &str, sed: &str) -> String {
    env.write(name, &format!("#!/bin/sh\nsed -i '{sed}' \"$1\"\n"));
    format!("sh {}", env.path(name).display())
}

#[test]
fn the_editor_goes_through_the_workflow_and_keeps_refused_text() {
    let env = TestEnv::acme();
    let before = env.read("product/backlog/BL-48.yaml");
    let done = editor(&env, "done.sh", "s/^status: new/status: done/");
    let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-48"]);
    cmd.env("EDITOR", &done);
    let tree = env.tree("product");
    let run = env.run(cmd);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("cannot move BL-48 from new to done"), "{}", run.stderr);
    assert_eq!(env.tree("product"), tree);
    assert_eq!(env.read(".git/pm/recovery/BL-48.yaml"), before.replace("status: new", "status: done"));

    // A change the workflow allows is written, and `updated` stamped.
    let ready = editor(&env, "ready.sh", "s/^status: new/status: ready/");
    let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-48"]);
    cmd.env("EDITOR", &ready);
    env.run(cmd).success();
    let expected = before.replace("status: new", "status: ready").replace("updated: 2026-11-09", "updated: 2026-11-28");
    assert_eq!(env.read("product/backlog/BL-48.yaml"), expected);

    // --force allows what the workflow does not.
    let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-48", "--force"]);
    cmd.env("EDITOR", editor(&env, "done2.sh", "s/^status: ready/status: done/"));
    env.run(cmd).success();
    assert!(env.read("product/backlog/BL-48.yaml").contains("status: done\n"));
}

#[test]
fn updated_is_stamped_exactly_when_something_changed() {
    let env = TestEnv::acme();
    let prd = env.read("product/prds/PRD-1.yaml");
    let title = yaml(&env, "product/prds/PRD-1.yaml")["title"].as_str().unwrap().to_string();
    let run = env.pm(&["prd", "edit", "PRD-1", "--set", &format!("title={title}")]);
    run.success();
    assert!(run.stderr.contains("nothing changed"), "{}", run.stderr);
    assert_eq!(env.read("product/prds/PRD-1.yaml"), prd);
    let item = env.read("product/backlog/BL-3.yaml");
    let owner = yaml(&env, "product/backlog/BL-3.yaml")["owner"].as_str().unwrap().to_string();
    env.pm(&["backlog", "edit", "BL-3", "--set", &format!("owner={owner}")]).success();
    assert_eq!(env.read("product/backlog/BL-3.yaml"), item);
}

#[test]
fn bulk_moves_are_one_transaction() {
    let env = TestEnv::acme();
    // BL-38, BL-14 and BL-39 are new with the label payouts: each moves, a line each, in rank order.
    let run = env.pm(&["backlog", "move", "--where", "status=new", "--where", "label=payouts", "ready"]);
    run.success();
    assert_eq!(run.stderr, "BL-38: new → ready\nBL-14: new → ready\nBL-39: new → ready\n");
    for id in ["BL-38", "BL-14", "BL-39"] {
        assert_eq!(yaml(&env, &format!("product/backlog/{id}.yaml"))["status"], "ready");
    }
    // One move the workflow refuses (BL-40: new → done) refuses them all.
    let stderr = refused(&env, &["backlog", "move", "BL-31", "BL-40", "in_progress"], 1);
    assert!(stderr.contains("cannot move BL-31 from new to in_progress"), "{stderr}");
    // A dry run checks and says what would change, and writes nothing.
    let before = env.tree("product");
    let run = env.pm(&["backlog", "move", "BL-31", "BL-40", "ready", "--dry-run"]);
    run.success();
    assert_eq!(run.stderr, "BL-31: new → ready\nBL-40: new → ready\nDry run: 2 files would change; nothing written\n");
    assert_eq!(env.tree("product"), before);
    env.pm(&["check"]).success();
}

#[test]
fn bulk_edits_and_removals() {
    let env = TestEnv::acme();
    let run = env.pm(&["backlog", "edit", "BL-38", "BL-39", "--set", "owner=lee", "--add", "label=q1"]);
    run.success();
    assert_eq!(run.stderr, "Updated BL-38 (owner=lee, +label=q1)\nUpdated BL-39 (owner=lee, +label=q1)\n");
    // An edit that is wrong for one item is refused for all.
    let stderr = refused(&env, &["backlog", "edit", "BL-38", "BL-39", "--add", "label=reporting"], 1);
    assert!(stderr.contains("`labels` already has `reporting`"), "{stderr}");
    // Removal of items that others refer to: refused, or with --force the references go too.
    let stderr = flat(&refused(&env, &["backlog", "rm", "BL-7"], 1));
    assert!(stderr.contains("BL-7 referenced by product/backlog/BL-23.yaml (parent),"), "{stderr}");
    let run = env.pm(&["backlog", "rm", "BL-7", "--force"]);
    run.success();
    assert!(!env.exists("product/backlog/BL-7.yaml"));
    assert!(yaml(&env, "product/backlog/BL-23.yaml").get("parent").is_none());
    env.pm(&["check"]).success();
    let nothing = refused(&env, &["backlog", "edit", "--where", "owner=nobody", "--set", "owner=x"], 1);
    assert!(nothing.contains("no item matches the --where conditions"), "{nothing}");
}

#[test]
fn rank_by_a_score_follows_it_with_few_changes() {
    let env = TestEnv::acme();
    let run = env.pm(&["backlog", "rank", "--by", "rice", "--where", "status=ready"]);
    run.success();
    // The ready items with RICE inputs, best first, are now in rank order.
    let by_rice = env.pm(&["backlog", "score", "--by", "rice", "--format", "json"]);
    let scored: Vec<serde_json::Value> = serde_json::from_str(&by_rice.stdout).unwrap();
    let ready: Vec<String> =
        scored.iter().filter(|i| i["status"] == "ready").map(|i| i["id"].as_str().unwrap().to_string()).collect();
    let ranks: Vec<String> = ready.iter().map(|id| rank_of(&env, id)).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "{ready:?}");
    assert!(ranks.iter().all(|k| k.len() <= 8));
    // Applying it again changes nothing.
    let before = env.tree("product");
    let again = env.pm(&["backlog", "rank", "--by", "rice", "--where", "status=ready"]);
    again.success();
    assert!(again.stderr.contains("already follow that order"), "{}", again.stderr);
    assert_eq!(env.tree("product"), before);
    env.pm(&["check"]).success();
}

#[test]
fn ranks_stay_short_and_unique_over_many_adds() {
    let env = TestEnv::product();
    for i in 0..60 {
        env.pm(&["backlog", "add", &format!("Item {i}")]).success();
    }
    let ranks: Vec<String> = (1..=60).map(|n| rank_of(&env, &format!("BL-{n}"))).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "each add goes to the bottom");
    assert!(ranks.iter().all(|k| k.len() <= 3), "{ranks:?}");
    // Parallel adds get distinct ids and distinct ranks.
    std::thread::scope(|s| {
        for i in 0..20 {
            let env = &env;
            s.spawn(move || env.pm(&["backlog", "add", &format!("Parallel {i}")]).success().code);
        }
    });
    let all: BTreeSet<String> = (1..=80).map(|n| rank_of(&env, &format!("BL-{n}"))).collect();
    assert_eq!(all.len(), 80, "every rank is distinct");
    env.pm(&["check"]).success();
}

#[test]
fn placing_many_items_at_one_spot() {
    let env = TestEnv::acme();
    let run = env.pm(&["backlog", "rank", "BL-39", "BL-38", "--before", "BL-45"]);
    run.success();
    assert!(run.stderr.starts_with("BL-39 ranked before BL-45"), "{}", run.stderr);
    let (a, b, c) = (rank_of(&env, "BL-39"), rank_of(&env, "BL-38"), rank_of(&env, "BL-45"));
    assert!(a < b && b < c, "{a} {b} {c}");
    // Nothing else lies between them.
    let others: Vec<String> = (1..=48)
        .filter(|n| ![38, 39, 45].contains(n))
        .filter(|n| env.exists(&format!("product/backlog/BL-{n}.yaml")))
        .map(|n| rank_of(&env, &format!("BL-{n}")))
        .collect();
    assert!(!others.iter().any(|k| *k > a && *k < c), "{others:?}");
    env.pm(&["check"]).success();
}

#[test]
fn other_kinds_take_several_ids_in_one_write() {
    let env = TestEnv::acme();
    let run = env.pm(&["roadmap", "edit", "RM-1", "RM-2", "--set", "owner=mei"]);
    run.success();
    assert_eq!(run.stderr, "Updated RM-1\nUpdated RM-2\n");
    let v = yaml(&env, "product/roadmap.yaml");
    assert_eq!(
        (v["initiatives"][0]["owner"].as_str(), v["initiatives"][1]["owner"].as_str()),
        (Some("mei"), Some("mei"))
    );
    // One bad value refuses both.
    refused(&env, &["roadmap", "edit", "RM-1", "RM-2", "--set", "horizon=soon"], 2);
    let run = env.pm(&["prd", "edit", "PRD-1", "PRD-2", "--set", "owner=lee"]);
    run.success();
    assert_eq!(run.stderr, "Updated PRD-1\nUpdated PRD-2\n");
    for n in [1, 2] {
        let v = yaml(&env, &format!("product/prds/PRD-{n}.yaml"));
        assert_eq!((v["owner"].as_str(), v["updated"].as_str()), (Some("lee"), Some("2026-11-28")));
    }
    let before = env.tree("product");
    let dry = env.pm(&["prd", "edit", "PRD-1", "PRD-3", "--set", "owner=kim", "--dry-run"]);
    dry.success();
    assert!(dry.stderr.ends_with("Dry run: nothing written\n"), "{}", dry.stderr);
    assert_eq!(env.tree("product"), before);
    env.pm(&["check"]).success();
}

#[test]
fn every_kind_has_the_same_edit() {
    let env = TestEnv::acme();
    for (args, line) in [
        (vec!["okr", "edit", "OBJ-4", "--set", "owner=dana"], "Updated OBJ-4\n"),
        (vec!["okr", "kr", "edit", "KR-8", "--set", "target=46"], "Updated KR-8\n"),
        (vec!["milestone", "edit", "MS-2", "--set", "date=2027-01-20"], "Updated MS-2\n"),
        (vec!["experiment", "edit", "EXP-1", "--set", "owner=lee"], "Updated EXP-1\n"),
        (
            vec!["metric", "edit", "checkout_conversion", "--set", "description=Checkouts that pay"],
            "Updated checkout_conversion\n",
        ),
    ] {
        let run = env.pm(&args);
        run.success();
        assert_eq!(run.stderr, line, "{args:?}");
    }
    let okrs = env.read("product/okrs/2026-Q4.yaml");
    assert!(okrs.contains("target: 46"), "{okrs}");
    assert_eq!(
        yaml(&env, "product/roadmap.yaml")["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "MS-2")
            .unwrap()["date"],
        "2027-01-20"
    );
    // The same checks as everywhere: unknown fields, types, the product's rules.
    let stderr = flat(&refused(&env, &["milestone", "edit", "MS-2", "--set", "dat=2027-01-20"], 2));
    assert!(stderr.contains("unknown field `dat` for a milestone; did you mean `date`?"), "{stderr}");
    refused(&env, &["okr", "kr", "edit", "KR-8", "--set", "target=lots"], 2);
    env.pm(&["check"]).success();
}

#[test]
fn key_result_weights_are_set_together() {
    let env = TestEnv::acme();
    // OBJ-3's weights are 0.6 and 0.4: one alone cannot change without breaking kr-weights.
    let stderr = flat(&refused(&env, &["okr", "kr", "edit", "KR-4", "--set", "weight=0.5"], 1));
    assert!(stderr.contains("kr-weights: the weights of OBJ-3's key results add up to 0.9"), "{stderr}");
    let run = env.pm(&["okr", "kr", "weights", "KR-4=0.5", "KR-5=0.5"]);
    run.success();
    assert_eq!(run.stderr, "KR-4: weight 0.5\nKR-5: weight 0.5\n");
    let v = yaml(&env, "product/okrs/2026-Q4.yaml");
    let weights: Vec<f64> = v.as_array().unwrap()[0]["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["weight"].as_f64().unwrap())
        .collect();
    assert_eq!(weights, [0.5, 0.5]);
    // Weights that do not add up are refused together.
    refused(&env, &["okr", "kr", "weights", "KR-4=0.7", "KR-5=0.7"], 1);
    env.pm(&["check"]).success();
}

#[test]
fn add_takes_a_description() {
    let env = TestEnv::product();
    env.pm(&["backlog", "add", "One line", "-d", "Short."]).success();
    env.pm(&["backlog", "add", "Two lines", "--description", "First line.\nSecond line.\n"]).success();
    assert!(env.read("product/backlog/BL-1.yaml").contains("\ndescription: Short.\n"));
    assert!(env.read("product/backlog/BL-2.yaml").contains("\ndescription: |\n  First line.\n  Second line.\n"));
    assert_eq!(yaml(&env, "product/backlog/BL-2.yaml")["description"], "First line.\nSecond line.\n");
    env.pm(&["check"]).success();
}

#[test]
fn starting_a_blocked_item_warns_or_is_refused() {
    let env = TestEnv::acme();
    // BL-36 waits for BL-35, which is in review.
    let strict = flat(&refused(&env, &["backlog", "move", "BL-36", "in_progress", "--strict"], 1));
    assert!(strict.contains("cannot start BL-36: BL-36 is waiting for BL-35 (in_review)"), "{strict}");
    // A team that wants it refused always makes the rule an error.
    let config = env.read("product/pm.yaml");
    env.write("product/pm.yaml", &config.replace("rules: {}\n", "rules: {in-progress-while-blocked: error}\n"));
    let refused_by_rule = flat(&refused(&env, &["backlog", "move", "BL-36", "in_progress"], 1));
    assert!(refused_by_rule.contains("in-progress-while-blocked"), "{refused_by_rule}");
    env.write("product/pm.yaml", &config);
    let run = env.pm(&["backlog", "move", "BL-36", "in_progress"]);
    run.success();
    assert_eq!(run.stderr, "BL-36: ready → in_progress\nwarning: BL-36 is waiting for BL-35 (in_review)\n");
}

#[test]
fn every_kind_has_the_same_rm() {
    let env = TestEnv::acme();
    // MS-2 is planned in PRD-1 and on an initiative: refused, with every reference listed.
    let stderr = flat(&refused(&env, &["milestone", "rm", "MS-2"], 1));
    assert!(
        stderr.contains(
            "MS-2 referenced by product/prds/PRD-1.yaml (milestone), product/prds/PRD-1.yaml \
             (release_plan.0.milestone), product/roadmap.yaml (initiatives.0.milestones.1)"
        ),
        "{stderr}"
    );
    let before = env.tree("product");
    env.pm(&["milestone", "rm", "MS-2", "--force", "--dry-run"]).success();
    assert_eq!(env.tree("product"), before);
    let run = env.pm(&["milestone", "rm", "MS-2", "--force"]);
    run.success();
    assert_eq!(
        run.stderr,
        "Removed MS-2\nproduct/prds/PRD-1.yaml: reference removed: milestone\n\
         product/prds/PRD-1.yaml: reference removed: release_plan.0.milestone\n\
         product/roadmap.yaml: reference removed: initiatives.0.milestones.1\n"
    );
    let roadmap = yaml(&env, "product/roadmap.yaml");
    assert!(!roadmap["milestones"].as_array().unwrap().iter().any(|m| m["id"] == "MS-2"));
    assert_eq!(roadmap["initiatives"][0]["milestones"], serde_json::json!(["MS-4"]));
    assert!(yaml(&env, "product/prds/PRD-1.yaml").get("milestone").is_none());
    env.pm(&["check"]).success();

    // A whole file: the experiment goes, nothing refers to it.
    env.pm(&["experiment", "rm", "EXP-1"]).success();
    assert!(!env.exists("product/experiments/EXP-1.yaml"));
    // A metric that key results, PRDs and experiments measure by.
    let stderr = flat(&refused(&env, &["metric", "rm", "checkout_conversion"], 1));
    assert!(stderr.contains("product/okrs/2026-Q4.yaml (0.key_results.0.metric)"), "{stderr}");
    env.pm(&["metric", "rm", "checkout_conversion", "--force"]).success();
    assert!(!env.exists("product/metrics/checkout_conversion.yaml"));
    env.pm(&["check"]).success();
}

#[test]
fn check_ins_and_closing_refuse_what_cannot_be() {
    let env = TestEnv::acme();
    // KR-7 counts 4 steps.
    let stderr = flat(&refused(&env, &["okr", "checkin", "KR-7", "5"], 1));
    assert!(stderr.contains("KR-7: 5 is not a number of steps done: it has 4 steps"), "{stderr}");
    refused(&env, &["okr", "checkin", "KR-7", "2.5"], 1);
    env.pm(&["okr", "checkin", "KR-7", "3"]).success();
    // Today is 2026-11-28.
    let stderr = flat(&refused(&env, &["okr", "checkin", "KR-8", "43", "--date", "2026-12-01"], 1));
    assert!(stderr.contains("a check-in cannot be dated 2026-12-01, after today (2026-11-28)"), "{stderr}");
    // OBJ-1 (2026-Q3) is closed already.
    let stderr = flat(&refused(&env, &["okr", "close", "OBJ-1"], 1));
    assert!(stderr.contains("OBJ-1 is already closed"), "{stderr}");
    env.pm(&["check"]).success();
}

#[test]
fn a_wrong_metric_value_is_corrected_or_removed() {
    let env = TestEnv::acme();
    let text = env.read("product/metrics/nps.yaml");
    let stderr = flat(&refused(&env, &["metric", "record", "nps", "44", "--period", "2026-11"], 1));
    assert!(stderr.contains("2026-11 is already recorded (value 42)") && stderr.contains("add --replace"), "{stderr}");
    let run = env.pm(&["metric", "record", "nps", "44", "--period", "2026-11", "--replace"]);
    run.success();
    assert_eq!(run.stderr, "Replaced 42 with 44 for 2026-11 in product/metrics/nps.yaml\n");
    assert_eq!(
        env.read("product/metrics/nps.yaml"),
        text.replace("{period: 2026-11, value: 42}", "{period: 2026-11, value: 44}")
    );
    let run = env.pm(&["metric", "obs", "rm", "nps", "2026-11"]);
    run.success();
    assert_eq!(run.stderr, "Removed the observation of 2026-11 (44) from product/metrics/nps.yaml\n");
    assert_eq!(env.read("product/metrics/nps.yaml"), text.replace("  - {period: 2026-11, value: 42}\n", ""));
    let stderr = flat(&refused(&env, &["metric", "obs", "rm", "nps", "2026-11"], 1));
    assert!(stderr.contains("nps has no observation of 2026-11"), "{stderr}");
    env.pm(&["check"]).success();
}

#[test]
fn a_milestone_slip_is_recorded() {
    let env = TestEnv::acme();
    let run = env.pm(&["milestone", "slip", "MS-3", "--to", "2027-02-12", "--reason", "QSA moved the on-site week"]);
    run.success();
    assert_eq!(run.stderr, "MS-3: 2027-01-22 → 2027-02-12 (slipped 21 days)\n");
    let roadmap = yaml(&env, "product/roadmap.yaml");
    let ms3 = roadmap["milestones"].as_array().unwrap().iter().find(|m| m["id"] == "MS-3").unwrap().clone();
    assert_eq!(ms3["date"], "2027-02-12");
    assert_eq!(
        ms3["slips"],
        serde_json::json!([{"from": "2027-01-22", "to": "2027-02-12", "on": "2026-11-28", "reason": "QSA moved the on-site week"}])
    );
    let stderr = flat(&refused(&env, &["milestone", "slip", "MS-3", "--to", "2027-02-12"], 1));
    assert!(stderr.contains("MS-3 is already planned for 2027-02-12"), "{stderr}");
    refused(&env, &["milestone", "slip", "MS-3", "--to", "soon"], 2);
    env.pm(&["check"]).success();
}

#[test]
fn required_text_cannot_be_emptied_and_dry_runs_say_would() {
    let env = TestEnv::acme();
    let stderr = flat(&refused(&env, &["backlog", "edit", "BL-3", "--set", "title="], 2));
    assert!(stderr.contains("`title` is required and cannot be empty"), "{stderr}");
    refused(&env, &["roadmap", "edit", "RM-1", "--set", "title= "], 2);
    let before = env.tree("product");
    let run = env.pm(&["backlog", "rm", "BL-7", "--force", "--dry-run"]);
    run.success();
    assert!(
        run.stderr.starts_with("Would remove BL-7\nproduct/backlog/BL-23.yaml: reference would be removed: parent\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with("Dry run: nothing written\n"), "{}", run.stderr);
    assert_eq!(env.tree("product"), before);
}

#[test]
fn prd_questions_are_added_and_answered() {
    let env = TestEnv::acme();
    // PRD-2 has one open question.
    let run = env.pm(&["prd", "question", "add", "PRD-2", "Do we support partial refunds?"]);
    run.success();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("PRD-2#Q-2\n", "Added open question PRD-2#Q-2\n"));
    let run = env.pm(&["prd", "question", "answer", "prd-2#q-2", "Yes, from the dashboard"]);
    run.success();
    assert_eq!(run.stderr, "PRD-2#Q-2: answered\n");
    let v = yaml(&env, "product/prds/PRD-2.yaml");
    let q = &v["open_questions"][1];
    assert_eq!(
        (q["q"].as_str(), q["status"].as_str(), q["answer"].as_str()),
        (Some("Do we support partial refunds?"), Some("answered"), Some("Yes, from the dashboard"))
    );
    assert_eq!(v["updated"], "2026-11-28");
    refused(&env, &["prd", "question", "answer", "PRD-2#Q-9", "x"], 1);
    refused(&env, &["prd", "question", "answer", "PRD-2", "x"], 2);
    env.pm(&["check"]).success();
}

#[test]
fn personas_and_stakeholders_by_name() {
    let env = TestEnv::acme();
    env.pm(&["product", "persona", "add", "Agency owner", "--description", "Runs shops for clients"]).success();
    let stderr = flat(&refused(&env, &["product", "persona", "add", "agency OWNER"], 1));
    assert!(stderr.contains("`personas` already has `agency OWNER`"), "{stderr}");
    env.pm(&["product", "persona", "edit", "Agency owner", "--add", "goals=one login for all shops"]).success();
    env.pm(&["product", "stakeholder", "add", "Ines", "--role", "Support lead"]).success();
    env.pm(&["product", "stakeholder", "edit", "ines", "--set", "role=Head of Support"]).success();
    let v = yaml(&env, "product/product.yaml");
    let agency = v["personas"].as_array().unwrap().iter().find(|p| p["name"] == "Agency owner").unwrap();
    assert_eq!(agency["description"], "Runs shops for clients");
    assert_eq!(agency["goals"], serde_json::json!(["one login for all shops"]));
    let ines = v["stakeholders"].as_array().unwrap().iter().find(|s| s["name"] == "Ines").unwrap();
    assert_eq!(ines["role"], "Head of Support");
    env.pm(&["product", "persona", "rm", "agency owner"]).success();
    assert!(!env.read("product/product.yaml").contains("Agency owner"));
    refused(&env, &["product", "persona", "rm", "Nobody"], 1);
    env.pm(&["check"]).success();
}

/// Regressions found by reviewing the write path.
#[test]
fn several_changes_to_one_list_address_the_right_elements() {
    let env = TestEnv::acme();
    // BL-18: labels [wallets, apple-pay, checkout].
    env.pm(&["backlog", "edit", "BL-18", "--remove", "label=wallets", "--remove", "label=apple-pay"]).success();
    assert_eq!(yaml(&env, "product/backlog/BL-18.yaml")["labels"], serde_json::json!(["checkout"]));
    refused(&env, &["backlog", "edit", "BL-18", "--remove", "label=checkout", "--remove", "label=checkout"], 1);
    env.pm(&["backlog", "edit", "BL-18", "--add", "label=x", "--unset", "labels.0"]).success();
    assert_eq!(yaml(&env, "product/backlog/BL-18.yaml")["labels"], serde_json::json!(["x"]));
    refused(&env, &["backlog", "edit", "BL-18", "--unset", "labels.00"], 2);
    // Same id twice: changed once.
    env.pm(&["roadmap", "edit", "RM-1", "rm-1", "--add", "objective=OBJ-1"]).success();
    assert_eq!(
        yaml(&env, "product/roadmap.yaml")["initiatives"][0]["objectives"],
        serde_json::json!(["OBJ-3", "OBJ-1"])
    );
    env.pm(&["prd", "edit", "PRD-2", "--unset", "non_goals.0"]).success();
    env.pm(&["check"]).success();
}

#[test]
fn names_are_matched_exactly() {
    let env = TestEnv::acme();
    let stderr = flat(&refused(&env, &["prd", "edit", "PRD-2", "--unset", "o"], 2));
    assert!(stderr.contains("unknown field `o` for a PRD"), "{stderr}");
    let config = env.read("product/pm.yaml");
    env.write("product/pm.yaml", &config.replace("custom_fields: []\n", "custom_fields:\n  - {name: team-name}\n"));
    env.pm(&["backlog", "edit", "BL-1", "--set", "team-name=web"]).success();
    assert!(env.read("product/backlog/BL-1.yaml").contains("\nteam-name: web\n"));
    // A persona named like a position is found by its name.
    env.pm(&["product", "persona", "add", "1", "--description", "x"]).success();
    env.pm(&["product", "persona", "edit", "1", "--set", "description=CHANGED"]).success();
    let v = yaml(&env, "product/product.yaml");
    assert_eq!(v["personas"][1]["name"], "Merchant owner");
    assert_ne!(v["personas"][1]["description"], "CHANGED");
    let one = v["personas"].as_array().unwrap().iter().find(|p| p["name"] == 1 || p["name"] == "1").unwrap();
    assert_eq!(one["description"], "CHANGED");
}

#[test]
fn removal_looks_for_references_whatever_their_severity() {
    let env = TestEnv::acme();
    let config = env.read("product/pm.yaml");
    env.write("product/pm.yaml", &config.replace("rules: {}\n", "rules: {dangling-reference: warning}\n"));
    let stderr = flat(&refused(&env, &["backlog", "rm", "BL-7"], 1));
    assert!(stderr.contains("BL-7 referenced by product/backlog/BL-23.yaml (parent)"), "{stderr}");
    // Selections that would select everything by accident are refused.
    refused(&env, &["backlog", "rm", "--where", "ready=false", "--force"], 2);
    refused(&env, &["backlog", "rm", "--where", "text=", "--force"], 2);
}

#[test]
fn the_editor_keeps_the_text_whatever_the_refusal() {
    let env = TestEnv::acme();
    let mut cmd = env.pm_cmd(&["backlog", "edit", "BL-1"]);
    cmd.env("EDITOR", editor(&env, "bogus.sh", "s/^status: .*/status: bogus/; s/^title: .*/title: MY EDIT/"));
    let tree = env.tree("product");
    let run = env.run(cmd);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(env.tree("product"), tree);
    let kept = env.read(".git/pm/recovery/BL-1.yaml");
    assert!(kept.contains("title: MY EDIT\n") && kept.contains("status: bogus\n"), "{kept}");
}

#[test]
fn a_metric_key_result_shows_the_newest_value() {
    let env = TestEnv::acme();
    // KR-5 measures payment_success_rate (95.9 for 2026-11, a month still running on 2026-11-28).
    let before = env.pm(&["okr", "show"]);
    assert!(before.stdout.contains("95.3 → 95.9 (metric) → 96.5%"), "{}", before.stdout);
    env.pm(&["okr", "checkin", "KR-5", "96.1"]).success();
    // The check-in of today is as new as the running month's observation: it wins, and says so.
    let after = env.pm(&["okr", "show"]);
    assert!(after.stdout.contains("95.3 → 96.1 (check-in) → 96.5%"), "{}", after.stdout);
    // (96.1 − 95.3) / (96.5 − 95.3) = 0.8 / 1.2 = 66.7 %.
    assert!(after.stdout.contains("67%"), "{}", after.stdout);
}
