//! A station on disk before login: creating it (`init`), opening it, and logging in with lockout.

use super::intake::{self, IntakeEvent};
use super::session::{append, Note, Session, User};
use super::station_keys::{load_keys, StoredKeys};
use super::ServiceError;
use crate::audit::Head;
use crate::domain::ids::{StationId, UserName};
use crate::domain::lockout;
use crate::domain::role::Role;
use crate::exchange::StationKeys;
use crate::vault::slot::{slot_id, Slot, DEFAULT_WORK_FACTOR};
use crate::vault::{DataKey, LockedVault, Tree, Txn, VaultError};
use age::secrecy::{ExposeSecret, SecretString};
use chrono::{DateTime, Utc};
use rand::RngCore;
use std::path::Path;

/// The one sentence every failed sign-in gets, whether the name exists or not, the passphrase is wrong
/// or the account waits: it tells a stranger nothing about which names exist.
pub const SIGN_IN_REFUSED: &str =
    "unknown user or wrong passphrase, or the account is waiting after \
     repeated failures (five in a row make it wait 15 minutes, then longer)";
/// How many refused sign-ins a minute are written to the audit trail (the rest are only refused).
pub const FAILURES_RECORDED_PER_MINUTE: u32 = 10;
/// META key of the current minute and how many refused sign-ins it recorded (8 + 4 bytes).
const FAILURE_WINDOW: &[u8] = b"failed_sign_ins";
pub const MIN_PASSPHRASE_CHARS: usize = 10;

pub struct Station {
    vault: LockedVault,
    station: StationId,
    salt: Vec<u8>,
    recipient: String,
}

pub struct InitOptions {
    pub station: StationId,
    pub admin: UserName,
    pub passphrase: SecretString,
    /// scrypt log2(N) for key slots; `None` for the default.
    pub work_factor: Option<u8>,
    /// Existing station keys (the demo's, from keys/); `None` makes new ones.
    pub keys: Option<StationKeys>,
}

#[cfg(test)]
impl InitOptions {
    /// A test station IQ-MOMD-TEST whose admin `admin` has `passphrase`, with a light scrypt work factor.
    pub(crate) fn for_test(passphrase: SecretString) -> InitOptions {
        InitOptions {
            station: StationId::parse("IQ-MOMD-TEST").expect("a valid station id"),
            admin: UserName::parse("admin").expect("a valid user name"),
            passphrase,
            work_factor: Some(10),
            keys: None,
        }
    }
}

pub(crate) fn check_passphrase(p: &SecretString) -> Result<(), ServiceError> {
    if p.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(ServiceError::Invalid(format!(
            "a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters"
        )));
    }
    Ok(())
}

fn meta_text(vault: &LockedVault, key: &[u8]) -> Result<String, ServiceError> {
    vault
        .get_plain(Tree::META, key)?
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| ServiceError::Invalid("the station's settings are damaged".into()))
}

impl Station {
    /// `ercms init`: a new vault, station keys and the first admin, in one transaction.
    pub fn init(
        dir: &Path,
        opts: InitOptions,
        now: DateTime<Utc>,
    ) -> Result<Session, ServiceError> {
        Self::init_in_zone(dir, opts, crate::domain::deadline::DEFAULT_ZONE, now)
    }

    /// `ercms init --time-zone ZONE`: the same, with the station's IANA zone (due dates count in it).
    pub fn init_in_zone(
        dir: &Path,
        opts: InitOptions,
        zone: chrono_tz::Tz,
        now: DateTime<Utc>,
    ) -> Result<Session, ServiceError> {
        check_passphrase(&opts.passphrase)?;
        let created_store = !dir.join("vault").exists();
        let result = Self::init_inner(dir, opts, zone, now);
        if result.is_err() && created_store {
            // Leave nothing half-made behind: the folder is ours, we just created it.
            let _ = std::fs::remove_dir_all(dir.join("vault"));
        }
        result
    }

