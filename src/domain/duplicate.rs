//! Is a new application about a person the station already has a case for?
//!
//! - the same document number (letters and digits only, case folded) is strong on its own;
//! - the same names (surname and given names, in any script or transliteration, in any order, or an
//!   alias) **and** a compatible date of birth is a match; so are the same names with a middle part
//!   missing on one side, and, born on the same day, names one letter apart (a typing slip);
//! - the same names with an incompatible date of birth is **not** a match: common names are common;
//! - names whose consonants agree but whose vowels tell them apart (Hassan / Hussein, Ali / Alaa) are
//!   other names: a match only when the date of birth and a parent's name agree too.
//!
//! Agreeing father's and mother's names and an exact birth date add to the score of a name match. A
//! case is flagged for the candidates scoring [`FLAG_SCORE`] or more, at most [`MAX_CANDIDATES`].

use super::application::{Evidence, Person};
use super::date::PartialDate;
use super::names::{name_variants, vowels_differ, WordKey};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A candidate scoring less is not shown: on its own, what matched says little.
pub const FLAG_SCORE: u32 = 40;

/// How many candidates a case shows at most, best first: an officer checks a handful, and a common
/// name must not tie every case to hundreds of others.
pub const MAX_CANDIDATES: usize = 10;

/// Why a candidate matched, as data: the TUI and CLI put each in the officer's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    SameDocumentNumber,
    /// Every part of the names agrees (in any script, spelling or order).
    SameNames,
    /// The parts one side has agree with the other's, which has more (a middle name, a grandfather's).
    SameNamesPartMissing,
    /// One part is one letter away (a typing slip); only with the same date of birth.
    SimilarNames,
    /// The consonants agree but the vowels tell the names apart (Hassan / Hussein); only with the same
    /// date of birth and a parent's name.
    SameConsonantsOtherVowels,
    CompatibleDateOfBirth,
    SameDateOfBirth,
    SameFatherName,
    SameMotherName,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub case: Uuid,
    /// 0–100; a document match alone scores 70, names with a compatible date of birth 50.
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}

/// The existing cases that may concern the same person as `new`, best first, at most
/// [`MAX_CANDIDATES`].
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
    /// Each full name (Latin, native script, aliases, other readings of Cyrillic) as its words
    /// sorted by key, so "Al-Jubouri Ahmed" and "Ahmed Al-Jubouri" are the same name.
    names: Vec<Vec<WordKey>>,
    /// Per full name, the keys of its first and last words, sorted and joined: the blocking key.
    ends: Vec<String>,
    documents: Vec<String>,
    date_of_birth: PartialDate,
    father: Vec<Vec<WordKey>>,
    mother: Vec<Vec<WordKey>>,
}

impl MatchProfile {
    pub fn of(p: &Person, evidence: &[Evidence]) -> MatchProfile {
        let mut names = Vec::new();
        let mut ends = Vec::new();
        for name in full_names(p) {
            for mut words in name_variants(&name) {
                if words.is_empty() {
                    continue;
                }
                let (first, last) = (&words[0].key, &words[words.len() - 1].key);
                let mut end = if first <= last {
                    format!("{first} {last}")
                } else {
                    format!("{last} {first}")
                };
                // Words with digits are numbers, not names: a key without them would put every
                // "Person 1", "Person 2"… in one block, and an import would compare them all.
                for w in words.iter().skip(1).take(words.len().saturating_sub(2)) {
                    if w.key.chars().any(|c| c.is_ascii_digit()) {
                        end.push(' ');
                        end.push_str(&w.key);
                    }
                }
                if !ends.contains(&end) {
                    ends.push(end);
                }
                words.sort_by(|a, b| a.key.cmp(&b.key));
                if !names.contains(&words) {
                    names.push(words);
                }
            }
        }
        let native = p.native_script.as_ref();
        let parent = |latin: Option<&str>, native: Option<&str>| -> Vec<Vec<WordKey>> {
            [latin, native]
                .into_iter()
                .flatten()
                .flat_map(name_variants)
                .filter(|w| !w.is_empty())
                .map(|mut w| {
                    w.sort_by(|a, b| a.key.cmp(&b.key));
                    w
                })
                .collect()
        };
        MatchProfile {
            names,
            ends,
            documents: document_numbers(evidence),
            date_of_birth: p.date_of_birth,
            father: parent(
                p.father_name.as_deref(),
                native.and_then(|n| n.father_name.as_deref()),
            ),
            mother: parent(
                p.mother_name.as_deref(),
                native.and_then(|n| n.mother_name.as_deref()),
            ),
        }
    }
}

/// How far two names agree, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Agreement {
    None,
    OtherVowels,
    Similar,
    PartMissing,
    Same,
}

