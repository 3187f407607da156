//! Artifact ids. Backlog ids are `<PREFIX>-<n>` with the prefix from `pm.yaml`;
//! the other kinds use fixed prefixes. An id is validated before it is ever
//! used to build a path.

pub(crate) use super::kind::Kind;

/// The number of `id` if it is `<prefix>-<n>` with `n` a positive integer
/// without leading zeros.
pub(crate) fn number(id: &str, prefix: &str) -> Option<u64> {
    let digits = id.strip_prefix(prefix)?.strip_prefix('-')?;
    let first = *digits.as_bytes().first()?;
    if !(b'1'..=b'9').contains(&first) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The highest id number pm allocates or accepts: one below `u64::MAX`, so
/// that one past the highest id is always a number and never wraps to 0.
pub(crate) const MAX_NUMBER: u64 = u64::MAX - 1;

/// The number after `max` for a new id, or `None` when it would be above
/// [`MAX_NUMBER`] (never wrapped).
pub(crate) fn next_number(max: u64) -> Option<u64> {
    max.checked_add(1).filter(|&n| n <= MAX_NUMBER)
}

/// The next id `<prefix>-<n>` after the highest number among `ids`, or the
/// message saying why there is none.
pub(crate) fn next_after(prefix: &str, ids: impl IntoIterator<Item = u64>) -> Result<String, String> {
    let max = ids.into_iter().max().unwrap_or(0);
    next_number(max).map(|n| format!("{prefix}-{n}")).ok_or_else(|| exhausted(prefix, max))
}

/// Why no id follows `<prefix>-<max>`.
pub(crate) fn exhausted(prefix: &str, max: u64) -> String {
    format!("no {prefix} id is left after {prefix}-{max}: ids go up to {prefix}-{MAX_NUMBER}; nothing written")
}

/// Whether `id` is `<prefix>-<digits>` with a number pm cannot use: above
/// [`MAX_NUMBER`], or too large for 64 bits.
pub(crate) fn out_of_range(id: &str, prefix: &str) -> bool {
    let Some(digits) = id.strip_prefix(prefix).and_then(|d| d.strip_prefix('-')) else { return false };
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    digits.parse::<u64>().map_or(true, |n| n > MAX_NUMBER)
}

/// Whether `prefix` is usable as a backlog id prefix: 1–10 upper-case ASCII
/// letters, not one of the fixed prefixes of the other kinds.
pub(crate) fn valid_prefix(prefix: &str) -> bool {
    (1..=10).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && !["RM", "MS", "OBJ", "KR", "PRD", "EXP", "FR", "NFR", "US"].contains(&prefix)
}

/// Normalises an id typed by a user (`bl-7` → `BL-7`). Returns `None` if it
/// is not a well-formed id with this prefix.
pub(crate) fn normalize(input: &str, prefix: &str) -> Option<String> {
    let upper = input.trim().to_ascii_uppercase();
    number(&upper, prefix).map(|n| format!("{prefix}-{n}"))
}

/// Whether `id` is a well-formed reference to an artifact of `kind`. PRD
/// references may address a requirement: `PRD-3#FR-2`.
pub(crate) fn is_reference(id: &str, kind: Kind, backlog_prefix: &str) -> bool {
    match kind {
        Kind::Backlog => number(id, backlog_prefix).is_some(),
        Kind::Prd => {
            let (doc, sub) = match id.split_once('#') {
                Some((doc, sub)) => (doc, Some(sub)),
                None => (id, None),
            };
            number(doc, "PRD").is_some()
                && sub.is_none_or(|s| ["FR", "NFR", "US"].iter().any(|p| number(s, p).is_some()))
        }
        other => other.fixed_prefix().is_some_and(|p| number(id, p).is_some()),
    }
}

/// Up to three ids from `known` closest to `wanted`, for "did you mean"
/// hints: fewest typing differences first, then the nearest number.
pub(crate) fn closest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let trailing = |s: &str| s.rsplit('-').next().and_then(|n| n.parse::<i64>().ok());
    let wanted_number = trailing(wanted);
    let mut scored: Vec<(usize, i64, &str)> = known
        .into_iter()
        .map(|k| {
            let distance = match (wanted_number, trailing(k)) {
                (Some(a), Some(b)) => (a - b).abs(),
                _ => 0,
            };
            (strsim::levenshtein(wanted, k), distance, k)
        })
        .filter(|(edits, _, _)| *edits <= 2)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, _, k)| k.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_never_wrap() {
        assert_eq!(next_number(0), Some(1));
        assert_eq!(next_number(MAX_NUMBER - 1), Some(MAX_NUMBER));
        assert_eq!(next_number(MAX_NUMBER), None);
        assert_eq!(next_number(u64::MAX), None);
        assert_eq!(next_after("BL", [3, 9, 2]), Ok("BL-10".to_string()));
        assert_eq!(next_after("BL", []), Ok("BL-1".to_string()));
        assert_eq!(
            next_after("EXP", [5, u64::MAX]),
            Err(format!("no EXP id is left after EXP-{}: ids go up to EXP-{MAX_NUMBER}; nothing written", u64::MAX))
        );
        assert!(out_of_range("BL-18446744073709551615", "BL"));
        assert!(out_of_range("BL-99999999999999999999999", "BL"));
        assert!(!out_of_range("BL-18446744073709551614", "BL"));
        assert!(!out_of_range("BL-1", "BL"));
        assert!(!out_of_range("BL-0999999999999999999999", "BL"));
        assert!(!out_of_range("BL-x", "BL"));
        assert!(!out_of_range("XX-18446744073709551615", "BL"));
    }

    #[test]
    fn numbers() {
        assert_eq!(number("BL-42", "BL"), Some(42));
        assert_eq!(number("BL-042", "BL"), None);
        assert_eq!(number("BL-0", "BL"), None);
        assert_eq!(number("BL-", "BL"), None);
        assert_eq!(number("BL-4x", "BL"), None);
        assert_eq!(number("BL-../x", "BL"), None);
        assert_eq!(number("XBL-4", "BL"), None);
    }

    #[test]
    fn normalizes_user_input() {
        assert_eq!(normalize("bl-7", "BL").as_deref(), Some("BL-7"));
        assert_eq!(normalize(" BL-7 ", "BL").as_deref(), Some("BL-7"));
        assert_eq!(normalize("BL-7/..", "BL"), None);
    }

    #[test]
    fn references() {
        assert!(is_reference("PRD-3#FR-2", Kind::Prd, "BL"));
        assert!(is_reference("PRD-3", Kind::Prd, "BL"));
        assert!(!is_reference("PRD-3#XX-2", Kind::Prd, "BL"));
        assert!(is_reference("KR-11", Kind::KeyResult, "BL"));
        assert!(!is_reference("KR-11", Kind::Milestone, "BL"));
        assert!(is_reference("ACME-1", Kind::Backlog, "ACME"));
    }

    #[test]
    fn prefixes() {
        assert!(valid_prefix("BL"));
        assert!(valid_prefix("ACME"));
        assert!(!valid_prefix("bl"));
        assert!(!valid_prefix("KR"));
        assert!(!valid_prefix(""));
    }

    #[test]
    fn suggests_closest_ids() {
        let known = ["BL-1", "BL-9", "BL-99", "BL-100"];
        assert_eq!(closest("BL-999", known), vec!["BL-99", "BL-9"]);
        assert_eq!(closest("BL-12", ["BL-13", "BL-11", "BL-112", "BL-2"]), vec!["BL-11", "BL-13", "BL-2"]);
    }
}
