//! The bundle format against the standard tools (`age`, `minisign`, `tar`), both ways, and the corpus
//! of bad bundles the read path must refuse. The tools are required: CI installs them.

mod common;

use chrono::{TimeZone, Utc};
use common::bundles::*;
use ercms::exchange::manifest::Manifest;
use ercms::exchange::{
    open_bundle, open_plain_tar, read_bundle, receipt_for, write_bundle, Attachment, BundleError,
    BundleErrorKind, Content, Keyring, Limits, OutgoingBundle, Record, RecordLines,
};
use std::path::Path;
use std::process::Command;

fn bamf_keyring() -> Keyring {
    Keyring::new(vec![demo(MOMD).as_partner(
        "MoMD (demo)",
        vec![Content::ReadmissionReplies, Content::Receipts],
    )])
    .unwrap()
}

fn open_at_momd(
    file: &[u8],
    limits: &Limits,
) -> Result<ercms::exchange::OpenedBundle, BundleError> {
    open_bundle(file, &demo(MOMD), &momd_keyring(), limits)
}

#[test]
fn demo_keys_load_and_match_their_public_files() {
    for station in [MOMD, BAMF, PROVIDER] {
        let keys = demo(station);
        let age_pub = std::fs::read_to_string(key_file(station, "age.pub")).unwrap();
        assert_eq!(keys.age_recipient(), age_pub.trim());
        let sign_pub = std::fs::read_to_string(key_file(station, "minisign.pub")).unwrap();
        assert_eq!(
            Some(keys.minisign_public_key().as_str()),
            sign_pub.lines().nth(1)
        );
        assert_eq!(keys.minisign_public_file(), sign_pub);
    }
}

#[test]
fn a_bundle_made_with_tar_minisign_and_age_opens() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scan = b"%PDF-1.4 synthetic scan".to_vec();
    let mut recs = records(2);
    // The second application points at the attached scan.
    let with_photo = application(2).replace(
        "\"date_of_birth\":\"1990\"",
        &format!("\"date_of_birth\":\"1990\",\"photo\":\"{}\"", sha(&scan)),
    );
    recs.extend_from_slice((with_photo + "\n").as_bytes());
    let m = manifest(
        BAMF,
        &[MOMD],
        Content::ReadmissionApplications,
        &recs,
        &[&scan],
    );
    std::fs::write(
        d.join("manifest.json"),
        serde_json::to_vec_pretty(&m).unwrap(),
    )
    .unwrap();
    std::fs::write(d.join("records.jsonl"), &recs).unwrap();
    std::fs::create_dir(d.join("attachments")).unwrap();
    std::fs::write(d.join(format!("attachments/{}", sha(&scan))), &scan).unwrap();
    let recipient = demo(MOMD).age_recipient();

    for legacy in [false, true] {
        let mut sign = Command::new("/usr/bin/minisign");
        sign.args(["-S", "-s"])
            .arg(key_file(BAMF, "minisign.key"))
            .arg("-m")
            .arg(d.join("manifest.json"))
            .args(["-t", "cli test"]);
        if legacy {
            sign.arg("-l");
        }
        run(&mut sign);
        run(Command::new("/usr/bin/tar")
            .current_dir(d)
            .args([
                "--format=ustar",
                "-cf",
                "b.tar",
                "manifest.json",
                "manifest.json.minisig",
                "records.jsonl",
            ])
            .arg(format!("attachments/{}", sha(&scan))));
        for armor in [false, true] {
            let mut age = Command::new("/usr/bin/age");
            age.current_dir(d).args(["-r", &recipient, "-o", "b.ercms"]);
            if armor {
                age.arg("-a");
            }
            run(age.arg("b.tar"));
            let file = std::fs::read(d.join("b.ercms")).unwrap();
            assert_eq!(
                armor,
                file.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
            );
            let opened = open_at_momd(&file, &Limits::default())
                .unwrap_or_else(|e| panic!("legacy={legacy} armor={armor}: {e}"));
            assert_eq!(opened.manifest, m);
            assert_eq!(opened.records.len(), 3);
            assert_eq!(opened.attachments.len(), 1);
            assert_eq!(opened.attachments[0].bytes, scan);
            assert_eq!(
                opened.manifest_sha256,
                sha(&std::fs::read(d.join("manifest.json")).unwrap())
            );
            std::fs::remove_file(d.join("b.ercms")).unwrap();
        }
    }
}

