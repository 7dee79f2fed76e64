//! The report checked against figures computed by hand on a fixture of 13 cases and 6 returnees.
//! Helpers here are shared with the retention tests (`fixture_station`, `marked_case`).

use super::*;
use crate::domain::application::{Application, Procedure};
use crate::domain::case::{Decision, TransferMode, TransferNotification, TravelDocument};
use crate::domain::check::Determination;
use crate::domain::ids::{StationId, UserName};
use crate::domain::nrm::{Contact, Governorate, ReferralUrgency};
use crate::domain::statistics::Rate;
use crate::exchange::Content;
use crate::service::{InitOptions, Station};
use chrono::TimeZone;
use secrecy::SecretString;
use uuid::Uuid;

pub(crate) fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A case whose person carries `marker` in every personal field the purge must remove.
pub(crate) fn marked_case(
    reference: &str,
    state: &str,
    received: DateTime<Utc>,
    marker: &str,
) -> Case {
    let mut person = crate::domain::duplicate::tests::person(
        &format!("{marker}given"),
        &format!("{marker}surname"),
        "1990",
    );
    person.place_of_birth = Some(format!("{marker}place"));
    person.aliases = vec![format!("{marker}alias")];
    let application = Application {
        id: reference.into(),
        agreement: "EU-IQ".into(),
        requesting_state: state.into(),
        requesting_authority: None,
        submitted_on: received.date_naive(),
        procedure: Procedure::Normal,
        person,
        evidence: vec![],
        health: Some(format!("{marker}health")),
        escort_required: false,
        interview_requested: false,
        special_circumstances: None,
    };
    Case::from_application(application, received, Uuid::now_v7())
}

fn reply(case: &mut Case, on: DateTime<Utc>, accepted: bool) {
    case.reply_sent_at = Some(on);
    case.decision = Some(Decision {
        accepted,
        grounds: (!accepted).then(|| "not a national".to_string()),
        determination: Determination::Pending,
        proposed_by: UserName::parse("officer").unwrap(),
        approved_by: UserName::parse("supervisor").unwrap(),
        approved_at: on,
    });
}

fn travel_document(case: &mut Case, issued: NaiveDate) {
    case.travel_documents.push(TravelDocument {
        number: "LP-1".into(),
        issued_on: issued,
        valid_until: issued + chrono::Duration::days(90),
        issued_by: UserName::parse("officer").unwrap(),
        recorded_at: at(2026, 1, 1),
    });
}

fn transfer(case: &mut Case, on: DateTime<Utc>) {
    case.transfer = Some(TransferNotification {
        at: on,
        border_point: "BGW".into(),
        mode: TransferMode::Air,
        flight_or_vehicle: None,
        escort: None,
        medical_needs: None,
        recorded_at: on,
    });
}

/// The 13 cases. EU-IQ gives 15 working days from receipt: every reply within 10 calendar days is in
/// time, every reply after 40 is late.
fn cases() -> Vec<Case> {
    let c = |r: &str, s: &str, recv: DateTime<Utc>| marked_case(r, s, recv, "ZZMARK");
    let mut v = Vec::new();
    // 1 DE, received 5 Jan, accepted 8 Jan (3 days), TD 20 Jan (15 days), transfer 4 Feb (30 days).
    let mut k = c("DE-1", "DE", at(2026, 1, 5));
    reply(&mut k, at(2026, 1, 8), true);
    travel_document(&mut k, day(2026, 1, 20));
    transfer(&mut k, at(2026, 2, 4));
    v.push(k);
    // 2 DE, received 12 Jan, accepted 17 Jan (5), TD 30 Jan (18), transfer 21 Feb (40).
    let mut k = c("DE-2", "DE", at(2026, 1, 12));
    reply(&mut k, at(2026, 1, 17), true);
    travel_document(&mut k, day(2026, 1, 30));
    transfer(&mut k, at(2026, 2, 21));
    v.push(k);
    // 3 DE, received 19 Jan, refused 29 Jan (10).
    let mut k = c("DE-3", "DE", at(2026, 1, 19));
    reply(&mut k, at(2026, 1, 29), false);
    v.push(k);
    // 4 DE, received 2 Feb, accepted 9 Feb (7), TD 20 Feb (18), transfer 2 Apr (outside the period).
    let mut k = c("DE-4", "DE", at(2026, 2, 2));
    reply(&mut k, at(2026, 2, 9), true);
    travel_document(&mut k, day(2026, 2, 20));
    transfer(&mut k, at(2026, 4, 2));
    v.push(k);
    // 5 DE, received 9 Feb, accepted 21 Mar (40 days): late.
    let mut k = c("DE-5", "DE", at(2026, 2, 9));
    reply(&mut k, at(2026, 3, 21), true);
    v.push(k);
    // 6 DE, received 16 Feb, no reply.
    v.push(c("DE-6", "DE", at(2026, 2, 16)));
    // 7 DE, received 2 Mar, accepted 6 Mar (4).
    let mut k = c("DE-7", "DE", at(2026, 3, 2));
    reply(&mut k, at(2026, 3, 6), true);
    v.push(k);
    // 8 DE, received 9 Mar, no reply.
    v.push(c("DE-8", "DE", at(2026, 3, 9)));
    // 9 NL, received 6 Jan, accepted 8 Jan (2), TD 26 Jan (20), transfer 5 Feb (30).
    let mut k = c("NL-9", "NL", at(2026, 1, 6));
    reply(&mut k, at(2026, 1, 8), true);
    travel_document(&mut k, day(2026, 1, 26));
    transfer(&mut k, at(2026, 2, 5));
    v.push(k);
    // 10 NL, received 3 Feb, refused 20 Mar (45 days): late.
    let mut k = c("NL-10", "NL", at(2026, 2, 3));
    reply(&mut k, at(2026, 3, 20), false);
    v.push(k);
    // 11 NL, received 10 Feb, deemed accepted 5 Mar, no reply.
    let mut k = c("NL-11", "NL", at(2026, 2, 10));
    k.deemed_accepted_at = Some(at(2026, 3, 5));
    v.push(k);
    // 12 NL, received 3 Mar, accepted 12 Mar (9), TD 31 Mar (28).
    let mut k = c("NL-12", "NL", at(2026, 3, 3));
    reply(&mut k, at(2026, 3, 12), true);
    travel_document(&mut k, day(2026, 3, 31));
    v.push(k);
    // 13 DE, received 29 Dec 2025 (outside), accepted 3 Jan (5 days, inside), TD 10 Apr (outside).
    let mut k = c("DE-13", "DE", at(2025, 12, 29));
    reply(&mut k, at(2026, 1, 3), true);
    travel_document(&mut k, day(2026, 4, 10));
    v.push(k);
    v
}

