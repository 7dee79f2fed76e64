//! Is a new application about a person the station already has a case for?
//!
//! - the same document number (letters and digits only, case folded) is strong on its own;
//! - the same names (surname and given names, in any script or transliteration, or an alias) **and**
//!   a compatible date of birth is a match;
//! - the same names with an incompatible date of birth is **not** a match: common names are common.
//!
//! Agreeing father's names and an exact birth date add to the score of a name match.

use super::application::{Evidence, Person};
use super::date::PartialDate;
use super::names::tokens;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    SameDocumentNumber,
    SameNames,
    CompatibleDateOfBirth,
    SameDateOfBirth,
    SameFatherName,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub case: Uuid,
    /// 0–100; a document match alone scores 70, names with a compatible date of birth 50.
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}

/// The existing cases that may concern the same person as `new`, best first.
pub fn duplicate_candidates<'a>(
    new: &Person,
    new_evidence: &[Evidence],
    existing: impl IntoIterator<Item = (Uuid, &'a Person, &'a [Evidence])>,
) -> Vec<Candidate> {
    let profiles: Vec<(Uuid, MatchProfile)> = existing
        .into_iter()
        .map(|(case, person, evidence)| (case, MatchProfile::of(person, evidence)))
        .collect();
    candidates_among(
        &MatchProfile::of(new, new_evidence),
        profiles.iter().map(|(case, p)| (*case, p)),
    )
}

/// What the duplicate check compares of one person, folded once: name folding is the costly part,
/// and an import compares each new person with many others.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchProfile {
    /// Each full name as its sorted word keys joined by spaces (one string: an import keeps a
    /// profile per person of the bundle in memory).
    names: Vec<String>,
    documents: Vec<String>,
    date_of_birth: PartialDate,
    father: Option<String>,
}

impl MatchProfile {
    pub fn of(p: &Person, evidence: &[Evidence]) -> MatchProfile {
        MatchProfile {
            names: full_names(p).into_iter().map(|n| n.join(" ")).collect(),
            documents: document_numbers(evidence),
            date_of_birth: p.date_of_birth,
            father: p.father_name.as_deref().map(|f| tokens(f).join(" ")),
        }
    }
}

