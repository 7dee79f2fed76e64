//! The station port over the real service: what the screens ask, answered by the same use-cases the CLI
//! calls. Turns service results into view models and errors into one sentence.

use super::cases;
use super::text::Text;
use crate::service::{Session, Station};
use chrono::{DateTime, Utc};

/// The catalogue key of what every read says while no one is signed in.
pub(crate) const LOCKED: &str = "session-locked";

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
    /// The catalogue the adapter's own words come from (action and field labels).
    pub(crate) text: Text,
    /// The time every use-case is asked at: the system clock, or a fixed one in tests.
    pub(crate) clock: fn() -> DateTime<Utc>,
}

impl LiveStation {
    /// An adapter speaking English.
    pub fn new(station: Station) -> LiveStation {
        LiveStation::speaking(station, "en")
    }

    /// An adapter whose own words are in `language` (falling back to English).
    pub fn speaking(station: Station, language: &str) -> LiveStation {
        LiveStation {
            station,
            session: None,
            rows: cases::live::Rows::default(),
            text: Text::new(language),
            clock: Utc::now,
        }
    }

    /// The same adapter asking every use-case at the time `clock` gives (tests fix the day).
    pub fn with_clock(mut self, clock: fn() -> DateTime<Utc>) -> LiveStation {
        self.clock = clock;
        self
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The session and the rows worked out from it.
    pub(crate) fn session_and_rows(
        &mut self,
    ) -> Result<(&mut Session, &mut cases::live::Rows), String> {
        match self.session.as_mut() {
            Some(s) => Ok((s, &mut self.rows)),
            None => Err(self.text.get(LOCKED)),
        }
    }

    pub(crate) fn session(&mut self) -> Result<&mut Session, String> {
        self.session.as_mut().ok_or_else(|| self.text.get(LOCKED))
    }
}

/// Runs the TUI on a station: the login screen first. The station's settings file is read
/// before the terminal opens; a bad one stops here with its sentence.
pub fn run_station(station: Station) -> std::io::Result<()> {
    let media_dir = std::env::var_os("ERCMS_MEDIA")
        .map(Into::into)
        .unwrap_or_else(|| station.dir().join("media"));
    let language = std::env::var("ERCMS_LANG").unwrap_or_else(|_| "en".into());
    let settings = super::settings::read(station.dir(), &super::text::Text::new(&language))
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let options = super::RunOptions {
        language,
        media_dir,
        idle_lock: settings.idle_lock,
        keymap: settings.keymap,
    };
    let port = LiveStation::speaking(station, &options.language);
    super::run(Box::new(port), options)
}
