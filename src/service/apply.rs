//! What each kind of record does when its bundle is imported. The records stream past once while the
//! bundle is checked (`Staging`): nothing is written then. A record that refers to something this
//! station does not have, or that the lifecycle refuses, refuses the whole bundle (rule 7) at its line.
//!
//! New cases are not kept in memory: the first reading only decides each one's id and duplicate flags
//! (`PlannedCase`), and a second reading of the file writes them in parts (`CaseWriter`, a vault
//! `Bulk`). Changes to what the station has already (transfers, flags on earlier cases, referral
//! answers, receipts) are staged and go in the import's final transaction.

use super::case_index::{put_case, put_new_case, CaseSummary};
use super::exchange_log::{imported_key, Direction, ExchangeState, LogEntry};
use super::nrm::{put_record, NrmRecord};
use super::{ServiceError, Session};
use crate::domain::application::Application;
use crate::domain::case::{Case, TransferMode};
use crate::domain::duplicate::{candidates_among, MatchProfile};
use crate::domain::lifecycle::{self, CaseAction};
use crate::domain::nrm::{apply_provider_update, ReferralResponse};
use crate::exchange::manifest::Manifest;
use crate::exchange::records::{
    Receipt, ReferralStatus as WireStatus, ReferralUpdate, TransferMode as WireMode,
    TransferNotification,
};
use crate::exchange::{Content, Record, RecordSink};
use crate::vault::{Bulk, Tree, Txn, Vault};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// How many possible duplicates a case is flagged with at most.
pub const MAX_FLAGS: usize = crate::domain::duplicate::MAX_CANDIDATES;

/// How many values a part of a bulk write holds (a case and its summary are two). Small enough that
/// neither our batch nor sled's cache grows with the bundle, large enough that flushes stay few.
const PART_VALUES: usize = 500;

/// How often (in records) an import reports how far it got.
const REPORT_EVERY: u64 = 500;

/// How far an import got: records checked, then cases written, out of `total` steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportStep {
    pub done: u64,
    pub total: u64,
}

/// Told how far the import got; returns false to cancel it (nothing is then changed).
pub type Progress<'p> = &'p mut dyn FnMut(ImportStep) -> bool;

fn refuse(why: impl std::fmt::Display) -> ServiceError {
    ServiceError::Rejected(why.to_string())
}

/// A new case decided on by the first reading; the second reading writes it.
pub(crate) struct PlannedCase {
    id: Uuid,
    /// A hash of the reference: the second reading checks it is at the same line (the whole file's
    /// identity is checked by its hashes).
    reference: u64,
    flags: Vec<Uuid>,
}

