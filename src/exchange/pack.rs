//! The write path: records and attachments into a signed, age-encrypted POSIX tar bundle.

use super::attachment::Attachment;
use super::content::Content;
use super::digest::Digesting;
use super::keyring::{KeyError, StationKeys};
use super::limits::MAX_CHECKPOINT_BYTES;
use super::manifest::{
    FileEntry, Manifest, CHECKPOINT_PATH, FORMAT, MANIFEST_PATH, RECORDS_PATH, SIGNATURE_PATH,
    VERSION,
};
use super::records::{Record, RecordError};
use crate::domain::ids::StationId;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};

/// The records of an outgoing bundle: typed, or lines already serialised (e.g. kept from storage).
#[derive(Debug, Clone, Copy)]
pub enum RecordLines<'a> {
    Records(&'a [Record]),
    Lines(&'a [String]),
}

impl RecordLines<'_> {
    fn len(&self) -> usize {
        match self {
            RecordLines::Records(r) => r.len(),
            RecordLines::Lines(l) => l.len(),
        }
    }
}

/// What to send; the sender is the station whose keys sign it.
#[derive(Debug, Clone, Copy)]
pub struct OutgoingBundle<'a> {
    pub content: Content,
    pub sequence: u64,
    pub created_at: DateTime<Utc>,
    pub records: RecordLines<'a>,
    pub attachments: &'a [Attachment],
    /// The sender's signed checkpoint file text, the archive's last member when given.
    pub checkpoint: Option<&'a str>,
}

/// What was written, for the exchange log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSummary {
    pub bundle_id: uuid::Uuid,
    pub manifest_sha256: String,
    pub manifest: Manifest,
}

