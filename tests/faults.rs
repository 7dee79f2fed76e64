//! A failing disk, through the real binary: an LD_PRELOAD library (tests/faults/shim.c, compiled here
//! with `cc`) makes writes, syncs or renames of the station's files fail with EIO or ENOSPC. No
//! panic, no Debug text, one sentence; nothing is reported done that is not on disk; the store opens
//! afterwards; and with a full disk officers can still read queues, case pages and the audit trail.

mod common;

use common::bundles::*;
use common::{stdout_json, TestStation};
use std::path::{Path, PathBuf};
use std::process::Command;

const CLERK: (&str, &str) = ("clerk", "demo-clerk-pass");

/// The shim, compiled once per test process.
fn shim() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out =
                std::env::temp_dir().join(format!("ercms-fault-shim-{}.so", std::process::id()));
            let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/faults/shim.c");
            let status = Command::new("cc")
                .args(["-shared", "-fPIC", "-O1", "-o"])
                .arg(&out)
                .arg(&src)
                .arg("-ldl")
                .status()
                .expect("cc is needed to build the fault-injection shim");
            assert!(status.success(), "the shim did not compile");
            out
        })
        .clone()
}

struct Fault {
    calls: &'static str,
    errno: &'static str,
    after: u32,
}

/// The binary as the clerk, with the disk failing as `fault` says for the station's store.
fn failing(s: &TestStation, fault: &Fault) -> assert_cmd::Command {
    let mut c = s.cmd_as(CLERK.0, CLERK.1);
    c.env("LD_PRELOAD", shim())
        .env("ERCMS_FAULT_PATH", s.data().join("vault"))
        .env("ERCMS_FAULT_CALLS", fault.calls)
        .env("ERCMS_FAULT_ERRNO", fault.errno)
        .env("ERCMS_FAULT_AFTER", fault.after.to_string());
    c
}

fn clerk(s: &TestStation) -> assert_cmd::Command {
    s.cmd_as(CLERK.0, CLERK.1)
}

fn assert_one_clean_sentence(what: &str, stderr: &str) {
    for bad in [
        "panicked",
        "Os {",
        "kind:",
        "RUST_BACKTRACE",
        "Error {",
        "Io(",
    ] {
        assert!(!stderr.contains(bad), "{what}: `{bad}` in {stderr}");
    }
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.contains("warning")).collect();
    assert_eq!(lines.len(), 1, "{what}: one sentence: {stderr}");
}

