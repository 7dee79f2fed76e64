//! `ercms export --to ID --out DIR` (clerk): everything due to a partner. A bundle carries one content
//! family (BUNDLE-FORMAT.md), so what is due goes out as one bundle per family. Each is written under a
//! temporary name, flushed, renamed, read back and verified in full; only then are its items marked sent.

use super::exchange_log::{Direction, ExchangeState, LogEntry};
use super::outbox::{pending, OutboxItem};
use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::ids::StationId;
use crate::domain::policy::Permission;
use crate::exchange::{
    open_bundle, write_bundle_keeping_copy, Content, Keyring, Limits, OutgoingBundle, Partner,
    Record, RecordLines, StationKeys,
};
use crate::vault::{Tree, Txn};
use age::secrecy::ExposeSecret;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExportedBundle {
    pub path: PathBuf,
    pub bundle_id: String,
    pub content: String,
    pub records: u64,
    pub sequence: u64,
}

impl Session {
    /// What is waiting to be sent, for the clerk's screen and `export`.
    pub fn outbox(&self) -> Result<Vec<OutboxItem>, ServiceError> {
        self.allow(Permission::ExportBundle)?;
        pending(&self.vault)
    }

    pub fn export_to(
        &mut self,
        to: &str,
        dir: &Path,
        now: DateTime<Utc>,
    ) -> Result<Vec<ExportedBundle>, ServiceError> {
        self.allow(Permission::ExportBundle)?;
        let to = StationId::parse(to).map_err(|e| ServiceError::Usage(e.to_string()))?;
        let partner = self.partner(&to)?;
        if !dir.is_dir() {
            return Err(ServiceError::Invalid(format!(
                "{} is not a folder",
                dir.display()
            )));
        }
        let due: Vec<OutboxItem> = pending(&self.vault)?
            .into_iter()
            .filter(|i| i.to == to.as_str())
            .collect();
        if due.is_empty() {
            return Ok(vec![]);
        }
        let keys = self.station_keys()?;
        // One signed checkpoint per export, made before its bundles and carried in each of them, so
        // that the partner holds a copy (docs/THREAT-MODEL.md "Checkpoints"); it is also kept as the
        // station's last. No second one is signed after the bundles: their own entries are covered by
        // the next checkpoint (export, backup, sign-out), and the one the partner holds is the one the
        // station keeps, at the cost of one replay of the state rather than two.
        let (_, checkpoint) = self.checkpoint("export", now)?;
        let mut out = vec![];
        for content in Content::ALL {
            let items: Vec<&OutboxItem> = due.iter().filter(|i| i.content == content).collect();
            if !items.is_empty() {
                let family = Family {
                    partner: &partner,
                    content,
                    items: &items,
                    checkpoint: &checkpoint,
                };
                out.push(self.export_family(&keys, &family, dir, now)?);
            }
        }
        Ok(out)
    }

