//! `ercms import FILE` (clerk): one bundle, all or nothing. Every rule of BUNDLE-FORMAT.md is checked
//! before anything is applied; then the records, the exchange log, the receipt to send back and the audit
//! entry go in one transaction (new cases of a large bundle go in parts first, which belong to the
//! station only once that transaction commits: see `vault::Bulk`). A rejected bundle changes nothing
//! but the exchange log. The file is streamed, never held whole in memory.

use super::apply::{CaseWriter, Progress, Seen, Staging};
use super::exchange_log::{imported_key, Direction, ExchangeState, LogEntry};
use super::session::Note;
use super::{outbox, partner_checkpoints, ServiceError, Session};
use crate::domain::policy::Permission;
use crate::exchange::{read_bundle_alongside, receipt_for, BundleErrorKind, Content, Limits};
use crate::vault::Txn;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportOutcome {
    pub file: String,
    pub bundle_id: String,
    pub sender: String,
    pub content: String,
    pub records: u64,
    /// What the records did, in counts.
    pub summary: String,
    /// A sentence when bundles from this sender seem to be missing.
    pub sequence_gap: Option<String>,
    /// A sentence when the sender's checkpoint is shorter than, or forks from, one held here.
    pub checkpoint_warning: Option<String>,
}

/// The file's own name, for messages and the log (its folder may name a device or a person).
/// The file's name as sentences and the log show it: neutralised and cut short (it came from the
/// medium, like the bundle).
pub(crate) fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| crate::domain::untrusted::excerpt(&n.to_string_lossy()))
        .unwrap_or_else(|| "the bundle".into())
}

/// What a rejection stores of its reason: the sentence, which names fields and rules, cut at this
/// many characters, so that no rejection adds more than a few hundred bytes to the vault.
const REJECTION_CHARS: usize = 300;

impl Session {
    pub fn import_bundle(
        &mut self,
        path: &Path,
        now: DateTime<Utc>,
        quarantine: Option<&Path>,
    ) -> Result<ImportOutcome, ServiceError> {
        self.import_bundle_reporting(path, now, quarantine, &mut |_| true)
    }

