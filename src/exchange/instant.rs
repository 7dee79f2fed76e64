//! Instants on the wire: RFC 3339 in UTC, written with `Z` (`2026-11-20T09:30:00Z`).

use chrono::{DateTime, SecondsFormat, Utc};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an instant is written in RFC 3339 in UTC, ending in Z")]
pub struct BadInstant;

/// Strict: an offset other than `Z` is refused, so every station writes and compares the same text.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, BadInstant> {
    if !s.ends_with('Z') || s.len() < 20 || s.as_bytes().get(10) != Some(&b'T') {
        return Err(BadInstant);
    }
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| BadInstant)
}

pub fn format_instant(d: &DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Serde adapter: `#[serde(with = "crate::exchange::instant::utc")]`.
pub mod utc {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_instant(d))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_instant(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn utc_instants_round_trip_and_others_are_refused() {
        for ok in ["2026-11-20T09:30:00Z", "2026-11-20T09:30:00.250Z"] {
            assert_eq!(format_instant(&parse_instant(ok).unwrap()), ok);
        }
        for bad in [
            "2026-11-20T09:30:00+03:00",
            "2026-11-20 09:30:00Z",
            "2026-11-20",
            "2026-11-31T09:30:00Z",
            "",
        ] {
            assert!(parse_instant(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC{0,32}") {
            let _ = parse_instant(&s);
        }
    }
}
