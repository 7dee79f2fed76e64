//! The `checkpoint` member on the read and write paths: it round-trips, a checkpoint that is not the
//! sender's own refuses the bundle with its sentence, its place in the manifest is checked, and a bundle
//! without one still opens.

use super::checkpoint::SignedCheckpoint;
use super::manifest::{FileEntry, Manifest, CHECKPOINT_PATH};
use super::{
    open_bundle, open_plain_tar, write_bundle, BundleError, Content, Keyring, Limits,
    OutgoingBundle, Record, RecordLines, StationKeys,
};
use crate::domain::checkpoint::Checkpoint;
use crate::domain::ids::StationId;
use crate::exchange::manifest::ManifestError;
use chrono::{DateTime, TimeZone, Utc};
use sha2::{Digest, Sha256};

const SENDER: &str = "DE-BAMF-TEST";
const ME: &str = "IQ-MOMD-TEST";

fn id(s: &str) -> StationId {
    StationId::parse(s).unwrap()
}

fn keys(s: &str) -> StationKeys {
    StationKeys::generate(id(s)).unwrap()
}

fn when() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap()
}

/// A checkpoint of `station`'s chain of `size` entries, signed by `by`.
fn signed(by: &StationKeys, station: &str, size: u64) -> String {
    let cp = Checkpoint {
        station: station.into(),
        size,
        head: "ab".repeat(32),
        state: "cd".repeat(32),
        at: when(),
        reason: "export".into(),
    };
    let body = cp.body();
    let sig = by.sign(body.as_bytes(), &cp.trusted_comment()).unwrap();
    format!("{body}\n{sig}")
}

fn receipt_line() -> String {
    format!(
        r#"{{"type":"receipt","id":"R-1","bundle_id":"0193a4f2-6c1e-7d3a-9b8e-2f1c0d9e8a7b","manifest_sha256":"{}","received_at":"2026-11-20T10:00:00Z","records":1}}"#,
        "ab".repeat(32)
    )
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// The sender, trusted by the receiving station for receipts.
fn keyring(sender: &StationKeys) -> Keyring {
    Keyring::new(vec![sender.as_partner("sender", vec![Content::Receipts])]).unwrap()
}

/// A plain tar of a bundle from `sender` signed with its key: records, then `extra` files listed in
/// the manifest in this order (their members in the same order).
fn plain_bundle(sender: &StationKeys, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let records = format!("{}\n", receipt_line()).into_bytes();
    let mut files = vec![FileEntry {
        path: "records.jsonl".into(),
        sha256: sha(&records),
        size: records.len() as u64,
        records: Some(1),
    }];
    for (path, data) in extra {
        files.push(FileEntry {
            path: path.to_string(),
            sha256: sha(data),
            size: data.len() as u64,
            records: None,
        });
    }
    let manifest = Manifest {
        format: "ercms-bundle".into(),
        version: 1,
        bundle_id: uuid::Uuid::now_v7(),
        sender: sender.station().clone(),
        recipients: vec![id(ME)],
        created_at: when(),
        sequence: 1,
        content: Content::Receipts,
        files,
    };
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    let sig = sender.sign(&bytes, "test bundle").unwrap();
    let mut members: Vec<(&str, &[u8])> = vec![
        ("manifest.json", &bytes),
        ("manifest.json.minisig", sig.as_bytes()),
        ("records.jsonl", &records),
    ];
    members.extend_from_slice(extra);
    let mut tar = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut h = tar::Header::new_ustar();
        h.set_path(name).unwrap();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        tar.append(&h, data).unwrap();
    }
    tar.into_inner().unwrap()
}

fn open(tar: &[u8], sender: &StationKeys) -> Result<Option<SignedCheckpoint>, BundleError> {
    open_plain_tar(tar, &id(ME), &keyring(sender), &Limits::default()).map(|b| b.checkpoint)
}

#[test]
fn a_bundle_with_a_checkpoint_round_trips() {
    let (sender, me) = (keys(SENDER), keys(ME));
    let text = signed(&sender, SENDER, 42);
    let records = vec![Record::parse_line(receipt_line().as_bytes(), Content::Receipts).unwrap()];
    let mut file = Vec::new();
    let summary = write_bundle(
        &mut file,
        &sender,
        &[(id(ME), me.age_recipient())],
        &OutgoingBundle {
            content: Content::Receipts,
            sequence: 1,
            created_at: when(),
            records: RecordLines::Records(&records),
            attachments: &[],
            checkpoint: Some(&text),
        },
    )
    .unwrap();
    let last = summary.manifest.files.last().unwrap();
    assert_eq!(
        (last.path.as_str(), last.size, last.sha256.as_str()),
        (
            CHECKPOINT_PATH,
            text.len() as u64,
            sha(text.as_bytes()).as_str()
        )
    );
    let opened = open_bundle(&file[..], &me, &keyring(&sender), &Limits::default()).unwrap();
    let held = opened.checkpoint.expect("the checkpoint");
    assert_eq!(held.text, text);
    assert_eq!(
        (held.checkpoint.station.as_str(), held.checkpoint.size),
        (SENDER, 42)
    );
    assert_eq!(opened.records.len(), 1);
}