#[test]
fn a_bundle_from_write_bundle_opens_with_age_minisign_and_tar() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scan = Attachment::new(b"synthetic photo bytes".to_vec());
    let lines: Vec<String> = (0..5).map(application).collect();
    let bamf = demo(BAMF);
    let bundle = OutgoingBundle {
        content: Content::ReadmissionApplications,
        sequence: 7,
        created_at: Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap(),
        records: RecordLines::Lines(&lines),
        attachments: std::slice::from_ref(&scan),
        checkpoint: None,
    };
    let path = d.join("out.ercms");
    let file = std::fs::File::create(&path).unwrap();
    let summary = write_bundle(
        file,
        &bamf,
        &[
            (id(MOMD), demo(MOMD).age_recipient()),
            (id(PROVIDER), demo(PROVIDER).age_recipient()),
        ],
        &bundle,
    )
    .unwrap();
    assert!(summary.file_name().ends_with(".ercms"));

    run(Command::new("/usr/bin/age")
        .arg("-d")
        .arg("-i")
        .arg(key_file(MOMD, "age.key"))
        .arg("-o")
        .arg(d.join("out.tar"))
        .arg(&path));
    let listing = run(Command::new("/usr/bin/tar")
        .current_dir(d)
        .args(["-tf", "out.tar"]));
    let names: Vec<String> = String::from_utf8(listing.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(
        names,
        vec![
            "manifest.json".to_string(),
            "manifest.json.minisig".into(),
            "records.jsonl".into(),
            scan.path()
        ]
    );
    run(Command::new("/usr/bin/tar")
        .current_dir(d)
        .args(["-xf", "out.tar"]));
    run(Command::new("/usr/bin/minisign")
        .arg("-V")
        .arg("-p")
        .arg(key_file(BAMF, "minisign.pub"))
        .arg("-m")
        .arg(d.join("manifest.json")));
    let m: Manifest =
        serde_json::from_slice(&std::fs::read(d.join("manifest.json")).unwrap()).unwrap();
    let recs = std::fs::read(d.join("records.jsonl")).unwrap();
    assert_eq!(m.files[0].sha256, sha(&recs));
    assert_eq!(m.files[0].size, recs.len() as u64);
    assert_eq!(m.files[0].records, Some(5));
    assert_eq!(recs, records(5));
    assert_eq!(std::fs::read(d.join(scan.path())).unwrap(), scan.bytes);
    assert_eq!(
        summary.manifest_sha256,
        sha(&std::fs::read(d.join("manifest.json")).unwrap())
    );
    // The second recipient can read it too, with the CLI.
    run(Command::new("/usr/bin/age")
        .arg("-d")
        .arg("-i")
        .arg(key_file(PROVIDER, "age.key"))
        .arg("-o")
        .arg(d.join("p.tar"))
        .arg(&path));
    // And ercms reads its own bundle back.
    let opened = open_at_momd(&std::fs::read(&path).unwrap(), &Limits::default()).unwrap();
    assert_eq!(opened.records.len(), 5);
    assert_eq!(opened.manifest.sequence, 7);
}

