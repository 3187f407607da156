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
pub(crate) fn is_valid(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| digit(b).is_some()) && !key.ends_with('0')
}

/// A key strictly between `lo` and `hi`. `None` stands for the start (`lo`)
/// or the end (`hi`) of the order. Returns `None` if the bounds are invalid
/// keys or not in increasing order.
pub(crate) fn between(lo: Option<&str>, hi: Option<&str>) -> Option<String> {
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

/// The longest key the planners below ([`after`], [`before`], [`respace`], [`insert`], [`reorder`])
/// hand out while there is any room at all. Short keys keep item files and diffs readable, and a
/// fixed bound turns "keys grow without limit" into "now and then a few neighbours get new keys".
pub(crate) const MAX_LEN: usize = 8;

/// The grid [`after`] and [`before`] step along: one unit in the third digit. From the middle
/// key `i` that leaves 18 × 36² ≈ 23,000 appends (or prepends) before a fourth digit is needed,
/// while every two neighbours still have five free digits (36⁵ ≈ 60 million slots) between
/// them for later insertions.
const STEP_LEN: usize = 3;

/// The first key of an empty list: the middle of the range, so that the list can grow both ways.
const FIRST: &str = "i";

/// The digits of a key already checked with [`is_valid`].
fn digits(key: &str) -> Vec<u8> {
    key.bytes().filter_map(digit).collect()
}

/// Digits of an optional bound, or `Err` if it is not a valid key.
fn parse(key: Option<&str>) -> Result<Option<Vec<u8>>, ()> {
    match key {
        Some(k) if is_valid(k) => Ok(Some(digits(k))),
        Some(_) => Err(()),
        None => Ok(None),
    }
}

/// Number of keys of exactly `len` digits (counting the all-zero one): the grid of that length.
fn grid(len: usize) -> u64 {
    u64::from(BASE).pow(len as u32)
}

/// The first `len` digits of a key as a number: the grid point at or just below it. A key is a
/// base-36 fraction, and comparing keys byte-wise is comparing those fractions, so reasoning on
/// grid points of a fixed length is exact.
fn truncate(d: &[u8], len: usize) -> u64 {
    (0..len).fold(0, |acc, i| acc * u64::from(BASE) + u64::from(d.get(i).copied().unwrap_or(0)))
}

/// The first grid point of length `len` strictly above `lo` (`None`: the start, where the
/// all-zero point is no key, so the first usable point is 1).
fn first_above(lo: Option<&[u8]>, len: usize) -> u64 {
    lo.map_or(1, |d| truncate(d, len) + 1)
}

/// The last grid point of length `len` strictly below `hi` (`None`: the end, just below 1). May
/// be 0, which is no key; callers compare it with [`first_above`].
fn last_below(hi: Option<&[u8]>, len: usize) -> u64 {
    match hi {
        None => grid(len) - 1,
        // A valid key ends in a non-zero digit, so it lies exactly on this grid iff it is no
        // longer than `len`; then the point below it is one less, otherwise its truncation.
        Some(d) => truncate(d, len) - u64::from(d.len() <= len),
    }
}

/// The key for grid point `point` of length `len`, trailing zeros dropped (same fraction).
fn key_at(mut point: u64, len: usize) -> String {
    let mut out = vec![b'0'; len];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(point % u64::from(BASE)) as usize];
        point /= u64::from(BASE);
    }
    while out.last() == Some(&b'0') {
        out.pop();
    }
    String::from_utf8(out).expect("key digits are ASCII")
}

/// A key strictly after `lo`, for appending at the end (`None`: an empty list, giving `i`).
/// Returns `None` if `lo` is not a valid key.
///
/// [`between`]`(lo, None)` halves the room left at the end, so a run of appends adds a digit
/// every few keys. Instead this takes the next point of a fixed coarse grid (one unit in the
/// third digit, see `STEP_LEN`): `i` → `i01` → `i02` → … → `i0z` → `i1` → `i11`, which keeps
/// about 23,000 appends from `i` at three characters or fewer. When `lo` already sits at the
/// last point of that grid (it starts with `zzz`) the next finer grid is used, up to
/// [`MAX_LEN`]. Only after `zzzzzzzz` is there no key of at most `MAX_LEN` characters left; then
/// this falls back to `between(lo, None)`, one character longer, and the caller should respace
/// (see [`insert`]).
pub(crate) fn after(lo: Option<&str>) -> Option<String> {
    let Some(lo) = lo else { return Some(FIRST.to_string()) };
    if !is_valid(lo) {
        return None;
    }
    let d = digits(lo);
    (STEP_LEN..=MAX_LEN)
        .find_map(|len| {
            let point = first_above(Some(&d), len);
            (point < grid(len)).then(|| key_at(point, len))
        })
        .or_else(|| between(Some(lo), None))
}

