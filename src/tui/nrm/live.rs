//! The NRM port over the real service: the same use-cases the CLI calls, on the signed-in session.

use crate::domain::application::Sex;
use crate::domain::date::{parse_date, PartialDate};
use crate::domain::nrm::{Contact, Governorate, Provider, ReturneeAction, ReturneeActionKind};
use crate::exchange::records::Returnee as WirePerson;
use crate::service::{kind_name, FollowUpRow, NrmRecord, ReferralFilter, ReferralRow, ReturneeRow};
use crate::tui::live::sentence;
use crate::tui::live::{LiveStation, LOCKED};
use crate::tui::nrm::new_returnee::SEX_KEYS;
use crate::tui::nrm::port::NrmPort;
use crate::tui::text::Text;
use chrono::NaiveDate;

/// What the new-record form asks for a returnee who came back without a readmission case: the same
/// as `ercms returnee open-without-case`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReturnee {
    pub person: WirePerson,
    pub governorate: Governorate,
    pub contact: Contact,
    pub arrived_on: NaiveDate,
}

/// The new-record form's values in the domain's terms, or the sentence naming the field that is wrong.
pub(crate) fn new_returnee(
    t: &Text,
    regions: &[Governorate],
    values: &[(String, String)],
) -> Result<NewReturnee, String> {
    let value = |key: &str| {
        values
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.trim())
    };
    let optional = |key: &str| Some(value(key).to_string()).filter(|v| !v.is_empty());
    let sex = SEX_KEYS
        .iter()
        .position(|key| t.get(key) == value("sex"))
        .and_then(|at| [Sex::F, Sex::M, Sex::X].get(at).copied())
        .ok_or_else(|| t.get("nrm-bad-sex"))?;
    let date_of_birth =
        PartialDate::parse(value("date_of_birth")).map_err(|_| t.get("nrm-bad-birth-date"))?;
    let arrived_on = parse_date(value("arrived_on")).map_err(|_| t.get("nrm-bad-date"))?;
    let governorate = regions
        .iter()
        .find(|g| g.name() == value("governorate"))
        .cloned()
        .ok_or_else(|| t.get("nrm-bad-governorate"))?;
    Ok(NewReturnee {
        person: WirePerson {
            surname: value("surname").to_string(),
            given_names: value("given_names").to_string(),
            native_script: None,
            sex,
            date_of_birth,
            governorate: None,
            phone: None,
        },
        governorate,
        contact: Contact {
            phone: optional("phone"),
            address: optional("address"),
        },
        arrived_on,
    })
}

impl NrmPort for LiveStation {
    fn returnees(&mut self) -> Result<Vec<ReturneeRow>, String> {
        let now = self.now();
        self.session()?.returnees(now).map_err(sentence)
    }

    fn referrals(&mut self, filter: &ReferralFilter) -> Result<Vec<ReferralRow>, String> {
        let now = self.now();
        self.session()?.referrals(filter, now).map_err(sentence)
    }

    fn follow_ups_due(&mut self) -> Result<Vec<FollowUpRow>, String> {
        let now = self.now();
        self.session()?.follow_ups_due(now).map_err(sentence)
    }

    fn returnee(&mut self, id: &str) -> Result<(NrmRecord, Vec<ReturneeActionKind>), String> {
        let now = self.now();
        let s = self.session()?;
        let record = s.read_returnee(id, now).map_err(sentence)?;
        let actions = s.returnee_actions(&record);
        Ok((record, actions))
    }

    fn act_returnee(&mut self, id: &str, action: ReturneeAction) -> Result<String, String> {
        let now = self.now();
        let what = kind_name(action.kind()).replace('_', " ");
        let r = self
            .session()?
            .act_returnee(id, action, now)
            .map_err(sentence)?;
        Ok(sentence(format!(
            "{}: {what} done; now {}",
            r.reference, r.returnee.status
        )))
    }

    fn send_referral_letter(
        &mut self,
        referral: &str,
        dir: &std::path::Path,
    ) -> Result<String, String> {
        let now = self.now();
        let (r, path) = self
            .session()?
            .send_referral_letter(referral, dir, now)
            .map_err(sentence)?;
        Ok(sentence(format!(
            "{}: the referral letter is {}; print it for the provider",
            r.reference,
            path.display()
        )))
    }

