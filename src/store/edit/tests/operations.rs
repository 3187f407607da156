use super::*;

// ----- set -----------------------------------------------------------------------------

#[test]
fn set_existing_plain_scalar_changes_only_that_value() {
    assert_eq!(ok(STORY, set_str("status", "in progress")), story_with("status: ready\n", "status: in progress\n"));
}

#[test]
fn set_plain_scalar_keeps_trailing_comment() {
    let text = "id: BL-1\npriority: p1   # from triage\nstatus: ready\n";
    assert_eq!(ok(text, set_str("priority", "p0")), "id: BL-1\npriority: p0   # from triage\nstatus: ready\n");
}

#[test]
fn set_double_quoted_scalar_keeps_quotes_and_comment() {
    assert_eq!(
        ok(STORY, set_str("title", "Pay with a \"saved\" card")),
        story_with(
            "title: \"Pay with saved card\"   # quoted on purpose",
            "title: \"Pay with a \\\"saved\\\" card\"   # quoted on purpose"
        )
    );
    // Even a value that could be plain keeps the author's quotes.
    assert_eq!(ok(STORY, set_str("title", "Pay")), story_with("\"Pay with saved card\"", "\"Pay\""));
}

#[test]
fn set_single_quoted_scalar_keeps_single_quotes() {
    assert_eq!(
        ok(STORY, set_str("customer_quote", "It's too slow")),
        story_with("'I hate typing my card number'", "'It''s too slow'")
    );
}

#[test]
fn set_single_quoted_falls_back_to_double_quotes_for_newlines() {
    assert_eq!(
        ok(STORY, set_str("customer_quote", "one\ntwo")),
        story_with("'I hate typing my card number'", "\"one\\ntwo\"")
    );
}

#[test]
fn set_new_key_appends_at_end_of_mapping() {
    assert_eq!(ok(STORY, set_str("owner", "dana")), format!("{STORY}owner: dana\n"));
}

#[test]
fn a_block_scalar_ending_a_file_without_a_final_newline_keeps_its_value() {
    // Its value has no final line break only because the file ends there: a key added
    // after it makes its header strip the break the new line puts after it.
    assert_eq!(ok("id: X\nnotes: |\n  first", set_raw("estimate", "3")), "id: X\nnotes: |-\n  first\nestimate: 3");
    assert_eq!(ok("notes: >2\n  first", set_raw("estimate", "3")), "notes: >-2\n  first\nestimate: 3");
    // Already stripping, or keeping: nothing to change in the header.
    assert_eq!(ok("notes: |-\n  first", set_raw("estimate", "3")), "notes: |-\n  first\nestimate: 3");
    // Removing the key after it keeps the line break its value holds.
    assert_eq!(ok("notes: |\n  first\nestimate: 3", unset("estimate")), "notes: |\n  first\n");
    assert_eq!(ok("notes: |-\n  first\nestimate: 3", unset("estimate")), "notes: |-\n  first");
    // The same in a list.
    assert_eq!(ok("labels:\n  - |\n    a", append("labels", "b")), "labels:\n  - |-\n    a\n  - b");
}

#[test]
fn set_new_key_after_trailing_block_scalar_goes_before_blank_lines() {
    let text = "id: X\nnotes: |\n  first\n  second\n\n# end of file\n";
    assert_eq!(
        ok(text, set_raw("estimate", "3")),
        "id: X\nnotes: |\n  first\n  second\nestimate: 3\n\n# end of file\n"
    );
}

#[test]
fn set_nested_in_flow_mapping() {
    assert_eq!(ok(STORY, set_raw("rice.reach", "1200")), story_with("{reach: 800,", "{reach: 1200,"));
    assert_eq!(ok(STORY, set_raw("rice.effort", "5")), story_with("effort: 3}", "effort: 5}"));
}

#[test]
fn set_new_key_in_flow_mapping() {
    assert_eq!(
        ok(STORY, set_str("rice.note", "rough guess")),
        story_with("effort: 3}", "effort: 3, note: rough guess}")
    );
    // Flow context needs quotes for commas.
    assert_eq!(ok(STORY, set_str("rice.note", "a, b")), story_with("effort: 3}", "effort: 3, note: \"a, b\"}"));
    assert_eq!(ok("id: X\nrice: {}\n", set_raw("rice.reach", "10")), "id: X\nrice: {reach: 10}\n");
}

