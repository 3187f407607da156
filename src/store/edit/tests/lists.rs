use super::*;

const RM_1: &str = "  - id: RM-1
    title: One-page checkout   # flagship
    theme: conversion
    horizon: now
    milestones: [MS-1]
";
const RM_2: &str = "  - id: RM-2
    title: \"Fraud screening: phase 2\"
    horizon: next
    objectives:
      - OBJ-1
";
const RM_3: &str = "  - id: RM-3
    title: Marketplace sellers
    horizon: later
    blocked_by:
      - RM-1
      - RM-2   # after fraud screening
";

#[test]
fn set_through_index_segments() {
    assert_eq!(
        ok(ROADMAP, set_at(&["initiatives", "1", "horizon"], string("now"))),
        with(ROADMAP, "horizon: next", "horizon: now")
    );
    assert_eq!(
        ok(ROADMAP, set_at(&["initiatives", "0", "title"], string("Checkout v2"))),
        with(ROADMAP, "title: One-page checkout   # flagship", "title: Checkout v2   # flagship")
    );
    // The first key shares its line with the `-`.
    assert_eq!(
        ok(ROADMAP, set_at(&["initiatives", "2", "id"], string("RM-7"))),
        with(ROADMAP, "- id: RM-3", "- id: RM-7")
    );
    assert_eq!(
        ok(ROADMAP, set_at(&["initiatives", "1", "objectives", "0"], string("OBJ-2"))),
        with(ROADMAP, "      - OBJ-1", "      - OBJ-2")
    );
}

#[test]
fn set_inside_a_flow_mapping_element() {
    assert_eq!(
        ok(ROADMAP, set_at(&["milestones", "0", "status"], string("shipped"))),
        with(ROADMAP, "status: planned}", "status: shipped}")
    );
    // The author's quotes stay.
    assert_eq!(
        ok(ROADMAP, set_at(&["milestones", "1", "name"], string("v2.2.1"))),
        with(ROADMAP, "name: \"v2.2\"", "name: \"v2.2.1\"")
    );
    assert_eq!(
        ok(ROADMAP, set_at(&["milestones", "1", "status"], string("planned"))),
        with(ROADMAP, "date: 2027-02-01}", "date: 2027-02-01, status: planned}")
    );
    assert_eq!(ok(ROADMAP, set_at(&["themes", "1"], string("safety"))), with(ROADMAP, "trust", "safety"));
}

#[test]
fn set_deep_in_a_top_level_list() {
    assert_eq!(
        ok(OKRS, set_at(&["0", "key_results", "1", "current"], raw("80"))),
        with(OKRS, "current: 88   # p50", "current: 80   # p50")
    );
    assert_eq!(
        ok(OKRS, set_at(&["0", "key_results", "0", "check_ins", "1", "confidence"], raw("0.5"))),
        with(OKRS, "0.44, confidence: 0.6}", "0.44, confidence: 0.5}")
    );
    assert_eq!(ok(OKRS, set_at(&["1", "owner"], string("lee"))), format!("{OKRS}  owner: lee\n"));
    assert_eq!(
        ok(OKRS, set_at(&["0", "key_results", "1", "unit"], string("s"))),
        with(OKRS, "      check_ins: []\n", "      check_ins: []\n      unit: s\n")
    );
}

