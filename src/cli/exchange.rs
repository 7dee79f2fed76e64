use super::args::{Common, ExchangeCommand};
use super::{login, output, Failure, Outcome};
use crate::service::{ErrorKind, ServiceError};
use std::path::{Path, PathBuf};

/// `ercms import FILE...`: each file on its own, all or nothing. The exit code is the most serious
/// outcome: 3 if any bundle was rejected, else 1 if any failed, else 4 if any was already imported.
pub fn import(c: &Common, files: &[PathBuf], quarantine: Option<&Path>) -> Outcome {
    let mut s = login(c)?;
    let mut results = vec![];
    let mut worst: Option<ErrorKind> = None;
    let mut not_imported = 0;
    for f in files {
        match s.import_bundle(f, chrono::Utc::now(), quarantine) {
            Ok(o) => {
                if !c.json {
                    println!(
                        "{}: imported {} from {}: {}",
                        o.file, o.content, o.sender, o.summary
                    );
                }
                if let Some(gap) = &o.sequence_gap {
                    eprintln!("ercms: warning: {}: {gap}", o.file);
                }
                if let Some(fork) = &o.checkpoint_warning {
                    eprintln!("ercms: warning: {}: {fork}", o.file);
                }
                results.push(serde_json::json!({"ok": true, "outcome": o}));
            }
            Err(e) => {
                eprintln!("ercms: {}", crate::domain::untrusted::shown(&e.to_string()));
                not_imported += 1;
                let kind = e.kind();
                worst = Some(match (worst, kind) {
                    (Some(ErrorKind::Rejected), _) | (_, ErrorKind::Rejected) => {
                        ErrorKind::Rejected
                    }
                    (Some(ErrorKind::Failed), _) | (_, ErrorKind::Failed) => ErrorKind::Failed,
                    _ => kind,
                });
                if matches!(e, ServiceError::NotAllowed(_)) {
                    return Err(e.into());
                }
                results.push(serde_json::json!({"ok": false, "file": f.file_name().map(|n| n.to_string_lossy().into_owned()), "error": e.to_string(), "exit": kind.exit_code()}));
            }
        }
    }
    if c.json {
        output::json(&results)?;
    }
    match worst {
        // Each file's sentence is printed above; the code says how it ended. Only with several files
        // does a last line count them (one bad file gets one sentence).
        Some(kind) => Err(Failure {
            code: kind.exit_code(),
            message: if files.len() > 1 {
                format!(
                    "{not_imported} of {} bundles were not imported",
                    files.len()
                )
            } else {
                String::new()
            },
        }),
        None => Ok(()),
    }
}

/// `ercms export --to ID --out DIR`: prints the path of each bundle written.
pub fn export(c: &Common, to: &str, out: &Path) -> Outcome {
    let mut s = login(c)?;
    let written = s.export_to(to, out, chrono::Utc::now())?;
    if c.json {
        return output::json(&written);
    }
    if written.is_empty() {
        eprintln!("Nothing is due to {to}; no bundle was written.");
    }
    for b in &written {
        println!("{}", b.path.display());
        eprintln!(
            "{} record(s) of {} to {to}, bundle number {}.",
            b.records, b.content, b.sequence
        );
    }
    Ok(())
}

pub fn run(c: &Common, cmd: ExchangeCommand) -> Outcome {
    let s = login(c)?;
    match cmd {
        ExchangeCommand::Log => {
            let log = s.exchange_log()?;
            if c.json {
                return output::json(&log);
            }
            let rows: Vec<Vec<String>> = log
                .iter()
                .map(|e| {
                    vec![
                        e.at.format("%Y-%m-%d %H:%M").to_string(),
                        e.direction.as_str().to_string(),
                        e.partner.clone().unwrap_or_default(),
                        e.content.clone().unwrap_or_default(),
                        e.records.to_string(),
                        e.acknowledged_at
                            .map(|a| a.format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                        e.file.clone(),
                        e.summary.clone(),
                    ]
                })
                .collect();
            output::table(
                &[
                    "AT (UTC)", "WHAT", "PARTNER", "CONTENT", "RECORDS", "RECEIPT", "FILE",
                    "SUMMARY",
                ],
                &rows,
            );
        }
        ExchangeCommand::Outbox => {
            let items = s.outbox()?;
            if c.json {
                return output::json(&items.iter().map(|i| serde_json::json!({"to": i.to, "content": i.content.wire_name(), "about": i.about, "queued_at": i.queued_at})).collect::<Vec<_>>());
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|i| {
                    vec![
                        i.to.clone(),
                        i.content.wire_name().into(),
                        i.about.clone(),
                        i.queued_at.format("%Y-%m-%d %H:%M").to_string(),
                    ]
                })
                .collect();
            output::table(&["TO", "CONTENT", "ABOUT", "QUEUED (UTC)"], &rows);
        }
    }
    Ok(())
}
