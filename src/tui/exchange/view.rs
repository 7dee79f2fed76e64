//! View models of the exchange screen: bundles on the media, their preview, the import's
//! progress and the exchange log.

use std::path::PathBuf;

/// A bundle file found on the removable media.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaBundle {
    pub file_name: String,
    pub path: PathBuf,
    pub size_bytes: u64,
}

/// What a bundle holds, read and verified before anything is imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlePreview {
    pub file_name: String,
    pub from_station: String,
    pub to_station: String,
    pub created: String,
    /// Record kind and how many.
    pub records: Vec<(String, usize)>,
    /// One sentence on signature and trust ("Signed by DE-BAMF, a trusted partner.").
    pub verdict: String,
    pub importable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeLogRow {
    pub when: String,
    /// "in" or "out", already in words.
    pub direction: String,
    pub partner: String,
    pub file_name: String,
    pub records: usize,
    pub outcome: String,
}
