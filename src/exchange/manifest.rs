//! `manifest.json`: what a bundle is, who sent it to whom, and the exact size and hash of each file.

use super::attachment::is_sha256_hex;
use super::content::Content;
use super::limits::{Limits, MAX_CHECKPOINT_BYTES};
use crate::domain::ids::StationId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const FORMAT: &str = "ercms-bundle";
pub const VERSION: u32 = 1;
pub const MANIFEST_PATH: &str = "manifest.json";
pub const SIGNATURE_PATH: &str = "manifest.json.minisig";
pub const RECORDS_PATH: &str = "records.jsonl";
pub const ATTACHMENTS_DIR: &str = "attachments/";
/// The sender's signed checkpoint (optional, the last file when present).
pub const CHECKPOINT_PATH: &str = "checkpoint";
/// The largest sequence number accepted: 2^53 − 1, the largest integer every JSON reader keeps
/// exactly. Far from u64's end, so `last + 1` never wraps and gap detection keeps working.
pub const MAX_SEQUENCE: u64 = (1 << 53) - 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    #[serde(with = "canonical_uuid")]
    pub bundle_id: uuid::Uuid,
    pub sender: StationId,
    pub recipients: Vec<StationId>,
    #[serde(with = "super::instant::utc")]
    pub created_at: DateTime<Utc>,
    pub sequence: u64,
    pub content: Content,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub size: u64,
    /// Only for `records.jsonl`: how many lines it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    #[error("it is not the manifest JSON of the format ({0})")]
    Json(String),
    #[error("it has a key twice in one object")]
    DuplicateKey,
    #[error("its sequence number is larger than {MAX_SEQUENCE}")]
    SequenceTooLarge,
    #[error("its format is not `ercms-bundle` version 1")]
    UnknownFormat,
    #[error("it lists no recipients")]
    NoRecipients,
    #[error("it lists a recipient twice")]
    DuplicateRecipient,
    #[error("its first file is not records.jsonl with a record count")]
    RecordsFirst,
    #[error("it lists `{0}`, which is not records.jsonl, attachments/<sha256> or checkpoint")]
    BadPath(String),
    #[error("it names an attachment differently from its SHA-256")]
    AttachmentName,
    #[error("it lists a file twice")]
    DuplicateFile,
    #[error("it gives a SHA-256 that is not 64 lowercase hex digits")]
    BadHash,
    #[error("it gives a record count for an attachment or the checkpoint")]
    CountOnAttachment,
    #[error("it lists `checkpoint` before another file; the checkpoint is the last file")]
    CheckpointNotLast,
    #[error("it lists more than {0} attachments")]
    TooManyAttachments(usize),
    #[error("it announces more than {0} records")]
    TooManyRecords(u64),
    #[error("it announces a file larger than the limits allow")]
    TooLarge,
}

impl Manifest {
    /// Parses `manifest.json` strictly (unknown fields refused) and checks it is self-consistent.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Manifest, ManifestError> {
        use super::strict_json::{parse, StrictJsonError};
        let value = parse(bytes).map_err(|e| match e {
            StrictJsonError::DuplicateKey => ManifestError::DuplicateKey,
            StrictJsonError::NotJson => ManifestError::Json("it is not one JSON object".into()),
        })?;
        // serde's own message may quote the sender's text: only the field and the rule are shown.
        let m: Manifest = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            ManifestError::Json(super::records::explain(&path, &e.inner().to_string()).to_string())
        })?;
        m.validate(limits)?;
        Ok(m)
    }

    pub fn validate(&self, limits: &Limits) -> Result<(), ManifestError> {
        if self.format != FORMAT || self.version != VERSION {
            return Err(ManifestError::UnknownFormat);
        }
        if self.sequence > MAX_SEQUENCE {
            return Err(ManifestError::SequenceTooLarge);
        }
        if self.recipients.is_empty() {
            return Err(ManifestError::NoRecipients);
        }
        let unique: HashSet<_> = self.recipients.iter().collect();
        if unique.len() != self.recipients.len() {
            return Err(ManifestError::DuplicateRecipient);
        }
        let first = self.files.first().ok_or(ManifestError::RecordsFirst)?;
        let records = match (first.path.as_str(), first.records) {
            (RECORDS_PATH, Some(n)) => n,
            _ => return Err(ManifestError::RecordsFirst),
        };
        if records > limits.max_records {
            return Err(ManifestError::TooManyRecords(limits.max_records));
        }
        if self.attachment_entries().count() > limits.max_attachments {
            return Err(ManifestError::TooManyAttachments(limits.max_attachments));
        }
        let mut seen = HashSet::new();
        let mut total: u64 = 0;
        let last = self.files.len() - 1;
        for (i, f) in self.files.iter().enumerate() {
            if !is_sha256_hex(&f.sha256) {
                return Err(ManifestError::BadHash);
            }
            if !seen.insert(f.path.as_str()) {
                return Err(ManifestError::DuplicateFile);
            }
            if i > 0 && f.path == CHECKPOINT_PATH {
                if i != last {
                    return Err(ManifestError::CheckpointNotLast);
                }
                if f.records.is_some() {
                    return Err(ManifestError::CountOnAttachment);
                }
                if f.size > MAX_CHECKPOINT_BYTES {
                    return Err(ManifestError::TooLarge);
                }
            } else if i > 0 {
                let name = f
                    .path
                    .strip_prefix(ATTACHMENTS_DIR)
                    .filter(|n| is_sha256_hex(n))
                    .ok_or_else(|| ManifestError::BadPath(printable(&f.path)))?;
                if name != f.sha256 {
                    return Err(ManifestError::AttachmentName);
                }
                if f.records.is_some() {
                    return Err(ManifestError::CountOnAttachment);
                }
                if f.size > limits.max_attachment_bytes {
                    return Err(ManifestError::TooLarge);
                }
            }
            total = total.saturating_add(f.size);
        }
        if total > limits.max_unpacked_bytes {
            return Err(ManifestError::TooLarge);
        }
        Ok(())
    }

    /// The records file entry (validated manifests always have it first).
    pub fn records_entry(&self) -> Option<&FileEntry> {
        self.files.first().filter(|f| f.path == RECORDS_PATH)
    }

    /// The attachments' entries (every file after records.jsonl but the checkpoint).
    pub fn attachment_entries(&self) -> impl Iterator<Item = &FileEntry> {
        self.files
            .iter()
            .skip(1)
            .filter(|f| f.path.starts_with(ATTACHMENTS_DIR))
    }

    /// The checkpoint's entry, if the bundle carries one.
    pub fn checkpoint_entry(&self) -> Option<&FileEntry> {
        self.files
            .iter()
            .skip(1)
            .last()
            .filter(|f| f.path == CHECKPOINT_PATH)
    }

    /// The archive's member paths in their required order.
    pub fn member_paths(&self) -> impl Iterator<Item = &str> {
        [MANIFEST_PATH, SIGNATURE_PATH]
            .into_iter()
            .chain(self.files.iter().map(|f| f.path.as_str()))
    }
}