#[test]
fn set_nested_in_block_mapping() {
    assert_eq!(ok(STORY, set_raw("wsjf.job_size", "13")), story_with("  job_size: 5\n", "  job_size: 13\n"));
}

#[test]
fn set_new_key_in_nested_block_mapping() {
    assert_eq!(
        ok(STORY, set_raw("wsjf.time_criticality", "3")),
        story_with("  job_size: 5\n", "  job_size: 5\n  time_criticality: 3\n")
    );
}

#[test]
fn set_creates_missing_nested_mapping() {
    assert_eq!(ok(STORY, set_raw("kano.category", "delighter")), format!("{STORY}kano:\n  category: delighter\n"));
    assert_eq!(ok(STORY, set_raw("a.b.c", "1")), format!("{STORY}a:\n  b:\n    c: 1\n"));
    assert_eq!(
        ok(STORY, set_raw("wsjf.risk.level", "2")),
        story_with("  job_size: 5\n", "  job_size: 5\n  risk:\n    level: 2\n")
    );
    assert_eq!(ok(STORY, set_raw("rice.extra.x", "1")), story_with("effort: 3}", "effort: 3, extra: {x: 1}}"));
}

#[test]
fn set_below_null_value_turns_it_into_a_mapping() {
    assert_eq!(
        ok("id: X\nrice:\nstatus: ready\n", set_raw("rice.reach", "800")),
        "id: X\nrice:\n  reach: 800\nstatus: ready\n"
    );
    assert_eq!(
        ok("id: X\nrice: ~   # todo\nstatus: ready\n", set_raw("rice.reach", "800")),
        "id: X\nrice:   # todo\n  reach: 800\nstatus: ready\n"
    );
}

#[test]
fn set_below_scalar_is_not_a_mapping() {
    let e = err(STORY, set_raw("status.since", "2025-07-02"));
    assert!(matches!(&e, EditError::NotAMapping { path } if path == "status"), "{e:?}");
    assert_eq!(e.to_string(), "`status` is not a mapping");
    let e = err(STORY, set_raw("labels.x", "1"));
    assert!(matches!(&e, EditError::NotAMapping { path } if path == "labels"), "{e:?}");
}

#[test]
fn set_replaces_block_scalar_with_one_line() {
    assert_eq!(
        ok(STORY, set_str("description", "Reuse saved cards")),
        story_with("description: |\n  Customers want to reuse\n  their card.\n", "description: Reuse saved cards\n")
    );
}

#[test]
fn set_replaces_block_scalar_with_multi_line_keeping_literal_style() {
    assert_eq!(
        ok(STORY, set_str("description", "Customers want\nto reuse cards.\n")),
        story_with("  Customers want to reuse\n  their card.\n", "  Customers want\n  to reuse cards.\n")
    );
    // No final newline: strip chomping; blank lines inside stay empty.
    assert_eq!(
        ok(STORY, set_str("description", "para one\n\npara two")),
        story_with(
            "description: |\n  Customers want to reuse\n  their card.\n",
            "description: |-\n  para one\n\n  para two\n"
        )
    );
}

#[test]
fn set_block_scalar_keeps_header_comment_and_indentation() {
    let text = "description: |   # markdown\n    Old text\n    here.\nnext: 1\n";
    assert_eq!(
        ok(text, set_str("description", "New\ntext\n")),
        "description: |   # markdown\n    New\n    text\nnext: 1\n"
    );
    assert_eq!(ok(text, set_str("description", "short")), "description: short   # markdown\nnext: 1\n");
}

#[test]
fn set_multi_line_string_where_literal_is_impossible_is_double_quoted() {
    assert_eq!(
        ok(STORY, set_str("status", "blocked\nsee BL-9")),
        story_with("status: ready\n", "status: \"blocked\\nsee BL-9\"\n")
    );
    // Leading spaces on the first line would need an indentation indicator.
    assert_eq!(
        ok(STORY, set_str("description", "  indented\ntext")),
        story_with(
            "description: |\n  Customers want to reuse\n  their card.\n",
            "description: \"  indented\\ntext\"\n"
        )
    );
}

