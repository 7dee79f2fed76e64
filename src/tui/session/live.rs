//! The session port over the real service.

use crate::domain::deadline::local_time;
use crate::tui::live::LiveStation;
use crate::tui::session::port::SessionPort;
use crate::tui::session::view::*;
use crate::tui::view::*;
use age::secrecy::SecretString;

impl SessionPort for LiveStation {
    fn login(&mut self, user: &str, passphrase: &str) -> Result<SessionInfo, String> {
        let now = self.now();
        let s = self
            .station
            .login(
                user.trim(),
                &SecretString::from(passphrase.to_string()),
                now,
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
        let now = self.now();
        // Dropping the session zeroises the data key. A supervisor's sign-out signs a checkpoint first;
        // if that fails (a chain that does not verify), the sign-in check and `audit verify` say so.
        if let Some(s) = self.session.take() {
            let _ = s.sign_out(now);
        }
        self.rows.clear();
    }
    fn run_clock(&mut self) -> Result<ClockReport, String> {
        let now = self.now();
        let s = self.session()?;
        let run = s.run_clock(now).map_err(crate::tui::live::sentence)?;
        let zone = s.time_zone().map_err(crate::tui::live::sentence)?;
        let lines = run
            .changes
            .iter()
            .map(|c| ClockLine {
                reference: c.reference.clone(),
                from: c.from.to_string(),
                to: c.to.to_string(),
                at: local_time(c.at, zone),
            })
            .collect();
        if !run.changes.is_empty() {
            // The queue rows are worked out again with the new statuses.
            self.rows.clear();
        }
        Ok(ClockReport {
            lines,
            set_back: run
                .set_back_from
                .map(|last| (local_time(run.at, zone), local_time(last, zone))),
            error: None,
        })
    }
    fn dashboard(&mut self) -> Result<Dashboard, String> {
        let now = self.now();
        let (s, rows) = self.session_and_rows()?;
        crate::tui::cases::live::dashboard(s, rows, now)
    }
}