/// A key strictly before `hi`, for inserting at the top (`None`: an empty list, giving `i`).
/// Returns `None` if `hi` is not a valid key.
///
/// The mirror image of [`after`]: the previous point of the same coarse grid (`i` → `hzz` →
/// `hzy` → …), falling back to finer grids near the bottom. The bottom is not symmetric to the
/// top: no key is all zeros, so the smallest key of a grid is `0…01`, and below `00000001`
/// there is no key of at most [`MAX_LEN`] characters; then this falls back to
/// `between(None, hi)`, which is longer.
pub(crate) fn before(hi: Option<&str>) -> Option<String> {
    let Some(hi) = hi else { return Some(FIRST.to_string()) };
    if !is_valid(hi) {
        return None;
    }
    let d = digits(hi);
    (STEP_LEN..=MAX_LEN)
        .find_map(|len| {
            let point = last_below(Some(&d), len);
            (point >= 1).then(|| key_at(point, len))
        })
        .or_else(|| between(None, Some(hi)))
}

/// `count` keys in increasing order, strictly between `lo` and `hi` (`None`: the start or end
/// of the order), evenly spread, all of the shortest length at which `count` keys fit. Returns
/// `None` if a bound is not a valid key, the bounds are not increasing, or `count` keys do not
/// fit within [`MAX_LEN`] characters.
///
/// Used to give a run of neighbours fresh keys when the room between them has run out: spreading
/// them evenly gives every later insertion the same room, and the shortest length keeps the keys
/// as short as the room allows.
pub(crate) fn respace(lo: Option<&str>, hi: Option<&str>, count: usize) -> Option<Vec<String>> {
    let (lo, hi) = (parse(lo).ok()?, parse(hi).ok()?);
    if let (Some(l), Some(h)) = (&lo, &hi)
        && h <= l
    {
        return None;
    }
    spread(lo.as_deref(), hi.as_deref(), count)
}

/// The shortest grid on which `count` points fit strictly between `lo` and `hi`, as (length,
/// first free point, number of free points). Cheap (no keys are built), so [`reorder`] can probe
/// many candidate runs with it.
fn room(lo: Option<&[u8]>, hi: Option<&[u8]>, count: usize) -> Option<(usize, u64, u64)> {
    let count = u64::try_from(count).ok()?;
    (1..=MAX_LEN).find_map(|len| {
        let first = first_above(lo, len);
        let free = (last_below(hi, len) + 1).checked_sub(first).filter(|&free| free >= count)?;
        Some((len, first, free))
    })
}

/// [`respace`] on bounds already parsed and known to be increasing.
fn spread(lo: Option<&[u8]>, hi: Option<&[u8]>, count: usize) -> Option<Vec<String>> {
    let (len, first, free) = room(lo, hi, count)?;
    let count = count as u64;
    // Key `i` takes the (i / (count + 1))-th share of the free points, so the gaps before the
    // first key, between keys, and after the last key differ by at most one point.
    let keys = (1..=count).map(|i| {
        let offset = u128::from(i) * u128::from(free + 1) / u128::from(count + 1) - 1;
        key_at(first + offset as u64, len)
    });
    Some(keys.collect())
}

/// The outcome of planning an insertion with [`insert`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The new item's key.
    pub key: String,
    /// New keys for existing items, as (index into the planned `keys`, key), in increasing
    /// index order; keys that stay the same are left out. Empty unless the room at the insertion
    /// point had run out; otherwise all of them must be written together with the new item (one
    /// transaction), or the order breaks.
    pub respaced: Vec<(usize, String)>,
}

