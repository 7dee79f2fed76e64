use super::*;
use crate::domain::case::CaseStatus;
use crate::domain::nrm::Governorate;
use crate::domain::role::Role;
use crate::domain::statistics::Period;
use crate::exchange::Record;
use crate::service::exchange_log::Direction;
use crate::service::report::tests::{at, contact, fixture_station, marked_case};
use crate::service::{ErrorKind, Station};
use secrecy::SecretString;
use std::path::Path;

const MARK: &str = "QQPURGE";

fn login(station: &Station, name: &str) -> Session {
    station
        .login(
            name,
            &SecretString::from(format!("{name} passphrase 1")),
            at(2026, 4, 1),
        )
        .unwrap()
}

/// The fixture plus one case closed in 2020 whose person carries MARK everywhere: its returnee record,
/// an outbox item about it and an exchange-log line naming the person.
fn station_with_old_case(dir: &Path) -> (Station, Uuid) {
    let (station, mut admin) = fixture_station(dir);
    for (name, role) in [
        ("officer", Role::Officer),
        ("supervisor", Role::Supervisor),
        ("auditor", Role::Auditor),
    ] {
        admin
            .add_user(
                name,
                role,
                &SecretString::from(format!("{name} passphrase 1")),
                at(2026, 4, 1),
            )
            .unwrap();
    }
    // The fixture has a supervisor already, so the new supervisor account waits for a second person.
    let mut approver = station
        .login(
            "fsupervisor",
            &SecretString::from("fixture passphrase 1"),
            at(2026, 4, 1),
        )
        .unwrap();
    for p in approver.proposals(true).unwrap() {
        approver
            .decide_proposal(&p.id.to_string(), true, None, at(2026, 4, 1))
            .unwrap();
    }
    drop(approver);
    // The old case is stored ARRIVED (its 2019 timeline cannot be driven through today's clock), then
    // handed over and closed through the service.
    let mut case = marked_case("DE-OLD-1", "DE", at(2019, 3, 4), MARK);
    case.status = CaseStatus::Arrived;
    case.reply_sent_at = Some(at(2019, 3, 10));
    case.arrival = Some(crate::domain::case::Arrival {
        at: at(2019, 5, 1),
        border_point: "BGW".into(),
        recorded_by: UserName::parse("officer").unwrap(),
    });
    let mut txn = Txn::default();
    crate::service::case_index::put_case(&admin.vault, &mut txn, &case).unwrap();
    admin.vault.commit(txn).unwrap();
    drop(admin);
    let mut officer = login(&station, "officer");
    officer
        .open_returnee_for_case(
            "DE-OLD-1",
            Governorate::Najaf,
            contact(MARK),
            at(2019, 5, 1),
        )
        .unwrap();
    officer
        .act(
            "DE-OLD-1",
            crate::domain::lifecycle::CaseAction::ProposeClosure,
            at(2020, 1, 14),
        )
        .unwrap();
    drop(officer);
    let mut supervisor = login(&station, "supervisor");
    supervisor
        .act(
            "DE-OLD-1",
            crate::domain::lifecycle::CaseAction::Close,
            at(2020, 1, 15),
        )
        .unwrap();
    drop(supervisor);
    let admin = station
        .login(
            "admin",
            &SecretString::from("correct horse battery"),
            at(2026, 4, 1),
        )
        .unwrap();
    let mut txn = Txn::default();
    let record = Record::ReadmissionApplication(case.application.clone());
    crate::service::outbox::queue(
        &admin.vault,
        &mut txn,
        "DE-BAMF-DEMO",
        record,
        "DE-OLD-1",
        at(2020, 1, 1),
    )
    .unwrap();
    let log = LogEntry {
        id: Uuid::now_v7(),
        at: at(2019, 3, 4),
        direction: Direction::Received,
        by: "clerk".into(),
        file: "bundle.ercms".into(),
        bundle_id: None,
        partner: Some("DE-BAMF-DEMO".into()),
        content: None,
        sequence: None,
        records: 1,
        manifest_sha256: None,
        summary: format!("1 application: {MARK}surname"),
        acknowledged_at: None,
    };
    admin
        .vault
        .put(&mut txn, Tree::EXCHANGE_LOG, log.id.as_bytes(), &log)
        .unwrap();
    admin.vault.commit(txn).unwrap();
    (station, case.id)
}

fn all_years() -> Period {
    Period::months("2019-01", "2026-12").unwrap()
}

/// Every file under `dir`, recursively, as bytes.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Opens every sealed value of every tree with the data key; the texts that hold `needle`.
fn sealed_values_naming(s: &Session, needle: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for tree in Tree::ALL.into_iter().filter(|t| !t.is_plain()) {
        for item in s.vault.scan_raw(tree) {
            let (k, sealed) = item.unwrap();
            // The plaintext itself, whatever its encoding (JSON, or postcard for the case index).
            let plain = crate::vault::seal::open(s.vault.data_key(), tree, &k, &sealed).unwrap();
            if contains(&plain, needle.as_bytes()) {
                out.push(tree.name());
            }
        }
    }
    out
}

