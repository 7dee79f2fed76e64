use super::args::Common;
use super::{data_dir, passphrase, Failure, Outcome};
use crate::domain::ids::{StationId, UserName};
use crate::service::{InitOptions, Station, DEMO_USERS};
use chrono::Utc;

/// `ercms init --station ID --admin NAME`.
pub fn init(c: &Common, station: &str, admin: &str, work_factor: Option<u8>) -> Outcome {
    let station = StationId::parse(station).map_err(|e| Failure::usage(e.to_string()))?;
    let admin = UserName::parse(admin).map_err(|e| Failure::usage(e.to_string()))?;
    let dir = data_dir(c)?;
    let passphrase = passphrase::first(c.passphrase_file.as_deref()).map_err(Failure::usage)?;
    let opts = InitOptions {
        station: station.clone(),
        admin: admin.clone(),
        passphrase,
        work_factor,
        keys: None,
    };
    Station::init(&dir, opts, Utc::now())?;
    eprintln!(
        "Station {station} created in {} with admin {admin}.",
        dir.display()
    );
    Ok(())
}

/// `ercms demo [--data DIR]`.
pub fn demo(c: &Common, no_tui: bool) -> Outcome {
    let dir = match &c.data {
        Some(d) => d.clone(),
        None => data_dir(c)?.with_file_name("ercms-demo"),
    };
    let station = Station::demo(&dir, Utc::now())?;
    println!("Demo station {} in {}", station.id(), dir.display());
    println!("Synthetic data only. Demo users (user / passphrase):");
    for (name, role, pass) in DEMO_USERS {
        println!("  {name:<12} {:<11} {pass}", role.as_str());
    }
    if no_tui {
        return Ok(());
    }
    crate::tui::run_station(station)
        .map_err(|e| Failure::failed(format!("the terminal interface stopped: {e}")))
}

/// `ercms` with no command: the TUI's login screen.
pub fn open_tui(c: &Common) -> Outcome {
    let station = super::open_station(c)?;
    crate::tui::run_station(station)
        .map_err(|e| Failure::failed(format!("the terminal interface stopped: {e}")))
}
