//! The DEMO ministry station and its keyring, built once per fuzzing process.

use ercms::domain::ids::StationId;
use ercms::exchange::{Content, Keyring, Partner, StationKeys};
use std::sync::OnceLock;

pub fn ministry() -> &'static (StationKeys, Keyring) {
    static STATION: OnceLock<(StationKeys, Keyring)> = OnceLock::new();
    STATION.get_or_init(|| {
        let me = StationKeys::from_text(
            StationId::parse("IQ-MOMD-DEMO").unwrap(),
            include_str!("../../../keys/DEMO-IQ-MOMD-DEMO.age.key"),
            include_str!("../../../keys/DEMO-IQ-MOMD-DEMO.minisign.key"),
        )
        .unwrap();
        let sign = include_str!("../../../keys/DEMO-DE-BAMF-DEMO.minisign.pub");
        let partner = Partner {
            station: StationId::parse("DE-BAMF-DEMO").unwrap(),
            name: "BAMF (DEMO)".into(),
            age_recipient: include_str!("../../../keys/DEMO-DE-BAMF-DEMO.age.pub").trim().into(),
            minisign_key: sign.lines().nth(1).unwrap().into(),
            may_send: Content::ALL.to_vec(),
        };
        (me, Keyring::new(vec![partner]).unwrap())
    })
}