impl BundleSummary {
    /// The file name the format asks for: `<bundle_id>.ercms`.
    pub fn file_name(&self) -> String {
        format!("{}.ercms", self.bundle_id.hyphenated())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("the bundle could not be written: {0}")]
    Io(#[from] io::Error),
    #[error("the bundle could not be signed: {0}")]
    Key(#[from] KeyError),
    #[error("a bundle needs at least one recipient")]
    NoRecipients,
    #[error("the age recipient of `{0}` is not valid")]
    Recipient(StationId),
    #[error("record {0} is not a `{1}` record")]
    WrongContent(u64, Content),
    #[error("record {0}: {1}")]
    Record(u64, RecordError),
    #[error("record {0} could not be written as JSON")]
    Json(u64),
    #[error("an attachment is listed twice")]
    DuplicateAttachment,
    #[error("the checkpoint is not this station's checkpoint text, or is larger than {MAX_CHECKPOINT_BYTES} bytes")]
    Checkpoint,
}

/// Writes a complete bundle to `out`: signed manifest, records and attachments, as a ustar archive
/// age-encrypted (binary) to every recipient. Every record is validated first, so a bundle this
/// station writes is one its partners accept.
pub fn write_bundle(
    out: impl Write,
    me: &StationKeys,
    recipients: &[(StationId, String)],
    bundle: &OutgoingBundle<'_>,
) -> Result<BundleSummary, PackError> {
    write(out, me, recipients, bundle, false)
}

/// As `write_bundle`, and also encrypted to the sender's own age key (an extra age recipient, not
/// listed in the manifest), so that the sending station can read the bundle back, verify it before
/// it reports the export done, and re-read what it sent.
pub fn write_bundle_keeping_copy(
    out: impl Write,
    me: &StationKeys,
    recipients: &[(StationId, String)],
    bundle: &OutgoingBundle<'_>,
) -> Result<BundleSummary, PackError> {
    write(out, me, recipients, bundle, true)
}

fn write(
    out: impl Write,
    me: &StationKeys,
    recipients: &[(StationId, String)],
    bundle: &OutgoingBundle<'_>,
    copy_to_me: bool,
) -> Result<BundleSummary, PackError> {
    if recipients.is_empty() {
        return Err(PackError::NoRecipients);
    }
    let mut keys = recipients
        .iter()
        .map(|(id, r)| {
            r.trim()
                .parse::<age::x25519::Recipient>()
                .map_err(|_| PackError::Recipient(id.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if copy_to_me {
        keys.push(me.age_identity().to_public());
    }

    // First pass: size and hash of records.jsonl, which the manifest must state before it.
    let mut counted = Digesting::new(io::sink());
    let count = write_records(&mut counted, bundle)?;
    let (records_sha256, records_size) = counted.finish();

    let mut files = vec![FileEntry {
        path: RECORDS_PATH.into(),
        sha256: records_sha256,
        size: records_size,
        records: Some(count),
    }];
    let mut seen = std::collections::HashSet::new();
    for a in bundle.attachments {
        if !seen.insert(&a.sha256) {
            return Err(PackError::DuplicateAttachment);
        }
        files.push(FileEntry {
            path: a.path(),
            sha256: a.sha256.clone(),
            size: a.bytes.len() as u64,
            records: None,
        });
    }
    if let Some(text) = bundle.checkpoint {
        let names_me = crate::domain::checkpoint::split_file(text)
            .and_then(|(body, _)| crate::domain::checkpoint::Checkpoint::parse(body))
            .is_some_and(|cp| cp.station == me.station().as_str());
        if !names_me || text.len() as u64 > MAX_CHECKPOINT_BYTES {
            return Err(PackError::Checkpoint);
        }
        files.push(FileEntry {
            path: CHECKPOINT_PATH.into(),
            sha256: hex::encode(Sha256::digest(text.as_bytes())),
            size: text.len() as u64,
            records: None,
        });
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        bundle_id: uuid::Uuid::now_v7(),
        sender: me.station().clone(),
        recipients: recipients.iter().map(|(id, _)| id.clone()).collect(),
        created_at: bundle.created_at,
        sequence: bundle.sequence,
        content: bundle.content,
        files,
    };
    let mut manifest_bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|e| PackError::Io(io::Error::other(e)))?;
    manifest_bytes.push(b'\n');
    let comment = format!(
        "timestamp:{} file:{MANIFEST_PATH} bundle:{} sender:{} sequence:{}",
        bundle.created_at.timestamp(),
        manifest.bundle_id.hyphenated(),
        manifest.sender,
        manifest.sequence
    );
    let signature = me.sign(&manifest_bytes, &comment)?;

    let encryptor = age::Encryptor::with_recipients(keys.iter().map(|k| k as &dyn age::Recipient))
        .map_err(|e| PackError::Io(io::Error::other(e)))?;
    let encrypted = encryptor.wrap_output(out)?;
    let mut tar = tar::Builder::new(encrypted);
    let mtime = u64::try_from(bundle.created_at.timestamp()).unwrap_or(0);
    append(
        &mut tar,
        MANIFEST_PATH,
        &manifest_bytes[..],
        manifest_bytes.len() as u64,
        mtime,
    )?;
    append(
        &mut tar,
        SIGNATURE_PATH,
        signature.as_bytes(),
        signature.len() as u64,
        mtime,
    )?;

    // Second pass: the same bytes again, streamed into the archive rather than held in memory.
    let lines = LineSource {
        bundle,
        next: 0,
        line: Vec::new(),
        at: 0,
    };
    append(&mut tar, RECORDS_PATH, lines, records_size, mtime)?;
    for a in bundle.attachments {
        append(
            &mut tar,
            &a.path(),
            &a.bytes[..],
            a.bytes.len() as u64,
            mtime,
        )?;
    }
    if let Some(text) = bundle.checkpoint {
        append(
            &mut tar,
            CHECKPOINT_PATH,
            text.as_bytes(),
            text.len() as u64,
            mtime,
        )?;
    }
    let mut out = tar.into_inner()?.finish()?;
    out.flush()?;

    Ok(BundleSummary {
        bundle_id: manifest.bundle_id,
        manifest_sha256: hex::encode(Sha256::digest(&manifest_bytes)),
        manifest,
    })
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    data: impl Read,
    size: u64,
    mtime: u64,
) -> io::Result<()> {
    let mut header = tar::Header::new_ustar();
    header.set_path(path)?;
    header.set_size(size);
    header.set_mode(0o644);
    header.set_uid(0);
    header.set_gid(0);
    header.set_mtime(mtime);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    tar.append(&header, data)
}

/// Writes every record as one line; returns how many. Refuses a record the partner would refuse.
fn write_records(out: &mut impl Write, bundle: &OutgoingBundle<'_>) -> Result<u64, PackError> {
    let mut n: u64 = 0;
    for i in 0..bundle.records.len() {
        n += 1;
        match bundle.records {
            RecordLines::Records(records) => {
                let r = &records[i];
                if r.content() != bundle.content {
                    return Err(PackError::WrongContent(n, bundle.content));
                }
                r.validate().map_err(|e| PackError::Record(n, e))?;
                serde_json::to_writer(&mut *out, r).map_err(|_| PackError::Json(n))?;
            }
            RecordLines::Lines(lines) => {
                let line = lines[i].as_bytes();
                if line.contains(&b'\n') {
                    return Err(PackError::Json(n));
                }
                Record::parse_line(line, bundle.content).map_err(|e| PackError::Record(n, e))?;
                out.write_all(line)?;
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(n)
}

/// Serialises the records one line at a time, as the archive asks for bytes. They were validated by
/// the first pass, and serde_json writes the same bytes for the same record every time.
struct LineSource<'a> {
    bundle: &'a OutgoingBundle<'a>,
    next: usize,
    line: Vec<u8>,
    at: usize,
}

impl Read for LineSource<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.line.len() {
            if self.next == self.bundle.records.len() {
                return Ok(0);
            }
            self.line.clear();
            self.at = 0;
            match self.bundle.records {
                RecordLines::Records(records) => {
                    serde_json::to_writer(&mut self.line, &records[self.next])
                        .map_err(io::Error::other)?
                }
                RecordLines::Lines(lines) => {
                    self.line.extend_from_slice(lines[self.next].as_bytes())
                }
            }
            self.line.push(b'\n');
            self.next += 1;
        }
        let n = buf.len().min(self.line.len() - self.at);
        buf[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
