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
}

impl VaultError {
    pub fn io(what: &'static str, e: impl std::fmt::Display) -> VaultError {
        VaultError::Io {
            what,
            detail: e.to_string(),
        }
    }
}
