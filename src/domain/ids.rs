//! Identifiers that cross the station's boundary: station ids and user names.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A station id per BUNDLE-FORMAT.md: `[A-Z0-9][A-Z0-9-]{1,31}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StationId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("a station id is 2 to 32 capital letters, digits or hyphens, starting with a letter or digit (for example IQ-MOMD-BGD)")]
    Station,
    #[error("a user name is 2 to 32 lowercase letters, digits, dots, hyphens or underscores, starting with a letter")]
    User,
}

impl StationId {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let b = s.as_bytes();
        let ok = (2..=32).contains(&b.len())
            && (b[0].is_ascii_uppercase() || b[0].is_ascii_digit())
            && b.iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'-');
        if ok {
            Ok(StationId(s.to_string()))
        } else {
            Err(IdError::Station)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The state the station belongs to: its id up to the first hyphen (`DE` for `DE-BAMF`).
    pub fn country(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl TryFrom<String> for StationId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        StationId::parse(&s)
    }
}
impl From<StationId> for String {
    fn from(s: StationId) -> String {
        s.0
    }
}
impl fmt::Display for StationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A user account name: `[a-z][a-z0-9._-]{1,31}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserName(String);

impl UserName {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let b = s.as_bytes();
        let ok = (2..=32).contains(&b.len())
            && b[0].is_ascii_lowercase()
            && b.iter().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'_')
            });
        if ok {
            Ok(UserName(s.to_string()))
        } else {
            Err(IdError::User)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UserName {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        UserName::parse(&s)
    }
}
impl From<UserName> for String {
    fn from(s: UserName) -> String {
        s.0
    }
}
impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn station_ids_follow_the_bundle_format() {
        for ok in ["IQ-MOMD-BGD", "DE-BAMF", "IQ-PROVIDER-0042", "AZ"] {
            assert!(StationId::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "I",
            "-IQ",
            "iq-momd",
            "IQ MOMD",
            "IQ_MOMD",
            &"A".repeat(33),
        ] {
            assert!(StationId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn user_names_are_plain_lowercase_logins() {
        assert!(UserName::parse("amal.officer").is_ok());
        assert!(UserName::parse("Amal").is_err());
        assert!(UserName::parse("1amal").is_err());
        assert!(UserName::parse("a/b").is_err());
    }

    proptest! {
        #[test]
        fn parsing_any_string_never_panics(s in ".*") {
            let _ = StationId::parse(&s);
            let _ = UserName::parse(&s);
        }
    }
}
