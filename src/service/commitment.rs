//! The station's state bound to its audit chain (see `audit::state` and docs/THREAT-MODEL.md): every
//! entry records what its action wrote in the state log, and verification replays the log and compares
//! it with the store, value by value.

use super::{ServiceError, Session};
use crate::audit::state::{self, Change, Digester, Live, State, MAX_FAULTS};
use crate::audit::{self, AuditEntry, AuditFault, Head, StateFault};
use crate::vault::{seal, Tree, Txn, Vault, VaultError};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Changes per state-log value: an import of 100,000 cases writes about 200,000 values.
const CHUNK: usize = 20_000;

fn log_key(seq: u64, part: u32) -> Vec<u8> {
    let mut k = seq.to_be_bytes().to_vec();
    k.extend_from_slice(&part.to_be_bytes());
    k
}

/// Moves what `txn` wrote so far into the state log of entry `seq`; returns the entry's digest of it
/// (`None` when it wrote nothing).
pub(crate) fn record_writes(
    vault: &Vault,
    txn: &mut Txn,
    seq: u64,
) -> Result<Option<String>, ServiceError> {
    let writes = txn.take_writes();
    if writes.is_empty() {
        return Ok(None);
    }
    let mut digest = Digester::default();
    for (part, chunk) in writes.chunks(CHUNK).enumerate() {
        let changes: Vec<Change> = chunk
            .iter()
            .map(|w| Change {
                tree: w.tree.name().to_string(),
                key: w.key.clone(),
                sealed: w.sealed,
            })
            .collect();
        let mut bytes = Vec::with_capacity(chunk.len() * 72);
        state::encode(&changes, &mut bytes);
        digest.update(&bytes);
        vault.put(txn, Tree::STATE_LOG, &log_key(seq, part as u32), &bytes)?;
    }
    Ok(Some(digest.finish()))
}

/// The chain walked and its state replayed.
pub(crate) struct Derived {
    pub head: Head,
    pub state: State,
    /// For a checkpoint of that size: the hash of its last entry and the state root after it.
    pub at: Option<(String, String)>,
}

