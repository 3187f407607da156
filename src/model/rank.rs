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