/// Two names' words (each sorted by key) compared: every word of the shorter must find a word of
/// the same key in the longer.
fn agreement(a: &[WordKey], b: &[WordKey]) -> Agreement {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut used = vec![false; long.len()];
    let mut unmatched: Option<&WordKey> = None;
    let mut other_vowels = false;
    for w in short {
        let same_key = |i: &usize| !used[*i] && long[*i].key == w.key;
        let found = (0..long.len())
            .filter(same_key)
            .find(|&i| !vowels_differ(w, &long[i]))
            .map(|i| (i, false))
            .or_else(|| (0..long.len()).find(same_key).map(|i| (i, true)));
        match found {
            Some((i, differ)) => {
                used[i] = true;
                other_vowels |= differ;
            }
            None if unmatched.is_none() => unmatched = Some(w),
            None => return Agreement::None,
        }
    }
    let agreed = match unmatched {
        None if short.len() == long.len() => Agreement::Same,
        None if short.len() >= 2 => Agreement::PartMissing,
        None => return Agreement::None,
        Some(w) => {
            let rest = (0..long.len()).find(|i| !used[*i]).map(|i| &long[i]);
            let slip = short.len() == long.len()
                && short.len() >= 2
                && rest.is_some_and(|r| one_letter_apart(&w.key, &r.key));
            if !slip {
                return Agreement::None;
            }
            Agreement::Similar
        }
    };
    if other_vowels {
        Agreement::OtherVowels
    } else {
        agreed
    }
}

/// Keys of at least three letters, one letter changed, added, left out or two swapped.
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() < 3 || b.len() < 3 || a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match (ra.len(), rb.len()) {
        (x, y) if x == y => {
            ra[1..] == rb[1..] || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        (x, y) if x == y + 1 => ra[1..] == *rb,
        (x, y) if x + 1 == y => *ra == rb[1..],
        _ => false,
    }
}

/// The best agreement between any name of one list and any of the other.
fn best(a: &[Vec<WordKey>], b: &[Vec<WordKey>]) -> Agreement {
    let mut out = Agreement::None;
    for x in a {
        for y in b {
            out = out.max(agreement(x, y));
            if out == Agreement::Same {
                return out;
            }
        }
    }
    out
}

/// A parent's name agrees when both are known and agree, in any spelling, with parts missing.
fn parent_agrees(a: &[Vec<WordKey>], b: &[Vec<WordKey>]) -> bool {
    best(a, b) >= Agreement::PartMissing
}

/// [`duplicate_candidates`] on profiles worked out beforehand.
pub fn candidates_among<'a>(
    new: &MatchProfile,
    existing: impl IntoIterator<Item = (Uuid, &'a MatchProfile)>,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = existing
        .into_iter()
        .filter_map(|(case, other)| {
            let (score, reasons) = compare(new, other);
            (score >= FLAG_SCORE).then(|| Candidate {
                case,
                score: score.min(100),
                reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.case.cmp(&b.case)));
    out.truncate(MAX_CANDIDATES);
    out
}

/// The score of one pair and what it rests on.
pub fn compare(new: &MatchProfile, other: &MatchProfile) -> (u32, Vec<MatchReason>) {
    use MatchReason::*;
    let mut reasons = Vec::new();
    let mut score: u32 = 0;
    if other.documents.iter().any(|n| new.documents.contains(n)) {
        reasons.push(SameDocumentNumber);
        score += 70;
    }
    let same_day = new.date_of_birth == other.date_of_birth;
    let compatible = new.date_of_birth.compatible(&other.date_of_birth);
    let father = parent_agrees(&new.father, &other.father);
    // Both fathers known and other names: two people of one common name, most likely.
    let father_differs = !new.father.is_empty()
        && !other.father.is_empty()
        && best(&new.father, &other.father) <= Agreement::OtherVowels;
    let mother = parent_agrees(&new.mother, &other.mother);
    let names = if compatible {
        best(&new.names, &other.names)
    } else {
        Agreement::None
    };
    let (base, name_reason) = match names {
        Agreement::Same => (50, Some(SameNames)),
        Agreement::PartMissing => (40, Some(SameNamesPartMissing)),
        Agreement::Similar if same_day => (30, Some(SimilarNames)),
        Agreement::OtherVowels if same_day && (father || mother) => {
            (20, Some(SameConsonantsOtherVowels))
        }
        _ => (0, None),
    };
    if let Some(r) = name_reason {
        reasons.push(r);
        score += base;
        if same_day {
            reasons.push(SameDateOfBirth);
            score += 10;
        } else {
            reasons.push(CompatibleDateOfBirth);
        }
        if father {
            reasons.push(SameFatherName);
            score += 10;
        }
        if mother {
            reasons.push(SameMotherName);
            score += 10;
        }
        if father_differs {
            score = score.saturating_sub(30);
        }
    }
    (score.min(100), reasons)
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
        // compared. The key holds a name's first and last words, so a middle part may be missing.
        let year = self.date_of_birth.year();
        let mut keys: Vec<String> = self.ends.iter().map(|n| format!("n:{n}:{year}")).collect();
        // A typing slip in one word: the other word and the same day of birth find the pair.
        if let PartialDate::Day(day) = self.date_of_birth {
            for end in &self.ends {
                let mut words = end.split(' ');
                keys.extend(words.by_ref().take(2).map(|w| format!("t:{w}:{day}")));
            }
        }
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

/// A person's full names as written: Latin, native script and each alias.
fn full_names(p: &Person) -> Vec<String> {
    let mut names = vec![format!("{} {}", p.given_names, p.surname)];
    if let Some(n) = &p.native_script {
        if let (Some(given), Some(surname)) = (&n.given_names, &n.surname) {
            names.push(format!("{given} {surname}"));
        }
    }
    names.extend(p.aliases.iter().cloned());
    names
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

#[cfg(test)]
mod matching_table_tests;
