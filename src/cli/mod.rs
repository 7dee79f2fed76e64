//! The command-line interface: parses CLI.md's commands and calls the same service use-cases as the TUI.

mod agreement;
pub(crate) mod args;
mod audit;
mod backup;
mod calendar;
pub(crate) mod case;
mod clock;
mod exchange;
mod keys;
mod nrm;
pub(crate) mod nrm_args;
mod output;
mod passphrase;
pub mod process;
mod proposal;
mod provider;
mod report;
mod retention;
mod session;
pub use session::CommandSession;
mod station;
mod user;

pub use args::Cli;

use crate::service::{ServiceError, Station};
use clap::Parser;
use std::path::PathBuf;

/// A failure that ends the command: one sentence for stderr and an exit code (CLI.md).
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        Failure {
            code: e.kind().exit_code(),
            message: e.to_string(),
        }
    }
}

impl Failure {
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

pub type Outcome = Result<(), Failure>;

/// Runs the program and returns its exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match dispatch(cli) {
        Ok(()) => 0,
        Err(f) => {
            // An empty message: the sentence was printed already.
            // The sentence may quote an outside value (a reference, a file name): neutralised.
            if !f.message.is_empty() {
                eprintln!("ercms: {}", crate::domain::untrusted::shown(&f.message));
            }
            f.code
        }
    }
}

fn dispatch(cli: Cli) -> Outcome {
    use args::Command;
    let c = &cli.common;
    match cli.command {
        None => station::open_tui(c),
        Some(Command::Demo { no_tui }) => station::demo(c, no_tui),
        Some(Command::Init {
            station,
            admin,
            work_factor,
            time_zone,
        }) => station::init(c, &station, &admin, work_factor, time_zone.as_deref()),
        Some(Command::User(u)) => user::run(c, u),
        Some(Command::Keys(k)) => keys::run(c, k),
        Some(Command::Proposal(p)) => proposal::run(c, p),
        Some(Command::Audit(a)) => audit::run(c, a),
        Some(Command::Case(k)) => case::run(c, k),
        Some(Command::Agreement(a)) => agreement::run(c, a),
        Some(Command::Returnee(r)) => nrm::returnee(c, r),
        Some(Command::Referral(r)) => nrm::referral(c, r),
        Some(Command::Provider(p)) => provider::run(c, p),
        Some(Command::Import { files, quarantine }) => {
            exchange::import(c, &files, quarantine.as_deref())
        }
        Some(Command::Export { to, out }) => exchange::export(c, &to, &out),
        Some(Command::Exchange(e)) => exchange::run(c, e),
        Some(Command::Restore {
            file,
            identity,
            checkpoint,
            key,
        }) => backup::restore(c, &file, &identity, checkpoint.as_deref(), key.as_deref()),
        Some(Command::Upgrade) => backup::upgrade(c),
        Some(Command::Backup {
            out,
            without_recovery_key,
        }) => backup::backup(c, &out, without_recovery_key),
        Some(Command::Report {
            from,
            to,
            csv,
            send_to,
        }) => report::run(c, from, to, csv, send_to),
        Some(Command::Retention(r)) => retention::run(c, r),
        Some(Command::Clock(k)) => clock::run(c, k),
        Some(Command::Station(k)) => station::run(c, k),
        Some(Command::Calendar(k)) => calendar::run(c, k),
    }
}

/// The data folder: `--data`, else `$ERCMS_DATA`, else the platform's data folder.
pub fn data_dir(c: &args::Common) -> Result<PathBuf, Failure> {
    if let Some(d) = &c.data {
        return Ok(d.clone());
    }
    if let Some(d) = std::env::var_os("ERCMS_DATA").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d).join("ercms"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".local/share/ercms"))
        .ok_or_else(|| Failure::usage("no data folder: use --data DIR or set ERCMS_DATA"))
}

/// Opens the station, warning when the disk was full or its files were made readable by others.
pub fn open_station(c: &args::Common) -> Result<Station, Failure> {
    let station = Station::open(&data_dir(c)?)?;
    for w in station.warnings(chrono::Utc::now()) {
        eprintln!("ercms: {w}");
    }
    Ok(station)
}

/// Opens the station, logs the acting user in and lets the station clock apply what is due (what it
/// changed is told on stderr, so that stdout stays the command's own answer).
pub fn login(c: &args::Common) -> Result<CommandSession, Failure> {
    let mut s = login_without_clock(c)?;
    let run = s.run_clock(chrono::Utc::now())?;
    clock::tell(&run);
    Ok(s)
}

/// Opens the station and logs the acting user in; `clock run` applies the clock itself.
pub fn login_without_clock(c: &args::Common) -> Result<CommandSession, Failure> {
    let station = open_station(c)?;
    let user = c
        .user
        .clone()
        .or_else(|| std::env::var("ERCMS_USER").ok())
        .filter(|u| !u.is_empty())
        .ok_or_else(|| Failure::usage("who is acting? use --user NAME or set ERCMS_USER"))?;
    let pass = passphrase::current(c.passphrase_file.as_deref()).map_err(Failure::usage)?;
    Ok(CommandSession::new(station.login(
        &user,
        &pass,
        chrono::Utc::now(),
    )?))
}
