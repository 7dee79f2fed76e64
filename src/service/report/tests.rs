//! The report checked against figures computed by hand on a fixture of 13 cases and 6 returnees, every
//! case imported in a real bundle and driven through the service (see `fixture`). Helpers here are
//! shared with the retention and audit tests (`fixture_station`, `fixture_steps`, `Timeline`).

use super::fixture::{
    at_time, consent_assessment_plan, marked_application, Fixture, Step, OFFICER, PROVIDER_NAME,
    TACIT,
};
use super::*;
use crate::domain::ids::StationId;
use crate::domain::nrm::{Contact, Governorate, ReferralUrgency};
use crate::domain::statistics::Rate;
use crate::exchange::Content;
use crate::service::Station;
use secrecy::SecretString;
use uuid::Uuid;

pub(crate) fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    at_time(y, m, d, 9, 0)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// One case as the fixture drives it, each step at a fixed hour (UTC; the station counts days in
/// Asia/Baghdad, three hours ahead, so every step falls on the same day there). The requesting state is
/// the reference's prefix.
pub(crate) struct Timeline {
    pub reference: &'static str,
    /// Tells the person apart from the others (their names end with it).
    pub name: &'static str,
    pub agreement: &'static str,
    /// Imported by the clerk at 08:00.
    pub received: NaiveDate,
    /// Registered and put into verification by an officer at 08:30.
    pub registered: bool,
    /// Proposed by an officer at 06:00, approved by a supervisor and exported (sent) by the clerk at
    /// 07:00: accepted or refused.
    pub reply: Option<(NaiveDate, bool)>,
    /// Issued by an officer at 07:00.
    pub travel_document: Option<NaiveDate>,
    /// Departing at 09:00; the requesting state's notice is imported three days before, at 13:00.
    pub transfer: Option<NaiveDate>,
}

impl Timeline {
    /// The steps of this case; its person carries `marker`; its application comes in `file`.
    pub(crate) fn steps(&self, marker: &str, file: &str) -> Vec<(DateTime<Utc>, Step)> {
        use chrono::Datelike;
        let when = |d: NaiveDate, h: u32, min: u32| at_time(d.year(), d.month(), d.day(), h, min);
        let case = || self.reference.to_string();
        let state = self.reference.split('-').next().unwrap();
        let application = marked_application(
            self.reference,
            state,
            self.agreement,
            self.received,
            marker,
            self.name,
        );
        let mut steps = vec![(
            when(self.received, 8, 0),
            Step::Receive {
                application: Box::new(application),
                file: file.to_string(),
            },
        )];
        if self.registered {
            steps.push((when(self.received, 8, 30), Step::Register(case())));
        }
        if let Some((on, accept)) = self.reply {
            steps.push((
                when(on, 6, 0),
                Step::Propose {
                    case: case(),
                    accept,
                },
            ));
            steps.push((when(on, 7, 0), Step::Reply(case())));
        }
        if let Some(on) = self.travel_document {
            steps.push((
                when(on, 7, 0),
                Step::TravelDocument {
                    case: case(),
                    number: format!("TD-{}", self.reference),
                    issued_on: on,
                },
            ));
        }
        if let Some(on) = self.transfer {
            steps.push((
                when(on - chrono::Duration::days(3), 13, 0),
                Step::Transfer {
                    case: case(),
                    departure: when(on, 9, 0),
                },
            ));
        }
        steps
    }
}

/// An EU-IQ case, registered on receipt.
fn eu_iq(
    reference: &'static str,
    name: &'static str,
    received: NaiveDate,
    reply: Option<(NaiveDate, bool)>,
    travel_document: Option<NaiveDate>,
    transfer: Option<NaiveDate>,
) -> Timeline {
    Timeline {
        reference,
        name,
        agreement: "EU-IQ",
        received,
        registered: true,
        reply,
        travel_document,
        transfer,
    }
}