    /// Imports a bundle, telling `progress` how far it got; `progress` returning false cancels the
    /// import, which then changes nothing.
    pub fn import_bundle_reporting(
        &mut self,
        path: &Path,
        now: DateTime<Utc>,
        quarantine: Option<&Path>,
        progress: Progress<'_>,
    ) -> Result<ImportOutcome, ServiceError> {
        self.allow(Permission::ImportBundle)?;
        let label = file_label(path);
        let keys = self.station_keys()?;
        let keyring = self.keyring()?;
        let open = || {
            std::fs::File::open(path)
                .map(std::io::BufReader::new)
                .map_err(|e| {
                    ServiceError::Invalid(format!("{label}: the file could not be opened: {e}"))
                })
        };

        // First reading: every rule of the format, every record checked against the station.
        let mut staging = Staging::new(self, now, &mut *progress)?;
        let read =
            read_bundle_alongside(open()?, &keys, &keyring, &Limits::default(), &mut staging);
        let Staging {
            seen,
            replayed,
            staged,
            fatal,
            mut state,
            ..
        } = staging;
        if let Some(e) = fatal {
            return Err(e);
        }
        let checked = match read {
            Ok(c) => c,
            Err(e) if e.kind() == BundleErrorKind::Io => {
                return Err(ServiceError::Invalid(format!("{label}: {e}")));
            }
            Err(e) => {
                let why = self.rejection(&e)?;
                return Err(self.reject(path, &label, &why, seen.as_ref(), now, quarantine));
            }
        };
        let sender = checked.manifest.sender.to_string();
        if replayed {
            return Err(ServiceError::AlreadyImported(format!(
                "{label}: already imported (bundle {} from {sender}); nothing changed",
                checked.manifest.bundle_id
            )));
        }

        // Second reading (applications only): the new cases are written in parts, which stay outside
        // the station until the final transaction below commits.
        let mut bulk = None;
        if !staged.planned.is_empty() {
            let mut writer =
                CaseWriter::new(&self.vault, &staged.planned, sender.clone(), now, progress);
            let read =
                read_bundle_alongside(open()?, &keys, &keyring, &Limits::default(), &mut writer);
            let CaseWriter {
                bulk: written,
                fatal,
                ..
            } = writer;
            let failure = match (fatal, read) {
                (Some(e), _) => Some(e),
                (None, Err(e)) if e.kind() == BundleErrorKind::Io => {
                    Some(ServiceError::Invalid(format!("{label}: {e}")))
                }
                (None, Err(e)) => Some(ServiceError::Rejected(e.to_string())),
                (None, Ok(again)) if again.manifest_sha256 != checked.manifest_sha256 => Some(
                    ServiceError::Rejected("the file changed while it was being imported".into()),
                ),
                (None, Ok(_)) => None,
            };
            if let Some(e) = failure {
                written.abandon(&self.vault)?;
                return Err(match e {
                    ServiceError::Rejected(why) => {
                        let seen = Seen {
                            manifest: checked.manifest,
                            sha256: checked.manifest_sha256,
                        };
                        self.reject(path, &label, &why, Some(&seen), now, quarantine)
                    }
                    other => other,
                });
            }
            bulk = Some(written);
        }

        let mut txn = Txn::default();
        if let Some(b) = bulk.as_mut() {
            if let Err(e) = b.finish_into(&mut txn) {
                if let Some(b) = bulk {
                    b.abandon(&self.vault)?;
                }
                return Err(e.into());
            }
        }
        let case_summaries = staged.put(&self.vault, &mut txn)?;
        let summary = staged.summary();
        let seq = checked.manifest.sequence;
        let sequence_gap = match state.received.get(&sender).copied() {
            Some(last) if seq > last + 1 => Some(format!(
                "{} bundle(s) from {sender} seem to be missing: the last imported was number {last}, this is {seq}",
                seq - last - 1
            )),
            Some(last) if seq <= last => Some(format!(
                "this bundle from {sender} is number {seq}, older than the last imported ({last}): it came late"
            )),
            None if seq > 1 => Some(format!(
                "this is the first bundle imported from {sender}, but it is number {seq}: earlier ones were not imported here"
            )),
            _ => None,
        };
        let last = state.received.get(&sender).copied().unwrap_or(0);
        state.received.insert(sender.clone(), last.max(seq));
        state
            .imported
            .insert(imported_key(&sender, &checked.manifest.bundle_id));
        state.save(&self.vault, &mut txn)?;

        // The sender's checkpoint is kept with the import (see `partner_checkpoints`).
        let bundle = checked.manifest.bundle_id.to_string();
        let mut checkpoint_warning = None;
        let mut checkpoint_note = String::new();
        if let Some(signed) = &checked.checkpoint {
            let held = partner_checkpoints::held_from(&self.vault, &sender)?;
            checkpoint_warning = partner_checkpoints::against_held(&held, &signed.checkpoint);
            partner_checkpoints::keep(&self.vault, &mut txn, signed, &bundle, now)?;
            checkpoint_note = format!("; checkpoint of {} entries kept", signed.checkpoint.size);
            if let Some(w) = &checkpoint_warning {
                checkpoint_note.push_str(&format!("; {w}"));
            }
        }
        let logged_summary = match &checkpoint_warning {
            Some(w) => format!("{summary}; {w}"),
            None => summary.clone(),
        };

        let entry = LogEntry {
            id: uuid::Uuid::now_v7(),
            at: now,
            direction: Direction::Received,
            by: self.user.name.to_string(),
            file: label.clone(),
            bundle_id: Some(checked.manifest.bundle_id),
            partner: Some(sender.clone()),
            content: Some(checked.manifest.content.wire_name().into()),
            sequence: Some(seq),
            records: checked.records,
            manifest_sha256: Some(checked.manifest_sha256.clone()),
            summary: logged_summary,
            acknowledged_at: None,
        };
        entry.put(&self.vault, &mut txn)?;
        // The written record of receipt goes back to the sender (receipts themselves are not receipted).
        if checked.manifest.content != Content::Receipts {
            let about = checked.manifest.bundle_id.to_string();
            outbox::queue(
                &self.vault,
                &mut txn,
                &sender,
                receipt_for(&checked, now),
                &about,
                now,
            )?;
        }
        let detail = format!(
            "{} from {sender}: {summary}{checkpoint_note}",
            checked.manifest.content.wire_name()
        );
        let committed = self.commit(
            txn,
            now,
            &[Note {
                action: "bundle.import",
                target: Some(&bundle),
                detail: Some(&detail),
            }],
        );
        if let Err(e) = committed {
            if let Some(b) = bulk {
                b.abandon(&self.vault)?;
            }
            return Err(e);
        }
        if bulk.is_some() {
            // Many new cases: the index is read again from the vault when next needed, rather than
            // holding every new summary in memory now (a command-line import never needs it again).
            self.cases = None;
        } else {
            let index = self.index()?;
            for s in case_summaries {
                index.upsert(s);
            }
        }
        Ok(ImportOutcome {
            file: label,
            bundle_id: bundle,
            sender,
            content: checked.manifest.content.wire_name().into(),
            records: checked.records,
            summary,
            sequence_gap,
            checkpoint_warning,
        })
    }

