//! Builders for bundles in tests: the demo stations' keys, good members to tamper with, and the
//! encryption, shared by the interop corpus (lib level) and the import corpus (through the binary).

use chrono::{TimeZone, Utc};
use ercms::domain::ids::StationId;
use ercms::exchange::manifest::{FileEntry, Manifest};
use ercms::exchange::{
    write_bundle, Content, Keyring, OutgoingBundle, Record, RecordLines, StationKeys,
};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const MOMD: &str = "IQ-MOMD-DEMO";
pub const BAMF: &str = "DE-BAMF-DEMO";
pub const PROVIDER: &str = "IQ-PROVIDER-DEMO";

pub fn id(s: &str) -> StationId {
    StationId::parse(s).unwrap()
}

pub fn key_file(station: &str, what: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("keys")
        .join(format!("DEMO-{station}.{what}"))
}

pub fn demo(station: &str) -> StationKeys {
    StationKeys::from_files(
        id(station),
        &key_file(station, "age.key"),
        &key_file(station, "minisign.key"),
    )
    .unwrap()
}

/// The ministry's keyring: the requesting state and the provider, with what each may send.
pub fn momd_keyring() -> Keyring {
    Keyring::new(vec![
        demo(BAMF).as_partner(
            "BAMF (demo)",
            vec![
                Content::ReadmissionApplications,
                Content::TransferNotifications,
                Content::Receipts,
            ],
        ),
        demo(PROVIDER).as_partner(
            "Provider (demo)",
            vec![Content::ReferralUpdates, Content::Receipts],
        ),
    ])
    .unwrap()
}

/// One synthetic application line with the reference `DE-2026-<i>`.
pub fn application(i: usize) -> String {
    format!(
        r#"{{"type":"readmission_application","id":"DE-2026-{i:06}","agreement":"EU-IQ","requesting_state":"DE","submitted_on":"2026-11-18","procedure":"normal","person":{{"surname":"Synthetic","given_names":"Person {i}","sex":"M","date_of_birth":"1990"}},"evidence":[]}}"#
    )
}

/// `records.jsonl` with the applications numbered `from..from + n`.
pub fn records_from(from: usize, n: usize) -> Vec<u8> {
    (from..from + n)
        .map(|i| application(i) + "\n")
        .collect::<String>()
        .into_bytes()
}

pub fn records(n: usize) -> Vec<u8> {
    records_from(0, n)
}

pub fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn manifest(
    sender: &str,
    recipients: &[&str],
    content: Content,
    records: &[u8],
    attachments: &[&[u8]],
) -> Manifest {
    let count = records.iter().filter(|b| **b == b'\n').count() as u64;
    let mut files = vec![FileEntry {
        path: "records.jsonl".into(),
        sha256: sha(records),
        size: records.len() as u64,
        records: Some(count),
    }];
    for a in attachments {
        files.push(FileEntry {
            path: format!("attachments/{}", sha(a)),
            sha256: sha(a),
            size: a.len() as u64,
            records: None,
        });
    }
    Manifest {
        format: "ercms-bundle".into(),
        version: 1,
        bundle_id: uuid::Uuid::now_v7(),
        sender: id(sender),
        recipients: recipients.iter().map(|r| id(r)).collect(),
        created_at: Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap(),
        sequence: 1,
        content,
        files,
    }
}

/// One tar member as the corpus needs it, including names and types the format forbids.
pub struct Member {
    pub name: String,
    pub kind: tar::EntryType,
    pub data: Vec<u8>,
}

pub fn member(name: &str, data: &[u8]) -> Member {
    Member {
        name: name.into(),
        kind: tar::EntryType::Regular,
        data: data.to_vec(),
    }
}