#[test]
fn set_replaces_elements_by_index() {
    assert_eq!(ok(STORY, set_at(&["blocked_by", "1"], string("BL-11"))), story_with("  - BL-10\n", "  - BL-11\n"));
    assert_eq!(
        ok(STORY, set_at(&["blocked_by", "0"], string("BL-8"))),
        story_with("- BL-9   # waiting", "- BL-8   # waiting")
    );
    assert_eq!(
        ok(ROADMAP, set_at(&["initiatives", "2", "blocked_by", "1"], string("RM-9"))),
        with(ROADMAP, "- RM-2   # after", "- RM-9   # after")
    );
    assert_eq!(
        ok(ROADMAP, set_at(&["milestones", "1"], raw("{id: MS-2, name: v2.2, status: planned}"))),
        with(
            ROADMAP,
            "  - {id: MS-2, name: \"v2.2\", kind: release, date: 2027-02-01}",
            "  - {id: MS-2, name: v2.2, status: planned}"
        )
    );
    // A whole block mapping element is replaced by the new value's own lines.
    assert_eq!(
        ok(ROADMAP, set_at(&["initiatives", "1"], raw("{id: RM-2, horizon: later}"))),
        with(ROADMAP, RM_2, "  - {id: RM-2, horizon: later}\n")
    );
    assert_eq!(
        ok(ROADMAP, set_at(&["initiatives", "1"], map(&[("id", string("RM-2")), ("horizon", string("later"))]))),
        with(ROADMAP, RM_2, "  - id: RM-2\n    horizon: later\n")
    );
    assert_eq!(ok("l: [a, b, c]\n", set_at(&["l", "2"], string("x, y"))), "l: [a, b, \"x, y\"]\n");
    assert_eq!(ok("- a\n- b\n", set_at(&["1"], string("c"))), "- a\n- c\n");
}

#[test]
fn set_map_values() {
    let rice = map(&[("reach", raw("800")), ("impact", raw("2"))]);
    // A missing key gets a nested block, aligned with the element's keys.
    assert_eq!(
        ok(ROADMAP, set_at(&["initiatives", "0", "rice"], rice.clone())),
        with(
            ROADMAP,
            "    milestones: [MS-1]\n",
            "    milestones: [MS-1]\n    rice:\n      reach: 800\n      impact: 2\n"
        )
    );
    assert_eq!(ok(STORY, set("kano", rice.clone())), format!("{STORY}kano:\n  reach: 800\n  impact: 2\n"));
    // In flow context, and where it replaces a flow collection, it is a flow mapping.
    assert_eq!(
        ok(ROADMAP, set_at(&["milestones", "0", "owner"], map(&[("team", string("payments"))]))),
        with(ROADMAP, "status: planned}", "status: planned, owner: {team: payments}}")
    );
    assert_eq!(
        ok(STORY, set("rice", rice.clone())),
        story_with("{reach: 800, impact: 2, confidence: 0.8, effort: 3}", "{reach: 800, impact: 2}")
    );
    assert_eq!(
        ok(STORY, set("wsjf", map(&[("job_size", raw("3"))]))),
        story_with("  user_business_value: 8\n  job_size: 5\n", "  job_size: 3\n")
    );
    // Nested maps nest blocks; an empty map is `{}`.
    let nested = map(&[("score", map(&[("rice", rice)])), ("notes", NewValue::Map(Vec::new()))]);
    assert_eq!(
        ok("id: X\n", set("scoring", nested)),
        "id: X\nscoring:\n  score:\n    rice:\n      reach: 800\n      impact: 2\n  notes: {}\n"
    );
    assert_eq!(
        ok("id: X\nowner:\n", set("owner.team", map(&[("name", string("a b"))]))),
        "id: X\nowner:\n  team:\n    name: a b\n"
    );
    // Keys are quoted as needed, and must be distinct.
    assert_eq!(
        ok("id: X\n", set("m", map(&[("a: b", raw("1")), ("0", raw("2"))]))),
        "id: X\nm:\n  \"a: b\": 1\n  \"0\": 2\n"
    );
    let e = err("id: X\n", set("m", map(&[("a", raw("1")), ("a", raw("2"))])));
    assert!(is_unsupported(&e), "{e:?}");
    assert!(e.to_string().contains("twice"), "{e}");
}

#[test]
fn unset_an_element_in_the_middle_keeps_the_comment_above_the_next() {
    assert_eq!(ok(ROADMAP, unset_at(&["initiatives", "1"])), with(ROADMAP, &format!("{RM_2}\n"), ""));
    assert_eq!(
        ok(ROADMAP, unset_at(&["initiatives", "2", "blocked_by", "0"])),
        with(ROADMAP, "      - RM-1\n      - RM-2", "      - RM-2")
    );
}

