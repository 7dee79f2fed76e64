//! The needs assessment: a vulnerability screening, the priority it gives, and the needs by domain.

use super::error::NrmError;
use super::field;
use crate::domain::ids::UserName;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// The domains of reintegration needs (DOMAIN.md); also what providers offer and referrals ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedDomain {
    Housing,
    Health,
    Psychosocial,
    Livelihood,
    Education,
    LegalDocumentation,
    Financial,
    Family,
    Protection,
}

impl NeedDomain {
    pub const ALL: [NeedDomain; 9] = [
        NeedDomain::Housing,
        NeedDomain::Health,
        NeedDomain::Psychosocial,
        NeedDomain::Livelihood,
        NeedDomain::Education,
        NeedDomain::LegalDocumentation,
        NeedDomain::Financial,
        NeedDomain::Family,
        NeedDomain::Protection,
    ];

    pub fn phrase(self) -> &'static str {
        match self {
            NeedDomain::Housing => "housing",
            NeedDomain::Health => "health",
            NeedDomain::Psychosocial => "psychosocial",
            NeedDomain::Livelihood => "livelihood and employment",
            NeedDomain::Education => "education",
            NeedDomain::LegalDocumentation => "legal and civil documentation",
            NeedDomain::Financial => "financial",
            NeedDomain::Family => "family",
            NeedDomain::Protection => "protection",
        }
    }
}

impl fmt::Display for NeedDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phrase())
    }
}

/// Flags of the vulnerability screening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vulnerability {
    UnaccompaniedMinor,
    VictimOfTrafficking,
    SurvivorOfViolence,
    SeriousMedicalCondition,
    Disability,
    SingleParent,
    Elderly,
}

impl Vulnerability {
    pub const ALL: [Vulnerability; 7] = [
        Vulnerability::UnaccompaniedMinor,
        Vulnerability::VictimOfTrafficking,
        Vulnerability::SurvivorOfViolence,
        Vulnerability::SeriousMedicalCondition,
        Vulnerability::Disability,
        Vulnerability::SingleParent,
        Vulnerability::Elderly,
    ];

    /// Flags that on their own call for immediate protection or care.
    pub fn is_acute(self) -> bool {
        matches!(
            self,
            Vulnerability::UnaccompaniedMinor
                | Vulnerability::VictimOfTrafficking
                | Vulnerability::SurvivorOfViolence
                | Vulnerability::SeriousMedicalCondition
        )
    }
}

/// The order in which returnees are served. Ordered Low < Medium < High.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    Medium,
    High,
}

impl Priority {
    /// The word shown and stored (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }

    /// The rule, in one sentence an officer can check by hand: **High** if any acute flag (unaccompanied
    /// minor, victim of trafficking, survivor of violence, serious medical condition) or two or more other
    /// flags (vulnerabilities add up); **Medium** if exactly one other flag (disability, single parent,
    /// elderly); **Low** if no flag.
    pub fn from_flags(flags: &BTreeSet<Vulnerability>) -> Priority {
        let acute = flags.iter().any(|f| f.is_acute());
        match (acute, flags.len()) {
            (true, _) => Priority::High,
            (false, 0) => Priority::Low,
            (false, 1) => Priority::Medium,
            (false, _) => Priority::High,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Mild,
    Moderate,
    Severe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    pub domain: NeedDomain,
    pub severity: Severity,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub flags: BTreeSet<Vulnerability>,
    /// At most one need per domain.
    pub needs: Vec<Need>,
    pub assessed_by: UserName,
    pub assessed_at: DateTime<Utc>,
}

impl Assessment {
    /// A checked assessment: one need per domain, notes trimmed and bounded.
    pub fn new(
        flags: BTreeSet<Vulnerability>,
        needs: Vec<Need>,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<Assessment, NrmError> {
        let mut seen = BTreeSet::new();
        let mut checked = Vec::with_capacity(needs.len());
        for need in needs {
            if !seen.insert(need.domain) {
                return Err(NrmError::DuplicateNeed {
                    domain: need.domain,
                });
            }
            let note = field::optional("need note", need.note.as_deref(), field::LONG)?;
            checked.push(Need { note, ..need });
        }
        Ok(Assessment {
            flags,
            needs: checked,
            assessed_by: by.clone(),
            assessed_at: now,
        })
    }

    pub fn priority(&self) -> Priority {
        Priority::from_flags(&self.flags)
    }

    pub fn has_need(&self, domain: NeedDomain) -> bool {
        self.needs.iter().any(|n| n.domain == domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Vulnerability::*;

    fn set(flags: &[Vulnerability]) -> BTreeSet<Vulnerability> {
        flags.iter().copied().collect()
    }

    #[test]
    fn priority_follows_the_documented_rule() {
        assert_eq!(Priority::from_flags(&set(&[])), Priority::Low);
        assert_eq!(Priority::from_flags(&set(&[Elderly])), Priority::Medium);
        assert_eq!(Priority::from_flags(&set(&[Disability])), Priority::Medium);
        assert_eq!(
            Priority::from_flags(&set(&[SingleParent, Elderly])),
            Priority::High
        );
        assert_eq!(
            Priority::from_flags(&set(&[UnaccompaniedMinor])),
            Priority::High
        );
        assert_eq!(
            Priority::from_flags(&set(&[VictimOfTrafficking])),
            Priority::High
        );
    }

    #[test]
    fn a_domain_is_assessed_once() {
        let by = UserName::parse("amal").unwrap();
        let need = |domain| Need {
            domain,
            severity: Severity::Moderate,
            note: Some("  ".into()),
        };
        let err = Assessment::new(
            set(&[]),
            vec![need(NeedDomain::Housing), need(NeedDomain::Housing)],
            &by,
            super::super::fixture::at(0),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the assessment lists the housing need more than once"
        );
        let ok = Assessment::new(
            set(&[]),
            vec![need(NeedDomain::Health)],
            &by,
            super::super::fixture::at(0),
        )
        .unwrap();
        assert_eq!(ok.needs[0].note, None, "a blank note is no note");
        assert!(ok.has_need(NeedDomain::Health) && !ok.has_need(NeedDomain::Housing));
    }

    proptest! {
        #[test]
        fn more_flags_never_lower_the_priority(
            a in proptest::sample::subsequence(Vulnerability::ALL.to_vec(), 0..=7),
            extra in proptest::sample::select(Vulnerability::ALL.to_vec()),
        ) {
            let before = set(&a);
            let mut after = before.clone();
            after.insert(extra);
            prop_assert!(Priority::from_flags(&after) >= Priority::from_flags(&before));
            prop_assert_eq!(
                Priority::from_flags(&before) == Priority::High,
                before.iter().any(|f| f.is_acute()) || before.len() >= 2
            );
        }
    }
}
