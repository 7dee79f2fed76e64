//! Retention (DOMAIN.md, "Data protection"): periods per agreement and record kind as station settings;
//! closed cases past their period listed; an officer proposes a purge and a supervisor (not the same
//! person) approves it. The purge removes the case, its index entry, its returnee record and every
//! outbox or exchange-log record that repeats the person's texts, keeps the statistical facts, and
//! writes one audit entry naming only the case id and reference.

use super::exchange_log::LogEntry;
use super::nrm::NrmRecord;
use super::outbox::OutboxItem;
use super::report::PurgedFacts;
use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::case::Case;
use crate::domain::ids::UserName;
use crate::domain::policy::Permission;
use crate::domain::retention::{personal_texts, purge_from, RecordKind, RetentionSettings};
use crate::domain::statistics::{CaseFacts, ReturneeFacts};
use crate::vault::{Tree, Txn};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const SETTINGS_KEY: &[u8] = b"retention";

/// How a purge treats the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurgeMode {
    /// Keep an anonymous stub (reference, requesting state, agreement, status) beside the facts.
    Anonymise,
    /// Keep only the statistical facts, unlinked from the reference.
    Erase,
}

impl PurgeMode {
    /// The word shown and recorded (the same as the stored one).
    pub fn as_str(self) -> &'static str {
        match self {
            PurgeMode::Anonymise => "anonymise",
            PurgeMode::Erase => "erase",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeProposal {
    pub case_id: Uuid,
    pub reference: String,
    pub mode: PurgeMode,
    pub by: UserName,
    pub at: DateTime<Utc>,
}

/// A closed case past its retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRow {
    pub case_id: Uuid,
    pub reference: String,
    pub agreement: String,
    pub purge_from: NaiveDate,
    pub proposal: Option<PurgeProposal>,
}

/// What an anonymised case keeps beside its facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AnonymousStub {
    pub reference: String,
    pub requesting_state: String,
    pub agreement: String,
    pub status: crate::domain::case::CaseStatus,
    pub purged_at: DateTime<Utc>,
}

impl Session {
    pub fn retention_settings(&self) -> Result<RetentionSettings, ServiceError> {
        Ok(self
            .vault
            .get::<RetentionSettings>(Tree::STATION, SETTINGS_KEY)?
            .unwrap_or_default())
    }

    /// `ercms retention set`: the period of one kind, for one agreement or the default (admin, audited).
    pub fn set_retention(
        &mut self,
        agreement: Option<&str>,
        kind: RecordKind,
        days: u32,
        now: DateTime<Utc>,
    ) -> Result<RetentionSettings, ServiceError> {
        self.allow(Permission::ManageSettings)?;
        let mut settings = self.retention_settings()?;
        let target = match agreement {
            Some(code) => {
                self.agreement(code)?;
                let default = settings.default;
                settings
                    .by_agreement
                    .entry(code.to_string())
                    .or_insert(default)
            }
            None => &mut settings.default,
        };
        target.set(kind, days);
        let mut txn = Txn::default();
        self.vault
            .put(&mut txn, Tree::STATION, SETTINGS_KEY, &settings)?;
        let detail = format!(
            "{} {} {days} days",
            agreement.unwrap_or("default"),
            kind.as_str()
        );
        self.commit(
            txn,
            now,
            &[Note {
                action: "retention.set",
                target: None,
                detail: Some(&detail),
            }],
        )?;
        Ok(settings)
    }

    /// `ercms retention list`: closed cases past their retention period, with any purge proposed.
    pub fn retention_list(&self, now: DateTime<Utc>) -> Result<Vec<RetentionRow>, ServiceError> {
        if !self.may(Permission::ProposePurge) {
            self.allow(Permission::ApprovePurge)?;
        }
        let settings = self.retention_settings()?;
        let today = now.date_naive();
        let mut rows = Vec::new();
        for item in self.vault.scan::<Case>(Tree::CASES) {
            let (_, case) = item?;
            let Some(from) = purge_from(&case, &settings).filter(|d| *d <= today) else {
                continue;
            };
            rows.push(RetentionRow {
                case_id: case.id,
                reference: case.reference().to_string(),
                agreement: case.application.agreement.clone(),
                purge_from: from,
                proposal: self.vault.get(Tree::PURGES, case.id.as_bytes())?,
            });
        }
        Ok(rows)
    }

    fn purgeable(&mut self, case: &str, now: DateTime<Utc>) -> Result<Case, ServiceError> {
        let id = self
            .index()?
            .find(case)
            .ok_or_else(|| ServiceError::NotFound("there is no such case".into()))?;
        let case = self.load_case(&id)?;
        let settings = self.retention_settings()?;
        match purge_from(&case, &settings) {
            Some(from) if from <= now.date_naive() => Ok(case),
            Some(from) => Err(ServiceError::Rejected(format!(
                "the case's retention period runs until {from}"
            ))),
            None => Err(ServiceError::Rejected(
                "only a closed or withdrawn case can be purged".into(),
            )),
        }
    }