#[test]
fn unset_the_first_element() {
    assert_eq!(ok(ROADMAP, unset_at(&["initiatives", "0"])), with(ROADMAP, &format!("{RM_1}\n"), ""));
    assert_eq!(
        ok(ROADMAP, unset_at(&["milestones", "0"])),
        with(ROADMAP, "  - {id: MS-1, name: \"v2.1\", kind: release, date: 2026-12-15, status: planned}\n", "")
    );
    assert_eq!(ok(ROADMAP, unset_at(&["themes", "0"])), with(ROADMAP, "[conversion, trust", "[trust"));
}

#[test]
fn unset_the_last_element() {
    // The comment above it stays; so do the element's siblings' blank lines.
    assert_eq!(ok(ROADMAP, unset_at(&["initiatives", "2"])), with(ROADMAP, RM_3, ""));
    // The blank line that separated it from the previous element goes with it.
    let two =
        "initiatives:\n  - id: RM-1\n    horizon: now\n\n  - id: RM-2\n    horizon: next   # tbd\nmilestones: []\n";
    assert_eq!(
        ok(two, unset_at(&["initiatives", "1"])),
        "initiatives:\n  - id: RM-1\n    horizon: now\nmilestones: []\n"
    );
    assert_eq!(
        ok(two, unset_at(&["initiatives", "0"])),
        "initiatives:\n  - id: RM-2\n    horizon: next   # tbd\nmilestones: []\n"
    );
    assert_eq!(
        ok(ROADMAP, unset_at(&["milestones", "1"])),
        with(ROADMAP, "  - {id: MS-2, name: \"v2.2\", kind: release, date: 2027-02-01}\n", "")
    );
    assert_eq!(ok(ROADMAP, unset_at(&["themes", "2"])), with(ROADMAP, "trust, expansion]", "trust]"));
    // No final newline: the file still ends without one.
    assert_eq!(
        ok(ROADMAP.trim_end(), unset_at(&["milestones", "1"])),
        with(ROADMAP, "\n  - {id: MS-2, name: \"v2.2\", kind: release, date: 2027-02-01}\n", "")
    );
}

#[test]
fn unset_the_only_element_leaves_an_empty_list() {
    let text = "initiatives:   # bets\n  # Q4 bets\n  - id: RM-1\n    title: X   # flagship\nmilestones: [MS-1]\n";
    // The comment lines above the element stay; the key line's comment too.
    assert_eq!(
        ok(text, unset_at(&["initiatives", "0"])),
        "initiatives: []   # bets\n  # Q4 bets\nmilestones: [MS-1]\n"
    );
    assert_eq!(
        ok(text, unset_at(&["milestones", "0"])),
        "initiatives:   # bets\n  # Q4 bets\n  - id: RM-1\n    title: X   # flagship\nmilestones: []\n"
    );
    assert_eq!(ok("# OKRs\n- id: OBJ-1\n  key_results: []\n", unset_at(&["0"])), "# OKRs\n[]\n");
    assert_eq!(ok("l:\n  - a", unset_at(&["l", "0"])), "l: []");
    assert_eq!(
        apply(
            ROADMAP,
            &[unset_at(&["initiatives", "0"]), unset_at(&["initiatives", "0"]), unset_at(&["initiatives", "0"])]
        )
        .unwrap(),
        with(
            ROADMAP,
            &format!("initiatives:\n  # Q4 bets\n{RM_1}\n{RM_2}\n  # Later: needs the payments team\n{RM_3}"),
            "initiatives: []\n  # Q4 bets\n  # Later: needs the payments team\n"
        )
    );
}