pub(crate) const PROVIDER_NAME: &str = "Baghdad Relief Desk";

/// The fixture's provider (no station: its referrals go by letter and its answers are typed in).
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

/// Six returnees opened through the service by an officer: five to Baghdad (1-5 Feb), one to Basra
/// (10 Feb). The first Baghdad returnee gets consent, an assessment, a plan a supervisor approves and
/// seven referrals, all proposed and sent by letter 6 Feb to one provider without a station, whose
/// answers are typed in: housing delivered, delivered, accepted, declined, sent; health delivered,
/// accepted.
fn open_returnees(admin: &mut Session, station: &Station, media: &Path) {
    use crate::domain::nrm::{
        ConsentProviders, ConsentScope, FocalPoint, Need, PlanItem, ProposedService, Provider,
        ProviderKind, ReferralRequest, ReferralResponse, ReturneeAction, Severity,
    };
    use crate::domain::role::Role;
    use NeedDomain::*;
    for (name, role) in [
        ("fofficer", Role::Officer),
        ("fsupervisor", Role::Supervisor),
    ] {
        admin
            .add_user(
                name,
                role,
                &SecretString::from("fixture passphrase 1"),
                at(2026, 1, 1),
            )
            .unwrap();
    }
    let provider = admin
        .add_provider(
            Provider {
                id: ProviderId(Uuid::nil()),
                name: PROVIDER_NAME.into(),
                kind: ProviderKind::Government,
                governorates: vec![Governorate::Baghdad, Governorate::Basra],
                services: vec![Housing, Health],
                focal_point: FocalPoint {
                    name: "Focal point".into(),
                    phone: "+964 770 000 0001".into(),
                },
                station: None,
                active: true,
            },
            at(2026, 1, 1),
        )
        .unwrap();
    let login = |name: &str| {
        station
            .login(
                name,
                &SecretString::from("fixture passphrase 1"),
                at(2026, 2, 1),
            )
            .unwrap()
    };
    let mut officer = login("fofficer");
    let mut ids = vec![];
    for (g, d) in [
        (Governorate::Baghdad, day(2026, 2, 1)),
        (Governorate::Baghdad, day(2026, 2, 2)),
        (Governorate::Baghdad, day(2026, 2, 3)),
        (Governorate::Baghdad, day(2026, 2, 4)),
        (Governorate::Baghdad, day(2026, 2, 5)),
        (Governorate::Basra, day(2026, 2, 10)),
    ] {
        let r = officer
            .open_returnee(person("ZZMARK"), g, contact("ZZMARK"), d, at(2026, 2, 10))
            .unwrap();
        ids.push(r.returnee.id.to_string());
    }
    let first = &ids[0];
    let t = at(2026, 2, 6);
    let act = |s: &mut Session, a: ReturneeAction| s.act_returnee(first, a, t).unwrap();
    act(
        &mut officer,
        ReturneeAction::RecordConsent {
            scope: ConsentScope::FULL,
            providers: ConsentProviders::All,
            given_at: t,
        },
    );
    let needs = [Housing, Health].map(|domain| Need {
        domain,
        severity: Severity::Severe,
        note: None,
    });
    act(
        &mut officer,
        ReturneeAction::RecordAssessment {
            flags: Default::default(),
            needs: needs.to_vec(),
        },
    );
    let items = [Housing, Health]
        .map(|need| PlanItem {
            need,
            services: vec![ProposedService {
                provider: None,
                description: "as assessed".into(),
            }],
        })
        .to_vec();
    act(&mut officer, ReturneeAction::ProposePlan { items });
    let mut supervisor = login("fsupervisor");
    act(&mut supervisor, ReturneeAction::ApprovePlan);
    drop(supervisor);
    use ReferralResponse as A;
    let delivered = || A::Delivered {
        on: day(2026, 2, 20),
    };
    let answers: [(NeedDomain, &[A]); 7] = [
        (Housing, &[A::Accepted, delivered()]),
        (Housing, &[A::Accepted, delivered()]),
        (Housing, &[A::Accepted]),
        (
            Housing,
            &[A::Declined {
                reason: "full".into(),
            }],
        ),
        (Housing, &[]),
        (Health, &[A::Accepted, delivered()]),
        (Health, &[A::Accepted]),
    ];
    for (service, responses) in answers {
        let id = Uuid::now_v7();
        act(
            &mut officer,
            ReturneeAction::ProposeReferral(ReferralRequest {
                id,
                provider: provider.id,
                service,
                urgency: ReferralUrgency::Routine,
                due_on: day(2026, 3, 1),
            }),
        );
        officer
            .send_referral_letter(&id.to_string(), media, t)
            .unwrap();
        for response in responses {
            act(
                &mut officer,
                ReturneeAction::RecordReferralResponse {
                    referral: id,
                    response: response.clone(),
                },
            );
        }
    }
}

