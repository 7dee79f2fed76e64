//! Start-up hardening and durability, through the real binary: files private from the first write
//! (station, recovery key, backup), a warning when they were widened, core dumps off, and an
//! fdatasync of the store before a CLI action prints its success (strace). Failed sign-ins with
//! unknown names write a bounded number of bytes.

mod common;

use common::bundles::*;
use common::TestStation;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every file and folder under `dir`, with its mode.
fn modes(dir: &Path) -> Vec<(std::path::PathBuf, u32)> {
    let mut out = vec![(dir.to_path_buf(), mode(dir))];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(modes(&p));
        } else {
            out.push((p.clone(), mode(&p)));
        }
    }
    out
}

#[test]
fn a_fresh_station_its_recovery_key_and_backup_are_private() {
    let s = TestStation::new();
    for (p, m) in modes(&s.data()) {
        assert_eq!(m & 0o077, 0, "{} is {m:o}", p.display());
    }
    let key = s.path().join("recovery.key");
    s.admin()
        .args(["keys", "recovery-new", "--out"])
        .arg(&key)
        .assert()
        .success();
    assert_eq!(mode(&key), 0o600);
    let backup = s.path().join("station.backup");
    s.admin()
        .args(["backup", "--out"])
        .arg(&backup)
        .assert()
        .success();
    assert_eq!(mode(&backup), 0o600);

    // Widened by hand: the next command says so (and still works).
    std::fs::set_permissions(s.data(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = s.admin().args(["user", "list"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("can be read or changed by other users"),
        "{err}"
    );
}

fn strace_available() -> bool {
    Command::new("strace").arg("-V").output().is_ok()
}

#[test]
fn core_dumps_are_off() {
    if !strace_available() {
        panic!("strace is needed (.ci/run installs it)");
    }
    let s = TestStation::new();
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let out = Command::new("strace")
        .args(["-f", "-e", "trace=prlimit64,setrlimit,prctl", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_ercms"))
        .env("ERCMS_DATA", s.data())
        .args(["--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let t = std::fs::read_to_string(&trace).unwrap();
    assert!(t.contains("RLIMIT_CORE, {rlim_cur=0, rlim_max=0}"), "{t}");
    assert!(
        t.contains("prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE"),
        "{t}"
    );
}

/// `strace` of a CLI action: the last sync of the store's log comes before the success is printed.
#[test]
fn a_cli_action_is_synced_before_its_success_is_printed() {
    if !strace_available() {
        panic!("strace is needed (.ci/run installs it)");
    }
    let s = TestStation::demo();
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("b.ercms");
    std::fs::write(&bundle, good(applications(&records_from(990, 2)))).unwrap();
    let trace = dir.path().join("trace");
    let out = Command::new("strace")
        .args([
            "-f",
            "-y",
            "-s",
            "200",
            "-e",
            "trace=fdatasync,fsync,write",
            "-o",
        ])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_ercms"))
        .env_clear()
        .env("ERCMS_DATA", s.data())
        .env("ERCMS_USER", "clerk")
        .env("ERCMS_PASSPHRASE", "demo-clerk-pass")
        .arg("import")
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = std::fs::read_to_string(&trace).unwrap();
    let lines: Vec<&str> = t.lines().collect();
    let printed = lines
        .iter()
        .position(|l| l.contains("write(1") && l.contains("imported"))
        .unwrap_or_else(|| panic!("no success line in the trace:\n{t}"));
    let synced = lines[..printed]
        .iter()
        .rposition(|l| l.contains("fdatasync(") && l.contains("/vault/db>") && l.ends_with("= 0"));
    assert!(
        synced.is_some(),
        "no fdatasync of the store before the success:\n{t}"
    );
    // And no write to the store between that sync and the success.
    let between = &lines[synced.unwrap()..printed];
    assert!(
        !between
            .iter()
            .any(|l| l.contains("/vault/db>") && l.contains("write")),
        "{between:?}"
    );
}

#[test]
fn a_thousand_failed_sign_ins_with_unknown_names_write_a_bounded_number_of_bytes() {
    use ercms::service::Station;
    use ercms::vault::{LockedVault, Tree};
    let s = TestStation::new();
    let recorded = || {
        let v = LockedVault::open(&s.data()).unwrap();
        let intake = v.scan_plain(Tree::INTAKE).unwrap();
        let bytes: usize = intake.iter().map(|(k, v)| k.len() + v.len()).sum();
        (intake.len(), bytes)
    };
    let (n0, b0) = recorded();
    let station = Station::open(&s.data()).unwrap();
    let now = chrono::Utc::now();
    let pass = age::secrecy::SecretString::from("not the passphrase".to_string());
    for i in 0..1000 {
        assert!(station.login(&format!("nobody{i}"), &pass, now).is_err());
    }
    drop(station);
    let (n1, b1) = recorded();
    println!(
        "1,000 failed sign-ins: {} events, {} bytes",
        n1 - n0,
        b1 - b0
    );
    let limit = ercms::service::FAILURES_RECORDED_PER_MINUTE as usize;
    assert_eq!(n1 - n0, limit, "failed sign-ins recorded within one minute");
    assert!(b1 - b0 < limit * 2048, "{} bytes", b1 - b0);
}
