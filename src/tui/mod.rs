//! The terminal UI. (The screens land with issue 5; until then the TUI entry says so plainly.)

use crate::service::Station;

pub fn run_station(station: Station) -> std::io::Result<()> {
    Err(std::io::Error::other(format!(
        "station {} is ready, but the screens are not part of this build yet; use the subcommands (ercms --help)",
        station.id()
    )))
}
