//! Where a returnee goes back to: one of Iraq's 19 governorates (including the four of the Kurdistan
//! Region), or, for other countries' stations, one of their first-level regions from a fixed list
//! (`REGIONS`). Free text is refused, so a typo never becomes a new governorate in the statistics.

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
    /// A region outside Iraq, for other countries' stations. Only `parse` makes one, so it always holds
    /// a name of `REGIONS` as written there.
    Other(String),
}

use Governorate::*;

/// The first-level regions of the other countries whose stations run ercms, by the country code that
/// starts their station ids. Côte d'Ivoire: its 12 districts and 2 autonomous districts. Azerbaijan:
/// its 14 economic regions (2021), the unit its reintegration statistics use.
pub const REGIONS: [(&str, &[&str]); 2] = [
    (
        "CI",
        &[
            "Abidjan",
            "Yamoussoukro",
            "Bas-Sassandra",
            "Comoé",
            "Denguélé",
            "Gôh-Djiboua",
            "Lacs",
            "Lagunes",
            "Montagnes",
            "Sassandra-Marahoué",
            "Savanes",
            "Vallée du Bandama",
            "Woroba",
            "Zanzan",
        ],
    ),
    (
        "AZ",
        &[
            "Baku",
            "Absheron-Khizi",
            "Mountainous Shirvan",
            "Ganja-Dashkasan",
            "Karabakh",
            "Gazakh-Tovuz",
            "Guba-Khachmaz",
            "Lankaran-Astara",
            "Central Aran",
            "Mil-Mughan",
            "Shaki-Zagatala",
            "East Zangezur",
            "Nakhchivan",
            "Shirvan-Salyan",
        ],
    ),
];

/// Letters and digits only, lower case: how spellings are compared.
fn key_of(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

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

    /// The country whose region this is ("IQ" for the governorates), as station ids begin.
    pub fn country(&self) -> &'static str {
        match self {
            Other(name) => REGIONS
                .iter()
                .find(|(_, names)| names.contains(&name.as_str()))
                .map_or("", |(c, _)| c),
            _ => "IQ",
        }
    }

    /// The regions a station of `country` records returnees in (none for a country not on the list).
    pub fn of_country(country: &str) -> Vec<Governorate> {
        if country.eq_ignore_ascii_case("IQ") {
            return Governorate::IRAQ.to_vec();
        }
        REGIONS
            .iter()
            .filter(|(c, _)| c.eq_ignore_ascii_case(country))
            .flat_map(|(_, names)| names.iter().map(|n| Other((*n).to_string())))
            .collect()
    }

    /// A governorate or region of `country` by any usual spelling; any other text is refused.
    pub fn parse_for(country: &str, s: &str) -> Result<Governorate, NrmError> {
        let g = Governorate::parse(s)?;
        if g.country().eq_ignore_ascii_case(country) {
            Ok(g)
        } else {
            Err(NrmError::NotThisCountrysRegion {
                text: g.name().chars().take(40).collect(),
                known: Governorate::of_country(country)
                    .iter()
                    .map(|g| g.name().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    }

    /// An Iraqi governorate by any usual spelling (case, spaces, hyphens and a leading "al" ignored),
    /// or a region of `REGIONS` (case, spaces, hyphens and accents' letters compared as written);
    /// anything else is refused.
    pub fn parse(s: &str) -> Result<Governorate, NrmError> {
        let text = field::required("governorate of return", s, field::SHORT)?;
        let key = key_of(&text);
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
            _ => {
                let region = REGIONS
                    .iter()
                    .flat_map(|(_, names)| names.iter())
                    .find(|n| key_of(n) == key || key_of(n) == key_of(&text));
                match region {
                    Some(name) => Other((*name).to_string()),
                    None => {
                        return Err(NrmError::UnknownRegion {
                            text: text.chars().take(40).collect(),
                        })
                    }
                }
            }
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
        assert_eq!(
            Governorate::parse("ganja dashkasan"),
            Ok(Other("Ganja-Dashkasan".into()))
        );
        assert_eq!(
            Governorate::parse("Bagdad").unwrap_err().to_string(),
            "\"Bagdad\" is not a governorate or region ercms knows"
        );
        assert_eq!(
            Governorate::parse("  ").unwrap_err().to_string(),
            "the governorate of return is required"
        );
    }

    #[test]
    fn a_station_takes_only_its_own_countrys_regions() {
        assert_eq!(Governorate::of_country("IQ").len(), 19);
        assert_eq!(Governorate::of_country("CI").len(), 14);
        assert_eq!(Governorate::of_country("AZ").len(), 14);
        assert_eq!(
            Governorate::parse_for("CI", "lagunes"),
            Ok(Other("Lagunes".into()))
        );
        assert_eq!(Governorate::parse_for("IQ", "Basrah"), Ok(Basra));
        let err = Governorate::parse_for("IQ", "Lagunes")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("\"Lagunes\" is not a governorate or region of this station's country; the known ones are Anbar, Babil"), "{err}");
        for (country, names) in REGIONS {
            for n in names {
                let g = Governorate::parse(n).unwrap();
                assert_eq!((g.name(), g.country()), (*n, country));
            }
        }
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
