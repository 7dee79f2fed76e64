//! The read path: decrypt, walk the tar, check the manifest, its signature, every hash, every record.
//!
//! Everything streams: the age plaintext feeds the tar reader member by member, hashes are computed
//! while reading, and records are parsed line by line. Nothing is returned until the file has been
//! read to its very end, because age authenticates the last chunk only there (a cut file decrypts
//! "correctly" up to the cut). The import rules are checked in the order of BUNDLE-FORMAT.md: faults
//! of rules 1–4 stop at once; a hash or size mismatch (rule 5) and a bad record (rule 7) are held
//! until the whole file has been read, then the first of each is reported, rule 5 first.

use super::attachment::Attachment;
use super::checkpoint::{open_signed, CheckpointProblem, SignedCheckpoint};
use super::content::Content;
use super::digest::Digesting;
use super::error::BundleError;
use super::keyring::{base64_decode, Keyring, StationKeys};
use super::limits::{
    Limits, MAX_CHECKPOINT_BYTES, MAX_HEADER_BYTES, MAX_SIGNATURE_BYTES, MAX_STANZAS,
};
use super::manifest::{printable, Manifest, CHECKPOINT_PATH, MANIFEST_PATH, SIGNATURE_PATH};
use super::records::{Record, RecordError};
use crate::domain::ids::StationId;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

/// A bundle that passed every check of the read path; its records went to a [`RecordSink`] on the
/// way. Only once this is returned may what the sink did be made to count.
#[derive(Debug)]
pub struct CheckedBundle {
    pub manifest: Manifest,
    /// Lowercase hex SHA-256 of the exact `manifest.json` bytes (what a receipt names).
    pub manifest_sha256: String,
    /// How many records `records.jsonl` holds (the manifest's count, which was checked).
    pub records: u64,
    pub attachments: Vec<Attachment>,
    /// The sender's signed checkpoint, verified with its key and naming it (absent from many
    /// bundles made by hand).
    pub checkpoint: Option<SignedCheckpoint>,
}

/// A checked bundle with all its records kept in memory: for small bundles and tests. A large bundle
/// is read with [`read_bundle`] and a sink instead.
#[derive(Debug)]
pub struct OpenedBundle {
    pub manifest: Manifest,
    pub manifest_sha256: String,
    pub records: Vec<Record>,
    pub attachments: Vec<Attachment>,
    pub checkpoint: Option<SignedCheckpoint>,
}

/// What the clerk sees before importing: the bundle passed the same checks, records were not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlePreview {
    pub bundle_id: uuid::Uuid,
    pub sender: StationId,
    pub sender_name: String,
    pub content: Content,
    pub records: u64,
    pub attachments: usize,
    pub sequence: u64,
    pub created_at: DateTime<Utc>,
    pub manifest_sha256: String,
}

/// Where the records of a bundle go as they are read, one at a time and in file order, so that a
/// large bundle never needs all its records in memory.
pub trait RecordSink {
    /// The manifest and its SHA-256 once it is verified (rules 1–4), before the first record.
    fn begin(&mut self, _manifest: &Manifest, _manifest_sha256: &str) {}
    /// One well-formed record. An `Err` is a sentence that refuses the bundle at this line (rule 7):
    /// no more records are given, but the file is still read and checked to its end.
    fn take(&mut self, line: u64, record: Record) -> Result<(), String>;
}

impl RecordSink for Vec<Record> {
    fn take(&mut self, _line: u64, record: Record) -> Result<(), String> {
        self.push(record);
        Ok(())
    }
}

/// Records checked and let go (a preview).
struct Discard;

impl RecordSink for Discard {
    fn take(&mut self, _line: u64, _record: Record) -> Result<(), String> {
        Ok(())
    }
}

