//! The fake station's NRM side: synthetic returnees, referrals (two overdue) and providers, and a
//! journal of the actions the screens sent. Its refusals are fixed sentences, not rules.

use crate::domain::application::Sex;
use crate::domain::date::PartialDate;
use crate::domain::ids::{StationId, UserName};
use crate::domain::nrm::{
    Assessment, Consent, ConsentProviders, ConsentScope, Contact, FocalPoint, FollowUpSchedule,
    Governorate, Need, NeedDomain, Plan, PlanItem, PlanReview, ProposedService, Provider,
    ProviderId, ProviderKind, Referral, ReferralStatus, ReferralUrgency, Returnee, ReturneeAction,
    ReturneeActionKind, ReturneeEvent, ReturneeStatus, Severity, Vulnerability,
};
use crate::exchange::records::Returnee as WirePerson;
use crate::service::{FollowUpRow, NrmRecord, ReferralFilter, ReferralRow, ReturneeRow};
use crate::tui::fake::FakeStation;
use crate::tui::nrm::port::NrmPort;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

/// What the screens sent to the NRM port.
#[derive(Debug, Default)]
pub struct NrmJournal {
    /// Provider and assignee of each referral query.
    pub queries: Vec<(Option<ProviderId>, Option<String>)>,
    pub actions: Vec<(String, ReturneeAction)>,
    pub deactivated: Vec<String>,
    /// Referral ids sent by letter, and the folder each letter went to.
    pub letters: Vec<(String, std::path::PathBuf)>,
    /// Records opened without a case.
    pub opened: Vec<crate::tui::nrm::live::NewReturnee>,
}

pub struct NrmData {
    pub records: Vec<NrmRecord>,
    pub referrals: Vec<ReferralRow>,
    pub follow_ups: Vec<FollowUpRow>,
    pub providers: Vec<Provider>,
    /// What the signed-in user may do to any record.
    pub allowed: Vec<ReturneeActionKind>,
    /// When set, every list and record fails with this sentence.
    pub failure: Option<String>,
    /// When set, every action is refused with this sentence.
    pub refusal: Option<String>,
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
}

fn at(m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, 9, 30, 0)
        .single()
        .unwrap_or_default()
}

fn user(name: &str) -> UserName {
    UserName::parse(name).expect("a fixed user name")
}

fn provider(n: u128, name: &str, kind: ProviderKind, active: bool) -> Provider {
    Provider {
        id: ProviderId(Uuid::from_u128(n)),
        name: name.into(),
        kind,
        governorates: vec![Governorate::Nineveh, Governorate::Baghdad],
        services: vec![NeedDomain::Housing, NeedDomain::Health],
        focal_point: FocalPoint {
            name: "Focal Point".into(),
            phone: "+964 750 000 0000".into(),
        },
        // Government directorates run no station: their referrals go by letter.
        station: (kind != ProviderKind::Government)
            .then(|| StationId::parse("IQ-PROVIDER-DEMO").ok())
            .flatten(),
        active,
    }
}

fn referral(
    n: u128,
    returnee: Uuid,
    p: &Provider,
    due: NaiveDate,
    status: ReferralStatus,
) -> Referral {
    Referral {
        id: Uuid::from_u128(n),
        returnee,
        provider: p.id,
        service: NeedDomain::Housing,
        urgency: ReferralUrgency::Priority,
        due_on: due,
        status,
        response_reason: None,
        delivered_on: None,
        sent_under: None,
        history: Vec::new(),
    }
}

