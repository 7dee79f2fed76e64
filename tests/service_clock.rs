//! The station clock on a real vault, with the time injected (no sleeping): deemed acceptance only
//! where silence means consent, travel-document and transfer-window expiry, each audited by the
//! station clock; a second run changes nothing; a clock set back applies nothing until an admin
//! confirms the time; the station's zone decides the dates.

mod common;

use age::secrecy::SecretString;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::bundles::from_bamf;
use ercms::domain::application::Application;
use ercms::domain::case::CaseStatus;
use ercms::domain::lifecycle::{CaseAction, CaseActionKind};
use ercms::exchange::{Content, Record};
use ercms::service::{Session, Station};

fn at(d: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(
        &NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
    )
}

fn date(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
}

struct Demo {
    dir: tempfile::TempDir,
    station: Station,
}

impl Demo {
    /// A demo station with these EU-IQ applications imported at `now`.
    fn new(references: &[&str], now: DateTime<Utc>) -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let station = Station::demo(dir.path(), now - Duration::days(1)).unwrap();
        let d = Demo { dir, station };
        let records: Vec<Record> = references.iter().map(|r| application(r)).collect();
        let path = d.dir.path().join("a.ercms");
        std::fs::write(
            &path,
            from_bamf(Content::ReadmissionApplications, 3, &records),
        )
        .unwrap();
        let mut clerk = d.login("clerk", now);
        clerk.import_bundle(&path, now, None).unwrap();
        for r in references {
            clerk.act(r, CaseAction::Register, now).unwrap();
        }
        d
    }

    fn login(&self, user: &str, now: DateTime<Utc>) -> Session {
        let pass = ercms::service::DEMO_USERS
            .iter()
            .find(|(n, _, _)| *n == user)
            .unwrap()
            .2;
        self.station
            .login(user, &SecretString::from(pass), now)
            .unwrap()
    }
}

fn application(reference: &str) -> Record {
    let app: Application = serde_json::from_value(serde_json::json!({
        "id": reference, "agreement": "EU-IQ", "requesting_state": "DE",
        "submitted_on": "2026-07-08", "procedure": "normal",
        "person": {"surname": "Haddad", "given_names": "Karim", "sex": "M",
                   "date_of_birth": "1988-02-03"},
        "evidence": []
    }))
    .unwrap();
    Record::ReadmissionApplication(app)
}

/// The actions one run applied to this case (the demo station holds other cases too).
fn applied(run: &ercms::service::ClockRun, r: &str) -> Vec<CaseActionKind> {
    run.changes
        .iter()
        .filter(|c| c.reference == r)
        .map(|c| c.action)
        .collect()
}

fn status(s: &mut Session, r: &str) -> CaseStatus {
    s.case(r).unwrap().status
}

/// The audit entries the station clock wrote, as (action, detail).
fn clock_entries(s: &Session, r: &str) -> Vec<(String, String)> {
    s.audit_list(None)
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.actor == "station-clock" && e.detail.as_deref().is_some_and(|d| d.starts_with(r))
        })
        .map(|e| (e.action, e.detail.unwrap_or_default()))
        .collect()
}

#[test]
fn silence_is_consent_only_where_the_agreement_says_so() {
    // Received Thursday 9 July 2026; EU-IQ: 15 Iraqi working days from receipt.
    let now = at("2026-07-09");
    let d = Demo::new(&["DE-2026-910001"], now);
    let mut sup = d.login("supervisor", now);
    // By default EU-IQ says nothing of silence: 100 days on the case is only overdue.
    let r = "DE-2026-910001";
    let run = sup.run_clock(now + Duration::days(100)).unwrap();
    assert!(applied(&run, r).is_empty());
    assert_eq!(status(&mut sup, r), CaseStatus::Registered);
    let case = sup.case(r).unwrap();
    let doc = sup.case_document(&case, now + Duration::days(100)).unwrap();
    assert_eq!(doc["deadline"]["urgency"], "overdue");
    assert!(clock_entries(&d.login("auditor", now), r).is_empty());
}

