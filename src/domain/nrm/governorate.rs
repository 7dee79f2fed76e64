//! Where a returnee goes back to: one of Iraq's 19 governorates (including the four of the Kurdistan
//! Region), or, for other countries' stations, a region named in free text.

use super::error::NrmError;
use super::field;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Stored and exchanged as its display name ("Dhi Qar"); parsing accepts the usual spellings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Governorate {
    Anbar,
    Babil,
    Baghdad,
    Basra,
    DhiQar,
    Diyala,
    Duhok,
    Erbil,
    Halabja,
    Karbala,
    Kirkuk,
    Maysan,
    Muthanna,
    Najaf,
    Nineveh,
    Qadisiyyah,
    Saladin,
    Sulaymaniyah,
    Wasit,
    /// A region outside Iraq, for other countries' stations. Only `parse` makes one, so it never holds
    /// the name of an Iraqi governorate.
    Other(String),
}

use Governorate::*;

impl Governorate {
    pub const IRAQ: [Governorate; 19] = [
        Anbar,
        Babil,
        Baghdad,
        Basra,
        DhiQar,
        Diyala,
        Duhok,
        Erbil,
        Halabja,
        Karbala,
        Kirkuk,
        Maysan,
        Muthanna,
        Najaf,
        Nineveh,
        Qadisiyyah,
        Saladin,
        Sulaymaniyah,
        Wasit,
    ];

    /// The name shown to users and written to storage.
    pub fn name(&self) -> &str {
        match self {
            Anbar => "Anbar",
            Babil => "Babil",
            Baghdad => "Baghdad",
            Basra => "Basra",
            DhiQar => "Dhi Qar",
            Diyala => "Diyala",
            Duhok => "Duhok",
            Erbil => "Erbil",
            Halabja => "Halabja",
            Karbala => "Karbala",
            Kirkuk => "Kirkuk",
            Maysan => "Maysan",
            Muthanna => "Muthanna",
            Najaf => "Najaf",
            Nineveh => "Nineveh",
            Qadisiyyah => "Qadisiyyah",
            Saladin => "Saladin",
            Sulaymaniyah => "Sulaymaniyah",
            Wasit => "Wasit",
            Other(s) => s,
        }
    }

    /// Erbil, Sulaymaniyah, Duhok and Halabja form the Kurdistan Region (statistics split on it).
    pub fn in_kurdistan_region(&self) -> bool {
        matches!(self, Erbil | Sulaymaniyah | Duhok | Halabja)
    }

    /// An Iraqi governorate by any usual spelling (case, spaces, hyphens and a leading "al" ignored);
    /// anything else becomes `Other`, trimmed, at most 200 characters.
    pub fn parse(s: &str) -> Result<Governorate, NrmError> {
        let text = field::required("governorate of return", s, field::SHORT)?;
        let key: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let key = key
            .strip_prefix("al")
            .filter(|k| !k.is_empty())
            .unwrap_or(&key);
        let known = match key {
            "anbar" => Anbar,
            "babil" | "babylon" => Babil,
            "baghdad" => Baghdad,
            "basra" | "basrah" => Basra,
            "dhiqar" | "thiqar" => DhiQar,
            "diyala" => Diyala,
            "duhok" | "dohuk" | "dahuk" => Duhok,
            "erbil" | "arbil" | "hawler" | "irbil" => Erbil,
            "halabja" => Halabja,
            "karbala" | "kerbala" => Karbala,
            "kirkuk" | "tamim" => Kirkuk,
            "maysan" | "missan" | "misan" => Maysan,
            "muthanna" => Muthanna,
            "najaf" => Najaf,
            "nineveh" | "ninawa" | "ninewa" | "nineva" => Nineveh,
            "qadisiyyah" | "qadisiyah" | "qadisiya" | "diwaniyah" => Qadisiyyah,
            "saladin" | "salahaldin" | "salahuddin" | "salahaddin" => Saladin,
            "sulaymaniyah" | "sulaymaniya" | "sulaimaniyah" | "sulaimani" | "slemani" => {
                Sulaymaniyah
            }
            "wasit" => Wasit,
            _ => Other(text),
        };
        Ok(known)
    }
}

impl fmt::Display for Governorate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for Governorate {
    type Error = NrmError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Governorate::parse(&s)
    }
}

impl From<Governorate> for String {
    fn from(g: Governorate) -> String {
        g.name().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nineteen_governorates_parse_from_their_own_names() {
        for g in Governorate::IRAQ {
            assert_eq!(Governorate::parse(g.name()), Ok(g.clone()));
        }
        let kurdistan: Vec<_> = Governorate::IRAQ
            .iter()
            .filter(|g| g.in_kurdistan_region())
            .collect();
        assert_eq!(kurdistan.len(), 4);
    }

    #[test]
    fn usual_spellings_are_recognised_and_the_rest_is_other() {
        assert_eq!(Governorate::parse("Salah al-Din"), Ok(Saladin));
        assert_eq!(Governorate::parse(" ninawa "), Ok(Nineveh));
        assert_eq!(Governorate::parse("Al-Anbar"), Ok(Anbar));
        assert_eq!(Governorate::parse("Thi Qar"), Ok(DhiQar));
        assert_eq!(Governorate::parse("Hawler"), Ok(Erbil));
        assert_eq!(Governorate::parse("Ganja"), Ok(Other("Ganja".into())));
        assert_eq!(
            Governorate::parse("  ").unwrap_err().to_string(),
            "the governorate of return is required"
        );
    }

    #[test]
    fn governorates_travel_as_their_names() {
        let json = serde_json::to_string(&DhiQar).unwrap();
        assert_eq!(json, "\"Dhi Qar\"");
        assert_eq!(serde_json::from_str::<Governorate>(&json).unwrap(), DhiQar);
        assert!(serde_json::from_str::<Governorate>("\"\"").is_err());
    }

    proptest! {
        #[test]
        fn parsing_round_trips_through_the_stored_name(s in ".{0,60}") {
            if let Ok(g) = Governorate::parse(&s) {
                prop_assert_eq!(Governorate::parse(g.name()), Ok(g));
            }
        }
    }
}
