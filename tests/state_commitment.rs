//! The station's state bound to its audit chain (issue 17): an older value put back is named by
//! `audit verify` and refused by restore; a spliced backup is refused; a checkpoint carried off the station
//! proves, on a fresh machine with only the public key, a backup and the checkpoint, that nothing before
//! it was changed, removed or reordered, and that the tail was not cut; a rolled-back station refuses
//! sign-in.

mod common;
use age::secrecy::SecretString;
use common::*;
use ercms::audit::AuditEntry;
use ercms::vault::slot::{slot_id, Slot};
use ercms::vault::{LockedVault, Tree, Txn, Vault};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What an insider with the admin's passphrase can do: open the vault directly, bypassing the service.
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
    let key = slot.unwrap_key(&SecretString::from(ADMIN_PASS)).unwrap();
    locked.with_key(key)
}

fn user_key(dir: &Path, name: &str) -> Vec<u8> {
    let locked = LockedVault::open(dir).unwrap();
    let salt = locked.get_plain(Tree::META, b"salt").unwrap().unwrap();
    slot_id(&salt, name)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A station with two users and a recovery key, whose list of recovery recipients was then changed by a
/// second recovery key (the list's first version is returned).
fn station_with_history() -> (TestStation, PathBuf, Vec<u8>) {
    let st = TestStation::new();
    let rec = st.path().join("recovery.key");
    st.admin()
        .args(["keys", "recovery-new", "--out", rec.to_str().unwrap()])
        .assert()
        .success();
    st.add_user("lina", "officer", "officer-passphrase-1");
    st.add_user("karim", "clerk", "clerk-passphrase-1");
    let first = insider_raw(
        &LockedVault::open(&st.data()).unwrap(),
        Tree::STATION,
        RECOVERY,
    );
    let second = st.path().join("recovery-2.key");
    st.admin()
        .args(["keys", "recovery-new", "--out", second.to_str().unwrap()])
        .assert()
        .success();
    (st, rec, first)
}

const RECOVERY: &[u8] = b"recovery_recipients";

fn insider_raw(v: &LockedVault, tree: Tree, key: &[u8]) -> Vec<u8> {
    // The raw sealed bytes, as a copy of the store's files would give them.
    let mut all = vec![];
    v.dump().read_to_end(&mut all).unwrap();
    frames(&all)
        .into_iter()
        .find(|(t, k, _)| t == tree.name() && k == key)
        .map(|f| f.2)
        .expect("the value is stored")
}

/// The frames of a `store.bin` (see src/vault/dump.rs).
fn frames(mut b: &[u8]) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let mut out = vec![];
    while !b.is_empty() {
        let n = b[0] as usize;
        let tree = String::from_utf8(b[1..1 + n].to_vec()).unwrap();
        b = &b[1 + n..];
        let kl = u32::from_be_bytes(b[..4].try_into().unwrap()) as usize;
        let key = b[4..4 + kl].to_vec();
        b = &b[4 + kl..];
        let vl = u32::from_be_bytes(b[..4].try_into().unwrap()) as usize;
        let value = b[4..4 + vl].to_vec();
        b = &b[4 + vl..];
        out.push((tree, key, value));
    }
    out
}