#[test]
fn the_clock_takes_a_case_from_deemed_accepted_to_an_expired_transfer_window() {
    let now = at("2026-07-09");
    let r = "DE-2026-910002";
    let d = Demo::new(&[r], now);
    let mut admin = d.login("admin", now);
    // Silence is consent, and a laissez-passer valid one month is enough.
    let changes = [
        ("silence_means_consent", "true".to_string()),
        ("td_validity_months", "1".to_string()),
    ];
    admin.set_agreement("EU-IQ", &changes, now).unwrap();
    drop(admin);

    // 15 Iraqi working days from Thu 9 July: the reply limit is 2026-08-02 (hand-worked in the
    // domain's deadline tests); on that day nothing is due yet.
    let mut officer = d.login("officer", at("2026-07-20"));
    assert!(applied(&officer.run_clock(at("2026-07-20")).unwrap(), r).is_empty());
    let case = officer.case(r).unwrap();
    let due = officer
        .deadline(&case, at("2026-07-20"))
        .unwrap()
        .unwrap()
        .due
        .unwrap()
        .on;
    assert!(applied(&officer.run_clock(at(&due.to_string())).unwrap(), r).is_empty());
    let after = at(&due.to_string()) + Duration::days(1);
    let run = officer.run_clock(after).unwrap();
    assert_eq!(applied(&run, r), [CaseActionKind::MarkDeemedAccepted]);
    let change = run.changes.iter().find(|c| c.reference == r).unwrap();
    assert_eq!(
        (change.from, change.to),
        (CaseStatus::Registered, CaseStatus::DeemedAccepted)
    );
    // Idempotent: the second run at the same time (or later the same day) changes nothing at all.
    assert!(officer.run_clock(after).unwrap().changes.is_empty());
    assert!(officer
        .run_clock(after + Duration::hours(1))
        .unwrap()
        .changes
        .is_empty());
    let case = officer.case(r).unwrap();
    assert_eq!(case.status, CaseStatus::DeemedAccepted);
    let last = case.history.last().unwrap();
    assert_eq!(last.actor.as_str(), "station-clock");

    // What follows: a travel document is issued on the deemed acceptance.
    let issued = after + Duration::days(1);
    let td = |n: &str, from: NaiveDate, to: NaiveDate| CaseAction::IssueTravelDocument {
        number: n.into(),
        issued_on: from,
        valid_until: to,
    };
    let c = officer
        .act(
            r,
            td(
                "LP-1",
                issued.date_naive(),
                issued.date_naive() + Duration::days(30),
            ),
            issued,
        )
        .unwrap();
    assert_eq!(c.status, CaseStatus::TravelDocIssued);
    // It expires: the clock records it the day after its last valid day.
    let expiry = issued + Duration::days(31);
    let run = officer.run_clock(expiry).unwrap();
    assert_eq!(applied(&run, r), [CaseActionKind::ExpireTravelDocument]);
    // An expired one is reissued.
    let c = officer
        .act(
            r,
            CaseAction::ReissueTravelDocument {
                number: "LP-2".into(),
                issued_on: expiry.date_naive(),
                valid_until: expiry.date_naive() + Duration::days(60),
            },
            expiry,
        )
        .unwrap();
    assert_eq!(c.status, CaseStatus::TravelDocIssued);
    // The 90-day transfer window, counted from the reply limit silence let pass, ends 2026-10-31.
    let end = due + Duration::days(90);
    assert!(applied(&officer.run_clock(at(&end.to_string())).unwrap(), r).is_empty());
    let run = officer
        .run_clock(at(&end.to_string()) + Duration::days(1))
        .unwrap();
    assert_eq!(applied(&run, r), [CaseActionKind::ExpireTransferWindow]);
    assert_eq!(status(&mut officer, r), CaseStatus::TransferWindowExpired);
    // Each step has its audit entry by the station clock, before and after.
    let entries = clock_entries(&d.login("auditor", now), r);
    assert_eq!(
        entries.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        [
            "case.mark_deemed_accepted",
            "case.expire_travel_document",
            "case.expire_transfer_window"
        ]
    );
    assert_eq!(entries[0].1, format!("{r}: REGISTERED -> DEEMED_ACCEPTED"));
    let _ = date;
}

#[test]
fn a_station_closed_for_weeks_applies_every_due_fact_in_one_run() {
    let now = at("2026-07-09");
    let r = "DE-2026-910003";
    let d = Demo::new(&[r], now);
    let mut admin = d.login("admin", now);
    admin
        .set_agreement("EU-IQ", &[("silence_means_consent", "true".into())], now)
        .unwrap();
    // Closed until long after both the reply limit and the 90-day window.
    let mut sup = d.login("supervisor", now);
    let run = sup.run_clock(now + Duration::days(150)).unwrap();
    assert_eq!(
        applied(&run, r),
        [
            CaseActionKind::MarkDeemedAccepted,
            CaseActionKind::ExpireTransferWindow
        ]
    );
    assert_eq!(status(&mut sup, r), CaseStatus::TransferWindowExpired);
}