    fn init_inner(
        dir: &Path,
        opts: InitOptions,
        zone: chrono_tz::Tz,
        now: DateTime<Utc>,
    ) -> Result<Session, ServiceError> {
        let locked = LockedVault::create(dir)?;
        // Notes left by a station whose vault is gone belong to no station.
        super::backup::forget_notes(dir);
        let key = DataKey::generate();
        let mut salt = vec![0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        let keys = match opts.keys {
            Some(k) => k,
            None => StationKeys::generate(opts.station.clone()).map_err(|e| {
                ServiceError::Invalid(format!("could not make the station keys: {e}"))
            })?,
        };
        let recipient = keys.age_recipient();
        let work_factor = opts.work_factor.unwrap_or(DEFAULT_WORK_FACTOR);
        let slot = Slot::wrap(&key, &opts.passphrase, work_factor)?;
        let admin = User {
            name: opts.admin.clone(),
            role: Role::Admin,
            created_at: now,
            created_by: "station".into(),
        };
        let vault = locked.with_key(key);
        let sid = slot_id(&salt, admin.name.as_str());
        let mut txn = Txn::default();
        LockedVault::format_marker(&mut txn);
        txn.put_plain(
            Tree::META,
            b"station",
            opts.station.as_str().as_bytes().to_vec(),
        );
        txn.put_plain(Tree::META, b"salt", salt.clone());
        txn.put_plain(Tree::META, b"recipient", recipient.into_bytes());
        txn.put_plain(Tree::META, b"work_factor", vec![work_factor]);
        txn.put_plain(Tree::SLOTS, &sid, slot.to_bytes());
        vault.put(&mut txn, Tree::USERS, &sid, &admin)?;
        super::agreements::seed_defaults(&vault, &mut txn)?;
        super::clock::seed_time_zone(&vault, &mut txn, zone)?;
        vault.put(
            &mut txn,
            Tree::STATION,
            b"keys",
            &StoredKeys::from_keys(&keys),
        )?;
        let mut head = Head::default();
        let station_note = Note {
            action: "station.init",
            target: Some(opts.station.as_str()),
            detail: None,
        };
        append(&vault, &mut txn, &mut head, now, "station", &station_note)?;
        let admin_note = Note {
            action: "user.add",
            target: Some(admin.name.as_str()),
            detail: Some("admin"),
        };
        append(&vault, &mut txn, &mut head, now, "station", &admin_note)?;
        vault.commit(txn)?;
        vault.set_version(head.next);
        super::checkpoint::note_head(vault.dir(), &head)?;
        Ok(Session {
            vault,
            user: admin,
            station: opts.station,
            head,
            salt,
            cases: None,
            changes: 0,
        })
    }

    /// Opens the station in `dir` for login.
    pub fn open(dir: &Path) -> Result<Station, ServiceError> {
        Station::from_vault(LockedVault::open(dir)?)
    }

    /// The station on a vault that is open already (after `init`, a restore, or a session's lock).
    pub fn from_vault(vault: LockedVault) -> Result<Station, ServiceError> {
        let station = StationId::parse(&meta_text(&vault, b"station")?)
            .map_err(|_| ServiceError::Invalid("the station's settings are damaged".into()))?;
        let salt = vault
            .get_plain(Tree::META, b"salt")?
            .ok_or_else(|| ServiceError::Invalid("the station's settings are damaged".into()))?;
        let recipient = meta_text(&vault, b"recipient")?;
        Ok(Station {
            vault,
            station,
            salt,
            recipient,
        })
    }

    pub fn id(&self) -> &StationId {
        &self.station
    }

    pub fn dir(&self) -> &Path {
        self.vault.dir()
    }

    /// Warnings about the station's files: the disk was full (the reserve was used to open it, and
    /// this is recorded for the audit trail), or a file or folder can be read by others.
    pub fn warnings(&self, now: DateTime<Utc>) -> Vec<String> {
        let mut out = Vec::new();
        if self.vault.reserve_used() {
            let recorded = self.note_event(
                now,
                "station",
                "disk.full",
                "the disk was full; the space kept in reserve was used to open the station",
            );
            out.push(format!(
                "warning: the disk is full; ercms used the space it keeps in reserve to open the station{}: free space on the disk now",
                if recorded.is_ok() { " (recorded in the audit trail)" } else { "" }
            ));
        }
        out.extend(self.permission_warning());
        out
    }

    /// A warning when a file or folder of the station can be read by others (see `LockedVault::widened`).
    pub fn permission_warning(&self) -> Option<String> {
        self.vault.widened().map(|p| {
            format!(
                "warning: {} can be read or changed by other users of this computer; make it private with `chmod -R go-rwx {}`",
                p.display(),
                self.dir().display()
            )
        })
    }

    /// Logs a user in: unwraps the data key from their slot. Five wrong passphrases in a row make the
    /// account wait (`domain::lockout`; kept on disk, so a restart does not reset it). Every failure
    /// reads the same.
    pub fn login(
        &self,
        name: &str,
        passphrase: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<Session, ServiceError> {
        let refused = || ServiceError::NotAllowed(SIGN_IN_REFUSED.into());
        let user_name = UserName::parse(name).map_err(|_| refused())?;
        let sid = slot_id(&self.salt, user_name.as_str());
        let Some(bytes) = self.vault.get_plain(Tree::SLOTS, &sid)? else {
            // An unknown name costs the same scrypt work as a known one, so timing tells nothing.
            self.decoy_unwrap(passphrase);
            self.note_before_unlock(now, name, &[("login.failed", "unknown user")], None)?;
            return Err(refused());
        };
        let mut slot = Slot::from_bytes(&bytes)?;
        if slot.locked {
            self.note_before_unlock(now, name, &[("login.refused", "account locked")], None)?;
            return Err(refused());
        }
        // While the account waits, the passphrase is not even tried: guessing goes no faster.
        if slot.wait_until.is_some_and(|t| now.timestamp() < t) {
            self.note_before_unlock(now, name, &[("login.refused", "account waiting")], None)?;
            return Err(refused());
        }
        let Some(key) = slot.unwrap_key(passphrase) else {
            slot.failed = slot.failed.saturating_add(1);
            let wait = lockout::wait_after(slot.failed);
            slot.wait_until = wait.map(|w| (now + w).timestamp());
            let failed = ("login.failed", "wrong passphrase");
            let waits = ("user.locked", "too many wrong passphrases; sign-in waits");
            let events: &[(&str, &str)] = if wait.is_some() {
                &[failed, waits]
            } else {
                &[failed]
            };
            self.note_before_unlock(now, name, events, Some((&sid, &slot)))?;
            return Err(refused());
        };
        let vault = self.vault.with_key(key);
        let user: User = vault.get(Tree::USERS, &sid)?.ok_or_else(|| {
            ServiceError::Invalid("this account's record is missing; the vault is damaged".into())
        })?;
        let mut head: Head = vault
            .get(Tree::STATION, b"audit_head")?
            .ok_or(VaultError::Tampered("station"))?;
        // A chain shorter than the last checkpoint that left the station: rolled back or cut.
        super::checkpoint::check_at_sign_in(&vault, &load_keys(&vault, &self.station)?, &head)?;
        // What this sign-in writes is sealed as the next entry's version.
        vault.set_version(head.next);
        let mut txn = Txn::default();
        if slot.failed > 0 || slot.wait_until.is_some() {
            slot.failed = 0;
            slot.wait_until = None;
            txn.put_plain(Tree::SLOTS, &sid, slot.to_bytes());
        }
        self.drain_intake(&vault, &mut txn, &mut head, now)?;
        let note = Note {
            action: "login",
            target: None,
            detail: None,
        };
        let before = head.clone();
        append(&vault, &mut txn, &mut head, now, user.name.as_str(), &note)?;
        match vault.commit(txn) {
            Ok(()) => super::checkpoint::note_head(vault.dir(), &head)?,
            // A full or failing disk must not stop officers reading: the session opens on the data
            // as it is, and any change it tries is refused by the store with the same sentence.
            Err(VaultError::WriteFailed(_)) => head = before,
            Err(e) => return Err(e.into()),
        }
        vault.set_version(head.next);
        Ok(Session {
            vault,
            user,
            station: self.station.clone(),
            head,
            salt: self.salt.clone(),
            cases: None,
            changes: 0,
        })
    }

    /// Unwraps some account's slot with the passphrase given for an unknown name and throws the result
    /// away, so that the sign-in takes as long as a wrong passphrase for a known name (one scrypt at
    /// the station's work factor); timing then does not tell which names exist.
    fn decoy_unwrap(&self, passphrase: &SecretString) {
        let slot = self
            .vault
            .scan_plain(Tree::SLOTS)
            .ok()
            .and_then(|slots| slots.into_iter().next())
            .and_then(|(_, bytes)| Slot::from_bytes(&bytes).ok());
        if let Some(slot) = slot {
            drop(slot.unwrap_key(passphrase));
        }
    }

    /// Records an event of the station itself before anyone has unlocked (moved to the audit trail at
    /// the next sign-in).
    fn note_event(
        &self,
        now: DateTime<Utc>,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), ServiceError> {
        let mut txn = Txn::default();
        let event = IntakeEvent {
            at: now,
            actor: actor.to_string(),
            action: action.to_string(),
            detail: Some(detail.to_string()),
        };
        intake::add(&mut txn, &self.recipient, &event)?;
        Ok(self.vault.commit(txn)?)
    }

    /// Records an event before anyone has unlocked (with the slot's new counter, in one transaction).
    /// Failed sign-ins are recorded at most [`FAILURES_RECORDED_PER_MINUTE`] times a minute, so that
    /// a flood of them cannot fill the disk; the slot's counter (which locks the account) is always
    /// kept.
    fn note_before_unlock(
        &self,
        now: DateTime<Utc>,
        actor: &str,
        events: &[(&str, &str)],
        slot: Option<(&[u8], &Slot)>,
    ) -> Result<(), ServiceError> {
        let mut txn = Txn::default();
        if let Some((sid, slot)) = slot {
            txn.put_plain(Tree::SLOTS, sid, slot.to_bytes());
        }
        let minute = now.timestamp().div_euclid(60);
        let (last_minute, recorded) = self
            .vault
            .get_plain(Tree::META, FAILURE_WINDOW)?
            .and_then(|b| <[u8; 12]>::try_from(b.as_slice()).ok())
            .map(|b| {
                let (m, n) = b.split_at(8);
                (
                    i64::from_be_bytes(m.try_into().unwrap_or_default()),
                    u32::from_be_bytes(n.try_into().unwrap_or_default()),
                )
            })
            .unwrap_or((i64::MIN, 0));
        let recorded = if last_minute == minute { recorded } else { 0 };
        if recorded >= FAILURES_RECORDED_PER_MINUTE {
            if slot.is_some() {
                self.vault.commit(txn)?;
            }
            return Ok(());
        }
        let mut window = minute.to_be_bytes().to_vec();
        window.extend_from_slice(&(recorded + 1).to_be_bytes());
        txn.put_plain(Tree::META, FAILURE_WINDOW, window);
        for (action, detail) in events {
            let event = IntakeEvent {
                at: now,
                actor: actor.chars().take(64).collect(),
                action: action.to_string(),
                detail: Some(detail.to_string()),
            };
            intake::add(&mut txn, &self.recipient, &event)?;
        }
        self.vault.commit(txn)?;
        Ok(())
    }

    /// Moves the events recorded before unlock into the audit chain.
    fn drain_intake(
        &self,
        vault: &crate::vault::Vault,
        txn: &mut Txn,
        head: &mut Head,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let pending = self.vault.scan_plain(Tree::INTAKE)?;
        if pending.is_empty() {
            return Ok(());
        }
        let keys = load_keys(vault, &self.station)?;
        for (k, bytes) in pending {
            let (at, actor, action, detail) = match intake::open(keys.age_identity(), &bytes) {
                Some(e) => (e.at, e.actor, e.action, e.detail),
                None => (now, "station".into(), "intake.damaged".into(), None),
            };
            let note = Note {
                action: &action,
                target: None,
                detail: detail.as_deref(),
            };
            append(vault, txn, head, at, &actor, &note)?;
            txn.delete(Tree::INTAKE, &k);
        }
        Ok(())
    }
}

#[cfg(test)]
mod lockout_tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn repeated_failures_make_the_last_admin_wait_not_lock_for_ever() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
        let good = SecretString::from("admin passphrase 1");
        let opts = InitOptions::for_test(good.clone());
        let station =
            Station::from_vault(Station::init(dir.path(), opts, t0).unwrap().lock()).unwrap();
        let bad = SecretString::from("a stranger guessing");
        let said = |name: &str, p: &SecretString, at| {
            station.login(name, p, at).err().map(|e| e.to_string())
        };
        for _ in 0..5 {
            assert_eq!(said("admin", &bad, t0).as_deref(), Some(SIGN_IN_REFUSED));
        }
        assert_eq!(said("nobody", &bad, t0).as_deref(), Some(SIGN_IN_REFUSED));
        // Waiting: even the right passphrase is refused, with the same sentence.
        let later = t0 + Duration::minutes(14);
        assert_eq!(
            said("admin", &good, later).as_deref(),
            Some(SIGN_IN_REFUSED)
        );
        // The wait ends by itself; the right passphrase then opens and clears the count.
        let after = t0 + Duration::minutes(15);
        assert!(station.login("admin", &good, after).is_ok());
        // One more failure after a success does not make it wait again.
        assert!(said("admin", &bad, after).is_some());
        assert!(station.login("admin", &good, after).is_ok());
        // Failures during a wait are not even tried; the next failure after it waits twice as long.
        for _ in 0..7 {
            said("admin", &bad, after);
        }
        let after = after + Duration::minutes(15);
        said("admin", &bad, after);
        let slot = |s: &Station| {
            let sid = slot_id(&s.salt, "admin");
            Slot::from_bytes(&s.vault.get_plain(Tree::SLOTS, &sid).unwrap().unwrap()).unwrap()
        };
        assert_eq!(
            slot(&station).wait_until,
            Some((after + Duration::minutes(30)).timestamp())
        );
    }
}
