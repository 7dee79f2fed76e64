//! The station the report, retention and audit tests run on, built only through the service: every case
//! arrives in a real bundle import signed by its requesting state and is then driven by the users'
//! actions on a back-dated timeline (the service takes time as an input). Every sign-in runs the station
//! clock at its time, as the command line and the TUI do, so the steps run in time order and the clock
//! records what a date passing establishes (deemed acceptance) by itself.

use crate::domain::application::{Application, Procedure};
use crate::domain::ids::StationId;
use crate::domain::lifecycle::CaseAction;
use crate::domain::nrm::{
    ConsentProviders, ConsentScope, FocalPoint, Governorate, Need, NeedDomain, PlanItem,
    ProposedService, Provider, ProviderId, ProviderKind, ReturneeAction, Severity,
};
use crate::domain::role::Role;
use crate::exchange::records::{TransferMode as WireMode, TransferNotification};
use crate::exchange::{write_bundle, Content, OutgoingBundle, Record, RecordLines, StationKeys};
use crate::service::{Guarded, InitOptions, Session, Station};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use secrecy::SecretString;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use uuid::Uuid;

pub(crate) const ADMIN_PASSPHRASE: &str = "correct horse battery";
/// The passphrase of the fixture's own users.
pub(crate) const PASSPHRASE: &str = "fixture passphrase 1";
pub(crate) const CLERK: &str = "fclerk";
pub(crate) const OFFICER: &str = "fofficer";
pub(crate) const SUPERVISOR: &str = "fsupervisor";
/// A provider without a station: its referrals go by letter and its answers are typed in.
pub(crate) const PROVIDER_NAME: &str = "Baghdad Relief Desk";
/// A provider with a station (the demo provider's keys): its referrals go in bundles.
pub(crate) const STATION_PROVIDER_NAME: &str = "Najaf Housing Desk";
/// An agreement the admin adds for the fixture: a reply within 20 calendar days of receipt, and
/// silence is consent (EU-IQ, which the other cases cite, has no tacit acceptance).
pub(crate) const TACIT: &str = "NL-IQ";

/// The partner station that sends a requesting state's bundles.
fn partner_of(state: &str) -> &'static str {
    match state {
        "NL" => "NL-IND-TEST",
        _ => "DE-BAMF-DEMO",
    }
}