#[test]
fn a_clock_set_back_applies_nothing_until_an_admin_confirms_the_time() {
    let now = at("2026-07-09");
    let r = "DE-2026-910004";
    let d = Demo::new(&[r], now);
    let mut admin = d.login("admin", now);
    admin
        .set_agreement("EU-IQ", &[("silence_means_consent", "true".into())], now)
        .unwrap();
    let late = now + Duration::days(10);
    assert!(admin.run_clock(late).unwrap().changes.is_empty());
    // The system clock now says a day earlier than the last run, with a deemed acceptance due.
    let back = now + Duration::days(40);
    let mut officer = d.login("officer", back);
    assert_eq!(
        applied(&officer.run_clock(back).unwrap(), r),
        [CaseActionKind::MarkDeemedAccepted]
    );
    let earlier = back - Duration::days(1);
    let run = officer.run_clock(earlier).unwrap();
    assert_eq!(run.set_back_from, Some(back));
    assert!(run.changes.is_empty());
    // Only an admin may confirm the time, and the confirmation is audited with both times.
    assert!(officer.confirm_clock(earlier).is_err());
    let mut admin = d.login("admin", earlier);
    let run = admin.confirm_clock(earlier).unwrap();
    assert_eq!(run.set_back_from, None);
    let confirm = d
        .login("auditor", earlier)
        .audit_list(None)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "clock.confirm")
        .unwrap();
    assert!(confirm.detail.unwrap().contains(&back.to_rfc3339()));
    assert_eq!(admin.clock_last_run().unwrap(), Some(earlier));
}

#[test]
fn the_station_zone_is_kept_and_decides_the_date_a_case_is_received() {
    // 22:30 UTC on Saturday 11 July 2026 is Sunday 01:30 in Baghdad and 02:30 in Baku, but still
    // Saturday in Abidjan: received on a weekend day there, the count starts a day later.
    let now = Utc.with_ymd_and_hms(2026, 7, 11, 22, 30, 0).unwrap();
    let d = Demo::new(&["DE-2026-910005"], now);
    let mut admin = d.login("admin", now);
    let mut sup = d.login("supervisor", now);
    assert_eq!(admin.time_zone().unwrap().name(), "Asia/Baghdad");
    assert!(admin.set_time_zone("Mars/Olympus", now).is_err());
    assert!(sup.set_time_zone("Asia/Baku", now).is_err());
    let case = sup.case("DE-2026-910005").unwrap();
    let baghdad = sup.deadline(&case, now).unwrap().unwrap().due.unwrap().on;
    admin.set_time_zone("Africa/Abidjan", now).unwrap();
    let abidjan = sup.deadline(&case, now).unwrap().unwrap().due.unwrap().on;
    // Counted from Sunday 12 July (Baghdad) or Saturday 11 July (Abidjan) on the Iraqi calendar,
    // whose weekend is Friday and Saturday: both first working days are Sunday 12/Monday 13.
    assert_eq!(baghdad, date("2026-08-03"));
    assert_eq!(abidjan, date("2026-08-02"));
    let entry = d
        .login("auditor", now)
        .audit_list(None)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "station.time_zone")
        .unwrap();
    assert_eq!(
        entry.detail.as_deref(),
        Some("time_zone: Asia/Baghdad -> Africa/Abidjan")
    );
}

#[test]
fn rules_refuse_a_short_travel_document_and_agreements_are_added_and_audited_with_values() {
    let now = at("2026-07-09");
    let r = "DE-2026-910006";
    let d = Demo::new(&[r], now);
    let mut admin = d.login("admin", now);
    admin
        .set_agreement("EU-IQ", &[("silence_means_consent", "true".into())], now)
        .unwrap();
    let ci = [
        ("calendar", "EU".to_string()),
        ("name", "EU–Côte d'Ivoire".to_string()),
        ("reply_days", "30".to_string()),
    ];
    let added = admin.add_agreement("EU-CI", &ci, now).unwrap();
    assert_eq!(added.reply.unwrap().days, 30);
    assert!(admin.add_agreement("EU-CI", &ci, now).is_err());
    assert!(admin
        .add_agreement("EU-XX", &[("reply_days", "30".to_string())], now)
        .is_err());
    drop(admin);
    let mut officer = d.login("officer", now + Duration::days(40));
    officer.run_clock(now + Duration::days(40)).unwrap();
    let issued = (now + Duration::days(40)).date_naive();
    let err = officer
        .act(
            r,
            CaseAction::IssueTravelDocument {
                number: "LP-7".into(),
                issued_on: issued,
                valid_until: issued + Duration::days(7),
            },
            now + Duration::days(40),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("EU-IQ requires a travel document valid at least 3 months"),
        "{err}"
    );
    assert_eq!(status(&mut officer, r), CaseStatus::DeemedAccepted);
    let details: Vec<String> = d
        .login("auditor", now)
        .audit_list(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("agreement."))
        .map(|e| format!("{} {}", e.action, e.detail.unwrap_or_default()))
        .collect();
    assert_eq!(
        details,
        [
            "agreement.set silence_means_consent: false -> true",
            "agreement.add calendar: none -> EU; name: none -> EU–Côte d'Ivoire; reply_days: none -> 30"
        ]
    );
}