/// Opens an age-encrypted bundle (binary or armored) addressed to `me`, checks it completely and gives
/// each record to `sink` as it is read.
pub fn read_bundle(
    input: impl Read,
    me: &StationKeys,
    keyring: &Keyring,
    limits: &Limits,
    sink: &mut dyn RecordSink,
) -> Result<CheckedBundle, BundleError> {
    let fault = Fault::default();
    let medium = Medium::new(input, limits.max_bundle_bytes, fault.clone());
    // ArmoredReader passes binary age files through untouched and strips the armor otherwise.
    let armored = age::armor::ArmoredReader::new(BufReader::with_capacity(1 << 16, medium));
    let bounded = HeaderBound::new(armored, fault.clone());
    let decryptor = age::Decryptor::new_buffered(bounded).map_err(|e| refused(e, &fault))?;
    let identity = me.age_identity() as &dyn age::Identity;
    let plain = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|e| refused(e, &fault))?;
    read_archive(
        Plain::new(plain, fault.clone()),
        me.station(),
        keyring,
        limits,
        sink,
        &fault,
    )
}

/// [`read_bundle`] keeping every record.
pub fn open_bundle(
    input: impl Read,
    me: &StationKeys,
    keyring: &Keyring,
    limits: &Limits,
) -> Result<OpenedBundle, BundleError> {
    let mut records = Vec::new();
    let checked = read_bundle(input, me, keyring, limits, &mut records)?;
    Ok(OpenedBundle::of(checked, records))
}

/// The same checks as `open_bundle`, for a preview: records are parsed and validated but not kept.
pub fn inspect(
    input: impl Read,
    me: &StationKeys,
    keyring: &Keyring,
    limits: &Limits,
) -> Result<BundlePreview, BundleError> {
    let checked = read_bundle(input, me, keyring, limits, &mut Discard)?;
    preview(checked, keyring)
}

/// The checks after decryption, on a plaintext tar. For tests and fuzzing: a real import must
/// always go through `read_bundle`, which proves the sender encrypted it to this station.
pub fn open_plain_tar(
    input: impl Read,
    me: &StationId,
    keyring: &Keyring,
    limits: &Limits,
) -> Result<OpenedBundle, BundleError> {
    let fault = Fault::default();
    let medium = Medium::new(input, limits.max_bundle_bytes, fault.clone());
    let mut records = Vec::new();
    let checked = read_archive(
        Plain::new(medium, fault.clone()),
        me,
        keyring,
        limits,
        &mut records,
        &fault,
    )?;
    Ok(OpenedBundle::of(checked, records))
}

impl OpenedBundle {
    fn of(checked: CheckedBundle, records: Vec<Record>) -> OpenedBundle {
        OpenedBundle {
            manifest: checked.manifest,
            manifest_sha256: checked.manifest_sha256,
            records,
            attachments: checked.attachments,
            checkpoint: checked.checkpoint,
        }
    }
}

fn preview(opened: CheckedBundle, keyring: &Keyring) -> Result<BundlePreview, BundleError> {
    let m = opened.manifest;
    let sender_name = keyring
        .get(&m.sender)
        .map(|p| p.name.clone())
        .ok_or_else(|| BundleError::UnknownSender(m.sender.clone()))?;
    Ok(BundlePreview {
        bundle_id: m.bundle_id,
        sender_name,
        content: m.content,
        records: opened.records,
        attachments: m.attachment_entries().count(),
        sequence: m.sequence,
        created_at: m.created_at,
        sender: m.sender,
        manifest_sha256: opened.manifest_sha256,
    })
}

fn refused(e: age::DecryptError, fault: &Fault) -> BundleError {
    if let Some(header) = fault.header() {
        return header;
    }
    match e {
        age::DecryptError::NoMatchingKeys => BundleError::NotForThisStation,
        age::DecryptError::DecryptionFailed | age::DecryptError::InvalidMac => BundleError::Damaged,
        age::DecryptError::Io(e) => fault.explain(e, BundleError::NotAge),
        _ => BundleError::NotAge,
    }
}

/// Where a read failed: the medium, the limit, the decryption, or (if none of them) the archive.
#[derive(Default)]
enum Failure {
    #[default]
    None,
    Medium(io::Error),
    TooLarge(u64),
    Damaged,
    HeaderTooLarge,
    TooManyStanzas,
}

#[derive(Clone, Default)]
struct Fault(Rc<RefCell<Failure>>);

