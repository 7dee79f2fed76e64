//! The case use-cases on a real vault (the demo station): the whole path from registered to closed, each
//! refusal changing nothing, the duplicate check at import, and a deadline worked by hand.

mod common;

use age::secrecy::SecretString;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::bundles::{from_bamf, BAMF};
use ercms::domain::application::{Application, NativeScript, Person};
use ercms::domain::case::{CaseStatus, TransferMode};
use ercms::domain::check::{CheckKind, CheckResult};
use ercms::domain::lifecycle::CaseAction;
use ercms::exchange::{Content, Record};
use ercms::service::{CaseFilter, DuplicateVerdict, ErrorKind, Session, Station};

fn at(d: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(
        &NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
    )
}

struct Demo {
    dir: tempfile::TempDir,
    /// `None` only while `entries` reopens the vault.
    station: Option<Station>,
}

impl Demo {
    fn new(now: DateTime<Utc>) -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let station = Station::demo(dir.path(), now).unwrap();
        Demo {
            dir,
            station: Some(station),
        }
    }

    /// A demo station made the day before `now`, and these applications imported at `now`.
    fn with_applications(records: &[Record], now: DateTime<Utc>) -> Demo {
        let d = Demo::new(now - Duration::days(1));
        d.import("a.ercms", Content::ReadmissionApplications, 3, records, now);
        d
    }

    fn login(&self, user: &str, now: DateTime<Utc>) -> Session {
        let pass = ercms::service::DEMO_USERS
            .iter()
            .find(|(n, _, _)| *n == user)
            .unwrap()
            .2;
        self.station
            .as_ref()
            .unwrap()
            .login(user, &SecretString::from(pass), now)
            .unwrap()
    }

    /// Imports `records` (applications or notifications) from the requesting state, as the clerk.
    fn import(
        &self,
        name: &str,
        content: Content,
        seq: u64,
        records: &[Record],
        now: DateTime<Utc>,
    ) {
        let path = self.dir.path().join(name);
        std::fs::write(&path, from_bamf(content, seq, records)).unwrap();
        self.login("clerk", now)
            .import_bundle(&path, now, None)
            .unwrap();
    }

    /// The sealed entries outside the audit trail (an audit entry per login is expected).
    fn entries(&mut self) -> Vec<common::Entry> {
        // The store allows one opener: close the station, read the store, open it again.
        drop(self.station.take());
        let vault = ercms::vault::LockedVault::open(self.dir.path()).unwrap();
        let entries = common::sealed_entries(&vault, &["audit", "state_log", "station"]);
        self.station = Some(Station::from_vault(vault).unwrap());
        entries
    }
}

fn person(given: &str, surname: &str, born: &str) -> Person {
    let json = format!(
        r#"{{"surname":"{surname}","given_names":"{given}","sex":"M","date_of_birth":"{born}"}}"#
    );
    serde_json::from_str(&json).unwrap()
}

fn application(reference: &str, p: Person) -> Record {
    let json = serde_json::json!({
        "type": "readmission_application", "id": reference, "agreement": "EU-IQ",
        "requesting_state": "DE", "submitted_on": "2026-07-08", "procedure": "normal",
        "person": p, "evidence": []
    });
    let app: Application = serde_json::from_value(
        json.as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != "type")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
    .unwrap();
    Record::ReadmissionApplication(app)
}

fn check(kind: CheckKind) -> CaseAction {
    CaseAction::RecordCheck {
        id: uuid::Uuid::now_v7(),
        kind,
        result: CheckResult::Confirmed,
        reference: Some("REF-1".into()),
        note: None,
        performed_by: None,
    }
}

/// Asserts that `user` is refused `act` with `kind`, in one sentence, and that the vault is as it was
/// (but for the audit entry of the login).
fn refused<T: std::fmt::Debug>(
    d: &mut Demo,
    user: &str,
    act: impl FnOnce(&mut Session) -> Result<T, ercms::service::ServiceError>,
    kind: ErrorKind,
) {
    let before = d.entries();
    let mut s = d.login(user, at("2026-07-10"));
    let err = act(&mut s).unwrap_err();
    assert_eq!(err.kind(), kind, "{err}");
    assert!(!err.to_string().contains('\n'), "{err}");
    drop(s);
    assert_eq!(
        d.entries(),
        before,
        "a refused action changed the vault ({err})"
    );
}

