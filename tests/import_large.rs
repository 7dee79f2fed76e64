//! An import large enough to be written in parts (a vault `Bulk`): it reports how far it got, flags
//! duplicates across parts both ways, and when it is cancelled or its file changes under it, the
//! station is left exactly as it was.

mod common;

use age::secrecy::SecretString;
use chrono::{DateTime, TimeZone, Utc};
use common::bundles::{applications, good};
use ercms::service::{ErrorKind, ImportStep, Session, Station};
use std::path::{Path, PathBuf};

/// Applications `DE-2099-000000..n`; the person of line `i` is the person of line `i + twin_every`
/// (same names, same year of birth), so each has exactly one possible duplicate when `n` is twice it.
/// Each line carries `padding` bytes of free text.
fn twins(n: usize, twin_every: usize, padding: usize) -> Vec<u8> {
    let note = "x".repeat(padding);
    (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"readmission_application","id":"DE-2099-{i:06}","agreement":"EU-IQ","requesting_state":"DE","submitted_on":"2026-11-18","procedure":"normal","special_circumstances":"{note}","person":{{"surname":"Synthetic","given_names":"Person {}","sex":"M","date_of_birth":"1990"}},"evidence":[]}}"#,
                i % twin_every
            ) + "\n"
        })
        .collect::<String>()
        .into_bytes()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

struct Demo {
    dir: tempfile::TempDir,
    station: Option<Station>,
}

impl Demo {
    fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let station = Station::demo(&dir.path().join("station"), now()).unwrap();
        Demo {
            dir,
            station: Some(station),
        }
    }

    fn clerk(&self) -> Session {
        self.station
            .as_ref()
            .unwrap()
            .login("clerk", &SecretString::from("demo-clerk-pass"), now())
            .unwrap()
    }

    fn bundle(&self, records: &[u8]) -> PathBuf {
        let path = self.dir.path().join("large.ercms");
        std::fs::write(&path, good(applications(records))).unwrap();
        path
    }

    /// Everything stored outside the audit trail and the station's own settings (a login writes
    /// those), and outside the trees in `also_skip`.
    fn entries(&mut self, also_skip: &[&str]) -> Vec<common::Entry> {
        drop(self.station.take());
        let data = self.dir.path().join("station");
        let vault = ercms::vault::LockedVault::open(&data).unwrap();
        let mut skip = vec!["audit", "state_log", "station"];
        skip.extend_from_slice(also_skip);
        let entries = common::sealed_entries(&vault, &skip);
        self.station = Some(Station::from_vault(vault).unwrap());
        entries
    }
}

const N: usize = 1_200;

#[test]
fn a_large_import_reports_progress_and_flags_twins_across_parts() {
    let d = Demo::new();
    let path = d.bundle(&twins(N, N / 2, 10));
    let mut clerk = d.clerk();
    let mut steps: Vec<ImportStep> = Vec::new();
    let out = clerk
        .import_bundle_reporting(&path, now(), None, &mut |s| {
            steps.push(s);
            true
        })
        .unwrap();
    assert_eq!(out.records, N as u64);
    // Flagged on arrival: the second of each pair (the first learns of it then).
    assert!(
        out.summary.starts_with("1200 new case(s), 600 flagged"),
        "{}",
        out.summary
    );
    // Checked, then written: one total, counted up to it without going back.
    let total = 2 * N as u64;
    assert!(steps.iter().all(|s| s.total == total));
    assert!(steps.windows(2).all(|w| w[0].done < w[1].done));
    assert_eq!(steps.last().map(|s| s.done), Some(total));
    assert!(steps.len() >= 4, "{} reports", steps.len());

    // The twin 600 lines later was written in another part, and each knows of the other.
    for i in [0usize, 1, 299, 599] {
        let a = clerk.case(&format!("DE-2099-{i:06}")).unwrap();
        let b = clerk.case(&format!("DE-2099-{:06}", i + N / 2)).unwrap();
        assert_eq!(a.possible_duplicates, vec![b.id]);
        assert_eq!(b.possible_duplicates, vec![a.id]);
    }
    // Nothing is left waiting in the vault.
    drop(clerk);
    let mut d = d;
    assert!(d.entries(&[]).iter().all(|(tree, _, _)| tree != "pending"));
}

#[test]
fn a_cancelled_import_changes_nothing_even_after_parts_were_written() {
    let mut d = Demo::new();
    let path = d.bundle(&twins(N, N / 2, 10));
    let before = d.entries(&[]);
    let mut clerk = d.clerk();
    let mut asked = 0;
    // Cancelled three quarters of the way: well into the writing.
    let err = clerk
        .import_bundle_reporting(&path, now(), None, &mut |s| {
            asked += 1;
            s.done < s.total * 3 / 4
        })
        .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    assert!(asked > 2);
    drop(clerk);
    assert_eq!(d.entries(&[]), before);
    // And the same file imports whole afterwards.
    let out = d.clerk().import_bundle(&path, now(), None).unwrap();
    assert_eq!(out.records, N as u64);
}

/// Overwrites the file in place (same inode, same length): what a reader has open sees the change.
fn scribble_over(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(0)).unwrap();
    f.write_all(&vec![0x5a; len as usize]).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn a_file_that_changes_during_the_import_is_refused_and_nothing_is_kept() {
    let mut d = Demo::new();
    // Long lines, so that the reader cannot have read the whole file ahead when it is overwritten
    // at the first report of the writing (line 300 of 1,200).
    let path = d.bundle(&twins(N, N / 2, 2_000));
    let before = d.entries(&["exchange_log"]);
    let mut clerk = d.clerk();
    let mut scribbled = false;
    let err = clerk
        .import_bundle_reporting(&path, now(), None, &mut |s| {
            if s.done > s.total / 2 && !scribbled {
                scribble_over(&path);
                scribbled = true;
            }
            true
        })
        .unwrap_err();
    assert!(scribbled);
    assert_eq!(err.kind(), ErrorKind::Rejected, "{err}");
    drop(clerk);
    // Only the rejection was logged.
    assert_eq!(d.entries(&["exchange_log"]), before);
    let log = d.clerk().exchange_log().unwrap();
    assert!(log
        .iter()
        .any(|e| e.file == "large.ercms" && e.direction == ercms::service::Direction::Rejected));
}