impl Fault {
    fn explain(&self, e: io::Error, otherwise: BundleError) -> BundleError {
        match std::mem::take(&mut *self.0.borrow_mut()) {
            Failure::None if e.kind() == io::ErrorKind::Interrupted => BundleError::Io(e),
            Failure::None => otherwise,
            Failure::Medium(e) => BundleError::Io(e),
            Failure::TooLarge(limit) => BundleError::TooLarge(limit),
            Failure::Damaged => BundleError::Damaged,
            Failure::HeaderTooLarge => BundleError::HeaderTooLarge(MAX_HEADER_BYTES),
            Failure::TooManyStanzas => BundleError::TooManyStanzas(MAX_STANZAS),
        }
    }

    /// The age header broke one of our bounds.
    fn header(&self) -> Option<BundleError> {
        let f = self.0.borrow();
        match *f {
            Failure::HeaderTooLarge => Some(BundleError::HeaderTooLarge(MAX_HEADER_BYTES)),
            Failure::TooManyStanzas => Some(BundleError::TooManyStanzas(MAX_STANZAS)),
            _ => None,
        }
    }

    fn archive(&self, e: io::Error) -> BundleError {
        self.explain(e, BundleError::BadArchive)
    }

    fn set_if_none(&self, failure: Failure) {
        let mut f = self.0.borrow_mut();
        if matches!(*f, Failure::None) {
            *f = failure;
        }
    }
}

/// The file as read from the medium: counts bytes against the limit and remembers real I/O errors.
struct Medium<R> {
    inner: R,
    read: u64,
    limit: u64,
    fault: Fault,
}

impl<R: Read> Medium<R> {
    fn new(inner: R, limit: u64, fault: Fault) -> Self {
        Medium {
            inner,
            read: 0,
            limit,
            fault,
        }
    }
}

impl<R: Read> Read for Medium<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.read += n as u64;
                if self.read > self.limit {
                    self.fault.set_if_none(Failure::TooLarge(self.limit));
                    return Err(io::Error::other("bundle size limit"));
                }
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                let kind = e.kind();
                self.fault.set_if_none(Failure::Medium(e));
                Err(io::Error::new(kind, "the medium failed"))
            }
        }
    }
}

/// The age header, read by our code before the age crate sees it: the crate parses the header again
/// after every line it reads (quadratic: a 1 MiB junk stanza took 14 s to refuse, str4d/rage#572),
/// so a header over [`MAX_HEADER_BYTES`] (the Go reference's cap) or with more than [`MAX_STANZAS`]
/// recipient stanzas is refused here, in time linear in its size. After the header's last line
/// (`--- ` and the MAC) bytes pass through untouched.
struct HeaderBound<R> {
    inner: R,
    fault: Fault,
    seen: usize,
    stanzas: usize,
    /// The first bytes of the current line (enough to tell `-> ` and `--- `).
    line: [u8; 4],
    line_len: usize,
    /// In the `--- ` line: the header ends at its `\n`.
    last_line: bool,
    done: bool,
    /// A bound was broken: every further read fails.
    broken: bool,
}

impl<R: Read> HeaderBound<R> {
    fn new(inner: R, fault: Fault) -> Self {
        HeaderBound {
            inner,
            fault,
            seen: 0,
            stanzas: 0,
            line: [0; 4],
            line_len: 0,
            last_line: false,
            done: false,
            broken: false,
        }
    }

    /// Follows the header through `bytes`; an error once a bound is broken.
    fn follow(&mut self, bytes: &[u8]) -> io::Result<()> {
        for &b in bytes {
            if self.done {
                return Ok(());
            }
            self.seen += 1;
            if self.seen > MAX_HEADER_BYTES {
                self.fault.set_if_none(Failure::HeaderTooLarge);
                return Err(io::Error::other("age header too large"));
            }
            if b == b'\n' {
                if self.last_line {
                    self.done = true;
                }
                self.line_len = 0;
                continue;
            }
            if self.line_len < 4 {
                self.line[self.line_len] = b;
                self.line_len += 1;
                if self.line_len == 3 && &self.line[..3] == b"-> " {
                    self.stanzas += 1;
                    if self.stanzas > MAX_STANZAS {
                        self.fault.set_if_none(Failure::TooManyStanzas);
                        return Err(io::Error::other("too many age stanzas"));
                    }
                }
                if self.line_len == 4 && &self.line == b"--- " {
                    self.last_line = true;
                }
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Read for HeaderBound<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// The age crate reads its header with `read_until`, that is through `fill_buf` and `consume`: the
/// bytes are followed as they are consumed.
impl<R: BufRead> BufRead for HeaderBound<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.broken {
            return Err(io::Error::other("the age header broke a bound"));
        }
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        if !self.done && !self.broken {
            let chunk = match self.inner.fill_buf() {
                Ok(buf) => buf[..amt.min(buf.len())].to_vec(),
                Err(_) => Vec::new(),
            };
            if self.follow(&chunk).is_err() {
                self.broken = true;
            }
        }
        self.inner.consume(amt)
    }
}

/// The decrypted stream: an error here that the medium did not cause means the file is damaged.
struct Plain<R> {
    inner: R,
    fault: Fault,
}

impl<R: Read> Plain<R> {
    fn new(inner: R, fault: Fault) -> Self {
        Plain { inner, fault }
    }
}

impl<R: Read> Read for Plain<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).inspect_err(|e| {
            if e.kind() != io::ErrorKind::Interrupted {
                self.fault.set_if_none(Failure::Damaged);
            }
        })
    }
}