#[test]
fn a_case_goes_from_registered_to_closed() {
    let now = at("2026-07-09");
    let d = Demo::with_applications(
        &[application(
            "DE-2026-900001",
            person("Karim", "Haddad", "1988-02-03"),
        )],
        now,
    );
    let r = "DE-2026-900001";
    let t = |h: i64| now + Duration::hours(h);
    let mut clerk = d.login("clerk", t(1));
    assert_eq!(
        clerk.act(r, CaseAction::Register, t(1)).unwrap().status,
        CaseStatus::Registered
    );
    drop(clerk);
    let mut officer = d.login("officer", t(2));
    officer.act(r, CaseAction::StartVerification, t(2)).unwrap();
    officer
        .act(r, check(CheckKind::CivilRegistry), t(2))
        .unwrap();
    officer
        .act(r, check(CheckKind::PassportRegistry), t(2))
        .unwrap();
    let c = officer.act(r, CaseAction::ProposeAccept, t(3)).unwrap();
    assert_eq!(c.status, CaseStatus::DecisionProposed);
    drop(officer);
    let mut sup = d.login("supervisor", t(4));
    assert_eq!(
        sup.act(r, CaseAction::Approve, t(4)).unwrap().status,
        CaseStatus::DecisionApproved
    );
    drop(sup);
    // The export of the reply marks it sent.
    let out = d.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut clerk = d.login("clerk", t(5));
    let written = clerk.export_to(BAMF, &out, t(5)).unwrap();
    assert!(written.iter().any(|b| b.content == "readmission-replies"));
    assert_eq!(clerk.case(r).unwrap().status, CaseStatus::ReplySent);
    drop(clerk);
    let mut officer = d.login("officer", t(6));
    officer
        .act(
            r,
            CaseAction::IssueTravelDocument {
                number: "TD-1".into(),
                issued_on: NaiveDate::from_ymd_opt(2026, 7, 10).unwrap(),
                valid_until: NaiveDate::from_ymd_opt(2026, 10, 10).unwrap(),
            },
            t(6),
        )
        .unwrap();
    let steps = [
        CaseAction::RecordTransfer {
            at: t(48),
            border_point: "Baghdad International Airport".into(),
            mode: TransferMode::Air,
            flight_or_vehicle: None,
            escort: None,
            medical_needs: None,
        },
        CaseAction::RecordArrival {
            at: t(50),
            border_point: "Baghdad International Airport".into(),
        },
    ];
    for step in steps {
        officer.act(r, step, t(51)).unwrap();
    }
    // The hand-over refers the case and opens its returnee record at once; a bare Refer is refused.
    assert!(officer.act(r, CaseAction::Refer, t(51)).is_err());
    officer
        .open_returnee_for_case(
            r,
            ercms::domain::nrm::Governorate::Baghdad,
            Default::default(),
            t(51),
        )
        .unwrap();
    assert_eq!(officer.case(r).unwrap().status, CaseStatus::Referred);
    drop(officer);
    // No supervisor closes a readmission case alone: an officer proposes the closure first.
    let mut sup = d.login("supervisor", t(51));
    assert!(sup.act(r, CaseAction::Close, t(51)).is_err());
    drop(sup);
    let mut officer = d.login("officer", t(51));
    officer.act(r, CaseAction::ProposeClosure, t(51)).unwrap();
    // The officer who proposed it does not close it.
    assert!(officer.act(r, CaseAction::Close, t(51)).is_err());
    drop(officer);
    let mut sup = d.login("supervisor", t(52));
    assert_eq!(
        sup.act(r, CaseAction::Close, t(52)).unwrap().status,
        CaseStatus::Closed
    );
}

#[test]
fn refusals_change_nothing() {
    let now = at("2026-07-09");
    let mut d = Demo::with_applications(
        &[
            application("DE-2026-900001", person("Karim", "Haddad", "1988-02-03")),
            application("DE-2026-900002", person("Omar", "Saleh", "1979")),
        ],
        now,
    );
    let (a, b) = ("DE-2026-900001", "DE-2026-900002");
    let mut officer = d.login("officer", now);
    for r in [a, b] {
        officer.act(r, CaseAction::Register, now).unwrap();
        officer.act(r, CaseAction::StartVerification, now).unwrap();
    }
    officer.act(a, CaseAction::ProposeAccept, now).unwrap();
    drop(officer);
    // Wrong role: a clerk approves; an auditor proposes.
    refused(
        &mut d,
        "clerk",
        |s| s.act(a, CaseAction::Approve, now),
        ErrorKind::NotAllowed,
    );
    refused(
        &mut d,
        "auditor",
        |s| s.act(b, CaseAction::ProposeAccept, now),
        ErrorKind::NotAllowed,
    );
    // Missing grounds for a refusal.
    refused(
        &mut d,
        "officer",
        |s| {
            s.act(
                b,
                CaseAction::ProposeRefuse {
                    grounds: "  ".into(),
                },
                now,
            )
        },
        ErrorKind::Failed,
    );
    // An illegal transition: a supervisor closing a case still in verification.
    refused(
        &mut d,
        "supervisor",
        |s| s.act(b, CaseAction::Close, now),
        ErrorKind::Failed,
    );
    // An extension beyond the agreement's cap (EU-IQ: 15 days).
    refused(
        &mut d,
        "officer",
        |s| s.act(b, CaseAction::ProposeExtension { days: 16 }, now),
        ErrorKind::Failed,
    );
}