#[test]
fn set_replaces_block_collections() {
    assert_eq!(
        ok(STORY, set_raw("blocked_by", "[BL-9]")),
        story_with("blocked_by:\n  - BL-9   # waiting on vault\n  - BL-10\n", "blocked_by: [BL-9]\n")
    );
    assert_eq!(
        ok(STORY, set_raw("wsjf", "{user_business_value: 8, job_size: 3}")),
        story_with("wsjf:\n  user_business_value: 8\n  job_size: 5\n", "wsjf: {user_business_value: 8, job_size: 3}\n")
    );
}

#[test]
fn set_block_collection_keeps_key_line_comment() {
    let text = "blocked_by:   # upstream work\n  - BL-9\n  - BL-10\nrice: 1\n";
    assert_eq!(ok(text, set_raw("blocked_by", "[BL-9]")), "blocked_by: [BL-9]   # upstream work\nrice: 1\n");
}

#[test]
fn edits_that_would_change_other_values_fail_verification() {
    // A raw value that is one string on its own but two elements inside `[...]`.
    let e = err(STORY, Edit::Append { path: path("labels"), value: NewValue::Raw("a, b".to_owned()) });
    assert!(matches!(&e, EditError::Verify { path } if path == "labels"), "{e:?}");
    let e = err(STORY, set_raw("rice.reach", "1, 2"));
    assert!(matches!(e, EditError::Verify { .. }), "{e:?}");
    // A raw comment swallows the closing bracket.
    let e = err(STORY, set_raw("rice.reach", "1 # note"));
    assert!(matches!(e, EditError::Verify { .. } | EditError::Unsupported { .. }), "{e:?}");
}

#[test]
fn set_empty_value_keeps_comment() {
    let text = "id: X\nowner:   # who picks it up\nstatus: ready\n";
    assert_eq!(ok(text, set_str("owner", "dana")), "id: X\nowner: dana   # who picks it up\nstatus: ready\n");
    assert_eq!(ok("id: X\nowner:\n", set_str("owner", "dana")), "id: X\nowner: dana\n");
}

#[test]
fn set_raw_values_verbatim() {
    for raw in ["5", "0.8", "true", "2025-07-02", "[a, b]", "{reach: 800, impact: 2}", "~"] {
        assert_eq!(
            ok(STORY, set_raw("created", raw)),
            story_with("created: 2025-07-01\n", &format!("created: {raw}\n"))
        );
    }
}

#[test]
fn set_rejects_raw_values_that_would_break_the_layout() {
    for raw in ["", "a: b", "- a", "|\n  x", "[unclosed", "a\nb"] {
        let e = err(STORY, set_raw("created", raw));
        assert!(is_unsupported(&e), "{raw:?}: {e:?}");
    }
}

#[test]
fn set_same_value_is_identity() {
    assert_eq!(ok(STORY, set_str("status", "ready")), STORY);
}

// ----- strings that need quotes ----------------------------------------------------------

#[test]
fn strings_are_quoted_only_when_needed() {
    let cases = [
        ("plain words", "plain words"),
        ("BL-12", "BL-12"),
        ("a: b", "\"a: b\""),
        ("a #tag", "\"a #tag\""),
        ("#tag", "\"#tag\""),
        ("issue#4", "issue#4"),
        ("- item", "\"- item\""),
        ("-x", "\"-x\""),
        ("yes", "\"yes\""),
        ("No", "\"No\""),
        ("on", "\"on\""),
        ("true", "\"true\""),
        ("null", "\"null\""),
        ("~", "\"~\""),
        ("123", "\"123\""),
        ("0.5", "\"0.5\""),
        ("1e3", "\"1e3\""),
        ("12:30", "\"12:30\""),
        ("2025-07-01", "\"2025-07-01\""),
        (".inf", "\".inf\""),
        ("", "\"\""),
        (" padded", "\" padded\""),
        ("padded ", "\"padded \""),
        ("ends with colon:", "\"ends with colon:\""),
        ("[x]", "\"[x]\""),
        ("{x}", "\"{x}\""),
        ("*ref", "\"*ref\""),
        ("&anchor", "\"&anchor\""),
        ("!tag", "\"!tag\""),
        ("'quoted'", "\"'quoted'\""),
        ("say \"hi\"", "say \"hi\""),
        ("back\\slash", "back\\slash"),
        ("tab\there", "\"tab\\there\""),
        ("bell\u{7}", "\"bell\\x07\""),
        ("Größe ✓ 日本語", "Größe ✓ 日本語"),
        ("ü: x", "\"ü: x\""),
        ("https://example.com/a", "https://example.com/a"),
    ];
    for (value, rendered) in cases {
        assert_eq!(
            ok(STORY, set_str("status", value)),
            story_with("status: ready\n", &format!("status: {rendered}\n")),
            "rendering {value:?}"
        );
    }
}