fn hash_of(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// What the first reading decided, before anything is written.
#[derive(Default)]
pub(crate) struct Staged {
    /// Cases the station has already, as the import changes them.
    pub cases: HashMap<Uuid, Case>,
    pub planned: Vec<PlannedCase>,
    /// The duplicate check's view of each new case's person, by its place in `planned`.
    planned_profiles: Vec<MatchProfile>,
    /// Blocking keys (hashed: a collision only costs a comparison) of the new cases, so applications
    /// in the same bundle are compared too.
    keys: HashMap<u64, Vec<u32>>,
    /// References of the new cases: a lookup, not a scan, so a large bundle stays linear.
    references: HashSet<String>,
    /// The duplicate check's view of the station's cases compared so far.
    profiles: HashMap<Uuid, MatchProfile>,
    flagged: usize,
    updated: usize,
    receipts: usize,
    /// Returnee records changed by providers' referral updates.
    pub returnees: HashMap<Uuid, NrmRecord>,
    referral_updates: usize,
    /// Exchange log entries the receipts acknowledge.
    pub acknowledged: Vec<LogEntry>,
}

impl Staged {
    /// What the records did, in counts.
    pub fn summary(&self) -> String {
        let mut parts = vec![];
        if !self.planned.is_empty() {
            parts.push(format!(
                "{} new case(s), {} flagged as possible duplicates",
                self.planned.len(),
                self.flagged
            ));
        }
        if self.updated > 0 {
            parts.push(format!("{} case(s) updated", self.updated));
        }
        if self.referral_updates > 0 {
            parts.push(format!(
                "{} referral update(s) recorded",
                self.referral_updates
            ));
        }
        if self.receipts > 0 {
            parts.push(format!("{} receipt(s) acknowledged", self.receipts));
        }
        parts.join("; ")
    }

    /// Puts the changes to what the station had into `txn`; returns the summaries of changed cases.
    pub fn put(&self, vault: &Vault, txn: &mut Txn) -> Result<Vec<CaseSummary>, ServiceError> {
        let mut summaries = Vec::with_capacity(self.cases.len());
        for case in self.cases.values() {
            summaries.push(put_case(vault, txn, case)?);
        }
        for record in self.returnees.values() {
            put_record(vault, txn, record)?;
        }
        for entry in &self.acknowledged {
            entry.put(vault, txn)?;
        }
        Ok(summaries)
    }
}

/// The manifest as the read path verified it.
pub(crate) struct Seen {
    pub manifest: Manifest,
    pub sha256: String,
}

/// The first reading: checks every record against the station and stages what it would do.
pub(crate) struct Staging<'s, 'p> {
    session: &'s mut Session,
    now: DateTime<Utc>,
    progress: Progress<'p>,
    agreements: Vec<String>,
    /// What the station has received so far: the replay check now, the sequence numbers after.
    pub state: ExchangeState,
    pub seen: Option<Seen>,
    /// The sender's station id, once the manifest is verified.
    sender: String,
    /// The bundle was imported before: its records are not looked at.
    pub replayed: bool,
    pub staged: Staged,
    /// What stopped the reading that is not the bundle's fault (the vault failed, the clerk cancelled).
    pub fatal: Option<ServiceError>,
    total: u64,
}

impl<'s, 'p> Staging<'s, 'p> {
    pub fn new(
        session: &'s mut Session,
        now: DateTime<Utc>,
        progress: Progress<'p>,
    ) -> Result<Self, ServiceError> {
        let agreements = session.agreements()?.into_iter().map(|a| a.code).collect();
        let state = ExchangeState::load(&session.vault)?;
        Ok(Staging {
            session,
            now,
            progress,
            agreements,
            state,
            seen: None,
            sender: String::new(),
            replayed: false,
            staged: Staged::default(),
            fatal: None,
            total: 0,
        })
    }

    fn stage(&mut self, record: Record) -> Result<(), ServiceError> {
        match record {
            Record::ReadmissionApplication(app) => {
                if !self.agreements.contains(&app.agreement) {
                    return Err(refuse(format!(
                        "the agreement `{}` is not known to this station",
                        app.agreement
                    )));
                }
                self.plan_application(&app)
            }
            Record::TransferNotification(t) => self.stage_transfer(&t),
            Record::Receipt(r) => self.stage_receipt(&r, &self.sender.clone()),
            Record::ReferralUpdate(u) => self.stage_referral_update(&u, &self.sender.clone()),
            other => Err(refuse(format!(
                "this station does not take {} records",
                other.content().wire_name()
            ))),
        }
    }

    /// A case as it stands in this import: staged, or from the vault.
    fn staged_case(&self, id: &Uuid) -> Result<Case, ServiceError> {
        match self.staged.cases.get(id) {
            Some(c) => Ok(c.clone()),
            None => self.session.load_case(id),
        }
    }

    fn plan_application(&mut self, app: &Application) -> Result<(), ServiceError> {
        let index = self.session.index()?;
        if index.find(&app.id).is_some() || self.staged.references.contains(&app.id) {
            return Err(refuse(format!(
                "a case with the reference {} exists already",
                app.id
            )));
        }
        let profile = MatchProfile::of(&app.person, &app.evidence);
        let keys = profile.keys();
        let existing = index.sharing(&keys);
        let mut new: Vec<u32> = keys
            .iter()
            .filter_map(|k| self.staged.keys.get(&hash_of(k)))
            .flatten()
            .copied()
            .collect();
        new.sort_unstable();
        new.dedup();
        // Each person's names are folded once per import, however many others they are compared with.
        for id in &existing {
            if !self.staged.profiles.contains_key(id) {
                let other = self.staged_case(id)?;
                let p = &other.application;
                let profile = MatchProfile::of(&p.person, &p.evidence);
                self.staged.profiles.insert(*id, profile);
            }
        }
        let staged = &self.staged;
        let candidates = candidates_among(
            &profile,
            existing
                .iter()
                .filter_map(|id| staged.profiles.get(id).map(|p| (*id, p)))
                .chain(new.iter().map(|&at| {
                    let at = at as usize;
                    (staged.planned[at].id, &staged.planned_profiles[at])
                })),
        );
        let id = Uuid::now_v7();
        // The best candidates only (they come best first): an officer checks a handful, and a common
        // name must not tie every case to hundreds of others.
        let flags: Vec<Uuid> = candidates.iter().take(MAX_FLAGS).map(|c| c.case).collect();
        // The flag goes both ways: the earlier case learns of the new one too (its id is new, so it
        // cannot be there already), up to the same limit.
        for other in &flags {
            let earlier_new = new
                .iter()
                .map(|&at| at as usize)
                .find(|&at| self.staged.planned[at].id == *other);
            if let Some(at) = earlier_new {
                let earlier = &mut self.staged.planned[at].flags;
                if earlier.len() < MAX_FLAGS {
                    earlier.push(id);
                }
                continue;
            }
            if !self.staged.cases.contains_key(other) {
                let loaded = self.session.load_case(other)?;
                self.staged.cases.insert(*other, loaded);
            }
            if let Some(o) = self.staged.cases.get_mut(other) {
                if o.possible_duplicates.len() < MAX_FLAGS {
                    o.possible_duplicates.push(id);
                }
            }
        }
        if !flags.is_empty() {
            self.staged.flagged += 1;
        }
        let at = self.staged.planned.len() as u32;
        for k in &keys {
            self.staged.keys.entry(hash_of(k)).or_default().push(at);
        }
        self.staged.references.insert(app.id.clone());
        self.staged.planned_profiles.push(profile);
        self.staged.planned.push(PlannedCase {
            id,
            reference: hash_of(&app.id),
            flags,
        });
        Ok(())
    }

    fn stage_transfer(&mut self, t: &TransferNotification) -> Result<(), ServiceError> {
        let id = self.session.index()?.find(&t.application).ok_or_else(|| {
            refuse(format!(
                "there is no case {} for this transfer notification",
                t.application
            ))
        })?;
        let case = self.staged_case(&id)?;
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
            lifecycle::apply(&case, action, &self.session.actor(), self.now).map_err(refuse)?;
        self.staged.updated += 1;
        self.staged.cases.insert(id, updated);
        Ok(())
    }

    fn stage_receipt(&mut self, r: &Receipt, sender: &str) -> Result<(), ServiceError> {
        let sent = self
            .session
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
                return Err(refuse(format!(
                    "the receipt names a bundle this station never sent to {sender}"
                )))
            }
        };
        if entry.manifest_sha256.as_deref() != Some(r.manifest_sha256.as_str()) {
            return Err(refuse(
                "the receipt's manifest hash is not that of the bundle sent",
            ));
        }
        let already = self.staged.acknowledged.iter().any(|e| e.id == entry.id);
        if entry.acknowledged_at.is_none() && !already {
            entry.acknowledged_at = Some(r.received_at);
            self.staged.acknowledged.push(entry);
        }
        self.staged.receipts += 1;
        Ok(())
    }

    /// A provider's answer to a referral: it must name a referral this station sent to that very
    /// provider's station. `follow_up` updates change no state; they are counted and logged.
    fn stage_referral_update(
        &mut self,
        u: &ReferralUpdate,
        sender: &str,
    ) -> Result<(), ServiceError> {
        let unknown = || refuse("the referral_update names a referral this station does not have");
        let referral = Uuid::parse_str(u.referral.trim()).map_err(|_| unknown())?;
        let returnee_id = self
            .session
            .vault
            .get::<Uuid>(Tree::REFERRALS, referral.as_bytes())?
            .ok_or_else(unknown)?;
        let record = match self.staged.returnees.get(&returnee_id) {
            Some(r) => r.clone(),
            None => self.session.load_returnee(&returnee_id)?,
        };
        let provider_id = record
            .returnee
            .referral(referral)
            .ok_or_else(unknown)?
            .provider;
        let provider = self.session.provider_by_id(provider_id)?;
        if provider.station.as_ref().map(|s| s.as_str()) != Some(sender) {
            return Err(refuse(format!("the referral was not sent to {sender}")));
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
                self.staged.referral_updates += 1;
                return Ok(());
            }
        };
        let returnee = apply_provider_update(&record.returnee, referral, response, self.now)
            .map_err(refuse)?;
        self.staged.referral_updates += 1;
        self.staged
            .returnees
            .insert(returnee_id, NrmRecord { returnee, ..record });
        Ok(())
    }
}

