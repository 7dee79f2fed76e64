use crate::domain::policy::Refused;
use crate::vault::VaultError;

/// How a failure ends a command (CLI.md exit codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 1: the action failed; the message says why.
    Failed,
    /// 2: the request itself is malformed.
    Usage,
    /// 3: a bundle was rejected.
    Rejected,
    /// 4: the bundle was imported before; nothing changed.
    AlreadyImported,
    /// 5: wrong passphrase, locked account, or the role lacks the permission.
    NotAllowed,
}

impl ErrorKind {
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Failed => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Rejected => 3,
            ErrorKind::AlreadyImported => 4,
            ErrorKind::NotAllowed => 5,
        }
    }
}

/// A refused or failed use-case: one sentence, no personal data. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    NotAllowed(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Rejected(String),
    #[error("{0}")]
    AlreadyImported(String),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl ServiceError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ServiceError::NotAllowed(_) => ErrorKind::NotAllowed,
            ServiceError::Rejected(_) => ErrorKind::Rejected,
            ServiceError::AlreadyImported(_) => ErrorKind::AlreadyImported,
            ServiceError::Usage(_) => ErrorKind::Usage,
            ServiceError::Invalid(_) | ServiceError::NotFound(_) | ServiceError::Vault(_) => {
                ErrorKind::Failed
            }
        }
    }

    pub fn invalid(e: impl std::fmt::Display) -> ServiceError {
        ServiceError::Invalid(e.to_string())
    }
}

impl From<Refused> for ServiceError {
    fn from(r: Refused) -> Self {
        ServiceError::NotAllowed(r.to_string())
    }
}