/// The 13 cases. EU-IQ gives 15 working days from receipt and has no tacit acceptance: a reply within
/// 10 calendar days is in time (10 calendar days hold at most 10 working days), a reply after 40 is
/// late (40 calendar days hold at least 40 - 12 weekend days (Fridays and Saturdays: at most 12 in 40
/// days) - a handful of holidays > 15 working days). NL-11 cites NL-IQ, whose silence is consent.
fn cases() -> Vec<Timeline> {
    let yes = |d| Some((d, true));
    let no = |d| Some((d, false));
    let d = |m, dd| Some(day(2026, m, dd));
    vec![
        // 1 DE, received 5 Jan, accepted 8 Jan (3 days), TD 20 Jan (15 days), transfer 4 Feb (30 days).
        eu_iq(
            "DE-1",
            "Abbas",
            day(2026, 1, 5),
            yes(day(2026, 1, 8)),
            d(1, 20),
            d(2, 4),
        ),
        // 2 DE, received 12 Jan, accepted 17 Jan (5), TD 30 Jan (18), transfer 21 Feb (40).
        eu_iq(
            "DE-2",
            "Bakr",
            day(2026, 1, 12),
            yes(day(2026, 1, 17)),
            d(1, 30),
            d(2, 21),
        ),
        // 3 DE, received 19 Jan, refused 29 Jan (10).
        eu_iq(
            "DE-3",
            "Daoud",
            day(2026, 1, 19),
            no(day(2026, 1, 29)),
            None,
            None,
        ),
        // 4 DE, received 2 Feb, accepted 9 Feb (7), TD 20 Feb (18), transfer 2 Apr (outside the period;
        // its notice is imported on 30 Mar).
        eu_iq(
            "DE-4",
            "Faris",
            day(2026, 2, 2),
            yes(day(2026, 2, 9)),
            d(2, 20),
            d(4, 2),
        ),
        // 5 DE, received 9 Feb, accepted 21 Mar (40 days): late.
        eu_iq(
            "DE-5",
            "Ghazi",
            day(2026, 2, 9),
            yes(day(2026, 3, 21)),
            None,
            None,
        ),
        // 6 DE, received 16 Feb, not even registered yet, no reply.
        Timeline {
            registered: false,
            ..eu_iq("DE-6", "Hamid", day(2026, 2, 16), None, None, None)
        },
        // 7 DE, received 2 Mar, accepted 6 Mar (4).
        eu_iq(
            "DE-7",
            "Jabir",
            day(2026, 3, 2),
            yes(day(2026, 3, 6)),
            None,
            None,
        ),
        // 8 DE, received 9 Mar, in verification, no reply.
        eu_iq("DE-8", "Khalil", day(2026, 3, 9), None, None, None),
        // 9 NL, received 6 Jan, accepted 8 Jan (2), TD 26 Jan (20), transfer 5 Feb (30).
        eu_iq(
            "NL-9",
            "Mansour",
            day(2026, 1, 6),
            yes(day(2026, 1, 8)),
            d(1, 26),
            d(2, 5),
        ),
        // 10 NL, received 3 Feb, refused 20 Mar (45 days): late.
        eu_iq(
            "NL-10",
            "Nasser",
            day(2026, 2, 3),
            no(day(2026, 3, 20)),
            None,
            None,
        ),
        // 11 NL under NL-IQ, received 10 Feb, no reply: due 10 Feb + 20 calendar days = 2 Mar; the
        // clock deems it accepted at the first sign-in on a later day, the clerk's on 3 Mar (NL-12).
        Timeline {
            agreement: TACIT,
            ..eu_iq("NL-11", "Qasim", day(2026, 2, 10), None, None, None)
        },
        // 12 NL, received 3 Mar, accepted 12 Mar (9), TD 31 Mar (28).
        eu_iq(
            "NL-12",
            "Rashid",
            day(2026, 3, 3),
            yes(day(2026, 3, 12)),
            d(3, 31),
            None,
        ),
        // 13 DE, received 29 Dec 2025 (outside), accepted 3 Jan (5 days, inside), TD 1 Apr (outside).
        eu_iq(
            "DE-13",
            "Salim",
            day(2025, 12, 29),
            yes(day(2026, 1, 3)),
            d(4, 1),
            None,
        ),
    ]
}

/// The surname of the person of the fixture case `reference`.
pub(crate) fn surname_of(reference: &str) -> String {
    let c = cases().into_iter().find(|c| c.reference == reference);
    format!("ZZMARKsurname{}", c.unwrap().name)
}