#[test]
fn a_receipt_goes_back_to_the_sender() {
    let lines: Vec<String> = (0..3).map(application).collect();
    let at = Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap();
    let file = bamf_to_momd(&OutgoingBundle {
        content: Content::ReadmissionApplications,
        sequence: 1,
        created_at: at,
        records: RecordLines::Lines(&lines),
        attachments: &[],
        checkpoint: None,
    });
    let mut records = Vec::new();
    let opened = read_bundle(
        &file[..],
        &demo(MOMD),
        &momd_keyring(),
        &Limits::default(),
        &mut records,
    )
    .unwrap();
    assert_eq!(records.len(), 3);
    let receipt = receipt_for(&opened, at);
    let mut back = Vec::new();
    let reply = OutgoingBundle {
        content: Content::Receipts,
        sequence: 1,
        created_at: at,
        records: RecordLines::Records(std::slice::from_ref(&receipt)),
        attachments: &[],
        checkpoint: None,
    };
    write_bundle(
        &mut back,
        &demo(MOMD),
        &[(id(BAMF), demo(BAMF).age_recipient())],
        &reply,
    )
    .unwrap();
    let got = open_bundle(&back[..], &demo(BAMF), &bamf_keyring(), &Limits::default()).unwrap();
    match &got.records[..] {
        [Record::Receipt(r)] => {
            assert_eq!(r.bundle_id, opened.manifest.bundle_id);
            assert_eq!(r.manifest_sha256, opened.manifest_sha256);
            assert_eq!(r.records, 3);
        }
        other => panic!("expected one receipt, got {other:?}"),
    }
}

/// Asserts a refusal of the bundle itself, in one sentence containing `phrase`.
fn refused(result: Result<ercms::exchange::OpenedBundle, BundleError>, phrase: &str) {
    let err = result
        .err()
        .unwrap_or_else(|| panic!("accepted a bad bundle (expected: {phrase})"));
    let msg = err.to_string();
    assert_eq!(err.kind(), BundleErrorKind::Rejected, "{msg}");
    assert!(msg.contains(phrase), "`{msg}` lacks `{phrase}`");
    assert!(!msg.contains('\n'), "{msg}");
}

#[test]
fn the_corpus_builder_makes_a_good_bundle() {
    let opened = open_at_momd(&good(applications(&records(3))), &Limits::default()).unwrap();
    assert_eq!(opened.records.len(), 3);
}

#[test]
fn untrusted_or_misaddressed_bundles_are_refused() {
    let l = Limits::default();
    let recs = records(2);
    // Unknown sender: a station that is not in the keyring (signed with its own key).
    let members = stranger_members(&recs);
    refused(
        open_at_momd(&good(members), &l),
        "the sender `FR-OFPRA` is not in this station's keyring",
    );
    // Wrong signer: claims to be BAMF, signed by the provider.
    let members = good_members(
        PROVIDER,
        BAMF,
        &[MOMD],
        Content::ReadmissionApplications,
        &recs,
        &[],
    );
    refused(
        open_at_momd(&good(members), &l),
        "does not verify with the key of `DE-BAMF-DEMO`",
    );
    // Encrypted to another station.
    let members = good_members(
        BAMF,
        BAMF,
        &[MOMD],
        Content::ReadmissionApplications,
        &recs,
        &[],
    );
    refused(
        open_at_momd(&seal(&ustar(&members), &[PROVIDER]), &l),
        "not encrypted to this station",
    );
    // Encrypted to us, but we are not among the manifest's recipients.
    let members = good_members(
        BAMF,
        BAMF,
        &[PROVIDER],
        Content::ReadmissionApplications,
        &recs,
        &[],
    );
    refused(
        open_at_momd(&good(members), &l),
        "(IQ-MOMD-DEMO) is not among the bundle's recipients",
    );
    // A signature file whose global signature is cut short (minisign 0.10 would panic on it).
    let mut members = good_members(
        BAMF,
        BAMF,
        &[MOMD],
        Content::ReadmissionApplications,
        &recs,
        &[],
    );
    let sig = String::from_utf8(members[1].data.clone()).unwrap();
    let mut lines: Vec<&str> = sig.lines().collect();
    lines[3] = "AAAA";
    members[1].data = (lines.join("\n") + "\n").into_bytes();
    refused(
        open_at_momd(&good(members), &l),
        "manifest.json.minisig is not a minisign signature",
    );
    // A content the sender may not send.
    let members = good_members(BAMF, BAMF, &[MOMD], Content::ReferralUpdates, b"", &[]);
    refused(
        open_at_momd(&good(members), &l),
        "`DE-BAMF-DEMO` may not send `referral-updates`",
    );
}