#[test]
fn strings_in_flow_context_quote_flow_indicators() {
    assert_eq!(ok(STORY, append("labels", "a,b")), story_with("[checkout, payments]", "[checkout, payments, \"a,b\"]"));
    assert_eq!(ok(STORY, append("labels", "x:y")), story_with("[checkout, payments]", "[checkout, payments, \"x:y\"]"));
    assert_eq!(ok(STORY, append("blocked_by", "x,y")), story_with("  - BL-10\n", "  - BL-10\n  - x,y\n"));
}

#[test]
fn keys_needing_quotes_are_quoted() {
    assert_eq!(ok("id: X\n", set_raw("a: b", "1")), "id: X\n\"a: b\": 1\n");
    assert_eq!(ok("id: X\n", set_raw("123", "1")), "id: X\n\"123\": 1\n");
    // The quoted key is found again by its value.
    assert_eq!(ok("id: X\n\"123\": 1\n", set_raw("123", "2")), "id: X\n\"123\": 2\n");
    assert_eq!(ok("id: X\n123: 1\n", set_raw("123", "2")), "id: X\n123: 2\n");
}

// ----- unset -----------------------------------------------------------------------------

#[test]
fn unset_key_in_the_middle() {
    assert_eq!(ok(STORY, unset("status")), story_with("status: ready\n", ""));
    assert_eq!(ok(STORY, unset("priority")), story_with("priority: p1\n", ""));
}

#[test]
fn unset_keeps_comment_lines_above() {
    let text = "id: X\n# why we track this\nrisk: high\nstatus: ready\n";
    assert_eq!(ok(text, unset("risk")), "id: X\n# why we track this\nstatus: ready\n");
}

#[test]
fn unset_block_scalar_key() {
    assert_eq!(
        ok(STORY, unset("description")),
        story_with("description: |\n  Customers want to reuse\n  their card.\n", "")
    );
}

#[test]
fn unset_block_sequence_key() {
    assert_eq!(
        ok(STORY, unset("blocked_by")),
        story_with("blocked_by:\n  - BL-9   # waiting on vault\n  - BL-10\n", "")
    );
}

#[test]
fn unset_block_mapping_key_and_nested_keys() {
    assert_eq!(ok(STORY, unset("wsjf")), story_with("wsjf:\n  user_business_value: 8\n  job_size: 5\n", ""));
    assert_eq!(ok(STORY, unset("wsjf.job_size")), story_with("  job_size: 5\n", ""));
    // The last entry of a nested block mapping leaves an empty mapping, not null.
    assert_eq!(ok("wsjf:  # scoring\n  job_size: 5\nid: X\n", unset("wsjf.job_size")), "wsjf: {}  # scoring\nid: X\n");
}

#[test]
fn unset_in_flow_mapping() {
    assert_eq!(ok(STORY, unset("rice.reach")), story_with("{reach: 800, impact", "{impact"));
    assert_eq!(
        ok(STORY, unset("rice.confidence")),
        story_with("impact: 2, confidence: 0.8, effort", "impact: 2, effort")
    );
    assert_eq!(ok(STORY, unset("rice.effort")), story_with("0.8, effort: 3}", "0.8}"));
    assert_eq!(ok("rice: {reach: 1}\n", unset("rice.reach")), "rice: {}\n");
}

