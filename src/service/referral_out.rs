//! The `referral` record a provider receives (docs/BUNDLE-RECORDS.md): the referral in the wire's words,
//! with no more personal data than the provider needs.

use super::nrm::NrmRecord;
use super::ServiceError;
use crate::domain::nrm::{ConsentBasis, NeedDomain, Provider, ReferralUrgency};
use crate::exchange::records::{Referral as WireReferral, Service, Urgency};
use uuid::Uuid;

/// The wire record of a referral just sent (so `sent_under` is set) to `provider`.
pub(crate) fn wire_referral(
    record: &NrmRecord,
    referral: Uuid,
    provider: &Provider,
) -> Result<WireReferral, ServiceError> {
    let r = &record.returnee;
    let sent = r.referral(referral).ok_or_else(|| {
        ServiceError::NotFound("this returnee has no referral with that id".into())
    })?;
    let consent_on = match sent.sent_under {
        Some(ConsentBasis::Override) => r.consent_override.as_ref().map(|o| o.at),
        _ => r.consent.as_ref().map(|c| c.given_at),
    }
    .ok_or_else(|| {
        ServiceError::Invalid("a referral cannot leave without consent or its override".into())
    })?;
    let mut person = record.person.clone();
    person.governorate = Some(r.governorate.name().to_string());
    person.phone = r.contact.phone.clone();
    let needs = r
        .plan
        .as_ref()
        .and_then(|p| p.items.iter().find(|i| i.need == sent.service))
        .map(|item| {
            item.services
                .iter()
                .filter(|s| s.provider.is_none_or(|p| p == provider.id))
                .map(|s| s.description.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .filter(|n| !n.is_empty());
    Ok(WireReferral {
        id: referral.hyphenated().to_string(),
        returnee: record.reference.clone(),
        person,
        service: wire_service(sent.service),
        urgency: match sent.urgency {
            ReferralUrgency::Routine => Urgency::Routine,
            ReferralUrgency::Priority => Urgency::Priority,
            ReferralUrgency::Urgent => Urgency::Urgent,
        },
        due_on: sent.due_on,
        consent_on: consent_on.date_naive(),
        needs,
    })
}

fn wire_service(domain: NeedDomain) -> Service {
    match domain {
        NeedDomain::Housing => Service::Housing,
        NeedDomain::Health => Service::Health,
        NeedDomain::Psychosocial => Service::Psychosocial,
        NeedDomain::Livelihood => Service::Livelihood,
        NeedDomain::Education => Service::Education,
        NeedDomain::LegalDocumentation => Service::LegalDocumentation,
        NeedDomain::Financial => Service::Financial,
        NeedDomain::Family => Service::Family,
        NeedDomain::Protection => Service::Protection,
    }
}