#[test]
fn tampered_bundles_are_refused() {
    let l = Limits::default();
    let recs = records(3);
    // Hash mismatch: same size, one byte changed after signing.
    let mut members = applications(&recs);
    let mut changed = recs.clone();
    changed[60] ^= 1;
    members[2].data = changed;
    refused(
        open_at_momd(&good(members), &l),
        "the SHA-256 of `records.jsonl` does not match",
    );
    // Size mismatch: a line more than the manifest says.
    let mut members = applications(&recs);
    members[2].data = records(4);
    refused(open_at_momd(&good(members), &l), "`records.jsonl` has");
    // An attachment with other bytes.
    let mut members = applications(&recs);
    members[3].data = b"scam".to_vec();
    refused(
        open_at_momd(&good(members), &l),
        "the SHA-256 of `attachments/",
    );
}

/// A change to a good bundle's members.
type Tamper = Box<dyn Fn(&mut Vec<Member>)>;

#[test]
fn malformed_archives_are_refused() {
    let l = Limits::default();
    let recs = records(2);
    let cases: Vec<(Tamper, &str)> = vec![
        (
            Box::new(|m| {
                m.pop();
            }),
            "the archive is missing `attachments/",
        ),
        (
            Box::new(|m| {
                m.truncate(2);
            }),
            "the archive is missing `records.jsonl`",
        ),
        (
            Box::new(|m| m.push(member("notes.txt", b"x"))),
            "holds `notes.txt`, which the manifest does not list",
        ),
        (
            Box::new(|m| m.insert(3, member("attachments/extra", b"x"))),
            "which the manifest does not list",
        ),
        (
            Box::new(|m| m.swap(1, 2)),
            "holds `records.jsonl` where `manifest.json.minisig` was expected",
        ),
        (
            Box::new(|m| m.swap(0, 1)),
            "where `manifest.json` was expected",
        ),
        (
            Box::new(|m| m.push(member("../x", b"x"))),
            "climbs out of the archive",
        ),
        (
            Box::new(|m| m[2].name = "../records.jsonl".into()),
            "climbs out of the archive",
        ),
        (
            Box::new(|m| m.push(member("/etc/x", b"x"))),
            "has an absolute path",
        ),
        (
            Box::new(|m| {
                m.push(Member {
                    name: "link".into(),
                    kind: tar::EntryType::Symlink,
                    data: vec![],
                })
            }),
            "is a symbolic link",
        ),
        (
            Box::new(|m| {
                m.push(Member {
                    name: "hard".into(),
                    kind: tar::EntryType::Link,
                    data: vec![],
                })
            }),
            "is a hard link",
        ),
        (
            Box::new(|m| {
                m.insert(
                    3,
                    Member {
                        name: "attachments/".into(),
                        kind: tar::EntryType::Directory,
                        data: vec![],
                    },
                )
            }),
            "is a directory",
        ),
        (
            Box::new(|m| {
                m.insert(
                    0,
                    Member {
                        name: "attachments/".into(),
                        kind: tar::EntryType::Directory,
                        data: vec![],
                    },
                )
            }),
            "is a directory",
        ),
        (
            Box::new(|m| m.push(member("records.jsonl", b""))),
            "`records.jsonl`",
        ),
    ];
    for (tamper, phrase) in cases {
        let mut members = applications(&recs);
        tamper(&mut members);
        refused(open_at_momd(&good(members), &l), phrase);
    }
    // Oversized members and files, with small limits.
    let d = Limits::default;
    let small = [
        (
            Limits {
                max_manifest_bytes: 64,
                ..d()
            },
            "`manifest.json` is larger than the limit of 64 bytes",
        ),
        (
            Limits {
                max_attachment_bytes: 2,
                ..d()
            },
            "announces a file larger than the limits",
        ),
        (
            Limits {
                max_bundle_bytes: 500,
                ..d()
            },
            "larger than the limit of 500 bytes",
        ),
        (
            Limits {
                max_unpacked_bytes: 1000,
                ..d()
            },
            "unpacks to more than the limit of 1000 bytes",
        ),
    ];
    for (limits, phrase) in small {
        refused(open_at_momd(&good(applications(&recs)), &limits), phrase);
    }
    // Trailing garbage after the tar's end.
    let mut plain = ustar(&applications(&recs));
    plain.extend_from_slice(b"garbage after the end");
    refused(
        open_at_momd(&seal(&plain, &[MOMD]), &l),
        "the archive has data after its end",
    );
    // Zero padding after the end is fine (GNU tar pads to 10 KiB).
    let mut plain = ustar(&applications(&recs));
    plain.extend_from_slice(&[0u8; 9000]);
    assert!(open_at_momd(&seal(&plain, &[MOMD]), &l).is_ok());
    // Not a tar at all, but well encrypted.
    refused(
        open_at_momd(&seal(b"hello, this is not a tar archive", &[MOMD]), &l),
        "tar archive",
    );
}

