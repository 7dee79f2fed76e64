use super::args::Common;
use super::args::StationCommand;
use super::{data_dir, passphrase, Failure, Outcome};
use super::{login, output};
use crate::domain::deadline::{parse_zone, DEFAULT_ZONE};
use crate::domain::ids::{StationId, UserName};
use crate::service::{InitOptions, Station, DEMO_USERS};
use chrono::Utc;

/// `ercms init --station ID --admin NAME`.
pub fn init(
    c: &Common,
    station: &str,
    admin: &str,
    work_factor: Option<u8>,
    time_zone: Option<&str>,
) -> Outcome {
    let station = StationId::parse(station).map_err(|e| Failure::usage(e.to_string()))?;
    let zone = match time_zone {
        None => DEFAULT_ZONE,
        Some(z) => parse_zone(z).ok_or_else(|| {
            Failure::usage(format!(
                "{} is not a time zone; use an IANA name such as Asia/Baghdad, Asia/Baku or Africa/Abidjan",
                z.chars().take(60).collect::<String>()
            ))
        })?,
    };
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
    Station::init_in_zone(&dir, opts, zone, Utc::now())?;
    eprintln!(
        "Station {station} created in {} with admin {admin}, time zone {}.",
        dir.display(),
        zone.name()
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

/// `ercms station show|set`.
pub fn run(c: &Common, cmd: StationCommand) -> Outcome {
    let mut s = login(c)?;
    if let StationCommand::Set { time_zone } = &cmd {
        let zone = s.set_time_zone(time_zone, Utc::now())?;
        eprintln!("The station's time zone is now {}.", zone.name());
    }
    let zone = s.time_zone()?;
    let last = s.clock_last_run()?;
    if c.json {
        return output::json(&serde_json::json!({
            "station": s.station().as_str(),
            "time_zone": zone.name(),
            "clock_last_run": last,
        }));
    }
    println!("station         {}", s.station());
    println!("time zone       {}", zone.name());
    println!(
        "clock last run  {}",
        last.map_or("never".to_string(), |t| super::clock::local_time(t, zone))
    );
    Ok(())
}