/// Plans inserting one item at index `at` of a list whose keys, in order, are `keys` (sorted,
/// valid and distinct): `0` is the top, `keys.len()` the bottom (a larger `at` counts as the
/// bottom).
///
/// Usually only the new item gets a key: [`after`] at the bottom, [`before`] at the top,
/// [`between`] elsewhere. When that key would be longer than [`MAX_LEN`], a single fresh key of
/// at most `MAX_LEN` characters is used if one fits (`between` halves digit by digit and can
/// overshoot). Only when none fits is a window of neighbours respaced with it ([`respace`]):
///
/// - At the bottom (or top), the window is the last (first) 1, 2, 4, … keys, and they move into
///   the first (last) third of their room, on the coarse grid `after` steps along. Appends go on
///   at the same end, and the two thirds left over hold at least twice as many of them as keys
///   were rewritten, so, as with an array that doubles its capacity, a long run of appends
///   rewrites fewer keys than it adds.
/// - Elsewhere the window grows by 1, 2, 4, … keys on each side until the room between its outer
///   neighbours holds at least n³ points of length `MAX_LEN`, n being the number of keys to place.
///   Accepting the first window that merely fits would squeeze a spot that keeps receiving
///   insertions into ever less room, respacing again every few insertions. Demanding that larger
///   windows be sparser (the density thresholds of a packed-memory array) makes every respaced
///   gap last about log₂ n² more insertions at one spot and keeps large respacings rare: 1,000
///   insertions at one spot rewrite a few thousand keys in total, not hundreds of thousands.
///   Past about 14,000 keys the whole list cannot be that sparse; then the first window whose
///   keys fit with a digit to spare is taken.
///
/// At worst the whole list is spread anew; only beyond 36⁸ items does the long key remain. If
/// the neighbours at `at` are not valid keys or not in order, the window grows past them and
/// they are given fresh keys; other breaches of the preconditions go unnoticed.
pub(crate) fn insert(keys: &[&str], at: usize) -> Plan {
    let at = at.min(keys.len());
    let len = keys.len();
    let lo = at.checked_sub(1).map(|i| keys[i]);
    let hi = keys.get(at).copied();
    let simple = match (lo, hi) {
        (_, None) => after(lo),
        (None, Some(_)) => before(hi),
        (Some(_), Some(_)) => between(lo, hi),
    };
    if let Some(key) = &simple
        && key.len() <= MAX_LEN
    {
        return Plan { key: key.clone(), respaced: Vec::new() };
    }
    // Fresh keys for `keys[start..end]` plus the new one, spread between the window's outer
    // neighbours as if `pad` more keys followed them (at the bottom) or preceded them (at the
    // top), all at most `max_len` characters long.
    let plan = |start: usize, end: usize, pad: usize, max_len: usize| {
        let count = end - start + 1;
        let lo = start.checked_sub(1).map(|i| keys[i]);
        let mut fresh = respace(lo, keys.get(end).copied(), count + pad)?;
        if fresh.iter().any(|k| k.len() > max_len) {
            return None;
        }
        if at == 0 {
            fresh.drain(..pad);
        } else {
            fresh.truncate(count);
        }
        let key = fresh.remove(at - start);
        let respaced = (start..end).zip(fresh).filter(|(i, k)| keys[*i] != k.as_str()).collect();
        Some(Plan { key, respaced })
    };
    if let Some(found) = plan(at, at, 0, MAX_LEN) {
        return found;
    }
    // Windows reaching 1, 2, 4, … keys to the top and to the bottom of `at`, clamped to the list,
    // up to the whole list.
    let windows = |top: bool, bottom: bool| {
        let mut reach = Some(1usize);
        std::iter::from_fn(move || {
            let r = reach?;
            let window = (if top { at.saturating_sub(r) } else { at }, if bottom { (at + r).min(len) } else { at });
            reach = (window != (0, len)).then(|| r.saturating_mul(2));
            Some(window)
        })
    };
    if at == 0 || at == len {
        for (start, end) in windows(at == len, at == 0) {
            if let Some(found) = plan(start, end, 2 * (end - start + 1), STEP_LEN) {
                return found;
            }
        }
    }
    // The number of points of length `MAX_LEN` between the outer neighbours of a window (none if
    // one of them is not a valid key).
    let span = |start: usize, end: usize| {
        let (Ok(lo), Ok(hi)) = (parse(start.checked_sub(1).map(|i| keys[i])), parse(keys.get(end).copied())) else {
            return 0;
        };
        (last_below(hi.as_deref(), MAX_LEN) + 1).saturating_sub(first_above(lo.as_deref(), MAX_LEN))
    };
    let mut loose = None;
    for (start, end) in windows(true, true) {
        let n = (end - start + 1) as u128;
        if u128::from(span(start, end)) >= n * n * n
            && let Some(found) = plan(start, end, 0, MAX_LEN)
        {
            return found;
        }
        if loose.is_none() {
            loose = plan(start, end, 0, MAX_LEN - 1);
        }
    }
    loose
        .or_else(|| plan(0, len, 0, MAX_LEN))
        .or_else(|| simple.map(|key| Plan { key, respaced: Vec::new() }))
        .unwrap_or_else(|| Plan { key: FIRST.to_string(), respaced: Vec::new() })
}

