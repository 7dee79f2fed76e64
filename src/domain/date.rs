//! Dates as the bundle format writes them: full `YYYY-MM-DD`, and partial dates of birth.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A date of birth that may be known only to the year or the month: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PartialDate {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a date of birth is YYYY, YYYY-MM or YYYY-MM-DD, a real date between 1900 and today")]
pub struct BadPartialDate;

impl PartialDate {
    pub fn parse(s: &str) -> Result<Self, BadPartialDate> {
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = s.split('-').collect();
        let year = |p: &str| -> Result<i32, BadPartialDate> {
            let y: i32 = p.parse().map_err(|_| BadPartialDate)?;
            if (1900..=2200).contains(&y) {
                Ok(y)
            } else {
                Err(BadPartialDate)
            }
        };
        match parts.as_slice() {
            [y] if digits(y, 4) => Ok(PartialDate::Year(year(y)?)),
            [y, m] if digits(y, 4) && digits(m, 2) => {
                let m: u32 = m.parse().map_err(|_| BadPartialDate)?;
                if (1..=12).contains(&m) {
                    Ok(PartialDate::Month(year(y)?, m))
                } else {
                    Err(BadPartialDate)
                }
            }
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
                year(y)?;
                parse_date(s)
                    .map(PartialDate::Day)
                    .map_err(|_| BadPartialDate)
            }
            _ => Err(BadPartialDate),
        }
    }

    pub fn year(&self) -> i32 {
        match self {
            PartialDate::Year(y) | PartialDate::Month(y, _) => *y,
            PartialDate::Day(d) => d.year(),
        }
    }

    /// Could both describe the same day? `1991` is compatible with `1991-03-02`.
    pub fn compatible(&self, other: &PartialDate) -> bool {
        let month = |d: &PartialDate| match d {
            PartialDate::Year(_) => None,
            PartialDate::Month(_, m) => Some(*m),
            PartialDate::Day(d) => Some(d.month()),
        };
        let day = |d: &PartialDate| match d {
            PartialDate::Day(d) => Some(d.day()),
            _ => None,
        };
        let agree = |a: Option<u32>, b: Option<u32>| a.is_none() || b.is_none() || a == b;
        self.year() == other.year()
            && agree(month(self), month(other))
            && agree(day(self), day(other))
    }
}

impl TryFrom<String> for PartialDate {
    type Error = BadPartialDate;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PartialDate::parse(&s)
    }
}

impl From<PartialDate> for String {
    fn from(d: PartialDate) -> String {
        d.to_string()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialDate::Year(y) => write!(f, "{y:04}"),
            PartialDate::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            PartialDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a date is written YYYY-MM-DD and must exist")]
pub struct BadDate;

/// Strict `YYYY-MM-DD` (chrono alone accepts `2026-1-5`).
pub fn parse_date(s: &str) -> Result<NaiveDate, BadDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(BadDate);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| BadDate)
}

/// Serde adapter for a strict `YYYY-MM-DD` field: `#[serde(with = "crate::domain::date::strict")]`.
pub mod strict {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_date(&s).map_err(serde::de::Error::custom)
    }

    /// The same for `Option<NaiveDate>`; use with `#[serde(default, with = "…::strict::option")]`.
    pub mod option {
        use chrono::NaiveDate;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
                None => s.serialize_none(),
            }
        }
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => super::super::parse_date(&s)
                    .map(Some)
                    .map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn partial_dates_round_trip() {
        for s in ["1991", "1991-03", "1991-03-02"] {
            assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
        }
        for bad in [
            "91",
            "1991-3",
            "1991-13",
            "1991-02-30",
            "1991-03-02T00",
            "",
            "abcd",
            "1850",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn compatibility_respects_what_is_known() {
        let p = |s| PartialDate::parse(s).unwrap();
        assert!(p("1991").compatible(&p("1991-03-02")));
        assert!(p("1991-03").compatible(&p("1991-03-02")));
        assert!(!p("1991-04").compatible(&p("1991-03-02")));
        assert!(!p("1990").compatible(&p("1991")));
    }

    #[test]
    fn strict_dates_refuse_loose_forms() {
        assert!(parse_date("2026-11-18").is_ok());
        assert!(parse_date("2026-1-18").is_err());
        assert!(parse_date("2026-11-31").is_err());
        assert!(parse_date("２０２６-11-18").is_err());
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC{0,16}") {
            let _ = PartialDate::parse(&s);
            let _ = parse_date(&s);
        }
    }
}