#[test]
fn the_writer_refuses_a_checkpoint_of_another_station() {
    let (sender, me) = (keys(SENDER), keys(ME));
    let text = signed(&sender, "FR-OFPRA", 42);
    let records = vec![Record::parse_line(receipt_line().as_bytes(), Content::Receipts).unwrap()];
    let written = write_bundle(
        Vec::new(),
        &sender,
        &[(id(ME), me.age_recipient())],
        &OutgoingBundle {
            content: Content::Receipts,
            sequence: 1,
            created_at: when(),
            records: RecordLines::Records(&records),
            attachments: &[],
            checkpoint: Some(&text),
        },
    );
    assert!(matches!(written, Err(super::PackError::Checkpoint)));
}

#[test]
fn a_bundle_without_a_checkpoint_still_opens() {
    let sender = keys(SENDER);
    assert_eq!(open(&plain_bundle(&sender, &[]), &sender).unwrap(), None);
}

#[test]
fn a_checkpoint_signed_by_another_key_refuses_the_bundle() {
    let sender = keys(SENDER);
    let text = signed(&keys(SENDER), SENDER, 42);
    let e = open(
        &plain_bundle(&sender, &[(CHECKPOINT_PATH, text.as_bytes())]),
        &sender,
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::CheckpointBadSignature(ref s) if s.as_str() == SENDER));
    assert_eq!(
        e.to_string(),
        "the member `checkpoint` does not verify with the minisign key of `DE-BAMF-TEST`: it was altered or signed by another station"
    );
}

#[test]
fn a_checkpoint_naming_another_station_refuses_the_bundle() {
    let sender = keys(SENDER);
    let text = signed(&sender, "FR-OFPRA", 42);
    let e = open(
        &plain_bundle(&sender, &[(CHECKPOINT_PATH, text.as_bytes())]),
        &sender,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the member `checkpoint` names another station than its sender `DE-BAMF-TEST`"
    );
}

#[test]
fn an_altered_checkpoint_refuses_the_bundle() {
    let sender = keys(SENDER);
    let text = signed(&sender, SENDER, 42);
    // Altered, with the manifest signed over the altered file: the checkpoint's own signature fails.
    let altered = text.replace("size 42", "size 43");
    let e = open(
        &plain_bundle(&sender, &[(CHECKPOINT_PATH, altered.as_bytes())]),
        &sender,
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::CheckpointBadSignature(_)), "{e}");
    // Not a checkpoint at all.
    let e = open(
        &plain_bundle(&sender, &[(CHECKPOINT_PATH, b"ercms checkpoint v1\n")]),
        &sender,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the member `checkpoint` is not an ercms checkpoint, or is damaged"
    );
    // Altered after the manifest was signed: its hash no longer matches (rule 5).
    let mut tar = plain_bundle(&sender, &[(CHECKPOINT_PATH, text.as_bytes())]);
    let at = tar
        .windows(7)
        .rposition(|w| w == b"size 42")
        .expect("the checkpoint in the archive");
    tar[at + 6] = b'3';
    let e = open(&tar, &sender).unwrap_err();
    assert!(
        matches!(e, BundleError::HashMismatch(ref p) if p == CHECKPOINT_PATH),
        "{e}"
    );
}

#[test]
fn a_second_checkpoint_or_one_not_last_is_refused() {
    let sender = keys(SENDER);
    let text = signed(&sender, SENDER, 42);
    let twice = plain_bundle(
        &sender,
        &[
            (CHECKPOINT_PATH, text.as_bytes()),
            (CHECKPOINT_PATH, text.as_bytes()),
        ],
    );
    let e = open(&twice, &sender).unwrap_err();
    assert!(
        matches!(e, BundleError::Manifest(ManifestError::CheckpointNotLast)),
        "{e}"
    );
    let scan = b"scan".as_slice();
    let attachment = format!("attachments/{}", sha(scan));
    let before = plain_bundle(
        &sender,
        &[(CHECKPOINT_PATH, text.as_bytes()), (&attachment, scan)],
    );
    let e = open(&before, &sender).unwrap_err();
    assert_eq!(
        e.to_string(),
        "manifest.json is refused: it lists `checkpoint` before another file; the checkpoint is the last file"
    );
    // Last, after an attachment, it is taken.
    let after = plain_bundle(
        &sender,
        &[(&attachment, scan), (CHECKPOINT_PATH, text.as_bytes())],
    );
    assert_eq!(open(&after, &sender).unwrap().unwrap().text, text);
}
