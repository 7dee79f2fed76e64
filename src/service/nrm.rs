//! Returnee use-cases of the National Referral Mechanism: open the NRM record (for an arrived case, which
//! moves on to REFERRED in the same transaction, or for a returnee who came back another way), then every
//! action of the domain's lifecycle. Sending a referral queues the `referral` record for the provider's
//! station in the same transaction.

use super::case_index::put_case;
use super::providers::nrm_error;
use super::session::Note;
use super::{outbox, ServiceError, Session};
use crate::domain::case::CaseStatus;
use crate::domain::lifecycle::{self as case_lifecycle, Actor, CaseAction};
use crate::domain::nrm::{
    self, Contact, Governorate, NrmActor, Returnee, ReturneeAction, ReturneeActionKind,
};
use crate::domain::policy::Permission;
use crate::exchange::records::Returnee as WirePerson;
use crate::exchange::Record;
use crate::vault::{Tree, Txn};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// What the RETURNEES tree holds: the domain record, the reference a provider sees, and the little
/// personal data a referral carries (copied from the case, or typed in for a returnee without one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NrmRecord {
    /// The case's reference, or `NRM-` and the start of the record's id when there is no case.
    pub reference: String,
    pub person: WirePerson,
    pub returnee: Returnee,
}

impl Session {
    fn nrm_actor(&self) -> NrmActor {
        NrmActor {
            name: self.user.name.clone(),
            role: self.user.role,
        }
    }

    pub(crate) fn nrm_records(&self) -> Result<Vec<NrmRecord>, ServiceError> {
        Ok(self
            .vault
            .scan::<NrmRecord>(Tree::RETURNEES)
            .map(|item| item.map(|(_, r)| r))
            .collect::<Result<Vec<_>, _>>()?)
    }

    pub(crate) fn load_returnee(&self, id: &Uuid) -> Result<NrmRecord, ServiceError> {
        self.vault
            .get::<NrmRecord>(Tree::RETURNEES, id.as_bytes())?
            .ok_or_else(|| ServiceError::NotFound("there is no such returnee record".into()))
    }

    /// `ercms returnee show ID`: by the record's id, or by its reference (the case's).
    pub fn returnee(&self, id_or_reference: &str) -> Result<NrmRecord, ServiceError> {
        self.allow(Permission::ViewReturnees)?;
        let wanted = id_or_reference.trim();
        if let Ok(id) = Uuid::parse_str(wanted) {
            return self.load_returnee(&id);
        }
        self.nrm_records()?
            .into_iter()
            .find(|r| r.reference.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| ServiceError::NotFound("there is no such returnee record".into()))
    }

    /// Returnee records whose plan or closure waits for this user's decision (a supervisor who did not
    /// propose it), for the approvals screen and the dashboard's count.
    pub fn nrm_approvals(&self) -> Result<Vec<super::ReturneeRow>, ServiceError> {
        if !self.may(Permission::ApprovePlan) {
            return Ok(vec![]);
        }
        let me = &self.user.name;
        let ids: Vec<String> = self
            .nrm_records()?
            .into_iter()
            .filter(|r| {
                let plan = r.returnee.status == nrm::ReturneeStatus::PlanProposed
                    && r.returnee
                        .plan
                        .as_ref()
                        .is_some_and(|p| &p.proposed_by != me);
                let closure = r
                    .returnee
                    .closure_proposal
                    .as_ref()
                    .is_some_and(|c| &c.by != me);
                plan || closure
            })
            .map(|r| r.returnee.id.to_string())
            .collect();
        Ok(self
            .returnees(chrono::Utc::now())?
            .into_iter()
            .filter(|row| ids.contains(&row.id))
            .collect())
    }

    /// The returnee records opened from a case (at most one; none before the hand-over).
    pub fn returnees_of_case(&self, case: Uuid) -> Result<Vec<NrmRecord>, ServiceError> {
        self.allow(Permission::ViewReturnees)?;
        Ok(self
            .nrm_records()?
            .into_iter()
            .filter(|r| r.returnee.case_id == Some(case))
            .collect())
    }

    /// The returnee record a referral belongs to (`referral send|cancel REFERRAL`).
    pub fn returnee_of_referral(&self, referral: &str) -> Result<NrmRecord, ServiceError> {
        self.allow(Permission::ViewReturnees)?;
        let missing = || ServiceError::NotFound("there is no referral with that id".into());
        let id = Uuid::parse_str(referral.trim()).map_err(|_| missing())?;
        let returnee = self
            .vault
            .get::<Uuid>(Tree::REFERRALS, id.as_bytes())?
            .ok_or_else(missing)?;
        self.load_returnee(&returnee)
    }

    /// What the signed-in user may do to this record now (screens offer only these).
    pub fn returnee_actions(&self, record: &NrmRecord) -> Vec<ReturneeActionKind> {
        nrm::allowed_actions(&record.returnee, &self.nrm_actor())
    }

