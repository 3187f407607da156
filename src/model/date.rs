//! Calendar dates as written in product files: ISO `YYYY-MM-DD`, unquoted.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Today's date in the local time zone. `PM_TODAY=YYYY-MM-DD` pins it,
    /// which keeps scripted runs and tests reproducible.
    pub fn today() -> Date {
        if let Some(date) = std::env::var("PM_TODAY").ok().and_then(|s| s.parse().ok()) {
            return date;
        }
        Date(jiff::ZonedDateTime::now().date())
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    pub fn month(self) -> i8 {
        self.0.month()
    }

    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// The date `days` days later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        self.0.checked_add(jiff::Span::new().days(days)).map(Date).unwrap_or(self)
    }

    /// The calendar date of a moment (seconds since the Unix epoch) at a UTC offset in minutes.
    pub fn from_unix(seconds: i64, offset_minutes: i32) -> Option<Date> {
        let ts = jiff::Timestamp::from_second(seconds + i64::from(offset_minutes) * 60).ok()?;
        Some(Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()))
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i16, i8) {
        let w = self.0.iso_week_date();
        (w.year(), w.week())
    }

    /// The Monday of this date's ISO week (the date itself on a Monday).
    pub fn monday(self) -> Date {
        self.add_days(-i64::from(self.0.weekday().to_monday_zero_offset()))
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        let span = self.0.until(other.0).map(|s| s.get_days() as i64);
        span.unwrap_or(0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a date: use YYYY-MM-DD")]
pub struct DateError(String);

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DateError(s.to_string());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i32, DateError> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y as i16, m as i8, d as i8).ok_or_else(bad)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "An ISO date, YYYY-MM-DD"
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_dates_only() {
        assert_eq!("2026-02-28".parse::<Date>().unwrap().to_string(), "2026-02-28");
        assert!("2026-02-30".parse::<Date>().is_err());
        assert!("2026-2-3".parse::<Date>().is_err());
        assert!("26-02-03x".parse::<Date>().is_err());
        assert!("2026-+2-03".parse::<Date>().is_err());
    }

    #[test]
    fn counts_days() {
        let a: Date = "2026-01-30".parse().unwrap();
        let b: Date = "2026-03-01".parse().unwrap();
        assert_eq!(a.days_until(b), 30);
        assert_eq!(b.days_until(a), -30);
    }

    #[test]
    fn finds_the_monday_of_a_week() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(d("2026-11-28").monday(), d("2026-11-23")); // a Saturday
        assert_eq!(d("2026-11-23").monday(), d("2026-11-23")); // a Monday
        assert_eq!(d("2026-11-29").monday(), d("2026-11-23")); // a Sunday
        assert_eq!(d("2027-01-01").monday(), d("2026-12-28")); // across a year
    }
}
