//! `ercms clock run|confirm`, and how a command tells what the clock changed when it opened.

use super::args::{ClockCommand, Common};
use super::{login_without_clock, output, Failure, Outcome};
use crate::domain::deadline::parse_zone;
use crate::service::ClockRun;
use chrono::Utc;
use chrono_tz::Tz;

pub use crate::domain::deadline::local_time;

fn zone_of(run: &ClockRun) -> Tz {
    parse_zone(&run.time_zone).unwrap_or(crate::domain::deadline::DEFAULT_ZONE)
}

/// On stderr: a clock set back, and each fact the clock recorded.
pub fn tell(run: &ClockRun) {
    let zone = zone_of(run);
    if let Some(last) = run.set_back_from {
        eprintln!(
            "ercms: the system time ({}) is earlier than the station clock's last run ({}); the clock applied nothing. If the time is right, an admin confirms it with `ercms clock confirm`.",
            local_time(run.at, zone),
            local_time(last, zone)
        );
    }
    for ch in &run.changes {
        eprintln!(
            "Station clock: {} {} -> {} ({}).",
            ch.reference,
            ch.from,
            ch.to,
            ch.action.as_str()
        );
    }
}

pub fn run(c: &Common, cmd: ClockCommand) -> Outcome {
    let mut s = login_without_clock(c)?;
    let now = Utc::now();
    let run = match cmd {
        ClockCommand::Run => s.run_clock(now)?,
        ClockCommand::Confirm => s.confirm_clock(now)?,
    };
    if c.json {
        output::json(&run)?;
    } else {
        tell(&run);
        if run.set_back_from.is_none() {
            println!(
                "{} change(s) applied at {}.",
                run.changes.len(),
                local_time(run.at, zone_of(&run))
            );
        }
    }
    if run.set_back_from.is_some() {
        // Said above (or in the JSON); the exit code tells scripts that nothing was applied.
        return Err(Failure {
            code: 1,
            message: if c.json {
                "the system time is earlier than the station clock's last run; an admin must confirm it with `ercms clock confirm`".into()
            } else {
                String::new()
            },
        });
    }
    Ok(())
}