/// New keys that put items into a desired order while rewriting as few of them as possible.
/// `current` lists the items in the desired order with their current keys (`None`, or a key
/// that is not valid, counts as no key). Returns (index into `current`, new key) pairs in
/// increasing index order; afterwards the keys are strictly increasing in that order.
///
/// Every rewritten key is a rewritten file and a possible merge conflict, so a longest strictly
/// increasing subsequence of the valid current keys stays untouched and only the other items get
/// keys, each run of them spread evenly ([`respace`]) in the gap between its kept neighbours.
/// Then the number of changes is the number of items minus the length of that subsequence, the
/// least possible. Only if a gap is too narrow for its run within [`MAX_LEN`] characters are kept
/// keys around it given up, one at a time, and the larger run respaced: on the side where that is
/// enough and costs fewer changes, or on both sides while neither is enough.
pub(crate) fn reorder(current: &[Option<&str>]) -> Vec<(usize, String)> {
    let keys: Vec<Option<Vec<u8>>> = current.iter().map(|k| k.filter(|k| is_valid(k)).map(digits)).collect();
    let mut kept = longest_increasing(&keys);
    let n = keys.len();
    // The bounds of a run `start..end` of items that are not kept: the kept keys around it (valid
    // and increasing, so only the room between them can run out).
    let lo = |start: usize| start.checked_sub(1).and_then(|j| keys[j].as_deref());
    let hi = |end: usize| keys.get(end).and_then(|k| k.as_deref());
    let fits = |(start, end): (usize, usize)| room(lo(start), hi(end), end - start).is_some();
    // A run grown past the kept item before it, together with the run before that one, or past
    // the kept item after it.
    let left = |kept: &[bool], start: usize| {
        let mut s = start.checked_sub(1)?;
        while s > 0 && !kept[s - 1] {
            s -= 1;
        }
        Some(s)
    };
    let right = |kept: &[bool], end: usize| {
        let mut e = end;
        while e < n && (e == end || !kept[e]) {
            e += 1;
        }
        (end < n).then_some(e)
    };
    let mut fresh: Vec<Option<String>> = vec![None; n];
    let mut i = 0;
    while i < n {
        if kept[i] {
            i += 1;
            continue;
        }
        let (mut start, mut end) = (i, i);
        while end < n && !kept[end] {
            end += 1;
        }
        while !fits((start, end)) {
            if start == 0 && end == n {
                // More than 36⁸ items: no spread fits, so chain ever longer keys instead.
                let mut last = None;
                return (0..n)
                    .map(|i| {
                        let key = after(last.as_deref()).unwrap_or_default();
                        last = Some(key.clone());
                        (i, key)
                    })
                    .collect();
            }
            // Give up a kept neighbour and take in the run beyond it (whose keys, if already
            // planned, are planned again as part of the larger run): on the side where the
            // larger run fits and is shorter, or on both sides if it fits on neither.
            let wider = [left(&kept, start).map(|s| (s, end)), right(&kept, end).map(|e| (start, e))];
            let both = (left(&kept, start).unwrap_or(start), right(&kept, end).unwrap_or(end));
            let (s, e) =
                wider.into_iter().flatten().filter(|&run| fits(run)).min_by_key(|(s, e)| e - s).unwrap_or(both);
            kept[s..e].fill(false);
            (start, end) = (s, e);
        }
        let spread = spread(lo(start), hi(end), end - start).unwrap_or_default();
        for (slot, key) in fresh[start..end].iter_mut().zip(spread) {
            *slot = Some(key);
        }
        i = end;
    }
    fresh
        .into_iter()
        .enumerate()
        .filter_map(|(i, key)| key.filter(|k| current[i] != Some(k.as_str())).map(|k| (i, k)))
        .collect()
}

