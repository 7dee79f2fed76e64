//! How much a bundle may hold: the read path refuses anything larger before it allocates for it.

/// Byte and count limits for one bundle. The defaults let 100,000 applications with some scans through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The file as it lies on the medium (encrypted).
    pub max_bundle_bytes: u64,
    /// `manifest.json` (the format says at most 1 MiB).
    pub max_manifest_bytes: u64,
    /// One line of `records.jsonl` (the format says at most 1 MiB).
    pub max_line_bytes: usize,
    pub max_records: u64,
    /// One attachment, held in memory until the bundle is accepted.
    pub max_attachment_bytes: u64,
    pub max_attachments: usize,
    /// All members together, unpacked.
    pub max_unpacked_bytes: u64,
}

const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bundle_bytes: 2048 * MIB,
            max_manifest_bytes: MIB,
            max_line_bytes: MIB as usize,
            max_records: 250_000,
            max_attachment_bytes: 32 * MIB,
            max_attachments: 2_000,
            max_unpacked_bytes: 2048 * MIB,
        }
    }
}

/// A minisign signature file is a few hundred bytes; anything much larger is not one.
pub const MAX_SIGNATURE_BYTES: u64 = 4096;

/// The `checkpoint` member: a checkpoint file is well under 1 KiB.
pub const MAX_CHECKPOINT_BYTES: u64 = 8 * 1024;

/// The age header (recipient stanzas and MAC), as the Go reference caps it.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// Recipient stanzas in the age header: a bundle goes to a few stations, never to dozens.
pub const MAX_STANZAS: usize = 32;
