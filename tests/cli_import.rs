//! `ercms import` through the real binary on the demo ministry: the corpus of bad bundles (each exits 3
//! with a sentence naming the file, and changes nothing but the exchange log), replays, quarantine,
//! sequence gaps, and bundles made and read with the standard `tar`, `minisign` and `age` tools.

mod common;

use chrono::{TimeZone, Utc};
use common::bundles::*;
use common::{stdout_json, TestStation};
use ercms::exchange::records::{Receipt, TransferMode, TransferNotification};
use ercms::exchange::{Content, Record};
use ercms::vault::LockedVault;
use std::path::{Path, PathBuf};
use std::process::Command;

const CLERK: (&str, &str) = ("clerk", "demo-clerk-pass");

/// The trees an import may change when it rejects a bundle: its log entry, its audit entry and the
/// audit head. Everything else must stay byte for byte the same.
// `state_log` is the audit trail's record of what each entry wrote.
const MAY_CHANGE: [&str; 4] = ["exchange_log", "audit", "state_log", "station"];

fn clerk(s: &TestStation) -> assert_cmd::Command {
    s.cmd_as(CLERK.0, CLERK.1)
}

/// The case list as the clerk sees it and the vault's sealed entries outside [`MAY_CHANGE`].
fn snapshot(s: &TestStation) -> (serde_json::Value, Vec<common::Entry>) {
    let out = clerk(s).args(["case", "list", "--json"]).output().unwrap();
    assert!(out.status.success());
    let cases = stdout_json(&out);
    let vault = LockedVault::open(&s.data()).unwrap();
    let entries = common::sealed_entries(&vault, &MAY_CHANGE);
    (cases, entries)
}

