//! Checkpoints go out in every bundle a partner receives, and the partner keeps them: the demo ministry
//! (IQ-MOMD-DEMO) exports to DE-BAMF-DEMO; a second station made with the demo BAMF keys reads those
//! bundles as BAMF would, imports the ministry's checkpoints, lists what it holds, notices a shorter
//! chain, and writes the newest out for the ministry's auditor to hold its own chain to.
//!
//! An ercms station takes only what requesting states and providers send (applications, transfer
//! notifications, receipts of what it sent, referral updates), never the replies a ministry exports,
//! so the ministry's checkpoint reaches the second station's import in a bundle of applications signed
//! with the ministry's demo key, as a partner's own software would send it: the checkpoint in it is
//! the very text the ministry's export carried.

mod common;

use age::secrecy::SecretString;
use chrono::{DateTime, Duration, Utc};
use common::bundles::{demo, id, BAMF, MOMD};
use common::ADMIN_PASS;
use ercms::domain::ids::UserName;
use ercms::domain::role::Role;
use ercms::exchange::{
    open_bundle, write_bundle, Content, Keyring, Limits, OutgoingBundle, RecordLines,
};
use ercms::service::{open_checkpoint, Direction, InitOptions, Session, Station, LAST_CHECKPOINT};
use std::path::{Path, PathBuf};

const PASS: &str = "a-passphrase-1";

struct Pair {
    dir: tempfile::TempDir,
}

impl Pair {
    /// The demo ministry (which exported its replies to BAMF while it was made) and a BAMF station
    /// that trusts it, with a clerk and an auditor.
    fn new(now: DateTime<Utc>) -> Pair {
        let pair = Pair {
            dir: tempfile::tempdir().unwrap(),
        };
        Station::demo(&pair.momd(), now - Duration::hours(2)).unwrap();
        let opts = InitOptions {
            station: id(BAMF),
            admin: UserName::parse("admin").unwrap(),
            passphrase: SecretString::from(ADMIN_PASS),
            work_factor: Some(10),
            keys: Some(demo(BAMF)),
        };
        let mut admin = Station::init(&pair.bamf(), opts, now - Duration::hours(2)).unwrap();
        for (name, role) in [("clerk", Role::Clerk), ("auditor", Role::Auditor)] {
            admin
                .add_user(name, role, &SecretString::from(PASS), now)
                .unwrap();
        }
        admin
            .add_partner(
                demo(MOMD).as_partner(
                    "MOMD (demo)",
                    vec![Content::ReadmissionApplications, Content::Receipts],
                ),
                now,
            )
            .unwrap();
        pair
    }

    fn momd(&self) -> PathBuf {
        self.dir.path().join("momd")
    }

    fn bamf(&self) -> PathBuf {
        self.dir.path().join("bamf")
    }

    fn login(dir: &Path, user: &str, pass: &str, now: DateTime<Utc>) -> Session {
        Station::open(dir)
            .unwrap()
            .login(user, &SecretString::from(pass), now)
            .unwrap()
    }

    fn at_bamf(&self, user: &str, now: DateTime<Utc>) -> Session {
        Pair::login(&self.bamf(), user, PASS, now)
    }

