//! Backup, wipe, restore: the station comes back identical, and a damaged backup is refused.

mod common;
use age::secrecy::SecretString;
use common::*;
use ercms::service::{read_identities, Station};
use ercms::vault::LockedVault;
use std::io::Read;
use std::path::Path;

fn dump(dir: &Path) -> Vec<u8> {
    let v = LockedVault::open(dir).unwrap();
    let mut out = vec![];
    v.dump().read_to_end(&mut out).unwrap();
    out
}

fn busy_station() -> TestStation {
    let st = TestStation::new();
    st.add_user("karim", "clerk", "clerk-passphrase-1");
    st.add_user("lina", "officer", "officer-passphrase-1");
    st.admin().args(["user", "lock", "lina"]).assert().success();
    st
}

/// A busy station with a recovery key and one backup: (station, recovery key file, backup file, backup.json).
fn backed_up_station() -> (
    TestStation,
    std::path::PathBuf,
    std::path::PathBuf,
    serde_json::Value,
) {
    let st = busy_station();
    let key = st.path().join("recovery.key");
    st.admin()
        .args(["keys", "recovery-new", "--out", key.to_str().unwrap()])
        .assert()
        .success();
    let file = st.path().join("station.backup");
    let out = st
        .admin()
        .args(["backup", "--out", file.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest = stdout_json(&out);
    (st, key, file, manifest)
}

#[test]
fn backup_wipe_restore_gives_back_every_entry() {
    let (st, key, file, manifest) = backed_up_station();
    // The backup opens with the standard age tool and the recovery key, and is a plain tar.
    let tar = std::process::Command::new("age")
        .args(["-d", "-i", key.to_str().unwrap(), file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        tar.status.success(),
        "age -d: {}",
        String::from_utf8_lossy(&tar.stderr)
    );
    let listing = run_tar_list(&tar.stdout);
    assert_eq!(
        listing,
        vec!["store.bin", "backup.json", "backup.json.minisig"]
    );

    let before = dump(&st.data());
    std::fs::remove_dir_all(st.data()).unwrap();
    let ids = read_identities(&key).unwrap();
    let (station, m) = Station::restore(&file, &st.data(), &ids, &mut |_| {}).unwrap();
    drop(station);
    assert_eq!(m.entries, manifest["entries"].as_u64().unwrap());
    assert_eq!(
        dump(&st.data()),
        before,
        "every entry of every tree is identical"
    );

    // The restored station works: same users, same passphrases, the lock kept, the chain whole.
    let s = Station::open(&st.data())
        .unwrap()
        .login("admin", &SecretString::from(ADMIN_PASS), chrono::Utc::now())
        .unwrap();
    assert!(s.verify_restored(&m, None, None).unwrap() > 5);
    drop(s);
    let users = stdout_json(
        &st.admin()
            .args(["user", "list", "--json"])
            .output()
            .unwrap(),
    );
    let lina = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "lina")
        .unwrap();
    assert_eq!(lina["locked"], true);
    st.cmd_as("karim", "clerk-passphrase-1")
        .args(["keys", "show"])
        .assert()
        .success();
}

fn run_tar_list(bytes: &[u8]) -> Vec<String> {
    use std::io::Write;
    let mut child = std::process::Command::new("tar")
        .arg("-t")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_cli_restores_into_an_empty_folder_and_verifies() {
    let (st, key, file, _) = backed_up_station();
    let target = st.path().join("restored");
    st.admin()
        .env("ERCMS_DATA", &target)
        .args([
            "restore",
            file.to_str().unwrap(),
            "--identity",
            key.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(predicates::str::contains("the audit chain verifies"));
    // Restoring over an existing station is refused.
    st.admin()
        .env("ERCMS_DATA", &target)
        .args([
            "restore",
            file.to_str().unwrap(),
            "--identity",
            key.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("holds a station already"));
}

#[test]
fn a_backup_with_one_flipped_byte_is_refused_and_leaves_nothing() {
    let (st, key, file, _) = backed_up_station();
    let mut bytes = std::fs::read(&file).unwrap();
    for pos in [bytes.len() / 2, bytes.len() - 20, 300] {
        let damaged = st.path().join(format!("damaged-{pos}"));
        bytes[pos] ^= 0x01;
        std::fs::write(&damaged, &bytes).unwrap();
        bytes[pos] ^= 0x01;
        let target = st.path().join(format!("restored-{pos}"));
        st.admin()
            .env("ERCMS_DATA", &target)
            .args([
                "restore",
                damaged.to_str().unwrap(),
                "--identity",
                key.to_str().unwrap(),
            ])
            .assert()
            .code(1)
            .stderr(predicates::str::contains("is not a readable ercms backup"));
        assert!(!target.join("vault").exists(), "nothing is left behind");
    }
    // Cut short, and the wrong key.
    let cut = st.path().join("cut");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    let target = st.path().join("restored-cut");
    st.admin()
        .env("ERCMS_DATA", &target)
        .args([
            "restore",
            cut.to_str().unwrap(),
            "--identity",
            key.to_str().unwrap(),
        ])
        .assert()
        .code(1);
    let other = st.path().join("other.key");
    std::fs::write(&other, format!("{}\n", age_secret())).unwrap();
    st.admin()
        .env("ERCMS_DATA", &target)
        .args([
            "restore",
            file.to_str().unwrap(),
            "--identity",
            other.to_str().unwrap(),
        ])
        .assert()
        .code(1);
    assert!(!target.join("vault").exists());
}

fn age_secret() -> String {
    use age::secrecy::ExposeSecret;
    age::x25519::Identity::generate()
        .to_string()
        .expose_secret()
        .to_string()
}

#[test]
fn only_an_admin_backs_up() {
    let st = busy_station();
    st.cmd_as("karim", "clerk-passphrase-1")
        .args(["backup", "--out", st.path().join("x").to_str().unwrap()])
        .assert()
        .code(5)
        .stderr("ercms: your role (clerk) may not back up the station\n");
    assert!(!st.path().join("x").exists());
}