/// A path from a file, shown in a message only if it is short plain ASCII.
pub fn printable(path: &str) -> String {
    if path.len() <= 100 && path.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        path.to_string()
    } else {
        "(an unprintable or overlong name)".to_string()
    }
}

pub(crate) const UUID_MESSAGE: &str = "a UUID is lowercase and hyphenated";

/// `bundle_id` is a lowercase, hyphenated UUID; other spellings of the same UUID are refused.
pub(crate) mod canonical_uuid {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(u: &uuid::Uuid, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&u.hyphenated())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<uuid::Uuid, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_canonical_uuid(&s).ok_or_else(|| serde::de::Error::custom(super::UUID_MESSAGE))
    }
}

pub fn parse_canonical_uuid(s: &str) -> Option<uuid::Uuid> {
    let u = uuid::Uuid::try_parse(s).ok()?;
    (u.hyphenated().to_string() == s).then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{
      "format": "ercms-bundle", "version": 1,
      "bundle_id": "0193a4f2-6c1e-7d3a-9b8e-2f1c0d9e8a7b",
      "sender": "DE-BAMF", "recipients": ["IQ-MOMD-BGD"],
      "created_at": "2026-11-20T09:30:00Z", "sequence": 17,
      "content": "readmission-applications",
      "files": [
        {"path": "records.jsonl", "sha256": "HASH", "size": 12345, "records": 3},
        {"path": "attachments/HASH", "sha256": "HASH", "size": 45678}
      ]}"#;

    fn example() -> String {
        EXAMPLE.replace("HASH", &"ab".repeat(32))
    }

    #[test]
    fn the_format_example_parses_and_round_trips() {
        let m = Manifest::parse(example().as_bytes(), &Limits::default()).unwrap();
        assert_eq!(m.sequence, 17);
        assert_eq!(m.content, Content::ReadmissionApplications);
        assert_eq!(m.records_entry().unwrap().records, Some(3));
        assert_eq!(m.member_paths().count(), 4);
        let again = serde_json::to_vec(&m).unwrap();
        assert_eq!(Manifest::parse(&again, &Limits::default()).unwrap(), m);
    }

    #[test]
    fn inconsistent_manifests_are_refused() {
        let l = Limits::default();
        let cases = [
            (
                example().replace("\"sequence\"", "\"extra\": 1, \"sequence\""),
                "unknown field",
            ),
            (
                example().replace("\"version\": 1", "\"version\": 2"),
                "format",
            ),
            (example().replace("0193a4f2", "0193A4F2"), "uuid"),
            (example().replace("09:30:00Z", "09:30:00+03:00"), "instant"),
            (example().replace("[\"IQ-MOMD-BGD\"]", "[]"), "recipients"),
            (example().replace(", \"records\": 3", ""), "count"),
            (example().replace("attachments/", "../"), "path"),
            (
                example().replace("\"size\": 45678", "\"size\": 45678, \"records\": 1"),
                "count on attachment",
            ),
        ];
        for (json, why) in cases {
            assert!(Manifest::parse(json.as_bytes(), &l).is_err(), "{why}");
        }
        let small = Limits {
            max_attachment_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            Manifest::parse(example().as_bytes(), &small),
            Err(ManifestError::TooLarge)
        );
    }
}