/// Walks the chain and replays the state log. With `at_size`, also the head and root at that size
/// (when the chain is long enough).
pub(crate) fn derive(
    vault: &Vault,
    at_size: Option<u64>,
) -> Result<Result<Derived, AuditFault>, ServiceError> {
    let head: Head = vault
        .get(Tree::STATION, b"audit_head")?
        .ok_or(VaultError::Tampered("station"))?;
    let mut digests: BTreeMap<u64, String> = BTreeMap::new();
    let mut hash_at = None;
    let entries = vault.scan_raw(Tree::AUDIT).map(|item| {
        // A key that is not a sequence number, or a store error, counts as an unreadable entry.
        let (k, sealed) = item.map_err(|_| u64::MAX)?;
        let key = <[u8; 8]>::try_from(k.as_slice())
            .map(u64::from_be_bytes)
            .map_err(|_| u64::MAX)?;
        let e = vault
            .decode::<AuditEntry>(Tree::AUDIT, &k, &sealed)
            .map_err(|_| key)?;
        if Some(e.seq + 1) == at_size {
            hash_at = Some(e.hash());
        }
        if let Some(d) = &e.state {
            digests.insert(e.seq, d.clone());
        }
        Ok((key, e))
    });
    if let Err(fault) = audit::verify(entries, &head) {
        return Ok(Err(AuditFault::Chain(fault)));
    }
    if at_size == Some(0) {
        hash_at = Some(audit::GENESIS.to_string());
    }

    let mut state = State::default();
    let mut root_at = None;
    let mut pending: Option<(u64, u32, Digester, Vec<Change>)> = None;
    let log_fault = |seq| {
        Ok(Err(AuditFault::State {
            first: StateFault::Log { seq },
            more: 0,
        }))
    };
    let mut finish = |state: &mut State,
                      root_at: &mut Option<String>,
                      (seq, _, d, changes): (u64, u32, Digester, Vec<Change>)|
     -> Result<(), u64> {
        match digests.remove(&seq) {
            Some(expected) if expected == d.finish() => {}
            Some(_) => return Err(seq),
            None => return Err(seq),
        }
        if root_at.is_none() && at_size.is_some_and(|n| seq >= n) {
            *root_at = Some(state.root());
        }
        state.apply(seq, changes);
        Ok(())
    };
    for item in vault.scan_raw(Tree::STATE_LOG) {
        let (k, sealed) = item?;
        let (seq, part) = match <[u8; 12]>::try_from(k.as_slice()) {
            Ok(b) => (
                u64::from_be_bytes(b[..8].try_into().unwrap_or_default()),
                u32::from_be_bytes(b[8..].try_into().unwrap_or_default()),
            ),
            Err(_) => return log_fault(u64::MAX),
        };
        let Ok(bytes) = vault.decode::<Vec<u8>>(Tree::STATE_LOG, &k, &sealed) else {
            return log_fault(seq);
        };
        let Some(changes) = state::decode(&bytes) else {
            return log_fault(seq);
        };
        match &mut pending {
            Some((s, p, d, c)) if *s == seq && *p + 1 == part => {
                *p = part;
                d.update(&bytes);
                c.extend(changes);
            }
            Some((s, ..)) if *s == seq => return log_fault(seq),
            _ => {
                if part != 0 {
                    return log_fault(seq);
                }
                if let Some(done) = pending.take() {
                    if let Err(s) = finish(&mut state, &mut root_at, done) {
                        return log_fault(s);
                    }
                }
                let mut d = Digester::default();
                d.update(&bytes);
                pending = Some((seq, part, d, changes));
            }
        }
    }
    if let Some(done) = pending.take() {
        if let Err(s) = finish(&mut state, &mut root_at, done) {
            return log_fault(s);
        }
    }
    if let Some((&seq, _)) = digests.iter().next() {
        // An entry says it wrote something, and the record of it is gone.
        return log_fault(seq);
    }
    let at = match (at_size, hash_at) {
        (Some(_), Some(h)) => Some((h, root_at.unwrap_or_else(|| state.root()))),
        _ => None,
    };
    Ok(Ok(Derived { head, state, at }))
}

/// Compares every committed value in the store with the replayed state. Returns the number of values.
pub(crate) fn compare_live(
    vault: &Vault,
    mut state: State,
) -> Result<Result<u64, AuditFault>, ServiceError> {
    let mut faults = Vec::new();
    let mut values = 0u64;
    for tree in Tree::ALL.into_iter().filter(|t| !t.is_plain()) {
        for item in vault.scan_raw(tree) {
            let (key, sealed) = item?;
            if !tree.is_committed(&key) {
                continue;
            }
            values += 1;
            let live = Live {
                tree: tree.name(),
                key: &key,
                sealed: Sha256::digest(&sealed).into(),
                version: seal::version_of(&sealed),
            };
            if let Some(f) = state.take(live) {
                faults.push(f);
            }
        }
    }
    let room = MAX_FAULTS.saturating_sub(faults.len());
    faults.extend(state.missing().take(room));
    let mut faults = faults.into_iter();
    Ok(match faults.next() {
        None => Ok(values),
        Some(first) => Err(AuditFault::State {
            first,
            more: faults.len(),
        }),
    })
}

/// The whole check: the chain, the state log against the chain, the store against the state.
pub(crate) fn verify_all(
    vault: &Vault,
) -> Result<Result<(Head, u64, String), AuditFault>, ServiceError> {
    let derived = match derive(vault, None)? {
        Ok(d) => d,
        Err(f) => return Ok(Err(f)),
    };
    let root = derived.state.root();
    Ok(compare_live(vault, derived.state)?.map(|values| (derived.head, values, root)))
}

impl Session {
    /// The state root of the chain as it stands (for a checkpoint); refuses over a chain that does not
    /// verify.
    pub(crate) fn state_root(&self) -> Result<Result<(Head, String), AuditFault>, ServiceError> {
        Ok(derive(&self.vault, None)?.map(|d| {
            let root = d.state.root();
            (d.head, root)
        }))
    }
}