fn exchange_log(s: &TestStation) -> Vec<serde_json::Value> {
    let out = clerk(s)
        .args(["exchange", "log", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    stdout_json(&out).as_array().unwrap().clone()
}

fn file_hash(path: &Path) -> String {
    sha(&std::fs::read(path).unwrap())
}

/// Writes `bytes` as `media/<name>.ercms` and imports it; returns the exit code and stderr.
fn import(s: &TestStation, name: &str, bytes: &[u8], extra: &[&str]) -> (i32, String, PathBuf) {
    let media = s.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    let path = media.join(format!("{name}.ercms"));
    std::fs::write(&path, bytes).unwrap();
    let (code, err) = import_file(s, &path, extra);
    (code, err, path)
}

fn import_file(s: &TestStation, path: &Path, extra: &[&str]) -> (i32, String) {
    let out = clerk(s)
        .arg("import")
        .arg(path)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn transfer(application: &str) -> Record {
    Record::TransferNotification(TransferNotification {
        id: uuid::Uuid::now_v7().to_string(),
        application: application.into(),
        departure: Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(),
        border_point: "Baghdad International Airport".into(),
        mode: TransferMode::Air,
        flight: Some("XY123".into()),
        escorts: 0,
        medical: None,
    })
}

fn armored(plain: &[u8], dir: &Path) -> Vec<u8> {
    std::fs::write(dir.join("a.tar"), plain).unwrap();
    run(Command::new("age").current_dir(dir).args([
        "-a",
        "-r",
        &demo(MOMD).age_recipient(),
        "-o",
        "a.age",
        "a.tar",
    ]));
    std::fs::read(dir.join("a.age")).unwrap()
}

/// Every bad bundle of issue 4's corpus, named, with what its sentence must say (besides the file).
fn corpus(scratch: &Path) -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let recs = records_from(500, 2);
    let mut out: Vec<(&'static str, Vec<u8>, &'static str)> = Vec::new();
    let app = |m: Vec<Member>| good(m);
    let signed_by = |signer: &str, sender: &str, to: &[&str], content: Content| {
        good_members(signer, sender, to, content, &recs, &[])
    };

    out.push((
        "unknown-sender",
        app(stranger_members(&recs)),
        "is not in this station's keyring",
    ));
    out.push((
        "wrong-signer",
        app(signed_by(
            PROVIDER,
            BAMF,
            &[MOMD],
            Content::ReadmissionApplications,
        )),
        "does not verify",
    ));
    out.push((
        "to-another-station",
        seal(
            &ustar(&signed_by(
                BAMF,
                BAMF,
                &[MOMD],
                Content::ReadmissionApplications,
            )),
            &[PROVIDER],
        ),
        "not encrypted to this station",
    ));
    out.push((
        "not-a-recipient",
        app(signed_by(
            BAMF,
            BAMF,
            &[PROVIDER],
            Content::ReadmissionApplications,
        )),
        "is not among the bundle's recipients",
    ));
    out.push((
        "content-not-allowed",
        app(good_members(
            BAMF,
            BAMF,
            &[MOMD],
            Content::ReferralUpdates,
            b"",
            &[],
        )),
        "may not send `referral-updates`",
    ));
    let mut m = applications(&recs);
    m[2].data[60] ^= 1;
    out.push(("hash-mismatch", app(m), "the SHA-256 of `records.jsonl`"));
    let mut m = applications(&recs);
    m[2].data = records_from(500, 3);
    out.push(("size-mismatch", app(m), "`records.jsonl` has"));
    let mut m = applications(&recs);
    m.pop();
    out.push(("missing-member", app(m), "the archive is missing"));
    let mut m = applications(&recs);
    m.push(member("notes.txt", b"x"));
    out.push(("extra-member", app(m), "which the manifest does not list"));
    let mut m = applications(&recs);
    m.swap(1, 2);
    out.push(("reordered-members", app(m), "was expected"));
    let mut m = applications(&recs);
    m.push(member("../x", b"x"));
    out.push(("path-traversal", app(m), "climbs out of the archive"));
    for (name, kind, phrase) in [
        ("symlink", tar::EntryType::Symlink, "is a symbolic link"),
        ("hardlink", tar::EntryType::Link, "is a hard link"),
    ] {
        let mut m = applications(&recs);
        m.push(Member {
            name: "link".into(),
            kind,
            data: vec![],
        });
        out.push((name, app(m), phrase));
    }
    // A manifest over the format's 1 MiB (JSON padded with spaces, still valid).
    let mut m = applications(&recs);
    m[0].data.extend(std::iter::repeat_n(b' ', 1 << 20));
    out.push(("oversized-manifest", app(m), "is larger than the limit"));
    let whole = app(applications(&records_from(500, 400)));
    out.push((
        "truncated",
        whole[..whole.len() / 2].to_vec(),
        "damaged or cut short",
    ));
    let noise: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    out.push(("random-bytes", noise, "not an age-encrypted bundle"));
    let armor = armored(&ustar(&applications(&records_from(500, 400))), scratch);
    out.push((
        "armored-cut-short",
        armor[..armor.len() * 2 / 3].to_vec(),
        "damaged or cut short",
    ));
    let line = |i: usize, from: &str, to: &str| {
        let mut all: Vec<String> = (500..503).map(application).collect();
        all[i] = all[i].replace(from, to);
        all.iter().map(|s| s.clone() + "\n").collect::<String>()
    };
    out.push((
        "record-missing-field",
        app(applications(
            line(1, "\"procedure\":\"normal\",", "").as_bytes(),
        )),
        "records.jsonl line 2: field `procedure` is missing",
    ));
    out.push((
        "record-unknown-field",
        app(applications(
            line(
                0,
                "\"evidence\":[]",
                "\"evidence\":[],\"eye_colour\":\"brown\"",
            )
            .as_bytes(),
        )),
        "records.jsonl line 1: field `eye_colour` is not part of the format",
    ));
    out.push((
        "record-bad-date",
        app(applications(line(2, "2026-11-18", "18/11/2026").as_bytes())),
        "records.jsonl line 3: field `submitted_on` is not a date",
    ));
    out.push((
        "transfer-for-no-case",
        from_bamf(
            Content::TransferNotifications,
            3,
            &[transfer("DE-2026-999999")],
        ),
        "records.jsonl line 1: there is no case DE-2026-999999",
    ));
    out.push((
        "receipt-never-sent",
        from_bamf(
            Content::Receipts,
            3,
            &[Record::Receipt(Receipt {
                id: "r-1".into(),
                bundle_id: uuid::Uuid::now_v7(),
                manifest_sha256: sha(b"never sent"),
                received_at: Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap(),
                records: 1,
            })],
        ),
        "records.jsonl line 1: the receipt names a bundle this station never sent",
    ));
    out
}

#[test]
fn every_bad_bundle_exits_3_names_its_file_and_changes_nothing_but_the_log() {
    let s = TestStation::demo();
    let scratch = tempfile::tempdir().unwrap();
    let corpus = corpus(scratch.path());
    assert_eq!(corpus.len(), 22);
    let before = snapshot(&s);
    let log_before = exchange_log(&s).len();
    for (name, bytes, phrase) in &corpus {
        let (code, err, path) = import(&s, name, bytes, &[]);
        assert_eq!(code, 3, "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: one sentence: {err}");
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("ercms: {name}.ercms: ")),
            "{name}: {err}"
        );
        assert!(first.contains(phrase), "{name}: `{first}` lacks `{phrase}`");
        assert_eq!(
            first.matches(". ").count(),
            0,
            "{name}: one sentence: {first}"
        );
        assert_eq!(
            &std::fs::read(&path).unwrap(),
            bytes,
            "{name}: media changed"
        );
    }
    assert_eq!(
        snapshot(&s),
        before,
        "a rejected bundle changed the station"
    );
    let log = exchange_log(&s);
    assert_eq!(log.len(), log_before + corpus.len());
    assert!(log[..corpus.len()]
        .iter()
        .all(|e| e["direction"] == "rejected"));
}

