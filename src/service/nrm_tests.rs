//! The NRM use-cases on a real vault (the demo station): the whole path from arrival to reopening, and
//! each refusal leaving the vault byte for byte as it was.

use super::{NrmRecord, ReferralFilter, Session, Station, DEMO_USERS};
use crate::domain::case::CaseStatus;
use crate::domain::ids::StationId;
use crate::domain::lifecycle::CaseAction;
use crate::domain::nrm::{
    ConsentProviders, ConsentScope, Contact, FocalPoint, Governorate, Need, NeedDomain, PlanItem,
    ProposedService, Provider, ProviderId, ProviderKind, ReferralRequest, ReferralStatus,
    ReferralUrgency, ReturneeAction, ReturneeStatus, Severity, Vulnerability,
};
use crate::exchange::records::{ReferralStatus as WireStatus, ReferralUpdate};
use crate::exchange::{write_bundle, Content, OutgoingBundle, Record, RecordLines, StationKeys};
use crate::service::ErrorKind;
use age::secrecy::SecretString;
use chrono::{DateTime, Duration, Utc};
use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use tempfile::TempDir;
use uuid::Uuid;

const PROVIDER_STATION: &str = "IQ-PROVIDER-DEMO";

/// A demo station with one returnee ARRIVED and two providers in the directory: one serving Nineveh
/// (with the demo provider's station), one serving only Basra.
struct World {
    dir: TempDir,
    station: Station,
    case: String,
    nineveh: Provider,
    basra: Provider,
    clock: Cell<DateTime<Utc>>,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let start = Utc::now() - Duration::days(2);
        let station = Station::demo(dir.path(), start).unwrap();
        let w = World {
            dir,
            station,
            case: String::new(),
            nineveh: provider("Nineveh Housing Desk", Governorate::Nineveh, true),
            basra: provider("Basra Centre", Governorate::Basra, false),
            clock: Cell::new(start + Duration::days(1)),
        };
        let media = w.station.dir().join(super::demo::DEMO_MEDIA);
        let mut clerk = w.login("clerk");
        clerk
            .import_bundle(
                &media.join("02-transfer-notifications.ercms"),
                w.now(),
                None,
            )
            .unwrap();
        let case = clerk
            .cases(&Default::default(), w.now())
            .unwrap()
            .into_iter()
            .find(|r| r.status == CaseStatus::TransferNotified)
            .unwrap()
            .reference;
        drop(clerk);
        let mut officer = w.login("officer");
        officer
            .act(
                &case,
                CaseAction::RecordArrival {
                    at: w.now(),
                    border_point: "Baghdad International Airport".into(),
                },
                w.now(),
            )
            .unwrap();
        drop(officer);
        let mut admin = w.login("admin");
        let nineveh = admin.add_provider(w.nineveh.clone(), w.now()).unwrap();
        let basra = admin.add_provider(w.basra.clone(), w.now()).unwrap();
        drop(admin);
        World {
            case,
            nineveh,
            basra,
            ..w
        }
    }

    /// A new instant, a minute after the last one.
    fn now(&self) -> DateTime<Utc> {
        let t = self.clock.get() + Duration::minutes(1);
        self.clock.set(t);
        t
    }

    fn login(&self, name: &str) -> Session {
        let (_, _, pass) = DEMO_USERS.iter().find(|(n, _, _)| *n == name).unwrap();
        self.station
            .login(name, &SecretString::from(*pass), self.now())
            .unwrap()
    }

    /// Runs `action` as `who` and expects success.
    fn act(&self, who: &mut Session, id: &str, action: ReturneeAction) -> NrmRecord {
        let kind = action.kind();
        who.act_returnee(id, action, self.now())
            .unwrap_or_else(|e| panic!("{kind}: {e}"))
    }
}

fn provider(name: &str, governorate: Governorate, with_station: bool) -> Provider {
    Provider {
        id: ProviderId(Uuid::nil()),
        name: name.into(),
        kind: ProviderKind::Ngo,
        governorates: vec![governorate],
        services: vec![NeedDomain::Housing, NeedDomain::Health],
        focal_point: FocalPoint {
            name: "Focal point".into(),
            phone: "+964 770 000 0001".into(),
        },
        station: with_station.then(|| StationId::parse(PROVIDER_STATION).unwrap()),
        active: true,
    }
}

