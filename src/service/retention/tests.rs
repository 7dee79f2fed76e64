use super::*;
use crate::domain::lifecycle::CaseAction;
use crate::domain::nrm::{
    Governorate, NeedDomain, ReferralRequest, ReferralUrgency, ReturneeAction,
};
use crate::domain::role::Role;
use crate::domain::statistics::Period;
use crate::service::report::fixture::{
    at_time, consent_assessment_plan, Fixture, Step, OFFICER, STATION_PROVIDER_NAME, SUPERVISOR,
};
use crate::service::report::tests::{at, contact, fixture_steps, Timeline};
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

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The old case's steps, 2019-2020, on a station made on 2 Jan 2019. DE-OLD-1 arrives in a bundle the
/// sender named after the person (so the exchange log names them), is accepted and its reply exported,
/// gets a travel document and a transfer, arrives on 1 May 2019 and is handed over (Najaf); the
/// returnee's referral to the provider with a station waits in the outbox, naming the person; the
/// case closes on 15 Jan 2020.
fn old_case_steps() -> Vec<(DateTime<Utc>, Step)> {
    let old = Timeline {
        reference: "DE-OLD-1",
        name: "",
        agreement: "EU-IQ",
        received: day(2019, 3, 4),
        registered: true,
        reply: Some((day(2019, 3, 10), true)),
        travel_document: Some(day(2019, 3, 20)),
        transfer: Some(day(2019, 5, 1)),
    };
    let mut steps = old.steps(MARK, &format!("{MARK}surname.ercms"));
    let hand_over = |f: &mut Fixture, t: DateTime<Utc>| {
        let r = f
            .sign_in(OFFICER, t)
            .open_returnee_for_case("DE-OLD-1", Governorate::Najaf, contact(MARK), t)
            .unwrap();
        f.returnees.insert("DE-OLD-1", r.returnee.id.to_string());
    };
    let plan = |f: &mut Fixture, t: DateTime<Utc>| {
        let returnee = f.returnees["DE-OLD-1"].clone();
        consent_assessment_plan(f, &returnee, t);
    };
    let refer = |f: &mut Fixture, t: DateTime<Utc>| {
        let returnee = f.returnees["DE-OLD-1"].clone();
        let mut officer = f.sign_in(OFFICER, t);
        let provider = officer.provider(STATION_PROVIDER_NAME).unwrap();
        let id = Uuid::now_v7();
        let request = ReferralRequest {
            id,
            provider: provider.id,
            service: NeedDomain::Housing,
            urgency: ReferralUrgency::Routine,
            due_on: day(2019, 6, 1),
        };
        for action in [
            ReturneeAction::ProposeReferral(request),
            ReturneeAction::SendReferral {
                referral: id,
                provider: Box::new(provider.clone()),
            },
        ] {
            officer.act_returnee(&returnee, action, t).unwrap();
        }
    };
    let propose_closure = |f: &mut Fixture, t: DateTime<Utc>| {
        f.sign_in(OFFICER, t)
            .act("DE-OLD-1", CaseAction::ProposeClosure, t)
            .unwrap();
    };
    let close = |f: &mut Fixture, t: DateTime<Utc>| {
        f.sign_in(SUPERVISOR, t)
            .act("DE-OLD-1", CaseAction::Close, t)
            .unwrap();
    };
    steps.extend([
        (at_time(2019, 5, 1, 15, 0), Step::Arrive("DE-OLD-1".into())),
        (at_time(2019, 5, 2, 10, 0), Step::Then(Box::new(hand_over))),
        (at_time(2019, 5, 3, 10, 0), Step::Then(Box::new(plan))),
        (at_time(2019, 5, 4, 10, 0), Step::Then(Box::new(refer))),
        (
            at_time(2020, 1, 14, 10, 0),
            Step::Then(Box::new(propose_closure)),
        ),
        (at_time(2020, 1, 15, 10, 0), Step::Then(Box::new(close))),
    ]);
    steps
}

/// The old case, then the report's fixture (2025-2026), then the accounts of the tests (1 Apr 2026).
fn station_with_old_case(dir: &Path) -> (Station, Uuid) {
    let mut f = Fixture::new(dir, at(2019, 1, 2));
    f.run(old_case_steps());
    f.run(fixture_steps());
    let mut admin = f.sign_in("admin", at(2026, 4, 1));
    assert!(admin.audit_verify().unwrap().is_ok());
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
    drop(admin);
    // The fixture has a supervisor already, so the new supervisor account waits for a second person.
    let mut approver = f.sign_in(SUPERVISOR, at(2026, 4, 1));
    for p in approver.proposals(true).unwrap() {
        approver
            .decide_proposal(&p.id.to_string(), true, None, at(2026, 4, 1))
            .unwrap();
    }
    let case_id = approver.resolve_case("DE-OLD-1").unwrap();
    drop(approver);
    (f.station, case_id)
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
    // Before: the case, its index entry, its returnee record, the referral waiting in the outbox (it
    // carries the person) and the exchange log's line of the bundle named after them.
    let mut naming = sealed_values_naming(&officer, MARK);
    naming.dedup();
    assert_eq!(
        naming,
        ["cases", "case_index", "exchange_log", "outbox", "returnees"]
    );
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
