use super::model::{MIXED, product_edits, sample_edits};
use super::*;

#[test]
fn adversarial_inputs_do_not_panic() {
    let inputs = [
        "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        "a: \u{feff}b\n",
        "\u{feff}a: b\n",
        "a: b\r",
        "a:\t1\n",
        "a: |2\n   x\nb: 1\n",
        "a: >+\n  x\n\n\nb: 1\n",
        "a: !!binary aGVsbG8=\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 'x''\n",
        "{a: 1, b: [x, y]}\n",
        "a: {b: {c: [1, {d: e}]}}\n",
        "\"\\u00e9\": 1\n",
    ];
    let edits = [
        set_str("a", "v"),
        set_str("a.b", "v"),
        unset("a"),
        append("a", "v"),
        remove("a", "x"),
        set_str("b", "v"),
        append("a.b", "x"),
    ];
    for text in inputs {
        for edit in &edits {
            if let Ok(out) = apply(text, std::slice::from_ref(edit)) {
                assert!(yaml_serde::from_str::<Value>(&out).is_ok(), "{text:?} {edit:?}");
            }
        }
    }
}

/// Applies random edits to `bases` mutated with random `pieces` (a fixed
/// pseudo-random sequence from `seed`): no input may panic, and whatever
/// is accepted must parse and verify.
fn mutate_and_edit(bases: &[&str], edits: &[Edit], pieces: &[&str], seed: u64, rounds: usize) {
    let mut next = pseudo_random(seed);
    for _ in 0..rounds {
        let mut chars: Vec<char> = bases[next(bases.len())].chars().collect();
        for _ in 0..=next(3) {
            let at = next(chars.len() + 1);
            if next(2) == 0 && at < chars.len() {
                chars.remove(at);
            } else {
                let piece = pieces[next(pieces.len())];
                chars.splice(at..at, piece.chars());
            }
        }
        let text: String = chars.into_iter().collect();
        let edit = &edits[next(edits.len())];
        match apply(&text, std::slice::from_ref(edit)) {
            Ok(out) => assert!(yaml_serde::from_str::<Value>(&out).is_ok()),
            Err(EditError::Verify { .. }) => panic!("{edit:?} failed to verify on {text:?}"),
            Err(_) => {}
        }
    }
}

/// Mutated files (broken quotes, stray indicators, odd line breaks) must never panic, and
/// whatever is accepted must still verify.
#[test]
fn mutated_inputs_never_panic() {
    const PIECES: &[&str] = &[
        "\n", " ", ":", "- ", "#", "[", "]", "{", "}", ",", "'", "\"", "|", ">", "&a ", "*a", "!t ", "é", "\r\n", "\r",
        "\t", "? ", "---\n", "~",
    ];
    mutate_and_edit(&[STORY, MIXED], &sample_edits(), PIECES, 7, 3000);
}

/// Mutated roadmap and OKR files must never panic, and whatever is accepted must verify.
#[test]
fn mutated_lists_of_mappings_never_panic() {
    const PIECES: &[&str] = &[
        "\n", " ", "  ", ":", "- ", "-", "#", "[", "]", "{", "}", ",", "'", "\"", "|", ">", "&a ", "*a", "!t ", "é",
        "\r\n", "\r", "\t", "? ", "---\n", "~", "0", "\n\n",
    ];
    mutate_and_edit(&[ROADMAP, OKRS], &product_edits(), PIECES, 11, 4000);
}