fn dump(s: &Session) -> Vec<u8> {
    let mut out = vec![];
    s.vault.locked().dump().read_to_end(&mut out).unwrap();
    out
}

fn consent(w: &World) -> ReturneeAction {
    ReturneeAction::RecordConsent {
        scope: ConsentScope::FULL,
        providers: ConsentProviders::All,
        given_at: w.now(),
    }
}

fn assessment() -> ReturneeAction {
    ReturneeAction::RecordAssessment {
        flags: [Vulnerability::SingleParent].into_iter().collect(),
        needs: vec![Need {
            domain: NeedDomain::Housing,
            severity: Severity::Severe,
            note: None,
        }],
    }
}

fn plan() -> ReturneeAction {
    ReturneeAction::ProposePlan {
        items: vec![PlanItem {
            need: NeedDomain::Housing,
            services: vec![ProposedService {
                provider: None,
                description: "rent support for six months".into(),
            }],
        }],
    }
}

fn propose(w: &World, id: Uuid, provider: &Provider) -> ReturneeAction {
    ReturneeAction::ProposeReferral(ReferralRequest {
        id,
        provider: provider.id,
        service: NeedDomain::Housing,
        urgency: ReferralUrgency::Priority,
        due_on: w.now().date_naive() + Duration::days(14),
    })
}

fn send(id: Uuid) -> ReturneeAction {
    ReturneeAction::SendReferral {
        referral: id,
        // Replaced by the directory's entry whatever is passed here.
        provider: Box::new(provider("ignored", Governorate::Erbil, false)),
    }
}

/// The returnee opened for the arrived case, with consent given (or not) and a plan approved.
fn with_approved_plan(w: &World, give_consent: bool) -> NrmRecord {
    let mut officer = w.login("officer");
    let r = officer
        .open_returnee_for_case(
            &w.case,
            Governorate::Nineveh,
            Contact {
                phone: Some("+964 770 123 4567".into()),
                address: None,
            },
            w.now(),
        )
        .unwrap();
    let id = r.returnee.id.to_string();
    if give_consent {
        w.act(&mut officer, &id, consent(w));
    } else {
        // Consent that does not cover sharing data: the record moves on, no referral may leave.
        w.act(
            &mut officer,
            &id,
            ReturneeAction::RecordConsent {
                scope: ConsentScope {
                    share_data: false,
                    receive_services: true,
                },
                providers: ConsentProviders::All,
                given_at: w.now(),
            },
        );
    }
    w.act(&mut officer, &id, assessment());
    w.act(&mut officer, &id, plan());
    drop(officer);
    let mut supervisor = w.login("supervisor");
    w.act(&mut supervisor, &id, ReturneeAction::ApprovePlan)
}

/// A `referral_update` bundle from the demo provider's station to the demo ministry station.
fn provider_bundle(w: &World, records: &[Record], sequence: u64) -> std::path::PathBuf {
    let keys_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("keys");
    let me = StationKeys::from_files(
        StationId::parse(PROVIDER_STATION).unwrap(),
        &keys_dir.join("DEMO-IQ-PROVIDER-DEMO.age.key"),
        &keys_dir.join("DEMO-IQ-PROVIDER-DEMO.minisign.key"),
    )
    .unwrap();
    let ministry = std::fs::read_to_string(keys_dir.join("DEMO-IQ-MOMD-DEMO.age.pub")).unwrap();
    let path = w.dir.path().join(format!("update-{sequence}.ercms"));
    let file = std::fs::File::create(&path).unwrap();
    write_bundle(
        file,
        &me,
        &[(w.station.id().clone(), ministry.trim().to_string())],
        &OutgoingBundle {
            content: Content::ReferralUpdates,
            sequence,
            created_at: w.now(),
            records: RecordLines::Records(records),
            attachments: &[],
            checkpoint: None,
        },
    )
    .unwrap();
    path
}

fn update(referral: &str, status: WireStatus, w: &World) -> Record {
    let today = w.now().date_naive();
    Record::ReferralUpdate(ReferralUpdate {
        id: format!("RU-{}", Uuid::now_v7().simple()),
        referral: referral.into(),
        status,
        updated_on: today,
        reason: None,
        delivered_on: (status == WireStatus::Delivered).then_some(today),
        notes: None,
    })
}