/// One returnee in REFERRED with consent, an assessment, an approved plan and two referrals.
fn record(providers: &[Provider]) -> NrmRecord {
    let id = Uuid::from_u128(1);
    let officer = user("amira");
    let event = |on: u32, action, from, to| ReturneeEvent {
        at: at(9, on),
        by: Some(officer.clone()),
        action,
        from,
        to,
        referral: None,
        note: None,
    };
    use ReturneeStatus::*;
    NrmRecord {
        reference: "DE-2026-004201".into(),
        person: WirePerson {
            surname: "HASSAN".into(),
            given_names: "Ali".into(),
            native_script: None,
            sex: Sex::M,
            date_of_birth: PartialDate::parse("1990-01-01").expect("a fixed date"),
            governorate: Some("Nineveh".into()),
            phone: None,
        },
        returnee: Returnee {
            id,
            case_id: None,
            governorate: Governorate::Nineveh,
            contact: Contact::default(),
            arrived_on: day(9, 1),
            status: Referred,
            assignee: Some(officer.clone()),
            consent: Some(Consent {
                scope: ConsentScope::FULL,
                providers: ConsentProviders::All,
                given_at: at(9, 2),
                recorded_by: officer.clone(),
                withdrawn_at: None,
            }),
            consent_override: None,
            assessment: Some(Assessment {
                flags: [Vulnerability::ALL[0]].into_iter().collect(),
                needs: vec![Need {
                    domain: NeedDomain::Housing,
                    severity: Severity::Severe,
                    note: None,
                }],
                assessed_by: officer.clone(),
                assessed_at: at(9, 3),
            }),
            plan: Some(Plan {
                items: vec![PlanItem {
                    need: NeedDomain::Housing,
                    services: vec![ProposedService {
                        provider: Some(providers[0].id),
                        description: "Temporary shelter".into(),
                    }],
                }],
                proposed_by: officer.clone(),
                proposed_at: at(9, 4),
                review: Some(PlanReview::Approved {
                    by: user("sara"),
                    at: at(9, 5),
                }),
            }),
            referrals: vec![
                referral(11, id, &providers[0], day(10, 1), ReferralStatus::Sent),
                referral(12, id, &providers[1], day(12, 20), ReferralStatus::Proposed),
            ],
            follow_up: FollowUpSchedule::default(),
            closure_proposal: None,
            closure: None,
            registered_at: at(9, 1),
            updated_at: at(9, 6),
            history: vec![
                event(1, ReturneeActionKind::Register, Registered, Registered),
                event(
                    2,
                    ReturneeActionKind::RecordConsent,
                    Registered,
                    ConsentRecorded,
                ),
                event(6, ReturneeActionKind::SendReferral, PlanApproved, Referred),
            ],
        },
    }
}

fn row(n: usize, p: &Provider, days_overdue: i64, assignee: Option<&str>) -> ReferralRow {
    ReferralRow {
        id: Uuid::from_u128(100 + n as u128).to_string(),
        returnee: Uuid::from_u128(1).to_string(),
        reference: format!("DE-2026-{:06}", 4201 + n),
        provider: p.id,
        provider_name: p.name.clone(),
        service: NeedDomain::ALL[n % NeedDomain::ALL.len()],
        urgency: ReferralUrgency::Routine,
        // The fake's today is 20 November.
        due_on: day(11, 20) - chrono::Duration::days(days_overdue),
        status: if n % 2 == 0 {
            ReferralStatus::Sent
        } else {
            ReferralStatus::Accepted
        },
        overdue: days_overdue > 0,
        days_overdue: days_overdue.max(0),
        assignee: assignee.map(str::to_string),
    }
}

impl Default for NrmData {
    fn default() -> Self {
        let providers = vec![
            provider(1, "Nineveh Housing Desk", ProviderKind::Ngo, true),
            provider(2, "Mosul Health Centre", ProviderKind::Government, true),
            provider(3, "Old Shelter Project", ProviderKind::Cso, false),
        ];
        let referrals = vec![
            row(0, &providers[0], 12, Some("amira")),
            row(1, &providers[1], 3, Some("omar")),
            row(2, &providers[0], 0, Some("amira")),
            row(3, &providers[1], -5, Some("amira")),
            row(4, &providers[0], -9, None),
        ];
        let follow_ups = vec![FollowUpRow {
            returnee: Uuid::from_u128(1).to_string(),
            reference: "DE-2026-004201".into(),
            after_days: 30,
            due_on: day(10, 1),
            assignee: Some("amira".into()),
        }];
        NrmData {
            records: vec![record(&providers)],
            referrals,
            follow_ups,
            providers,
            allowed: vec![
                ReturneeActionKind::RecordConsent,
                ReturneeActionKind::WithdrawConsent,
                ReturneeActionKind::ProposeReferral,
                ReturneeActionKind::SendReferral,
                ReturneeActionKind::RecordFollowUp,
                ReturneeActionKind::ProposeClosure,
            ],
            failure: None,
            refusal: None,
        }
    }
}

impl FakeStation {
    /// No returnees, referrals or providers.
    pub fn without_nrm_data(mut self) -> FakeStation {
        self.nrm.records.clear();
        self.nrm.referrals.clear();
        self.nrm.follow_ups.clear();
        self.nrm.providers.clear();
        self
    }

    pub fn failing_nrm(mut self, sentence: &str) -> FakeStation {
        self.nrm.failure = Some(sentence.to_string());
        self
    }

    pub fn refusing_nrm(mut self, sentence: &str) -> FakeStation {
        self.nrm.refusal = Some(sentence.to_string());
        self
    }

