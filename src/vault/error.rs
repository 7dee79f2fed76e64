use std::path::PathBuf;

/// What can go wrong in the vault, each as one sentence without personal data.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("there is no station in {0} (run `ercms init` or `ercms demo` first)")]
    NoStation(PathBuf),
    #[error("a station already exists in {0}")]
    Exists(PathBuf),
    #[error("the station's data is in use by another ercms process; close it and try again")]
    InUse,
    #[error("a stored value in {0} was altered, damaged or moved and cannot be opened")]
    Tampered(&'static str),
    #[error("a stored value in {0} cannot be read by this version of ercms")]
    Undecodable(&'static str),
    #[error("could not {what}: {detail}")]
    Io { what: &'static str, detail: String },
    /// A write, flush or sync of the store failed: what the action wrote may not be on disk, so it is
    /// reported as not done, and the store takes no more writes until ercms is started again.
    #[error("the disk failed while writing{0}, so this action is not confirmed as saved; free space or check the disk, start ercms again and see whether it is there")]
    WriteFailed(DiskTrouble),
    #[error("the disk failed while reading the station's data{0}; check the disk, then start ercms again")]
    ReadFailed(DiskTrouble),
}

/// What the operating system said about a failed disk operation, as a short clause (never its
/// Debug text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskTrouble {
    Full,
    Failing,
    Unknown,
}

impl DiskTrouble {
    pub fn of(e: &std::io::Error) -> DiskTrouble {
        match e.raw_os_error() {
            Some(libc::ENOSPC) | Some(libc::EDQUOT) => DiskTrouble::Full,
            Some(libc::EIO) | Some(libc::EROFS) => DiskTrouble::Failing,
            _ if e.kind() == std::io::ErrorKind::StorageFull => DiskTrouble::Full,
            _ => DiskTrouble::Unknown,
        }
    }
}

impl std::fmt::Display for DiskTrouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DiskTrouble::Full => " (the disk is full)",
            DiskTrouble::Failing => " (an input/output error)",
            DiskTrouble::Unknown => "",
        })
    }
}

impl VaultError {
    pub fn io(what: &'static str, e: impl std::fmt::Display) -> VaultError {
        VaultError::Io {
            what,
            detail: e.to_string(),
        }
    }
}