#[test]
fn unset_top_level_elements_of_an_okr_file() {
    let obj_1 = &OKRS[OKRS.find("- id: OBJ-1").unwrap()..OKRS.find("# Trust work").unwrap()];
    assert_eq!(ok(OKRS, unset_at(&["0"])), with(OKRS, obj_1, ""));
    let obj_2 = &OKRS[OKRS.find("- id: OBJ-2").unwrap()..];
    assert_eq!(ok(OKRS, unset_at(&["1"])), with(OKRS, obj_2, ""));
    assert_eq!(
        ok(OKRS, unset_at(&["0", "key_results", "0", "check_ins", "1"])),
        with(OKRS, "        - {date: 2026-11-15, value: 0.44, confidence: 0.6}   # after the outage\n", "")
    );
    assert_eq!(ok(OKRS, unset_at(&["1", "key_results", "0", "target"])), with(OKRS, "      target: 0.3\n", ""));
}

#[test]
fn unset_the_first_key_of_an_element() {
    // The next key moves up onto the `-` line.
    assert_eq!(
        ok(ROADMAP, unset_at(&["initiatives", "1", "id"])),
        with(ROADMAP, "  - id: RM-2\n    title:", "  - title:")
    );
    // With a comment line in between, the `-` keeps a line of its own and the comment stays.
    let text = "l:\n  - id: A   # first\n    # the title\n    title: T\n";
    assert_eq!(ok(text, unset_at(&["l", "0", "id"])), "l:\n  -\n    # the title\n    title: T\n");
    // The only key: the element becomes `{}`.
    assert_eq!(ok("l:\n  - id: A\n  - id: B\n", unset_at(&["l", "1", "id"])), "l:\n  - id: A\n  - {}\n");
    assert_eq!(
        ok(ROADMAP, unset_at(&["milestones", "1", "kind"])),
        with(ROADMAP, "kind: release, date: 2027", "date: 2027")
    );
}