#[test]
fn an_officer_proposes_a_supervisor_approves_and_nothing_of_the_person_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let (station, case_id) = station_with_old_case(dir.path());
    let auditor = login(&station, "auditor");
    let before = (
        auditor.report(all_years(), at(2026, 4, 1)).unwrap(),
        auditor
            .report(crate::service::report::tests::quarter(), at(2026, 4, 1))
            .unwrap(),
    );
    assert_eq!(before.0.arrivals["Najaf"], 1);
    drop(auditor);
    let mut officer = login(&station, "officer");
    assert!(!sealed_values_naming(&officer, MARK).is_empty());
    let rows = officer.retention_list(at(2026, 4, 1)).unwrap();
    // Closed 15 Jan 2020 + 1825 days: five calendar years would be 1827 (29 Feb 2020 and 2024), so 13 Jan.
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].purge_from,
        NaiveDate::from_ymd_opt(2025, 1, 13).unwrap()
    );
    officer
        .propose_purge("DE-OLD-1", PurgeMode::Erase, at(2026, 4, 1))
        .unwrap();
    // Four eyes: the officer cannot carry it out.
    let err = officer
        .approve_purge("DE-OLD-1", at(2026, 4, 1))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAllowed);
    drop(officer);
    let mut supervisor = login(&station, "supervisor");
    assert!(supervisor.retention_list(at(2026, 4, 1)).unwrap()[0]
        .proposal
        .is_some());
    supervisor
        .approve_purge("DE-OLD-1", at(2026, 4, 2))
        .unwrap();
    assert_eq!(supervisor.index().unwrap().find("DE-OLD-1"), None);
    assert!(supervisor.load_case(&case_id).is_err());
    // (c) every sealed value, audit, exchange log and outbox included, opened with the data key.
    assert_eq!(sealed_values_naming(&supervisor, MARK), Vec::<&str>::new());
    // The audit entry names the case id and reference only.
    let entry: crate::audit::AuditEntry = supervisor
        .vault
        .scan::<crate::audit::AuditEntry>(Tree::AUDIT)
        .map(|i| i.unwrap().1)
        .find(|e| e.action == "retention.purge")
        .unwrap();
    assert_eq!(entry.target.as_deref(), Some(case_id.to_string().as_str()));
    assert!(entry.detail.unwrap().contains("DE-OLD-1"));
    // (b) a later backup, decrypted with its recovery key.
    let recovery = age::x25519::Identity::generate();
    drop(supervisor);
    let mut admin = station
        .login(
            "admin",
            &SecretString::from("correct horse battery"),
            at(2026, 4, 3),
        )
        .unwrap();
    let proposed = admin
        .add_recovery_recipient(&recovery.to_public().to_string(), at(2026, 4, 3))
        .unwrap();
    // The recovery key is registered by two: the supervisor approves the admin's proposal.
    // One session at a time, as on a station (each keeps the chain's head it signed in with).
    drop(admin);
    if let crate::service::Guarded::Proposed { id } = proposed {
        login(&station, "supervisor")
            .decide_proposal(&id.to_string(), true, None, at(2026, 4, 3))
            .unwrap();
    }
    let mut admin = station
        .login(
            "admin",
            &SecretString::from("correct horse battery"),
            at(2026, 4, 3),
        )
        .unwrap();
    let backup = dir.path().join("later.backup");
    admin
        .backup(&backup, at(2026, 4, 3), &mut |_, _| {})
        .unwrap();
    let file = std::fs::File::open(&backup).unwrap();
    let decryptor = age::Decryptor::new_buffered(std::io::BufReader::new(file)).unwrap();
    let mut reader = decryptor
        .decrypt(std::iter::once(&recovery as &dyn age::Identity))
        .unwrap();
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut plain).unwrap();
    assert!(!plain.is_empty() && !contains(&plain, MARK.as_bytes()));
    drop(admin);
    // (a) every file of the data folder.
    for (path, bytes) in files(dir.path()) {
        assert!(
            !contains(&bytes, MARK.as_bytes()),
            "{} names the person",
            path.display()
        );
    }
    // The statistics are the same.
    let auditor = login(&station, "auditor");
    let after = (
        auditor.report(all_years(), at(2026, 4, 1)).unwrap(),
        auditor
            .report(crate::service::report::tests::quarter(), at(2026, 4, 1))
            .unwrap(),
    );
    assert_eq!(before, after);
}

#[test]
fn a_case_inside_its_period_cannot_be_purged_and_settings_are_admin_only() {
    let dir = tempfile::tempdir().unwrap();
    let (station, _) = station_with_old_case(dir.path());
    let mut admin = station
        .login(
            "admin",
            &SecretString::from("correct horse battery"),
            at(2026, 4, 1),
        )
        .unwrap();
    admin
        .set_retention(Some("EU-IQ"), RecordKind::Cases, 20 * 365, at(2026, 4, 1))
        .unwrap();
    assert_eq!(
        admin
            .retention_settings()
            .unwrap()
            .periods("EU-IQ")
            .cases_days,
        7300
    );
    drop(admin);
    let mut officer = login(&station, "officer");
    assert!(officer.retention_list(at(2026, 4, 1)).unwrap().is_empty());
    let err = officer
        .propose_purge("DE-OLD-1", PurgeMode::Anonymise, at(2026, 4, 1))
        .unwrap_err();
    assert!(matches!(err, ServiceError::Rejected(_)));
    // An open case is never purgeable.
    let err = officer
        .propose_purge("DE-6", PurgeMode::Erase, at(2026, 4, 1))
        .unwrap_err();
    assert!(matches!(err, ServiceError::Rejected(_)));
    let err = officer
        .set_retention(None, RecordKind::Cases, 1, at(2026, 4, 1))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAllowed);
}
