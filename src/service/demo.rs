//! The demo station: synthetic data only, with the demo keys from keys/ and bundles from fixtures/.

use super::station::{InitOptions, Station};
use super::ServiceError;
use crate::domain::ids::{StationId, UserName};
use crate::domain::role::Role;
use crate::exchange::StationKeys;
use age::secrecy::SecretString;
use chrono::{DateTime, Utc};
use std::path::Path;

pub const DEMO_STATION: &str = "IQ-MOMD-DEMO";
/// Demo slots use a low scrypt factor so the demo starts in seconds; real stations use the default.
const DEMO_WORK_FACTOR: u8 = 14;

/// The demo's users and their passphrases (printed by `ercms demo`; demo only).
pub const DEMO_USERS: [(&str, Role, &str); 6] = [
    ("admin", Role::Admin, "demo-admin-pass"),
    ("clerk", Role::Clerk, "demo-clerk-pass"),
    ("officer", Role::Officer, "demo-officer-pass"),
    ("officer2", Role::Officer, "demo-officer2-pass"),
    ("supervisor", Role::Supervisor, "demo-supervisor-pass"),
    ("auditor", Role::Auditor, "demo-auditor-pass"),
];

impl Station {
    /// Makes the demo station in `dir`, or opens it when it is there already.
    pub fn demo(dir: &Path, now: DateTime<Utc>) -> Result<Station, ServiceError> {
        if dir.join("vault").exists() {
            return Station::open(dir);
        }
        let (admin, _, pass) = DEMO_USERS[0];
        let station = StationId::parse(DEMO_STATION).map_err(ServiceError::invalid)?;
        // The demo keys are public on purpose (keys/README.md): bundles in fixtures/ are made for them.
        let keys = StationKeys::from_text(
            station.clone(),
            include_str!("../../keys/DEMO-IQ-MOMD-DEMO.age.key"),
            include_str!("../../keys/DEMO-IQ-MOMD-DEMO.minisign.key"),
        )
        .map_err(|e| ServiceError::Invalid(format!("the embedded demo keys do not load: {e}")))?;
        let opts = InitOptions {
            station,
            admin: UserName::parse(admin).map_err(ServiceError::invalid)?,
            passphrase: SecretString::from(pass),
            work_factor: Some(DEMO_WORK_FACTOR),
            keys: Some(keys),
        };
        let mut session = Station::init(dir, opts, now)?;
        for (name, role, pass) in DEMO_USERS.iter().skip(1) {
            session.add_user(name, *role, &SecretString::from(*pass), now)?;
        }
        drop(session);
        Station::open(dir)
    }
}