/// The fixture's provider without a station.
pub(crate) fn provider_id(s: &Session) -> ProviderId {
    s.provider(PROVIDER_NAME).unwrap().id
}

pub(crate) fn person(marker: &str) -> crate::exchange::records::Returnee {
    crate::exchange::records::Returnee {
        surname: format!("{marker}surname"),
        given_names: format!("{marker}given"),
        native_script: None,
        sex: crate::domain::application::Sex::F,
        date_of_birth: crate::domain::date::PartialDate::parse("1990").unwrap(),
        governorate: None,
        phone: None,
    }
}

pub(crate) fn contact(marker: &str) -> Contact {
    Contact {
        phone: Some("+964 770 000 0000".into()),
        address: Some(format!("{marker}address")),
    }
}

/// Six returnees opened through the service by an officer on 10 Feb: five arrived in Baghdad (1-5
/// Feb), one in Basra (10 Feb). The first Baghdad returnee gets consent, an assessment and a plan a
/// supervisor approves (11 Feb), and seven referrals, all proposed and sent by letter on 12 Feb to the
/// provider without a station, whose answers are typed in on 21 Feb: housing delivered, delivered,
/// accepted, declined, sent; health delivered, accepted.
fn returnee_steps() -> Vec<(DateTime<Utc>, Step)> {
    const FIRST: &str = "the first Baghdad returnee";
    use crate::domain::nrm::{ReferralRequest, ReferralResponse, ReturneeAction};
    use NeedDomain::*;
    let open = |f: &mut Fixture, t: DateTime<Utc>| {
        let mut officer = f.sign_in(OFFICER, t);
        for (i, (g, d)) in [
            (Governorate::Baghdad, day(2026, 2, 1)),
            (Governorate::Baghdad, day(2026, 2, 2)),
            (Governorate::Baghdad, day(2026, 2, 3)),
            (Governorate::Baghdad, day(2026, 2, 4)),
            (Governorate::Baghdad, day(2026, 2, 5)),
            (Governorate::Basra, day(2026, 2, 10)),
        ]
        .into_iter()
        .enumerate()
        {
            let r = officer
                .open_returnee(person("ZZMARK"), g, contact("ZZMARK"), d, t)
                .unwrap();
            if i == 0 {
                f.returnees.insert(FIRST, r.returnee.id.to_string());
            }
        }
    };
    let plan = |f: &mut Fixture, t: DateTime<Utc>| {
        let first = f.returnees[FIRST].clone();
        consent_assessment_plan(f, &first, t);
    };
    let refer = |f: &mut Fixture, t: DateTime<Utc>| {
        let first = f.returnees[FIRST].clone();
        let mut officer = f.sign_in(OFFICER, t);
        let provider = officer.provider(PROVIDER_NAME).unwrap().id;
        for service in [Housing, Housing, Housing, Housing, Housing, Health, Health] {
            let id = Uuid::now_v7();
            let request = ReferralRequest {
                id,
                provider,
                service,
                urgency: ReferralUrgency::Routine,
                due_on: day(2026, 3, 1),
            };
            officer
                .act_returnee(&first, ReturneeAction::ProposeReferral(request), t)
                .unwrap();
            officer
                .send_referral_letter(&id.to_string(), &f.media, t)
                .unwrap();
            f.referrals.push(id);
        }
    };
    let answer = |f: &mut Fixture, t: DateTime<Utc>| {
        use ReferralResponse as A;
        let first = f.returnees[FIRST].clone();
        let mut officer = f.sign_in(OFFICER, t);
        let delivered = || A::Delivered {
            on: day(2026, 2, 20),
        };
        let answers: [&[A]; 7] = [
            &[A::Accepted, delivered()],
            &[A::Accepted, delivered()],
            &[A::Accepted],
            &[A::Declined {
                reason: "full".into(),
            }],
            &[],
            &[A::Accepted, delivered()],
            &[A::Accepted],
        ];
        for (referral, responses) in f.referrals.iter().zip(answers) {
            for response in responses {
                let action = ReturneeAction::RecordReferralResponse {
                    referral: *referral,
                    response: response.clone(),
                };
                officer.act_returnee(&first, action, t).unwrap();
            }
        }
    };
    vec![
        (at_time(2026, 2, 10, 14, 0), Step::Then(Box::new(open))),
        (at_time(2026, 2, 11, 10, 0), Step::Then(Box::new(plan))),
        (at_time(2026, 2, 12, 10, 0), Step::Then(Box::new(refer))),
        (at_time(2026, 2, 21, 10, 0), Step::Then(Box::new(answer))),
    ]
}