impl Session {
    /// `ercms upgrade` (admin): binds a station made before versions to its chain. Every committed value is
    /// opened and sealed again with its version, in one transaction whose audit entry
    /// (`station.upgrade`) records all of them: the first commitment. Then a checkpoint is signed.
    /// Returns the number of values re-sealed.
    pub fn upgrade(&mut self, now: chrono::DateTime<chrono::Utc>) -> Result<u64, ServiceError> {
        self.allow(crate::domain::policy::Permission::Backup)?;
        let mut txn = Txn::default();
        let (mut values, mut legacy, mut urgencies) = (0u64, 0u64, 0u64);
        for tree in Tree::ALL.into_iter().filter(|t| !t.is_plain()) {
            for item in self.vault.scan_raw(tree) {
                let (key, sealed) = item?;
                if !tree.is_committed(&key) {
                    continue;
                }
                let is_legacy = seal::version_of(&sealed).is_none();
                legacy += u64::from(is_legacy);
                values += 1;
                if is_legacy && tree == Tree::RETURNEES {
                    // Records from before the wire's urgency words: see `renamed_urgencies`.
                    let plain = seal::open(self.vault.data_key(), tree, &key, &sealed)?;
                    let mut record: serde_json::Value = serde_json::from_slice(&plain)
                        .map_err(|_| crate::vault::VaultError::Undecodable(tree.name()))?;
                    let n = renamed_urgencies(&mut record);
                    if n > 0 {
                        urgencies += n;
                        self.vault.put(&mut txn, tree, &key, &record)?;
                        continue;
                    }
                }
                self.vault.reseal(&mut txn, tree, &key, &sealed)?;
            }
        }
        if legacy == 0 {
            return Err(ServiceError::Invalid(
                "this station's state is bound to its audit chain already; there is nothing to upgrade"
                    .into(),
            ));
        }
        let detail = if urgencies > 0 {
            format!("{values} values; {urgencies} referral urgencies renamed to the wire's words")
        } else {
            format!("{values} values")
        };
        self.commit(
            txn,
            now,
            &[super::session::Note {
                action: "station.upgrade",
                target: None,
                detail: Some(&detail),
            }],
        )?;
        self.checkpoint("upgrade", now)?;
        Ok(values)
    }
}