/// What the walk has found so far.
struct Walk<'k> {
    me: &'k StationId,
    keyring: &'k Keyring,
    limits: &'k Limits,
    sink: &'k mut dyn RecordSink,
    manifest_bytes: Vec<u8>,
    /// Hex SHA-256 of `manifest_bytes`, once the manifest is verified.
    manifest_sha256: String,
    manifest: Option<Manifest>,
    records: u64,
    attachments: Vec<Attachment>,
    checkpoint: Option<SignedCheckpoint>,
    unpacked: u64,
    /// Rule 5 (sizes, hashes, record count) and rule 7 (records): the first fault of each.
    integrity: Option<BundleError>,
    record_fault: Option<BundleError>,
}

fn read_archive<R: Read>(
    plain: R,
    me: &StationId,
    keyring: &Keyring,
    limits: &Limits,
    sink: &mut dyn RecordSink,
    fault: &Fault,
) -> Result<CheckedBundle, BundleError> {
    let mut walk = Walk {
        me,
        keyring,
        limits,
        sink,
        manifest_bytes: Vec::new(),
        manifest_sha256: String::new(),
        manifest: None,
        records: 0,
        attachments: Vec::new(),
        checkpoint: None,
        unpacked: 0,
        integrity: None,
        record_fault: None,
    };
    let mut archive = tar::Archive::new(plain);
    let mut expected: Vec<String> = vec![MANIFEST_PATH.into(), SIGNATURE_PATH.into()];
    let mut index = 0;
    {
        let entries = archive.entries().map_err(|e| fault.archive(e))?;
        for entry in entries {
            let mut entry = entry.map_err(|e| fault.archive(e))?;
            let path = member_path(&entry)?;
            match expected.get(index) {
                Some(want) if *want == path => {}
                Some(want) if index <= 2 || expected.contains(&path) => {
                    let expected = want.clone();
                    return Err(BundleError::UnexpectedMember {
                        found: path,
                        expected,
                    });
                }
                _ => return Err(BundleError::ExtraMember(path)),
            }
            let size = entry.size();
            walk.unpacked = walk.unpacked.saturating_add(size);
            if walk.unpacked > limits.max_unpacked_bytes {
                return Err(BundleError::UnpackedTooLarge(limits.max_unpacked_bytes));
            }
            match index {
                0 => {
                    let limit = limits.max_manifest_bytes;
                    walk.manifest_bytes = read_small(&mut entry, &path, size, limit, fault)?;
                }
                1 => {
                    let signature =
                        read_small(&mut entry, &path, size, MAX_SIGNATURE_BYTES, fault)?;
                    let manifest = walk.check_manifest(&signature)?;
                    expected.extend(manifest.files.iter().map(|f| f.path.clone()));
                    walk.manifest_sha256 = hex::encode(Sha256::digest(&walk.manifest_bytes));
                    walk.sink.begin(&manifest, &walk.manifest_sha256);
                    walk.manifest = Some(manifest);
                }
                2 => walk.read_records(&mut entry, fault)?,
                _ if path == CHECKPOINT_PATH => {
                    walk.read_checkpoint(&mut entry, index - 2, size, fault)?
                }
                _ => walk.read_attachment(&mut entry, index - 2, size, fault)?,
            }
            index += 1;
        }
    }
    if let Some(missing) = expected.get(index) {
        return Err(BundleError::MissingMember(missing.clone()));
    }
    // Read to the very end: only there does age authenticate the last chunk.
    let mut rest = archive.into_inner();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = rest.read(&mut buf).map_err(|e| fault.archive(e))?;
        if n == 0 {
            break;
        }
        if buf[..n].iter().any(|b| *b != 0) {
            return Err(BundleError::TrailingData);
        }
    }
    if let Some(e) = walk.integrity.take().or(walk.record_fault.take()) {
        return Err(e);
    }
    let manifest = walk
        .manifest
        .ok_or_else(|| BundleError::MissingMember(SIGNATURE_PATH.into()))?;
    Ok(CheckedBundle {
        manifest,
        manifest_sha256: walk.manifest_sha256,
        records: walk.records,
        attachments: walk.attachments,
        checkpoint: walk.checkpoint,
    })
}