/// Hands a failure to the read path: the bundle's fault as its sentence; anything else is kept aside
/// (and reported instead) with a sentence that stops the reading.
fn settle(
    result: Result<(), ServiceError>,
    fatal: &mut Option<ServiceError>,
) -> Result<(), String> {
    match result {
        Ok(()) => Ok(()),
        Err(ServiceError::Rejected(why)) => Err(why),
        Err(other) => {
            *fatal = Some(other);
            Err("the import stopped".into())
        }
    }
}

fn cancelled() -> ServiceError {
    ServiceError::Invalid("the import was cancelled; nothing changed".into())
}

/// Tells `progress` every `REPORT_EVERY` steps (and at the last); false when the clerk cancelled.
fn report(progress: &mut Progress<'_>, done: u64, total: u64) -> bool {
    if done % REPORT_EVERY != 0 && done != total {
        return true;
    }
    progress(ImportStep { done, total })
}

impl RecordSink for Staging<'_, '_> {
    fn begin(&mut self, manifest: &Manifest, manifest_sha256: &str) {
        let records = manifest
            .records_entry()
            .and_then(|f| f.records)
            .unwrap_or(0);
        // Applications are read twice: once to check, once to write.
        self.total = match manifest.content {
            Content::ReadmissionApplications => records * 2,
            _ => records,
        };
        let key = imported_key(manifest.sender.as_str(), &manifest.bundle_id);
        self.replayed = self.state.imported.contains(&key);
        self.sender = manifest.sender.to_string();
        self.seen = Some(Seen {
            manifest: manifest.clone(),
            sha256: manifest_sha256.to_string(),
        });
    }

