//! Verification checks of identity and nationality, and the overall determination a case shows.
//!
//! The determination rule, first match wins (each line is what [`Determination::explain`] says):
//! 1. **Contradicted**: a check came back *not confirmed* while another check or a valid annex-1
//!    document confirms nationality.
//! 2. **NotEstablished**: a check came back *not confirmed* and nothing confirms nationality.
//! 3. **Established**: a valid annex-1 document proves nationality, or a confirmed check is backed by
//!    prima facie evidence or by a confirmed check of another kind.
//! 4. **Likely**: one kind of check confirmed nationality, or prima facie evidence supports it, but not both.
//! 5. **Pending**: nothing confirms or contradicts nationality yet (checks pending, inconclusive or
//!    not requested).
//!
//! Inconclusive and pending results count for nothing either way.

use super::evidence::EvidenceStrength;
use super::ids::UserName;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    CivilRegistry,
    PassportRegistry,
    Biometric,
    DocumentExamination,
    ConsularInterview,
    LanguageAnalysis,
}

impl CheckKind {
    pub const ALL: [CheckKind; 6] = [
        CheckKind::CivilRegistry,
        CheckKind::PassportRegistry,
        CheckKind::Biometric,
        CheckKind::DocumentExamination,
        CheckKind::ConsularInterview,
        CheckKind::LanguageAnalysis,
    ];

    /// The name the CLI and the stored records use (`civil_registry`…).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::CivilRegistry => "civil_registry",
            CheckKind::PassportRegistry => "passport_registry",
            CheckKind::Biometric => "biometric",
            CheckKind::DocumentExamination => "document_examination",
            CheckKind::ConsularInterview => "consular_interview",
            CheckKind::LanguageAnalysis => "language_analysis",
        }
    }

    pub fn parse(s: &str) -> Option<CheckKind> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        CheckKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for CheckKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckResult {
    Confirmed,
    NotConfirmed,
    Inconclusive,
    Pending,
}

impl CheckResult {
    pub const ALL: [CheckResult; 4] = [
        CheckResult::Confirmed,
        CheckResult::NotConfirmed,
        CheckResult::Inconclusive,
        CheckResult::Pending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckResult::Confirmed => "confirmed",
            CheckResult::NotConfirmed => "not_confirmed",
            CheckResult::Inconclusive => "inconclusive",
            CheckResult::Pending => "pending",
        }
    }

    pub fn parse(s: &str) -> Option<CheckResult> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        CheckResult::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for CheckResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One verification check on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub id: Uuid,
    pub kind: CheckKind,
    pub result: CheckResult,
    /// The other authority's reference, if any.
    pub reference: Option<String>,
    pub note: Option<String>,
    pub requested_by: UserName,
    /// Who performed it (another authority, an examiner…), as written by the officer.
    pub performed_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Determination {
    Established,
    Likely,
    NotEstablished,
    Contradicted,
    Pending,
}

impl Determination {
    pub fn as_str(self) -> &'static str {
        match self {
            Determination::Established => "established",
            Determination::Likely => "likely",
            Determination::NotEstablished => "not_established",
            Determination::Contradicted => "contradicted",
            Determination::Pending => "pending",
        }
    }

    /// The rule that gave this determination, in one sentence for the officer.
    pub fn explain(self) -> &'static str {
        match self {
            Determination::Established => "Nationality is established: a valid annex-1 document proves it, or a confirmed check is backed by prima facie evidence or by a confirmed check of another kind.",
            Determination::Likely => "Nationality is likely: one kind of check confirmed it, or prima facie evidence supports it, but not both.",
            Determination::NotEstablished => "Nationality is not established: a check came back not confirmed and nothing confirms it.",
            Determination::Contradicted => "The findings contradict each other: a check came back not confirmed while another check or a valid annex-1 document confirms nationality.",
            Determination::Pending => "Nothing confirms or contradicts nationality yet: checks are pending, inconclusive or not requested.",
        }
    }
}

