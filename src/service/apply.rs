//! What each kind of record does when its bundle is imported. Called inside the import's transaction;
//! a record that refers to something this station does not have, or that the lifecycle refuses, rejects
//! the whole bundle (rule 7), naming its line.

use super::case_index::{put_case, CaseSummary};
use super::exchange_log::{Direction, LogEntry};
use super::nrm::{put_record, NrmRecord};
use super::{ServiceError, Session};
use crate::domain::application::Application;
use crate::domain::case::{Case, TransferMode};
use crate::domain::duplicate::{candidates_among, match_keys, MatchProfile};
use crate::domain::lifecycle::{self, CaseAction};
use crate::domain::nrm::{apply_provider_update, ReferralResponse};
use crate::exchange::records::{
    Receipt, ReferralStatus as WireStatus, ReferralUpdate, TransferMode as WireMode,
    TransferNotification,
};
use crate::exchange::{OpenedBundle, Record};
use crate::vault::{Tree, Txn};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// How many possible duplicates a case is flagged with at most.
pub const MAX_FLAGS: usize = 10;

fn line_error(line: usize, why: impl std::fmt::Display) -> ServiceError {
    ServiceError::Rejected(format!("records.jsonl line {line}: {why}"))
}

/// Cases created or changed by one import, before they are committed.
#[derive(Default)]
struct Staged {
    cases: HashMap<Uuid, Case>,
    /// Blocking keys of the new cases, so applications in the same bundle are compared too.
    keys: HashMap<String, Vec<Uuid>>,
    /// References of the new cases: a lookup, not a scan, so a large bundle stays linear.
    references: HashMap<String, Uuid>,
    /// The duplicate check's view of every person compared so far.
    profiles: HashMap<Uuid, MatchProfile>,
    new: usize,
    flagged: usize,
    updated: usize,
    receipts: usize,
    /// Returnee records changed by providers' referral updates.
    returnees: HashMap<Uuid, NrmRecord>,
    referral_updates: usize,
}

impl Session {
    /// Applies every record into `txn`; returns what they did, in counts, and the summaries to put in
    /// the in-memory index once the transaction has committed.
    pub(crate) fn apply_records(
        &mut self,
        opened: &OpenedBundle,
        txn: &mut Txn,
        now: DateTime<Utc>,
    ) -> Result<(String, Vec<CaseSummary>), ServiceError> {
        let sender = opened.manifest.sender.to_string();
        let agreements: Vec<String> = self.agreements()?.into_iter().map(|a| a.code).collect();
        let mut staged = Staged::default();
        for (i, record) in opened.records.iter().enumerate() {
            let line = i + 1;
            match record {
                Record::ReadmissionApplication(app) => {
                    if !agreements.contains(&app.agreement) {
                        return Err(line_error(
                            line,
                            format!(
                                "the agreement `{}` is not known to this station",
                                app.agreement
                            ),
                        ));
                    }
                    self.stage_application(line, app, &sender, &mut staged, now)?;
                }
                Record::TransferNotification(t) => {
                    self.stage_transfer(line, t, &mut staged, now)?
                }
                Record::Receipt(r) => {
                    self.apply_receipt(line, r, &sender, txn)?;
                    staged.receipts += 1;
                }
                Record::ReferralUpdate(u) => {
                    self.stage_referral_update(line, u, &sender, &mut staged, now)?;
                }
                _ => {
                    return Err(line_error(
                        line,
                        format!(
                            "this station does not take {} records",
                            opened.manifest.content.wire_name()
                        ),
                    ))
                }
            }
        }
        let mut summaries = Vec::with_capacity(staged.cases.len());
        for case in staged.cases.values() {
            summaries.push(put_case(&self.vault, txn, case)?);
        }
        for record in staged.returnees.values() {
            put_record(&self.vault, txn, record)?;
        }
        let mut parts = vec![];
        if staged.new > 0 {
            parts.push(format!(
                "{} new case(s), {} flagged as possible duplicates",
                staged.new, staged.flagged
            ));
        }
        if staged.updated > 0 {
            parts.push(format!("{} case(s) updated", staged.updated));
        }
        if staged.referral_updates > 0 {
            parts.push(format!(
                "{} referral update(s) recorded",
                staged.referral_updates
            ));
        }
        if staged.receipts > 0 {
            parts.push(format!("{} receipt(s) acknowledged", staged.receipts));
        }
        Ok((parts.join("; "), summaries))
    }

    /// A case as it stands in this import: staged, or from the vault.
    fn staged_case(&self, staged: &Staged, id: &Uuid) -> Result<Case, ServiceError> {
        match staged.cases.get(id) {
            Some(c) => Ok(c.clone()),
            None => self.load_case(id),
        }
    }

