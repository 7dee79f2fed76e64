//! The station clock: applies by itself every case fact that a date passing establishes (deemed
//! acceptance where silence means consent, an expired travel document, an expired transfer window),
//! each in its own transaction with an audit entry whose actor is the station clock. Idempotent: what
//! was applied is no longer due. It refuses to run on a clock set back behind its last run.

use super::case_index::put_case;
use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::case::CaseStatus;
use crate::domain::clock::{due_action, STATION_CLOCK};
use crate::domain::deadline::{parse_zone, DeadlineSettings, DEFAULT_ZONE};
use crate::domain::ids::UserName;
use crate::domain::lifecycle::{self, Actor, CaseActionKind};
use crate::domain::policy::Permission;
use crate::domain::role::Role;
use crate::vault::{Tree, Txn, Vault, VaultError};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

const LAST_RUN: &[u8] = b"clock_last_run";
const TIME_ZONE: &[u8] = b"time_zone";

/// One fact the clock recorded on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockChange {
    pub case: String,
    pub reference: String,
    pub action: CaseActionKind,
    pub from: CaseStatus,
    pub to: CaseStatus,
    pub at: DateTime<Utc>,
}

/// What one run of the clock did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockRun {
    pub at: DateTime<Utc>,
    /// The station's zone, for showing `at` and the dates.
    pub time_zone: String,
    pub changes: Vec<ClockChange>,
    /// The system time is earlier than the clock's last run: nothing was applied, an admin must
    /// confirm the time (`ercms clock confirm`).
    pub set_back_from: Option<DateTime<Utc>>,
}

/// The actor the clock's case events name. Its role is the least one allowed to record clock facts
/// (they decide nothing); the name tells it apart from every account, which may not take it.
fn clock_actor() -> Actor {
    Actor {
        // STATION_CLOCK is a valid user name (lowercase letters and a hyphen).
        name: UserName::parse(STATION_CLOCK).unwrap_or_else(|_| unreachable!()), // ok: constant
        role: Role::Clerk,
    }
}

/// Writes the station's zone into a new station's first transaction.
pub(crate) fn seed_time_zone(vault: &Vault, txn: &mut Txn, zone: Tz) -> Result<(), ServiceError> {
    Ok(vault.put(txn, Tree::STATION, TIME_ZONE, &zone.name().to_string())?)
}

impl Session {
    /// The station's IANA time zone (Asia/Baghdad on stations made before it was kept).
    pub fn time_zone(&self) -> Result<Tz, ServiceError> {
        Ok(self
            .vault
            .get::<String>(Tree::STATION, TIME_ZONE)?
            .and_then(|z| parse_zone(&z))
            .unwrap_or(DEFAULT_ZONE))
    }

    pub(crate) fn deadline_settings(&self) -> Result<DeadlineSettings, ServiceError> {
        Ok(DeadlineSettings::in_zone(self.time_zone()?))
    }

    /// `ercms station set --time-zone ZONE` (admin): due dates are counted in the new zone from now on.
    pub fn set_time_zone(&mut self, zone: &str, now: DateTime<Utc>) -> Result<Tz, ServiceError> {
        self.allow(Permission::ManageSettings)?;
        let new = parse_zone(zone).ok_or_else(|| {
            ServiceError::Invalid(format!(
                "{} is not a time zone; use an IANA name such as Asia/Baghdad, Asia/Baku or Africa/Abidjan",
                zone.chars().take(60).collect::<String>()
            ))
        })?;
        let old = self.time_zone()?;
        let mut txn = Txn::default();
        self.vault
            .put(&mut txn, Tree::STATION, TIME_ZONE, &new.name().to_string())?;
        let detail = format!("time_zone: {} -> {}", old.name(), new.name());
        let station = self.station.to_string();
        self.commit(
            txn,
            now,
            &[Note {
                action: "station.time_zone",
                target: Some(&station),
                detail: Some(&detail),
            }],
        )?;
        Ok(new)
    }

    /// When the clock last ran, if ever.
    /// Kept in plaintext (meta), outside the state commitment: every session's opening notes it, and
    /// an audit entry for each would drown the trail. It is a time, no personal data; a value that
    /// cannot be read counts as never.
    pub fn clock_last_run(&self) -> Result<Option<DateTime<Utc>>, ServiceError> {
        let bytes = self.vault.plain().get_plain(Tree::META, LAST_RUN)?;
        Ok(bytes
            .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
            .and_then(|b| DateTime::<Utc>::from_timestamp_micros(i64::from_be_bytes(b))))
    }

