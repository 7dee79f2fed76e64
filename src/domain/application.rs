//! A readmission application as the requesting state sends it (BUNDLE-FORMAT.md,
//! `readmission_application`). The serde shape *is* the wire contract: unknown fields are refused.

use super::date::PartialDate;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// The requesting state's case reference (e.g. `DE-2026-004211`).
    pub id: String,
    /// The agreement code (e.g. `EU-IQ`); its rules set the deadlines.
    pub agreement: String,
    /// ISO 3166-1 alpha-2.
    pub requesting_state: String,
    #[serde(default)]
    pub requesting_authority: Option<String>,
    #[serde(with = "super::date::strict")]
    pub submitted_on: NaiveDate,
    pub procedure: Procedure,
    pub person: Person,
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub health: Option<String>,
    #[serde(default)]
    pub escort_required: bool,
    #[serde(default)]
    pub interview_requested: bool,
    #[serde(default)]
    pub special_circumstances: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Procedure {
    Normal,
    /// At the border: shorter limits in most agreements.
    Accelerated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    M,
    F,
    X,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub surname: String,
    pub given_names: String,
    #[serde(default)]
    pub father_name: Option<String>,
    #[serde(default)]
    pub grandfather_name: Option<String>,
    #[serde(default)]
    pub mother_name: Option<String>,
    #[serde(default)]
    pub maiden_name: Option<String>,
    /// Names as written in the person's own script (often Arabic).
    #[serde(default)]
    pub native_script: Option<NativeScript>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub sex: Sex,
    pub date_of_birth: PartialDate,
    #[serde(default)]
    pub place_of_birth: Option<String>,
    #[serde(default)]
    pub physical_description: Option<String>,
    /// ISO 3166-1 alpha-2, current nationality as claimed.
    #[serde(default)]
    pub nationality: Option<String>,
    #[serde(default)]
    pub former_nationalities: Vec<String>,
    /// ISO 639 codes.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub civil_status: Option<String>,
    #[serde(default)]
    pub spouse: Option<String>,
    #[serde(default)]
    pub children: Vec<String>,
    #[serde(default)]
    pub last_address_in_requested_state: Option<String>,
    #[serde(default)]
    pub fingerprints_reference: Option<String>,
    /// SHA-256 of the photo among the bundle's attachments.
    #[serde(default)]
    pub photo: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NativeScript {
    #[serde(default)]
    pub surname: Option<String>,
    #[serde(default)]
    pub given_names: Option<String>,
    #[serde(default)]
    pub father_name: Option<String>,
    #[serde(default)]
    pub mother_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub annex: Annex,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default, with = "super::date::strict::option")]
    pub issued_on: Option<NaiveDate>,
    #[serde(default, with = "super::date::strict::option")]
    pub expires_on: Option<NaiveDate>,
    /// SHA-256 (hex) of an attached scan, or null.
    #[serde(default)]
    pub attachment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Passport,
    NationalId,
    CitizenshipCertificate,
    SeamansBook,
    Photocopy,
    BirthCertificate,
    DrivingLicence,
    MilitaryCard,
    ServiceCard,
    CompanyId,
    WitnessStatement,
    OwnStatement,
    LanguageTest,
    Fingerprints,
    Visa,
    ResidencePermit,
    EntryExitStamp,
    Other,
}

/// The agreements' annexes: 1 proves nationality, 2 is prima facie, 3 concerns third-country nationals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Annex {
    Proof = 1,
    PrimaFacie = 2,
    ThirdCountry = 3,
}

impl TryFrom<u8> for Annex {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        match n {
            1 => Ok(Annex::Proof),
            2 => Ok(Annex::PrimaFacie),
            3 => Ok(Annex::ThirdCountry),
            _ => Err(format!("annex must be 1, 2 or 3, not {n}")),
        }
    }
}
impl From<Annex> for u8 {
    fn from(a: Annex) -> u8 {
        a as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{
      "id": "DE-2026-004211", "agreement": "EU-IQ", "requesting_state": "DE",
      "requesting_authority": "BAMF Referat 41", "submitted_on": "2026-11-18", "procedure": "normal",
      "person": {"surname": "Al-Jubouri", "given_names": "Ahmed", "father_name": "Khalid",
        "grandfather_name": "Hassan", "mother_name": "Fatima",
        "native_script": {"surname": "الجبوري", "given_names": "أحمد"},
        "aliases": ["Ahmad Aljaburi"], "sex": "M", "date_of_birth": "1991-03",
        "place_of_birth": "Mosul", "nationality": "IQ", "languages": ["ar"],
        "civil_status": "single", "last_address_in_requested_state": "Mosul, Al-Zuhur district"},
      "evidence": [{"kind": "passport", "annex": 1, "number": "A12345678", "issuer": "IQ",
        "issued_on": "2014-05-02", "expires_on": "2022-05-01", "attachment": null}],
      "health": null, "escort_required": false, "interview_requested": true,
      "special_circumstances": null}"#;

    #[test]
    fn the_format_example_parses() {
        let a: Application = serde_json::from_str(EXAMPLE).unwrap();
        assert_eq!(a.person.date_of_birth, PartialDate::Month(1991, 3));
        assert_eq!(a.evidence[0].annex, Annex::Proof);
        let again: Application = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(a, again);
    }

    #[test]
    fn unknown_fields_bad_dates_and_annexes_are_refused() {
        let extra = EXAMPLE.replace("\"health\": null", "\"health\": null, \"colour\": 1");
        assert!(serde_json::from_str::<Application>(&extra).is_err());
        let date = EXAMPLE.replace("2026-11-18", "2026-11-31");
        assert!(serde_json::from_str::<Application>(&date).is_err());
        let annex = EXAMPLE.replace("\"annex\": 1", "\"annex\": 4");
        assert!(serde_json::from_str::<Application>(&annex).is_err());
        let sex = EXAMPLE.replace("\"sex\": \"M\"", "\"sex\": \"male\"");
        assert!(serde_json::from_str::<Application>(&sex).is_err());
    }
}