/// Marks one longest strictly increasing subsequence of the present keys (patience sorting,
/// O(n log n)).
fn longest_increasing(keys: &[Option<Vec<u8>>]) -> Vec<bool> {
    // `tails[l]`: index of the smallest key ending an increasing subsequence of length l + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; keys.len()];
    for (i, key) in keys.iter().enumerate() {
        let Some(key) = key else { continue };
        let at = tails.partition_point(|&t| keys[t].as_ref().is_some_and(|k| k < key));
        prev[i] = at.checked_sub(1).map(|l| tails[l]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut kept = vec![false; keys.len()];
    let mut next = tails.last().copied();
    while let Some(i) = next {
        kept[i] = true;
        next = prev[i];
    }
    kept
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

    /// Runs `steps` successive calls of `next` from `start`, checking each key is valid and moves
    /// the right way; returns the longest key produced.
    fn run(start: Option<&str>, steps: usize, next: fn(Option<&str>) -> Option<String>, up: bool) -> usize {
        let mut last = start.map(str::to_string);
        let mut longest = 0;
        for _ in 0..steps {
            let k = next(last.as_deref()).unwrap();
            assert!(is_valid(&k), "{k}");
            if let Some(l) = &last {
                assert!(if up { l < &k } else { &k < l }, "{l} then {k}");
            }
            longest = longest.max(k.len());
            last = Some(k);
        }
        longest
    }

    #[test]
    fn after_steps_along_a_coarse_grid() {
        assert_eq!(after(None).as_deref(), Some("i"));
        assert_eq!(after(Some("i")).as_deref(), Some("i01"));
        assert_eq!(after(Some("i0z")).as_deref(), Some("i1"));
        assert_eq!(after(Some("i1")).as_deref(), Some("i11"));
        // A long key goes back to the grid rather than growing.
        assert_eq!(after(Some("i1234567")).as_deref(), Some("i13"));
        assert_eq!(after(Some("z")).as_deref(), Some("z01"));
        assert_eq!(after(Some("zz")).as_deref(), Some("zz1"));
        // The coarse grid is used up; finer grids take over.
        assert_eq!(after(Some("zzz")).as_deref(), Some("zzz1"));
        assert_eq!(after(Some("zzzzzzz")).as_deref(), Some("zzzzzzz1"));
        // Nothing of at most MAX_LEN characters is left: fall back to `between`.
        assert_eq!(after(Some("zzzzzzzz")).as_deref(), Some("zzzzzzzzi"));
        assert_eq!(after(Some("A")), None);
        assert_eq!(after(Some("a0")), None);
    }

    #[test]
    fn before_mirrors_after() {
        assert_eq!(before(None).as_deref(), Some("i"));
        assert_eq!(before(Some("i")).as_deref(), Some("hzz"));
        assert_eq!(before(Some("i01")).as_deref(), Some("i"));
        assert_eq!(before(Some("i1234567")).as_deref(), Some("i12"));
        assert_eq!(before(Some("1")).as_deref(), Some("0zz"));
        // Below the coarse grid's first key `001` finer grids take over ...
        assert_eq!(before(Some("001")).as_deref(), Some("000z"));
        assert_eq!(before(Some("0000001")).as_deref(), Some("0000000z"));
        // ... down to `00000001`, below which no key of at most MAX_LEN characters exists.
        let k = before(Some("00000001")).unwrap();
        assert!(is_valid(&k) && k.as_str() < "00000001" && k.len() > MAX_LEN, "{k}");
        assert_eq!(before(Some("A")), None);
        assert_eq!(before(Some("a0")), None);
    }

    #[test]
    fn ten_thousand_appends_stay_short() {
        assert_eq!(run(None, 10_000, after, true), 3);
        // Near the end the room runs out: keys stay within MAX_LEN as long as any key of that
        // length is left (`zzzzzzzz` is the last one), then grow by a character every few
        // appends (so 2,000 appends, well past that point, are enough to check).
        for start in ["z", "zz", "zzzzzzz"] {
            let mut last = start.to_string();
            for _ in 0..2_000 {
                let k = after(Some(&last)).unwrap();
                assert!(is_valid(&k) && last < k, "{last} then {k}");
                assert!(k.len() <= MAX_LEN || last.as_str() >= "zzzzzzzz", "{last} then {k}");
                last = k;
            }
        }
        // From `z` the grids hold 36² − 1 keys of at most 3 characters and 35 of each longer length.
        let from_z = std::iter::successors(Some("z".to_string()), |k| after(Some(k)));
        assert_eq!(from_z.skip(1).take_while(|k| k.len() <= MAX_LEN).count(), 1295 + 5 * 35);
    }

    #[test]
    fn ten_thousand_prepends_stay_short() {
        assert_eq!(run(None, 10_000, before, false), 3);
        // As for appends, past `00000001` keys grow; 2,000 prepends are well past it.
        for start in ["1", "01", "0000001"] {
            let mut last = start.to_string();
            for _ in 0..2_000 {
                let k = before(Some(&last)).unwrap();
                assert!(is_valid(&k) && k < last, "{k} then {last}");
                assert!(k.len() <= MAX_LEN || last.as_str() <= "00000001", "{k} then {last}");
                last = k;
            }
        }
    }

    #[test]
    fn respace_spreads_evenly_at_the_shortest_length() {
        let r = |lo, hi, n| respace(lo, hi, n);
        assert_eq!(r(None, None, 1).unwrap(), ["i"]);
        assert_eq!(r(None, None, 2).unwrap(), ["c", "o"]);
        assert_eq!(r(Some("a"), Some("c"), 1).unwrap(), ["b"]);
        assert_eq!(r(Some("a"), Some("b"), 3).unwrap(), ["a9", "ai", "ar"]);
        // 36 keys do not fit on the one-character grid (`1` to `z`), so they take the
        // two-character one (the last, `z0`, is written `z`).
        let keys = r(None, None, 36).unwrap();
        assert_eq!((keys[0].as_str(), keys[1].as_str(), keys[35].as_str()), ("0z", "1y", "z"));
        assert_eq!(r(Some("i0000001"), Some("i0000003"), 1).unwrap(), ["i0000002"]);
        assert_eq!(r(Some("a"), Some("b"), 0).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn respace_refuses_what_does_not_fit() {
        assert_eq!(respace(Some("b"), Some("a"), 1), None);
        assert_eq!(respace(Some("a"), Some("a"), 0), None);
        assert_eq!(respace(Some("A"), None, 1), None);
        assert_eq!(respace(None, Some("a0"), 1), None);
        assert_eq!(respace(Some("i0000001"), Some("i0000002"), 1), None);
        assert_eq!(respace(Some("i0000001"), Some("i0000003"), 2), None);
        assert_eq!(respace(Some("zzzzzzzz"), None, 1), None);
        assert_eq!(respace(None, Some("00000001"), 1), None);
    }

    /// Applies `plan` for an insertion at `at`, checks the touched keys against their neighbours
    /// and returns how many existing keys were rewritten.
    fn apply(keys: &mut Vec<String>, at: usize, plan: Plan) -> usize {
        let rewritten = plan.respaced.len();
        for (i, k) in plan.respaced {
            keys[i] = k;
        }
        keys.insert(at, plan.key);
        rewritten
    }

    fn assert_ordered(keys: &[String]) {
        for k in keys {
            assert!(is_valid(k) && k.len() <= MAX_LEN, "{k}");
        }
        for w in keys.windows(2) {
            assert!(w[0] < w[1], "{} < {}", w[0], w[1]);
        }
    }

    #[test]
    fn insert_usually_writes_only_the_new_key() {
        let plan = |keys: &[&str], at| insert(keys, at);
        assert_eq!(plan(&[], 0), Plan { key: "i".into(), respaced: vec![] });
        assert_eq!(plan(&["a", "c"], 1), Plan { key: "b".into(), respaced: vec![] });
        assert_eq!(plan(&["a", "c"], 2), Plan { key: "c01".into(), respaced: vec![] });
        assert_eq!(plan(&["a", "c"], 9), Plan { key: "c01".into(), respaced: vec![] });
        assert_eq!(plan(&["a", "c"], 0), Plan { key: "9zz".into(), respaced: vec![] });
        // `between` would overshoot to nine characters, but a seven-character key fits.
        assert_eq!(plan(&["i000000z", "i0000011"], 1), Plan { key: "i000001".into(), respaced: vec![] });
    }

    #[test]
    fn insert_respaces_neighbours_when_room_runs_out() {
        let keys = ["a", "i0000001", "i0000002", "z"];
        let plan = insert(&keys, 2);
        assert!(!plan.respaced.is_empty());
        let mut applied: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        apply(&mut applied, 2, plan);
        assert_ordered(&applied);
        // At the very end and the very start as well.
        for (keys, at) in [(["zzzzzzzy", "zzzzzzzz"], 2), (["00000001", "00000002"], 0)] {
            let mut applied: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            assert!(apply(&mut applied, at, insert(&keys, at)) > 0);
            assert_ordered(&applied);
        }
    }

    #[test]
    fn insert_repairs_bad_keys() {
        for (keys, at) in [(vec!["b", "a"], 1), (vec!["a", "X", "c"], 1), (vec!["a0", "b"], 0), (vec!["b", "b"], 1)] {
            let mut applied: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            apply(&mut applied, at, insert(&keys, at));
            assert_ordered(&applied);
        }
    }

    /// Inserts `count` items, each at the index `at` gives for the previous one (`None` at first),
    /// checking the whole order after each; returns (rewritten keys, longest key).
    fn hammer(mut keys: Vec<String>, count: usize, at: impl Fn(Option<usize>) -> usize) -> (usize, usize) {
        // Item ids travel with their keys, to check each lands exactly where intended.
        let mut ids: Vec<usize> = (0..keys.len()).collect();
        let (mut rewritten, mut last) = (0, None);
        for id in keys.len()..keys.len() + count {
            let at = at(last);
            let plan = insert(&keys.iter().map(String::as_str).collect::<Vec<_>>(), at);
            rewritten += apply(&mut keys, at, plan);
            ids.insert(at, id);
            assert_ordered(&keys);
            last = Some(at);
        }
        let mut by_key: Vec<(&String, usize)> = keys.iter().zip(ids.iter().copied()).collect();
        by_key.sort();
        assert!(by_key.iter().map(|(_, id)| *id).eq(ids.iter().copied()));
        (rewritten, keys.iter().map(String::len).max().unwrap_or(0))
    }

    /// Starting lists: one key; 20 appended keys (three characters, far apart); 50 consecutive
    /// eight-character keys (no room between any two).
    fn starts() -> [(&'static str, Vec<String>); 3] {
        let appended = std::iter::successors(after(None), |k| after(Some(k))).take(20).collect();
        let dense = (1..=50).map(|i| key_at(truncate(&digits("i"), MAX_LEN) + i, MAX_LEN)).collect();
        [("one key", vec!["i".to_string()]), ("appended", appended), ("dense", dense)]
    }

    #[test]
    fn thousand_insertions_at_one_spot_stay_short() {
        // Always right after the same anchor, so right before the previous new item.
        for (name, keys) in starts() {
            let mut anchors = vec![0, keys.len() / 2, keys.len() - 1];
            anchors.dedup();
            for anchor in anchors {
                let (rewritten, longest) = hammer(keys.clone(), 1000, |_| anchor + 1);
                eprintln!("1000 insertions after {name}[{anchor}]: {rewritten} keys rewritten, longest {longest}");
                assert!(rewritten < 20_000, "{name}[{anchor}]: {rewritten}");
            }
        }
    }

    #[test]
    fn thousand_insertions_in_sequence_stay_short() {
        // Each right after the previous new item, as when pasting a list below an item.
        for (name, keys) in starts() {
            let first = keys.len() / 2 + 1;
            let (rewritten, longest) = hammer(keys, 1000, |last| last.map_or(first, |l| l + 1));
            eprintln!("1000 insertions in sequence into {name}: {rewritten} keys rewritten, longest {longest}");
            assert!(rewritten < 20_000, "{name}: {rewritten}");
        }
    }

    #[test]
    fn ten_thousand_appends_and_prepends_through_insert() {
        for (start, top) in [(vec![], false), (vec!["zzzzzzz"], false), (vec![], true), (vec!["0000001"], true)] {
            let mut keys: Vec<String> = start.iter().map(|k| k.to_string()).collect();
            let mut rewritten = 0;
            for _ in 0..10_000 {
                let at = if top { 0 } else { keys.len() };
                let plan = insert(&keys.iter().map(String::as_str).collect::<Vec<_>>(), at);
                rewritten += apply(&mut keys, at, plan);
                let near = at.saturating_sub(1)..(at + 2).min(keys.len());
                assert_ordered(&keys[near]);
            }
            assert_ordered(&keys);
            let longest = keys.iter().map(String::len).max().unwrap_or(0);
            eprintln!(
                "10000 inserts at the {} from {start:?}: {rewritten} keys rewritten, longest key {longest}",
                if top { "top" } else { "bottom" }
            );
            assert!(rewritten < 20_000, "{rewritten}");
        }
    }

    fn reordered(current: &[Option<&str>]) -> (usize, Vec<String>) {
        let changes = reorder(current);
        let mut keys: Vec<String> = current.iter().map(|k| k.unwrap_or("").to_string()).collect();
        for (i, k) in &changes {
            keys[*i] = k.clone();
        }
        assert_ordered(&keys);
        (changes.len(), keys)
    }

    #[test]
    fn reorder_leaves_ordered_lists_alone() {
        assert_eq!(reorder(&[]), vec![]);
        assert_eq!(reorder(&[Some("a"), Some("b"), Some("c")]), vec![]);
    }

    #[test]
    fn reorder_rewrites_only_what_moved() {
        let reversed = [Some("e"), Some("d"), Some("c"), Some("b"), Some("a")];
        assert_eq!(reordered(&reversed).0, 4);
        let moved = [Some("e"), Some("a"), Some("b"), Some("c"), Some("d")];
        assert_eq!(reorder(&moved), vec![(0, "5".to_string())]);
        let swapped = [Some("a"), Some("c"), Some("b"), Some("d")];
        assert_eq!(reordered(&swapped).0, 1);
    }

    #[test]
    fn reorder_fills_in_missing_and_bad_keys() {
        let current = [None, Some("b"), Some("bad!"), None, Some("c0"), Some("d")];
        let changes = reorder(&current);
        assert_eq!(changes.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 2, 3, 4]);
        reordered(&current);
    }

    #[test]
    fn reorder_gives_up_kept_keys_when_a_gap_is_full() {
        let (changes, keys) = reordered(&[Some("i0000001"), None, Some("i0000002")]);
        assert_eq!(changes, 2, "{keys:?}");
        let (changes, keys) = reordered(&[None, Some("00000001"), Some("i"), Some("zzzzzzzz"), None]);
        assert_eq!(changes, 4, "{keys:?}");
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

        /// `after` and `before` move past any key of at most seven characters without growing past
        /// MAX_LEN (only `zzzzzzzz` and `00000001` leave no room beyond them).
        #[test]
        fn after_and_before_move_the_right_way(k in key()) {
            let a = after(Some(&k)).unwrap();
            prop_assert!(is_valid(&a) && k < a && a.len() <= MAX_LEN, "{k:?} then {a:?}");
            let b = before(Some(&k)).unwrap();
            prop_assert!(is_valid(&b) && b < k && b.len() <= MAX_LEN, "{b:?} then {k:?}");
        }

        /// `respace` gives `count` ordered keys strictly inside the bounds, fewer keys fit
        /// wherever more do, and one key is never longer than what `between` finds.
        #[test]
        fn respace_stays_inside_the_bounds((lo, hi) in ordered_pair(), count in 0usize..40) {
            if let Some(keys) = respace(Some(&lo), Some(&hi), count) {
                prop_assert_eq!(keys.len(), count);
                prop_assert!(keys.iter().all(|k| is_valid(k) && k.len() <= MAX_LEN), "{keys:?}");
                prop_assert!(keys.first().is_none_or(|k| lo < *k), "{lo:?} < {keys:?}");
                prop_assert!(keys.last().is_none_or(|k| *k < hi), "{keys:?} < {hi:?}");
                prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
                prop_assert!(count == 0 || respace(Some(&lo), Some(&hi), count - 1).is_some());
            }
            let mid = between(Some(&lo), Some(&hi)).unwrap();
            if mid.len() <= MAX_LEN {
                let one = respace(Some(&lo), Some(&hi), 1);
                prop_assert!(one.as_ref().is_some_and(|k| k[0].len() <= mid.len()), "{one:?} vs {mid:?}");
            }
        }

        /// Inserting anywhere into any ordered list keeps it ordered, valid and within MAX_LEN.
        #[test]
        fn insert_keeps_any_list_ordered(keys in ordered_list(), at in 0usize..45) {
            let mut keys = keys;
            let at = at.min(keys.len());
            let plan = insert(&keys.iter().map(String::as_str).collect::<Vec<_>>(), at);
            prop_assert!(plan.respaced.windows(2).all(|w| w[0].0 < w[1].0), "{plan:?}");
            for (i, k) in plan.respaced {
                keys[i] = k;
            }
            keys.insert(at, plan.key);
            prop_assert!(keys.iter().all(|k| is_valid(k) && k.len() <= MAX_LEN), "{keys:?}");
            prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        }

        /// Any reordering (fully shuffled, or a few items moved) of keys with room between them,
        /// some missing, is reached by rewriting exactly the items outside a longest increasing
        /// subsequence.
        #[test]
        fn reorder_rewrites_the_fewest_keys((order, missing) in permutation()) {
            let keys: Vec<String> =
                std::iter::successors(after(None), |k| after(Some(k))).take(order.len()).collect();
            let current = placed(&keys, &order, &missing);
            let changes = check_reorder(&current)?;
            prop_assert_eq!(changes, order.len() - lis(&current));
        }

        /// With consecutive eight-character keys there is no room between neighbours, so kept keys
        /// must be given up: the result is still ordered and short, at some extra cost.
        #[test]
        fn reorder_handles_full_gaps((order, missing) in permutation()) {
            let base = truncate(&digits("i"), MAX_LEN);
            let keys: Vec<String> = (1..=order.len() as u64).map(|i| key_at(base + i, MAX_LEN)).collect();
            let current = placed(&keys, &order, &missing);
            let changes = check_reorder(&current)?;
            prop_assert!(changes >= order.len() - lis(&current));
        }
    }

    /// Up to 40 distinct keys in order: any, or consecutive eight-character ones (no room between
    /// them) at the start, the end or anywhere.
    fn ordered_list() -> impl Strategy<Value = Vec<String>> {
        let any = proptest::collection::btree_set(key(), 0..40).prop_map(|keys| keys.into_iter().collect());
        let top = grid(MAX_LEN) - 41;
        let dense = (prop_oneof![Just(1), Just(top), 1..top], 1u64..40)
            .prop_map(|(first, n)| (first..first + n).map(|p| key_at(p, MAX_LEN)).collect());
        prop_oneof![any, dense]
    }

    /// A permutation of up to 300 items, fully shuffled or with a few items moved, and which of
    /// them have no key.
    fn permutation() -> impl Strategy<Value = (Vec<usize>, Vec<bool>)> {
        (0usize..300).prop_flat_map(|n| {
            let shuffled = Just((0..n).collect::<Vec<_>>()).prop_shuffle();
            let moved = proptest::collection::vec((0..n.max(1), 0..n.max(1)), 0..5).prop_map(move |moves| {
                let mut order: Vec<usize> = (0..n).collect();
                for (from, to) in moves.into_iter().filter(|_| n > 0) {
                    let item = order.remove(from);
                    order.insert(to, item);
                }
                order
            });
            (prop_oneof![shuffled, moved], proptest::collection::vec(proptest::bool::weighted(0.1), n))
        })
    }

    /// The keys of items `order` in that order, with the `missing` ones dropped.
    fn placed(keys: &[String], order: &[usize], missing: &[bool]) -> Vec<Option<String>> {
        order.iter().zip(missing).map(|(&i, &gone)| (!gone).then(|| keys[i].clone())).collect()
    }

    /// Applies `reorder` to `current`, checks the outcome and returns the number of changes.
    fn check_reorder(current: &[Option<String>]) -> Result<usize, TestCaseError> {
        let changes = reorder(&current.iter().map(Option::as_deref).collect::<Vec<_>>());
        prop_assert!(changes.windows(2).all(|w| w[0].0 < w[1].0), "{changes:?}");
        let mut keys = current.to_vec();
        for (i, k) in &changes {
            prop_assert!(keys[*i].as_ref() != Some(k), "{i} keeps {k:?}");
            keys[*i] = Some(k.clone());
        }
        let keys: Vec<String> = keys.into_iter().map(Option::unwrap_or_default).collect();
        prop_assert!(keys.iter().all(|k| is_valid(k) && k.len() <= MAX_LEN), "{keys:?}");
        prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        Ok(changes.len())
    }

    /// Length of a longest strictly increasing subsequence of the valid keys, by the quadratic
    /// method, to check the one `reorder` keeps independently.
    fn lis(keys: &[Option<String>]) -> usize {
        let valid: Vec<Option<&String>> = keys.iter().map(|k| k.as_ref().filter(|k| is_valid(k))).collect();
        let mut best = vec![0; keys.len()];
        for i in 0..valid.len() {
            let Some(k) = valid[i] else { continue };
            best[i] = 1 + (0..i).filter(|&j| valid[j].is_some_and(|kj| kj < k)).map(|j| best[j]).max().unwrap_or(0);
        }
        best.into_iter().max().unwrap_or(0)
    }
}