    fn regions(&mut self) -> Result<Vec<String>, String> {
        let s = self.session()?;
        Ok(s.regions().iter().map(|g| g.name().to_string()).collect())
    }

    fn open_returnee(&mut self, values: &[(String, String)]) -> Result<String, String> {
        let now = self.now();
        let s = self.session.as_mut().ok_or_else(|| self.text.get(LOCKED))?;
        let new = new_returnee(&self.text, &s.regions(), values)?;
        let record = s
            .open_returnee(
                new.person,
                new.governorate,
                new.contact,
                new.arrived_on,
                now,
            )
            .map_err(sentence)?;
        Ok(record.returnee.id.to_string())
    }

    fn providers(&mut self) -> Result<Vec<Provider>, String> {
        self.session()?.providers().map_err(sentence)
    }

    fn deactivate_provider(&mut self, id: &str) -> Result<String, String> {
        let now = self.now();
        let p = self
            .session()?
            .deactivate_provider(id, now)
            .map_err(sentence)?;
        Ok(sentence(format!("{} is now inactive", p.name)))
    }
}

#[cfg(test)]
mod tests {
    use super::NrmPort;
    use crate::domain::case::CaseStatus;
    use crate::domain::lifecycle::CaseAction;
    use crate::domain::nrm::{
        ConsentProviders, ConsentScope, Contact, Governorate, ReturneeAction, ReturneeActionKind,
        ReturneeStatus,
    };
    use crate::service::{ReferralFilter, Station, DEMO_USERS};
    use crate::tui::live::LiveStation;

    use crate::tui::session::port::SessionPort;
    use age::secrecy::SecretString;
    use chrono::Utc;

    /// A demo station where one returnee has arrived and has an NRM record, opened through the service.
    fn station_with_a_returnee(dir: &std::path::Path) -> (Station, String) {
        let station = Station::demo(dir, Utc::now()).unwrap();
        let pass =
            |name: &str| SecretString::from(DEMO_USERS.iter().find(|u| u.0 == name).unwrap().2);
        let mut clerk = station.login("clerk", &pass("clerk"), Utc::now()).unwrap();
        let media = dir.join("media").join("02-transfer-notifications.ercms");
        clerk.import_bundle(&media, Utc::now(), None).unwrap();
        let case = clerk
            .cases(&Default::default(), Utc::now())
            .unwrap()
            .into_iter()
            .find(|r| r.status == CaseStatus::TransferNotified)
            .unwrap()
            .reference;
        drop(clerk);
        let mut officer = station
            .login("officer", &pass("officer"), Utc::now())
            .unwrap();
        let arrival = CaseAction::RecordArrival {
            at: Utc::now(),
            border_point: "BGW".into(),
        };
        officer.act(&case, arrival, Utc::now()).unwrap();
        let record = officer
            .open_returnee_for_case(&case, Governorate::Nineveh, Contact::default(), Utc::now())
            .unwrap();
        drop(officer);
        (station, record.reference)
    }

    #[test]
    fn the_live_port_lists_offers_and_acts_on_a_real_station() {
        let dir = tempfile::tempdir().unwrap();
        let (station, reference) = station_with_a_returnee(dir.path());
        let mut live = LiveStation::new(station);
        live.login("officer", "demo-officer-pass").unwrap();

        let rows = live.returnees().unwrap();
        let row = rows
            .iter()
            .find(|r| r.reference == reference)
            .expect("the returnee is listed");
        assert_eq!(row.status, ReturneeStatus::Registered);

        let (record, allowed) = live.returnee(&reference).unwrap();
        assert_eq!(record.reference, reference);
        assert!(allowed.contains(&ReturneeActionKind::RecordConsent));
        assert!(
            !allowed.contains(&ReturneeActionKind::ApprovePlan),
            "four eyes: officers do not approve"
        );

        let consent = ReturneeAction::RecordConsent {
            scope: ConsentScope::FULL,
            providers: ConsentProviders::All,
            given_at: Utc::now(),
        };
        let said = live.act_returnee(&reference, consent).unwrap();
        assert!(!said.is_empty());
        let (record, _) = live.returnee(&reference).unwrap();
        assert_eq!(record.returnee.status, ReturneeStatus::ConsentRecorded);

        // A refusal comes back as one sentence and changes nothing.
        let refused = live
            .act_returnee(&reference, ReturneeAction::ApprovePlan)
            .unwrap_err();
        assert!(
            refused.ends_with('.') && !refused.contains('\n'),
            "{refused}"
        );
        assert_eq!(
            live.returnee(&reference).unwrap().0.returnee.status,
            ReturneeStatus::ConsentRecorded
        );

        // No referral exists yet: the assignments are empty, not an error.
        let filter = ReferralFilter {
            open: true,
            ..Default::default()
        };
        assert!(live.referrals(&filter).unwrap().is_empty());
    }