    /// `ercms returnee open CASE`: opens the NRM record of an ARRIVED case and refers the case, at once.
    pub fn open_returnee_for_case(
        &mut self,
        case: &str,
        governorate: Governorate,
        contact: Contact,
        now: DateTime<Utc>,
    ) -> Result<NrmRecord, ServiceError> {
        self.allow(Permission::WorkReturnee)?;
        self.check_region(&governorate)?;
        let case_id = self.resolve_case(case)?;
        let before = self.load_case(&case_id)?;
        if before.status != CaseStatus::Arrived {
            return Err(ServiceError::Invalid(format!(
                "only an arrived returnee is referred, and case {} is {}",
                before.reference(),
                before.status
            )));
        }
        if self
            .nrm_records()?
            .iter()
            .any(|r| r.returnee.case_id == Some(case_id))
        {
            return Err(ServiceError::Invalid(format!(
                "case {} already has a returnee record",
                before.reference()
            )));
        }
        let arrived_on = before
            .arrival
            .as_ref()
            .map_or(now.date_naive(), |a| a.at.date_naive());
        let person = &before.application.person;
        let wire = WirePerson {
            surname: person.surname.clone(),
            given_names: person.given_names.clone(),
            native_script: person.native_script.clone(),
            sex: person.sex,
            date_of_birth: person.date_of_birth,
            governorate: None,
            phone: None,
        };
        let actor = Actor {
            name: self.user.name.clone(),
            role: self.user.role,
        };
        let after = case_lifecycle::apply(&before, CaseAction::Refer, &actor, now)
            .map_err(|e| ServiceError::Invalid(e.to_string()))?;
        let returnee = nrm::register(
            Uuid::now_v7(),
            Some(case_id),
            governorate,
            contact,
            arrived_on,
            &self.nrm_actor(),
            now,
        )
        .map_err(nrm_error)?;
        let record = NrmRecord {
            reference: before.reference().to_string(),
            person: wire,
            returnee,
        };
        let mut txn = Txn::default();
        let summary = put_case(&self.vault, &mut txn, &after)?;
        let case_detail = format!(
            "{}: {} -> {}",
            after.reference(),
            before.status,
            after.status
        );
        let case_target = case_id.to_string();
        self.put_returnee_and_commit(
            txn,
            &record,
            "returnee.open",
            &format!("for case {}", record.reference),
            Some(Note {
                action: "case.refer",
                target: Some(&case_target),
                detail: Some(&case_detail),
            }),
            now,
        )?;
        self.index()?.upsert(summary);
        Ok(record)
    }