pub(crate) fn at_time(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// One thing that happens on the station at a time.
pub(crate) enum Step {
    /// The requesting state sends the application in a bundle named `file`; the clerk imports it.
    Receive {
        application: Box<Application>,
        file: String,
    },
    /// An officer registers the case and starts its verification.
    Register(String),
    /// An officer proposes to accept or to refuse.
    Propose { case: String, accept: bool },
    /// A supervisor approves the proposal and the clerk exports the reply to the requesting state at
    /// once: the export marks it sent.
    Reply(String),
    /// An officer issues the travel document (valid 120 days: more than EU-IQ's three months).
    TravelDocument {
        case: String,
        number: String,
        issued_on: NaiveDate,
    },
    /// The requesting state notifies the transfer departing at `departure`; the clerk imports it.
    Transfer {
        case: String,
        departure: DateTime<Utc>,
    },
    /// An officer records the arrival, at the step's time.
    Arrive(String),
    /// Anything else, done by the users the closure signs in.
    Then(Work),
}

/// Work a `Then` step does on the fixture at its time.
pub(crate) type Work = Box<dyn FnOnce(&mut Fixture, DateTime<Utc>)>;

/// A station being built: its folder for media (bundles in and out, letters), the partners' keys
/// that sign what they send, and the bundles each has sent so far.
pub(crate) struct Fixture {
    pub station: Station,
    pub media: PathBuf,
    partners: HashMap<&'static str, StationKeys>,
    sequence: HashMap<&'static str, u64>,
    /// Which partner sent each case (by reference).
    senders: HashMap<String, &'static str>,
    own_recipient: String,
    /// The returnees opened by `Then` steps, by a name the steps give them, for later steps to find.
    pub returnees: HashMap<&'static str, String>,
    /// The referrals proposed by `Then` steps, in order.
    pub referrals: Vec<Uuid>,
}

impl Fixture {
    /// A new station at `now` (admin "admin"/"correct horse battery"), set up by its admin before any
    /// supervisor exists, so that each change applies at once: the partners DE-BAMF-DEMO (demo keys),
    /// NL-IND-TEST (keys made here) and IQ-PROVIDER-DEMO (demo keys); the agreement NL-IQ; the two
    /// providers; the users fclerk, fofficer and, last, fsupervisor.
    pub(crate) fn new(dir: &Path, now: DateTime<Utc>) -> Fixture {
        let opts = InitOptions::for_test(SecretString::from(ADMIN_PASSPHRASE));
        let mut admin = Station::init(dir, opts, now).unwrap();
        let own_recipient = admin.station_keys().unwrap().age_recipient();
        let keys_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("keys");
        let demo = |id: &str| {
            StationKeys::from_files(
                StationId::parse(id).unwrap(),
                &keys_dir.join(format!("DEMO-{id}.age.key")),
                &keys_dir.join(format!("DEMO-{id}.minisign.key")),
            )
            .unwrap()
        };
        let de = demo("DE-BAMF-DEMO");
        let nl = StationKeys::generate(StationId::parse("NL-IND-TEST").unwrap()).unwrap();
        let provider_station = demo("IQ-PROVIDER-DEMO");
        let states = vec![
            Content::ReadmissionApplications,
            Content::TransferNotifications,
            Content::Receipts,
        ];
        for (keys, name, may_send) in [
            (&de, "Germany, BAMF (demo keys)", states.clone()),
            (&nl, "Netherlands, IND (test keys)", states),
            (
                &provider_station,
                STATION_PROVIDER_NAME,
                vec![Content::ReferralUpdates, Content::Receipts],
            ),
        ] {
            let (_, done) = admin
                .add_partner(keys.as_partner(name, may_send), now)
                .unwrap();
            assert_eq!(done, Guarded::Applied);
        }
        admin
            .add_agreement(
                TACIT,
                &[
                    ("calendar", "IQ".into()),
                    ("reply_days", "20".into()),
                    ("reply_day_count", "calendar".into()),
                    ("clock_start", "receipt".into()),
                    ("silence_means_consent", "true".into()),
                ],
                now,
            )
            .unwrap();
        for (name, governorates, station) in [
            (
                PROVIDER_NAME,
                vec![Governorate::Baghdad, Governorate::Basra],
                None,
            ),
            (
                STATION_PROVIDER_NAME,
                vec![Governorate::Najaf],
                Some(provider_station.station().clone()),
            ),
        ] {
            admin
                .add_provider(
                    Provider {
                        id: ProviderId(Uuid::nil()),
                        name: name.into(),
                        kind: ProviderKind::Government,
                        governorates,
                        services: vec![NeedDomain::Housing, NeedDomain::Health],
                        focal_point: FocalPoint {
                            name: "Focal point".into(),
                            phone: "+964 770 000 0001".into(),
                        },
                        station,
                        active: true,
                    },
                    now,
                )
                .unwrap();
        }
        for (name, role) in [
            (CLERK, Role::Clerk),
            (OFFICER, Role::Officer),
            (SUPERVISOR, Role::Supervisor),
        ] {
            let done = admin
                .add_user(name, role, &SecretString::from(PASSPHRASE), now)
                .unwrap();
            assert_eq!(done, Guarded::Applied);
        }
        let station = Station::from_vault(admin.lock()).unwrap();
        let media = dir.join("media");
        std::fs::create_dir_all(&media).unwrap();
        Fixture {
            station,
            media,
            partners: HashMap::from([("DE-BAMF-DEMO", de), ("NL-IND-TEST", nl)]),
            sequence: HashMap::new(),
            senders: HashMap::new(),
            own_recipient,
            returnees: HashMap::new(),
            referrals: Vec::new(),
        }
    }

    /// Signs `name` in at `now` and runs the station clock, as every front end does at sign-in.
    pub(crate) fn sign_in(&self, name: &str, now: DateTime<Utc>) -> Session {
        let passphrase = if name == "admin" {
            ADMIN_PASSPHRASE
        } else {
            PASSPHRASE
        };
        let mut s = self
            .station
            .login(name, &SecretString::from(passphrase), now)
            .unwrap();
        let run = s.run_clock(now).unwrap();
        assert_eq!(
            run.set_back_from, None,
            "the fixture's steps run in time order"
        );
        s
    }

    /// Runs `steps` in time order (steps at the same time in the order given).
    pub(crate) fn run(&mut self, mut steps: Vec<(DateTime<Utc>, Step)>) {
        steps.sort_by_key(|(t, _)| *t);
        for (t, step) in steps {
            self.step(t, step);
        }
    }

    fn act(&self, who: &str, case: &str, action: CaseAction, t: DateTime<Utc>) {
        let kind = action.kind();
        self.sign_in(who, t)
            .act(case, action, t)
            .unwrap_or_else(|e| panic!("{case} {kind}: {e}"));
    }

    fn step(&mut self, t: DateTime<Utc>, step: Step) {
        match step {
            Step::Receive { application, file } => {
                let from = partner_of(&application.requesting_state);
                self.senders.insert(application.id.clone(), from);
                let record = Record::ReadmissionApplication(*application);
                let path = self.bundle(from, Content::ReadmissionApplications, record, &file, t);
                self.sign_in(CLERK, t)
                    .import_bundle(&path, t, None)
                    .unwrap();
            }
            Step::Register(case) => {
                self.act(OFFICER, &case, CaseAction::Register, t);
                self.act(OFFICER, &case, CaseAction::StartVerification, t);
            }
            Step::Propose { case, accept } => {
                let action = if accept {
                    CaseAction::ProposeAccept
                } else {
                    CaseAction::ProposeRefuse {
                        grounds: "not a national".into(),
                    }
                };
                self.act(OFFICER, &case, action, t);
            }
            Step::Reply(case) => {
                self.act(SUPERVISOR, &case, CaseAction::Approve, t);
                let sent = self
                    .sign_in(CLERK, t)
                    .export_to(self.senders[&case], &self.media, t)
                    .unwrap();
                assert!(!sent.is_empty());
            }
            Step::TravelDocument {
                case,
                number,
                issued_on,
            } => {
                let action = CaseAction::IssueTravelDocument {
                    number,
                    issued_on,
                    valid_until: issued_on + Duration::days(120),
                };
                self.act(OFFICER, &case, action, t);
            }
            Step::Transfer { case, departure } => {
                let from = self.senders[&case];
                let record = Record::TransferNotification(TransferNotification {
                    id: format!("TN-{case}"),
                    application: case.clone(),
                    departure,
                    border_point: "BGW".into(),
                    mode: WireMode::Air,
                    flight: None,
                    escorts: 0,
                    medical: None,
                });
                let file = format!("transfer-{case}.ercms");
                let path = self.bundle(from, Content::TransferNotifications, record, &file, t);
                self.sign_in(CLERK, t)
                    .import_bundle(&path, t, None)
                    .unwrap();
            }
            Step::Arrive(case) => {
                let action = CaseAction::RecordArrival {
                    at: t,
                    border_point: "BGW".into(),
                };
                self.act(OFFICER, &case, action, t);
            }
            Step::Then(f) => f(self, t),
        }
    }

    /// A bundle of one record from partner `from` to this station, written into the media folder.
    fn bundle(
        &mut self,
        from: &'static str,
        content: Content,
        record: Record,
        file: &str,
        now: DateTime<Utc>,
    ) -> PathBuf {
        let sequence = self.sequence.entry(from).or_default();
        *sequence += 1;
        let path = self.media.join(file);
        write_bundle(
            std::fs::File::create(&path).unwrap(),
            &self.partners[from],
            &[(self.station.id().clone(), self.own_recipient.clone())],
            &OutgoingBundle {
                content,
                sequence: *sequence,
                created_at: now,
                records: RecordLines::Records(&[record]),
                attachments: &[],
                checkpoint: None,
            },
        )
        .unwrap();
        path
    }
}

/// An application as `state` sends it, received on `on`: the person carries `marker` in every
/// personal field a purge must remove, with `name` to tell the people apart.
pub(crate) fn marked_application(
    reference: &str,
    state: &str,
    agreement: &str,
    on: NaiveDate,
    marker: &str,
    name: &str,
) -> Application {
    let mut person = crate::domain::duplicate::tests::person(
        &format!("{marker}given{name}"),
        &format!("{marker}surname{name}"),
        "1990",
    );
    person.place_of_birth = Some(format!("{marker}place"));
    person.aliases = vec![format!("{marker}alias{name}")];
    Application {
        id: reference.into(),
        agreement: agreement.into(),
        requesting_state: state.into(),
        requesting_authority: None,
        submitted_on: on,
        procedure: Procedure::Normal,
        person,
        evidence: vec![],
        health: Some(format!("{marker}health")),
        escort_required: false,
        interview_requested: false,
        special_circumstances: None,
    }
}

/// An officer records full consent, an assessment of housing and health needs and a plan for both;
/// a supervisor approves the plan.
pub(crate) fn consent_assessment_plan(f: &Fixture, returnee: &str, t: DateTime<Utc>) {
    use NeedDomain::{Health, Housing};
    let mut officer = f.sign_in(OFFICER, t);
    let act = |s: &mut Session, a: ReturneeAction| {
        let kind = a.kind();
        s.act_returnee(returnee, a, t)
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
    };
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
    drop(officer);
    let mut supervisor = f.sign_in(SUPERVISOR, t);
    act(&mut supervisor, ReturneeAction::ApprovePlan);
}