    #[test]
    fn a_proposed_plan_waits_in_the_supervisors_approvals_and_dashboard_count() {
        use crate::domain::nrm::{Need, NeedDomain, PlanItem, ProposedService, Severity};
        use crate::tui::cases::port::CasesPort;
        let dir = tempfile::tempdir().unwrap();
        let (station, reference) = station_with_a_returnee(dir.path());
        let mut live = LiveStation::new(station);
        live.login("supervisor", "demo-supervisor-pass").unwrap();
        let before = live.dashboard().unwrap().waiting_for_me;
        assert!(live
            .approvals()
            .unwrap()
            .iter()
            .all(|r| r.returnee_id.is_none()));
        live.lock();
        live.login("officer", "demo-officer-pass").unwrap();
        let steps = [
            ReturneeAction::RecordConsent {
                scope: ConsentScope::FULL,
                providers: ConsentProviders::All,
                given_at: Utc::now(),
            },
            ReturneeAction::RecordAssessment {
                flags: Default::default(),
                needs: vec![Need {
                    domain: NeedDomain::Housing,
                    severity: Severity::Moderate,
                    note: None,
                }],
            },
            ReturneeAction::ProposePlan {
                items: vec![PlanItem {
                    need: NeedDomain::Housing,
                    services: vec![ProposedService {
                        provider: None,
                        description: "rent support".into(),
                    }],
                }],
            },
        ];
        for step in steps {
            live.act_returnee(&reference, step).unwrap();
        }
        // The proposer does not see it waiting for them.
        assert!(live
            .approvals()
            .unwrap()
            .iter()
            .all(|r| r.returnee_id.is_none()));
        live.lock();
        live.login("supervisor", "demo-supervisor-pass").unwrap();
        let rows = live.approvals().unwrap();
        let plan = rows
            .iter()
            .find(|r| r.reference == reference)
            .expect("the plan waits in approvals");
        assert_eq!(plan.status, "PLAN_PROPOSED");
        assert!(plan.returnee_id.is_some());
        assert_eq!(live.dashboard().unwrap().waiting_for_me, before + 1);

        // Approved, then a referral proposed: the case page's Referrals tab shows it.
        live.act_returnee(&reference, ReturneeAction::ApprovePlan)
            .unwrap();
        live.lock();
        live.login("admin", "demo-admin-pass").unwrap();
        let provider = live
            .session
            .as_mut()
            .unwrap()
            .add_provider(
                crate::domain::nrm::Provider {
                    id: crate::domain::nrm::ProviderId(uuid::Uuid::nil()),
                    name: "Nineveh Housing Desk".into(),
                    kind: crate::domain::nrm::ProviderKind::Government,
                    governorates: vec![Governorate::Nineveh],
                    services: vec![NeedDomain::Housing],
                    focal_point: crate::domain::nrm::FocalPoint {
                        name: "Focal point".into(),
                        phone: "+964 770 000 0001".into(),
                    },
                    station: None,
                    active: true,
                },
                Utc::now(),
            )
            .unwrap();
        live.lock();
        live.login("officer", "demo-officer-pass").unwrap();
        assert!(live.case(&reference).unwrap().referrals.unwrap().is_empty());
        let referral = crate::domain::nrm::ReferralRequest {
            id: uuid::Uuid::now_v7(),
            provider: provider.id,
            service: NeedDomain::Housing,
            urgency: crate::domain::nrm::ReferralUrgency::Priority,
            due_on: Utc::now().date_naive() + chrono::Duration::days(14),
        };
        live.act_returnee(&reference, ReturneeAction::ProposeReferral(referral))
            .unwrap();
        let shown = live.case(&reference).unwrap().referrals.unwrap();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].provider, "Nineveh Housing Desk");
        assert_eq!(shown[0].status, "proposed");
    }
}