/// The steps of the fixture: the 13 cases and the returnees, from 29 Dec 2025 to 1 Apr 2026.
pub(crate) fn fixture_steps() -> Vec<(DateTime<Utc>, Step)> {
    let mut steps: Vec<_> = cases()
        .iter()
        .flat_map(|c| c.steps("ZZMARK", &format!("{}.ercms", c.reference)))
        .collect();
    steps.extend(returnee_steps());
    steps
}

/// A station (admin "admin"/"correct horse battery", made on 1 Dec 2025) on which the fixture ran;
/// the admin signed in on 1 Apr 2026. Its audit trail verifies: nothing was written behind the
/// chain's back.
pub(crate) fn fixture_station(dir: &Path) -> (Station, Session) {
    let mut f = Fixture::new(dir, at(2025, 12, 1));
    f.run(fixture_steps());
    let admin = f.sign_in("admin", at(2026, 4, 1));
    assert!(admin.audit_verify().unwrap().is_ok());
    (f.station, admin)
}

pub(crate) fn quarter() -> Period {
    Period::months("2026-01", "2026-03").unwrap()
}

#[test]
fn the_report_matches_the_hand_computed_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (_station, s) = fixture_station(dir.path());
    let r = s.report(quarter(), at(2026, 4, 1)).unwrap();
    // Received (the day the clerk imported the bundle) in the quarter: DE 3 in Jan (1: 5 Jan, 2: 12,
    // 3: 19), 3 in Feb (4: 2 Feb, 5: 9, 6: 16), 2 in Mar (7: 2 Mar, 8: 9); NL 1, 2, 1 (9: 6 Jan; 10: 3
    // Feb, 11: 10 Feb; 12: 3 Mar). Case 13 was received on 29 Dec 2025.
    assert_eq!(r.applications["DE"]["2026-01"], 3);
    assert_eq!(r.applications["DE"]["2026-02"], 3);
    assert_eq!(r.applications["DE"]["2026-03"], 2);
    assert_eq!(r.applications["NL"]["2026-01"], 1);
    assert_eq!(r.applications["NL"]["2026-02"], 2);
    assert_eq!(r.applications["NL"]["2026-03"], 1);
    assert_eq!(r.applications_total(), 12);
    let per_month: Vec<u64> = r
        .applications_per_month()
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(per_month, vec![4, 5, 3]);
    // Replies (the day the export marked them sent) in the quarter: 13 (3 Jan), 1 and 9 (8 Jan), 2
    // (17 Jan), 3 (29 Jan), 4 (9 Feb), 7 (6 Mar), 12 (12 Mar), 10 (20 Mar), 5 (21 Mar) = 10; refused 3
    // and 10; accepted the other 8. Deemed accepted: 11, by the clock on 3 Mar (see below).
    assert_eq!(r.replies_sent, 10);
    assert_eq!((r.accepted, r.refused, r.deemed_accepted), (8, 2, 1));
    // EU-IQ: 15 Iraqi working days (Sunday to Thursday; holidays 1 and 6 Jan, 21 Mar) from receipt.
    // Late: 5, received Mon 9 Feb, due Mon 2 Mar (10,11,12, 15-19, 22-26 Feb, 1,2 Mar), sent 21 Mar;
    // 10, received Tue 3 Feb, due Tue 24 Feb (4,5, 8-12, 15-19, 22-24 Feb), sent 20 Mar. The others
    // were sent within 10 calendar days, which hold at most 10 working days: 8 of 10 in time.
    assert_eq!(r.replies_within_limit, Rate { part: 8, of: 10 });
    assert_eq!(r.replies_within_limit.percent(), Some(80.0));
    // Days to reply: 13: 29 Dec-3 Jan 5; 1: 5-8 Jan 3; 9: 6-8 Jan 2; 2: 12-17 Jan 5; 3: 19-29 Jan 10;
    // 4: 2-9 Feb 7; 7: 2-6 Mar 4; 12: 3-12 Mar 9; 10: 3 Feb-20 Mar 28+17 = 45; 5: 9 Feb-21 Mar
    // 28+12 = 40. Sorted 2 3 4 5 5 7 9 10 40 45; the middle two are 5 and 7.
    assert_eq!(
        r.median_days_to_reply,
        crate::domain::statistics::Median {
            days: Some(6.0),
            of: 10
        }
    );
    // TDs in the quarter: 1: 5-20 Jan 15; 2: 12-30 Jan 18; 4: 2-20 Feb 18; 9: 6-26 Jan 20; 12: 3-31
    // Mar 28 (13's is on 1 Apr): sorted 15 18 18 20 28, median 18.
    assert_eq!(r.median_days_to_travel_document.days, Some(18.0));
    assert_eq!(r.median_days_to_travel_document.of, 5);
    // Departures in the quarter: 1: 5 Jan-4 Feb 26+4 = 30; 2: 12 Jan-21 Feb 19+21 = 40; 9: 6 Jan-5
    // Feb 25+5 = 30 (4's is on 2 Apr): median 30.
    assert_eq!(r.median_days_to_transfer.days, Some(30.0));
    assert_eq!(r.median_days_to_transfer.of, 3);
    // Returnees: five arrived in Baghdad (1-5 Feb), one in Basra (10 Feb).
    assert_eq!(r.arrivals["Baghdad"], 5);
    assert_eq!(r.arrivals["Basra"], 1);
    // 7 referrals proposed on 12 Feb; answered all but the one sent (6); accepted or delivered 5
    // (housing 3, health 2); delivered 3 (housing 2, health 1).
    assert_eq!(r.referrals.referrals, 7);
    assert_eq!(r.referrals.acceptance(), Rate { part: 5, of: 6 });
    assert_eq!(r.referrals.delivery(), Rate { part: 3, of: 5 });
    assert_eq!(r.referrals_by_service[&NeedDomain::Housing].referrals, 5);
    assert_eq!(r.referrals_by_service[&NeedDomain::Health].delivered, 1);
    assert_eq!(r.referrals_by_provider[&provider_id(&s)].accepted, 5);
}