#[test]
fn damaged_files_are_refused() {
    let l = Limits::default();
    let file = good(applications(&records(400)));
    refused(
        open_at_momd(&file[..file.len() / 2], &l),
        "damaged or cut short",
    );
    refused(
        open_at_momd(&file[..file.len() - 10], &l),
        "damaged or cut short",
    );
    refused(
        open_at_momd(&file[..file.len() - 1], &l),
        "damaged or cut short",
    );
    let mut flipped = file.clone();
    let n = flipped.len() - 100;
    flipped[n] ^= 0x40;
    refused(open_at_momd(&flipped, &l), "damaged or cut short");
    refused(open_at_momd(&file[..40], &l), "not an age-encrypted bundle");
    let noise: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    refused(open_at_momd(&noise, &l), "not an age-encrypted bundle");
    refused(open_at_momd(b"", &l), "not an age-encrypted bundle");

    // An armored file cut short.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b.tar"),
        ustar(&applications(&records(400))),
    )
    .unwrap();
    run(Command::new("/usr/bin/age").current_dir(dir.path()).args([
        "-a",
        "-r",
        &demo(MOMD).age_recipient(),
        "-o",
        "b.age",
        "b.tar",
    ]));
    let armored = std::fs::read(dir.path().join("b.age")).unwrap();
    assert!(open_at_momd(&armored, &l).is_ok());
    refused(
        open_at_momd(&armored[..armored.len() * 2 / 3], &l),
        "damaged or cut short",
    );
    refused(
        open_at_momd(&armored[..armored.len() - 40], &l),
        "damaged or cut short",
    );
}

#[test]
fn a_failing_medium_is_an_io_error_not_a_rejection() {
    struct Failing(usize);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("usb stick removed"));
            }
            let n = buf.len().min(self.0);
            buf[..n].fill(b'a');
            self.0 -= n;
            Ok(n)
        }
    }
    let file = good(applications(&records(400)));
    let mut cut = std::io::Read::chain(&file[..file.len() / 2], Failing(0));
    let err = open_bundle(&mut cut, &demo(MOMD), &momd_keyring(), &Limits::default()).unwrap_err();
    assert_eq!(err.kind(), BundleErrorKind::Io, "{err}");
    assert!(err.to_string().contains("usb stick removed"), "{err}");
}