impl fmt::Display for Determination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The overall determination from a case's checks and its evidence (see the module's rule).
pub fn determine(checks: &[Check], evidence: EvidenceStrength) -> Determination {
    let with = |r: CheckResult| checks.iter().filter(move |c| c.result == r);
    let refuted = with(CheckResult::NotConfirmed).next().is_some();
    let mut confirmed_kinds: Vec<CheckKind> =
        with(CheckResult::Confirmed).map(|c| c.kind).collect();
    confirmed_kinds.sort_by_key(|k| k.as_str());
    confirmed_kinds.dedup();
    let proof = evidence == EvidenceStrength::Proof;
    let prima_facie = evidence == EvidenceStrength::PrimaFacie;
    let confirmed = !confirmed_kinds.is_empty();
    if refuted && (confirmed || proof) {
        Determination::Contradicted
    } else if refuted {
        Determination::NotEstablished
    } else if proof || (confirmed && (prima_facie || confirmed_kinds.len() >= 2)) {
        Determination::Established
    } else if confirmed || prima_facie {
        Determination::Likely
    } else {
        Determination::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use CheckKind::*;
    use CheckResult::*;
    use EvidenceStrength as E;

    fn check(kind: CheckKind, result: CheckResult) -> Check {
        Check {
            id: Uuid::nil(),
            kind,
            result,
            reference: None,
            note: None,
            requested_by: UserName::parse("amal.officer").unwrap(),
            performed_by: None,
            recorded_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_rule_table() {
        use Determination as D;
        type Row = (
            &'static [(CheckKind, CheckResult)],
            EvidenceStrength,
            Determination,
        );
        let rows: &[Row] = &[
            (&[], E::None, D::Pending),
            (&[], E::ThirdCountryOnly, D::Pending),
            (&[(CivilRegistry, Pending)], E::ThirdCountryOnly, D::Pending),
            (&[(Biometric, Inconclusive)], E::None, D::Pending),
            (&[], E::PrimaFacie, D::Likely),
            (&[(CivilRegistry, Confirmed)], E::None, D::Likely),
            (
                &[(CivilRegistry, Confirmed), (CivilRegistry, Confirmed)],
                E::None,
                D::Likely,
            ),
            (&[(CivilRegistry, Confirmed)], E::PrimaFacie, D::Established),
            (
                &[(CivilRegistry, Confirmed), (Biometric, Confirmed)],
                E::None,
                D::Established,
            ),
            (&[], E::Proof, D::Established),
            (
                &[(ConsularInterview, NotConfirmed)],
                E::PrimaFacie,
                D::NotEstablished,
            ),
            (
                &[(ConsularInterview, NotConfirmed)],
                E::Proof,
                D::Contradicted,
            ),
            (
                &[
                    (ConsularInterview, NotConfirmed),
                    (CivilRegistry, Confirmed),
                ],
                E::None,
                D::Contradicted,
            ),
        ];
        for (checks, evidence, want) in rows {
            let checks: Vec<Check> = checks.iter().map(|(k, r)| check(*k, *r)).collect();
            assert_eq!(
                determine(&checks, *evidence),
                *want,
                "{checks:?} {evidence:?}"
            );
        }
    }

    #[test]
    fn names_parse_back_and_explanations_are_one_sentence() {
        for k in CheckKind::ALL {
            assert_eq!(CheckKind::parse(k.as_str()), Some(k));
        }
        for r in CheckResult::ALL {
            assert_eq!(CheckResult::parse(r.as_str()), Some(r));
        }
        assert_eq!(CheckKind::parse("dna"), None);
        for d in [
            Determination::Established,
            Determination::Likely,
            Determination::NotEstablished,
            Determination::Contradicted,
            Determination::Pending,
        ] {
            let text = d.explain();
            assert!(
                text.ends_with('.') && text.matches(". ").count() == 0,
                "{text}"
            );
        }
    }

    fn any_check() -> impl Strategy<Value = Check> {
        (0usize..6, 0usize..4).prop_map(|(k, r)| check(CheckKind::ALL[k], CheckResult::ALL[r]))
    }

    proptest! {
        #[test]
        fn pending_and_inconclusive_checks_change_nothing(
            checks in proptest::collection::vec(any_check(), 0..6),
            extra in proptest::collection::vec((0usize..6, prop_oneof![Just(Pending), Just(Inconclusive)]), 0..4),
            ev in 0usize..4,
        ) {
            let evidence = [E::Proof, E::PrimaFacie, E::ThirdCountryOnly, E::None][ev];
            let mut more = checks.clone();
            more.extend(extra.into_iter().map(|(k, r)| check(CheckKind::ALL[k], r)));
            prop_assert_eq!(determine(&checks, evidence), determine(&more, evidence));
        }

        #[test]
        fn a_not_confirmed_check_never_leaves_nationality_established(
            checks in proptest::collection::vec(any_check(), 0..6), ev in 0usize..4, k in 0usize..6,
        ) {
            let evidence = [E::Proof, E::PrimaFacie, E::ThirdCountryOnly, E::None][ev];
            let mut checks = checks;
            checks.push(check(CheckKind::ALL[k], NotConfirmed));
            let d = determine(&checks, evidence);
            prop_assert!(matches!(d, Determination::Contradicted | Determination::NotEstablished));
        }
    }
}