/// A station (admin "admin"/"correct horse battery"): the 13 cases stored with the case index's own
/// writer (their back-dated timelines cannot be driven through today's clock), the returnees through the
/// service.
pub(crate) fn fixture_station(dir: &Path) -> (Station, Session) {
    let opts = InitOptions::for_test(SecretString::from("correct horse battery"));
    let admin = Station::init(dir, opts, at(2026, 1, 1)).unwrap();
    let mut txn = Txn::default();
    for c in cases() {
        crate::service::case_index::put_case(&admin.vault, &mut txn, &c).unwrap();
    }
    admin.vault.commit(txn).unwrap();
    let station = Station::from_vault(admin.lock()).unwrap();
    let mut admin = station
        .login(
            "admin",
            &SecretString::from("correct horse battery"),
            at(2026, 1, 1),
        )
        .unwrap();
    let media = dir.join("media");
    std::fs::create_dir_all(&media).unwrap();
    open_returnees(&mut admin, &station, &media);
    drop(admin);
    let session = station
        .login(
            "admin",
            &SecretString::from("correct horse battery"),
            at(2026, 4, 1),
        )
        .unwrap();
    (station, session)
}

pub(crate) fn quarter() -> Period {
    Period::months("2026-01", "2026-03").unwrap()
}

#[test]
fn the_report_matches_the_hand_computed_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (_station, s) = fixture_station(dir.path());
    let r = s.report(quarter(), at(2026, 4, 1)).unwrap();
    // Received in the quarter: DE 3 in Jan (1,2,3), 3 in Feb (4,5,6), 2 in Mar (7,8); NL 1, 2, 1
    // (9; 10, 11; 12). Case 13 was received in December.
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
    // Replies in the quarter: 1,2,3,4,5,7,9,10,12,13 = 10; refused 3 and 10; accepted the other 8.
    assert_eq!(r.replies_sent, 10);
    assert_eq!((r.accepted, r.refused, r.deemed_accepted), (8, 2, 1));
    // Late: 5 (40 days) and 10 (45 days): 8 of 10 within the limit.
    assert_eq!(r.replies_within_limit, Rate { part: 8, of: 10 });
    assert_eq!(r.replies_within_limit.percent(), Some(80.0));
    // Days to reply sorted: 2 3 4 5 5 7 9 10 40 45; the middle two are 5 and 7.
    assert_eq!(
        r.median_days_to_reply,
        crate::domain::statistics::Median {
            days: Some(6.0),
            of: 10
        }
    );
    // TDs in the quarter: 15 18 18 20 28 (13's is in April): median 18.
    assert_eq!(r.median_days_to_travel_document.days, Some(18.0));
    assert_eq!(r.median_days_to_travel_document.of, 5);
    // Transfers in the quarter: 30 40 30 (4's is in April): median 30.
    assert_eq!(r.median_days_to_transfer.days, Some(30.0));
    assert_eq!(r.median_days_to_transfer.of, 3);
    assert_eq!(r.arrivals["Baghdad"], 5);
    assert_eq!(r.arrivals["Basra"], 1);
    // 7 referrals; answered all but the one sent (6); accepted or delivered 5; delivered 3.
    assert_eq!(r.referrals.referrals, 7);
    assert_eq!(r.referrals.acceptance(), Rate { part: 5, of: 6 });
    assert_eq!(r.referrals.delivery(), Rate { part: 3, of: 5 });
    assert_eq!(r.referrals_by_service[&NeedDomain::Housing].referrals, 5);
    assert_eq!(r.referrals_by_service[&NeedDomain::Health].delivered, 1);
    assert_eq!(r.referrals_by_provider[&provider_id(&s)].accepted, 5);
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