#[test]
fn append_a_block_mapping_element_aligned_with_its_siblings() {
    let rm_4 = map(&[
        ("id", string("RM-4")),
        ("title", string("Self-serve refunds")),
        ("horizon", string("later")),
        ("milestones", raw("[MS-1]")),
    ]);
    // The elements are separated by blank lines, so the new one is too.
    assert_eq!(
        ok(ROADMAP, append_at(&["initiatives"], rm_4.clone())),
        with(
            ROADMAP,
            "      - RM-2   # after fraud screening\n",
            "      - RM-2   # after fraud screening\n\n  - id: RM-4\n    title: Self-serve refunds\n    horizon: later\n    milestones: [MS-1]\n"
        )
    );
    // The roadmap as in the product docs.
    let brief = "\
# Roadmap, reviewed monthly with leadership.
themes: [conversion, trust, expansion]
initiatives:
  # Q4 bets
  - id: RM-1
    title: One-page checkout   # flagship
    milestones: [MS-1]
  - id: RM-2
    title: \"Fraud screening: phase 2\"
    objectives:
      - OBJ-1
milestones:
  - {id: MS-1, name: \"v2.1\", kind: release, date: 2026-12-15, status: planned}
";
    assert_eq!(
        ok(
            brief,
            append_at(
                &["initiatives"],
                map(&[("id", string("RM-3")), ("title", string("X")), ("milestones", raw("[MS-1]"))])
            )
        ),
        with(brief, "      - OBJ-1\n", "      - OBJ-1\n  - id: RM-3\n    title: X\n    milestones: [MS-1]\n")
    );
    // A wider gap after the `-` is kept; nested maps nest under their key.
    let wide = "l:\n-   id: A\n    x: 1\n";
    assert_eq!(
        ok(wide, append_at(&["l"], map(&[("id", string("B")), ("rice", map(&[("reach", raw("1"))]))]))),
        "l:\n-   id: A\n    x: 1\n-   id: B\n    rice:\n      reach: 1\n"
    );
    // Scalar siblings: a block mapping after the usual `- `.
    assert_eq!(
        ok(STORY, append_at(&["blocked_by"], map(&[("id", string("BL-11")), ("why", string("vault: keys"))]))),
        story_with("  - BL-10\n", "  - BL-10\n  - id: BL-11\n    why: \"vault: keys\"\n")
    );
}

#[test]
fn append_a_flow_mapping_where_the_siblings_are_flow_mappings() {
    let ms_3 = map(&[("id", string("MS-3")), ("name", string("v2.3")), ("kind", string("release"))]);
    assert_eq!(
        ok(ROADMAP, append_at(&["milestones"], ms_3.clone())),
        format!("{ROADMAP}  - {{id: MS-3, name: v2.3, kind: release}}\n")
    );
    assert_eq!(
        ok("l: [{a: 1}]\n", append_at(&["l"], ms_3.clone())),
        "l: [{a: 1}, {id: MS-3, name: v2.3, kind: release}]\n"
    );
    // A list of records inside a new record is a block list.
    let with_list = map(&[
        ("id", string("MS-5")),
        (
            "launch",
            map(&[("checklist", NewValue::Seq(vec![map(&[("item", string("Docs")), ("done", raw("false"))])]))]),
        ),
    ]);
    assert_eq!(
        ok(ROADMAP, append_at(&["milestones"], with_list.clone())),
        format!("{ROADMAP}  - id: MS-5\n    launch:\n      checklist:\n        - item: Docs\n          done: false\n")
    );
    // In flow context, and for scalars, a list is a flow sequence.
    assert_eq!(
        ok("l: [{a: 1}]\n", append_at(&["l"], with_list)),
        "l: [{a: 1}, {id: MS-5, launch: {checklist: [{item: Docs, done: false}]}}]\n"
    );
    assert_eq!(ok("a: 1\n", set_at(&["b"], NewValue::Seq(vec![string("x"), raw("2")]))), "a: 1\nb: [x, 2]\n");
    // A record holding a record is a block even among one-line siblings.
    let launch = map(&[("id", string("MS-4")), ("launch", map(&[("rollout", string("10% first"))]))]);
    assert_eq!(
        ok(ROADMAP, append_at(&["milestones"], launch)),
        format!("{ROADMAP}  - id: MS-4\n    launch:\n      rollout: 10% first\n")
    );
    assert_eq!(
        ok("l: {m: []}\n", append_at(&["l", "m"], ms_3.clone())),
        "l: {m: [{id: MS-3, name: v2.3, kind: release}]}\n"
    );
    assert_eq!(
        ok(ROADMAP, append_at(&["themes"], map(&[("name", string("a, b"))]))),
        with(ROADMAP, "expansion]", "expansion, {name: \"a, b\"}]")
    );
}

#[test]
fn append_a_check_in() {
    // To a block list of flow mappings.
    assert_eq!(
        ok(OKRS, append_at(&["0", "key_results", "0", "check_ins"], check_in())),
        with(
            OKRS,
            "   # after the outage\n",
            "   # after the outage\n        - {date: 2026-12-01, value: 7, confidence: 0.6}\n"
        )
    );
    // To a missing key: a block list two spaces under the new key.
    assert_eq!(
        ok(OKRS, append_at(&["1", "key_results", "0", "check_ins"], check_in())),
        format!("{OKRS}      check_ins:\n        - date: 2026-12-01\n          value: 7\n          confidence: 0.6\n")
    );
    // An empty `[]` in block context becomes a block list too.
    assert_eq!(
        ok(OKRS, append_at(&["0", "key_results", "1", "check_ins"], check_in())),
        with(
            OKRS,
            "      check_ins: []\n",
            "      check_ins:\n        - date: 2026-12-01\n          value: 7\n          confidence: 0.6\n"
        )
    );
    assert_eq!(
        ok("id: X\ncheck_ins:   # weekly\nnext: 1\n", append_at(&["check_ins"], check_in())),
        "id: X\ncheck_ins:   # weekly\n  - date: 2026-12-01\n    value: 7\n    confidence: 0.6\nnext: 1\n"
    );
}

#[test]
fn append_an_objective_to_a_top_level_list() {
    let obj_3 = map(&[("id", string("OBJ-3")), ("objective", string("Expand to Canada")), ("key_results", raw("[]"))]);
    let added = "\n- id: OBJ-3\n  objective: Expand to Canada\n  key_results: []\n";
    assert_eq!(ok(OKRS, Edit::Append { path: Vec::new(), value: obj_3.clone() }), format!("{OKRS}{added}"));
    // No final newline stays so; CRLF stays CRLF.
    assert_eq!(
        ok(OKRS.trim_end(), Edit::Append { path: Vec::new(), value: obj_3.clone() }),
        format!("{OKRS}{}", added.trim_end())
    );
    let crlf = OKRS.replace('\n', "\r\n");
    assert_eq!(
        ok(&crlf, Edit::Append { path: Vec::new(), value: obj_3.clone() }),
        format!("{OKRS}{added}").replace('\n', "\r\n")
    );
    assert_eq!(
        ok("# OKRs\n---\n- id: OBJ-1\n", Edit::Append { path: Vec::new(), value: obj_3.clone() }),
        "# OKRs\n---\n- id: OBJ-1\n- id: OBJ-3\n  objective: Expand to Canada\n  key_results: []\n"
    );
    assert_eq!(
        ok("# OKRs\n[]\n", Edit::Append { path: Vec::new(), value: obj_3.clone() }),
        "# OKRs\n- id: OBJ-3\n  objective: Expand to Canada\n  key_results: []\n"
    );
    // Scalars and removal work on the top-level list too.
    assert_eq!(ok("- a\n- b\n", Edit::Append { path: Vec::new(), value: string("c") }), "- a\n- b\n- c\n");
    assert_eq!(ok("[a, b]\n", Edit::Append { path: Vec::new(), value: string("c") }), "[a, b, c]\n");
    assert_eq!(ok("- a\n- b\n", Edit::Remove { path: Vec::new(), value: "a".to_owned() }), "- b\n");
    assert_eq!(ok("- a\n", Edit::Remove { path: Vec::new(), value: "a".to_owned() }), "[]\n");
    // On a top-level mapping an empty path stays refused.
    assert!(is_unsupported(&err(STORY, Edit::Append { path: Vec::new(), value: string("c") })));
}

#[test]
fn out_of_range_indexes_are_errors() {
    let e = err(ROADMAP, set_at(&["initiatives", "3", "title"], string("x")));
    assert!(matches!(&e, EditError::NoElement { path, index: 3 } if path == "initiatives"), "{e:?}");
    assert_eq!(e.to_string(), "`initiatives` has no element at index 3");
    let e = err(ROADMAP, set_at(&["initiatives", "3"], string("x")));
    assert!(matches!(&e, EditError::NoElement { index: 3, .. }), "{e:?}");
    let e = err(ROADMAP, unset_at(&["themes", "7"]));
    assert!(matches!(&e, EditError::NoElement { path, index: 7 } if path == "themes"), "{e:?}");
    let e = err(OKRS, unset_at(&["2"]));
    assert_eq!(e.to_string(), "the top level has no element at index 2");
    let e = err(OKRS, append_at(&["0", "key_results", "5", "check_ins"], check_in()));
    assert!(matches!(&e, EditError::NoElement { path, index: 5 } if path == "0.key_results"), "{e:?}");
    let e = err(ROADMAP, set_at(&["themes", "99999999999999999999999"], string("x")));
    assert!(matches!(&e, EditError::NoElement { .. }), "{e:?}");
}

#[test]
fn segments_that_are_not_indexes_on_lists() {
    let e = err(ROADMAP, set_at(&["initiatives", "first", "title"], string("x")));
    assert!(matches!(&e, EditError::NotAMapping { path } if path == "initiatives"), "{e:?}");
    let e = err(OKRS, set_at(&["id"], string("x")));
    assert!(is_unsupported(&e), "{e:?}");
    assert!(e.to_string().contains("must start with an index"), "{e}");
    let e = err(ROADMAP, append_at(&["initiatives", "0", "title"], string("x")));
    assert!(matches!(&e, EditError::NotASequence { path } if path == "initiatives.0.title"), "{e:?}");
}

#[test]
fn index_segments_on_mappings_are_keys() {
    let text = "id: X\n\"0\": zero\n1: one\n";
    assert_eq!(ok(text, set("0", string("nil"))), "id: X\n\"0\": nil\n1: one\n");
    assert_eq!(ok(text, set("1", string("uno"))), "id: X\n\"0\": zero\n1: uno\n");
    assert_eq!(ok(text, set("2", string("two"))), format!("{text}\"2\": two\n"));
    assert_eq!(ok(text, unset("0")), "id: X\n1: one\n");
    // A missing or null parent is created as a mapping with the key "0".
    assert_eq!(ok("id: X\n", set("rice.0", raw("1"))), "id: X\nrice:\n  \"0\": 1\n");
    assert_eq!(ok("id: X\n", unset("nope.0")), "id: X\n");
}

#[test]
fn edits_below_null_elements() {
    assert_eq!(ok("l:\n  - ~\n  - b\n", set_at(&["l", "0", "a"], raw("1"))), "l:\n  - a: 1\n  - b\n");
    assert_eq!(ok("l: [~, b]\n", set_at(&["l", "0", "a"], raw("1"))), "l: [{a: 1}, b]\n");
    assert_eq!(ok("l:\n  -   # todo\n", append_at(&["l", "0"], string("x"))), "l:\n  - [x]   # todo\n");
}

#[test]
fn index_paths_through_refused_nodes() {
    assert!(is_unsupported(&err("l: &l\n  - a\nm: *l\n", set_at(&["l", "0"], string("b")))));
    assert!(is_unsupported(&err("l:\n  - &a x\n  - *a\n", set_at(&["l", "1"], string("b")))));
    assert!(is_unsupported(&err("l:\n  - &a x\n  - *a\n", unset_at(&["l", "0"]))));
    assert!(is_unsupported(&err("l: [a: b]\n", set_at(&["l", "0", "c"], string("d")))));
    // Compact nested lists cannot lose lines.
    assert!(is_unsupported(&err("l:\n  - - a\n    - b\n", unset_at(&["l", "0", "0"]))));
    assert_eq!(ok("l:\n  - - a\n    - b\n", append_at(&["l", "0"], string("c"))), "l:\n  - - a\n    - b\n    - c\n");
    assert!(is_unsupported(&err("just text\n", set_at(&["0"], string("x")))));
}

#[test]
fn remove_by_value_inside_an_element() {
    assert_eq!(
        ok(ROADMAP, Edit::Remove { path: segments(&["initiatives", "2", "blocked_by"]), value: "RM-1".to_owned() }),
        with(ROADMAP, "      - RM-1\n", "")
    );
    assert_eq!(
        ok(ROADMAP, Edit::Remove { path: segments(&["initiatives", "0", "milestones"]), value: "MS-1".to_owned() }),
        with(ROADMAP, "milestones: [MS-1]", "milestones: []")
    );
}

#[test]
fn batch_of_roadmap_edits() {
    let out = apply(
        ROADMAP,
        &[
            set_at(&["initiatives", "1", "horizon"], string("now")),
            unset_at(&["initiatives", "0"]),
            append_at(&["initiatives", "0", "objectives"], string("OBJ-2")),
            set_at(&["milestones", "0", "status"], string("shipped")),
            append_at(&["milestones"], map(&[("id", string("MS-3")), ("name", string("v3"))])),
        ],
    )
    .unwrap();
    let expected = ROADMAP
        .replace(&format!("{RM_1}\n"), "")
        .replace("horizon: next", "horizon: now")
        .replace("      - OBJ-1\n", "      - OBJ-1\n      - OBJ-2\n")
        .replace("status: planned}", "status: shipped}")
        + "  - {id: MS-3, name: v3}\n";
    assert_eq!(out, expected);
}
