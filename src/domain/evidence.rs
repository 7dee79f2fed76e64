//! What a case's evidence of nationality amounts to, by the agreements' annexes:
//! annex 1 proves nationality, annex 2 is prima facie evidence (and stays valid when expired),
//! annex 3 only suggests the person may be a third-country national.

use super::application::{Annex, Evidence};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStrength {
    /// At least one valid annex-1 document.
    Proof,
    /// Annex-2 evidence, or an annex-1 document that has expired.
    PrimaFacie,
    /// Only annex-3 evidence: the person may be a third-country national.
    ThirdCountryOnly,
    /// Nothing attached.
    None,
}

impl EvidenceStrength {
    /// One sentence for the officer.
    pub fn explain(self) -> &'static str {
        match self {
            EvidenceStrength::Proof => {
                "A valid annex-1 document (passport, ID card, citizenship certificate or seaman's book) proves nationality."
            }
            EvidenceStrength::PrimaFacie => {
                "The evidence is prima facie only (annex 2 or an expired annex-1 document): nationality still has to be established."
            }
            EvidenceStrength::ThirdCountryOnly => {
                "The evidence (visas, permits, stamps, tickets) only suggests the person may be a third-country national."
            }
            EvidenceStrength::None => "No evidence of nationality is attached.",
        }
    }
}

/// The counts behind the strength, for the case screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceSummary {
    pub strength: EvidenceStrength,
    pub proof: usize,
    /// Annex-1 documents whose validity ended before `today`; they count as prima facie.
    pub expired_proof: usize,
    pub prima_facie: usize,
    pub third_country: usize,
}

/// What `evidence` amounts to on `today` (the station's date).
///
/// An expired annex-1 document no longer proves nationality but still counts as prima facie evidence;
/// annex-2 evidence counts whatever its expiry date.
pub fn assess(evidence: &[Evidence], today: NaiveDate) -> EvidenceSummary {
    let expired = |e: &Evidence| e.expires_on.is_some_and(|until| until < today);
    let of = |annex| evidence.iter().filter(move |e| e.annex == annex);
    let expired_proof = of(Annex::Proof).filter(|e| expired(e)).count();
    let proof = of(Annex::Proof).count() - expired_proof;
    let prima_facie = of(Annex::PrimaFacie).count();
    let third_country = of(Annex::ThirdCountry).count();
    let strength = if proof > 0 {
        EvidenceStrength::Proof
    } else if prima_facie + expired_proof > 0 {
        EvidenceStrength::PrimaFacie
    } else if third_country > 0 {
        EvidenceStrength::ThirdCountryOnly
    } else {
        EvidenceStrength::None
    };
    EvidenceSummary {
        strength,
        proof,
        expired_proof,
        prima_facie,
        third_country,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::application::EvidenceKind;

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse_date(s).unwrap()
    }
    fn item(kind: EvidenceKind, annex: Annex, expires: Option<&str>) -> Evidence {
        Evidence {
            kind,
            annex,
            number: None,
            issuer: None,
            issued_on: None,
            expires_on: expires.map(d),
            attachment: None,
        }
    }

    #[test]
    fn the_annexes_rank_the_evidence() {
        use EvidenceKind::*;
        let today = d("2026-11-20");
        let passport = item(Passport, Annex::Proof, Some("2030-01-01"));
        let old_passport = item(Passport, Annex::Proof, Some("2022-05-01"));
        let licence = item(DrivingLicence, Annex::PrimaFacie, Some("2019-01-01"));
        let visa = item(Visa, Annex::ThirdCountry, None);
        let cases: Vec<(Vec<Evidence>, EvidenceStrength)> = vec![
            (vec![], EvidenceStrength::None),
            (vec![visa.clone()], EvidenceStrength::ThirdCountryOnly),
            // an expired driving licence is still prima facie
            (
                vec![licence.clone(), visa.clone()],
                EvidenceStrength::PrimaFacie,
            ),
            // an expired passport no longer proves, but is prima facie
            (
                vec![old_passport.clone(), visa.clone()],
                EvidenceStrength::PrimaFacie,
            ),
            (
                vec![visa, licence, passport.clone()],
                EvidenceStrength::Proof,
            ),
            (vec![old_passport, passport], EvidenceStrength::Proof),
        ];
        for (evidence, want) in cases {
            assert_eq!(assess(&evidence, today).strength, want, "{evidence:?}");
        }
    }

    #[test]
    fn the_summary_counts_each_annex() {
        use EvidenceKind::*;
        let s = assess(
            &[
                item(Passport, Annex::Proof, Some("2022-05-01")),
                item(NationalId, Annex::Proof, None),
                item(BirthCertificate, Annex::PrimaFacie, None),
                item(EntryExitStamp, Annex::ThirdCountry, None),
            ],
            d("2026-11-20"),
        );
        assert_eq!(
            (s.proof, s.expired_proof, s.prima_facie, s.third_country),
            (1, 1, 1, 1)
        );
        assert!(s.strength.explain().contains("proves"));
    }
}
