use super::*;

#[test]
fn three_way_merge_of_one_field() {
    use super::Merge::*;
    // (source, here, base) → what happens.
    let cases = [
        ("p1", Some("p1"), Some("p2"), Keep),     // both sides agree
        ("p2", Some("p0"), Some("p2"), Keep),     // changed only here
        ("p1", Some("p2"), Some("p2"), Take),     // changed only in the source
        ("p1", Some("p0"), Some("p2"), Conflict), // changed on both sides
        ("p1", None, Some("p2"), Conflict),       // removed here, changed there
        ("p1", None, Some("p1"), Keep),           // removed here only
        ("p1", None, None, Take),                 // nothing here to lose
        ("p1", Some("p0"), None, Conflict),       // no record: differing values are kept
        ("p1", Some("p1"), None, Keep),
    ];
    for (source, local, base, want) in cases {
        assert_eq!(merge(source, local, base), want, "{source} {local:?} {base:?}");
    }
}

#[test]
fn spreads_rank_keys_and_keeps_them_short() {
    let keys = spread(Some("i"), 1000);
    assert_eq!(keys.len(), 1000);
    assert!(keys.windows(2).all(|w| w[0] < w[1]) && keys[0].as_str() > "i");
    assert!(keys.iter().all(|k| rank::is_valid(k) && k.len() <= 4), "{:?}", keys.iter().map(|k| k.len()).max());
    assert_eq!(spread(None, 3), ["9", "i", "r"]);
}
