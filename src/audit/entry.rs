use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One recorded change. `detail` names what changed in the domain's words (ids and codes, not personal
/// data): the entry is sealed, but exports and screens show it to auditors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The user who acted, or `station` for the station itself.
    pub actor: String,
    /// A fixed word for the kind of change, e.g. `login`, `user.add`, `case.approve`.
    pub action: String,
    /// What it was done to: a user name, a case id, a bundle id.
    pub target: Option<String>,
    pub detail: Option<String>,
    /// Hex SHA-256 of the previous entry; 64 zeros for the first.
    pub prev: String,
    /// Hex digest of what the action wrote (see `state::digest`), kept in the state log under this
    /// entry's number; absent when it wrote nothing (and in entries made before `ercms upgrade`, whose
    /// hashes stay as they were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl AuditEntry {
    /// The hash the next entry must carry: over the entry's canonical JSON (serde keeps field order).
    pub fn hash(&self) -> String {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        hex::encode(Sha256::digest(&bytes))
    }
}