fn references(s: &TestStation) -> Vec<String> {
    let out = clerk(s).args(["case", "list", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout_json(&out)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["reference"].as_str().map(str::to_string))
        .collect()
}

fn audit_verifies(s: &TestStation) {
    let out = s
        .cmd_as("auditor", "demo-auditor-pass")
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_failing_write_or_sync_is_one_sentence_and_never_a_false_success() {
    let faults = [
        Fault {
            calls: "sync",
            errno: "EIO",
            after: 0,
        },
        Fault {
            calls: "sync",
            errno: "ENOSPC",
            after: 0,
        },
        Fault {
            calls: "write",
            errno: "ENOSPC",
            after: 0,
        },
        Fault {
            calls: "write",
            errno: "EIO",
            after: 0,
        },
        // Sign-in succeeds, the import's own commit fails.
        Fault {
            calls: "sync",
            errno: "EIO",
            after: 3,
        },
        Fault {
            calls: "write,sync",
            errno: "ENOSPC",
            after: 6,
        },
    ];
    let s = TestStation::demo();
    let media = s.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    for (n, fault) in faults.iter().enumerate() {
        let what = format!("{} {} after {}", fault.calls, fault.errno, fault.after);
        let reference = format!("DE-2026-{:06}", 800 + n);
        let path = media.join(format!("f{n}.ercms"));
        let recs = records_from(800 + n, 1);
        let mut m = applications(&recs);
        let mut manifest: ercms::exchange::manifest::Manifest =
            serde_json::from_slice(&m[0].data).unwrap();
        manifest.sequence = 10 + n as u64;
        m[0].data = serde_json::to_vec(&manifest).unwrap();
        m[1].data = demo(BAMF).sign(&m[0].data, "t").unwrap().into_bytes();
        std::fs::write(&path, good(m)).unwrap();

        let out = failing(&s, fault)
            .arg("import")
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let reported_done = out.status.success();
        println!("{what}: done={reported_done} {}", stderr.trim());
        if fault.after == 0 {
            assert!(
                !reported_done,
                "{what}: reported done on a disk that fails every write"
            );
        }
        if !reported_done {
            assert_one_clean_sentence(&what, &stderr);
            // While writing, or while opening the store (sled writes as it opens).
            assert!(stderr.contains("the disk failed while"), "{what}: {stderr}");
            assert!(!stdout.contains("imported"), "{what}: {stdout}");
        }
        // The store opens afterwards, its chain verifies, and what was reported done is there.
        let refs = references(&s);
        if reported_done {
            assert!(
                refs.contains(&reference),
                "{what}: reported done but missing"
            );
        }
        audit_verifies(&s);
    }
}

#[test]
fn a_failing_rename_leaves_no_backup_and_says_so() {
    let s = TestStation::demo();
    let out_file = s.path().join("b.ercms-backup");
    let mut c = s.cmd_as("admin", "demo-admin-pass");
    let out = c
        .env("LD_PRELOAD", shim())
        .env("ERCMS_FAULT_PATH", &out_file)
        .env("ERCMS_FAULT_CALLS", "rename")
        .env("ERCMS_FAULT_ERRNO", "EIO")
        .env("ERCMS_FAULT_AFTER", "0")
        .args(["backup", "--out"])
        .arg(&out_file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert_one_clean_sentence("rename", &stderr);
    assert!(!out_file.exists());
    audit_verifies(&s);
}

/// A small tmpfs mounted for the test (root only), filled to the last byte around a demo station.
struct FullDisk {
    mount: tempfile::TempDir,
}

impl FullDisk {
    fn new() -> Option<FullDisk> {
        let mount = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=32m", "tmpfs"])
            .arg(mount.path())
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        ok.then_some(FullDisk { mount })
    }

    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.mount.path().join("filler")).unwrap();
        let block = vec![0u8; 1 << 16];
        while f.write_all(&block).is_ok() {}
        while f.write_all(&[0u8]).is_ok() {}
    }
}

impl Drop for FullDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.mount.path()).status();
    }
}

#[test]
fn on_a_full_disk_officers_still_read() {
    let Some(disk) = FullDisk::new() else {
        eprintln!("skipped: mounting a small tmpfs needs root (CI runs as root)");
        return;
    };
    let data = disk.mount.path().join("station");
    let mut demo = assert_cmd::Command::new(env!("CARGO_BIN_EXE_ercms"));
    demo.env_clear()
        .arg("--data")
        .arg(&data)
        .args(["demo", "--no-tui"])
        .assert()
        .success();
    disk.fill();
    let as_user = |user: &str| {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_ercms"));
        c.env_clear()
            .env("ERCMS_DATA", &data)
            .env("ERCMS_USER", user)
            .env("ERCMS_PASSPHRASE", format!("demo-{user}-pass"));
        c
    };
    let list = as_user("clerk")
        .args(["case", "list", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&list.stderr);
    assert!(list.status.success(), "{stderr}");
    assert!(stderr.contains("the disk is full"), "{stderr}");
    let cases = stdout_json(&list);
    let first = cases[0]["reference"].as_str().unwrap().to_string();
    for (user, args) in [
        ("officer", vec!["case", "show", first.as_str()]),
        ("clerk", vec!["case", "list"]),
        ("auditor", vec!["audit", "verify"]),
    ] {
        let out = as_user(user).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Os {"),
            "{stderr}"
        );
    }
    // The reserve's note reached the audit trail.
    let trail = as_user("auditor").args(["audit", "list"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&trail.stdout).contains("disk.full"),
        "{}",
        String::from_utf8_lossy(&trail.stdout)
    );
}
