//! The vault keeps nothing personal in plaintext, and notices any value that was altered or moved.

use ercms::vault::{DataKey, LockedVault, Tree, Txn, VaultError};
use std::path::Path;

const MARKERS: [&str; 3] = [
    "ZZMARKER-Surname-Qasimi",
    "ZZMARKER-A99887766",
    "ZZMARKER-محمد-الجبوري",
];

fn all_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every byte of every file under `dir`, searched for each marker (UTF-8 and UTF-16LE, to be thorough).
pub fn find_markers(dir: &Path, markers: &[&str]) -> Vec<String> {
    let mut files = vec![];
    all_files(dir, &mut files);
    let mut found = vec![];
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        for m in markers {
            let utf16: Vec<u8> = m.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            for needle in [m.as_bytes().to_vec(), utf16] {
                if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                    found.push(format!("{m} in {}", f.display()));
                }
            }
        }
    }
    found
}

#[test]
fn stored_records_leave_no_plaintext_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    {
        let locked = LockedVault::create(dir.path()).unwrap();
        let vault = locked.with_key(DataKey::generate());
        let mut txn = Txn::default();
        for i in 0..200u32 {
            let record = serde_json::json!({"surname": MARKERS[0], "doc": MARKERS[1], "native": MARKERS[2], "n": i});
            vault
                .put(
                    &mut txn,
                    Tree::CASES,
                    uuid::Uuid::new_v4().as_bytes(),
                    &record,
                )
                .unwrap();
        }
        vault.commit(txn).unwrap();
        // Reading back proves the markers were really stored.
        let back: Vec<_> = vault
            .scan::<serde_json::Value>(Tree::CASES)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(back.len(), 200);
        assert_eq!(back[0].1["surname"], MARKERS[0]);
    }
    assert_eq!(find_markers(dir.path(), &MARKERS), Vec::<String>::new());
}

#[test]
fn the_marker_scan_does_find_plaintext() {
    // The scan itself must be able to fail: a plaintext file with a marker is found.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("leak.txt"), MARKERS[2]).unwrap();
    assert_eq!(find_markers(dir.path(), &MARKERS).len(), 1);
}

#[test]
fn a_value_copied_to_another_key_or_flipped_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let locked = LockedVault::create(dir.path()).unwrap();
    let vault = locked.with_key(DataKey::generate());
    let mut txn = Txn::default();
    vault
        .put(&mut txn, Tree::CASES, b"case-a", &"first")
        .unwrap();
    vault
        .put(&mut txn, Tree::CASES, b"case-b", &"second")
        .unwrap();
    vault.commit(txn).unwrap();

    let raw: Vec<_> = vault
        .scan_raw(Tree::CASES)
        .collect::<Result<_, _>>()
        .unwrap();
    let sealed_a = raw.iter().find(|(k, _)| k == b"case-a").unwrap().1.clone();

    // Copy a's sealed value over b.
    let mut txn = Txn::default();
    txn.put_sealed_as_is(Tree::CASES, b"case-b", sealed_a.clone());
    vault.commit(txn).unwrap();
    let err = vault.get::<String>(Tree::CASES, b"case-b").unwrap_err();
    assert!(matches!(err, VaultError::Tampered("cases")));
    assert_eq!(
        err.to_string(),
        "a stored value in cases was altered, damaged or moved and cannot be opened"
    );

    // Move it to another tree under the same key.
    let mut txn = Txn::default();
    txn.put_sealed_as_is(Tree::USERS, b"case-a", sealed_a.clone());
    vault.commit(txn).unwrap();
    assert!(vault.get::<String>(Tree::USERS, b"case-a").is_err());

    // Flip one byte of a's value in place.
    let mut flipped = sealed_a;
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    let mut txn = Txn::default();
    txn.put_sealed_as_is(Tree::CASES, b"case-a", flipped);
    vault.commit(txn).unwrap();
    assert!(matches!(
        vault.get::<String>(Tree::CASES, b"case-a"),
        Err(VaultError::Tampered(_))
    ));
}

#[test]
fn a_second_process_is_told_the_station_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let _held = LockedVault::create(dir.path()).unwrap();
    // sled locks the store per process; within one process a second open shares it, so use the binary.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ercms"))
        .args([
            "--data",
            dir.path().to_str().unwrap(),
            "--user",
            "amal",
            "user",
            "list",
        ])
        .env("ERCMS_PASSPHRASE", "whatever-passphrase")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("in use by another ercms process"),
        "{stderr}"
    );
}