#[test]
fn a_returnee_goes_from_arrival_to_closure_and_is_reopened() {
    let w = World::new();
    let r = with_approved_plan(&w, true);
    let id = r.returnee.id.to_string();
    assert_eq!(r.returnee.status, ReturneeStatus::PlanApproved);
    assert_eq!(r.reference, w.case);
    let mut officer = w.login("officer");
    // The case moved on with the record's opening.
    assert_eq!(officer.case(&w.case).unwrap().status, CaseStatus::Referred);
    let rf = Uuid::now_v7();
    w.act(&mut officer, &id, propose(&w, rf, &w.nineveh));
    let sent = w.act(&mut officer, &id, send(rf));
    assert_eq!(sent.returnee.status, ReturneeStatus::Referred);
    assert_eq!(
        sent.returnee.referral(rf).unwrap().status,
        ReferralStatus::Sent
    );
    // The `referral` record waits in the outbox for the provider's station.
    drop(officer);
    let mut clerk = w.login("clerk");
    let queued: Vec<_> = clerk
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|i| i.to == PROVIDER_STATION)
        .collect();
    assert_eq!(queued.len(), 1);
    match &queued[0].record {
        Record::Referral(wire) => {
            assert_eq!(wire.id, rf.hyphenated().to_string());
            assert_eq!(wire.returnee, w.case);
            assert_eq!(wire.person.governorate.as_deref(), Some("Nineveh"));
        }
        other => panic!("expected a referral, got {other:?}"),
    }
    // The provider accepts, then reports delivery.
    let rf_text = rf.hyphenated().to_string();
    let b1 = provider_bundle(&w, &[update(&rf_text, WireStatus::Accepted, &w)], 1);
    let out = clerk.import_bundle(&b1, w.now(), None).unwrap();
    assert!(out.summary.contains("1 referral update"), "{}", out.summary);
    let b2 = provider_bundle(&w, &[update(&rf_text, WireStatus::Delivered, &w)], 2);
    clerk.import_bundle(&b2, w.now(), None).unwrap();
    drop(clerk);
    let mut officer = w.login("officer");
    let r = officer.returnee(&id).unwrap();
    let f = r.returnee.referral(rf).unwrap();
    assert_eq!(f.status, ReferralStatus::Delivered);
    assert!(f
        .history
        .iter()
        .any(|e| e.to == ReferralStatus::Accepted && e.by.is_none()));
    let on = w.now().date_naive();
    w.act(
        &mut officer,
        &id,
        ReturneeAction::RecordFollowUp {
            on,
            note: "housed with family".into(),
        },
    );
    w.act(
        &mut officer,
        &id,
        ReturneeAction::ProposeClosure {
            reason: "reintegration plan completed".into(),
        },
    );
    drop(officer);
    let mut supervisor = w.login("supervisor");
    let closed = w.act(&mut supervisor, &id, ReturneeAction::ApproveClosure);
    assert_eq!(closed.returnee.status, ReturneeStatus::Closed);
    drop(supervisor);
    let mut officer = w.login("officer");
    let reopened = w.act(
        &mut officer,
        &id,
        ReturneeAction::Reopen {
            reason: "new protection concern".into(),
        },
    );
    assert_eq!(reopened.returnee.status, ReturneeStatus::FollowUp);
    let rows = officer.returnees(w.now()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, ReturneeStatus::FollowUp);
    drop(officer);
    // Each step is in the audit trail, the reopening included.
    let auditor = w.login("auditor");
    let actions: Vec<String> = auditor
        .audit_list(None)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for expected in [
        "returnee.open",
        "case.refer",
        "returnee.send_referral",
        "returnee.approve_closure",
        "returnee.reopen",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} missing");
    }
}

/// Runs a refused action and checks it changed nothing at all and failed with `kind`.
fn refused(
    who: &mut Session,
    id: &str,
    action: ReturneeAction,
    now: DateTime<Utc>,
    kind: ErrorKind,
) -> String {
    let before = dump(who);
    let err = who.act_returnee(id, action, now).unwrap_err();
    assert_eq!(dump(who), before, "a refusal changed the vault");
    assert_eq!(err.kind(), kind, "{err}");
    err.to_string()
}