fn unframe(entries: &[(String, Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![];
    for (t, k, v) in entries {
        out.push(t.len() as u8);
        out.extend_from_slice(t.as_bytes());
        out.extend_from_slice(&(k.len() as u32).to_be_bytes());
        out.extend_from_slice(k);
        out.extend_from_slice(&(v.len() as u32).to_be_bytes());
        out.extend_from_slice(v);
    }
    out
}

fn backup(st: &TestStation, name: &str) -> PathBuf {
    let file = st.path().join(name);
    let out = st
        .admin()
        .args(["backup", "--out", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    file
}

/// `ercms restore` into a new folder; its output.
fn restore(file: &Path, rec: &Path, into: &Path, extra: &[&str]) -> std::process::Output {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_ercms"));
    c.env_clear()
        .env("ERCMS_USER", "admin")
        .env("ERCMS_PASSPHRASE", ADMIN_PASS)
        .arg("--data")
        .arg(into)
        .arg("restore")
        .arg(file)
        .arg("--identity")
        .arg(rec)
        .args(extra);
    c.output().unwrap()
}

#[test]
fn an_older_value_put_back_is_named_by_verify_and_refused_by_restore() {
    let (st, rec, first) = station_with_history();
    let ok = st.admin().args(["audit", "verify"]).output().unwrap();
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("every stored value is the one it last wrote")
    );

    // The insider puts the list's first version back: the second recovery key is gone from it, and the
    // old value opens.
    let v = insider(&st.data());
    let mut txn = Txn::default();
    txn.put_sealed_as_is(Tree::STATION, RECOVERY, first);
    v.commit(txn).unwrap();
    drop(v);
    let out = st.admin().args(["audit", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.contains(
            "the value recovery_recipients in station is older than the audit chain says"
        ),
        "{said}"
    );

    // A backup of that store restores nowhere.
    let file = backup(&st, "spliced.backup");
    let fresh = tempfile::tempdir().unwrap();
    let out = restore(&file, &rec, &fresh.path().join("station"), &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is older than the audit chain says"),
        "{}",
        stderr(&out)
    );
    assert!(
        !fresh.path().join("station/vault").exists(),
        "the restore was undone"
    );
}

/// Opens a backup with the recovery key, lets `edit` change `store.bin` and `backup.json`, and encrypts
/// it again: what an insider holding the recovery identity can do.
fn repack(
    file: &Path,
    rec: &Path,
    edit: impl FnOnce(&mut Vec<(String, Vec<u8>, Vec<u8>)>),
    keep_signature: bool,
) -> PathBuf {
    let ids = ercms::service::read_identities(rec).unwrap();
    let bytes = std::fs::read(file).unwrap();
    let d = age::Decryptor::new(&bytes[..]).unwrap();
    let mut plain = vec![];
    d.decrypt(ids.iter().map(|i| i as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut plain)
        .unwrap();
    let mut archive = tar::Archive::new(&plain[..]);
    let mut members: Vec<(String, Vec<u8>)> = archive
        .entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let name = e.path().unwrap().to_string_lossy().into_owned();
            let mut data = vec![];
            e.read_to_end(&mut data).unwrap();
            (name, data)
        })
        .collect();
    let mut entries = frames(&members[0].1);
    edit(&mut entries);
    let store = unframe(&entries);
    let mut manifest: serde_json::Value = serde_json::from_slice(&members[1].1).unwrap();
    manifest["entries"] = entries.len().into();
    manifest["store_size"] = store.len().into();
    manifest["store_sha256"] = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&store)).into();
    members[0].1 = store;
    members[1].1 = serde_json::to_vec_pretty(&manifest).unwrap();
    if !keep_signature {
        members.truncate(2);
    }
    let mut tar = tar::Builder::new(vec![]);
    for (name, data) in &members {
        let mut h = tar::Header::new_ustar();
        h.set_path(name).unwrap();
        h.set_size(data.len() as u64);
        h.set_mode(0o600);
        h.set_cksum();
        tar.append(&h, &data[..]).unwrap();
    }
    let tarball = tar.into_inner().unwrap();
    let recipient = ids[0].to_public();
    let e = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .unwrap();
    let mut out = vec![];
    let mut w = e.wrap_output(&mut out).unwrap();
    w.write_all(&tarball).unwrap();
    w.finish().unwrap();
    let spliced = file.with_extension("spliced");
    std::fs::write(&spliced, out).unwrap();
    spliced
}

#[test]
fn a_backup_spliced_with_an_older_value_and_a_fixed_description_is_refused() {
    let (st, rec, first) = station_with_history();
    let file = backup(&st, "honest.backup");
    let karim = user_key(&st.data(), "karim");
    let splice = |entries: &mut Vec<(String, Vec<u8>, Vec<u8>)>| {
        for e in entries.iter_mut() {
            if e.0 == "station" && e.1 == RECOVERY {
                e.2 = first.clone();
            }
        }
        entries.retain(|e| !(e.0 == "users" && e.1 == karim));
    };
    for keep_signature in [true, false] {
        let spliced = repack(&file, &rec, splice, keep_signature);
        let fresh = tempfile::tempdir().unwrap();
        let out = restore(&spliced, &rec, &fresh.path().join("station"), &[]);
        assert!(!out.status.success(), "a spliced backup was restored");
        let said = stderr(&out);
        assert!(
            said.contains("backup.json is not the one the station signed"),
            "{said}"
        );
    }
    // The honest backup restores, and the standard minisign tool checks its description.
    let fresh = tempfile::tempdir().unwrap();
    let out = restore(&file, &rec, &fresh.path().join("station"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Renumbers and re-chains the entries after `edit`, moving their records of writes along, and rewrites
/// the head: a forged history that verifies on its own. Removes the files a forger would remove.
fn rewrite_history(dir: &Path, edit: impl FnOnce(&mut Vec<AuditEntry>)) {
    let v = insider(dir);
    let mut entries: Vec<AuditEntry> = v
        .scan::<AuditEntry>(Tree::AUDIT)
        .map(|r| r.unwrap().1)
        .collect();
    let logs: Vec<(Vec<u8>, Vec<u8>)> = v
        .scan::<Vec<u8>>(Tree::STATE_LOG)
        .map(|r| r.unwrap())
        .collect();
    let mut txn = Txn::default();
    for e in &entries {
        txn.delete(Tree::AUDIT, &e.seq.to_be_bytes());
    }
    for (k, _) in &logs {
        txn.delete(Tree::STATE_LOG, k);
    }
    edit(&mut entries);
    let mut head = ercms::audit::Head::default();
    for e in &mut entries {
        let old = e.seq;
        e.seq = head.next;
        e.prev = head.last_hash.clone();
        for (k, bytes) in &logs {
            if k[..8] == old.to_be_bytes() {
                let mut nk = e.seq.to_be_bytes().to_vec();
                nk.extend_from_slice(&k[8..]);
                v.put(&mut txn, Tree::STATE_LOG, &nk, bytes).unwrap();
            }
        }
        v.put(&mut txn, Tree::AUDIT, &e.seq.to_be_bytes(), e)
            .unwrap();
        head = ercms::audit::Head {
            next: e.seq + 1,
            last_hash: e.hash(),
        };
    }
    v.put(&mut txn, Tree::STATION, b"audit_head", &head)
        .unwrap();
    v.commit(txn).unwrap();
    drop(v);
    let _ = std::fs::remove_file(dir.join("checkpoint"));
    let _ = std::fs::remove_file(dir.join("head"));
}

fn is_login(e: &AuditEntry) -> bool {
    e.action == "login" && e.state.is_none()
}

#[test]
fn a_checkpoint_proves_the_history_on_a_fresh_machine() {
    type Forgery = fn(&mut Vec<AuditEntry>);
    let cases: [(&str, Option<Forgery>, &str); 5] = [
        ("good", None, ""),
        (
            "changed",
            Some(|es| es[3].actor = "someone-else".into()),
            "were changed, removed or reordered",
        ),
        (
            "removed",
            Some(|es| {
                let i = es.iter().position(is_login).unwrap();
                es.remove(i);
            }),
            "were changed, removed or reordered",
        ),
        (
            "reordered",
            Some(|es| {
                let i = es.iter().position(is_login).unwrap();
                es.swap(i, i + 1);
            }),
            "were changed, removed or reordered",
        ),
        (
            "tail cut",
            // Back to well before the checkpoint: the last actions disappear.
            Some(|es| es.truncate(4)),
            "were cut off or rolled back",
        ),
    ];
    for (name, forge, expect) in cases {
        let (st, rec, _) = station_with_history();
        // The supervisor's checkpoint, carried off the station, and the public key partners know.
        let cp = st.path().join("carried.checkpoint");
        st.admin()
            .args(["audit", "checkpoint", "--out", cp.to_str().unwrap()])
            .assert()
            .success();
        let keys = st.path().join("keys");
        std::fs::create_dir(&keys).unwrap();
        st.admin()
            .args(["keys", "export", keys.to_str().unwrap()])
            .assert()
            .success();
        st.admin()
            .args(["user", "unlock", "lina"])
            .assert()
            .success();
        if let Some(forge) = forge {
            rewrite_history(&st.data(), forge);
            // The forged history verifies on its own, once the station's own checkpoint is gone.
            let own = st.admin().args(["audit", "verify"]).output().unwrap();
            if name != "tail cut" {
                assert!(own.status.success(), "{name}: {}", stderr(&own));
            }
        }
        let file = backup(&st, "station.backup");

        // The fresh machine: a clean folder with the public key, the backup and the checkpoint.
        let fresh = tempfile::tempdir().unwrap();
        let copy = |p: &Path| {
            let to = fresh.path().join(p.file_name().unwrap());
            std::fs::copy(p, &to).unwrap();
            to
        };
        let pubkey = copy(&keys.join("IQ-MOMD-TEST.minisign.pub"));
        let (file, cp, rec) = (copy(&file), copy(&cp), copy(&rec));
        let into = fresh.path().join("station");
        let flags = [
            "--checkpoint",
            cp.to_str().unwrap(),
            "--key",
            pubkey.to_str().unwrap(),
        ];
        let out = restore(&file, &rec, &into, &flags);
        if expect.is_empty() {
            assert!(out.status.success(), "{name}: {}", stderr(&out));
            let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_ercms"));
            let v = c
                .env_clear()
                .env("ERCMS_USER", "admin")
                .env("ERCMS_PASSPHRASE", ADMIN_PASS)
                .arg("--data")
                .arg(&into)
                .args(["audit", "verify"])
                .args(flags)
                .output()
                .unwrap();
            assert!(v.status.success(), "{name}: {}", stderr(&v));
        } else {
            assert!(
                !out.status.success(),
                "{name}: the forged backup was restored"
            );
            assert!(stderr(&out).contains(expect), "{name}: {}", stderr(&out));
        }
    }
}

#[test]
fn a_rolled_back_station_says_so_at_sign_in() {
    let (st, _, _) = station_with_history();
    let cp = st.path().join("carried.checkpoint");
    st.admin()
        .args(["audit", "checkpoint", "--out", cp.to_str().unwrap()])
        .assert()
        .success();
    let checkpoint = std::fs::read(st.data().join("checkpoint")).unwrap();
    let head = std::fs::read(st.data().join("head")).unwrap();
    rewrite_history(&st.data(), |es| {
        let keep = es.len() - 3;
        es.truncate(keep)
    });
    // The noted head catches the loss first; without it, the last checkpoint does.
    std::fs::write(st.data().join("head"), head).unwrap();
    let out = st.admin().args(["user", "list"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the store lost its last actions"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(st.data().join("head")).unwrap();
    std::fs::write(st.data().join("checkpoint"), checkpoint).unwrap();
    let out = st.admin().args(["user", "list"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("were cut off or rolled back"),
        "{}",
        stderr(&out)
    );
}

/// The chain size a checkpoint file signs, and its reason.
fn signed(path: &Path) -> (u64, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let line = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap()
            .to_string()
    };
    (line("size ").parse().unwrap(), line("reason "))
}

#[test]
fn a_supervisors_command_that_changed_the_station_signs_out_with_a_checkpoint() {
    let st = TestStation::demo();
    let last = st.data().join("checkpoint");
    let before = std::fs::read_to_string(&last).ok();
    let run = |user: &str, args: &[&str]| {
        let out = st
            .cmd_as(user, &format!("demo-{user}-pass"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
    };
    // Reading changes nothing, so it signs nothing; nor does an officer's command.
    run("supervisor", &["case", "list"]);
    run("officer", &["case", "list"]);
    assert_eq!(std::fs::read_to_string(&last).ok(), before);
    // The supervisor approves the proposal waiting for them: the command ends with a checkpoint
    // over the chain as it then stands, signed as a sign-out.
    let listed = run(
        "supervisor",
        &["case", "list", "--status", "DECISION_PROPOSED", "--json"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let case = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_string())
        .find(|r| {
            st.cmd_as("supervisor", "demo-supervisor-pass")
                .args(["case", "approve", r])
                .output()
                .unwrap()
                .status
                .success()
        })
        .expect("the demo has a decision waiting for the supervisor");
    let (size, reason) = signed(&last);
    assert_eq!(reason, "sign-out", "after approving {case}");
    let verified = run("auditor", &["audit", "verify", "--json"]);
    let head: serde_json::Value = serde_json::from_slice(&verified.stdout).unwrap();
    // The auditor's own sign-in adds entries after the checkpoint; the checkpoint is a prefix.
    assert!(size <= head["entries"].as_u64().unwrap(), "{head}");
    // Held to at every sign-in, and by verify: the chain reaches it.
    let out = st
        .cmd_as("auditor", "demo-auditor-pass")
        .args(["audit", "verify", "--checkpoint"])
        .arg(&last)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}