    /// `ercms clock run`, and every session's opening: applies what is due at `now`.
    pub fn run_clock(&mut self, now: DateTime<Utc>) -> Result<ClockRun, ServiceError> {
        let settings = self.deadline_settings()?;
        let mut run = ClockRun {
            at: now,
            time_zone: settings.zone.name().to_string(),
            changes: Vec::new(),
            set_back_from: None,
        };
        if let Some(last) = self.clock_last_run()? {
            if now < last {
                run.set_back_from = Some(last);
                return Ok(run);
            }
        }
        let rules = self.rules()?;
        let actor = clock_actor();
        let candidates: Vec<(uuid::Uuid, CaseStatus, String)> = self
            .index()?
            .rows
            .iter()
            .filter(|s| !s.status.is_finished() && s.status != CaseStatus::Received)
            .map(|s| (s.id, s.status, s.agreement.clone()))
            .collect();
        for (id, _, agreement) in candidates {
            let Some((agreement, calendar)) = rules.agreement_and_calendar(&agreement) else {
                continue;
            };
            // One fact at a time, each durable before the next: a week closed may hold several.
            for _ in 0..CLOCK_STEPS {
                let before = self.load_case(&id)?;
                let Some(action) = due_action(
                    before.status,
                    &before.clock(),
                    agreement,
                    calendar,
                    &settings,
                    now,
                ) else {
                    break;
                };
                let kind = action.kind();
                let Ok(after) = lifecycle::apply(&before, action, &actor, now) else {
                    break;
                };
                let mut txn = Txn::default();
                let summary = put_case(&self.vault, &mut txn, &after)?;
                note_last_run(&mut txn, now);
                let detail = format!(
                    "{}: {} -> {}",
                    after.reference(),
                    before.status,
                    after.status
                );
                let action_name = format!("case.{}", kind.as_str());
                let target = id.to_string();
                self.commit_as(
                    txn,
                    now,
                    STATION_CLOCK,
                    &[Note {
                        action: &action_name,
                        target: Some(&target),
                        detail: Some(&detail),
                    }],
                )?;
                self.index()?.upsert(summary);
                run.changes.push(ClockChange {
                    case: target,
                    reference: after.reference().to_string(),
                    action: kind,
                    from: before.status,
                    to: after.status,
                    at: now,
                });
            }
        }
        if run.changes.is_empty() {
            // Remember the run even when nothing was due, so that a clock set back is noticed.
            // On a full or failing disk the note is lost, and reading goes on.
            let mut txn = Txn::default();
            note_last_run(&mut txn, now);
            match self.vault.commit(txn) {
                Ok(()) | Err(VaultError::WriteFailed(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(run)
    }

    /// `ercms clock confirm` (admin): the system time is right although it is earlier than the clock's
    /// last run (a clock that ran fast was corrected). Audited with both times, then the clock runs.
    pub fn confirm_clock(&mut self, now: DateTime<Utc>) -> Result<ClockRun, ServiceError> {
        self.allow(Permission::ManageSettings)?;
        let last = self.clock_last_run()?;
        let detail = format!(
            "clock_last_run: {} -> {}",
            last.map_or("none".to_string(), |t| t.to_rfc3339()),
            now.to_rfc3339()
        );
        let station = self.station.to_string();
        let mut txn = Txn::default();
        note_last_run(&mut txn, now);
        self.commit(
            txn,
            now,
            &[Note {
                action: "clock.confirm",
                target: Some(&station),
                detail: Some(&detail),
            }],
        )?;
        self.run_clock(now)
    }
}

/// Notes the time of this run (microseconds since 1970, big-endian) in the transaction.
fn note_last_run(txn: &mut Txn, now: DateTime<Utc>) {
    txn.put_plain(
        Tree::META,
        LAST_RUN,
        now.timestamp_micros().to_be_bytes().to_vec(),
    );
}

/// The most facts the clock records on one case in one run (deemed accepted, then the window ends).
const CLOCK_STEPS: usize = 4;