    /// The bundles the demo's own export wrote (one per content family, one checkpoint in all).
    fn demo_bundles(&self) -> Vec<PathBuf> {
        let sent = self.momd().join("media").join("sent");
        let mut files: Vec<PathBuf> = std::fs::read_dir(sent)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "the demo exports");
        files
    }

    /// The ministry's clerk exports what is due to BAMF now (the travel documents the demo issued).
    fn export_again(&self, now: DateTime<Utc>) -> PathBuf {
        let out = self.dir.path().join(format!("out-{}", now.timestamp()));
        std::fs::create_dir(&out).unwrap();
        let mut clerk = Pair::login(&self.momd(), "clerk", "demo-clerk-pass", now);
        let written = clerk.export_to(BAMF, &out, now).unwrap();
        assert_eq!(written.len(), 1);
        written[0].path.clone()
    }

    /// The checkpoint a bundle the ministry exported carries, read as BAMF reads it (its key, its
    /// keyring), with its size.
    fn carried(&self, bundle: &Path) -> (String, u64) {
        let keyring = Keyring::new(vec![demo(MOMD).as_partner(
            "MOMD (demo)",
            vec![Content::ReadmissionReplies, Content::Receipts],
        )])
        .unwrap();
        let file = std::fs::File::open(bundle).unwrap();
        let opened = open_bundle(file, &demo(BAMF), &keyring, &Limits::default()).unwrap();
        let held = opened
            .checkpoint
            .expect("every exported bundle carries a checkpoint");
        assert_eq!(held.checkpoint.station, MOMD);
        (held.text, held.checkpoint.size)
    }

    /// A bundle of one application from the ministry to BAMF carrying `checkpoint`.
    fn carrier(&self, checkpoint: &str, n: usize, now: DateTime<Utc>) -> PathBuf {
        let line = format!(
            r#"{{"type":"readmission_application","id":"IQ-2026-{n:06}","agreement":"EU-IQ","requesting_state":"IQ","submitted_on":"2026-11-18","procedure":"normal","person":{{"surname":"Synthetic","given_names":"Person {n}","sex":"M","date_of_birth":"1990"}},"evidence":[]}}"#
        );
        let mut file = Vec::new();
        let summary = write_bundle(
            &mut file,
            &demo(MOMD),
            &[(id(BAMF), demo(BAMF).age_recipient())],
            &OutgoingBundle {
                content: Content::ReadmissionApplications,
                sequence: n as u64,
                created_at: now,
                records: RecordLines::Lines(&[line]),
                attachments: &[],
                checkpoint: Some(checkpoint),
            },
        )
        .unwrap();
        let path = self.dir.path().join(summary.file_name());
        std::fs::write(&path, file).unwrap();
        path
    }

    /// The size of the ministry's last signed checkpoint (the one its last export carried).
    fn momd_last_size(&self) -> u64 {
        let text = std::fs::read_to_string(self.momd().join(LAST_CHECKPOINT)).unwrap();
        open_checkpoint(&text, &demo(MOMD).minisign_public_file())
            .unwrap()
            .size
    }
}

#[test]
fn a_partners_checkpoint_is_kept_and_a_shorter_one_is_reported() {
    let now = Utc::now();
    let pair = Pair::new(now);
    // The demo's export: one bundle per family, every one with the same checkpoint, kept as the
    // ministry's last.
    let demo = pair.demo_bundles();
    let (first, first_size) = pair.carried(&demo[0]);
    assert!(demo.iter().all(|b| pair.carried(b).0 == first));
    assert_eq!(first_size, pair.momd_last_size());
    let (second, second_size) = pair.carried(&pair.export_again(now + Duration::minutes(1)));
    assert_eq!(second_size, pair.momd_last_size());
    assert!(second_size > first_size, "the chain grew between exports");

    // The later checkpoint arrives first: it is kept, with the ministry's size.
    let mut clerk = pair.at_bamf("clerk", now + Duration::minutes(2));
    let later = pair.carrier(&second, 1, now + Duration::minutes(2));
    let got = clerk
        .import_bundle(&later, now + Duration::minutes(2), None)
        .unwrap();
    assert_eq!(got.checkpoint_warning, None);
    drop(clerk);
    let auditor = pair.at_bamf("auditor", now + Duration::minutes(3));
    let held = auditor.partner_checkpoints(MOMD).unwrap();
    assert_eq!(
        held.iter().map(|h| h.checkpoint.size).collect::<Vec<_>>(),
        vec![second_size]
    );
    assert_eq!(held[0].checkpoint.reason, "export");
    drop(auditor);

    // The earlier one, signed over a shorter chain (as a station restored from an earlier backup
    // would sign), still imports, and says so.
    let mut clerk = pair.at_bamf("clerk", now + Duration::minutes(4));
    let earlier = pair.carrier(&first, 2, now + Duration::minutes(4));
    let got = clerk
        .import_bundle(&earlier, now + Duration::minutes(4), None)
        .unwrap();
    assert_eq!(got.records, 1);
    let warning = got.checkpoint_warning.expect("a shorter chain is reported");
    assert!(
        warning.starts_with("the checkpoint in this bundle is shorter than one held here"),
        "{warning}"
    );
    assert!(
        warning.contains(&format!(
            "holds {first_size} entries, but it signed {second_size}"
        )),
        "{warning}"
    );
    let log = clerk.exchange_log().unwrap();
    let logged = log
        .iter()
        .find(|e| e.direction == Direction::Received && e.file == got.file)
        .unwrap();
    assert!(logged.summary.ends_with(&warning), "{}", logged.summary);
    drop(clerk);
    let auditor = pair.at_bamf("auditor", now + Duration::minutes(5));
    let held = auditor.partner_checkpoints(MOMD).unwrap();
    assert_eq!(
        held.iter().map(|h| h.checkpoint.size).collect::<Vec<_>>(),
        vec![first_size, second_size]
    );
    let imports: Vec<String> = auditor
        .audit_list(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "bundle.import")
        .filter_map(|e| e.detail)
        .collect();
    assert_eq!(imports.len(), 2);
    assert!(
        imports[0].ends_with(&format!("checkpoint of {second_size} entries kept")),
        "{imports:?}"
    );
    assert!(imports[1].ends_with(&warning), "{imports:?}");
    // The newest held is the longest, whatever came last.
    let newest = auditor.newest_partner_checkpoint(MOMD).unwrap().unwrap();
    assert_eq!(newest.checkpoint.size, second_size);
}