/// The member's path, if the member is a regular file at a path inside the archive.
fn member_path<R: Read>(entry: &tar::Entry<'_, R>) -> Result<String, BundleError> {
    let raw = entry.path_bytes();
    let path = std::str::from_utf8(&raw)
        .map(printable)
        .unwrap_or_else(|_| printable("\u{0}"));
    let kind = entry.header().entry_type();
    let what = match kind {
        tar::EntryType::Regular => None,
        tar::EntryType::Directory => Some("a directory"),
        tar::EntryType::Symlink => Some("a symbolic link"),
        tar::EntryType::Link => Some("a hard link"),
        _ => Some("a special entry"),
    };
    if let Some(what) = what {
        return Err(BundleError::NotRegular(path, what));
    }
    if !well_formed_ustar(entry.header()) {
        return Err(BundleError::NotUstar(path));
    }
    if raw.first() == Some(&b'/') {
        return Err(BundleError::AbsolutePath(path));
    }
    if raw.split(|b| *b == b'/').any(|part| part == b"..") {
        return Err(BundleError::Traversal(path));
    }
    Ok(path)
}

/// The format's archives are POSIX ustar (`tar --format=ustar`): the magic and version say so, and
/// the size field is octal digits ended by a NUL or a space, as the standard writes it. The tar crate
/// reads more leniently (GNU and old headers, garbage after the digits); the format does not.
fn well_formed_ustar(header: &tar::Header) -> bool {
    let raw = header.as_bytes();
    let (magic, version, size) = (&raw[257..263], &raw[263..265], &raw[124..136]);
    let digits = size
        .iter()
        .take_while(|b| b.is_ascii_digit() && **b < b'8')
        .count();
    digits > 0
        && size[digits..]
            .first()
            .is_some_and(|b| *b == 0 || *b == b' ')
        && size[digits + 1..].iter().all(|b| *b == 0 || *b == b' ')
        && magic == b"ustar\0"
        && version == b"00"
}

/// Reads a small member whole, refusing it before reading if it is over `limit`.
fn read_small(
    entry: impl Read,
    path: &str,
    size: u64,
    limit: u64,
    fault: &Fault,
) -> Result<Vec<u8>, BundleError> {
    if size > limit {
        return Err(BundleError::MemberTooLarge(path.to_string(), limit));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    entry
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| fault.archive(e))?;
    Ok(bytes)
}