#[test]
fn unset_missing_key_is_a_no_op_and_idempotent() {
    assert_eq!(ok(STORY, unset("nope")), STORY);
    assert_eq!(ok(STORY, unset("nope.deeper")), STORY);
    assert_eq!(ok(STORY, unset("wsjf.nope")), STORY);
    let once = ok(STORY, unset("status"));
    assert_eq!(ok(&once, unset("status")), once);
    assert_eq!(apply(STORY, &[unset("status"), unset("status")]).unwrap(), once);
}

#[test]
fn unset_only_key_of_document_leaves_empty_mapping() {
    assert_eq!(ok("# header\nid: X\n", unset("id")), "# header\n{}\n");
}

#[test]
fn unset_through_scalar_is_not_a_mapping() {
    assert!(matches!(err(STORY, unset("status.x")), EditError::NotAMapping { .. }));
}

// ----- append ------------------------------------------------------------------------------

#[test]
fn append_to_flow_sequence() {
    assert_eq!(
        ok(STORY, append("labels", "mobile")),
        story_with("[checkout, payments]", "[checkout, payments, mobile]")
    );
}

#[test]
fn append_to_block_sequence_with_trailing_comment() {
    let text = "blocked_by:\n  - BL-9\n  - BL-10   # waiting on vault\nrice: 1\n";
    assert_eq!(
        ok(text, append("blocked_by", "BL-11")),
        "blocked_by:\n  - BL-9\n  - BL-10   # waiting on vault\n  - BL-11\nrice: 1\n"
    );
    assert_eq!(ok(STORY, append("blocked_by", "BL-11")), story_with("  - BL-10\n", "  - BL-10\n  - BL-11\n"));
}

#[test]
fn append_after_multi_line_element_and_comments_between_elements() {
    let text = "\
steps:
- name: build
  run: make
# between elements
- |
  echo one
  echo two

  # still part of the block scalar
# comment after the list
next: 1
";
    let out = ok(text, append("steps", "deploy"));
    assert_eq!(
        out,
        text.replace("  # still part of the block scalar\n", "  # still part of the block scalar\n- deploy\n")
    );
}

#[test]
fn append_to_empty_flow_sequence() {
    assert_eq!(ok("labels: []\n", append("labels", "a")), "labels: [a]\n");
}

#[test]
fn append_to_missing_or_null_key_creates_flow_sequence() {
    assert_eq!(ok(STORY, append("tags", "q3")), format!("{STORY}tags: [q3]\n"));
    assert_eq!(ok("id: X\nlabels:\nstatus: ready\n", append("labels", "a b")), "id: X\nlabels: [a b]\nstatus: ready\n");
    assert_eq!(ok("id: X\nlabels: ~  # none yet\n", append("labels", "x")), "id: X\nlabels: [x]  # none yet\n");
    assert_eq!(
        ok(STORY, append("wsjf.notes", "memo")),
        story_with("  job_size: 5\n", "  job_size: 5\n  notes: [memo]\n")
    );
    assert_eq!(ok(STORY, append("links.docs", "d")), format!("{STORY}links:\n  docs: [d]\n"));
}

#[test]
fn append_to_multi_line_flow_sequence() {
    assert_eq!(ok("labels: [\n  a,\n  b,\n]\n", append("labels", "c")), "labels: [\n  a,\n  b, c,\n]\n");
}

#[test]
fn append_to_non_sequence_is_an_error() {
    let e = err(STORY, append("status", "x"));
    assert!(matches!(&e, EditError::NotASequence { path } if path == "status"), "{e:?}");
    assert_eq!(e.to_string(), "`status` is not a list");
    assert!(matches!(err(STORY, append("wsjf", "x")), EditError::NotASequence { .. }));
}

#[test]
fn append_raw_values() {
    let edit = Edit::Append { path: path("labels"), value: NewValue::Raw("42".to_owned()) };
    assert_eq!(ok(STORY, edit), story_with("[checkout, payments]", "[checkout, payments, 42]"));
}

