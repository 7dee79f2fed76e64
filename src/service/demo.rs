//! The demo station: synthetic data only, with the demo keys from keys/ and bundles from fixtures/
//! (embedded in the binary). Every role finds work waiting: cases at many stages, a proposal for the
//! supervisor, a bundle on the media folder for the clerk.

use super::station::{InitOptions, Station};
use super::{ServiceError, Session};
use crate::domain::check::{CheckKind, CheckResult};
use crate::domain::ids::{StationId, UserName};
use crate::domain::lifecycle::CaseAction;
use crate::domain::role::Role;
use crate::exchange::{Content, Partner, StationKeys};
use age::secrecy::SecretString;
use chrono::{DateTime, Duration, NaiveDate, Utc};
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

const APPLICATIONS: &[u8] = include_bytes!("../../fixtures/demo/01-applications.ercms");
const TRANSFERS: &[u8] = include_bytes!("../../fixtures/demo/02-transfer-notifications.ercms");
/// The media folder inside a demo station, where the clerk finds bundles to import.
pub const DEMO_MEDIA: &str = "media";

fn demo_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(format!("the embedded demo data did not load: {e}"))
}

fn partner(
    station: &str,
    name: &str,
    age: &str,
    minisign: &str,
    may_send: Vec<Content>,
) -> Result<Partner, ServiceError> {
    Ok(Partner {
        station: StationId::parse(station).map_err(demo_err)?,
        name: name.into(),
        age_recipient: age.trim().into(),
        minisign_key: crate::exchange::keyring::minisign_key_line(minisign)
            .ok_or_else(|| demo_err("a demo key"))?
            .into(),
        may_send,
    })
}

fn login(station: &Station, user: usize, now: DateTime<Utc>) -> Result<Session, ServiceError> {
    let (name, _, pass) = DEMO_USERS[user];
    station.login(name, &SecretString::from(pass), now)
}

