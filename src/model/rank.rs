//! Fractional rank keys: strings over `0-9a-z` ordered byte-wise, so that an
//! item can be placed between any two others by changing only its own key.
//! That keeps a reorder to one file and lets parallel reorders merge cleanly.
//!
//! Keys never end in `0`, which guarantees there is always room between two
//! distinct keys.

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE: u8 = 36;

fn digit(b: u8) -> Option<u8> {
    DIGITS.iter().position(|&d| d == b).map(|p| p as u8)
}

/// Whether `key` is a usable rank key.
pub fn is_valid(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| digit(b).is_some()) && !key.ends_with('0')
}

/// A key strictly between `lo` and `hi`. `None` stands for the start (`lo`)
/// or the end (`hi`) of the order. Returns `None` if the bounds are invalid
/// keys or not in increasing order.
pub fn between(lo: Option<&str>, hi: Option<&str>) -> Option<String> {
    let lo: Vec<u8> = match lo {
        Some(k) if is_valid(k) => k.bytes().filter_map(digit).collect(),
        Some(_) => return None,
        None => Vec::new(),
    };
    let mut hi: Option<Vec<u8>> = match hi {
        Some(k) if is_valid(k) => Some(k.bytes().filter_map(digit).collect()),
        Some(_) => return None,
        None => None,
    };
    if let Some(h) = &hi
        && *h <= lo
    {
        return None;
    }
    let mut out = Vec::new();
    for i in 0.. {
        let l = lo.get(i).copied().unwrap_or(0);
        // Once the result has dropped below `hi`, the upper bound is open.
        let h = hi.as_ref().map_or(BASE, |h| h.get(i).copied().unwrap_or(0));
        if l == h {
            out.push(l);
            continue;
        }
        let mid = (l + h) / 2;
        if mid > l {
            out.push(mid);
            break;
        }
        out.push(l);
        hi = None;
    }
    Some(out.into_iter().map(|d| DIGITS[d as usize] as char).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lo: Option<&str>, hi: Option<&str>) -> String {
        let k = between(lo, hi).unwrap();
        assert!(is_valid(&k), "{k}");
        if let Some(lo) = lo {
            assert!(lo < k.as_str(), "{lo} < {k}");
        }
        if let Some(hi) = hi {
            assert!(k.as_str() < hi, "{k} < {hi}");
        }
        k
    }

    #[test]
    fn first_key_is_the_middle() {
        assert_eq!(check(None, None), "i");
    }

    #[test]
    fn keys_between_neighbours() {
        assert_eq!(check(Some("a"), Some("c")), "b");
        assert_eq!(check(Some("a"), Some("b")), "ai");
        assert_eq!(check(Some("az"), Some("b")), "azi");
        assert_eq!(check(None, Some("1")), "0i");
        assert_eq!(check(None, Some("01")), "00i");
        assert_eq!(check(Some("z"), None), "zi");
        assert_eq!(check(Some("zz"), None), "zzi");
        check(Some("1"), Some("1001"));
    }

    #[test]
    fn refuses_bad_bounds() {
        assert_eq!(between(Some("b"), Some("a")), None);
        assert_eq!(between(Some("a"), Some("a")), None);
        assert_eq!(between(Some("A"), None), None);
        assert_eq!(between(Some("a0"), None), None);
    }

    #[test]
    fn repeated_insertion_always_finds_room() {
        // Always inserting right after the first key, and at the top, must keep
        // producing valid keys in order.
        let mut keys = vec![between(None, None).unwrap()];
        for i in 0..500 {
            let k = if i % 2 == 0 {
                between(Some(&keys[0]), keys.get(1).map(String::as_str)).unwrap()
            } else {
                between(None, Some(&keys[0])).unwrap()
            };
            keys.push(k);
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), i + 2);
        }
        assert!(keys.iter().all(|k| is_valid(k)));
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    fn config() -> ProptestConfig {
        ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
    }

    /// Any valid key: one or more of `0-9a-z`, not ending in `0`.
    fn key() -> impl Strategy<Value = String> {
        "[0-9a-z]{0,6}[1-9a-z]"
    }

    /// Two distinct valid keys in increasing order, often sharing a long prefix or differing only
    /// by a trailing digit, where room between them is tightest.
    fn ordered_pair() -> impl Strategy<Value = (String, String)> {
        let independent = (key(), key());
        let shared = ("[0-9a-z]{0,5}", "[0-9a-z]{0,3}[1-9a-z]", "[0-9a-z]{0,3}[1-9a-z]")
            .prop_map(|(p, a, b)| (format!("{p}{a}"), format!("{p}{b}")));
        let extension = (key(), "[0-9a-z]{0,3}[1-9a-z]").prop_map(|(a, b)| (a.clone(), format!("{a}{b}")));
        let zeros =
            (key(), 0usize..5, "[1-9a-z]").prop_map(|(a, n, d)| (a.clone(), format!("{a}{}{d}", "0".repeat(n))));
        prop_oneof![independent, shared, extension, zeros]
            .prop_filter("distinct", |(a, b)| a != b)
            .prop_map(|(a, b)| if a < b { (a, b) } else { (b, a) })
    }

    /// Any string, weighted towards ones made of the key alphabet (valid or nearly valid).
    fn any_key_like() -> impl Strategy<Value = String> {
        prop_oneof!["[0-9a-z]{0,5}", "[0-9a-zA-Z_ -]{0,4}", any::<String>()]
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn between_two_keys_is_strictly_between((lo, hi) in ordered_pair()) {
            let k = between(Some(&lo), Some(&hi)).expect("room between distinct ordered keys");
            prop_assert!(is_valid(&k), "{k:?}");
            prop_assert!(lo < k && k < hi, "{lo:?} < {k:?} < {hi:?}");
        }

        #[test]
        fn before_first_key_is_smaller(hi in key()) {
            let k = between(None, Some(&hi)).expect("room before any valid key");
            prop_assert!(is_valid(&k), "{k:?}");
            prop_assert!(k < hi, "{k:?} < {hi:?}");
        }

        #[test]
        fn after_last_key_is_larger(lo in key()) {
            let k = between(Some(&lo), None).expect("room after any valid key");
            prop_assert!(is_valid(&k), "{k:?}");
            prop_assert!(lo < k, "{lo:?} < {k:?}");
        }

        /// `None` exactly when a bound is not a valid key or the bounds are not increasing.
        #[test]
        fn none_exactly_for_bad_bounds(a in any_key_like(), b in any_key_like()) {
            prop_assert_eq!(between(Some(&a), Some(&b)).is_some(), is_valid(&a) && is_valid(&b) && a < b);
            prop_assert_eq!(between(Some(&a), None).is_some(), is_valid(&a));
            prop_assert_eq!(between(None, Some(&b)).is_some(), is_valid(&b));
        }

        /// Inserting 50 times next to the previous result (always towards `hi`, always towards
        /// `lo`, or a random mix), with either bound open or not, keeps finding valid keys in
        /// strict order.
        #[test]
        fn repeated_insertion_stays_ordered(
            (lo, hi) in ordered_pair(),
            open_lo in any::<bool>(),
            open_hi in any::<bool>(),
            towards_hi in prop_oneof![
                Just(vec![true; 50]),
                Just(vec![false; 50]),
                proptest::collection::vec(any::<bool>(), 50),
            ],
        ) {
            prop_assert!(is_valid(&between(None, None).unwrap()));
            let mut lo = (!open_lo).then_some(lo);
            let mut hi = (!open_hi).then_some(hi);
            for up in towards_hi {
                let k = between(lo.as_deref(), hi.as_deref()).expect("room between ordered bounds");
                prop_assert!(is_valid(&k), "{k:?}");
                prop_assert!(lo.as_deref().is_none_or(|l| l < k.as_str()), "{lo:?} < {k:?}");
                prop_assert!(hi.as_deref().is_none_or(|h| k.as_str() < h), "{k:?} < {hi:?}");
                if up { lo = Some(k) } else { hi = Some(k) }
            }
        }
    }
}