#[test]
fn duplicates_are_found_across_spellings_and_scripts_but_not_across_birth_dates() {
    let now = at("2026-07-09");
    let d = Demo::new(now - Duration::days(1));
    let mut arabic = person("Mohammed", "Al-Jubouri", "1990-04-02");
    arabic.native_script = Some(NativeScript {
        surname: Some("الجبوري".into()),
        given_names: Some("محمد".into()),
        ..Default::default()
    });
    d.import(
        "first.ercms",
        Content::ReadmissionApplications,
        3,
        &[application("DE-2026-910001", arabic)],
        now,
    );
    let table = [
        (
            "DE-2026-910002",
            person("Muhammad", "Al-Jubouri", "1990-04-02"),
            true,
        ),
        (
            "DE-2026-910003",
            person("Mohamad", "Al Jubouri", "1990"),
            true,
        ),
        ("DE-2026-910004", person("محمد", "الجبوري", "1990-04"), true),
        // A common name, another person: a different date of birth.
        (
            "DE-2026-910005",
            person("Mohammed", "Al-Jubouri", "1972-11-30"),
            false,
        ),
    ];
    let records: Vec<Record> = table
        .iter()
        .map(|(r, p, _)| application(r, p.clone()))
        .collect();
    d.import(
        "second.ercms",
        Content::ReadmissionApplications,
        4,
        &records,
        now,
    );
    let mut s = d.login("officer", now);
    let first = s.case("DE-2026-910001").unwrap().id;
    for (r, _, flagged) in table {
        let c = s.case(r).unwrap();
        assert_eq!(c.possible_duplicates.contains(&first), flagged, "{r}");
    }
}

#[test]
fn names_of_one_skeleton_are_told_apart_and_scripts_are_matched() {
    let now = at("2026-07-09");
    let d = Demo::with_applications(
        &[
            application("DE-2026-920001", person("Ahmed", "Hassan", "1988-05-01")),
            application("DE-2026-920002", person("Əli", "Məmmədov", "1979-02-03")),
        ],
        now,
    );
    let table = [
        // Hussein is another name than Hassan, though both are "hsn" without vowels.
        (
            "DE-2026-920003",
            person("Ahmed", "Hussein", "1988-05-01"),
            None,
        ),
        (
            "DE-2026-920004",
            person("Ahmad", "حسن", "1988"),
            Some("DE-2026-920001"),
        ),
        (
            "DE-2026-920005",
            person("Али", "Мамедов", "1979"),
            Some("DE-2026-920002"),
        ),
        (
            "DE-2026-920006",
            person("Ali", "Mammadov", "1979-02-03"),
            Some("DE-2026-920002"),
        ),
    ];
    let records: Vec<Record> = table
        .iter()
        .map(|(r, p, _)| application(r, p.clone()))
        .collect();
    d.import(
        "b.ercms",
        Content::ReadmissionApplications,
        4,
        &records,
        now,
    );
    let mut s = d.login("officer", now);
    for (r, _, earlier) in table {
        let rows = s.duplicates(r).unwrap();
        let earlier_row = rows
            .iter()
            .find(|row| ["DE-2026-920001", "DE-2026-920002"].contains(&row.reference.as_str()));
        assert_eq!(
            earlier_row.map(|row| row.reference.as_str()),
            earlier,
            "{r}"
        );
        for row in &rows {
            assert!(!row.reasons.is_empty(), "{r}: each candidate says why");
        }
        let scores: Vec<u32> = rows.iter().map(|row| row.score).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{r}: best first");
    }
}