#[test]
fn holidays_entered_or_imported_move_a_working_day_deadline_and_next_year_is_asked_for() {
    // Received Sunday 7 March 2027, 10:00 Baghdad, under EU-IQ: 15 Iraqi working days.
    let now = Utc.with_ymd_and_hms(2027, 3, 7, 7, 0, 0).unwrap();
    let r = "DE-2027-920001";
    let d = Demo::new(&[r], now);
    let mut sup = d.login("supervisor", now);
    let case = sup.case(r).unwrap();
    let due = |s: &mut Session| s.deadline(&case, now).unwrap().unwrap().due.unwrap().on;
    // Mar 8-11 (4), 14-18 (9), 22-25 (13; 21 Nowruz is a Sunday holiday), 28, 29 (15).
    assert_eq!(due(&mut sup), date("2027-03-29"));
    let mut admin = d.login("admin", now);
    admin
        .add_holiday("IQ", date("2027-03-10"), "Eid al-Fitr", now)
        .unwrap();
    assert!(sup.add_holiday("IQ", date("2027-03-11"), "x", now).is_err());
    assert!(admin
        .add_holiday("IQ", date("2027-03-11"), " ", now)
        .is_err());
    assert_eq!(due(&mut sup), date("2027-03-30"));
    // The second and third days of Eid from a file: CSV, then the same from iCalendar is idempotent.
    let csv = d.dir.path().join("eid.csv");
    std::fs::write(
        &csv,
        "date,name\n2027-03-11,Eid al-Fitr (2)\n2027-03-14,Eid al-Fitr (3)\n",
    )
    .unwrap();
    admin.import_holidays("IQ", &csv, now).unwrap();
    assert_eq!(due(&mut sup), date("2027-04-01"));
    let ics = d.dir.path().join("eid.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\n\
DTSTART;VALUE=DATE:20270311\r\nSUMMARY:Eid al-Fitr (2)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    admin.import_holidays("IQ", &ics, now).unwrap();
    assert_eq!(due(&mut sup), date("2027-04-01"));
    // A bad file changes nothing and says which line.
    let bad = d.dir.path().join("bad.csv");
    std::fs::write(&bad, "2027-06-16,Islamic New Year\n16/06/2027,x\n").unwrap();
    let err = admin.import_holidays("IQ", &bad, now).unwrap_err();
    assert_eq!(err.to_string(), "line 2 is not YYYY-MM-DD,name");
    let iq = admin.calendar("IQ").unwrap();
    assert_eq!(iq.holiday_name(date("2027-03-14")), Some("Eid al-Fitr (3)"));
    assert!(!iq.is_holiday(date("2027-06-16")));
    // From November, the calendars in use without next year's dated holidays are named.
    let march = admin.calendars_missing_next_year(now).unwrap();
    assert!(march.is_empty());
    let november = Utc.with_ymd_and_hms(2027, 11, 1, 9, 0, 0).unwrap();
    let missing = admin.calendars_missing_next_year(november).unwrap();
    assert!(missing.contains(&("IQ".to_string(), 2028)), "{missing:?}");
    admin
        .add_holiday("IQ", date("2028-02-27"), "Eid al-Fitr", november)
        .unwrap();
    let missing = admin.calendars_missing_next_year(november).unwrap();
    assert!(!missing.iter().any(|(c, _)| c == "IQ"));
    let details: Vec<String> = d
        .login("auditor", november)
        .audit_list(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("calendar."))
        .map(|e| format!("{} {}", e.action, e.detail.unwrap_or_default()))
        .collect();
    assert_eq!(
        details[0],
        "calendar.holiday_add 2027-03-10: none -> Eid al-Fitr"
    );
    assert_eq!(
        details[1],
        "calendar.import 2027-03-11: none -> Eid al-Fitr (2); 2027-03-14: none -> Eid al-Fitr (3)"
    );
}