/// Stations made before the state commitment stored a referral's urgency in the screens' old words:
/// `urgent` for what the wire calls `priority`, and `immediate` for the wire's `urgent`. One word per
/// urgency is used everywhere now, so the upgrade renames them in every returnee record (the
/// referrals and the history's proposals alike); read as they stand, `urgent` would silently mean
/// more than was meant and `immediate` would not read at all. Returns how many were renamed.
fn renamed_urgencies(value: &mut serde_json::Value) -> u64 {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut n = 0;
            for (key, v) in map.iter_mut() {
                let renamed = match (key.as_str(), v.as_str()) {
                    ("urgency", Some("urgent")) => Some("priority"),
                    ("urgency", Some("immediate")) => Some("urgent"),
                    _ => None,
                };
                match renamed {
                    Some(word) => {
                        *v = Value::String(word.into());
                        n += 1;
                    }
                    None => n += renamed_urgencies(v),
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(renamed_urgencies).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use crate::audit::{AuditFault, StateFault};
    use crate::domain::role::Role;
    use crate::service::{InitOptions, Station};
    use crate::vault::{seal, Tree, Txn};
    use age::secrecy::SecretString;
    use chrono::Utc;

    #[test]
    fn upgrade_binds_a_station_sealed_before_versions_to_its_chain() {
        let dir = tempfile::tempdir().unwrap();
        let opts = InitOptions::for_test(SecretString::from("admin-passphrase-1"));
        let mut s = Station::init(dir.path(), opts, Utc::now()).unwrap();
        s.add_user(
            "lina",
            Role::Officer,
            &SecretString::from("officer-passphrase"),
            Utc::now(),
        )
        .unwrap();
        // What a station made before versions holds: every value sealed by scheme 1.
        let mut txn = Txn::default();
        for tree in Tree::ALL.into_iter().filter(|t| !t.is_plain()) {
            for item in s.vault.scan_raw(tree) {
                let (key, sealed) = item.unwrap();
                if tree.is_committed(&key) {
                    let plain = seal::open(s.vault.data_key(), tree, &key, &sealed).unwrap();
                    let old = seal::seal_legacy(s.vault.data_key(), tree, &key, &plain);
                    txn.put_sealed_as_is(tree, &key, old);
                }
            }
        }
        s.vault.commit(txn).unwrap();
        assert!(
            matches!(
                s.audit_verify().unwrap(),
                Err(AuditFault::State {
                    first: StateFault::Legacy { .. },
                    ..
                })
            ),
            "a station sealed before versions must verify as sealed before the upgrade"
        );
        let n = s.upgrade(Utc::now()).unwrap();
        assert!(n >= 3, "{n}");
        assert_eq!(s.audit_verify().unwrap().map(|h| h.next), Ok(s.head.next));
        let last = s.audit_list(None).unwrap().pop().unwrap();
        assert_eq!(last.action, "station.upgrade");
        assert!(dir.path().join("checkpoint").exists());
        assert!(
            s.upgrade(Utc::now()).is_err(),
            "a second upgrade has nothing to do"
        );
        // Everything opens as before.
        let users = s.list_users().unwrap();
        assert_eq!(users.len(), 2);
    }

    #[test]
    fn upgrade_renames_the_old_urgency_words_of_stored_referrals() {
        // The report fixture's station: seven referrals, all routine, made through the service.
        let dir = tempfile::tempdir().unwrap();
        let (_station, mut s) = crate::service::report::tests::fixture_station(dir.path());
        let mut referrals = 0;
        for r in s.nrm_records().unwrap() {
            referrals += r.returnee.referrals.len();
        }
        assert_eq!(referrals, 7);
        // What a station made before the commitment holds: scheme-1 seals, and the old words
        // (`urgent` meant priority, `immediate` meant urgent) in place of the first two referrals'.
        let mut txn = Txn::default();
        let mut planted = 0;
        for tree in Tree::ALL.into_iter().filter(|t| !t.is_plain()) {
            for item in s.vault.scan_raw(tree) {
                let (key, sealed) = item.unwrap();
                if !tree.is_committed(&key) {
                    continue;
                }
                let mut plain = seal::open(s.vault.data_key(), tree, &key, &sealed).unwrap();
                if tree == Tree::RETURNEES {
                    let text = String::from_utf8(plain).unwrap();
                    let mut old = String::new();
                    for (i, part) in text.split("\"urgency\":\"routine\"").enumerate() {
                        if i > 0 {
                            let word = match planted {
                                0 => "urgent",
                                1 => "immediate",
                                _ => "routine",
                            };
                            planted += 1;
                            old.push_str(&format!("\"urgency\":\"{word}\""));
                        }
                        old.push_str(part);
                    }
                    plain = old.into_bytes();
                }
                let old = seal::seal_legacy(s.vault.data_key(), tree, &key, &plain);
                txn.put_sealed_as_is(tree, &key, old);
            }
        }
        s.vault.commit(txn).unwrap();
        assert!(planted >= 7, "{planted}");
        // `immediate` does not read as it stands.
        assert!(s.nrm_records().is_err());
        s.upgrade(Utc::now()).unwrap();
        let detail = s
            .audit_list(None)
            .unwrap()
            .pop()
            .unwrap()
            .detail
            .unwrap_or_default();
        assert!(detail.contains("referral urgencies renamed"), "{detail}");
        let mut words = Vec::new();
        for r in s.nrm_records().unwrap() {
            words.extend(r.returnee.referrals.iter().map(|f| f.urgency));
        }
        use crate::domain::nrm::ReferralUrgency as U;
        assert_eq!(words.iter().filter(|w| **w == U::Priority).count(), 1);
        assert_eq!(words.iter().filter(|w| **w == U::Urgent).count(), 1);
        assert_eq!(words.iter().filter(|w| **w == U::Routine).count(), 5);
        assert_eq!(s.audit_verify().unwrap().map(|h| h.next), Ok(s.head.next));
    }
}