impl Station {
    /// Makes the demo station in `dir`, or opens it when it is there already.
    pub fn demo(dir: &Path, now: DateTime<Utc>) -> Result<Station, ServiceError> {
        if dir.join("vault").exists() {
            return Station::open(dir);
        }
        let result = Self::make_demo(dir, now);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(dir.join("vault"));
        }
        result
    }

    fn make_demo(dir: &Path, now: DateTime<Utc>) -> Result<Station, ServiceError> {
        let (admin, _, pass) = DEMO_USERS[0];
        let station = StationId::parse(DEMO_STATION).map_err(ServiceError::invalid)?;
        // The demo keys are public on purpose (keys/README.md): bundles in fixtures/ are made for them.
        let keys = StationKeys::from_text(
            station.clone(),
            include_str!("../../keys/DEMO-IQ-MOMD-DEMO.age.key"),
            include_str!("../../keys/DEMO-IQ-MOMD-DEMO.minisign.key"),
        )
        .map_err(demo_err)?;
        let opts = InitOptions {
            station,
            admin: UserName::parse(admin).map_err(ServiceError::invalid)?,
            passphrase: SecretString::from(pass),
            work_factor: Some(DEMO_WORK_FACTOR),
            keys: Some(keys),
        };
        // Time moves on a little between steps, so the history reads in order. The steps start at
        // 06:00 in the station's zone six days before its today and take about nine hours, so they
        // fall on one day whatever the hour the demo is made: the days to a reply or a travel
        // document, and the days left to each deadline, are then the same at any hour.
        let zone = crate::domain::deadline::DEFAULT_ZONE;
        let day = now.with_timezone(&zone).date_naive() - Duration::days(6);
        let start = day
            .and_hms_opt(6, 0, 0)
            .and_then(|s| s.and_local_timezone(zone).earliest());
        let mut t = start.map_or(now - Duration::days(6), |s| s.with_timezone(&Utc));
        let mut step = || {
            t += Duration::minutes(7);
            t
        };
        let mut admin = Station::init(dir, opts, step())?;
        for (name, role, pass) in DEMO_USERS.iter().skip(1) {
            admin.add_user(name, *role, &SecretString::from(*pass), step())?;
        }
        admin.add_partner(
            partner(
                "DE-BAMF-DEMO",
                "BAMF Referat 41 (demo requesting state)",
                include_str!("../../keys/DEMO-DE-BAMF-DEMO.age.pub"),
                include_str!("../../keys/DEMO-DE-BAMF-DEMO.minisign.pub"),
                vec![
                    Content::ReadmissionApplications,
                    Content::TransferNotifications,
                    Content::Receipts,
                ],
            )?,
            step(),
        )?;
        admin.add_partner(
            partner(
                "IQ-PROVIDER-DEMO",
                "Reintegration provider (demo)",
                include_str!("../../keys/DEMO-IQ-PROVIDER-DEMO.age.pub"),
                include_str!("../../keys/DEMO-IQ-PROVIDER-DEMO.minisign.pub"),
                vec![Content::ReferralUpdates, Content::Receipts],
            )?,
            step(),
        )?;
        let station = Station::from_vault(admin.lock())?;

        // The supervisor approves the partners the admin proposed: four eyes from the first day.
        let mut supervisor = login(&station, 4, step())?;
        for p in supervisor.proposals(true)? {
            supervisor.decide_proposal(&p.id.to_string(), true, None, step())?;
        }
        drop(supervisor);

        // The clerk imports the applications and registers the first twenty.
        let media = dir.join(DEMO_MEDIA);
        std::fs::create_dir_all(media.join("sent")).map_err(demo_err)?;
        let incoming = media.join("01-applications.ercms");
        std::fs::write(&incoming, APPLICATIONS).map_err(demo_err)?;
        let mut clerk = login(&station, 1, step())?;
        clerk.import_bundle(&incoming, step(), None)?;
        std::fs::remove_file(&incoming).map_err(demo_err)?;
        let refs: Vec<String> = clerk
            .cases(&Default::default(), step())?
            .into_iter()
            .map(|r| r.reference)
            .collect();
        let mut refs_sorted = refs.clone();
        refs_sorted.sort();
        for r in refs_sorted.iter().take(20) {
            clerk.act(r, CaseAction::Register, step())?;
        }
        drop(clerk);

        // Officers verify; two cases are accepted and approved, one refusal waits for the supervisor.
        let mut officer = login(&station, 2, step())?;
        let check = |kind, result| CaseAction::RecordCheck {
            id: uuid::Uuid::now_v7(),
            kind,
            result,
            reference: Some("DEMO-REF".into()),
            note: None,
            performed_by: None,
        };
        for r in refs_sorted.iter().take(8) {
            officer.act(
                r,
                CaseAction::Assign {
                    user: Some(UserName::parse("officer").map_err(ServiceError::invalid)?),
                },
                step(),
            )?;
            officer.act(r, CaseAction::StartVerification, step())?;
            officer.act(
                r,
                check(CheckKind::CivilRegistry, CheckResult::Confirmed),
                step(),
            )?;
        }
        for r in refs_sorted.iter().take(2) {
            officer.act(
                r,
                check(CheckKind::ConsularInterview, CheckResult::Confirmed),
                step(),
            )?;
            officer.act(r, CaseAction::ProposeAccept, step())?;
        }
        officer.act(
            &refs_sorted[2],
            check(CheckKind::Biometric, CheckResult::Confirmed),
            step(),
        )?;
        officer.act(&refs_sorted[2], CaseAction::ProposeAccept, step())?;
        officer.act(
            &refs_sorted[3],
            check(CheckKind::DocumentExamination, CheckResult::NotConfirmed),
            step(),
        )?;
        officer.act(
            &refs_sorted[3],
            CaseAction::ProposeRefuse {
                grounds: "The passport presented was found to be forged (document examination)."
                    .into(),
            },
            step(),
        )?;
        drop(officer);
        let mut supervisor = login(&station, 4, step())?;
        for r in refs_sorted.iter().take(2) {
            supervisor.act(r, CaseAction::Approve, step())?;
        }
        drop(supervisor);
        // The clerk sends the two replies; the officer issues their travel documents.
        let mut clerk = login(&station, 1, step())?;
        clerk.export_to("DE-BAMF-DEMO", &media.join("sent"), step())?;
        drop(clerk);
        let mut officer = login(&station, 2, step())?;
        for (n, r) in refs_sorted.iter().take(2).enumerate() {
            let today = step().date_naive();
            officer.act(
                r,
                CaseAction::IssueTravelDocument {
                    number: format!("LP-DEMO-{:06}", n + 1),
                    issued_on: today,
                    // Six months: the longest minimum validity among the shipped agreements.
                    valid_until: today
                        .checked_add_months(chrono::Months::new(6))
                        .unwrap_or(NaiveDate::MAX),
                },
                step(),
            )?;
        }
        drop(officer);
        // The transfer notifications wait on the media folder for the clerk to import in the TUI.
        std::fs::write(media.join("02-transfer-notifications.ercms"), TRANSFERS)
            .map_err(demo_err)?;
        Ok(station)
    }
}
