//! How long closed records are kept (DOMAIN.md, "Data protection"): a period per agreement and record
//! kind, with station-wide defaults, and which closed cases are past it. Pure: no storage, no clock.

use super::case::{Case, CaseStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kinds of record a retention period applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Cases,
    Returnees,
}

impl RecordKind {
    /// The word shown and recorded (the same as the stored one).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Cases => "cases",
            RecordKind::Returnees => "returnees",
        }
    }
}

/// Days a closed record is kept, per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periods {
    pub cases_days: u32,
    pub returnees_days: u32,
}

impl Periods {
    pub fn days(&self, kind: RecordKind) -> u32 {
        match kind {
            RecordKind::Cases => self.cases_days,
            RecordKind::Returnees => self.returnees_days,
        }
    }

    pub fn set(&mut self, kind: RecordKind, days: u32) {
        match kind {
            RecordKind::Cases => self.cases_days = days,
            RecordKind::Returnees => self.returnees_days = days,
        }
    }
}

/// The station's retention settings: editable defaults and overrides per agreement code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionSettings {
    pub default: Periods,
    pub by_agreement: BTreeMap<String, Periods>,
}

impl Default for RetentionSettings {
    /// Five years for both kinds: a chosen default, to be set from each agreement's text.
    fn default() -> Self {
        RetentionSettings {
            default: Periods {
                cases_days: 5 * 365,
                returnees_days: 5 * 365,
            },
            by_agreement: BTreeMap::new(),
        }
    }
}

impl RetentionSettings {
    pub fn periods(&self, agreement: &str) -> Periods {
        self.by_agreement
            .get(agreement)
            .copied()
            .unwrap_or(self.default)
    }
}

/// The day a case was closed or withdrawn (its last move into such a state), if it is.
pub fn closed_on(case: &Case) -> Option<NaiveDate> {
    if !matches!(case.status, CaseStatus::Closed | CaseStatus::Withdrawn) {
        return None;
    }
    case.history
        .iter()
        .rev()
        .find(|e| e.to == case.status)
        .map(|e| e.at.date_naive())
}

/// The day a closed case's retention ends (it may be purged from that day), if it is closed.
pub fn purge_from(case: &Case, settings: &RetentionSettings) -> Option<NaiveDate> {
    let closed = closed_on(case)?;
    let days = settings.periods(&case.application.agreement).cases_days;
    closed.checked_add_days(chrono::Days::new(days.into()))
}

/// Every personal text of a case: names in every script, places, documents, health, notes. A purge
/// cleans any other record that repeats one of them.
pub fn personal_texts(case: &Case) -> Vec<String> {
    let a = &case.application;
    let p = &a.person;
    let mut out: Vec<String> = [&p.surname, &p.given_names].into_iter().cloned().collect();
    let optional = [
        &p.father_name,
        &p.grandfather_name,
        &p.mother_name,
        &p.maiden_name,
        &p.place_of_birth,
        &p.physical_description,
        &a.health,
        &a.special_circumstances,
    ];
    out.extend(optional.into_iter().flatten().cloned());
    out.extend(p.aliases.iter().cloned());
    if let Some(n) = &p.native_script {
        out.extend([&n.surname, &n.given_names].into_iter().flatten().cloned());
    }
    out.extend(a.evidence.iter().filter_map(|e| e.number.clone()));
    out.extend(case.travel_documents.iter().map(|t| t.number.clone()));
    // Short texts (a one-letter initial) would match unrelated records.
    out.retain(|s| s.trim().chars().count() >= 3);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn an_agreement_override_wins_over_the_default(days in 0u32..10_000, other in 0u32..10_000) {
            let mut s = RetentionSettings::default();
            let mut p = s.default;
            p.set(RecordKind::Cases, days);
            p.set(RecordKind::Returnees, other);
            s.by_agreement.insert("EU-IQ".into(), p);
            prop_assert_eq!(s.periods("EU-IQ").days(RecordKind::Cases), days);
            prop_assert_eq!(s.periods("EU-IQ").days(RecordKind::Returnees), other);
            prop_assert_eq!(s.periods("EU-MD"), s.default);
        }
    }
}