    fn export_family(
        &mut self,
        keys: &StationKeys,
        family: &Family<'_>,
        dir: &Path,
        now: DateTime<Utc>,
    ) -> Result<ExportedBundle, ServiceError> {
        let (partner, content, items) = (family.partner, family.content, family.items);
        let mut state = ExchangeState::load(&self.vault)?;
        let to = partner.station.to_string();
        let sequence = state.sent.get(&to).copied().unwrap_or(0) + 1;
        let records: Vec<Record> = items.iter().map(|i| i.record.clone()).collect();
        let bundle = OutgoingBundle {
            content,
            sequence,
            created_at: now,
            records: RecordLines::Records(&records),
            attachments: &[],
            checkpoint: Some(family.checkpoint),
        };
        let failed = |e: &dyn std::fmt::Display| {
            ServiceError::Invalid(format!("the bundle for {to} could not be written: {e}"))
        };

        let tmp = dir.join(format!(".ercms-export-{}.partial", uuid::Uuid::new_v4()));
        let written = (|| {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .map_err(|e| failed(&e))?;
            let mut w = std::io::BufWriter::new(file);
            let summary = write_bundle_keeping_copy(
                &mut w,
                keys,
                &[(partner.station.clone(), partner.age_recipient.clone())],
                &bundle,
            )
            .map_err(|e| failed(&e))?;
            w.flush().map_err(|e| failed(&e))?;
            w.get_ref().sync_all().map_err(|e| failed(&e))?;
            Ok::<_, ServiceError>(summary)
        })();
        let summary = match written {
            Ok(s) => s,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        let path = dir.join(summary.file_name());
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(failed(&e));
        }
        // The rename is durable only once the folder is synced.
        crate::vault::sync_folder(dir).map_err(|e| failed(&e))?;
        if let Err(e) = verify_written(
            &path,
            keys,
            partner,
            content,
            &summary.manifest_sha256,
            records.len(),
        ) {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }

        let mut txn = Txn::default();
        let mut summaries = vec![];
        for item in items {
            txn.delete(Tree::OUTBOX, item.id.as_bytes());
            // A decision's reply has now left the station: its case moves to REPLY_SENT.
            if let Record::ReadmissionReply(r) = &item.record {
                if r.travel_document.is_none() {
                    if let Some(s) = self.mark_reply_sent(&r.application, &mut txn, now)? {
                        summaries.push(s);
                    }
                }
            }
        }
        state.sent.insert(to.clone(), sequence);
        state.save(&self.vault, &mut txn)?;
        let about: Vec<&str> = items.iter().map(|i| i.about.as_str()).collect();
        let entry = LogEntry {
            id: uuid::Uuid::now_v7(),
            at: now,
            direction: Direction::Sent,
            by: self.user.name.to_string(),
            file: summary.file_name(),
            bundle_id: Some(summary.bundle_id),
            partner: Some(to.clone()),
            content: Some(content.wire_name().into()),
            sequence: Some(sequence),
            records: records.len() as u64,
            manifest_sha256: Some(summary.manifest_sha256.clone()),
            summary: format!(
                "{} {} ({})",
                records.len(),
                content.wire_name(),
                about.join(", ")
            ),
            acknowledged_at: None,
        };
        entry.put(&self.vault, &mut txn)?;
        let bundle_id = summary.bundle_id.to_string();
        let detail = format!(
            "{} record(s) of {} to {to}, number {sequence}",
            records.len(),
            content.wire_name()
        );
        self.commit(
            txn,
            now,
            &[Note {
                action: "bundle.export",
                target: Some(&bundle_id),
                detail: Some(&detail),
            }],
        )?;
        let index = self.index()?;
        for s in summaries {
            index.upsert(s);
        }
        Ok(ExportedBundle {
            path,
            bundle_id,
            content: content.wire_name().into(),
            records: records.len() as u64,
            sequence,
        })
    }
}

/// One bundle of an export: what goes to whom, with the export's checkpoint.
struct Family<'a> {
    partner: &'a Partner,
    content: Content,
    items: &'a [&'a OutboxItem],
    checkpoint: &'a str,
}

impl Session {
    /// Applies MarkReplySent to the case with this reference, into `txn`; `None` if there is no such
    /// case or it has moved on already (a reply exported twice changes nothing the second time).
    fn mark_reply_sent(
        &mut self,
        reference: &str,
        txn: &mut Txn,
        now: DateTime<Utc>,
    ) -> Result<Option<crate::service::CaseSummary>, ServiceError> {
        let Some(id) = self.index()?.find(reference) else {
            return Ok(None);
        };
        let case = self.load_case(&id)?;
        match crate::domain::lifecycle::apply(
            &case,
            crate::domain::lifecycle::CaseAction::MarkReplySent,
            &self.actor(),
            now,
        ) {
            Ok(sent) => Ok(Some(crate::service::case_index::put_case(
                &self.vault,
                txn,
                &sent,
            )?)),
            Err(_) => Ok(None),
        }
    }
}

/// Reads the written bundle back with this station's own key, as the partner will read it (every rule of
/// the format), and checks it is the bundle meant.
fn verify_written(
    path: &Path,
    keys: &StationKeys,
    partner: &Partner,
    content: Content,
    manifest_sha256: &str,
    records: usize,
) -> Result<(), ServiceError> {
    let bad = |why: String| {
        ServiceError::Invalid(format!(
            "the bundle written to {} did not verify: {why}",
            path.display()
        ))
    };
    // Read as the partner would: addressed to them, from us as a trusted sender of this content.
    let as_partner = StationKeys::from_text(
        partner.station.clone(),
        keys.age_identity_text().expose_secret(),
        keys.minisign_secret_text().expose_secret(),
    )
    .map_err(|e| bad(e.to_string()))?;
    let us = Keyring::new(vec![keys.as_partner("this station", vec![content])])
        .map_err(|e| bad(e.to_string()))?;
    let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
    let opened = open_bundle(
        std::io::BufReader::new(file),
        &as_partner,
        &us,
        &Limits::default(),
    )
    .map_err(|e| bad(e.to_string()))?;
    if opened.manifest_sha256 != manifest_sha256 || opened.records.len() != records {
        return Err(bad("it is not the bundle that was meant".into()));
    }
    Ok(())
}