#[test]
fn no_referral_leaves_without_consent_and_nothing_changes() {
    let w = World::new();
    let r = with_approved_plan(&w, false);
    let id = r.returnee.id.to_string();
    let mut officer = w.login("officer");
    let rf = Uuid::now_v7();
    w.act(&mut officer, &id, propose(&w, rf, &w.nineveh));
    let why = refused(&mut officer, &id, send(rf), w.now(), ErrorKind::Failed);
    assert!(why.contains("consent"), "{why}");
    let queued = officer
        .referrals(&ReferralFilter::default(), w.now())
        .unwrap();
    assert_eq!(queued[0].status, ReferralStatus::Proposed);
}

#[test]
fn wrong_role_own_approval_and_wrong_governorate_change_nothing() {
    let w = World::new();
    let mut officer = w.login("officer");
    let r = officer
        .open_returnee_for_case(&w.case, Governorate::Nineveh, Contact::default(), w.now())
        .unwrap();
    let id = r.returnee.id.to_string();
    w.act(&mut officer, &id, consent(&w));
    w.act(&mut officer, &id, assessment());
    drop(officer);
    // Wrong role: a supervisor does not propose plans, an officer does not approve them.
    let mut supervisor = w.login("supervisor");
    refused(&mut supervisor, &id, plan(), w.now(), ErrorKind::NotAllowed);
    drop(supervisor);
    let mut officer = w.login("officer");
    w.act(&mut officer, &id, plan());
    // Own approval: the officer who proposed the plan may not approve it.
    refused(
        &mut officer,
        &id,
        ReturneeAction::ApprovePlan,
        w.now(),
        ErrorKind::NotAllowed,
    );
    drop(officer);
    let mut supervisor = w.login("supervisor");
    w.act(&mut supervisor, &id, ReturneeAction::ApprovePlan);
    drop(supervisor);
    let mut officer = w.login("officer");
    w.act(
        &mut officer,
        &id,
        ReturneeAction::ProposeClosure {
            reason: "moved abroad".into(),
        },
    );
    w.act(
        &mut officer,
        &id,
        ReturneeAction::RecordFollowUp {
            on: w.now().date_naive(),
            note: "phone call".into(),
        },
    );
    // Not serving the governorate: the Basra provider for a returnee in Nineveh.
    let rf = Uuid::now_v7();
    w.act(&mut officer, &id, propose(&w, rf, &w.basra));
    let why = refused(&mut officer, &id, send(rf), w.now(), ErrorKind::Failed);
    assert!(why.contains("does not serve"), "{why}");
    drop(officer);
    // With a referral open, the closure cannot be approved; a supervisor cannot propose one either.
    let mut supervisor = w.login("supervisor");
    let why = refused(
        &mut supervisor,
        &id,
        ReturneeAction::ApproveClosure,
        w.now(),
        ErrorKind::Failed,
    );
    assert!(why.contains("open"), "{why}");
    refused(
        &mut supervisor,
        &id,
        ReturneeAction::ProposeClosure { reason: "x".into() },
        w.now(),
        ErrorKind::NotAllowed,
    );
    drop(supervisor);
    // An admin does not work returnees at all.
    let mut admin = w.login("admin");
    let before = dump(&admin);
    let err = admin
        .open_returnee_for_case(&w.case, Governorate::Nineveh, Contact::default(), w.now())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAllowed);
    assert_eq!(dump(&admin), before);
}

#[test]
fn an_update_for_an_unknown_referral_rejects_the_bundle_with_its_line() {
    let w = World::new();
    let mut clerk = w.login("clerk");
    let bundle = provider_bundle(
        &w,
        &[update(
            &Uuid::now_v7().to_string(),
            WireStatus::Accepted,
            &w,
        )],
        1,
    );
    let err = clerk.import_bundle(&bundle, w.now(), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rejected);
    assert!(err.to_string().contains("line 1"), "{err}");
    assert!(err.to_string().contains("does not have"), "{err}");
}