#[test]
fn a_held_checkpoint_written_out_verifies_on_its_own_station() {
    let now = Utc::now();
    let pair = Pair::new(now);
    let (carried, _) = pair.carried(&pair.demo_bundles()[0]);
    let mut clerk = pair.at_bamf("clerk", now);
    let bundle = pair.carrier(&carried, 1, now);
    clerk.import_bundle(&bundle, now, None).unwrap();
    drop(clerk);

    let bamf = |user: &str| {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_ercms"));
        c.env_clear()
            .env("ERCMS_DATA", pair.bamf())
            .env("ERCMS_USER", user)
            .env("ERCMS_PASSPHRASE", PASS);
        c
    };
    let listed = bamf("auditor")
        .args(["--json", "keys", "checkpoints", MOMD])
        .assert()
        .success();
    let listed: serde_json::Value = serde_json::from_slice(&listed.get_output().stdout).unwrap();
    assert_eq!(listed[0]["size"], pair.momd_last_size());
    assert_eq!(listed[0]["station"], MOMD);
    // A clerk may not read them.
    bamf("clerk")
        .args(["keys", "checkpoints", MOMD])
        .assert()
        .code(5);

    let file = pair.dir.path().join("momd.checkpoint");
    bamf("auditor")
        .args(["keys", "checkpoint", MOMD, "--out"])
        .arg(&file)
        .assert()
        .success();
    let key = pair.dir.path().join("momd.minisign.pub");
    std::fs::write(&key, demo(MOMD).minisign_public_file()).unwrap();

    // The ministry's auditor holds its chain to the copy BAMF kept.
    let momd = |user: &str, pass: &str| {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_ercms"));
        c.env_clear()
            .env("ERCMS_DATA", pair.momd())
            .env("ERCMS_USER", user)
            .env("ERCMS_PASSPHRASE", pass);
        c
    };
    momd("auditor", "demo-auditor-pass")
        .args(["audit", "verify", "--checkpoint"])
        .arg(&file)
        .arg("--key")
        .arg(&key)
        .assert()
        .success();
    // Signed by another key, the same file does not verify.
    let other = pair.dir.path().join("bamf.minisign.pub");
    std::fs::write(&other, demo(BAMF).minisign_public_file()).unwrap();
    momd("auditor", "demo-auditor-pass")
        .args(["audit", "verify", "--checkpoint"])
        .arg(&file)
        .arg("--key")
        .arg(&other)
        .assert()
        .failure();
}

#[test]
fn nothing_held_from_a_partner_is_said_so() {
    let now = Utc::now();
    let pair = Pair::new(now);
    let auditor = pair.at_bamf("auditor", now);
    assert!(auditor.partner_checkpoints(MOMD).unwrap().is_empty());
    let e = auditor
        .write_partner_checkpoint(MOMD, &pair.dir.path().join("none"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "no checkpoint from IQ-MOMD-DEMO is held here"
    );
    assert!(!pair.dir.path().join("none").exists());
}
