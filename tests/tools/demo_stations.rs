//! The DEMO stations of `keys/`, shared by the fixture tools.
// Each tool uses part of this module.
#![allow(dead_code)]

use ercms::domain::ids::StationId;
use ercms::exchange::{Content, Keyring, Partner, StationKeys};
use std::path::{Path, PathBuf};

pub const MOMD: &str = "IQ-MOMD-DEMO";
pub const BAMF: &str = "DE-BAMF-DEMO";

fn key_file(station: &str, what: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("keys")
        .join(format!("DEMO-{station}.{what}"))
}

pub fn station(id: &str) -> StationId {
    StationId::parse(id).expect("demo station ids are valid")
}

pub fn keys(id: &str) -> StationKeys {
    StationKeys::from_files(
        station(id),
        &key_file(id, "age.key"),
        &key_file(id, "minisign.key"),
    )
    .expect("the DEMO keys in keys/ load")
}

/// The recipient line of `DEMO-<ID>.age.pub`.
pub fn age_recipient(id: &str) -> String {
    std::fs::read_to_string(key_file(id, "age.pub"))
        .expect("the DEMO public keys in keys/ exist")
        .trim()
        .to_string()
}

/// The ministry's keyring as a demo station would hold it, built from the public key files only.
pub fn ministry_keyring() -> Keyring {
    let sign = std::fs::read_to_string(key_file(BAMF, "minisign.pub"))
        .expect("the DEMO public keys in keys/ exist");
    let line = sign.lines().nth(1).unwrap_or_default().to_string();
    Keyring::new(vec![Partner {
        station: station(BAMF),
        name: "BAMF (DEMO)".into(),
        age_recipient: age_recipient(BAMF),
        minisign_key: line,
        may_send: vec![
            Content::ReadmissionApplications,
            Content::TransferNotifications,
            Content::Receipts,
        ],
    }])
    .expect("the DEMO keys are valid")
}