#[test]
fn bad_records_are_refused_with_their_line() {
    let l = Limits::default();
    let line = |i: usize, from: &str, to: &str| {
        let mut all: Vec<String> = (0..4).map(application).collect();
        all[i] = all[i].replace(from, to);
        all.iter()
            .map(|s| s.clone() + "\n")
            .collect::<String>()
            .into_bytes()
    };
    let cases = [
        (line(2, "\"procedure\":\"normal\",", ""), "records.jsonl line 3: field `procedure` is missing"),
        (line(0, "\"evidence\":[]", "\"evidence\":[],\"eye_colour\":\"brown\""), "records.jsonl line 1: field `eye_colour` is not part of the format"),
        (line(3, "2026-11-18", "18/11/2026"), "records.jsonl line 4: field `submitted_on` is not a date (YYYY-MM-DD)"),
        (line(1, "\"DE\"", "\"Deutschland\""), "records.jsonl line 2: field `requesting_state` is not a country code"),
        (line(1, "DE-2026-000001", "DE-2026-000000"), "records.jsonl line 2: field `id` repeats the id of line 1"),
        (line(1, "\"evidence\":[]", "\"evidence\":[{\"kind\":\"passport\",\"annex\":1,\"attachment\":\"0000000000000000000000000000000000000000000000000000000000000000\"}]"), "line 2: field `evidence[0].attachment` refers to an attachment that is not in the bundle"),
        (line(0, "{", "["), "records.jsonl line 1: the line is not one JSON object"),
    ];
    for (recs, phrase) in cases {
        refused(open_at_momd(&good(applications(&recs)), &l), phrase);
    }
    // A refusal without grounds, in a reply bundle from the ministry to the requesting state.
    let reply = "{\"type\":\"readmission_reply\",\"id\":\"r-1\",\"application\":\"DE-2026-000001\",\"decision\":\"refused\",\"grounds\":null,\"decided_on\":\"2026-11-25\"}\n";
    let members = good_members(
        MOMD,
        MOMD,
        &[BAMF],
        Content::ReadmissionReplies,
        reply.as_bytes(),
        &[],
    );
    let result = open_bundle(
        &good_for(members, BAMF)[..],
        &demo(BAMF),
        &bamf_keyring(),
        &l,
    );
    refused(
        result,
        "records.jsonl line 1: field `grounds` is required when `decision` is `refused`",
    );
    // A record error never quotes the record's values.
    let recs = line(1, "\"Synthetic\"", "42");
    let err = open_at_momd(&good(applications(&recs)), &l)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "records.jsonl line 2: field `person.surname` is not valid (expected a string)"
    );
}

fn good_for(members: Vec<Member>, to: &str) -> Vec<u8> {
    seal(&ustar(&members), &[to])
}

#[test]
fn the_plain_tar_entry_applies_the_same_checks() {
    let plain = ustar(&applications(&records(2)));
    let opened =
        open_plain_tar(&plain[..], &id(MOMD), &momd_keyring(), &Limits::default()).unwrap();
    assert_eq!(opened.records.len(), 2);
    let r = open_plain_tar(
        &plain[..plain.len() / 2],
        &id(MOMD),
        &momd_keyring(),
        &Limits::default(),
    );
    assert!(r.is_err());
}

#[test]
fn the_demo_fixtures_open_at_the_demo_ministry() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    let mut contents = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().extension().is_some_and(|x| x == "ercms") {
            let file = std::fs::read(entry.path()).unwrap();
            let opened = open_at_momd(&file, &Limits::default()).unwrap();
            contents.push((opened.manifest.content, opened.records.len()));
        }
    }
    contents.sort();
    assert_eq!(
        contents,
        vec![
            (Content::ReadmissionApplications, 40),
            (Content::TransferNotifications, 2)
        ]
    );
}

/// Splits a checkpoint file as docs/THREAT-MODEL.md says: the body up to the first blank line (with
/// its last newline), and the minisign signature after it.
fn split_checkpoint(text: &str) -> (&str, &str) {
    let at = text.find("\n\n").expect("a blank line after the body");
    (&text[..at + 1], &text[at + 2..])
}

