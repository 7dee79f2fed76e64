//! The audit chain on a real vault: whole when untouched; a removed, changed or reordered entry is named.

use age::secrecy::SecretString;
use chrono::Utc;
use ercms::audit::{AuditEntry, AuditFault, ChainFault};
use ercms::domain::ids::{StationId, UserName};
use ercms::domain::role::Role;
use ercms::service::{InitOptions, Station};
use ercms::vault::slot::{slot_id, Slot};
use ercms::vault::{LockedVault, Tree, Txn, Vault};
use std::path::Path;

const PASS: &str = "admin-passphrase-1";

/// A station with a dozen audit entries.
fn station(dir: &Path) {
    let opts = InitOptions {
        station: StationId::parse("IQ-MOMD-TEST").unwrap(),
        admin: UserName::parse("admin").unwrap(),
        passphrase: SecretString::from(PASS),
        work_factor: Some(10),
        keys: None,
    };
    let mut s = Station::init(dir, opts, Utc::now()).unwrap();
    for i in 0..5 {
        s.add_user(
            &format!("user{i}"),
            Role::Officer,
            &SecretString::from("officer-passphrase"),
            Utc::now(),
        )
        .unwrap();
        s.set_user_locked(&format!("user{i}"), true, Utc::now())
            .unwrap();
    }
}

/// What an insider with the admin's passphrase could do: open the vault directly, bypassing the service.
fn insider(dir: &Path) -> Vault {
    let locked = LockedVault::open(dir).unwrap();
    let salt = locked.get_plain(Tree::META, b"salt").unwrap().unwrap();
    let slot = Slot::from_bytes(
        &locked
            .get_plain(Tree::SLOTS, &slot_id(&salt, "admin"))
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let key = slot.unwrap_key(&SecretString::from(PASS)).unwrap();
    locked.with_key(key)
}

/// A fresh station on which an insider applies `tamper`'s transaction; returns its folder.
fn tampered(tamper: impl FnOnce(&Vault, &mut Txn)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    station(dir.path());
    let v = insider(dir.path());
    let mut txn = Txn::default();
    tamper(&v, &mut txn);
    v.commit(txn).unwrap();
    dir
}

fn verify(dir: &Path) -> Result<u64, ChainFault> {
    verify_head(dir).map(|h| h.next)
}

fn verify_head(dir: &Path) -> Result<ercms::audit::Head, ChainFault> {
    let s = Station::open(dir)
        .unwrap()
        .login("admin", &SecretString::from(PASS), Utc::now())
        .unwrap();
    // The login above appended an entry after any damage; the fault found is the first one.
    s.audit_verify().unwrap().map_err(|f| match f {
        AuditFault::Chain(c) => c,
        other => panic!("not a chain fault: {other}"),
    })
}

fn key(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

#[test]
fn an_untouched_chain_verifies_and_counts_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    station(dir.path());
    // init (2) + 5 × (add + lock) = 12, then the verifying login = 13.
    assert_eq!(verify(dir.path()), Ok(13));
    // The head printed for the auditor is the hash of the last entry.
    let head = verify_head(dir.path()).unwrap();
    let v = insider(dir.path());
    let last: AuditEntry = v.get(Tree::AUDIT, &key(head.next - 1)).unwrap().unwrap();
    assert_eq!(head.last_hash, last.hash());
}

#[test]
fn a_removed_entry_is_named() {
    let dir = tampered(|_, txn| txn.delete(Tree::AUDIT, &key(5)));
    assert_eq!(
        verify(dir.path()),
        Err(ChainFault::Missing { seq: 5, found: 6 })
    );
}

#[test]
fn a_changed_entry_is_named_even_when_resealed_with_the_key() {
    let dir = tampered(|v, txn| {
        let mut e: AuditEntry = v.get(Tree::AUDIT, &key(4)).unwrap().unwrap();
        e.actor = "someone-else".into();
        v.put(txn, Tree::AUDIT, &key(4), &e).unwrap();
    });
    assert_eq!(
        verify(dir.path()),
        Err(ChainFault::Changed { seq: 4, next: 5 })
    );
}

#[test]
fn a_flipped_byte_is_named() {
    let dir = tampered(|v, txn| {
        let raw: Vec<_> = v.scan_raw(Tree::AUDIT).collect::<Result<_, _>>().unwrap();
        let (k, mut sealed) = raw[7].clone();
        sealed[30] ^= 0x40;
        txn.put_sealed_as_is(Tree::AUDIT, &k, sealed);
    });
    assert_eq!(verify(dir.path()), Err(ChainFault::Unreadable { seq: 7 }));
}

#[test]
fn reordered_entries_are_named() {
    let dir = tempfile::tempdir().unwrap();
    station(dir.path());
    let v = insider(dir.path());
    // Swapping the sealed bytes breaks their binding to the key.
    let raw: Vec<_> = v.scan_raw(Tree::AUDIT).collect::<Result<_, _>>().unwrap();
    let mut txn = Txn::default();
    txn.put_sealed_as_is(Tree::AUDIT, &key(2), raw[3].1.clone());
    txn.put_sealed_as_is(Tree::AUDIT, &key(3), raw[2].1.clone());
    v.commit(txn).unwrap();
    assert_eq!(verify_with(&v), Err(ChainFault::Unreadable { seq: 2 }));
    // An insider who re-seals them under each other's keys is caught by the sequence numbers.
    let e2: AuditEntry = v.decode(Tree::AUDIT, &key(2), &raw[2].1).unwrap();
    let e3: AuditEntry = v.decode(Tree::AUDIT, &key(3), &raw[3].1).unwrap();
    let mut txn = Txn::default();
    v.put(&mut txn, Tree::AUDIT, &key(2), &e3).unwrap();
    v.put(&mut txn, Tree::AUDIT, &key(3), &e2).unwrap();
    v.commit(txn).unwrap();
    drop(v);
    assert_eq!(
        verify(dir.path()),
        Err(ChainFault::Reordered { seq: 3, key: 2 })
    );
}

fn verify_with(v: &Vault) -> Result<(), ChainFault> {
    // Walk with the insider's handle, as the service does, without logging in again.
    let head = v.get(Tree::STATION, b"audit_head").unwrap().unwrap();
    let entries = v.scan_raw(Tree::AUDIT).map(|item| {
        let (k, sealed) = item.unwrap();
        let seq = u64::from_be_bytes(k.as_slice().try_into().unwrap());
        v.decode::<AuditEntry>(Tree::AUDIT, &k, &sealed)
            .map(|e| (seq, e))
            .map_err(|_| seq)
    });
    ercms::audit::verify(entries, &head).map(|_| ())
}

#[test]
fn a_cut_off_tail_is_named() {
    let dir = tampered(|_, txn| txn.delete(Tree::AUDIT, &key(11)));
    assert_eq!(
        verify_with(&insider(dir.path())),
        Err(ChainFault::Truncated {
            seq: 11,
            expected: 12
        })
    );
}

#[test]
fn the_cli_exits_1_and_names_the_entry() {
    let dir = tampered(|_, txn| txn.delete(Tree::AUDIT, &key(3)));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ercms"))
        .args([
            "--data",
            dir.path().to_str().unwrap(),
            "--user",
            "admin",
            "audit",
            "verify",
            "--json",
        ])
        .env("ERCMS_PASSPHRASE", PASS)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["entry"], 3);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ercms: audit entry 3 is missing (the chain jumps to 4)\n"
    );
}