/// [`duplicate_candidates`] on profiles worked out beforehand.
pub fn candidates_among<'a>(
    new: &MatchProfile,
    existing: impl IntoIterator<Item = (Uuid, &'a MatchProfile)>,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = existing
        .into_iter()
        .filter_map(|(case, other)| {
            let mut reasons = Vec::new();
            let mut score = 0;
            if other.documents.iter().any(|n| new.documents.contains(n)) {
                reasons.push(MatchReason::SameDocumentNumber);
                score += 70;
            }
            let same_names = other.names.iter().any(|n| new.names.contains(n));
            if same_names && new.date_of_birth.compatible(&other.date_of_birth) {
                reasons.extend([MatchReason::SameNames, MatchReason::CompatibleDateOfBirth]);
                score += 50;
                if new.date_of_birth == other.date_of_birth {
                    reasons.push(MatchReason::SameDateOfBirth);
                    score += 10;
                }
                if new.father.is_some() && new.father == other.father {
                    reasons.push(MatchReason::SameFatherName);
                    score += 10;
                }
            }
            (!reasons.is_empty()).then(|| Candidate {
                case,
                score: score.min(100),
                reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.case.cmp(&b.case)));
    out
}

/// Blocking keys: two people can only match when they share one (a full-name key or a document
/// number), so a station compares a new application with a handful of cases, not all of them.
pub fn match_keys(p: &Person, evidence: &[Evidence]) -> Vec<String> {
    MatchProfile::of(p, evidence).keys()
}

impl MatchProfile {
    /// The blocking keys of this person (what [`match_keys`] returns), from the names folded once.
    pub fn keys(&self) -> Vec<String> {
        // A name match needs a compatible date of birth, and compatible dates share their year: the
        // year belongs in the name key, so people of the same common name but other years are never
        // compared.
        let year = self.date_of_birth.year();
        let mut keys: Vec<String> = self.names.iter().map(|n| format!("n:{n}:{year}")).collect();
        keys.extend(self.documents.iter().map(|d| format!("d:{d}")));
        keys.sort();
        keys.dedup();
        keys
    }
}

/// Document numbers with spaces, dashes and case removed; empty numbers are ignored.
fn document_numbers(evidence: &[Evidence]) -> Vec<String> {
    evidence
        .iter()
        .filter_map(|e| e.number.as_deref())
        .map(|n| {
            n.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// A person's full names as sorted word keys: Latin, native script and each alias. Sorting makes
/// "Al-Jubouri Ahmed" and "Ahmed Al-Jubouri" the same name.
fn full_names(p: &Person) -> Vec<Vec<String>> {
    let mut names = vec![format!("{} {}", p.given_names, p.surname)];
    if let Some(n) = &p.native_script {
        if let (Some(given), Some(surname)) = (&n.given_names, &n.surname) {
            names.push(format!("{given} {surname}"));
        }
    }
    names.extend(p.aliases.iter().cloned());
    names
        .iter()
        .map(|n| {
            let mut t = tokens(n);
            t.sort();
            t
        })
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::application::{Annex, EvidenceKind, NativeScript, Sex};
    use crate::domain::date::PartialDate;

    /// A person with only the fields duplicate detection reads; other tests use it too.
    pub(crate) fn person(given: &str, surname: &str, born: &str) -> Person {
        Person {
            surname: surname.into(),
            given_names: given.into(),
            father_name: None,
            grandfather_name: None,
            mother_name: None,
            maiden_name: None,
            native_script: None,
            aliases: vec![],
            sex: Sex::M,
            date_of_birth: PartialDate::parse(born).unwrap(),
            place_of_birth: None,
            physical_description: None,
            nationality: Some("IQ".into()),
            former_nationalities: vec![],
            languages: vec![],
            civil_status: None,
            spouse: None,
            children: vec![],
            last_address_in_requested_state: None,
            fingerprints_reference: None,
            photo: None,
        }
    }

    fn passport(number: &str) -> Evidence {
        Evidence {
            kind: EvidenceKind::Passport,
            annex: Annex::Proof,
            number: Some(number.into()),
            issuer: Some("IQ".into()),
            issued_on: None,
            expires_on: None,
            attachment: None,
        }
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn the_duplicate_table() {
        let new = {
            let mut p = person("Ahmed", "Al-Jubouri", "1991-03");
            p.father_name = Some("Khalid".into());
            p
        };
        let new_docs = [passport("A1234 5678")];
        let mut arabic = person("X", "Y", "1991-03-02");
        arabic.native_script = Some(NativeScript {
            surname: Some("الجبوري".into()),
            given_names: Some("أحمد".into()),
            ..NativeScript::default()
        });
        let mut alias = person("Unknown", "Unknown", "1991");
        alias.aliases = vec!["Aljaburi Ahmad".into()];
        let mut father = person("Ahmad", "Al Jabouri", "1991-03");
        father.father_name = Some("Khaled".into());
        type Row = (u128, Person, Vec<Evidence>, Option<Vec<MatchReason>>);
        let rows: Vec<Row> = vec![
            // 1: same passport number written differently, different everything else
            (
                1,
                person("Omar", "Karim", "1980"),
                vec![passport("a12345678")],
                Some(vec![MatchReason::SameDocumentNumber]),
            ),
            // 2: Arabic-script names, a compatible full date of birth
            (
                2,
                arabic,
                vec![],
                Some(vec![
                    MatchReason::SameNames,
                    MatchReason::CompatibleDateOfBirth,
                ]),
            ),
            // 3: only an alias in another order and spelling, year-only date of birth
            (
                3,
                alias,
                vec![],
                Some(vec![
                    MatchReason::SameNames,
                    MatchReason::CompatibleDateOfBirth,
                ]),
            ),
            // 4: the same name, born in another year: not the same person
            (4, person("Ahmad", "Aljaburi", "1985-03"), vec![], None),
            // 5: same names, same month of birth, same father
            (
                5,
                father,
                vec![],
                Some(vec![
                    MatchReason::SameNames,
                    MatchReason::CompatibleDateOfBirth,
                    MatchReason::SameDateOfBirth,
                    MatchReason::SameFatherName,
                ]),
            ),
            // 6: someone else entirely
            (
                6,
                person("Hussein", "Ali", "1991-03"),
                vec![passport("B7654321")],
                None,
            ),
        ];
        let found = duplicate_candidates(
            &new,
            &new_docs,
            rows.iter().map(|(n, p, e, _)| (id(*n), p, e.as_slice())),
        );
        for (n, _, _, want) in &rows {
            let got = found
                .iter()
                .find(|c| c.case == id(*n))
                .map(|c| c.reasons.clone());
            assert_eq!(&got, want, "row {n}");
        }
        // best first: the document match (70) and the father's match (70) ahead of names only (50)
        let scores: Vec<u32> = found.iter().map(|c| c.score).collect();
        assert_eq!(scores, [70, 70, 50, 50]);
    }

    #[test]
    fn two_different_mohammed_alis() {
        let first = person("Mohammed", "Ali", "1988");
        let second = person("Muhammad", "Aly", "1994-07-01");
        let same_again = person("محمد", "علي", "1988-11");
        let found = duplicate_candidates(
            &first,
            &[],
            [(id(2), &second, &[][..]), (id(3), &same_again, &[][..])],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].case, id(3));
    }

    #[test]
    fn empty_document_numbers_do_not_match_each_other() {
        let a = person("Omar", "Karim", "1980");
        let b = person("Hussein", "Ali", "1970");
        let found =
            duplicate_candidates(&a, &[passport(" - ")], [(id(1), &b, &[passport("--")][..])]);
        assert!(found.is_empty());
    }
}