/// The fixture's cases entered by import and moved by people and the clock, all on the audit trail.
#[test]
fn the_fixture_is_built_through_imports_and_actions_and_its_trail_verifies() {
    use crate::domain::case::CaseStatus::*;
    let dir = tempfile::tempdir().unwrap();
    let (station, admin) = fixture_station(dir.path());
    assert!(admin.audit_verify().unwrap().is_ok());
    let trail = admin.audit_list(None).unwrap();
    // 13 application bundles and 4 transfer notices (1, 2, 4, 9), each one import.
    let imports = trail.iter().filter(|e| e.action == "bundle.import").count();
    assert_eq!(imports, 17);
    // NL-11: NL-IQ's 20 calendar days from 10 Feb end on 2 Mar; the clock deems it accepted at the
    // first sign-in of a later day, the clerk's at 08:00 on 3 Mar.
    let deemed: Vec<_> = trail
        .iter()
        .filter(|e| e.action == "case.mark_deemed_accepted")
        .collect();
    assert_eq!(deemed.len(), 1);
    assert_eq!(deemed[0].actor, crate::domain::clock::STATION_CLOCK);
    assert_eq!(deemed[0].at, at_time(2026, 3, 3, 8, 0));
    assert!(deemed[0].detail.as_deref().unwrap().starts_with("NL-11:"));
    drop(admin);
    let mut officer = station
        .login(
            super::fixture::OFFICER,
            &SecretString::from(super::fixture::PASSPHRASE),
            at(2026, 4, 1),
        )
        .unwrap();
    let rows = officer.cases(&Default::default(), at(2026, 4, 1)).unwrap();
    assert_eq!(rows.len(), 13);
    let status = |reference: &str| {
        rows.iter()
            .find(|r| r.reference == reference)
            .unwrap()
            .status
    };
    for (reference, expected) in [
        ("DE-1", TransferNotified),
        ("DE-3", ReplySent),
        ("DE-4", TransferNotified),
        ("DE-5", ReplySent),
        ("DE-6", Received),
        ("DE-8", InVerification),
        ("NL-10", ReplySent),
        ("NL-11", DeemedAccepted),
        ("NL-12", TravelDocIssued),
        ("DE-13", TravelDocIssued),
    ] {
        assert_eq!(status(reference), expected, "{reference}");
    }
}