#[test]
fn a_bundle_the_station_exported_carries_a_checkpoint_the_tools_verify() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The demo ministry's own export to BAMF (`export_to` while the demo is made).
    ercms::service::Station::demo(&d.join("momd"), Utc::now()).unwrap();
    let sent = d.join("momd").join("media").join("sent");
    let bundle = std::fs::read_dir(&sent)
        .unwrap()
        .next()
        .expect("the demo exported")
        .unwrap()
        .path();
    run(Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(key_file(BAMF, "age.key"))
        .arg("-o")
        .arg(d.join("b.tar"))
        .arg(&bundle));
    let listing = run(Command::new("tar").current_dir(d).args(["-tf", "b.tar"]));
    let names = String::from_utf8(listing.stdout).unwrap();
    assert_eq!(names.lines().last(), Some("checkpoint"), "{names}");
    run(Command::new("tar").current_dir(d).args(["-xf", "b.tar"]));
    // The manifest, which minisign verifies, names the checkpoint with its hash and size.
    run(Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(key_file(MOMD, "minisign.pub"))
        .arg("-m")
        .arg(d.join("manifest.json")));
    let text = std::fs::read_to_string(d.join("checkpoint")).unwrap();
    let m: Manifest =
        serde_json::from_slice(&std::fs::read(d.join("manifest.json")).unwrap()).unwrap();
    let entry = m.files.last().unwrap();
    assert_eq!(
        (entry.path.as_str(), entry.size, entry.sha256.clone()),
        ("checkpoint", text.len() as u64, sha(text.as_bytes()))
    );
    // The checkpoint itself: body and signature apart, then `minisign -V`.
    let (body, signature) = split_checkpoint(&text);
    assert!(body.starts_with("ercms checkpoint v1\nstation IQ-MOMD-DEMO\n"));
    std::fs::write(d.join("body"), body).unwrap();
    std::fs::write(d.join("body.minisig"), signature).unwrap();
    let out = run(Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(key_file(MOMD, "minisign.pub"))
        .arg("-m")
        .arg(d.join("body")));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("ercms checkpoint IQ-MOMD-DEMO"), "{said}");
    // Altered by one character, minisign refuses it.
    std::fs::write(
        d.join("body"),
        body.replace("reason export", "reason exporT"),
    )
    .unwrap();
    let out = Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(key_file(MOMD, "minisign.pub"))
        .arg("-m")
        .arg(d.join("body"))
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn a_bundle_made_by_the_tools_with_the_partners_checkpoint_imports_and_is_kept() {
    use age::secrecy::SecretString;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // BAMF's checkpoint, made and signed with minisign as the format says.
    let body = format!(
        "ercms checkpoint v1\nstation {BAMF}\nsize 57\nhead {}\nstate {}\nat 2026-11-20T09:00:00Z\nreason export\n",
        "3f".repeat(32),
        "9a".repeat(32)
    );
    std::fs::write(d.join("body"), &body).unwrap();
    run(Command::new("minisign")
        .args(["-S", "-s"])
        .arg(key_file(BAMF, "minisign.key"))
        .arg("-m")
        .arg(d.join("body"))
        .args(["-t", &format!("ercms checkpoint {BAMF} 57")]));
    let signature = std::fs::read_to_string(d.join("body.minisig")).unwrap();
    let checkpoint = format!("{body}\n{signature}");
    std::fs::write(d.join("checkpoint"), &checkpoint).unwrap();
    let recs = records_from(900, 1);
    std::fs::write(d.join("records.jsonl"), &recs).unwrap();
    let mut m = manifest(BAMF, &[MOMD], Content::ReadmissionApplications, &recs, &[]);
    m.files.push(ercms::exchange::FileEntry {
        path: "checkpoint".into(),
        sha256: sha(checkpoint.as_bytes()),
        size: checkpoint.len() as u64,
        records: None,
    });
    std::fs::write(
        d.join("manifest.json"),
        serde_json::to_vec_pretty(&m).unwrap(),
    )
    .unwrap();
    let bundle = pack_with_tools(
        d,
        BAMF,
        MOMD,
        &[
            "manifest.json",
            "manifest.json.minisig",
            "records.jsonl",
            "checkpoint",
        ],
        false,
    );

    let station = d.join("momd");
    let now = Utc::now();
    ercms::service::Station::demo(&station, now).unwrap();
    let login = |user: &str, pass: &str| {
        ercms::service::Station::open(&station)
            .unwrap()
            .login(user, &SecretString::from(pass), now)
            .unwrap()
    };
    let mut clerk = login("clerk", "demo-clerk-pass");
    let got = clerk.import_bundle(&bundle, now, None).unwrap();
    assert_eq!((got.records, got.checkpoint_warning), (1, None));
    drop(clerk);
    let auditor = login("auditor", "demo-auditor-pass");
    let held = auditor.partner_checkpoints(BAMF).unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (
            held[0].checkpoint.size,
            held[0].checkpoint.head.as_str(),
            held[0].checkpoint.reason.as_str()
        ),
        (57, "3f".repeat(32).as_str(), "export")
    );
    // Written out, it is the file the tools made.
    let out = d.join("held.checkpoint");
    auditor.write_partner_checkpoint(BAMF, &out).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), checkpoint);
}