#[test]
fn overdue_referrals_and_the_directory_surface_for_their_readers() {
    let w = World::new();
    let r = with_approved_plan(&w, true);
    let id = r.returnee.id.to_string();
    let mut officer = w.login("officer");
    let rf = Uuid::now_v7();
    w.act(&mut officer, &id, propose(&w, rf, &w.nineveh));
    w.act(&mut officer, &id, send(rf));
    let later = w.now() + Duration::days(30);
    let overdue = officer
        .referrals(
            &ReferralFilter {
                overdue: true,
                ..Default::default()
            },
            later,
        )
        .unwrap();
    assert_eq!(overdue.len(), 1);
    assert!(overdue[0].days_overdue >= 15);
    assert_eq!(overdue[0].provider_name, "Nineveh Housing Desk");
    assert!(officer
        .referrals(
            &ReferralFilter {
                overdue: true,
                ..Default::default()
            },
            w.now()
        )
        .unwrap()
        .is_empty());
    // Officers read the directory; only an admin changes it.
    assert_eq!(officer.providers().unwrap().len(), 2);
    let before = dump(&officer);
    let err = officer
        .deactivate_provider("Basra Centre", w.now())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotAllowed);
    assert_eq!(dump(&officer), before);
    drop(officer);
    let mut admin = w.login("admin");
    let off = admin.deactivate_provider("basra centre", w.now()).unwrap();
    assert!(!off.active);
    assert!(admin.returnees(w.now()).is_err());
}