    /// Logs a rejection (the only change a rejected bundle makes), moves the file to quarantine when
    /// asked, and returns the error to report.
    fn reject(
        &mut self,
        path: &Path,
        label: &str,
        why: &str,
        seen: Option<&Seen>,
        now: DateTime<Utc>,
        quarantine: Option<&Path>,
    ) -> ServiceError {
        let moved = quarantine.map(|dir| move_to_quarantine(path, dir));
        let bounded: String;
        let why = if why.chars().count() > REJECTION_CHARS {
            bounded = why.chars().take(REJECTION_CHARS).chain(['…']).collect();
            bounded.as_str()
        } else {
            why
        };
        let manifest = seen.map(|s| &s.manifest);
        let entry = LogEntry {
            id: uuid::Uuid::now_v7(),
            at: now,
            direction: Direction::Rejected,
            by: self.user.name.to_string(),
            file: label.to_string(),
            bundle_id: manifest.map(|m| m.bundle_id),
            partner: manifest.map(|m| m.sender.to_string()),
            content: manifest.map(|m| m.content.wire_name().to_string()),
            sequence: manifest.map(|m| m.sequence),
            records: manifest
                .and_then(|m| m.records_entry())
                .and_then(|f| f.records)
                .unwrap_or(0),
            manifest_sha256: seen.map(|s| s.sha256.clone()),
            summary: why.to_string(),
            acknowledged_at: None,
        };
        let mut txn = Txn::default();
        let logged = entry.put(&self.vault, &mut txn).and_then(|_| {
            self.commit(
                txn,
                now,
                &[Note {
                    action: "bundle.reject",
                    target: Some(label),
                    detail: Some(why),
                }],
            )
        });
        let mut message = format!("{label}: {why}");
        match moved {
            Some(Ok(to)) => message.push_str(&format!(" (moved to {})", to.display())),
            Some(Err(e)) => message.push_str(&format!(" (not moved to quarantine: {e})")),
            None => {}
        }
        if let Err(e) = logged {
            message.push_str(&format!(" (and the rejection could not be logged: {e})"));
        }
        ServiceError::Rejected(message)
    }
}

/// Copies the file into `dir`, makes the copy durable, then removes the original.
fn move_to_quarantine(path: &Path, dir: &Path) -> Result<std::path::PathBuf, String> {
    let name = path.file_name().ok_or("the file has no name")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let to = dir.join(name);
    if to.exists() {
        return Err(format!("{} exists already", to.display()));
    }
    std::fs::copy(path, &to).map_err(|e| e.to_string())?;
    std::fs::File::open(&to)
        .and_then(|f| f.sync_all())
        .map_err(|e| e.to_string())?;
    std::fs::remove_file(path).map_err(|e| e.to_string())?;
    Ok(to)
}

/// What the clerk sees before importing: the bundle passed every check of the format.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Preview {
    pub file: String,
    pub bundle_id: String,
    pub sender: String,
    pub sender_name: String,
    pub content: String,
    pub records: u64,
    pub sequence: u64,
    pub created_at: DateTime<Utc>,
    /// True when this bundle was imported before (a second import changes nothing).
    pub already_imported: bool,
}

impl Session {
    /// Why a bundle is refused, in one sentence: a revoked partner's bundle says so.
    fn rejection(&self, e: &crate::exchange::BundleError) -> Result<String, ServiceError> {
        if let crate::exchange::BundleError::UnknownSender(sender) = e {
            if let Some(why) = self.revoked_sentence(sender)? {
                return Ok(why);
            }
        }
        Ok(e.to_string())
    }

    /// Decrypts and checks a bundle without importing it (rules 1–5 and 7's parsing).
    pub fn preview_bundle(&self, path: &Path) -> Result<Preview, ServiceError> {
        self.allow(Permission::ImportBundle)?;
        let label = file_label(path);
        let file = std::fs::File::open(path).map_err(|e| {
            ServiceError::Invalid(format!("{label}: the file could not be opened: {e}"))
        })?;
        let p = crate::exchange::inspect(
            std::io::BufReader::new(file),
            &self.station_keys()?,
            &self.keyring()?,
            &Limits::default(),
        )
        .map_err(|e| match e.kind() {
            BundleErrorKind::Io => ServiceError::Invalid(format!("{label}: {e}")),
            BundleErrorKind::Rejected => match self.rejection(&e) {
                Ok(why) => ServiceError::Rejected(format!("{label}: {why}")),
                Err(other) => other,
            },
        })?;
        let state = ExchangeState::load(&self.vault)?;
        Ok(Preview {
            file: label,
            bundle_id: p.bundle_id.to_string(),
            already_imported: state
                .imported
                .contains(&imported_key(p.sender.as_str(), &p.bundle_id)),
            sender: p.sender.to_string(),
            sender_name: p.sender_name,
            content: p.content.wire_name().into(),
            records: p.records,
            sequence: p.sequence,
            created_at: p.created_at,
        })
    }
}
