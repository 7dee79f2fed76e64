//! Helpers shared by the integration tests: a station made through the real binary.
#![allow(dead_code)]

pub mod bundles;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const ADMIN_PASS: &str = "admin-passphrase-1";

pub struct TestStation {
    pub dir: tempfile::TempDir,
}

impl TestStation {
    /// `ercms init` with a low work factor (tests only).
    pub fn new() -> TestStation {
        let dir = tempfile::tempdir().unwrap();
        let s = TestStation { dir };
        s.cmd_as("admin", ADMIN_PASS)
            .args([
                "init",
                "--station",
                "IQ-MOMD-TEST",
                "--admin",
                "admin",
                "--work-factor",
                "10",
            ])
            .assert()
            .success();
        s
    }

    /// `ercms demo --no-tui`: the demo ministry with its users, partners and 40 cases.
    pub fn demo() -> TestStation {
        let dir = tempfile::tempdir().unwrap();
        let s = TestStation { dir };
        let mut c = Command::new(env!("CARGO_BIN_EXE_ercms"));
        c.env_clear()
            .arg("--data")
            .arg(s.data())
            .args(["demo", "--no-tui"])
            .assert()
            .success();
        s
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("station")
    }

    /// The binary, acting as `user` with `pass` from the environment.
    pub fn cmd_as(&self, user: &str, pass: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ercms"));
        c.env_clear()
            .env("ERCMS_DATA", self.data())
            .env("ERCMS_USER", user)
            .env("ERCMS_PASSPHRASE", pass);
        c
    }

    pub fn admin(&self) -> Command {
        self.cmd_as("admin", ADMIN_PASS)
    }

    pub fn add_user(&self, name: &str, role: &str, pass: &str) {
        self.admin()
            .env("ERCMS_NEW_PASSPHRASE", pass)
            .args(["user", "add", name, "--role", role])
            .assert()
            .success();
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

pub fn stdout_json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// One vault entry: tree name, key and sealed value.
pub type Entry = (String, Vec<u8>, Vec<u8>);

/// Every entry of the vault outside the trees named in `skip`, as (tree, key, sealed value), from
/// `LockedVault::dump()`: for comparing a station before and after an action that must change nothing.
/// The note of the station clock's last run (plaintext `meta`, written when any command signs in) is
/// left out too: signing in to try the action is not the action.
pub fn sealed_entries(vault: &ercms::vault::LockedVault, skip: &[&str]) -> Vec<Entry> {
    use std::io::Read;
    let mut bytes = Vec::new();
    vault.dump().read_to_end(&mut bytes).unwrap();
    let mut rest = &bytes[..];
    let take = |rest: &mut &[u8], n: usize| {
        let (a, b) = rest.split_at(n);
        *rest = b;
        a.to_vec()
    };
    let mut entries = Vec::new();
    while !rest.is_empty() {
        let n = rest[0] as usize;
        rest = &rest[1..];
        let tree = String::from_utf8(take(&mut rest, n)).unwrap();
        let klen = u32::from_be_bytes(take(&mut rest, 4).try_into().unwrap()) as usize;
        let key = take(&mut rest, klen);
        let vlen = u32::from_be_bytes(take(&mut rest, 4).try_into().unwrap()) as usize;
        let value = take(&mut rest, vlen);
        let clock_note = tree == "meta" && key == b"clock_last_run";
        if !skip.contains(&tree.as_str()) && !clock_note {
            entries.push((tree, key, value));
        }
    }
    entries
}