// ----- remove ------------------------------------------------------------------------------

#[test]
fn remove_from_flow_sequence() {
    let text = "labels: [a, b, c]\n";
    assert_eq!(ok(text, remove("labels", "a")), "labels: [b, c]\n");
    assert_eq!(ok(text, remove("labels", "b")), "labels: [a, c]\n");
    assert_eq!(ok(text, remove("labels", "c")), "labels: [a, b]\n");
    assert_eq!(ok("labels: [a]\n", remove("labels", "a")), "labels: []\n");
    assert_eq!(ok(STORY, remove("labels", "checkout")), story_with("[checkout, payments]", "[payments]"));
}

#[test]
fn remove_compares_parsed_scalar_values() {
    assert_eq!(ok("labels: [\"a\", 'b', c]\n", remove("labels", "a")), "labels: ['b', c]\n");
    assert_eq!(ok("labels: [a, 'b', c]\n", remove("labels", "b")), "labels: [a, c]\n");
    assert_eq!(ok("nums: [1, 2, 3]\n", remove("nums", "2")), "nums: [1, 3]\n");
}

#[test]
fn remove_every_matching_element() {
    assert_eq!(ok("l: [a, b, a, c, a]\n", remove("l", "a")), "l: [b, c]\n");
    assert_eq!(ok("l: [a, a]\n", remove("l", "a")), "l: []\n");
    assert_eq!(ok("l:\n  - a\n  - b\n  - a\nx: 1\n", remove("l", "a")), "l:\n  - b\nx: 1\n");
}

#[test]
fn remove_from_multi_line_flow_sequence() {
    let text = "labels: [\n  a,\n  b,\n  c\n]\n";
    assert_eq!(ok(text, remove("labels", "a")), "labels: [\n  b,\n  c\n]\n");
    assert_eq!(ok(text, remove("labels", "c")), "labels: [\n  a,\n  b\n]\n");
}

#[test]
fn remove_from_block_sequence() {
    assert_eq!(ok(STORY, remove("blocked_by", "BL-9")), story_with("  - BL-9   # waiting on vault\n", ""));
    assert_eq!(ok(STORY, remove("blocked_by", "BL-10")), story_with("  - BL-10\n", ""));
}

#[test]
fn remove_last_element_of_block_sequence_leaves_empty_flow_sequence() {
    assert_eq!(
        ok("id: X\nblocked_by:\n  - BL-9   # vault\nnext: 1\n", remove("blocked_by", "BL-9")),
        "id: X\nblocked_by: []\nnext: 1\n"
    );
    assert_eq!(
        apply(STORY, &[remove("blocked_by", "BL-9"), remove("blocked_by", "BL-10")]).unwrap(),
        story_with("blocked_by:\n  - BL-9   # waiting on vault\n  - BL-10\n", "blocked_by: []\n")
    );
}

#[test]
fn remove_from_indentless_sequence() {
    let text = "labels:\n- a\n- b\nx: 1\n";
    assert_eq!(ok(text, remove("labels", "a")), "labels:\n- b\nx: 1\n");
    assert_eq!(ok(text, append("labels", "c")), "labels:\n- a\n- b\n- c\nx: 1\n");
}

#[test]
fn remove_missing_element_is_not_found() {
    let e = err(STORY, remove("blocked_by", "BL-99"));
    assert!(matches!(&e, EditError::NotFound { path, value } if path == "blocked_by" && value == "BL-99"), "{e:?}");
    assert_eq!(e.to_string(), "`blocked_by` has no element `BL-99`");
    assert!(matches!(err(STORY, remove("nope", "x")), EditError::NotFound { .. }));
    assert!(matches!(err("id: X\nl:\n", remove("l", "x")), EditError::NotFound { .. }));
    assert!(matches!(err(STORY, remove("status", "ready")), EditError::NotASequence { .. }));
}

// ----- line endings ------------------------------------------------------------------------

