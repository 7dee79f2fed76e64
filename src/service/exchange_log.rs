//! The exchange log: every bundle sent, received, rejected or acknowledged, with what it held. It is
//! the treaty's written record of the communication and receipt of personal data.

use super::{ServiceError, Session};
use crate::domain::policy::Permission;
use crate::vault::{Tree, Txn, Vault};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Received,
    Sent,
    Rejected,
}

impl Direction {
    /// The word the CLI prints (the same as the JSON output's).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Received => "received",
            Direction::Sent => "sent",
            Direction::Rejected => "rejected",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: uuid::Uuid,
    pub at: DateTime<Utc>,
    pub direction: Direction,
    pub by: String,
    /// The file's name on the medium (never its folder, which may name a person's device).
    pub file: String,
    pub bundle_id: Option<uuid::Uuid>,
    /// The other station: the sender of a received bundle, the recipient of a sent one.
    pub partner: Option<String>,
    pub content: Option<String>,
    pub sequence: Option<u64>,
    pub records: u64,
    pub manifest_sha256: Option<String>,
    /// What the records were, in counts ("12 applications: 12 new cases").
    pub summary: String,
    /// For a sent bundle: when the partner's receipt came back.
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// Sequence numbers per partner and the bundle ids already imported (sealed, one record).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct ExchangeState {
    /// Last sequence received from each sender.
    pub received: std::collections::BTreeMap<String, u64>,
    /// Last sequence sent to each recipient.
    pub sent: std::collections::BTreeMap<String, u64>,
    /// `sender/bundle_id` of every imported bundle, to refuse replays.
    pub imported: std::collections::BTreeSet<String>,
}

const STATE: &[u8] = b"exchange_state";

pub(crate) fn imported_key(sender: &str, bundle: &uuid::Uuid) -> String {
    format!("{sender}/{bundle}")
}

impl ExchangeState {
    pub(crate) fn load(vault: &Vault) -> Result<ExchangeState, ServiceError> {
        Ok(vault.get(Tree::STATION, STATE)?.unwrap_or_default())
    }

    pub(crate) fn save(&self, vault: &Vault, txn: &mut Txn) -> Result<(), ServiceError> {
        Ok(vault.put(txn, Tree::STATION, STATE, self)?)
    }
}

impl LogEntry {
    pub(crate) fn put(&self, vault: &Vault, txn: &mut Txn) -> Result<(), ServiceError> {
        Ok(vault.put(txn, Tree::EXCHANGE_LOG, self.id.as_bytes(), self)?)
    }
}

impl Session {
    /// The exchange log, newest first.
    pub fn exchange_log(&self) -> Result<Vec<LogEntry>, ServiceError> {
        self.allow(Permission::ViewExchangeLog)?;
        let mut out = self
            .vault
            .scan::<LogEntry>(Tree::EXCHANGE_LOG)
            .map(|i| i.map(|(_, e)| e))
            .collect::<Result<Vec<_>, _>>()?;
        out.reverse();
        Ok(out)
    }
}