    /// `ercms returnee open --no-case`: a returnee who came back another way (no readmission case).
    pub fn open_returnee(
        &mut self,
        person: WirePerson,
        governorate: Governorate,
        contact: Contact,
        arrived_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<NrmRecord, ServiceError> {
        self.allow(Permission::WorkReturnee)?;
        self.check_region(&governorate)?;
        if person.surname.trim().is_empty() || person.given_names.trim().is_empty() {
            return Err(ServiceError::Invalid(
                "a returnee's surname and given names are required".into(),
            ));
        }
        if arrived_on > now.date_naive() {
            return Err(ServiceError::Invalid(
                "the day of arrival cannot be in the future".into(),
            ));
        }
        let id = Uuid::now_v7();
        let returnee = nrm::register(
            id,
            None,
            governorate,
            contact,
            arrived_on,
            &self.nrm_actor(),
            now,
        )
        .map_err(nrm_error)?;
        let record = NrmRecord {
            reference: format!("NRM-{}", &id.simple().to_string()[..8]),
            person: WirePerson {
                governorate: None,
                phone: None,
                ..person
            },
            returnee,
        };
        self.put_returnee_and_commit(
            Txn::default(),
            &record,
            "returnee.open",
            "without a case",
            None,
            now,
        )?;
        Ok(record)
    }

    /// Runs one action of the NRM lifecycle (CLI `returnee …`/`referral …`, TUI forms). For
    /// `SendReferral` the provider is always taken from the directory, whatever the caller passed, and
    /// the `referral` record is queued for its station.
    pub fn act_returnee(
        &mut self,
        id_or_reference: &str,
        action: ReturneeAction,
        now: DateTime<Utc>,
    ) -> Result<NrmRecord, ServiceError> {
        let before = self.returnee(id_or_reference)?;
        let kind = action.kind();
        let mut txn = Txn::default();
        let action = match action {
            ReturneeAction::SendReferral { referral, .. } => ReturneeAction::SendReferral {
                referral,
                provider: Box::new(self.provider_of(&before, referral)?),
            },
            other => other,
        };
        let sent_to = match &action {
            ReturneeAction::SendReferral { referral, provider } => {
                Some((*referral, provider.as_ref().clone()))
            }
            _ => None,
        };
        let after =
            nrm::apply(&before.returnee, action, &self.nrm_actor(), now).map_err(nrm_error)?;
        let record = NrmRecord {
            returnee: after,
            ..before.clone()
        };
        let mut detail = format!(
            "{}: {} -> {}",
            record.reference, before.returnee.status, record.returnee.status
        );
        if let Some((referral, provider)) = sent_to {
            let station = self.referral_station(&provider)?;
            let wire = super::referral_out::wire_referral(&record, referral, &provider)?;
            outbox::queue(
                &self.vault,
                &mut txn,
                station.as_str(),
                Record::Referral(wire),
                &record.reference,
                now,
            )?;
            detail = format!("{detail}; referral {referral} to {station}");
        }
        if let Some(note) = record.returnee.history.last().and_then(|e| e.note.as_ref()) {
            if kind == ReturneeActionKind::OverrideConsent {
                detail = format!("{detail}; reason: {note}");
            }
        }
        let action_name = format!("returnee.{}", kind_name(kind));
        self.put_returnee_and_commit(txn, &record, &action_name, &detail, None, now)?;
        Ok(record)
    }

    /// `ercms referral send REFERRAL --letter DIR`: sends a referral to a provider without a station as
    /// a printable letter written into `dir` (the media folder). The letter is made durable first; the
    /// referral becomes SENT, audited with the letter's file name, in one transaction; if that fails
    /// the letter is removed again. Returns the record and the letter's path.
    pub fn send_referral_letter(
        &mut self,
        referral: &str,
        dir: &Path,
        now: DateTime<Utc>,
    ) -> Result<(NrmRecord, PathBuf), ServiceError> {
        let before = self.returnee_of_referral(referral)?;
        let id = Uuid::parse_str(referral.trim())
            .map_err(|_| ServiceError::NotFound("there is no referral with that id".into()))?;
        let provider = self.provider_of(&before, id)?;
        if let Some(station) = &provider.station {
            return Err(ServiceError::Invalid(format!(
                "{} has the station {station}, so the referral goes to it in a bundle (referral send without --letter)",
                provider.name
            )));
        }
        let action = ReturneeAction::SendReferral {
            referral: id,
            provider: Box::new(provider.clone()),
        };
        let after =
            nrm::apply(&before.returnee, action, &self.nrm_actor(), now).map_err(nrm_error)?;
        let record = NrmRecord {
            returnee: after,
            ..before.clone()
        };
        let path = super::referral_letter::write_letter(
            dir,
            &record,
            id,
            &provider,
            &self.station,
            self.user.name.as_str(),
            now,
        )?;
        let detail = format!(
            "{}: {} -> {}; referral {id} by letter {}",
            record.reference,
            before.returnee.status,
            record.returnee.status,
            super::referral_letter::letter_name(id)
        );
        let done = self.put_returnee_and_commit(
            Txn::default(),
            &record,
            "returnee.send_referral",
            &detail,
            None,
            now,
        );
        if let Err(e) = done {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
        Ok((record, path))
    }

    /// The directory entry a referral of this record is addressed to.
    pub fn provider_of(
        &self,
        record: &NrmRecord,
        referral: Uuid,
    ) -> Result<nrm::Provider, ServiceError> {
        let referral = record
            .returnee
            .referral(referral)
            .ok_or_else(|| nrm_error(nrm::NrmError::NoSuchReferral))?;
        self.provider_by_id(referral.provider)
    }

    /// The station a referral to `provider` goes to: it must have one, and be in the keyring.
    fn referral_station(
        &self,
        provider: &nrm::Provider,
    ) -> Result<crate::domain::ids::StationId, ServiceError> {
        let station = provider.station.clone().ok_or_else(|| {
            ServiceError::Invalid(format!(
                "{} has no station in the directory: send the referral as a printable letter (referral send REFERRAL --letter MEDIA-FOLDER)",
                provider.name
            ))
        })?;
        self.partner(&station)?;
        Ok(station)
    }

    /// Puts the record (and its referrals' index entries) into `txn` and commits it with its audit line.
    fn put_returnee_and_commit(
        &mut self,
        mut txn: Txn,
        record: &NrmRecord,
        action: &str,
        detail: &str,
        first: Option<Note<'_>>,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let id = record.returnee.id;
        put_record(&self.vault, &mut txn, record)?;
        let target = id.to_string();
        let mut notes: Vec<Note<'_>> = first.into_iter().collect();
        notes.push(Note {
            action,
            target: Some(&target),
            detail: Some(detail),
        });
        self.commit(txn, now, &notes)
    }
}

/// Puts a record, and for each of its referrals the way back from the referral to the record.
pub(crate) fn put_record(
    vault: &crate::vault::Vault,
    txn: &mut Txn,
    record: &NrmRecord,
) -> Result<(), ServiceError> {
    let id = record.returnee.id;
    vault.put(txn, Tree::RETURNEES, id.as_bytes(), record)?;
    for referral in &record.returnee.referrals {
        vault.put(txn, Tree::REFERRALS, referral.id.as_bytes(), &id)?;
    }
    Ok(())
}

/// The action's wire word (`record_consent`, `send_referral`, …) for audit lines and JSON.
pub fn kind_name(kind: ReturneeActionKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
