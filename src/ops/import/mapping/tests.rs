use super::*;

#[test]
fn maps_statuses_onto_the_workflow() {
    let c = Config::default();
    assert_eq!(status_for(&c, "To Do", None).as_deref(), Some("new"));
    assert_eq!(status_for(&c, "In Progress", None).as_deref(), Some("in_progress"));
    assert_eq!(status_for(&c, "Code Review", None).as_deref(), Some("in_review"));
    assert_eq!(status_for(&c, "Done", Some("Won't Do")).as_deref(), Some("wont_do"));
    assert_eq!(status_for(&c, "Done", Some("Done")).as_deref(), Some("done"));
    assert_eq!(status_for(&c, "Canceled", None).as_deref(), Some("wont_do"));
    assert_eq!(status_for(&c, "Waiting for customer", None), None);
}

#[test]
fn maps_priorities_onto_the_scheme() {
    let p = |raw, numeric| priority_for(PriorityScheme::P, raw, numeric);
    assert_eq!(p("Highest", false), Some(Some("p0".into())));
    assert_eq!(p("Medium", false), Some(Some("p2".into())));
    assert_eq!(p("1", true), Some(Some("p0".into())));
    assert_eq!(p("0", true), Some(None));
    assert_eq!(p("1", false), None);
    assert_eq!(priority_for(PriorityScheme::Moscow, "Low", false), Some(Some("could".into())));
    assert_eq!(priority_for(PriorityScheme::Moscow, "P0", false), Some(Some("must".into())));
}

#[test]
fn rounds_estimates_to_the_scale() {
    let c = Config::default();
    assert_eq!(estimate_for(&c, "5").unwrap(), ("5".into(), None));
    assert_eq!(estimate_for(&c, "4").unwrap().0, "5");
    assert_eq!(estimate_for(&c, "16").unwrap().0, "13");
    assert_eq!(estimate_for(&c, "0.5").unwrap().0, "1");
    assert_eq!(estimate_for(&c, "M").unwrap().0, "3");
    assert!(estimate_for(&c, "-1").is_err());
    let tshirt = Config { estimate_scale: EstimateScale::Tshirt, ..Config::default() };
    assert_eq!(estimate_for(&tshirt, "m").unwrap(), ("M".into(), None));
    assert_eq!(estimate_for(&tshirt, "7").unwrap().0, "XL");
}

#[test]
fn reads_dates_from_exports() {
    let d = |s: &str| date_for(s).map(|d| d.to_string());
    assert_eq!(d("2026-03-12T10:15:00.000Z").as_deref(), Some("2026-03-12"));
    assert_eq!(d("12/Mar/26 10:15 AM").as_deref(), Some("2026-03-12"));
    assert_eq!(d("2026-03-12 10:15").as_deref(), Some("2026-03-12"));
    assert_eq!(d("11/2/2026 10:31:00").as_deref(), Some("2026-11-02"));
    assert_eq!(d("11/02/2026 10:31:22 AM").as_deref(), Some("2026-11-02"));
    assert_eq!(d("13/02/2026"), None);
    assert_eq!(d("yesterday"), None);
}

#[test]
fn descriptions_become_literal_blocks() {
    assert_eq!(text_value("one\ntwo\n"), "|\n  one\n  two");
    assert_eq!(text_value("one line"), "one line");
    assert_eq!(text_value("  indented\nx"), "\"  indented\\nx\"");
}