/// Issue 12's walk on a real vault: a record opened from a case and one without, a referral out in a
/// bundle with the provider's updates in, a referral by letter to a provider without a station with its
/// answer typed in, a follow-up, a closure; then the report's figures, checked by hand; then a purge
/// approved, and the figures unchanged.
#[test]
fn statistics_count_real_nrm_work_and_survive_a_purge() {
    use crate::domain::nrm::ReferralResponse;
    use crate::domain::retention::RecordKind;
    use crate::domain::statistics::{Period, Rate};
    use crate::service::PurgeMode;
    let w = World::new();
    // 1. From the arrived case (Nineveh), with a plan approved.
    let first = with_approved_plan(&w, true);
    let first_id = first.returnee.id.to_string();
    let mut officer = w.login("officer");
    let to_station = Uuid::now_v7();
    w.act(&mut officer, &first_id, propose(&w, to_station, &w.nineveh));
    w.act(&mut officer, &first_id, send(to_station));
    // 2. Without a case (Basra), consent, assessment, plan approved.
    let person = crate::exchange::records::Returnee {
        surname: "QQLETTERsurname".into(),
        given_names: "Amal".into(),
        native_script: None,
        sex: crate::domain::application::Sex::F,
        date_of_birth: crate::domain::date::PartialDate::parse("1988").unwrap(),
        governorate: None,
        phone: None,
    };
    let today = w.now().date_naive();
    let second = officer
        .open_returnee(
            person,
            Governorate::Basra,
            Contact::default(),
            today,
            w.now(),
        )
        .unwrap();
    let second_id = second.returnee.id.to_string();
    // Free text is refused as a governorate, with a sentence, and nothing is opened.
    let typo = Governorate::parse("Basrra").unwrap_err().to_string();
    assert_eq!(
        typo,
        "\"Basrra\" is not a governorate or region ercms knows"
    );
    w.act(&mut officer, &second_id, consent(&w));
    w.act(&mut officer, &second_id, assessment());
    w.act(&mut officer, &second_id, plan());
    drop(officer);
    let mut supervisor = w.login("supervisor");
    w.act(&mut supervisor, &second_id, ReturneeAction::ApprovePlan);
    drop(supervisor);
    // 3. The Basra provider has no station: the bundle path says so, the letter goes to the media folder.
    let mut officer = w.login("officer");
    let by_letter = Uuid::now_v7();
    w.act(&mut officer, &second_id, propose(&w, by_letter, &w.basra));
    let err = officer
        .act_returnee(&second_id, send(by_letter), w.now())
        .unwrap_err()
        .to_string();
    assert!(err.contains("--letter"), "{err}");
    let media = w.dir.path().join("letters");
    std::fs::create_dir_all(&media).unwrap();
    let (sent, letter) = officer
        .send_referral_letter(&by_letter.to_string(), &media, w.now())
        .unwrap();
    assert_eq!(
        sent.returnee.referral(by_letter).unwrap().status,
        ReferralStatus::Sent
    );
    let page = std::fs::read_to_string(&letter).unwrap();
    assert!(page.contains("QQLETTERsurname") && page.contains("Basra Centre"));
    assert!(page.contains(&by_letter.hyphenated().to_string()));
    assert!(!letter.to_string_lossy().contains("QQLETTER"));
    // Nothing is queued for a provider without a station.
    assert!(officer
        .outbox()
        .map(|o| o.iter().all(|i| !matches!(&i.record, Record::Referral(r) if r.id == by_letter.hyphenated().to_string())))
        .unwrap_or(true));
    // The answer comes back on paper: declined, with a reason.
    let answered = w.act(
        &mut officer,
        &second_id,
        ReturneeAction::RecordReferralResponse {
            referral: by_letter,
            response: ReferralResponse::Declined {
                reason: "no places until spring".into(),
            },
        },
    );
    assert_eq!(
        answered.returnee.referral(by_letter).unwrap().status,
        ReferralStatus::Declined
    );
    drop(officer);
    // 4. The station provider's updates arrive in bundles: accepted, then delivered.
    let mut clerk = w.login("clerk");
    let rf_text = to_station.hyphenated().to_string();
    let b1 = provider_bundle(&w, &[update(&rf_text, WireStatus::Accepted, &w)], 1);
    clerk.import_bundle(&b1, w.now(), None).unwrap();
    let b2 = provider_bundle(&w, &[update(&rf_text, WireStatus::Delivered, &w)], 2);
    clerk.import_bundle(&b2, w.now(), None).unwrap();
    drop(clerk);
    // 5. Follow-up and closure of the first record.
    let mut officer = w.login("officer");
    let on = w.now().date_naive();
    w.act(
        &mut officer,
        &first_id,
        ReturneeAction::RecordFollowUp {
            on,
            note: "housed".into(),
        },
    );
    w.act(
        &mut officer,
        &first_id,
        ReturneeAction::ProposeClosure {
            reason: "plan completed".into(),
        },
    );
    drop(officer);
    let mut supervisor = w.login("supervisor");
    w.act(&mut supervisor, &first_id, ReturneeAction::ApproveClosure);
    // 6. The figures, by hand: two arrivals (Nineveh 1, Basra 1); two housing referrals, both answered,
    // one accepted (the station's) and delivered, one declined: acceptance 1 of 2, delivery 1 of 1.
    let now = w.now();
    let period = Period::months(
        &(now - Duration::days(40)).format("%Y-%m").to_string(),
        &(now + Duration::days(40)).format("%Y-%m").to_string(),
    )
    .unwrap();
    let before = supervisor.report(period, now).unwrap();
    assert_eq!(before.arrivals.get("Nineveh"), Some(&1));
    assert_eq!(before.arrivals.get("Basra"), Some(&1));
    assert_eq!(before.arrivals.values().sum::<u64>(), 2);
    assert_eq!(before.referrals.referrals, 2);
    assert_eq!(before.referrals.acceptance(), Rate { part: 1, of: 2 });
    assert_eq!(before.referrals.delivery(), Rate { part: 1, of: 1 });
    assert_eq!(
        before.referrals_by_service[&NeedDomain::Housing].referrals,
        2
    );
    // The CSV and the extract read the same records without failing.
    let csv = w.dir.path().join("report.csv");
    supervisor.report_csv(period, &csv, now).unwrap();
    // 7. Purge the case (closed, its period set to one day): the figures stay the same.
    let mut officer = w.login("officer");
    officer
        .act(&w.case, CaseAction::ProposeClosure, w.now())
        .unwrap();
    drop(officer);
    supervisor.act(&w.case, CaseAction::Close, w.now()).unwrap();
    drop(supervisor);
    let mut admin = w.login("admin");
    admin
        .set_retention(None, RecordKind::Cases, 1, w.now())
        .unwrap();
    drop(admin);
    let later = w.now() + Duration::days(3);
    let mut officer = w.login("officer");
    officer
        .propose_purge(&w.case, PurgeMode::Erase, later)
        .unwrap();
    drop(officer);
    let mut supervisor = w.login("supervisor");
    supervisor.approve_purge(&w.case, later).unwrap();
    assert!(supervisor.returnee(&first_id).is_err());
    assert!(supervisor.returnee_of_referral(&rf_text).is_err());
    let after = supervisor.report(period, later).unwrap();
    assert_eq!(after.arrivals, before.arrivals);
    assert_eq!(after.referrals, before.referrals);
    assert_eq!(after.referrals_by_service, before.referrals_by_service);
}