#[test]
fn crlf_files_stay_crlf() {
    let text = STORY.replace('\n', "\r\n");
    let crlf = |s: String| s.replace('\n', "\r\n");
    assert_eq!(ok(&text, set_str("status", "done")), crlf(story_with("status: ready\n", "status: done\n")));
    assert_eq!(ok(&text, unset("status")), crlf(story_with("status: ready\n", "")));
    assert_eq!(ok(&text, append("blocked_by", "BL-11")), crlf(story_with("  - BL-10\n", "  - BL-10\n  - BL-11\n")));
    assert_eq!(
        ok(&text, set_raw("wsjf.risk.level", "1")),
        crlf(story_with("  job_size: 5\n", "  job_size: 5\n  risk:\n    level: 1\n"))
    );
    assert_eq!(
        ok(&text, set_str("description", "a\nb\n")),
        crlf(story_with("  Customers want to reuse\n  their card.\n", "  a\n  b\n"))
    );
    assert_eq!(ok(&text, remove("blocked_by", "BL-10")), crlf(story_with("  - BL-10\n", "")));
    assert_eq!(ok(&text, set_raw("x", "1")), format!("{text}x: 1\r\n"));
}

#[test]
fn bare_carriage_returns_are_unsupported() {
    assert!(is_unsupported(&err("id: X\rstatus: ready\r", set_str("id", "Y"))));
}

#[test]
fn file_without_trailing_newline() {
    let text = "id: X\nstatus: ready";
    assert_eq!(ok(text, set_str("status", "done")), "id: X\nstatus: done");
    assert_eq!(ok(text, set_str("owner", "dana")), "id: X\nstatus: ready\nowner: dana");
    assert_eq!(ok(text, unset("status")), "id: X");
    assert_eq!(ok("id: X\nl:\n  - a\n  - b", append("l", "c")), "id: X\nl:\n  - a\n  - b\n  - c");
    assert_eq!(ok("id: X\nl:\n  - a\n  - b", remove("l", "b")), "id: X\nl:\n  - a");
    assert_eq!(ok("id: X\r\nstatus: ready", unset("status")), "id: X");
}

// ----- documents that are refused --------------------------------------------------------

#[test]
fn anchors_aliases_and_tags_on_edited_nodes_are_unsupported() {
    let text = "base: &base {reach: 1}\nrice: *base\ntitle: !custom thing\nid: X\n";
    for edit in [
        set_raw("base", "{reach: 2}"),
        set_raw("base.reach", "2"),
        set_raw("rice", "{}"),
        set_raw("rice.reach", "2"),
        set_str("title", "x"),
        unset("base"),
        unset("title"),
    ] {
        let e = err(text, edit.clone());
        assert!(is_unsupported(&e), "{edit:?}: {e:?}");
    }
    // Untouched parts may use them freely.
    assert_eq!(
        ok(text, set_str("id", "BL-2")),
        "base: &base {reach: 1}\nrice: *base\ntitle: !custom thing\nid: BL-2\n"
    );
    let e = err("l: &l [a]\nm: *l\n", append("l", "b"));
    assert!(is_unsupported(&e), "{e:?}");
    assert!(e.to_string().starts_with("cannot edit `l` in place: "), "{e}");
}

#[test]
fn merge_keys_are_unsupported() {
    let text = "base: &b {reach: 1}\nrice:\n  <<: *b\n  impact: 2\n";
    assert!(is_unsupported(&err(text, set_raw("rice.impact", "3"))));
}

#[test]
fn invalid_yaml_is_a_parse_error() {
    for text in ["id: [unclosed\n", "a: b\n  c: d\n", "key: \"open\n", "a: 1\na: 2\n"] {
        let e = err(text, set_str("id", "x"));
        assert!(matches!(e, EditError::Parse(_)), "{text:?}: {e:?}");
        assert!(e.to_string().starts_with("not valid YAML: "));
    }
}

#[test]
fn non_mapping_documents_are_unsupported() {
    for text in ["- a\n- b\n", "just text\n", "", "# only a comment\n", "[a, b]"] {
        let e = err(text, set_str("id", "x"));
        assert!(is_unsupported(&e), "{text:?}: {e:?}");
    }
    assert!(is_unsupported(&err("a: 1\n---\nb: 2\n", set_str("a", "x"))));
}