#[test]
fn an_officer_resolves_a_flag_both_ways_and_it_is_audited() {
    let now = at("2026-07-09");
    let d = Demo::with_applications(
        &[
            application(
                "DE-2026-930001",
                person("Khalid", "Al-Obaidi", "1985-01-01"),
            ),
            application("DE-2026-930002", person("Khaled", "Al-Ubaidi", "1985")),
            application("DE-2026-930003", person("خالد", "العبيدي", "1985-01")),
        ],
        now,
    );
    let mut s = d.login("officer", now);
    let ids: Vec<_> = ["DE-2026-930001", "DE-2026-930002", "DE-2026-930003"]
        .iter()
        .map(|r| s.case(r).unwrap().id)
        .collect();
    let first = s.case("DE-2026-930001").unwrap();
    assert!(first.possible_duplicates.contains(&ids[1]));
    assert!(first.possible_duplicates.contains(&ids[2]));

    // A clerk may not decide; a pair that is not flagged is refused; neither changes anything.
    let mut clerk = d.login("clerk", now);
    let refused_clerk = clerk.resolve_duplicate(
        "DE-2026-930001",
        "DE-2026-930002",
        DuplicateVerdict::NotSamePerson,
        now,
    );
    assert_eq!(refused_clerk.unwrap_err().kind(), ErrorKind::NotAllowed);
    drop(clerk);
    let unflagged = s.resolve_duplicate(
        "DE-2026-930001",
        "DE-2026-930001",
        DuplicateVerdict::SamePerson,
        now,
    );
    assert_eq!(unflagged.unwrap_err().kind(), ErrorKind::Rejected);
    assert_eq!(s.case("DE-2026-930001").unwrap(), first);

    s.resolve_duplicate(
        "DE-2026-930001",
        "DE-2026-930002",
        DuplicateVerdict::NotSamePerson,
        now,
    )
    .unwrap();
    s.resolve_duplicate(
        "DE-2026-930003",
        "DE-2026-930001",
        DuplicateVerdict::SamePerson,
        now,
    )
    .unwrap();
    let (a, b, c) = (
        s.case("DE-2026-930001").unwrap(),
        s.case("DE-2026-930002").unwrap(),
        s.case("DE-2026-930003").unwrap(),
    );
    // The flag is gone from both cases; the other verdict links both.
    assert!(!a.possible_duplicates.contains(&ids[1]) && !b.possible_duplicates.contains(&ids[0]));
    assert_eq!(a.not_same_person, vec![ids[1]]);
    assert_eq!(b.not_same_person, vec![ids[0]]);
    assert!(!a.possible_duplicates.contains(&ids[2]) && !c.possible_duplicates.contains(&ids[0]));
    assert_eq!(a.same_person, vec![ids[2]]);
    assert_eq!(c.same_person, vec![ids[0]]);
    // The linked case is listed with its verdict; the dismissed one is not listed at all.
    let rows = s.duplicates("DE-2026-930001").unwrap();
    let linked: Vec<_> = rows
        .iter()
        .filter(|r| r.verdict == Some(DuplicateVerdict::SamePerson))
        .map(|r| r.reference.as_str())
        .collect();
    assert_eq!(linked, ["DE-2026-930003"]);
    assert!(rows.iter().all(|r| r.reference != "DE-2026-930002"));
    // Resolved twice is refused: there is no flag left.
    let again = s.resolve_duplicate(
        "DE-2026-930001",
        "DE-2026-930002",
        DuplicateVerdict::SamePerson,
        now,
    );
    assert_eq!(again.unwrap_err().kind(), ErrorKind::Rejected);
    drop(s);

    let auditor = d.login("auditor", now);
    let actions: Vec<String> = auditor
        .audit_list(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("case.") && e.action.contains("same_person"))
        .map(|e| format!("{} {}", e.action, e.detail.unwrap_or_default()))
        .collect();
    assert_eq!(
        actions,
        [
            "case.not_same_person DE-2026-930001 / DE-2026-930002",
            "case.same_person DE-2026-930003 / DE-2026-930001",
        ]
    );
}

#[test]
fn the_deadline_in_the_case_list_matches_a_hand_worked_case() {
    // EU-IQ: 15 working days from receipt on the Iraqi calendar (Friday–Saturday weekend, 14 July a
    // holiday). Received Thursday 9 July 2026: 12, 13, 15, 16, 19–23, 26–30 July and Sunday 2 August.
    let now = at("2026-07-09");
    let d = Demo::with_applications(
        &[application(
            "DE-2026-920001",
            person("Ali", "Hassan", "1985"),
        )],
        now,
    );
    let mut s = d.login("officer", now);
    let rows = s.cases(&CaseFilter::default(), at("2026-07-20")).unwrap();
    let row = rows
        .iter()
        .find(|r| r.reference == "DE-2026-920001")
        .unwrap();
    assert_eq!(row.reply_due.as_deref(), Some("2026-08-02"));
    // 20 July to 2 August.
    assert_eq!(row.days_left, Some(13));
}