#[test]
fn several_files_each_get_their_sentence_and_a_count_at_the_end() {
    let s = TestStation::demo();
    let media = s.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    let mut bad = applications(&records_from(700, 2));
    bad[2].data[10] ^= 1;
    std::fs::write(media.join("bad.ercms"), good(bad)).unwrap();
    std::fs::write(
        media.join("good.ercms"),
        good(applications(&records_from(710, 2))),
    )
    .unwrap();
    let out = clerk(&s)
        .arg("import")
        .arg(media.join("bad.ercms"))
        .arg(media.join("good.ercms"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    // (The good bundle's sequence number draws a warning of its own.)
    let lines: Vec<&str> = err.lines().filter(|l| !l.contains("warning")).collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("ercms: bad.ercms: "), "{err}");
    assert_eq!(lines[1], "ercms: 1 of 2 bundles were not imported");
    assert!(String::from_utf8_lossy(&out.stdout).contains("good.ercms: imported"));
}

#[test]
fn quarantine_moves_a_rejected_file_and_a_replay_exits_4() {
    let s = TestStation::demo();
    let q = s.path().join("quarantine");
    let mut bad = applications(&records_from(600, 2));
    bad[2].data[10] ^= 1;
    let bad = good(bad);
    let (code, err, path) = import(&s, "bad", &bad, &["--quarantine", q.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("moved to"), "{err}");
    assert!(!path.exists());
    assert_eq!(std::fs::read(q.join("bad.ercms")).unwrap(), bad);

    // A good bundle whose sequence skips some: imported, with a warning.
    let mut m = applications(&records_from(600, 3));
    let mut manifest: ercms::exchange::manifest::Manifest =
        serde_json::from_slice(&m[0].data).unwrap();
    manifest.sequence = 9;
    m[0].data = serde_json::to_vec_pretty(&manifest).unwrap();
    m[1].data = demo(BAMF)
        .sign(&m[0].data, "test bundle")
        .unwrap()
        .into_bytes();
    let file = good(m);
    let (code, err, path) = import(&s, "gap", &file, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning") && err.contains("missing"), "{err}");
    let cases = stdout_json(&clerk(&s).args(["case", "list", "--json"]).output().unwrap());
    let refs: Vec<&str> = cases
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["reference"].as_str())
        .collect();
    for r in ["DE-2026-000600", "DE-2026-000601", "DE-2026-000602"] {
        assert!(refs.contains(&r), "{r} missing");
    }

    let hash = file_hash(&path);
    let before = snapshot(&s);
    let (code, err) = import_file(&s, &path, &[]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("gap.ercms: already imported"), "{err}");
    assert_eq!(snapshot(&s), before);
    assert_eq!(file_hash(&path), hash);
}

#[test]
fn bundles_made_and_read_with_the_standard_tools() {
    let s = TestStation::demo();
    let d = tempfile::tempdir().unwrap();
    let d = d.path();
    let recs = records_from(700, 2);
    let m = manifest(BAMF, &[MOMD], Content::ReadmissionApplications, &recs, &[]);
    std::fs::write(
        d.join("manifest.json"),
        serde_json::to_vec_pretty(&m).unwrap(),
    )
    .unwrap();
    std::fs::write(d.join("records.jsonl"), &recs).unwrap();
    let bundle = pack_with_tools(
        d,
        BAMF,
        MOMD,
        &["manifest.json", "manifest.json.minisig", "records.jsonl"],
        true,
    );
    let hash = file_hash(&bundle);
    let (code, err) = import_file(&s, &bundle, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(file_hash(&bundle), hash);
    let show = clerk(&s)
        .args(["case", "show", "DE-2026-000701", "--json"])
        .output()
        .unwrap();
    assert!(show.status.success());

    // Export to the requesting state: at least the receipt for that bundle; each opens with the tools.
    let out = s.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let exported = clerk(&s)
        .args([
            "export",
            "--to",
            BAMF,
            "--out",
            out.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(exported.status.success());
    let written = stdout_json(&exported);
    let written = written.as_array().unwrap();
    assert!(!written.is_empty());
    for (n, b) in written.iter().enumerate() {
        let x = d.join(format!("x{n}"));
        std::fs::create_dir(&x).unwrap();
        run(Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(key_file(BAMF, "age.key"))
            .arg("-o")
            .arg(x.join("b.tar"))
            .arg(b["path"].as_str().unwrap()));
        run(Command::new("tar").current_dir(&x).args(["-xf", "b.tar"]));
        run(Command::new("minisign")
            .arg("-V")
            .arg("-p")
            .arg(key_file(MOMD, "minisign.pub"))
            .arg("-m")
            .arg(x.join("manifest.json")));
        // The requesting state's receipt, made with the tools, acknowledges the exported bundle.
        let sent: ercms::exchange::manifest::Manifest =
            serde_json::from_slice(&std::fs::read(x.join("manifest.json")).unwrap()).unwrap();
        let count = sent.files[0].records.unwrap();
        let receipt = format!(
            "{{\"type\":\"receipt\",\"id\":\"tool-receipt-{n}\",\"bundle_id\":\"{}\",\"manifest_sha256\":\"{}\",\"received_at\":\"2026-11-22T10:00:00Z\",\"records\":{count}}}\n",
            sent.bundle_id,
            file_hash(&x.join("manifest.json"))
        );
        let r = d.join(format!("r{n}"));
        std::fs::create_dir(&r).unwrap();
        let mut m = manifest(BAMF, &[MOMD], Content::Receipts, receipt.as_bytes(), &[]);
        m.sequence = 20 + n as u64;
        std::fs::write(r.join("manifest.json"), serde_json::to_vec(&m).unwrap()).unwrap();
        std::fs::write(r.join("records.jsonl"), &receipt).unwrap();
        let back = pack_with_tools(
            &r,
            BAMF,
            MOMD,
            &["manifest.json", "manifest.json.minisig", "records.jsonl"],
            false,
        );
        let (code, err) = import_file(&s, &back, &[]);
        assert_eq!(code, 0, "{err}");
        let log = exchange_log(&s);
        let entry = log
            .iter()
            .find(|e| e["direction"] == "sent" && e["bundle_id"] == b["bundle_id"])
            .unwrap_or_else(|| panic!("no sent entry for {}", b["bundle_id"]));
        assert_eq!(entry["acknowledged_at"], "2026-11-22T10:00:00Z", "{entry}");
    }
}
