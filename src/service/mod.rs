//! Use-cases: the only way to change data. One function per user action; each checks the policy table,
//! runs one transaction and appends its audit entry. The TUI and the CLI both call these.

mod access_log;
mod accounts;
mod agreements;
mod apply;
mod audit_trail;
mod backup;
mod calendars;
pub(crate) mod case_index;
mod cases;
mod checkpoint;
mod clock;
mod commitment;
mod demo;
mod duplicates;
mod error;
mod exchange_log;
mod export;
mod import;
mod intake;
mod keyring;
mod nrm;
mod nrm_queue;
#[cfg(test)]
mod nrm_tests;
mod outbox;
mod partner_checkpoints;
mod proposals;
#[cfg(test)]
mod proposals_tests;
mod providers;
mod referral_letter;
mod referral_out;
mod report;
mod retention;
mod session;
mod station;
mod station_keys;

pub use accounts::UserSummary;
pub use apply::{ImportStep, Progress};
pub use audit_trail::AuditQuery;
pub use backup::{checkpoint_beside, forget_notes, read_identities, BackupManifest};
pub use case_index::{CaseIndex, CaseSummary};
pub use cases::{CaseFilter, CaseRow};
pub use checkpoint::{open_checkpoint, LAST_CHECKPOINT};
pub use clock::{ClockChange, ClockRun};
pub use demo::{DEMO_STATION, DEMO_USERS};
pub use duplicates::{DuplicateRow, DuplicateVerdict};
pub use error::{ErrorKind, ServiceError};
pub use exchange_log::{Direction, LogEntry};
pub use export::ExportedBundle;
pub use import::{ImportOutcome, Preview};
pub use keyring::{parse_contents, PartnerSummary};
pub use nrm::{kind_name, NrmRecord};
pub use nrm_queue::{returnee_row, FollowUpRow, ReferralFilter, ReferralRow, ReturneeRow};
pub use outbox::OutboxItem;
pub use partner_checkpoints::HeldCheckpoint;
pub use proposals::Guarded;
pub use retention::{PurgeMode, PurgeProposal, RetentionRow};
pub use session::{Session, User};
pub use station::{InitOptions, Station, FAILURES_RECORDED_PER_MINUTE, MIN_PASSPHRASE_CHARS};
pub use station_keys::KeysSummary;
