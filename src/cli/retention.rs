//! `ercms retention`: retention settings, closed cases past their period, and four-eyes purges.

use super::args::{Common, RetentionCommand};
use super::{login, output, Outcome};
use crate::domain::retention::RecordKind;
use crate::service::PurgeMode;
use chrono::Utc;

pub fn run(c: &Common, cmd: RetentionCommand) -> Outcome {
    let mut s = login(c)?;
    let now = Utc::now();
    match cmd {
        RetentionCommand::List => {
            let rows = s.retention_list(now)?;
            if c.json {
                return output::json(&rows);
            }
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.reference.clone(),
                        r.agreement.clone(),
                        r.purge_from.to_string(),
                        r.proposal
                            .as_ref()
                            .map(|p| format!("{} proposed by {}", p.mode.as_str(), p.by))
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            output::table(&["CASE", "AGREEMENT", "PURGE FROM", "PROPOSAL"], &rows);
        }
        RetentionCommand::Purge {
            case, anonymise, ..
        } => {
            let mode = if anonymise {
                PurgeMode::Anonymise
            } else {
                PurgeMode::Erase
            };
            let p = s.propose_purge(&case, mode, now)?;
            eprintln!(
                "Purge of {} proposed; a supervisor must approve it.",
                p.reference
            );
        }
        RetentionCommand::Approve { case } => {
            s.approve_purge(&case, now)?;
            eprintln!("The case was purged; its statistical facts are kept.");
        }
        RetentionCommand::Set {
            agreement,
            cases,
            returnees,
        } => {
            let changes = [
                (RecordKind::Cases, cases),
                (RecordKind::Returnees, returnees),
            ];
            for (kind, days) in changes.into_iter().filter_map(|(k, d)| Some((k, d?))) {
                s.set_retention(agreement.as_deref(), kind, days, now)?;
            }
            let settings = s.retention_settings()?;
            output::json(&settings)?;
        }
    }
    Ok(())
}
