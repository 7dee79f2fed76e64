//! `ercms returnee …` and `ercms referral …`: the NRM use-cases from the command line.

use super::args::Common;
use super::nrm_args::{ReferralCommand, ReturneeCommand};
use super::{login, output, Failure, Outcome};
use crate::domain::date::{parse_date, PartialDate};
use crate::domain::nrm::{
    ConsentProviders, ConsentScope, Contact, Governorate, Need, PlanItem, ProposedService,
    ReferralRequest, ReturneeAction,
};
use crate::exchange::records::Returnee as WirePerson;
use crate::service::{kind_name, NrmRecord, ReferralFilter, Session};
use chrono::{NaiveDate, Utc};
use serde::de::DeserializeOwned;

/// A word of the wire vocabulary (`housing`, `single_parent`, `ngo`, …) as its domain value.
pub(super) fn word<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, Failure> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_lowercase())).map_err(|_| {
        Failure::usage(format!(
            "\"{}\" is not a {what}; see --help for the words",
            text.chars().take(40).collect::<String>()
        ))
    })
}

pub(super) fn governorate(text: &str) -> Result<Governorate, Failure> {
    Governorate::parse(text).map_err(|e| Failure::usage(e.to_string()))
}

fn date(text: &str, flag: &str) -> Result<NaiveDate, Failure> {
    parse_date(text).map_err(|e| Failure::usage(format!("{flag}: {e}")))
}

fn contact(phone: Option<String>, address: Option<String>) -> Contact {
    Contact { phone, address }
}

pub fn returnee(c: &Common, cmd: ReturneeCommand) -> Outcome {
    let mut s = login(c)?;
    let now = Utc::now();
    let (id, action) = match cmd {
        ReturneeCommand::Open {
            case,
            governorate: g,
            phone,
            address,
        } => {
            let r =
                s.open_returnee_for_case(&case, governorate(&g)?, contact(phone, address), now)?;
            return done(c, &r, "opened");
        }
        ReturneeCommand::OpenWithoutCase {
            surname,
            given_names,
            sex,
            date_of_birth,
            arrived_on,
            governorate: g,
            phone,
            address,
        } => {
            let person = WirePerson {
                surname,
                given_names,
                native_script: None,
                sex: serde_json::from_value(serde_json::Value::String(sex.to_uppercase()))
                    .map_err(|_| Failure::usage("--sex is M, F or X"))?,
                date_of_birth: PartialDate::parse(&date_of_birth)
                    .map_err(|e| Failure::usage(format!("--date-of-birth: {e}")))?,
                governorate: None,
                phone: None,
            };
            let r = s.open_returnee(
                person,
                governorate(&g)?,
                contact(phone, address),
                date(&arrived_on, "--arrived-on")?,
                now,
            )?;
            return done(c, &r, "opened");
        }
        ReturneeCommand::List { follow_up_due } => return list(c, &s, follow_up_due),
        ReturneeCommand::Show { id } => return show(c, &mut s, &id),
        ReturneeCommand::Consent {
            id,
            share_data,
            receive_services,
            providers,
            given_on,
        } => {
            let providers = match providers {
                None => ConsentProviders::All,
                Some(list) => ConsentProviders::Only(
                    list.split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| s.provider(p).map(|p| p.id))
                        .collect::<Result<_, _>>()?,
                ),
            };
            let given_at = match given_on {
                Some(d) => date(&d, "--given-on")?
                    .and_hms_opt(0, 0, 0)
                    .map_or(now, |t| t.and_utc()),
                None => now,
            };
            let scope = ConsentScope {
                share_data,
                receive_services,
            };
            (
                id,
                ReturneeAction::RecordConsent {
                    scope,
                    providers,
                    given_at,
                },
            )
        }
        ReturneeCommand::WithdrawConsent { id } => (id, ReturneeAction::WithdrawConsent),
        ReturneeCommand::OverrideConsent { id, reason } => {
            (id, ReturneeAction::OverrideConsent { reason })
        }
        ReturneeCommand::Assess { id, flags, needs } => {
            let flags = flags
                .iter()
                .map(|f| word(f, "vulnerability flag"))
                .collect::<Result<_, _>>()?;
            let needs = needs
                .iter()
                .map(|n| {
                    let (domain, severity) = n
                        .split_once(':')
                        .ok_or_else(|| Failure::usage("--need is DOMAIN:SEVERITY"))?;
                    Ok(Need {
                        domain: word(domain, "service domain")?,
                        severity: word(severity, "severity (mild, moderate, severe)")?,
                        note: None,
                    })
                })
                .collect::<Result<_, Failure>>()?;
            (id, ReturneeAction::RecordAssessment { flags, needs })
        }
        ReturneeCommand::Plan { id, items } => {
            let mut plan: Vec<PlanItem> = vec![];
            for item in &items {
                let (domain, text) = item
                    .split_once(':')
                    .ok_or_else(|| Failure::usage("--item is DOMAIN:DESCRIPTION"))?;
                let need = word(domain, "service domain")?;
                let service = ProposedService {
                    provider: None,
                    description: text.trim().to_string(),
                };
                match plan.iter_mut().find(|p| p.need == need) {
                    Some(p) => p.services.push(service),
                    None => plan.push(PlanItem {
                        need,
                        services: vec![service],
                    }),
                }
            }
            (id, ReturneeAction::ProposePlan { items: plan })
        }
        ReturneeCommand::ApprovePlan { id } => (id, ReturneeAction::ApprovePlan),
        ReturneeCommand::ReturnPlan { id, note } => (id, ReturneeAction::ReturnPlan { note }),
        ReturneeCommand::FollowUp { id, on, note } => {
            let on = match on {
                Some(d) => date(&d, "--on")?,
                None => now.date_naive(),
            };
            (id, ReturneeAction::RecordFollowUp { on, note })
        }
        ReturneeCommand::Close { id, reason } => (id, ReturneeAction::ProposeClosure { reason }),
        ReturneeCommand::ApproveClosure { id } => (id, ReturneeAction::ApproveClosure),
        ReturneeCommand::ReturnClosure { id, note } => (id, ReturneeAction::ReturnClosure { note }),
        ReturneeCommand::Reopen { id, reason } => (id, ReturneeAction::Reopen { reason }),
    };
    let what = kind_name(action.kind());
    let r = s.act_returnee(&id, action, now)?;
    done(c, &r, &what)
}

