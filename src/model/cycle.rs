//! Planning periods: quarters (`2027-Q1`) and years (`2027`), as OKR cycles
//! and roadmap quarters are written.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::date::Date;

/// A calendar quarter or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cycle {
    Quarter { year: i16, quarter: u8 },
    Year(i16),
}

impl Cycle {
    /// The first day of the period.
    pub fn start(self) -> Date {
        match self {
            Cycle::Quarter { year, quarter } => Date::new(year, (quarter as i8 - 1) * 3 + 1, 1),
            Cycle::Year(year) => Date::new(year, 1, 1),
        }
        .expect("valid cycle")
    }

    /// The last day of the period.
    pub fn end(self) -> Date {
        match self {
            Cycle::Quarter { year, quarter } => {
                let month = quarter as i8 * 3;
                let day = match month {
                    3 | 12 => 31,
                    _ => 30,
                };
                Date::new(year, month, day)
            }
            Cycle::Year(year) => Date::new(year, 12, 31),
        }
        .expect("valid cycle")
    }

    /// The quarter a date falls in.
    pub fn quarter_of(date: Date) -> Cycle {
        Cycle::Quarter { year: date.year(), quarter: ((date.month() - 1) / 3 + 1) as u8 }
    }

    /// The quarter after this one.
    pub fn next_quarter(self) -> Cycle {
        match self {
            Cycle::Quarter { year, quarter: 4 } => Cycle::Quarter { year: year + 1, quarter: 1 },
            Cycle::Quarter { year, quarter } => Cycle::Quarter { year, quarter: quarter + 1 },
            Cycle::Year(year) => Cycle::Year(year + 1),
        }
    }
}

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cycle::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Cycle::Year(year) => write!(f, "{year:04}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a cycle: use YYYY-Qn (2027-Q1) or YYYY")]
pub struct CycleError(String);

impl FromStr for Cycle {
    type Err = CycleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CycleError(s.to_string());
        let year = |y: &str| -> Result<i16, CycleError> {
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                y.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        match s.split_once("-Q") {
            Some((y, q)) => {
                let quarter: u8 = match q {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    "4" => 4,
                    _ => return Err(bad()),
                };
                Ok(Cycle::Quarter { year: year(y)?, quarter })
            }
            None => Ok(Cycle::Year(year(s)?)),
        }
    }
}

impl Serialize for Cycle {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cycle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            S(String),
            N(i64),
        }
        let text = match Raw::deserialize(d)? {
            Raw::S(s) => s,
            Raw::N(n) => n.to_string(),
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Cycle {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Cycle".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "integer"],
            "pattern": "^[0-9]{4}(-Q[1-4])?$",
            "description": "A quarter (2027-Q1) or a year (2027)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_and_years() {
        let q: Cycle = "2027-Q1".parse().unwrap();
        assert_eq!((q.start().to_string(), q.end().to_string()), ("2027-01-01".into(), "2027-03-31".into()));
        let q: Cycle = "2026-Q2".parse().unwrap();
        assert_eq!(q.end().to_string(), "2026-06-30");
        assert_eq!("2026-Q4".parse::<Cycle>().unwrap().next_quarter().to_string(), "2027-Q1");
        let y: Cycle = "2027".parse().unwrap();
        assert_eq!((y.start().to_string(), y.end().to_string()), ("2027-01-01".into(), "2027-12-31".into()));
        assert!("2027-Q5".parse::<Cycle>().is_err());
        assert!("27-Q1".parse::<Cycle>().is_err());
        assert_eq!(Cycle::quarter_of("2026-11-28".parse().unwrap()).to_string(), "2026-Q4");
    }
}