#[test]
fn the_csv_carries_only_suppressed_aggregates() {
    let dir = tempfile::tempdir().unwrap();
    let (_station, mut s) = fixture_station(dir.path());
    let file = dir.path().join("report.csv");
    s.report_csv(quarter(), &file, at(2026, 4, 1)).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "measure,requesting_state,month,governorate,service,provider,value"
    );
    for expected in [
        // The total would give the small cells away by subtraction: withheld.
        "applications_received,,,,,,x",
        "applications_received,DE,2026-01,,,,<5",
        // Accepted 8 and refused under 5: the total of the two is withheld.
        "replies_sent,,,,,,x",
        "accepted,,,,,,8",
        "refused,,,,,,<5",
        "deemed_accepted,,,,,,<5",
        // 8 of 10: only 2 late, so the rate is withheld.
        "replies_within_limit_percent,,,,,,<5",
        "median_days_to_reply,,,,,,6.0",
        "median_days_to_travel_document,,,,,,18.0",
        "median_days_to_transfer,,,,,,<5",
        "arrivals,,,Baghdad,,,5",
        "arrivals,,,Basra,,,<5",
        // A service's small count would follow from the overall figure: withheld.
        "referrals,,,,,,x",
        "referrals_delivered,,,,,,<5",
    ] {
        assert!(lines.contains(&expected), "missing line {expected}");
    }
    assert!(!text.contains("ZZMARK"));
    let audit = s.audit_list(None).unwrap();
    assert!(audit.iter().any(|a| a.action == "report.csv"));
}

#[test]
fn extracts_are_valid_wire_records_with_nothing_small() {
    let dir = tempfile::tempdir().unwrap();
    let (_station, s) = fixture_station(dir.path());
    let r = s.report(quarter(), at(2026, 4, 1)).unwrap();
    let stations = HashMap::from([(
        provider_id(&s),
        StationId::parse("IQ-PROVIDER-DEMO").unwrap(),
    )]);
    let records = extracts(&suppress(&r), quarter(), &stations, at(2026, 4, 1));
    assert!(!records.is_empty());
    for x in &records {
        assert!(x.value.is_none_or(|v| v >= 5
            || matches!(
                x.indicator,
                Indicator::MedianDaysToReply | Indicator::MedianDaysToTravelDocument
            )));
        let line = Record::StatisticsExtract(x.clone()).to_line().unwrap();
        Record::parse_line(line.as_bytes(), Content::Statistics).unwrap();
    }
    // Applications by state and month travel as one record per month.
    let de_feb = records
        .iter()
        .find(|x| {
            x.breakdown.requesting_state.as_deref() == Some("DE")
                && x.period_start == day(2026, 2, 1)
        })
        .unwrap();
    assert_eq!(
        (de_feb.period_end, de_feb.value, de_feb.suppressed),
        (day(2026, 2, 28), None, true)
    );
    let total = records
        .iter()
        .find(|x| {
            x.indicator == Indicator::ApplicationsReceived && x.breakdown == Breakdown::default()
        })
        .unwrap();
    // Published, the total 12 would give the suppressed months away by subtraction.
    assert_eq!((total.value, total.suppressed), (None, true));
}

#[test]
fn an_officer_may_not_see_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let (station, mut admin) = fixture_station(dir.path());
    admin
        .add_user(
            "officer",
            crate::domain::role::Role::Officer,
            &SecretString::from("officer passphrase 1"),
            at(2026, 4, 1),
        )
        .unwrap();
    drop(admin);
    let officer = station
        .login(
            "officer",
            &SecretString::from("officer passphrase 1"),
            at(2026, 4, 1),
        )
        .unwrap();
    let err = officer.report(quarter(), at(2026, 4, 1)).unwrap_err();
    assert_eq!(err.kind(), crate::service::ErrorKind::NotAllowed);
}