pub fn referral(c: &Common, cmd: ReferralCommand) -> Outcome {
    let mut s = login(c)?;
    let now = Utc::now();
    let (record, action) = match cmd {
        ReferralCommand::List {
            overdue,
            open,
            provider,
            assignee,
        } => {
            let provider = match provider {
                Some(p) => Some(s.provider(&p)?.id),
                None => None,
            };
            let filter = ReferralFilter {
                overdue,
                open,
                provider,
                assignee,
            };
            let rows = s.referrals(&filter, now)?;
            if c.json {
                return output::json(&rows);
            }
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.clone(),
                        r.reference.clone(),
                        r.provider_name.clone(),
                        r.service.to_string(),
                        r.status.to_string(),
                        r.due_on.to_string(),
                        if r.overdue {
                            format!("{} day(s) late", r.days_overdue)
                        } else {
                            String::new()
                        },
                        r.assignee.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            output::table(
                &[
                    "REFERRAL", "RETURNEE", "PROVIDER", "SERVICE", "STATUS", "DUE", "OVERDUE",
                    "ASSIGNEE",
                ],
                &cells,
            );
            return Ok(());
        }
        ReferralCommand::Propose {
            returnee,
            provider,
            service,
            urgency,
            due,
        } => {
            let request = ReferralRequest {
                id: uuid::Uuid::now_v7(),
                provider: s.provider(&provider)?.id,
                service: word(&service, "service domain")?,
                urgency: word(&urgency, "urgency (routine, urgent, immediate)")?,
                due_on: date(&due, "--due")?,
            };
            (returnee, ReturneeAction::ProposeReferral(request))
        }
        ReferralCommand::Send { referral } => {
            let record = s.returnee_of_referral(&referral)?;
            let referral_id = referral_id(&referral)?;
            let provider = s.provider_of(&record, referral_id)?;
            (
                record.returnee.id.to_string(),
                ReturneeAction::SendReferral {
                    referral: referral_id,
                    provider: Box::new(provider),
                },
            )
        }
        ReferralCommand::Cancel { referral, reason } => {
            let record = s.returnee_of_referral(&referral)?;
            (
                record.returnee.id.to_string(),
                ReturneeAction::CancelReferral {
                    referral: referral_id(&referral)?,
                    reason,
                },
            )
        }
    };
    let what = kind_name(action.kind());
    let r = s.act_returnee(&record, action, now)?;
    done(c, &r, &what)
}

fn referral_id(text: &str) -> Result<uuid::Uuid, Failure> {
    uuid::Uuid::parse_str(text.trim()).map_err(|_| Failure::usage("a referral id is a UUID"))
}

/// After a change: the record as JSON, or one line on stderr.
fn done(c: &Common, r: &NrmRecord, what: &str) -> Outcome {
    if c.json {
        return output::json(r);
    }
    eprintln!(
        "{} ({}): {}; now {}",
        r.reference,
        r.returnee.id,
        what.replace('_', " "),
        r.returnee.status
    );
    if let Some(last) = r.returnee.referrals.last() {
        if what == "propose_referral" {
            println!("{}", last.id);
        }
    }
    Ok(())
}

fn list(c: &Common, s: &Session, follow_up_due: bool) -> Outcome {
    let mut rows = s.returnees(Utc::now())?;
    if follow_up_due {
        rows.retain(|r| r.follow_ups_due > 0);
    }
    if c.json {
        return output::json(&rows);
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.reference.clone(),
                r.status.to_string(),
                r.governorate.clone(),
                r.assignee.clone().unwrap_or_default(),
                r.open_referrals.to_string(),
                r.overdue_referrals.to_string(),
                r.follow_ups_due.to_string(),
                r.id.clone(),
            ]
        })
        .collect();
    output::table(
        &[
            "REFERENCE",
            "STATUS",
            "GOVERNORATE",
            "ASSIGNEE",
            "OPEN",
            "OVERDUE",
            "FOLLOW-UPS",
            "ID",
        ],
        &cells,
    );
    Ok(())
}

fn show(c: &Common, s: &mut Session, id: &str) -> Outcome {
    let r = s.read_returnee(id, chrono::Utc::now())?;
    let mut doc = serde_json::to_value(&r).map_err(|e| Failure::failed(e.to_string()))?;
    let actions: Vec<String> = s.returnee_actions(&r).into_iter().map(kind_name).collect();
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("allowed_actions".into(), actions.into());
    }
    // People and programs read the same document.
    let _ = c;
    output::json(&doc)
}