impl Walk<'_> {
    /// Rules 3 and 4: the manifest is ours to read, and the sender signed it and may send its content.
    fn check_manifest(&self, signature: &[u8]) -> Result<Manifest, BundleError> {
        let manifest = Manifest::parse(&self.manifest_bytes, self.limits)?;
        if !manifest.recipients.contains(self.me) {
            return Err(BundleError::NotARecipient(self.me.clone()));
        }
        let sender = &manifest.sender;
        let partner = self
            .keyring
            .get(sender)
            .ok_or_else(|| BundleError::UnknownSender(sender.clone()))?;
        let text = std::str::from_utf8(signature).map_err(|_| BundleError::BadSignatureFile)?;
        // minisign 0.10 panics on a global signature that is not 64 bytes (found by fuzzing).
        let global = text.lines().nth(3).map(str::trim).and_then(base64_decode);
        if global.map(|g| g.len()) != Some(64) {
            return Err(BundleError::BadSignatureFile);
        }
        let signature =
            minisign::SignatureBox::from_string(text).map_err(|_| BundleError::BadSignatureFile)?;
        let key = partner
            .public_key()
            .map_err(|_| BundleError::BadSignature(sender.clone()))?;
        // Legacy (non-pre-hashed) signatures are accepted: `minisign -S -l` is a standard form.
        minisign::verify(
            &key,
            &signature,
            io::Cursor::new(&self.manifest_bytes),
            true,
            false,
            true,
        )
        .map_err(|_| BundleError::BadSignature(sender.clone()))?;
        if !partner.may_send(manifest.content) {
            return Err(BundleError::ContentNotAllowed(
                sender.clone(),
                manifest.content,
            ));
        }
        Ok(manifest)
    }

    fn declared(&self, file: usize) -> Option<&super::manifest::FileEntry> {
        self.manifest.as_ref().and_then(|m| m.files.get(file))
    }

    fn note_integrity(&mut self, e: BundleError) {
        if self.integrity.is_none() {
            self.integrity = Some(e);
        }
    }

    fn compare(&mut self, file: usize, sha256: &str, found: u64) {
        let Some(entry) = self.declared(file) else {
            return;
        };
        let (path, declared, hash_ok) = (entry.path.clone(), entry.size, entry.sha256 == sha256);
        if found != declared {
            self.note_integrity(BundleError::SizeMismatch {
                path,
                found,
                declared,
            });
        } else if !hash_ok {
            self.note_integrity(BundleError::HashMismatch(path));
        }
    }

    /// Streams `records.jsonl` line by line, hashing as it goes.
    fn read_records(&mut self, entry: impl Read, fault: &Fault) -> Result<(), BundleError> {
        let Some(manifest) = self.manifest.as_ref() else {
            return Err(BundleError::MissingMember(SIGNATURE_PATH.into()));
        };
        let content = manifest.content;
        let declared_records = manifest
            .records_entry()
            .and_then(|f| f.records)
            .unwrap_or(0);
        let attachments: HashSet<String> = manifest
            .attachment_entries()
            .map(|f| f.sha256.clone())
            .collect();
        let mut reader = BufReader::with_capacity(1 << 18, Digesting::new(entry));
        let mut line = Vec::with_capacity(4096);
        let mut ids: HashMap<String, u64> = HashMap::new();
        let mut count: u64 = 0;
        loop {
            let read = next_line(&mut reader, &mut line, self.limits.max_line_bytes)
                .map_err(|e| fault.archive(e))?;
            let number = count + 1;
            match read {
                Line::End => break,
                Line::TooLong => {
                    self.note_record(number, RecordError::TooLong(self.limits.max_line_bytes));
                    io::copy(&mut reader, &mut io::sink()).map_err(|e| fault.archive(e))?;
                    count += 1;
                    break;
                }
                Line::Some => {}
            }
            count += 1;
            if count > self.limits.max_records {
                self.note_integrity(BundleError::RecordCount {
                    found: count,
                    declared: declared_records,
                });
                io::copy(&mut reader, &mut io::sink()).map_err(|e| fault.archive(e))?;
                break;
            }
            if self.record_fault.is_some() {
                continue; // only the first bad record is reported; keep hashing and counting
            }
            match self.parse_record(&line, content, &attachments, &mut ids, number) {
                Ok(record) => {
                    if let Err(why) = self.sink.take(number, record) {
                        self.note_record(number, RecordError::Refused(why));
                    }
                }
                Err(e) => self.note_record(number, e),
            }
        }
        let (sha256, found) = reader.into_inner().finish();
        self.records = count;
        if count == 0 && declared_records == 0 {
            self.note_integrity(BundleError::NoRecords);
        }
        self.compare(0, &sha256, found);
        if count != declared_records {
            self.note_integrity(BundleError::RecordCount {
                found: count,
                declared: declared_records,
            });
        }
        Ok(())
    }

    fn parse_record(
        &self,
        line: &[u8],
        content: Content,
        attachments: &HashSet<String>,
        ids: &mut HashMap<String, u64>,
        number: u64,
    ) -> Result<Record, RecordError> {
        if line.last() == Some(&b'\r') {
            return Err(RecordError::CarriageReturn);
        }
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(RecordError::Empty);
        }
        let record = Record::parse_line(line, content)?;
        if let (Record::ReadmissionApplication(a), Some(m)) = (&record, self.manifest.as_ref()) {
            if a.requesting_state != m.sender.country() {
                return Err(RecordError::NotSendersState);
            }
        }
        for (field, hash) in record.attachment_refs() {
            if !attachments.contains(hash) {
                return Err(RecordError::MissingAttachment(field));
            }
        }
        if let Some(first) = ids.insert(record.id().to_string(), number) {
            return Err(RecordError::DuplicateId(first));
        }
        Ok(record)
    }

    fn note_record(&mut self, line: u64, e: RecordError) {
        if self.record_fault.is_none() {
            self.record_fault = Some(BundleError::Record(line, e));
        }
    }

    fn read_attachment(
        &mut self,
        entry: impl Read,
        file: usize,
        size: u64,
        fault: &Fault,
    ) -> Result<(), BundleError> {
        let limit = self.limits.max_attachment_bytes;
        let path = self
            .declared(file)
            .map(|f| f.path.clone())
            .unwrap_or_default();
        if size > limit {
            return Err(BundleError::MemberTooLarge(path, limit));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        let mut hashing = Digesting::new(entry.take(limit + 1));
        hashing
            .read_to_end(&mut bytes)
            .map_err(|e| fault.archive(e))?;
        let (sha256, found) = hashing.finish();
        self.compare(file, &sha256, found);
        self.attachments.push(Attachment { sha256, bytes });
        Ok(())
    }
}