pub fn ustar(members: &[Member]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for m in members {
        let mut h = tar::Header::new_ustar();
        // Raw bytes: set_path would refuse `..` and absolute paths, which the corpus needs.
        h.as_ustar_mut().unwrap().name[..m.name.len()].copy_from_slice(m.name.as_bytes());
        h.set_size(m.data.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(m.kind);
        if matches!(m.kind, tar::EntryType::Symlink | tar::EntryType::Link) {
            h.set_link_name("records.jsonl").unwrap();
        }
        h.set_cksum();
        b.append(&h, &m.data[..]).unwrap();
    }
    b.into_inner().unwrap()
}

/// Encrypts `plain` with age to the demo stations named.
pub fn seal(plain: &[u8], recipients: &[&str]) -> Vec<u8> {
    let keys: Vec<age::x25519::Recipient> = recipients
        .iter()
        .map(|r| demo(r).age_recipient().parse().unwrap())
        .collect();
    let enc =
        age::Encryptor::with_recipients(keys.iter().map(|k| k as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).unwrap();
    w.write_all(plain).unwrap();
    w.finish().unwrap();
    out
}

/// The members of a good bundle from `signer` (as `sender`), ready to be tampered with.
pub fn good_members(
    signer: &str,
    sender: &str,
    recipients: &[&str],
    content: Content,
    recs: &[u8],
    attachments: &[&[u8]],
) -> Vec<Member> {
    let m = manifest(sender, recipients, content, recs, attachments);
    let bytes = serde_json::to_vec_pretty(&m).unwrap();
    let sig = demo(signer).sign(&bytes, "test bundle").unwrap();
    let mut members = vec![
        member("manifest.json", &bytes),
        member("manifest.json.minisig", sig.as_bytes()),
        member("records.jsonl", recs),
    ];
    for a in attachments {
        members.push(member(&format!("attachments/{}", sha(a)), a));
    }
    members
}

/// A bundle of `members` encrypted to the demo ministry.
pub fn good(members: Vec<Member>) -> Vec<u8> {
    seal(&ustar(&members), &[MOMD])
}

/// The members of a good applications bundle from the requesting state, with one attachment.
pub fn applications(recs: &[u8]) -> Vec<Member> {
    good_members(
        BAMF,
        BAMF,
        &[MOMD],
        Content::ReadmissionApplications,
        recs,
        &[b"scan"],
    )
}

/// A bundle from the requesting state to the demo ministry, written by the library.
pub fn from_bamf(content: Content, sequence: u64, records: &[Record]) -> Vec<u8> {
    bamf_to_momd(&OutgoingBundle {
        content,
        sequence,
        created_at: Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap(),
        records: RecordLines::Records(records),
        attachments: &[],
        checkpoint: None,
    })
}

/// `bundle` written by the library from the requesting state to the demo ministry.
pub fn bamf_to_momd(bundle: &OutgoingBundle) -> Vec<u8> {
    let mut file = Vec::new();
    write_bundle(
        &mut file,
        &demo(BAMF),
        &[(id(MOMD), demo(MOMD).age_recipient())],
        bundle,
    )
    .unwrap();
    file
}

/// The members of an applications bundle from `FR-OFPRA`, a station in nobody's keyring, signed with
/// its own new key.
pub fn stranger_members(recs: &[u8]) -> Vec<Member> {
    let stranger = StationKeys::generate(id("FR-OFPRA")).unwrap();
    let m = manifest(
        "FR-OFPRA",
        &[MOMD],
        Content::ReadmissionApplications,
        recs,
        &[],
    );
    let bytes = serde_json::to_vec(&m).unwrap();
    let sig = stranger.sign(&bytes, "x").unwrap();
    vec![
        member("manifest.json", &bytes),
        member("manifest.json.minisig", sig.as_bytes()),
        member("records.jsonl", recs),
    ]
}

/// Runs a standard tool and insists that it succeeds.
pub fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (install age, minisign and tar)"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Packs the files in `dir` as the format says with `minisign`, `tar` and `age` from the command line:
/// the manifest signed with `signer`'s key, the archive encrypted to `to`. Returns the bundle's path.
pub fn pack_with_tools(
    dir: &Path,
    signer: &str,
    to: &str,
    members: &[&str],
    armor: bool,
) -> PathBuf {
    run(Command::new("minisign")
        .args(["-S", "-s"])
        .arg(key_file(signer, "minisign.key"))
        .arg("-m")
        .arg(dir.join("manifest.json"))
        .args(["-t", "made with the standard tools"]));
    run(Command::new("tar")
        .current_dir(dir)
        .args(["--format=ustar", "-cf", "b.tar"])
        .args(members));
    let recipient = demo(to).age_recipient();
    let mut age = Command::new("age");
    age.current_dir(dir)
        .args(["-r", &recipient, "-o", "b.ercms"]);
    if armor {
        age.arg("-a");
    }
    run(age.arg("b.tar"));
    dir.join("b.ercms")
}
