//! The station port over the real service: what the screens ask, answered by the same use-cases the CLI
//! calls. Turns service results into view models and errors into one sentence.

use super::cases;
use crate::service::{Session, Station};

/// What every read says while no one is signed in.
const LOCKED: &str = "The session is locked; sign in again.";

/// The service's message as a sentence for the screen: capital first letter, full stop at the end.
pub(crate) fn sentence(message: impl std::fmt::Display) -> String {
    let text = message.to_string();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return text,
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

pub struct LiveStation {
    pub(crate) station: Station,
    pub(crate) session: Option<Session>,
    pub(crate) rows: cases::live::Rows,
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
    pub(crate) fn session_and_rows(
        &mut self,
    ) -> Result<(&mut Session, &mut cases::live::Rows), String> {
        match self.session.as_mut() {
            Some(s) => Ok((s, &mut self.rows)),
            None => Err(LOCKED.to_string()),
        }
    }

    pub(crate) fn session(&mut self) -> Result<&mut Session, String> {
        self.session.as_mut().ok_or_else(|| LOCKED.to_string())
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
