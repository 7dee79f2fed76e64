//! The station port over the real service: what the screens ask, answered by the same use-cases the CLI
//! calls. Turns service results into view models and errors into one sentence.

use super::cases;
use super::port::StationPort;
use super::view::{
    BundlePreview, CaseView, Dashboard, ExchangeLogRow, ImportProgress, MediaBundle, QueueRow,
    QueueView, SessionInfo,
};
use crate::service::{Direction, Session, Station};
use age::secrecy::SecretString;
use chrono::Utc;
use std::path::Path;

pub struct LiveStation {
    station: Station,
    session: Option<Session>,
    rows: cases::live::Rows,
}

impl LiveStation {
    pub fn new(station: Station) -> LiveStation {
        LiveStation {
            station,
            session: None,
            rows: cases::live::Rows::default(),
        }
    }

    /// The session and the rows worked out from it.
    fn session_and_rows(&mut self) -> Option<(&mut Session, &mut cases::live::Rows)> {
        self.session.as_mut().map(|s| (s, &mut self.rows))
    }

    pub(crate) fn session(&mut self) -> Result<&mut Session, String> {
        self.session
            .as_mut()
            .ok_or_else(|| "the session is locked; sign in again".to_string())
    }
}

impl StationPort for LiveStation {
    fn login(&mut self, user: &str, passphrase: &str) -> Result<SessionInfo, String> {
        let s = self
            .station
            .login(
                user.trim(),
                &SecretString::from(passphrase.to_string()),
                Utc::now(),
            )
            .map_err(|e| e.to_string())?;
        let info = SessionInfo {
            user: s.user().name.to_string(),
            role: s.user().role,
            station: s.station().to_string(),
        };
        self.session = Some(s);
        self.rows.clear();
        Ok(info)
    }

    fn lock(&mut self) {
        // Dropping the session zeroises the data key. A supervisor's sign-out signs a checkpoint first;
        // if that fails (a chain that does not verify), the sign-in check and `audit verify` say so.
        if let Some(s) = self.session.take() {
            let _ = s.sign_out(chrono::Utc::now());
        }
        self.rows.clear();
    }

    fn dashboard(&mut self) -> Dashboard {
        self.session_and_rows()
            .map(|(s, rows)| cases::live::dashboard(s, rows))
            .unwrap_or_default()
    }

    fn queue(&mut self, view: QueueView) -> Vec<QueueRow> {
        self.session_and_rows()
            .map(|(s, rows)| cases::live::queue(s, rows, view))
            .unwrap_or_default()
    }

    fn approvals(&mut self) -> Vec<QueueRow> {
        self.session_and_rows()
            .map(|(s, rows)| cases::live::approvals(s, rows))
            .unwrap_or_default()
    }

    fn case(&mut self, case_id: &str) -> Result<CaseView, String> {
        let s = self.session()?;
        let case = s.case(case_id).map_err(|e| e.to_string())?;
        cases::live::case_view(s, &case)
    }

    fn perform(
        &mut self,
        case_id: &str,
        action_key: &str,
        fields: &[(String, String)],
    ) -> Result<String, String> {
        let s = self.session()?;
        let action = cases::live::action(s, action_key, fields)?;
        let case = s
            .act(case_id, action, Utc::now())
            .map_err(|e| e.to_string())?;
        Ok(format!("{} is now {}.", case.reference(), case.status))
    }

    fn media_bundles(&mut self, dir: &Path) -> Result<Vec<MediaBundle>, String> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("the media folder {} cannot be read: {e}", dir.display()))?;
        let mut out: Vec<MediaBundle> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "ercms"))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                meta.is_file().then(|| MediaBundle {
                    file_name: e.file_name().to_string_lossy().into_owned(),
                    path: e.path(),
                    size_bytes: meta.len(),
                })
            })
            .collect();
        out.sort_by(|a, b| a.file_name.cmp(&b.file_name));
        Ok(out)
    }

    fn preview_bundle(&mut self, path: &Path) -> Result<BundlePreview, String> {
        let station = self.station.id().to_string();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self.session()?.preview_bundle(path) {
            Ok(p) => Ok(BundlePreview {
                file_name,
                verdict: if p.already_imported {
                    format!(
                        "Signed by {} ({}); already imported, importing again changes nothing.",
                        p.sender, p.sender_name
                    )
                } else {
                    format!(
                        "Signed by {} ({}), a trusted partner that may send {}.",
                        p.sender, p.sender_name, p.content
                    )
                },
                importable: !p.already_imported,
                from_station: p.sender,
                to_station: station,
                created: p.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                records: vec![(p.content, p.records as usize)],
            }),
            // A bundle that fails a check is still shown, with the reason instead of its contents.
            Err(e) => Ok(BundlePreview {
                file_name,
                from_station: String::new(),
                to_station: station,
                created: String::new(),
                records: vec![],
                verdict: e.to_string(),
                importable: false,
            }),
        }
    }

    fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<String, String> {
        let outcome = self
            .session()?
            .import_bundle_reporting(path, Utc::now(), None, &mut |step| {
                progress(ImportProgress {
                    done: step.done as usize,
                    total: step.total as usize,
                })
            })
            .map_err(|e| e.to_string())?;
        let mut sentence = format!(
            "Imported {} from {}: {}.",
            outcome.content, outcome.sender, outcome.summary
        );
        if let Some(gap) = outcome.sequence_gap {
            sentence.push_str(&format!(" Note: {gap}."));
        }
        Ok(sentence)
    }

    fn partners(&mut self) -> Vec<String> {
        match self.session() {
            Ok(s) => s
                .list_partners()
                .map(|ps| ps.into_iter().map(|p| p.station).collect())
                .unwrap_or_default(),
            Err(_) => vec![],
        }
    }

    fn export_to(&mut self, partner: &str, dir: &Path) -> Result<String, String> {
        let written = self
            .session()?
            .export_to(partner, dir, Utc::now())
            .map_err(|e| e.to_string())?;
        Ok(match written.as_slice() {
            [] => format!("Nothing is due to {partner}."),
            bundles => {
                let records: u64 = bundles.iter().map(|b| b.records).sum();
                format!(
                    "{} bundle(s) with {records} record(s) written for {partner}.",
                    bundles.len()
                )
            }
        })
    }

    fn exchange_log(&mut self) -> Vec<ExchangeLogRow> {
        let Ok(log) = self
            .session()
            .and_then(|s| s.exchange_log().map_err(|e| e.to_string()))
        else {
            return vec![];
        };
        log.into_iter()
            .map(|e| ExchangeLogRow {
                when: e.at.format("%Y-%m-%d %H:%M").to_string(),
                direction: match e.direction {
                    Direction::Received => "in".into(),
                    Direction::Sent => "out".into(),
                    Direction::Rejected => "rejected".into(),
                },
                partner: e.partner.unwrap_or_default(),
                file_name: e.file,
                records: e.records as usize,
                outcome: match e.acknowledged_at {
                    Some(at) => format!("{} (receipt {})", e.summary, at.format("%Y-%m-%d")),
                    None => e.summary,
                },
            })
            .collect()
    }
}

/// Runs the TUI on a station: the login screen first.
pub fn run_station(station: Station) -> std::io::Result<()> {
    let media_dir = std::env::var_os("ERCMS_MEDIA")
        .map(Into::into)
        .unwrap_or_else(|| station.dir().join("media"));
    let options = super::RunOptions {
        language: std::env::var("ERCMS_LANG").unwrap_or_else(|_| "en".into()),
        media_dir,
        ..super::RunOptions::default()
    };
    super::run(Box::new(LiveStation::new(station)), options)
}