    fn take(&mut self, line: u64, record: Record) -> Result<(), String> {
        if self.fatal.is_some() {
            return Err("the import stopped".into());
        }
        if !report(&mut self.progress, line, self.total) {
            self.fatal = Some(cancelled());
            return Err("the import was cancelled".into());
        }
        if self.replayed {
            return Ok(());
        }
        let result = self.stage(record);
        settle(result, &mut self.fatal)
    }
}

/// The second reading of an applications bundle: writes each planned case, in parts.
pub(crate) struct CaseWriter<'a, 'p> {
    vault: &'a Vault,
    planned: &'a [PlannedCase],
    sender: String,
    now: DateTime<Utc>,
    progress: Progress<'p>,
    pub bulk: Bulk,
    pub fatal: Option<ServiceError>,
}

impl<'a, 'p> CaseWriter<'a, 'p> {
    pub fn new(
        vault: &'a Vault,
        planned: &'a [PlannedCase],
        sender: String,
        now: DateTime<Utc>,
        progress: Progress<'p>,
    ) -> Self {
        CaseWriter {
            vault,
            planned,
            sender,
            now,
            progress,
            bulk: Bulk::new(PART_VALUES),
            fatal: None,
        }
    }

    fn write(&mut self, line: u64, record: Record) -> Result<(), ServiceError> {
        let changed = || refuse("the file changed while it was being imported");
        let Record::ReadmissionApplication(app) = record else {
            return Err(changed());
        };
        let planned = self.planned.get(line as usize - 1).ok_or_else(changed)?;
        if planned.reference != hash_of(&app.id) {
            return Err(changed());
        }
        let mut case = Case::from_application(app, self.now, planned.id);
        case.sender = Some(self.sender.clone());
        case.possible_duplicates = planned.flags.clone();
        put_new_case(self.vault, &mut self.bulk, &case)?;
        Ok(())
    }
}

impl RecordSink for CaseWriter<'_, '_> {
    fn take(&mut self, line: u64, record: Record) -> Result<(), String> {
        if self.fatal.is_some() {
            return Err("the import stopped".into());
        }
        let total = self.planned.len() as u64;
        if !report(&mut self.progress, total + line, total * 2) {
            self.fatal = Some(cancelled());
            return Err("the import was cancelled".into());
        }
        let result = self.write(line, record);
        settle(result, &mut self.fatal)
    }
}
