//! Why a bundle was refused, in one sentence the caller prefixes with the file name.

use super::content::Content;
use super::manifest::ManifestError;
use super::records::RecordError;
use crate::domain::ids::StationId;

/// Whether the bundle itself is at fault (exit code 3) or the medium could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleErrorKind {
    Rejected,
    Io,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("the file could not be read: {0}")]
    Io(std::io::Error),
    #[error("the bundle is larger than the limit of {0} bytes")]
    TooLarge(u64),
    #[error("the file is not an age-encrypted bundle")]
    NotAge,
    #[error("the bundle's age header is larger than the limit of {0} bytes")]
    HeaderTooLarge(usize),
    #[error("the bundle's age header names more than {0} recipients")]
    TooManyStanzas(usize),
    #[error("the archive member `{0}` does not have a well-formed ustar header")]
    NotUstar(String),
    #[error("records.jsonl holds no records; a bundle carries at least one")]
    NoRecords,
    #[error("the bundle is not encrypted to this station's key")]
    NotForThisStation,
    #[error("the bundle is damaged or cut short: its encryption does not check out")]
    Damaged,
    #[error("the bundle does not hold a well-formed tar archive")]
    BadArchive,
    #[error("the archive member `{0}` is {1}; only regular files are allowed")]
    NotRegular(String, &'static str),
    #[error("the archive member `{0}` has an absolute path")]
    AbsolutePath(String),
    #[error("the archive member `{0}` climbs out of the archive with `..`")]
    Traversal(String),
    #[error("the archive holds `{found}` where `{expected}` was expected")]
    UnexpectedMember { found: String, expected: String },
    #[error("the archive holds `{0}`, which the manifest does not list")]
    ExtraMember(String),
    #[error("the archive is missing `{0}`")]
    MissingMember(String),
    #[error("the archive member `{0}` is larger than the limit of {1} bytes")]
    MemberTooLarge(String, u64),
    #[error("the bundle unpacks to more than the limit of {0} bytes")]
    UnpackedTooLarge(u64),
    #[error("the archive has data after its end")]
    TrailingData,
    #[error("manifest.json is refused: {0}")]
    Manifest(#[from] ManifestError),
    #[error("this station ({0}) is not among the bundle's recipients")]
    NotARecipient(StationId),
    #[error("the sender `{0}` is not in this station's keyring")]
    UnknownSender(StationId),
    #[error("manifest.json.minisig is not a minisign signature")]
    BadSignatureFile,
    #[error("the manifest signature does not verify with the key of `{0}`")]
    BadSignature(StationId),
    #[error("`{0}` may not send `{1}` according to this station's keyring")]
    ContentNotAllowed(StationId, Content),
    #[error("`{path}` has {found} bytes but the manifest says {declared}")]
    SizeMismatch {
        path: String,
        found: u64,
        declared: u64,
    },
    #[error("the SHA-256 of `{0}` does not match the manifest")]
    HashMismatch(String),
    #[error("records.jsonl holds {found} records but the manifest says {declared}")]
    RecordCount { found: u64, declared: u64 },
    #[error("the member `checkpoint` is not an ercms checkpoint, or is damaged")]
    CheckpointMalformed,
    #[error("the member `checkpoint` does not verify with the minisign key of `{0}`: it was altered or signed by another station")]
    CheckpointBadSignature(StationId),
    #[error("the member `checkpoint` names another station than its sender `{0}`")]
    CheckpointOtherStation(StationId),
    #[error("records.jsonl line {0}: {1}")]
    Record(u64, RecordError),
}

impl BundleError {
    pub fn kind(&self) -> BundleErrorKind {
        match self {
            BundleError::Io(_) => BundleErrorKind::Io,
            _ => BundleErrorKind::Rejected,
        }
    }
}