    fn stage_application(
        &mut self,
        line: usize,
        app: &Application,
        sender: &str,
        staged: &mut Staged,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let index = self.index()?;
        if index.find(&app.id).is_some() || staged.references.contains_key(&app.id) {
            return Err(line_error(
                line,
                format!("a case with the reference {} exists already", app.id),
            ));
        }
        let keys = match_keys(&app.person, &app.evidence);
        let mut others = index.sharing(&keys);
        for k in &keys {
            others.extend(staged.keys.get(k).into_iter().flatten().copied());
        }
        others.sort();
        others.dedup();
        // Each person's names are folded once per import, however many others they are compared with.
        for id in &others {
            if !staged.profiles.contains_key(id) {
                let other = self.staged_case(staged, id)?;
                let p = &other.application;
                staged
                    .profiles
                    .insert(*id, MatchProfile::of(&p.person, &p.evidence));
            }
        }
        let profile = MatchProfile::of(&app.person, &app.evidence);
        let candidates = candidates_among(
            &profile,
            others
                .iter()
                .filter_map(|id| staged.profiles.get(id).map(|p| (*id, p))),
        );
        let mut case = Case::from_application(app.clone(), now, Uuid::now_v7());
        case.sender = Some(sender.to_string());
        // The best candidates only (they come best first): an officer checks a handful, and a common
        // name must not tie every case to hundreds of others.
        case.possible_duplicates = candidates.iter().take(MAX_FLAGS).map(|c| c.case).collect();
        // The flag goes both ways: the earlier case learns of the new one too (its id is new, so it
        // cannot be there already), up to the same limit. Staged cases are changed in place.
        for other in &case.possible_duplicates {
            if !staged.cases.contains_key(other) {
                let loaded = self.load_case(other)?;
                staged.cases.insert(*other, loaded);
            }
            if let Some(o) = staged.cases.get_mut(other) {
                if o.possible_duplicates.len() < MAX_FLAGS {
                    o.possible_duplicates.push(case.id);
                }
            }
        }
        if !case.possible_duplicates.is_empty() {
            staged.flagged += 1;
        }
        for k in keys {
            staged.keys.entry(k).or_default().push(case.id);
        }
        staged.new += 1;
        staged.references.insert(app.id.clone(), case.id);
        staged.profiles.insert(case.id, profile);
        staged.cases.insert(case.id, case);
        Ok(())
    }

    fn stage_transfer(
        &mut self,
        line: usize,
        t: &TransferNotification,
        staged: &mut Staged,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let id = self
            .index()?
            .find(&t.application)
            .or_else(|| staged.references.get(&t.application).copied())
            .ok_or_else(|| {
                line_error(
                    line,
                    format!(
                        "there is no case {} for this transfer notification",
                        t.application
                    ),
                )
            })?;
        let case = self.staged_case(staged, &id)?;
        let action = CaseAction::RecordTransfer {
            at: t.departure,
            border_point: t.border_point.clone(),
            mode: match t.mode {
                WireMode::Air => TransferMode::Air,
                WireMode::Land => TransferMode::Land,
                WireMode::Sea => TransferMode::Sea,
            },
            flight_or_vehicle: t.flight.clone(),
            escort: (t.escorts > 0).then(|| format!("{} escort(s)", t.escorts)),
            medical_needs: t.medical.clone(),
        };
        let updated =
            lifecycle::apply(&case, action, &self.actor(), now).map_err(|e| line_error(line, e))?;
        staged.updated += 1;
        staged.cases.insert(id, updated);
        Ok(())
    }

    fn apply_receipt(
        &mut self,
        line: usize,
        r: &Receipt,
        sender: &str,
        txn: &mut Txn,
    ) -> Result<(), ServiceError> {
        let sent = self
            .vault
            .scan::<LogEntry>(Tree::EXCHANGE_LOG)
            .find_map(|item| match item {
                Ok((_, e))
                    if e.direction == Direction::Sent
                        && e.bundle_id == Some(r.bundle_id)
                        && e.partner.as_deref() == Some(sender) =>
                {
                    Some(Ok(e))
                }
                Ok(_) => None,
                Err(err) => Some(Err(err)),
            });
        let mut entry = match sent {
            Some(e) => e?,
            None => {
                return Err(line_error(
                    line,
                    format!("the receipt names a bundle this station never sent to {sender}"),
                ))
            }
        };
        if entry.manifest_sha256.as_deref() != Some(r.manifest_sha256.as_str()) {
            return Err(line_error(
                line,
                "the receipt's manifest hash is not that of the bundle sent",
            ));
        }
        if entry.acknowledged_at.is_none() {
            entry.acknowledged_at = Some(r.received_at);
            entry.put(&self.vault, txn)?;
        }
        Ok(())
    }

    /// A provider's answer to a referral: it must name a referral this station sent to that very
    /// provider's station. `follow_up` updates change no state; they are counted and logged.
    fn stage_referral_update(
        &mut self,
        line: usize,
        u: &ReferralUpdate,
        sender: &str,
        staged: &mut Staged,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let unknown = || {
            line_error(
                line,
                "the referral_update names a referral this station does not have",
            )
        };
        let referral = Uuid::parse_str(u.referral.trim()).map_err(|_| unknown())?;
        let returnee_id = self
            .vault
            .get::<Uuid>(Tree::REFERRALS, referral.as_bytes())?
            .ok_or_else(unknown)?;
        let record = match staged.returnees.get(&returnee_id) {
            Some(r) => r.clone(),
            None => self.load_returnee(&returnee_id)?,
        };
        let provider_id = record
            .returnee
            .referral(referral)
            .ok_or_else(unknown)?
            .provider;
        let provider = self.provider_by_id(provider_id)?;
        if provider.station.as_ref().map(|s| s.as_str()) != Some(sender) {
            return Err(line_error(
                line,
                format!("the referral was not sent to {sender}"),
            ));
        }
        let response = match u.status {
            WireStatus::Accepted => ReferralResponse::Accepted,
            WireStatus::Declined => ReferralResponse::Declined {
                reason: u.reason.clone().unwrap_or_default(),
            },
            WireStatus::Delivered => ReferralResponse::Delivered {
                on: u.delivered_on.unwrap_or(u.updated_on),
            },
            WireStatus::FollowUp => {
                staged.referral_updates += 1;
                return Ok(());
            }
        };
        let returnee = apply_provider_update(&record.returnee, referral, response, now)
            .map_err(|e| line_error(line, e))?;
        staged.referral_updates += 1;
        staged
            .returnees
            .insert(returnee_id, NrmRecord { returnee, ..record });
        Ok(())
    }
}