    pub fn nrm_allowing(mut self, allowed: Vec<ReturneeActionKind>) -> FakeStation {
        self.nrm.allowed = allowed;
        self
    }

    fn nrm_readable(&self) -> Result<(), String> {
        self.nrm.failure.clone().map_or(Ok(()), Err)
    }
}

impl NrmPort for FakeStation {
    fn returnees(&mut self) -> Result<Vec<ReturneeRow>, String> {
        self.nrm_readable()?;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("a fixed day");
        Ok(self
            .nrm
            .records
            .iter()
            .map(|r| crate::service::returnee_row(r, today))
            .collect())
    }

    fn referrals(&mut self, filter: &ReferralFilter) -> Result<Vec<ReferralRow>, String> {
        self.journal
            .borrow_mut()
            .nrm
            .queries
            .push((filter.provider, filter.assignee.clone()));
        self.nrm_readable()?;
        Ok(self
            .nrm
            .referrals
            .iter()
            .filter(|r| filter.provider.is_none_or(|p| p == r.provider))
            .filter(|r| filter.assignee.is_none() || r.assignee == filter.assignee)
            .filter(|r| !filter.open || r.status.is_open())
            .cloned()
            .collect())
    }

    fn follow_ups_due(&mut self) -> Result<Vec<FollowUpRow>, String> {
        self.nrm_readable()?;
        Ok(self.nrm.follow_ups.clone())
    }

    fn returnee(&mut self, id: &str) -> Result<(NrmRecord, Vec<ReturneeActionKind>), String> {
        self.nrm_readable()?;
        self.nrm
            .records
            .iter()
            .find(|r| r.returnee.id.to_string() == id || r.reference == id)
            .map(|r| (r.clone(), self.nrm.allowed.clone()))
            .ok_or_else(|| "There is no such returnee record.".to_string())
    }

    fn act_returnee(&mut self, id: &str, action: ReturneeAction) -> Result<String, String> {
        if let Some(refusal) = &self.nrm.refusal {
            return Err(refusal.clone());
        }
        let done = format!("{id}: {} done.", action.kind());
        self.journal
            .borrow_mut()
            .nrm
            .actions
            .push((id.to_string(), action));
        Ok(done)
    }

    fn send_referral_letter(
        &mut self,
        referral: &str,
        dir: &std::path::Path,
    ) -> Result<String, String> {
        if let Some(refusal) = &self.nrm.refusal {
            return Err(refusal.clone());
        }
        self.journal
            .borrow_mut()
            .nrm
            .letters
            .push((referral.to_string(), dir.to_path_buf()));
        Ok("The referral letter is in the media folder.".to_string())
    }

    fn regions(&mut self) -> Result<Vec<String>, String> {
        Ok(Governorate::of_country("IQ")
            .iter()
            .map(|g| g.name().to_string())
            .collect())
    }

    fn open_returnee(&mut self, values: &[(String, String)]) -> Result<String, String> {
        if let Some(refusal) = &self.nrm.refusal {
            return Err(refusal.clone());
        }
        let text = crate::tui::text::Text::new("en");
        let new =
            crate::tui::nrm::live::new_returnee(&text, &Governorate::of_country("IQ"), values)?;
        let id = Uuid::from_u128(0x5eed + self.nrm.records.len() as u128);
        let actor = crate::domain::nrm::NrmActor {
            name: user("amira"),
            role: crate::domain::role::Role::Officer,
        };
        let returnee = crate::domain::nrm::register(
            id,
            None,
            new.governorate.clone(),
            new.contact.clone(),
            new.arrived_on,
            &actor,
            at(11, 20),
        )
        .map_err(|_| "The fake refuses this record.".to_string())?;
        let record = NrmRecord {
            reference: format!("NRM-{}", &id.simple().to_string()[..8]),
            person: new.person.clone(),
            returnee,
        };
        self.nrm.records.push(record);
        self.journal.borrow_mut().nrm.opened.push(new);
        Ok(id.to_string())
    }

    fn providers(&mut self) -> Result<Vec<Provider>, String> {
        self.nrm_readable()?;
        Ok(self.nrm.providers.clone())
    }

    fn deactivate_provider(&mut self, id: &str) -> Result<String, String> {
        if let Some(refusal) = &self.nrm.refusal {
            return Err(refusal.clone());
        }
        self.journal
            .borrow_mut()
            .nrm
            .deactivated
            .push(id.to_string());
        for p in &mut self.nrm.providers {
            if p.id.0.to_string() == id {
                p.active = false;
            }
        }
        Ok("The provider is now inactive.".to_string())
    }
}