    /// `ercms retention purge CASE --erase|--anonymise` as an officer: proposes the purge.
    pub fn propose_purge(
        &mut self,
        case: &str,
        mode: PurgeMode,
        now: DateTime<Utc>,
    ) -> Result<PurgeProposal, ServiceError> {
        self.allow(Permission::ProposePurge)?;
        let case = self.purgeable(case, now)?;
        let proposal = PurgeProposal {
            case_id: case.id,
            reference: case.reference().to_string(),
            mode,
            by: self.user.name.clone(),
            at: now,
        };
        let mut txn = Txn::default();
        self.vault
            .put(&mut txn, Tree::PURGES, case.id.as_bytes(), &proposal)?;
        let id = case.id.to_string();
        let detail = format!("reference {}, {}", proposal.reference, mode.as_str());
        self.commit(
            txn,
            now,
            &[Note {
                action: "retention.propose",
                target: Some(&id),
                detail: Some(&detail),
            }],
        )?;
        Ok(proposal)
    }

    /// `ercms retention approve CASE` as a supervisor: runs the proposed purge (four eyes).
    pub fn approve_purge(
        &mut self,
        case: &str,
        now: DateTime<Utc>,
    ) -> Result<PurgeMode, ServiceError> {
        self.allow(Permission::ApprovePurge)?;
        let case = self.purgeable(case, now)?;
        let proposal: PurgeProposal = self
            .vault
            .get(Tree::PURGES, case.id.as_bytes())?
            .ok_or_else(|| ServiceError::Rejected("no purge of this case is proposed".into()))?;
        if proposal.by == self.user.name {
            return Err(ServiceError::NotAllowed(
                "a supervisor may not approve their own proposal".into(),
            ));
        }
        let settings = self.deadline_settings()?;
        let agreement = self.agreement(&case.application.agreement).ok();
        let calendar = agreement.as_ref().and_then(|a| {
            self.calendars()
                .ok()?
                .into_iter()
                .find(|c| c.code() == a.calendar)
        });
        let rules = agreement.as_ref().zip(calendar.as_ref());
        let returnees: Vec<NrmRecord> = self
            .nrm_records()?
            .into_iter()
            .filter(|r| r.returnee.case_id == Some(case.id))
            .collect();
        let mut texts = personal_texts(&case);
        texts.extend(returnees.iter().flat_map(|r| {
            let c = &r.returnee.contact;
            [c.phone.clone(), c.address.clone()].into_iter().flatten()
        }));
        let mut txn = Txn::default();
        let anonymous = (proposal.mode == PurgeMode::Anonymise).then(|| AnonymousStub {
            reference: case.reference().to_string(),
            requesting_state: case.application.requesting_state.clone(),
            agreement: case.application.agreement.clone(),
            status: case.status,
            purged_at: now,
        });
        let kept = PurgedFacts {
            case: Some(CaseFacts::of(&case, rules, &settings)),
            returnee: None,
            anonymous,
        };
        self.vault.put(
            &mut txn,
            Tree::PURGED_FACTS,
            Uuid::new_v4().as_bytes(),
            &kept,
        )?;
        for NrmRecord { returnee: r, .. } in &returnees {
            let facts = PurgedFacts {
                case: None,
                returnee: Some(ReturneeFacts::of(r, &settings)),
                anonymous: None,
            };
            self.vault.put(
                &mut txn,
                Tree::PURGED_FACTS,
                Uuid::new_v4().as_bytes(),
                &facts,
            )?;
            txn.delete(Tree::RETURNEES, r.id.as_bytes());
            for referral in &r.referrals {
                txn.delete(Tree::REFERRALS, referral.id.as_bytes());
            }
        }
        txn.delete(Tree::CASES, case.id.as_bytes());
        txn.delete(Tree::CASE_INDEX, case.id.as_bytes());
        txn.delete(Tree::PURGES, case.id.as_bytes());
        let names = |json: &str| texts.iter().any(|t| json.contains(t.as_str()));
        for item in self.vault.scan::<OutboxItem>(Tree::OUTBOX) {
            let (k, o) = item?;
            let json = serde_json::to_string(&o).unwrap_or_default();
            if o.about == case.reference() || names(&json) {
                txn.delete(Tree::OUTBOX, &k);
            }
        }
        for item in self.vault.scan::<LogEntry>(Tree::EXCHANGE_LOG) {
            let (k, mut e) = item?;
            if names(&e.file) || names(&e.summary) {
                for t in &texts {
                    e.file = e.file.replace(t.as_str(), "[purged]");
                    e.summary = e.summary.replace(t.as_str(), "[purged]");
                }
                self.vault.put(&mut txn, Tree::EXCHANGE_LOG, &k, &e)?;
            }
        }
        let id = case.id.to_string();
        let detail = format!(
            "reference {}, {}, proposed by {}",
            case.reference(),
            proposal.mode.as_str(),
            proposal.by
        );
        self.commit(
            txn,
            now,
            &[Note {
                action: "retention.purge",
                target: Some(&id),
                detail: Some(&detail),
            }],
        )?;
        // The in-memory index still holds the case: reload it at next use.
        self.cases = None;
        Ok(proposal.mode)
    }
}

#[cfg(test)]
mod tests;