impl Walk<'_> {
    /// The sender's checkpoint: its size and hash are checked like any file's (rule 5), then it must be
    /// a checkpoint signed by the sender's key and naming the sender (also rule 5: the manifest's
    /// signature covers it, so a fault here is the sender's or the medium's).
    fn read_checkpoint(
        &mut self,
        entry: impl Read,
        file: usize,
        size: u64,
        fault: &Fault,
    ) -> Result<(), BundleError> {
        let bytes = read_small(entry, CHECKPOINT_PATH, size, MAX_CHECKPOINT_BYTES, fault)?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let found = bytes.len() as u64;
        let mismatch = self
            .declared(file)
            .is_none_or(|f| f.size != found || f.sha256 != sha256);
        self.compare(file, &sha256, found);
        if mismatch {
            return Ok(()); // not the file the manifest signed: rule 5 says so
        }
        let Some(sender) = self.manifest.as_ref().map(|m| m.sender.clone()) else {
            return Err(BundleError::MissingMember(SIGNATURE_PATH.into()));
        };
        let key = self
            .keyring
            .get(&sender)
            .and_then(|p| p.public_key().ok())
            .ok_or_else(|| BundleError::UnknownSender(sender.clone()))?;
        let opened = std::str::from_utf8(&bytes)
            .map_err(|_| CheckpointProblem::Malformed)
            .and_then(|text| open_signed(text, &key));
        match opened {
            Ok(signed) if signed.checkpoint.station == sender.as_str() => {
                self.checkpoint = Some(signed)
            }
            Ok(_) => self.note_integrity(BundleError::CheckpointOtherStation(sender)),
            Err(CheckpointProblem::Malformed) => {
                self.note_integrity(BundleError::CheckpointMalformed)
            }
            Err(CheckpointProblem::BadSignature) => {
                self.note_integrity(BundleError::CheckpointBadSignature(sender))
            }
        }
        Ok(())
    }
}

enum Line {
    Some,
    TooLong,
    End,
}

/// Reads one `\n`-terminated line (the last may lack it) into `line`, never more than `max` bytes.
fn next_line(reader: &mut impl BufRead, line: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    line.clear();
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(if line.is_empty() {
                Line::End
            } else {
                Line::Some
            });
        }
        let (take, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (i, true),
            None => (available.len(), false),
        };
        if line.len() + take > max {
            return Ok(Line::TooLong);
        }
        line.extend_from_slice(&available[..take]);
        reader.consume(if done { take + 1 } else { take });
        if done {
            return Ok(Line::Some);
        }
    }
}