#[test]
fn explicit_keys_are_refused_when_lines_must_move() {
    let text = "? q\n: r\nid: X\n";
    assert!(is_unsupported(&err(text, unset("q"))));
    assert_eq!(ok(text, set_str("q", "s")), "? q\n: s\nid: X\n");
}

#[test]
fn collection_keys_are_unsupported() {
    let e = err("id: X\n? [a, b]\n: c\n", set_str("id", "Y"));
    assert!(is_unsupported(&e), "{e:?}");
    assert!(e.to_string().contains("used as keys"), "{e}");
}

#[test]
fn empty_path_is_unsupported() {
    let e = err(STORY, Edit::Unset { path: Vec::new() });
    assert!(is_unsupported(&e), "{e:?}");
}

// ----- assorted --------------------------------------------------------------------------

#[test]
fn multiple_edits_apply_in_order() {
    let out = apply(
        STORY,
        &[
            set_str("status", "in-progress"),
            append("labels", "mobile"),
            remove("labels", "checkout"),
            set_raw("rice.reach", "1000"),
            unset("customer_quote"),
            set_str("owner", "dana"),
            set_str("owner", "lee"),
        ],
    )
    .unwrap();
    let expected = STORY
        .replace("status: ready", "status: in-progress")
        .replace("[checkout, payments]", "[payments, mobile]")
        .replace("reach: 800", "reach: 1000")
        .replace("customer_quote: 'I hate typing my card number'\n", "")
        + "owner: lee\n";
    assert_eq!(out, expected);
}

#[test]
fn failed_edit_in_a_batch_returns_the_error() {
    let e = apply(STORY, &[set_str("status", "x"), append("status", "y")]).unwrap_err();
    assert!(matches!(e, EditError::NotASequence { .. }));
}

#[test]
fn schema_comment_document_markers_and_unicode_are_preserved() {
    let text = "# yaml-language-server: $schema=../schema.json\n---\ntitle: \"Größe ändern ✓\"\nnote: 日本語のテキスト  # コメント\nstatus: ready\n...\n";
    assert_eq!(ok(text, set_str("status", "größer")), text.replace("status: ready", "status: größer"));
    assert_eq!(ok(text, set_str("note", "ü")), text.replace("日本語のテキスト", "ü"));
    assert_eq!(ok(text, set_str("title", "✓✓")), text.replace("Größe ändern ✓", "✓✓"));
    assert_eq!(ok(text, unset("note")), text.replace("note: 日本語のテキスト  # コメント\n", ""));
}

#[test]
fn multi_line_plain_and_quoted_values_are_replaced_whole() {
    let text = "a: this is\n  folded plain\nb: \"two\n  lines\"  # c\nz: 1\n";
    assert_eq!(ok(text, set_str("a", "x")), "a: x\nb: \"two\n  lines\"  # c\nz: 1\n");
    assert_eq!(ok(text, set_str("b", "y")), "a: this is\n  folded plain\nb: \"y\"  # c\nz: 1\n");
    assert_eq!(ok(text, unset("b")), "a: this is\n  folded plain\nz: 1\n");
}

#[test]
fn error_messages_use_dotted_paths() {
    let e = err(STORY, set_raw("rice.reach.x", "1"));
    assert_eq!(e.to_string(), "`rice.reach` is not a mapping");
    let e = EditError::Verify { path: "rice.reach".to_owned() };
    assert_eq!(e.to_string(), "edit of `rice.reach` did not produce the intended value; file left unchanged");
}
#[test]
fn keep_chomped_block_scalar_is_not_split() {
    let text = "a: |+\n  x\n\nb: 1\n";
    assert_eq!(ok(text, unset("b")), "a: |+\n  x\n\n");
    assert_eq!(ok("b: 1\na: |+\n  x\n\n", set_raw("c", "2")), "b: 1\na: |+\n  x\n\nc: 2\n");
}

#[test]
fn flow_root_mapping_is_edited_in_place() {
    assert_eq!(ok("{a: 1, b: 2}\n", set_raw("c", "3")), "{a: 1, b: 2, c: 3}\n");
    assert_eq!(ok("{a: 1, b: 2}\n", unset("a")), "{b: 2}\n");
}
